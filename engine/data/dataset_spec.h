#pragma once

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

} // namespace edgenas::data
