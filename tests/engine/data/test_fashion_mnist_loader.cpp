#include "core/errors.h"
#include "data/fashion_mnist_loader.h"
#include "require_data.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <zlib.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

using edgenas::core::DatasetError;
using edgenas::data::Dataset;
using edgenas::data::DatasetPart;
using edgenas::data::fashionMnistAvailable;
using edgenas::data::loadFashionMnist;

namespace {

using Bytes = std::vector<std::uint8_t>;

constexpr const char* kImages = "train-images-idx3-ubyte";
constexpr const char* kLabels = "train-labels-idx1-ubyte";
constexpr int kSyntheticCount = 3;

void appendBigEndian(Bytes& bytes, std::uint32_t value)
{
    for (int shift = 24; shift >= 0; shift -= 8)
        bytes.push_back(std::uint8_t(value >> shift));
}

// Pixels look like noise so that the gzip stream is long enough to cut in the middle of deflate data.
std::uint8_t syntheticPixel(std::size_t i)
{
    std::uint32_t x = std::uint32_t(i) * 2654435761u;
    x ^= x >> 15;
    x *= 2246822519u;
    x ^= x >> 13;
    return std::uint8_t(x >> 24);
}

Bytes imageFile(std::uint32_t magic, std::uint32_t count, std::uint32_t rows, std::uint32_t cols,
                std::size_t pixelCount)
{
    Bytes bytes;
    for (std::uint32_t value : {magic, count, rows, cols})
        appendBigEndian(bytes, value);
    for (std::size_t i = 0; i < pixelCount; ++i)
        bytes.push_back(syntheticPixel(i));
    return bytes;
}

Bytes validImages() { return imageFile(0x803, kSyntheticCount, 28, 28, kSyntheticCount * 28 * 28); }

Bytes labelFile(std::uint32_t magic, const Bytes& labels)
{
    Bytes bytes;
    appendBigEndian(bytes, magic);
    appendBigEndian(bytes, std::uint32_t(labels.size()));
    bytes.insert(bytes.end(), labels.begin(), labels.end());
    return bytes;
}

Bytes validLabels() { return labelFile(0x801, {9, 0, 3}); }

bool writeGzip(const QString& path, const Bytes& bytes)
{
    gzFile file = gzopen(QFile::encodeName(path).constData(), "wb");
    if (!file)
        return false;
    const bool written = bytes.empty() || gzwrite(file, bytes.data(), unsigned(bytes.size())) == int(bytes.size());
    return gzclose(file) == Z_OK && written;
}

bool writeRaw(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

bool writeRaw(const QString& path, const Bytes& bytes)
{
    return writeRaw(path, QByteArray(reinterpret_cast<const char*>(bytes.data()), qsizetype(bytes.size())));
}

QByteArray readRaw(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// The ways the test damages a valid train part, one per _data() row.
enum class Damage {
    MissingImages,
    MissingLabels,
    ImageMagicOfLabels,
    LabelMagicOfImages,
    GzipCutInHalf,
    GzipTrailerCut,
    GzipChecksumWrong,
    GzipEmpty,
    NotGzip,
    CountMismatch,
    NoImages,
    WrongDimensions,
    LabelOutOfRange,
    RawImagesTruncated,
    RawHeaderTruncated,
    TrailingData,
};


} // namespace

Q_DECLARE_METATYPE(Damage)
Q_DECLARE_METATYPE(edgenas::data::DatasetPart)

// A macro, not a helper function: QSKIP/QFAIL return only from the function they are in, and
// the test must end there.
#define SKIP_WITHOUT_REAL_DATA()                                                                  \
    if (!fashionMnistAvailable(EDGENAS_FASHION_MNIST_DIR))                                        \
        EDGENAS_SKIP_OR_FAIL("Fashion-MNIST is not installed in " EDGENAS_FASHION_MNIST_DIR)

/// Fashion-MNIST IDX loading: the real files, and files the test damages on purpose.
class TestFashionMnistLoader : public QObject {
    Q_OBJECT

private slots:
    void loadsRealPart_data();
    void loadsRealPart();
    void realTrainPixelStatistics();
    void loadsSmallGzipPart();
    void acceptsUncompressedFiles();
    void rejectsDamagedFiles_data();
    void rejectsDamagedFiles();
    void reportsAvailability();

private:
    static QString realDirectory() { return QStringLiteral(EDGENAS_FASHION_MNIST_DIR); }
    // A valid synthetic train part: 3 images, labels 9, 0, 3.
    static bool writeValidPart(const QString& dir)
    {
        return writeGzip(dir + "/" + kImages + ".gz", validImages()) &&
               writeGzip(dir + "/" + kLabels + ".gz", validLabels());
    }
};

void TestFashionMnistLoader::loadsRealPart_data()
{
    QTest::addColumn<DatasetPart>("part");
    QTest::addColumn<int>("count");
    QTest::addColumn<QList<int>>("firstLabels");  // from the published files

    QTest::newRow("train") << DatasetPart::Train << 60000 << QList<int>{9, 0, 0, 3, 0, 2, 7, 2, 5, 5};
    QTest::newRow("test") << DatasetPart::Test << 10000 << QList<int>{9, 2, 1, 1, 6, 1, 4, 6, 5, 7};
}

void TestFashionMnistLoader::loadsRealPart()
{
    QFETCH(DatasetPart, part);
    QFETCH(int, count);
    QFETCH(QList<int>, firstLabels);
    SKIP_WITHOUT_REAL_DATA();

    QElapsedTimer timer;
    timer.start();
    const Dataset dataset = loadFashionMnist(EDGENAS_FASHION_MNIST_DIR, part);
    qInfo("loaded %d samples in %lld ms", count, qlonglong(timer.elapsed()));  // a figure, not a check

    QCOMPARE(dataset.name, std::string("fashion-mnist"));
    QCOMPARE(int(dataset.size()), count);
    QCOMPARE(dataset.channels, 1);
    QCOMPARE(dataset.height, 28);
    QCOMPARE(dataset.width, 28);
    QCOMPARE(dataset.numClasses, 10);
    QCOMPARE(dataset.pixels.size(), std::size_t(count) * 28 * 28);
    QCOMPARE(dataset.sample(1) - dataset.sample(0), std::ptrdiff_t(784));
    for (int i = 0; i < firstLabels.size(); ++i)
        QCOMPARE(int(dataset.labels[std::size_t(i)]), firstLabels[i]);

    // Both parts are exactly balanced: 6000 or 1000 per class.
    std::array<int, 10> histogram{};
    for (std::uint8_t label : dataset.labels) {
        QVERIFY(label < 10);
        ++histogram[label];
    }
    for (int perClass : histogram)
        QCOMPARE(perClass, count / 10);

    QCOMPARE(dataset.classNames.size(), std::size_t(10));
    QCOMPARE(dataset.classNames[9], std::string("Ankle boot"));
    QCOMPARE(dataset.mean.size(), std::size_t(1));
    QCOMPARE(dataset.stddev.size(), std::size_t(1));
}

void TestFashionMnistLoader::realTrainPixelStatistics()
{
    SKIP_WITHOUT_REAL_DATA();
    const Dataset dataset = loadFashionMnist(EDGENAS_FASHION_MNIST_DIR, DatasetPart::Train);

    double sum = 0, sumSquares = 0;
    for (std::uint8_t pixel : dataset.pixels) {
        const double value = pixel / 255.0;
        sum += value;
        sumSquares += value * value;
    }
    const double n = double(dataset.pixels.size());
    const double mean = sum / n;
    const double stddev = std::sqrt(sumSquares / n - mean * mean);
    QVERIFY2(std::abs(mean - 0.2860) < 0.005, qPrintable(QString::number(mean)));
    QVERIFY2(std::abs(stddev - 0.3530) < 0.005, qPrintable(QString::number(stddev)));
    // The constants handed to normalisation agree with the data.
    QVERIFY(std::abs(dataset.mean[0] - mean) < 0.005);
    QVERIFY(std::abs(dataset.stddev[0] - stddev) < 0.005);
}

void TestFashionMnistLoader::loadsSmallGzipPart()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeValidPart(dir.path()));

