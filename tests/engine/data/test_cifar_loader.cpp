#include "core/errors.h"
#include "data/cifar_loader.h"
#include "synthetic_cifar.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cstdint>
#include <vector>

using edgenas::core::DatasetError;
using edgenas::data::cifar100Available;
using edgenas::data::cifar10Available;
using edgenas::data::Dataset;
using edgenas::data::DatasetPart;
using edgenas::data::loadCifar10;
using edgenas::data::loadCifar100;
using namespace edgenas::data::testing;

Q_DECLARE_METATYPE(edgenas::data::DatasetPart)

namespace {

using Bytes = std::vector<std::uint8_t>;

Dataset load(bool cifar100, const QString& dir, DatasetPart part)
{
    return cifar100 ? loadCifar100(dir.toStdString(), part) : loadCifar10(dir.toStdString(), part);
}

bool writeSet(bool cifar100, const QString& folder) { return cifar100 ? writeCifar100(folder) : writeCifar10(folder); }

// Every byte of every sample is where the CHW layout says it is.
bool pixelsMatch(const Dataset& dataset, const std::vector<int>& imageNumbers)
{
    for (std::size_t i = 0; i < imageNumbers.size(); ++i)
        for (int c = 0; c < 3; ++c)
            for (int y = 0; y < 32; ++y)
                for (int x = 0; x < 32; ++x)
                    if (dataset.sample(i)[(c * 32 + y) * 32 + x] != syntheticPixel(imageNumbers[i], c, y, x))
                        return false;
    return true;
}

} // namespace

/// CIFAR-10 and CIFAR-100 binary loading on small files the test writes.
class TestCifarLoader : public QObject {
    Q_OBJECT

private slots:
    void loadsCifar10_data();
    void loadsCifar10();
    void loadsCifar100_data();
    void loadsCifar100();
    void findsArchiveSubfolder_data();
    void findsArchiveSubfolder();
    void rejectsBadFiles_data();
    void rejectsBadFiles();
    void reportsAvailability();
};

void TestCifarLoader::loadsCifar10_data()
{
    QTest::addColumn<DatasetPart>("part");
    QTest::addColumn<QList<int>>("labels");
    QTest::addColumn<QList<int>>("images");  // synthetic image numbers, in file order

    QTest::newRow("train: five batches in order")
        << DatasetPart::Train << QList<int>{0, 1, 2, 1, 2, 3, 2, 3, 4, 3, 4, 5, 4, 5, 6}
        << QList<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14};
    QTest::newRow("test") << DatasetPart::Test << QList<int>{7, 8, 9} << QList<int>{100, 101, 102};
}

void TestCifarLoader::loadsCifar10()
{
    QFETCH(DatasetPart, part);
    QFETCH(QList<int>, labels);
    QFETCH(QList<int>, images);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeCifar10(dir.path()));
    const Dataset dataset = loadCifar10(dir.path().toStdString(), part);

    QCOMPARE(dataset.name, std::string("cifar10"));
    QCOMPARE(dataset.channels, 3);
    QCOMPARE(dataset.height, 32);
    QCOMPARE(dataset.width, 32);
    QCOMPARE(dataset.numClasses, 10);
    QCOMPARE(int(dataset.size()), labels.size());
    QCOMPARE(dataset.pixels.size(), dataset.size() * 3072);
    for (int i = 0; i < labels.size(); ++i)
        QCOMPARE(int(dataset.labels[std::size_t(i)]), labels[i]);
    QVERIFY(pixelsMatch(dataset, std::vector<int>(images.begin(), images.end())));
    QCOMPARE(dataset.mean, (std::vector<float>{0.4914f, 0.4822f, 0.4465f}));
    QCOMPARE(dataset.stddev, (std::vector<float>{0.2470f, 0.2435f, 0.2616f}));
    QCOMPARE(dataset.classNames.size(), std::size_t(10));
    QCOMPARE(dataset.classNames.front(), std::string("airplane"));
    QCOMPARE(dataset.classNames.back(), std::string("truck"));
}

void TestCifarLoader::loadsCifar100_data()
{
    QTest::addColumn<DatasetPart>("part");
    QTest::addColumn<QList<int>>("fineLabels");
    QTest::addColumn<QList<int>>("images");

    QTest::newRow("train") << DatasetPart::Train << QList<int>{5, 99, 0} << QList<int>{0, 1, 2};
    QTest::newRow("test") << DatasetPart::Test << QList<int>{42, 43} << QList<int>{100, 101};
}

