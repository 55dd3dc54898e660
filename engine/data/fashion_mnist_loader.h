#pragma once

#include "data/dataset.h"

#include <string>

namespace edgenas::data {

/// Loads Fashion-MNIST from the four IDX files ({train,t10k}-{images-idx3,labels-idx1}-ubyte.gz,
/// or the same names without .gz). Throws core::DatasetError naming the file for missing,
/// truncated, corrupt or inconsistent files.
Dataset loadFashionMnist(const std::string& directory, DatasetPart part);

/// True if both parts' image and label files exist in directory (gzipped or not); no reading.
bool fashionMnistAvailable(const std::string& directory);

} // namespace edgenas::data