    const Dataset dataset = loadFashionMnist(dir.path().toStdString(), DatasetPart::Train);
    QCOMPARE(dataset.size(), std::size_t(kSyntheticCount));
    QCOMPARE(dataset.labels, (Bytes{9, 0, 3}));
    const Bytes expected = validImages();
    QCOMPARE(dataset.pixels, Bytes(expected.begin() + 16, expected.end()));
    QCOMPARE(int(dataset.sample(2)[5]), int(syntheticPixel(2 * 784 + 5)));
}

void TestFashionMnistLoader::acceptsUncompressedFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeRaw(dir.path() + "/" + kImages, validImages()));
    QVERIFY(writeRaw(dir.path() + "/" + kLabels, validLabels()));

    const Dataset dataset = loadFashionMnist(dir.path().toStdString(), DatasetPart::Train);
    QCOMPARE(dataset.size(), std::size_t(kSyntheticCount));
    QCOMPARE(dataset.labels, (Bytes{9, 0, 3}));
    QCOMPARE(int(dataset.sample(1)[0]), int(syntheticPixel(784)));
}

void TestFashionMnistLoader::rejectsDamagedFiles_data()
{
    QTest::addColumn<Damage>("damage");
    QTest::addColumn<QString>("file");     // the file the message must name
    QTest::addColumn<QString>("problem");  // a word of the problem the message must contain

    const QString images = QString(kImages) + ".gz";
    const QString labels = QString(kLabels) + ".gz";
    QTest::newRow("missing images") << Damage::MissingImages << images << "not found";
    QTest::newRow("missing labels") << Damage::MissingLabels << labels << "not found";
    QTest::newRow("images with label magic") << Damage::ImageMagicOfLabels << images << "magic";
    QTest::newRow("labels with image magic") << Damage::LabelMagicOfImages << labels << "magic";
    QTest::newRow("gzip cut in half") << Damage::GzipCutInHalf << images << "truncated";
    QTest::newRow("gzip trailer cut") << Damage::GzipTrailerCut << images << "truncated";
    QTest::newRow("gzip checksum wrong") << Damage::GzipChecksumWrong << images << "corrupt";
    QTest::newRow("empty gzip file") << Damage::GzipEmpty << labels << "empty";
    QTest::newRow("not gzip") << Damage::NotGzip << images << "not a gzip";
    QTest::newRow("count mismatch") << Damage::CountMismatch << labels << "mismatch";
    QTest::newRow("no images") << Damage::NoImages << images << "no images";
    QTest::newRow("wrong dimensions") << Damage::WrongDimensions << images << "28x28";
    QTest::newRow("label out of range") << Damage::LabelOutOfRange << labels << "out of range";
    QTest::newRow("raw images truncated") << Damage::RawImagesTruncated << kImages << "truncated";
    QTest::newRow("raw header truncated") << Damage::RawHeaderTruncated << kLabels << "truncated";
    QTest::newRow("trailing data") << Damage::TrailingData << images << "more data";
}

