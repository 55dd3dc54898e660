#include "data/cifar_loader.h"

#include "core/errors.h"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

namespace edgenas::data {

namespace {

namespace fs = std::filesystem;

constexpr std::size_t kImageBytes = std::size_t(3) * 32 * 32;  // R, G and B planes: already CHW

/// What differs between the two CIFAR binary formats.
struct CifarFormat {
    const char* name;
    const char* subfolder;       // where the official archive unpacks to
    std::size_t labelBytes;      // label bytes before each image; the last one is the class
    int numClasses;
    int coarseClasses;           // range of the first label byte when there are two, else 0
    std::vector<std::string> trainFiles;
    std::vector<std::string> testFiles;
    std::vector<float> mean;
    std::vector<float> stddev;

    std::size_t recordBytes() const { return labelBytes + kImageBytes; }
    const std::vector<std::string>& files(DatasetPart part) const
    {
        return part == DatasetPart::Train ? trainFiles : testFiles;
    }
};

const CifarFormat& cifar10Format()
{
    static const CifarFormat format{
        "cifar10",
        "cifar-10-batches-bin",
        1,
        10,
        0,
        {"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"},
        {"test_batch.bin"},
        {0.4914f, 0.4822f, 0.4465f},
        {0.2470f, 0.2435f, 0.2616f},
    };
    return format;
}

const CifarFormat& cifar100Format()
{
    static const CifarFormat format{
        "cifar100",
        "cifar-100-binary",
        2,
        100,
        20,
        {"train.bin"},
        {"test.bin"},
        {0.5071f, 0.4865f, 0.4409f},
        {0.2673f, 0.2564f, 0.2762f},
    };
    return format;
}

std::vector<std::string> cifar10ClassNames()
{
    return {"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"};
}

// The fine label names in label order (alphabetical, as in the archive's meta file).
std::vector<std::string> cifar100ClassNames()
{
    return {"apple",        "aquarium_fish", "baby",      "bear",       "beaver",       "bed",
            "bee",          "beetle",        "bicycle",   "bottle",     "bowl",         "boy",
            "bridge",       "bus",           "butterfly", "camel",      "can",          "castle",
            "caterpillar",  "cattle",        "chair",     "chimpanzee", "clock",        "cloud",
            "cockroach",    "couch",         "crab",      "crocodile",  "cup",          "dinosaur",
            "dolphin",      "elephant",      "flatfish",  "forest",     "fox",          "girl",
            "hamster",      "house",         "kangaroo",  "keyboard",   "lamp",         "lawn_mower",
            "leopard",      "lion",          "lizard",    "lobster",    "man",          "maple_tree",
            "motorcycle",   "mountain",      "mouse",     "mushroom",   "oak_tree",     "orange",
            "orchid",       "otter",         "palm_tree", "pear",       "pickup_truck", "pine_tree",
            "plain",        "plate",         "poppy",     "porcupine",  "possum",       "rabbit",
            "raccoon",      "ray",           "road",      "rocket",     "rose",         "sea",
            "seal",         "shark",         "shrew",     "skunk",      "skyscraper",   "snail",
            "snake",        "spider",        "squirrel",  "streetcar",  "sunflower",    "sweet_pepper",
            "table",        "tank",          "telephone", "television", "tiger",        "tractor",
            "train",        "trout",         "tulip",     "turtle",     "wardrobe",     "whale",
            "willow_tree",  "wolf",          "woman",     "worm"};
}

[[noreturn]] void fail(const std::string& path, const std::string& problem)
{
    throw core::DatasetError(path + ": " + problem);
}

bool isFile(const fs::path& path)
{
    std::error_code error;
    return fs::is_regular_file(path, error);
}

// The folder holding the part's files: directory itself or the archive's subfolder inside it.
// Decided on the first file so that a half-filled directory reports the file that is missing.
fs::path partFolder(const CifarFormat& format, const std::string& directory, DatasetPart part)
{
    const std::string& first = format.files(part).front();
    if (isFile(fs::path(directory) / format.subfolder / first) && !isFile(fs::path(directory) / first))
        return fs::path(directory) / format.subfolder;
    return fs::path(directory);
}

std::vector<std::uint8_t> readWholeFile(const std::string& path, std::size_t size)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        fail(path, std::string("cannot open: ") + std::strerror(errno));
    std::vector<std::uint8_t> bytes(size);
    in.read(reinterpret_cast<char*>(bytes.data()), std::streamsize(size));
    if (std::size_t(in.gcount()) != size)
        fail(path, "truncated: read " + std::to_string(in.gcount()) + " of " + std::to_string(size) + " bytes");
    return bytes;
}

Dataset loadCifar(const CifarFormat& format, const std::string& directory, DatasetPart part)
{
    const fs::path folder = partFolder(format, directory, part);
    const std::size_t record = format.recordBytes();

    // Sizes first: one allocation for the whole part, and bad files fail before any reading.
    std::vector<std::string> paths;
    std::vector<std::size_t> sizes;
    std::size_t totalRecords = 0;
    for (const std::string& name : format.files(part)) {
        const fs::path path = folder / name;
        if (!isFile(path)) {
            std::string where = path.string() + ": file not found";
            if (folder == fs::path(directory))
                where += " (nor in its " + std::string(format.subfolder) + " subfolder)";
            throw core::DatasetError(where);
        }
        std::error_code error;
        const std::uintmax_t size = fs::file_size(path, error);
        if (error)
            fail(path.string(), "cannot read the size: " + error.message());
        if (size == 0)
            fail(path.string(), "file is empty");
        if (size % record != 0)
            fail(path.string(), "size " + std::to_string(size) + " bytes is not a multiple of the " +
                                    std::to_string(record) + "-byte " + format.name +
                                    " record (truncated, or not the binary version?)");
        paths.push_back(path.string());
        sizes.push_back(std::size_t(size));
        totalRecords += std::size_t(size) / record;
    }

    Dataset dataset;
    dataset.name = format.name;
    dataset.channels = 3;
    dataset.height = 32;
    dataset.width = 32;
    dataset.numClasses = format.numClasses;
    dataset.pixels.resize(totalRecords * kImageBytes);
    dataset.labels.resize(totalRecords);

    std::size_t sample = 0;
    for (std::size_t file = 0; file < paths.size(); ++file) {
        const std::vector<std::uint8_t> bytes = readWholeFile(paths[file], sizes[file]);
        for (std::size_t offset = 0; offset < bytes.size(); offset += record, ++sample) {
            const std::uint8_t* entry = bytes.data() + offset;
            const std::size_t recordIndex = offset / record;
            if (format.coarseClasses > 0 && entry[0] >= format.coarseClasses)
                fail(paths[file], "coarse label " + std::to_string(entry[0]) + " of record " +
                                      std::to_string(recordIndex) + " is out of range (" +
                                      std::to_string(format.coarseClasses) + " classes)");
            const std::uint8_t label = entry[format.labelBytes - 1];
            if (label >= format.numClasses)
                fail(paths[file], "label " + std::to_string(label) + " of record " + std::to_string(recordIndex) +
                                      " is out of range (" + std::to_string(format.numClasses) + " classes)");
            dataset.labels[sample] = label;
            std::memcpy(dataset.pixels.data() + sample * kImageBytes, entry + format.labelBytes, kImageBytes);
        }
    }

    dataset.mean = format.mean;
    dataset.stddev = format.stddev;
    return dataset;
}

bool available(const CifarFormat& format, const std::string& directory)
{
    for (DatasetPart part : {DatasetPart::Train, DatasetPart::Test}) {
        const fs::path folder = partFolder(format, directory, part);
        for (const std::string& name : format.files(part))
            if (!isFile(folder / name))
                return false;
    }
    return true;
}

} // namespace

Dataset loadCifar10(const std::string& directory, DatasetPart part)
{
    Dataset dataset = loadCifar(cifar10Format(), directory, part);
    dataset.classNames = cifar10ClassNames();
    return dataset;
}

Dataset loadCifar100(const std::string& directory, DatasetPart part)
{
    Dataset dataset = loadCifar(cifar100Format(), directory, part);
    dataset.classNames = cifar100ClassNames();
    return dataset;
}

bool cifar10Available(const std::string& directory) { return available(cifar10Format(), directory); }

bool cifar100Available(const std::string& directory) { return available(cifar100Format(), directory); }

} // namespace edgenas::data
