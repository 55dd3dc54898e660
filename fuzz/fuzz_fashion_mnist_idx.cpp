// Fuzzes the Fashion-MNIST loader: IDX headers and payloads, plain or gzipped, for the image
// and the label file together (their counts must agree). Bad files must end in
// core::DatasetError; whatever loads must be consistent.
//
// Input layout: byte 0 = flags (bit 0: the image file is named .gz, bit 1: the label file is),
// bytes 1-4 = length of the image file (little-endian, cut to what is there), then the image
// file's bytes, then the label file's.
#include "data/fashion_mnist_loader.h"

#include "rejection.h"
#include "scratch_directory.h"

#include "core/errors.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace {

void place(const edgenas::fuzz::ScratchDirectory& folder, const std::string& base, bool gzipped,
           const std::uint8_t* bytes, std::size_t size) {
    folder.remove(gzipped ? base : base + ".gz");
    folder.write(gzipped ? base + ".gz" : base, bytes, size);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace edgenas;
    static const fuzz::ScratchDirectory folder;
    if (size < 5)
        return 0;
    const std::uint8_t flags = data[0];
    const std::size_t declared = std::size_t(data[1]) | std::size_t(data[2]) << 8 | std::size_t(data[3]) << 16 |
                                 std::size_t(data[4]) << 24;
    const std::uint8_t* rest = data + 5;
    const std::size_t restSize = size - 5;
    const std::size_t imageSize = std::min(declared, restSize);
    place(folder, "t10k-images-idx3-ubyte", flags & 1, rest, imageSize);
    place(folder, "t10k-labels-idx1-ubyte", flags & 2, rest + imageSize, restSize - imageSize);

    data::Dataset dataset;
    try {
        dataset = data::loadFashionMnist(folder.path(), data::DatasetPart::Test);
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
