#include "data/fashion_mnist_loader.h"

#include "core/errors.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace edgenas::data {

namespace {

namespace fs = std::filesystem;

constexpr std::uint32_t kImageMagic = 0x00000803;  // unsigned bytes, 3 dimensions
constexpr std::uint32_t kLabelMagic = 0x00000801;  // unsigned bytes, 1 dimension
constexpr std::uint32_t kSide = 28;
constexpr int kClasses = 10;
// gzread takes an unsigned and returns an int, so big payloads are read in bounded chunks.
constexpr std::size_t kChunk = std::size_t(16) << 20;
// A corrupt header can promise terabytes; trust it only this far before the data proves it.
constexpr std::size_t kInitialAllocation = std::size_t(64) << 20;

[[noreturn]] void fail(const std::string& path, const std::string& problem)
{
    throw core::DatasetError(path + ": " + problem);
}

std::string hex32(std::uint32_t value)
{
    char text[16];
    std::snprintf(text, sizeof text, "0x%08x", value);
    return text;
}

std::uint32_t bigEndian32(const std::uint8_t* bytes)
{
    return std::uint32_t(bytes[0]) << 24 | std::uint32_t(bytes[1]) << 16 | std::uint32_t(bytes[2]) << 8 |
           std::uint32_t(bytes[3]);
}

bool isFile(const fs::path& path)
{
    std::error_code error;
    return fs::is_regular_file(path, error);
}

const char* partPrefix(DatasetPart part) { return part == DatasetPart::Train ? "train" : "t10k"; }

std::string imagesBase(DatasetPart part) { return std::string(partPrefix(part)) + "-images-idx3-ubyte"; }
std::string labelsBase(DatasetPart part) { return std::string(partPrefix(part)) + "-labels-idx1-ubyte"; }

// The .gz as distributed, else the unpacked file some users keep; an error names the .gz.
std::string locate(const std::string& directory, const std::string& base)
{
    const fs::path gz = fs::path(directory) / (base + ".gz");
    if (isFile(gz))
        return gz.string();
    const fs::path raw = fs::path(directory) / base;
    if (isFile(raw))
        return raw.string();
    std::error_code error;
    for (const fs::path& path : {gz, raw})
        if (fs::is_directory(path, error))
            throw core::DatasetError(path.string() + " is a folder, not the data set file");
    fail(gz.string(), "file not found (nor an uncompressed " + base + ")");
}

bool present(const std::string& directory, const std::string& base)
{
    return isFile(fs::path(directory) / (base + ".gz")) || isFile(fs::path(directory) / base);
}

/// One IDX file read through zlib, which also reads uncompressed files ("transparent" mode).
class IdxReader {
public:
    explicit IdxReader(std::string path) : m_path(std::move(path))
    {
        // zlib would call an empty file an uncompressed one, and then "not gzip" misleads.
        std::error_code error;
        if (fs::file_size(m_path, error) == 0 && !error)
            fail(m_path, "file is empty");
        errno = 0;
        m_file.reset(gzopen(m_path.c_str(), "rb"));
        if (!m_file)
            fail(m_path, std::string("cannot open: ") + (errno ? std::strerror(errno) : "out of memory"));
        gzbuffer(m_file.get(), 256 * 1024);  // fewer read() calls than the 8 KiB default
        // Without this check a garbage .gz would be passed through as raw bytes and only show
        // up as a confusing magic-number error.
        const bool namedGz = m_path.size() > 3 && m_path.compare(m_path.size() - 3, 3, ".gz") == 0;
        if (namedGz && gzdirect(m_file.get()) == 1)
            fail(m_path, "not a gzip file (no gzip header)");
    }

    const std::string& path() const { return m_path; }

    /// Exactly bytes bytes of what (for the message) or an error: truncated or corrupt.
    void read(std::uint8_t* out, std::size_t bytes, const std::string& what)
    {
        readPart(out, bytes, what, m_offset + bytes);
    }

    /// Like read() into a vector that grows as data arrives (see kInitialAllocation).
    std::vector<std::uint8_t> readPayload(std::size_t bytes, const std::string& what)
    {
        const std::size_t expectedEnd = m_offset + bytes;
        std::vector<std::uint8_t> out(std::min(bytes, kInitialAllocation));
        readPart(out.data(), out.size(), what, expectedEnd);
        while (out.size() < bytes) {
            const std::size_t have = out.size();
            out.resize(std::min(bytes, 2 * have));
            readPart(out.data() + have, out.size() - have, what, expectedEnd);
        }
        return out;
    }

    /// Reading past the payload makes zlib verify the gzip trailer (CRC and length) as well.
    void expectEnd()
    {
        std::uint8_t extra = 0;
        const int got = gzread(m_file.get(), &extra, 1);
        checkStream();
        if (got > 0)
            fail(m_path, "has more data than its header promises (" + std::to_string(m_offset) + " bytes)");
    }

private:
    struct Closer {
        void operator()(gzFile file) const { gzclose(file); }
    };

