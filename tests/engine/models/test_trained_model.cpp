#include "core/errors.h"
#include "cost/architecture_cost.h"
#include "models/torch_runtime.h"
#include "models/trained_model.h"
#include "test_architectures.h"

#include <QtTest>

#include <fstream>
#include <iterator>

using namespace edgenas;
using models::TrainedModel;

Q_DECLARE_METATYPE(edgenas::core::Architecture)

namespace {

QByteArray fileBytes(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// torch::save writes the same bytes for the same tensors, so equal files mean equal weights. The
// archive records the file's base name, hence always the same one.
QString weightsPath(const QTemporaryDir& dir, const QString& name) {
    QDir().mkpath(dir.filePath(name));
    return dir.filePath(name) + "/weights.pt";
}

QByteArray weightsOf(const TrainedModel& model, const QTemporaryDir& dir, const QString& name) {
    const QString path = weightsPath(dir, name);
    model.saveWeights(path.toStdString());
    return fileBytes(path);
}

} // namespace

class TestTrainedModel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void parameterCountMatchesCost_data();
    void parameterCountMatchesCost();
    void seedDeterminesWeights();
    void saveLoadRoundTrip();
    void loadRejectsUnfitFiles_data();
    void loadRejectsUnfitFiles();
    void saveToUnwritablePathFails();
    void invalidArchitectureIsRejected();
    void movingKeepsTheNetwork();
};

void TestTrainedModel::initTestCase() { models::setThreadCount(1); }  // see test_graph_network

void TestTrainedModel::parameterCountMatchesCost_data() {
    QTest::addColumn<core::Architecture>("arch");
    QTest::newRow("small cnn") << testing::smallCnn();
    QTest::newRow("small cnn cifar-100") << testing::smallCnn({3, 32, 32}, 100, 8);
    QTest::newRow("mbconv net") << testing::mbconvNet();
}

void TestTrainedModel::parameterCountMatchesCost() {
    QFETCH(core::Architecture, arch);
    const TrainedModel model(arch);
    QCOMPARE(model.parameterCount(), cost::analyseCost(arch).params);
    QVERIFY(model.architecture() == arch);
}

void TestTrainedModel::seedDeterminesWeights() {
    QTemporaryDir dir;
    const auto arch = testing::mbconvNet();
    const QByteArray a = weightsOf(TrainedModel(arch, 7), dir, "a");
    QVERIFY(!a.isEmpty());
    QCOMPARE(weightsOf(TrainedModel(arch, 7), dir, "b"), a);
    QVERIFY(weightsOf(TrainedModel(arch, 8), dir, "c") != a);
}

void TestTrainedModel::saveLoadRoundTrip() {
    QTemporaryDir dir;
    const auto arch = testing::mbconvNet();
    const TrainedModel original(arch, 1);
    const QByteArray saved = weightsOf(original, dir, "original");
    TrainedModel other(arch, 2);
    QVERIFY(weightsOf(other, dir, "other") != saved);
    other.loadWeights(weightsPath(dir, "original").toStdString());
    QCOMPARE(weightsOf(other, dir, "reloaded"), saved);
}

void TestTrainedModel::loadRejectsUnfitFiles_data() {
    QTest::addColumn<QString>("file");
    QTest::newRow("other widths, same names") << "wide.pt";
    QTest::newRow("other graph") << "cnn.pt";
    QTest::newRow("missing file") << "missing.pt";
    QTest::newRow("not a weights file") << "text.pt";
}

void TestTrainedModel::loadRejectsUnfitFiles() {
    QFETCH(QString, file);
    QTemporaryDir dir;
    TrainedModel(testing::mbconvNet({1, 28, 28}, 12), 1).saveWeights(dir.filePath("wide.pt").toStdString());
    TrainedModel(testing::smallCnn(), 1).saveWeights(dir.filePath("cnn.pt").toStdString());
    std::ofstream(dir.filePath("text.pt").toStdString()) << "not a zip archive";

    TrainedModel model(testing::mbconvNet(), 3);
    const QByteArray before = weightsOf(model, dir, "before");
    const std::string path = dir.filePath(file).toStdString();
    try {
        model.loadWeights(path);
        QFAIL("no InputError");
    } catch (const core::InputError& e) {
        QVERIFY2(std::string(e.what()).find(path) != std::string::npos, e.what());
    }
    // A failed load leaves the weights as they were.
    QCOMPARE(weightsOf(model, dir, "after"), before);
}

void TestTrainedModel::saveToUnwritablePathFails() {
    const TrainedModel model(testing::smallCnn());
    QVERIFY_THROWS_EXCEPTION(core::InputError, model.saveWeights("/nonexistent-directory/weights.pt"));
}

void TestTrainedModel::invalidArchitectureIsRejected() {
    auto arch = testing::smallCnn();
    arch.nodes.back().outChannels = 3;  // not one logit per class
    try {
        TrainedModel model(arch);
        QFAIL("no ArchitectureError");
    } catch (const core::ArchitectureError& e) {
        QCOMPARE(e.nodeId(), arch.outputId());
    }
}

void TestTrainedModel::movingKeepsTheNetwork() {
    TrainedModel a(testing::smallCnn());
    const auto network = a.network();
    TrainedModel b(std::move(a));
    QVERIFY(b.network() == network);
    QCOMPARE(b.parameterCount(), cost::analyseCost(testing::smallCnn()).params);
}

QTEST_APPLESS_MAIN(TestTrainedModel)
#include "test_trained_model.moc"
