#include "core/errors.h"
#include "data/dataset_spec.h"
#include "require_data.h"
#include "synthetic_cifar.h"

#include <QTemporaryDir>
#include <QtTest>

#include <string>
#include <vector>

using edgenas::core::DatasetError;
using edgenas::data::datasetAvailable;
using edgenas::data::DatasetPart;
using edgenas::data::DatasetSpec;
using edgenas::data::defaultDatasetDirectory;
using edgenas::data::knownDatasetNames;
using edgenas::data::loadDataset;
using namespace edgenas::data::testing;

/// Resolving a user's data set name and directory to a loader.
class TestDatasetSpec : public QObject {
    Q_OBJECT

private slots:
    void knowsThreeNames();
    void defaultDirectories_data();
    void defaultDirectories();
    void rejectsUnknownName();
    void cifarNeedsDirectory_data();
    void cifarNeedsDirectory();
    void loadsCifarThroughSpec_data();
    void loadsCifarThroughSpec();
    void loadsFashionMnistFromDefault();
    void reportsAvailability();
};

void TestDatasetSpec::knowsThreeNames()
{
    QCOMPARE(knownDatasetNames(), (std::vector<std::string>{"fashion-mnist", "cifar10", "cifar100"}));
    QCOMPARE(DatasetSpec().name, std::string("fashion-mnist"));
}

void TestDatasetSpec::defaultDirectories_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("directory");

    // Both this definition and the library's come from the EDGENAS_DATASET_DIR cache variable.
    QTest::newRow("fashion-mnist") << "fashion-mnist" << EDGENAS_FASHION_MNIST_DIR;
    QTest::newRow("cifar10") << "cifar10" << "";
    QTest::newRow("cifar100") << "cifar100" << "";
    QTest::newRow("unknown") << "imagenet" << "";
}

void TestDatasetSpec::defaultDirectories()
{
    QFETCH(QString, name);
    QFETCH(QString, directory);
    QCOMPARE(QString::fromStdString(defaultDatasetDirectory(name.toStdString())), directory);
}

void TestDatasetSpec::rejectsUnknownName()
{
    try {
        loadDataset({"mnist", "/tmp"}, DatasetPart::Train);
        QFAIL("no DatasetError");
    } catch (const DatasetError& error) {
        const QString message = QString::fromStdString(error.what());
        QVERIFY2(message.contains("'mnist'"), qPrintable(message));
        for (const std::string& known : knownDatasetNames())
            QVERIFY2(message.contains(QString::fromStdString(known)), qPrintable(message));
    }
    QVERIFY(!datasetAvailable({"mnist", "/tmp"}));
}

void TestDatasetSpec::cifarNeedsDirectory_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("cifar10") << "cifar10";
    QTest::newRow("cifar100") << "cifar100";
}

void TestDatasetSpec::cifarNeedsDirectory()
{
    QFETCH(QString, name);
    const DatasetSpec spec{name.toStdString(), ""};
    QVERIFY(!datasetAvailable(spec));
    try {
        loadDataset(spec, DatasetPart::Test);
        QFAIL("no DatasetError");
    } catch (const DatasetError& error) {
        const QString message = QString::fromStdString(error.what());
        QVERIFY2(message.contains(name) && message.contains("directory"), qPrintable(message));
    }
}

void TestDatasetSpec::loadsCifarThroughSpec_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("trainSize");
    QTest::addColumn<int>("numClasses");

    QTest::newRow("cifar10") << "cifar10" << 15 << 10;
    QTest::newRow("cifar100") << "cifar100" << 3 << 100;
}

void TestDatasetSpec::loadsCifarThroughSpec()
{
    QFETCH(QString, name);
    QFETCH(int, trainSize);
    QFETCH(int, numClasses);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(name == "cifar10" ? writeCifar10(dir.path()) : writeCifar100(dir.path()));
    const DatasetSpec spec{name.toStdString(), dir.path().toStdString()};
    QVERIFY(datasetAvailable(spec));

    const auto dataset = loadDataset(spec, DatasetPart::Train);
    QCOMPARE(QString::fromStdString(dataset.name), name);
    QCOMPARE(int(dataset.size()), trainSize);
    QCOMPARE(dataset.numClasses, numClasses);
}

void TestDatasetSpec::loadsFashionMnistFromDefault()
{
    const DatasetSpec spec;  // fashion-mnist, default directory
    if (!datasetAvailable(spec))
        EDGENAS_SKIP_OR_FAIL("Fashion-MNIST is not installed in " EDGENAS_FASHION_MNIST_DIR);
    QCOMPARE(loadDataset(spec, DatasetPart::Test).size(), std::size_t(10000));
}

void TestDatasetSpec::reportsAvailability()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    for (const std::string& name : knownDatasetNames())
        QVERIFY2(!datasetAvailable({name, dir.path().toStdString()}), name.c_str());
    QVERIFY(!datasetAvailable({"fashion-mnist", dir.path().toStdString() + "/nowhere"}));
}

QTEST_APPLESS_MAIN(TestDatasetSpec)
#include "test_dataset_spec.moc"