    // expectedEnd: where the whole item should end in the decompressed file, for the message.
    void readPart(std::uint8_t* out, std::size_t bytes, const std::string& what, std::size_t expectedEnd)
    {
        std::size_t done = 0;
        while (done < bytes) {
            const auto chunk = unsigned(std::min(bytes - done, kChunk));
            const int got = gzread(m_file.get(), out + done, chunk);
            if (got > 0) {
                done += std::size_t(got);
                m_offset += std::size_t(got);
            }
            if (got < int(chunk)) {
                checkStream();  // a gzip-level cause gives the sharper message
                fail(m_path, "truncated: " + what + " should end at byte " + std::to_string(expectedEnd) +
                                 " but the file ends after " + std::to_string(m_offset) + " bytes");
            }
        }
    }

    // zlib reports a cut-off stream as Z_BUF_ERROR and damaged data as Z_DATA_ERROR.
    void checkStream()
    {
        int code = Z_OK;
        std::string message = gzerror(m_file.get(), &code);
        if (message.starts_with(m_path + ": "))  // zlib prefixes the path, which we already give
            message.erase(0, m_path.size() + 2);
        if (code == Z_BUF_ERROR)
            fail(m_path, "truncated gzip stream (" + message + ") after " + std::to_string(m_offset) +
                             " bytes of data");
        if (code != Z_OK)
            fail(m_path, "corrupt gzip data (" + message + ")");
    }

    std::string m_path;
    std::unique_ptr<gzFile_s, Closer> m_file;
    std::size_t m_offset = 0;
};

} // namespace

Dataset loadFashionMnist(const std::string& directory, DatasetPart part)
{
    IdxReader images(locate(directory, imagesBase(part)));
    IdxReader labels(locate(directory, labelsBase(part)));

    // Both headers first, so inconsistent files fail before 47 MB are inflated.
    std::uint8_t imageHeader[16];
    images.read(imageHeader, sizeof imageHeader, "the IDX header");
    const std::uint32_t imageMagic = bigEndian32(imageHeader);
    if (imageMagic != kImageMagic)
        fail(images.path(), "wrong IDX magic number " + hex32(imageMagic) + ", expected " + hex32(kImageMagic) +
                                " for an image file");
    const std::uint32_t imageCount = bigEndian32(imageHeader + 4);
    if (imageCount == 0)
        fail(images.path(), "header says the file holds no images");
    const std::uint32_t rows = bigEndian32(imageHeader + 8);
    const std::uint32_t cols = bigEndian32(imageHeader + 12);
    if (rows != kSide || cols != kSide)
        fail(images.path(), "image dimensions " + std::to_string(rows) + "x" + std::to_string(cols) +
                                " do not match Fashion-MNIST's 28x28");

    std::uint8_t labelHeader[8];
    labels.read(labelHeader, sizeof labelHeader, "the IDX header");
    const std::uint32_t labelMagic = bigEndian32(labelHeader);
    if (labelMagic != kLabelMagic)
        fail(labels.path(), "wrong IDX magic number " + hex32(labelMagic) + ", expected " + hex32(kLabelMagic) +
                                " for a label file");
    const std::uint32_t labelCount = bigEndian32(labelHeader + 4);
    if (labelCount != imageCount)
        fail(labels.path(), "count mismatch: " + std::to_string(labelCount) + " labels but " + images.path() + " has " +
                                std::to_string(imageCount) + " images");

    Dataset dataset;
    dataset.name = "fashion-mnist";
    dataset.channels = 1;
    dataset.height = int(kSide);
    dataset.width = int(kSide);
    dataset.numClasses = kClasses;
    dataset.pixels = images.readPayload(std::size_t(imageCount) * kSide * kSide,
                                        std::to_string(imageCount) + " images of 28x28");
    images.expectEnd();
    dataset.labels = labels.readPayload(labelCount, std::to_string(labelCount) + " labels");
    labels.expectEnd();

    const auto bad = std::find_if(dataset.labels.begin(), dataset.labels.end(),
                                  [](std::uint8_t label) { return label >= kClasses; });
    if (bad != dataset.labels.end())
        fail(labels.path(), "label " + std::to_string(*bad) + " at index " +
                                std::to_string(bad - dataset.labels.begin()) + " is out of range (10 classes)");

    dataset.mean = {0.2860f};
    dataset.stddev = {0.3530f};
    dataset.classNames = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                          "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
    return dataset;
}

bool fashionMnistAvailable(const std::string& directory)
{
    for (DatasetPart part : {DatasetPart::Train, DatasetPart::Test})
        if (!present(directory, imagesBase(part)) || !present(directory, labelsBase(part)))
            return false;
    return true;
}

} // namespace edgenas::data
