// Fuzzes the CIFAR binary loaders: the record layout of CIFAR-10 (label, 3072 pixels) and
// CIFAR-100 (coarse label, fine label, 3072 pixels). Bad files must end in core::DatasetError;
// whatever loads must be consistent.
//
// Input layout: byte 0 = format (bit 0 clear: CIFAR-10's test_batch.bin, set: CIFAR-100's
// test.bin), then the file's bytes.
#include "data/cifar_loader.h"

#include "rejection.h"
#include "scratch_directory.h"

#include "core/errors.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace edgenas;
    static const fuzz::ScratchDirectory folder;
    if (size < 1)
        return 0;
    const bool cifar100 = data[0] & 1;
    folder.write(cifar100 ? "test.bin" : "test_batch.bin", data + 1, size - 1);

    data::Dataset dataset;
    try {
        dataset = cifar100 ? data::loadCifar100(folder.path(), data::DatasetPart::Test)
                           : data::loadCifar10(folder.path(), data::DatasetPart::Test);
    } catch (const core::DatasetError& error) {
        fuzz::explainRejection(error);
        return 0;
    }
    if (dataset.size() == 0 || dataset.pixels.size() != dataset.size() * dataset.sampleSize() ||
        std::any_of(dataset.labels.begin(), dataset.labels.end(),
                    [&](std::uint8_t label) { return label >= dataset.numClasses; }))
        std::abort();
    return 0;
}
