#include "core/errors.h"
#include "data/dataset_spec.h"
#include "models/torch_runtime.h"
#include "models/trainer.h"
#include "require_data.h"
#include "test_architectures.h"

#include <QtTest>

#include <chrono>
#include <cstdint>

using namespace edgenas;
using models::TrainConfig;
using models::Trainer;
using models::TrainProgress;
using models::TrainResult;

namespace {

// 4 classes of 1x8x8 images: class c lights up quadrant c, over deterministic noise.
data::Dataset quadrants(std::size_t count) {
    data::Dataset d;
    d.name = "quadrants";
    d.channels = 1;
    d.height = d.width = 8;
    d.numClasses = 4;
    d.mean = {0.3f};
    d.stddev = {0.3f};
    std::uint32_t state = 12345;
    for (std::size_t i = 0; i < count; ++i) {
        const int label = int(i % 4);
        d.labels.push_back(std::uint8_t(label));
        for (int y = 0; y < 8; ++y)
            for (int x = 0; x < 8; ++x) {
                state = state * 1664525u + 1013904223u;
                const bool lit = (y / 4) * 2 + (x / 4) == label;
                d.pixels.push_back(std::uint8_t((lit ? 150 : 0) + (state >> 26)));
            }
    }
    return d;
}

TrainConfig quick() {
    TrainConfig c;
    c.batchSize = 32;
    c.epochs = 1;
    return c;
}

} // namespace

class TestTrainer : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void learnsFashionMnist();
    void reproducibleWithOneThread();
    void seedChangesTheRun();
    void progressIsReported();
    void cancellationIsPrompt();
    void adamTrains();
    void evaluatesTestSetAndModel();
    void rejectsWhatDoesNotFit_data();
    void rejectsWhatDoesNotFit();

private:
    data::Dataset m_fashion;
    data::Dataset m_fashionTest;
    bool m_haveFashion = false;
};

void TestTrainer::initTestCase() {
    // One thread: fastest for these small nets (6 s instead of 20 s for learnsFashionMnist on a
    // busy 2-core machine) and bit-reproducible.
    models::setThreadCount(1);
    const data::DatasetSpec spec{"fashion-mnist", EDGENAS_FASHION_MNIST_DIR};
    if (data::datasetAvailable(spec)) {
        m_fashion = data::loadDataset(spec, data::DatasetPart::Train);
        m_fashionTest = data::loadDataset(spec, data::DatasetPart::Test);
        m_haveFashion = true;
    }
}

