#include "data/dataset_spec.h"

#include "core/errors.h"
#include "data/cifar_loader.h"
#include "data/fashion_mnist_loader.h"

#include <string>
#include <vector>

#ifndef EDGENAS_DEFAULT_FASHION_MNIST_DIR
#define EDGENAS_DEFAULT_FASHION_MNIST_DIR "/usr/share/datasets/fashion-mnist"
#endif

namespace edgenas::data {

namespace {

constexpr const char* kFashionMnist = "fashion-mnist";
constexpr const char* kCifar10 = "cifar10";
constexpr const char* kCifar100 = "cifar100";

std::string joinedNames()
{
    std::string joined;
    for (const std::string& name : knownDatasetNames())
        joined += (joined.empty() ? "" : ", ") + name;
    return joined;
}

std::string directoryFor(const DatasetSpec& spec)
{
    return spec.directory.empty() ? defaultDatasetDirectory(spec.name) : spec.directory;
}

} // namespace

Dataset loadDataset(const DatasetSpec& spec, DatasetPart part)
{
    const std::string directory = directoryFor(spec);
    if (spec.name == kFashionMnist)
        return loadFashionMnist(directory, part);
    if (spec.name != kCifar10 && spec.name != kCifar100)
        throw core::DatasetError("unknown data set '" + spec.name + "' (known: " + joinedNames() + ")");
    // Without this the loaders would look in the working directory, which is never meant.
    if (directory.empty())
        throw core::DatasetError(spec.name + " has no default location: give the directory holding its binary files");
    return spec.name == kCifar10 ? loadCifar10(directory, part) : loadCifar100(directory, part);
}

std::vector<std::string> knownDatasetNames() { return {kFashionMnist, kCifar10, kCifar100}; }

std::string defaultDatasetDirectory(const std::string& name)
{
    return name == kFashionMnist ? EDGENAS_DEFAULT_FASHION_MNIST_DIR : "";
}

bool datasetAvailable(const DatasetSpec& spec)
{
    const std::string directory = directoryFor(spec);
    if (spec.name == kFashionMnist)
        return fashionMnistAvailable(directory);
    if (directory.empty())
        return false;
    if (spec.name == kCifar10)
        return cifar10Available(directory);
    if (spec.name == kCifar100)
        return cifar100Available(directory);
    return false;
}

core::TensorShape datasetInputShape(const std::string& name) {
    if (name == "fashion-mnist")
        return {1, 28, 28};
    if (name == "cifar10" || name == "cifar100")
        return {3, 32, 32};
    throw core::InputError("unknown data set '" + name + "' (known: fashion-mnist, cifar10, cifar100)");
}

int datasetClassCount(const std::string& name) {
    datasetInputShape(name); // validates the name
    return name == "cifar100" ? 100 : 10;
}

} // namespace edgenas::data
