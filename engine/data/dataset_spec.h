#pragma once

#include "core/tensor_shape.h"
#include "data/dataset.h"

#include <string>
#include <vector>

namespace edgenas::data {

/// The data set a user names on the CLI or in the GUI.
struct DatasetSpec {
    std::string name = "fashion-mnist";  ///< one of knownDatasetNames()
    std::string directory;               ///< empty = defaultDatasetDirectory(name)
};

/// Loads the named part; throws core::DatasetError for an unknown name (listing the known ones),
/// a missing directory where there is no default, or any problem with the files.
Dataset loadDataset(const DatasetSpec& spec, DatasetPart part);

/// "fashion-mnist", "cifar10", "cifar100".
std::vector<std::string> knownDatasetNames();

/// Where the data set is installed by default; empty if it has no default location (CIFAR) or
/// the name is unknown.
std::string defaultDatasetDirectory(const std::string& name);

/// Cheap check that all files of both parts exist; false for unknown names. Does not read them.
bool datasetAvailable(const DatasetSpec& spec);

/// Input shape and class count a data set implies (fashion-mnist 1x28x28/10, CIFAR 3x32x32/10 or
/// 100), known without loading it; core::InputError for an unknown name.
core::TensorShape datasetInputShape(const std::string& name);
int datasetClassCount(const std::string& name);

} // namespace edgenas::data