void TestTrainer::learnsFashionMnist() {
    if (!m_haveFashion)
        EDGENAS_SKIP_OR_FAIL("Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
    TrainConfig config;
    config.epochs = 2;
    config.trainSubset = 6000;
    config.validationSubset = 2000;
    // 375 small steps learn more in 2 epochs than 94 large ones; this net wants a lower rate
    // than the default (0.05 reaches only ~0.80 here).
    config.batchSize = 32;
    config.learningRate = 0.02;
    Trainer trainer(config);
    const TrainResult r = trainer.train(testing::smallCnn({1, 28, 28}, 10, 8), m_fashion);
    qInfo("2 epochs on 6000 images: loss %.3f, train %.3f, validation %.3f in %.1f s", r.trainLoss,
          r.trainAccuracy, r.validationAccuracy, r.seconds);
    QCOMPARE(r.trainSamples, std::size_t(6000));
    QCOMPARE(r.validationSamples, std::size_t(2000));
    QCOMPARE(r.epochs, 2);
    QCOMPARE(r.testAccuracy, -1.0);
    QVERIFY2(r.validationAccuracy > 0.70, qPrintable(QString::number(r.validationAccuracy)));
}

void TestTrainer::reproducibleWithOneThread() {
    if (!m_haveFashion)
        EDGENAS_SKIP_OR_FAIL("Fashion-MNIST is not installed");
    models::setThreadCount(1);
    TrainConfig config = quick();
    config.trainSubset = 1024;
    config.validationSubset = 512;
    config.seed = 9;
    const TrainResult a = Trainer(config).train(testing::mbconvNet(), m_fashion);
    const TrainResult b = Trainer(config).train(testing::mbconvNet(), m_fashion);
    QCOMPARE(a.trainLoss, b.trainLoss);  // bit-identical, not merely close
    QCOMPARE(a.trainAccuracy, b.trainAccuracy);
    QCOMPARE(a.validationAccuracy, b.validationAccuracy);
}

void TestTrainer::seedChangesTheRun() {
    const data::Dataset d = quadrants(512);
    TrainConfig config = quick();
    config.seed = 1;
    const TrainResult a = Trainer(config).train(testing::smallCnn({1, 8, 8}, 4, 4), d);
    config.seed = 2;
    const TrainResult b = Trainer(config).train(testing::smallCnn({1, 8, 8}, 4, 4), d);
    QVERIFY(a.trainLoss != b.trainLoss);
}

void TestTrainer::progressIsReported() {
    const data::Dataset d = quadrants(600);  // 500 train after the 1/6 split: 16 batches of 32 (last 20)
    TrainConfig config = quick();
    config.epochs = 2;
    Trainer trainer(config);
    std::vector<TrainProgress> seen;
    trainer.setProgressCallback([&](const TrainProgress& p) { seen.push_back(p); });
    const TrainResult r = trainer.train(testing::smallCnn({1, 8, 8}, 4, 4), d);
    QCOMPARE(r.trainSamples, std::size_t(500));
    QCOMPARE(r.validationSamples, std::size_t(100));
    QCOMPARE(seen.size(), std::size_t(32));
    QCOMPARE(seen.front().batches, std::size_t(16));
    QCOMPARE(seen.front().epochs, 2);
    QCOMPARE(seen.back().epoch, 1);
    QCOMPARE(seen.back().batch, std::size_t(15));
    QCOMPARE(seen.back().fraction, 1.0);
    for (std::size_t i = 1; i < seen.size(); ++i)
        QVERIFY(seen[i].fraction > seen[i - 1].fraction);
    QCOMPARE(seen.back().loss, r.trainLoss);
    QCOMPARE(seen.back().accuracySoFar, r.trainAccuracy);
    // The quadrant task is trivial: two epochs must solve it.
    QVERIFY2(r.validationAccuracy > 0.9, qPrintable(QString::number(r.validationAccuracy)));
}

void TestTrainer::cancellationIsPrompt() {
    const data::Dataset d = quadrants(3000);
    TrainConfig config = quick();
    config.epochs = 50;
    Trainer trainer(config);
    int asked = 0;
    std::size_t batchesDone = 0;
    trainer.setCancelPredicate([&] { return ++asked > 3; });
    trainer.setProgressCallback([&](const TrainProgress&) { ++batchesDone; });
    const auto start = std::chrono::steady_clock::now();
    QVERIFY_THROWS_EXCEPTION(core::Cancelled, trainer.train(testing::smallCnn({1, 8, 8}, 4, 4), d));
    QVERIFY(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
    QCOMPARE(batchesDone, std::size_t(3));
    QVERIFY(trainer.model() == nullptr);  // no half-trained model is handed out
}

void TestTrainer::adamTrains() {
    const data::Dataset d = quadrants(600);
    TrainConfig config = quick();
    config.optimizer = "adam";
    config.learningRate = 3e-3;
    config.epochs = 2;
    const TrainResult r = Trainer(config).train(testing::mbconvNet({1, 8, 8}, 4), d);
    QVERIFY(std::isfinite(r.trainLoss));
    QVERIFY2(r.validationAccuracy > 0.5, qPrintable(QString::number(r.validationAccuracy)));
}

void TestTrainer::evaluatesTestSetAndModel() {
    const data::Dataset train = quadrants(600);
    const data::Dataset test = quadrants(200);
    TrainConfig config = quick();
    config.epochs = 2;
    Trainer trainer(config);
    const TrainResult r = trainer.train(testing::smallCnn({1, 8, 8}, 4, 4), train, &test);
    QVERIFY(r.testAccuracy >= 0.0 && r.testAccuracy <= 1.0);
    QVERIFY(trainer.model() != nullptr);
    QCOMPARE(models::evaluateAccuracy(*trainer.model(), test), r.testAccuracy);
    QCOMPARE(models::evaluateAccuracy(*trainer.model(), test, {0, 1, 2, 3}, 3),
             models::evaluateAccuracy(*trainer.model(), test, {0, 1, 2, 3}, 256));
    QCOMPARE(models::evaluateAccuracy(*trainer.model(), test, {}, 256), r.testAccuracy);
    QVERIFY_THROWS_EXCEPTION(core::InputError, models::evaluateAccuracy(*trainer.model(), test, {200}));
    const auto model = trainer.takeModel();
    QVERIFY(model.has_value());
    QVERIFY(trainer.model() == nullptr);
}

void TestTrainer::rejectsWhatDoesNotFit_data() {
    QTest::addColumn<int>("channels");
    QTest::addColumn<int>("classes");
    QTest::addColumn<QString>("optimizer");
    QTest::addColumn<int>("batchSize");
    QTest::addColumn<int>("epochs");
    QTest::newRow("input channels") << 3 << 4 << "sgd" << 32 << 1;
    QTest::newRow("class count") << 1 << 10 << "sgd" << 32 << 1;
    QTest::newRow("optimizer") << 1 << 4 << "rmsprop" << 32 << 1;
    QTest::newRow("batch size") << 1 << 4 << "sgd" << 0 << 1;
    QTest::newRow("epochs") << 1 << 4 << "sgd" << 32 << 0;
}

void TestTrainer::rejectsWhatDoesNotFit() {
    QFETCH(int, channels);
    QFETCH(int, classes);
    QFETCH(QString, optimizer);
    QFETCH(int, batchSize);
    QFETCH(int, epochs);
    TrainConfig config = quick();
    config.optimizer = optimizer.toStdString();
    config.batchSize = batchSize;
    config.epochs = epochs;
    const data::Dataset d = quadrants(64);
    QVERIFY_THROWS_EXCEPTION(core::InputError,
                             Trainer(config).train(testing::smallCnn({channels, 8, 8}, classes, 4), d));
}

QTEST_APPLESS_MAIN(TestTrainer)
#include "test_trainer.moc"