void TestFashionMnistLoader::rejectsDamagedFiles()
{
    QFETCH(Damage, damage);
    QFETCH(QString, file);
    QFETCH(QString, problem);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeValidPart(dir.path()));
    const QString imagesGz = dir.path() + "/" + kImages + ".gz";
    const QString labelsGz = dir.path() + "/" + kLabels + ".gz";

    switch (damage) {
    case Damage::MissingImages:
        QVERIFY(QFile::remove(imagesGz));
        break;
    case Damage::MissingLabels:
        QVERIFY(QFile::remove(labelsGz));
        break;
    case Damage::ImageMagicOfLabels:
        QVERIFY(writeGzip(imagesGz, imageFile(0x801, kSyntheticCount, 28, 28, kSyntheticCount * 784)));
        break;
    case Damage::LabelMagicOfImages:
        QVERIFY(writeGzip(labelsGz, labelFile(0x803, {9, 0, 3})));
        break;
    case Damage::GzipCutInHalf: {
        const QByteArray whole = readRaw(imagesGz);
        QVERIFY(whole.size() > 1000);
        QVERIFY(writeRaw(imagesGz, whole.left(whole.size() / 2)));
        break;
    }
    case Damage::GzipTrailerCut: {  // all pixel data present, CRC and length missing
        const QByteArray whole = readRaw(imagesGz);
        QVERIFY(writeRaw(imagesGz, whole.left(whole.size() - 8)));
        break;
    }
    case Damage::GzipChecksumWrong: {
        QByteArray whole = readRaw(imagesGz);
        whole[whole.size() - 8] = char(whole[whole.size() - 8] ^ 0x55);  // first byte of the CRC-32
        QVERIFY(writeRaw(imagesGz, whole));
        break;
    }
    case Damage::GzipEmpty:
        QVERIFY(writeRaw(labelsGz, QByteArray()));
        break;
    case Damage::NotGzip:
        QVERIFY(writeRaw(imagesGz, QByteArray("<html>404 Not Found</html>\n")));
        break;
    case Damage::CountMismatch:
        QVERIFY(writeGzip(labelsGz, labelFile(0x801, {9, 0})));
        break;
    case Damage::NoImages:
        QVERIFY(writeGzip(imagesGz, imageFile(0x803, 0, 28, 28, 0)));
        QVERIFY(writeGzip(labelsGz, labelFile(0x801, {})));
        break;
    case Damage::WrongDimensions:
        QVERIFY(writeGzip(imagesGz, imageFile(0x803, kSyntheticCount, 32, 24, kSyntheticCount * 32 * 24)));
        break;
    case Damage::LabelOutOfRange:
        QVERIFY(writeGzip(labelsGz, labelFile(0x801, {9, 10, 3})));
        break;
    case Damage::RawImagesTruncated: {
        QVERIFY(QFile::remove(imagesGz));
        const Bytes images = validImages();
        QVERIFY(writeRaw(dir.path() + "/" + kImages, Bytes(images.begin(), images.end() - 100)));
        break;
    }
    case Damage::RawHeaderTruncated: {
        QVERIFY(QFile::remove(labelsGz));
        const Bytes labels = validLabels();
        QVERIFY(writeRaw(dir.path() + "/" + kLabels, Bytes(labels.begin(), labels.begin() + 6)));
        break;
    }
    case Damage::TrailingData: {
        Bytes images = validImages();
        images.push_back(0);
        QVERIFY(writeGzip(imagesGz, images));
        break;
    }
    }

    try {
        loadFashionMnist(dir.path().toStdString(), DatasetPart::Train);
        QFAIL("no DatasetError");
    } catch (const DatasetError& error) {
        const QString message = QString::fromStdString(error.what());
        QVERIFY2(message.contains(dir.path() + "/" + file), qPrintable(message));
        QVERIFY2(message.contains(problem, Qt::CaseInsensitive), qPrintable(message));
        QVERIFY2(!message.contains('\n'), qPrintable(message));
    }
}

void TestFashionMnistLoader::reportsAvailability()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(!fashionMnistAvailable(dir.path().toStdString()));
    QVERIFY(!fashionMnistAvailable(dir.path().toStdString() + "/does-not-exist"));

    // Train part only: the test part is missing.
    QVERIFY(writeValidPart(dir.path()));
    QVERIFY(!fashionMnistAvailable(dir.path().toStdString()));

    // Test part uncompressed: gzip and plain files may be mixed.
    QVERIFY(writeRaw(dir.path() + "/t10k-images-idx3-ubyte", validImages()));
    QVERIFY(writeRaw(dir.path() + "/t10k-labels-idx1-ubyte", validLabels()));
    QVERIFY(fashionMnistAvailable(dir.path().toStdString()));
    QCOMPARE(loadFashionMnist(dir.path().toStdString(), DatasetPart::Test).size(), std::size_t(kSyntheticCount));
}

QTEST_APPLESS_MAIN(TestFashionMnistLoader)
#include "test_fashion_mnist_loader.moc"
