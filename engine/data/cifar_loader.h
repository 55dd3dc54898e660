#pragma once

#include "data/dataset.h"

#include <string>

namespace edgenas::data {

/// Loads CIFAR-10 from the binary version: data_batch_1..5.bin (train) or test_batch.bin (test),
/// directly in directory or in its "cifar-10-batches-bin" subfolder. Throws core::DatasetError
/// naming the file for missing, empty, wrongly sized or out-of-range files.
Dataset loadCifar10(const std::string& directory, DatasetPart part);

/// Loads CIFAR-100 from the binary version: train.bin / test.bin, directly in directory or in its
/// "cifar-100-binary" subfolder. Labels are the 100 fine labels; the coarse byte is only checked.
Dataset loadCifar100(const std::string& directory, DatasetPart part);

/// True if every file of both parts exists (in directory or its usual subfolder); no reading.
bool cifar10Available(const std::string& directory);
bool cifar100Available(const std::string& directory);

} // namespace edgenas::data