void TestCifarLoader::loadsCifar100()
{
    QFETCH(DatasetPart, part);
    QFETCH(QList<int>, fineLabels);
    QFETCH(QList<int>, images);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeCifar100(dir.path()));
    const Dataset dataset = loadCifar100(dir.path().toStdString(), part);

    QCOMPARE(dataset.name, std::string("cifar100"));
    QCOMPARE(dataset.channels, 3);
    QCOMPARE(dataset.numClasses, 100);
    QCOMPARE(int(dataset.size()), fineLabels.size());
    for (int i = 0; i < fineLabels.size(); ++i)
        QCOMPARE(int(dataset.labels[std::size_t(i)]), fineLabels[i]);
    QVERIFY(pixelsMatch(dataset, std::vector<int>(images.begin(), images.end())));
    QCOMPARE(dataset.mean, (std::vector<float>{0.5071f, 0.4865f, 0.4409f}));
    QCOMPARE(dataset.stddev, (std::vector<float>{0.2673f, 0.2564f, 0.2762f}));

    // The fine names are distinct and in the archive's alphabetical label order.
    QCOMPARE(dataset.classNames.size(), std::size_t(100));
    QVERIFY(std::is_sorted(dataset.classNames.begin(), dataset.classNames.end()));
    QVERIFY(std::adjacent_find(dataset.classNames.begin(), dataset.classNames.end()) == dataset.classNames.end());
    QCOMPARE(dataset.classNames[0], std::string("apple"));
    QCOMPARE(dataset.classNames[99], std::string("worm"));
}

void TestCifarLoader::findsArchiveSubfolder_data()
{
    QTest::addColumn<bool>("cifar100");
    QTest::addColumn<QString>("subfolder");

    QTest::newRow("cifar10") << false << "cifar-10-batches-bin";
    QTest::newRow("cifar100") << true << "cifar-100-binary";
}

void TestCifarLoader::findsArchiveSubfolder()
{
    QFETCH(bool, cifar100);
    QFETCH(QString, subfolder);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeSet(cifar100, dir.path() + "/" + subfolder));
    QCOMPARE(load(cifar100, dir.path(), DatasetPart::Train).size(), std::size_t(cifar100 ? 3 : 15));
    QCOMPARE(load(cifar100, dir.path(), DatasetPart::Test).size(), std::size_t(cifar100 ? 2 : 3));
}

void TestCifarLoader::rejectsBadFiles_data()
{
    QTest::addColumn<bool>("cifar100");
    QTest::addColumn<QString>("file");      // relative to the directory; the message must name it
    QTest::addColumn<QByteArray>("content");  // replaces the file unless remove
    QTest::addColumn<bool>("remove");
    QTest::addColumn<QString>("problem");

    const QByteArray three = cifarRecords({{1}, {2}, {3}}, 0);
    QTest::newRow("cifar10 missing batch") << false << "data_batch_3.bin" << QByteArray() << true << "not found";
    QTest::newRow("cifar10 empty") << false << "data_batch_2.bin" << QByteArray() << false << "empty";
    QTest::newRow("cifar10 cut record") << false << "data_batch_5.bin" << three.left(three.size() - 7) << false
                                        << "multiple";
    QTest::newRow("cifar10 extra bytes") << false << "test_batch.bin" << three + "xyz" << false << "multiple";
    QTest::newRow("cifar10 label 10") << false << "data_batch_4.bin" << cifarRecords({{1}, {10}}, 0) << false
                                      << "out of range";
    QTest::newRow("cifar100 missing train") << true << "train.bin" << QByteArray() << true << "not found";
    QTest::newRow("cifar100 empty") << true << "train.bin" << QByteArray() << false << "empty";
    // 3 CIFAR-10 records are 9219 bytes: not a whole number of 3074-byte CIFAR-100 records.
    QTest::newRow("cifar100 given cifar10 records") << true << "train.bin" << three << false << "multiple";
    QTest::newRow("cifar100 fine label 100") << true << "train.bin" << cifarRecords({{0, 1}, {0, 100}}, 0) << false
                                             << "out of range";
    QTest::newRow("cifar100 coarse label 20") << true << "train.bin" << cifarRecords({{20, 1}}, 0) << false
                                              << "coarse";
}

void TestCifarLoader::rejectsBadFiles()
{
    QFETCH(bool, cifar100);
    QFETCH(QString, file);
    QFETCH(QByteArray, content);
    QFETCH(bool, remove);
    QFETCH(QString, problem);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeSet(cifar100, dir.path()));
    const QString path = dir.path() + "/" + file;
    if (remove)
        QVERIFY(QFile::remove(path));
    else
        QVERIFY(writeBytes(path, content));
    const DatasetPart part = file.startsWith("test") ? DatasetPart::Test : DatasetPart::Train;

    try {
        load(cifar100, dir.path(), part);
        QFAIL("no DatasetError");
    } catch (const DatasetError& error) {
        const QString message = QString::fromStdString(error.what());
        QVERIFY2(message.contains(path), qPrintable(message));
        QVERIFY2(message.contains(problem, Qt::CaseInsensitive), qPrintable(message));
        QVERIFY2(!message.contains('\n'), qPrintable(message));
    }
}

void TestCifarLoader::reportsAvailability()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = dir.path().toStdString();
    QVERIFY(!cifar10Available(path));
    QVERIFY(!cifar100Available(path));

    QVERIFY(writeCifar10(dir.path() + "/cifar-10-batches-bin"));
    QVERIFY(cifar10Available(path));
    QVERIFY(!cifar100Available(path));
    QVERIFY(QFile::remove(dir.path() + "/cifar-10-batches-bin/data_batch_4.bin"));
    QVERIFY(!cifar10Available(path));

    QVERIFY(writeCifar100(dir.path()));
    QVERIFY(cifar100Available(path));
}

QTEST_APPLESS_MAIN(TestCifarLoader)
#include "test_cifar_loader.moc"
