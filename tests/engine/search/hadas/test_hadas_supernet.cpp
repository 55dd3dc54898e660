#include "core/errors.h"
#include "models/exit_heads.h"
#include "models/supernet_model.h"
#include "models/trainer.h"
#include "models/torch_runtime.h"
#include "search/hadas/hadas_supernet.h"
#include "search/hadas/temperature_scaling.h"
#include "spaces/attentive_space.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstdint>
#include <filesystem>

using namespace edgenas;
using search::HadasSupernet;
using search::HadasSupernetSettings;
using spaces::AttentiveSpace;

namespace {

// 10 classes of 1x28x28 images: class c lights a horizontal band at rows 2c..2c+7 over noise.
std::shared_ptr<const data::Dataset> bands(std::size_t count, std::uint32_t seed) {
    auto d = std::make_shared<data::Dataset>();
    d->name = "bands";
    d->channels = 1;
    d->height = d->width = 28;
    d->numClasses = 10;
    d->mean = {0.3f};
    d->stddev = {0.3f};
    std::uint32_t state = seed;
    for (std::size_t i = 0; i < count; ++i) {
        const int label = int((i * 7) % 10);
        d->labels.push_back(std::uint8_t(label));
        for (int y = 0; y < 28; ++y)
            for (int x = 0; x < 28; ++x) {
                state = state * 1664525u + 1013904223u;
                const bool lit = y >= 2 * label && y < 2 * label + 8 && (x + label) % 3 != 0;
                d->pixels.push_back(std::uint8_t((lit ? 140 : 0) + (state >> 26)));
            }
    }
    return d;
}

HadasSupernetSettings tiny() {
    HadasSupernetSettings s;
    s.trainSubset = 256;
    s.epochs = 1;
    s.batchSize = 32;
    s.randomSubnets = 1;
    s.learningRate = 0.05;
    s.calibrationBatches = 2;
    s.calibrationBatchSize = 64;
    s.headWidth = 8;
    s.headEpochs = 2;
    s.headTrainSubset = 128;
    s.fidelitySubnets = 3;
    s.fidelityEpochs = 1;
    s.fidelityBatchSize = 32;
    s.threads = 1;
    return s;
}

} // namespace

class TestHadasSupernet : public QObject {
    Q_OBJECT
private slots:
    void settingsRoundTripAndNameBadKeys();
    void temperatureScalingNeverWorsensTheFit();
    void secondObtainLoadsFromTheCache();
    void cancelledTrainingResumesAtTheLastEpoch();
    void exitTablesAreCalibratedAndCached();
    void fidelitySpreadsOverMacsAndIsCached();

private:
    AttentiveSpace m_space;
    std::shared_ptr<const data::Dataset> m_train = bands(360, 11);
    std::shared_ptr<const data::Dataset> m_test = bands(50, 12);
};

void TestHadasSupernet::settingsRoundTripAndNameBadKeys() {
    HadasSupernetSettings s = tiny();
    s.splitSeed = 7;
    s.headLearningRate = 0.02;
    const HadasSupernetSettings back = HadasSupernetSettings::fromJson(s.toJson());
    QCOMPARE(back.toJson(), s.toJson());
    QCOMPARE(back.splitSeed, std::uint64_t(7));
    QCOMPARE(HadasSupernetSettings::fromJson("{}").trainSubset, 20000);
    try {
        HadasSupernetSettings::fromJson(R"({"epoch": 3})");
        QFAIL("an unknown key was accepted");
    } catch (const core::InputError& e) {
        QVERIFY2(std::string(e.what()).find("epoch") != std::string::npos, e.what());
    }
    try {
        HadasSupernetSettings::fromJson(R"({"head_width": 0})");
        QFAIL("a head width of 0 was accepted");
    } catch (const core::InputError& e) {
        QVERIFY2(std::string(e.what()).find("head_width") != std::string::npos, e.what());
    }
    s.batchSize = 1;
    QVERIFY_THROWS_EXCEPTION(core::InputError, s.validate());
}

void TestHadasSupernet::temperatureScalingNeverWorsensTheFit() {
    // Over-confident logits: right 70 % of the time but with huge margins; T > 1 must help.
    std::vector<float> logits;
    std::vector<int> labels;
    for (int n = 0; n < 200; ++n) {
        const int label = n % 4;
        const int predicted = n % 10 < 7 ? label : (label + 1) % 4;
        for (int k = 0; k < 4; ++k)
            logits.push_back(k == predicted ? 12.0f : 0.0f);
        labels.push_back(label);
    }
    const double t = search::fitTemperature(logits, 4, labels);
    QVERIFY2(t > 1.5, qPrintable(QString::number(t)));
    QVERIFY(search::negativeLogLikelihood(logits, 4, labels, t) < search::negativeLogLikelihood(logits, 4, labels, 1.0));
    const search::ExitOutcomes o = search::exitOutcomes(3, logits, 4, labels, t);
    QCOMPARE(o.correct.size(), std::size_t(200));
    QCOMPARE(o.block, 3);
    int correct = 0;
    for (std::size_t i = 0; i < o.correct.size(); ++i) {
        correct += o.correct[i];
        QVERIFY(o.confidence[i] > 0.25f && o.confidence[i] <= 1.0f);
    }
    QCOMPARE(correct, 140);
    // Under-confident logits (all nearly tied, mostly right) ask for T < 1.
    for (float& z : logits)
        z /= 100.0f;
    QVERIFY(search::fitTemperature(logits, 4, labels) < 1.0);
    QVERIFY_THROWS_EXCEPTION(core::InputError, search::fitTemperature(logits, 5, labels));
}

void TestHadasSupernet::secondObtainLoadsFromTheCache() {
    QTemporaryDir dir;
    const std::string folder = dir.path().toStdString();
    QVERIFY(!HadasSupernet::isCached(m_space, *m_train, tiny(), folder));
    int reports = 0;
    auto first = HadasSupernet::obtain(m_space, m_train, m_test, tiny(), folder,
                                       [&](const search::HadasSupernetProgress&) { ++reports; });
    QVERIFY(!first->fromCache());
    QCOMPARE(reports, 8);  // 256 images, batch 32
    QCOMPARE(first->trainIndices().size(), std::size_t(256));
    QCOMPARE(first->validationIndices().size(), std::size_t(60));  // 360 / 6
    for (int v : first->validationIndices())
        QVERIFY(!std::binary_search(first->trainIndices().begin(), first->trainIndices().end(), v));
    QCOMPARE(first->epochLosses().size(), std::size_t(1));
    QVERIFY(HadasSupernet::isCached(m_space, *m_train, tiny(), folder));

    reports = 0;
    auto second = HadasSupernet::obtain(m_space, m_train, m_test, tiny(), folder,
                                        [&](const search::HadasSupernetProgress&) { ++reports; });
    QVERIFY(second->fromCache());
    QCOMPARE(reports, 0);
    QCOMPARE(second->key(), first->key());
    QCOMPARE(second->epochLosses(), first->epochLosses());
    const auto backbone = m_space.smallest();
    const double a = first->validationAccuracy(backbone);
    QCOMPARE(second->validationAccuracy(backbone), a);
    QVERIFY(a >= 0.0 && a <= 1.0);
    QVERIFY(second->testAccuracy(backbone) >= 0.0);

    // Another setting that changes the weights is another entry.
    HadasSupernetSettings other = tiny();
    other.seed = 2;
    QVERIFY(HadasSupernet::keyFor(m_space, *m_train, other) != first->key());
    other = tiny();
    other.validationSubset = 30;  // evaluation only: same weights
    QCOMPARE(HadasSupernet::keyFor(m_space, *m_train, other), first->key());
}

void TestHadasSupernet::cancelledTrainingResumesAtTheLastEpoch() {
    QTemporaryDir dir;
    const std::string folder = dir.path().toStdString();
    HadasSupernetSettings s = tiny();
    s.trainSubset = 128;
    s.epochs = 2;
    int steps = 0;
    QVERIFY_THROWS_EXCEPTION(core::Cancelled,
                             HadasSupernet::obtain(m_space, m_train, m_test, s, folder, {}, [&]() { return ++steps > 6; }));
    bool progressKept = false;
    for (const auto& entry : std::filesystem::directory_iterator(folder))
        progressKept |= entry.path().string().ends_with(".progress");
    QVERIFY(progressKept);

    int firstEpoch = -1;
    auto resumed = HadasSupernet::obtain(m_space, m_train, m_test, s, folder, [&](const search::HadasSupernetProgress& p) {
        if (firstEpoch < 0)
            firstEpoch = p.epoch;
    });
    QCOMPARE(firstEpoch, 1);
    QVERIFY(!resumed->fromCache());
    for (const auto& entry : std::filesystem::directory_iterator(folder))
        QVERIFY2(!entry.path().string().ends_with(".progress"), "the progress file outlives the finished entry");
}

void TestHadasSupernet::exitTablesAreCalibratedAndCached() {
    QTemporaryDir dir;
    const std::string folder = dir.path().toStdString();
    auto supernet = HadasSupernet::obtain(m_space, m_train, m_test, tiny(), folder);
    const auto backbone = m_space.largest();
    const std::vector<int> blocks{6, 2, 10};
    int reports = 0;
    const auto [validation, test] =
        supernet->exitTables(backbone, blocks, 0, [&](const search::HadasSupernetProgress&) { ++reports; });
    QCOMPARE(reports, 2);  // two head epochs
    QCOMPARE(validation.exits.size(), std::size_t(3));
    QCOMPARE(validation.exits[0].block, 2);
    QCOMPARE(validation.exits[2].block, 10);
    QCOMPARE(validation.final.block, -1);
    QCOMPARE(validation.samples(), 60);
    QCOMPARE(test.samples(), 50);
    for (const auto* table : {&validation, &test}) {
        for (const auto& exit : table->exits) {
            QCOMPARE(exit.correct.size(), std::size_t(table->samples()));
            QCOMPARE(exit.confidence.size(), std::size_t(table->samples()));
            QVERIFY(exit.temperature > 0.0);
        }
    }
    // The same temperature on both splits; the final head's table matches the backbone's accuracy.
    QCOMPARE(test.exits[1].temperature, validation.exits[1].temperature);
    int finalCorrect = 0;
    for (auto c : validation.final.correct)
        finalCorrect += c;
    QCOMPARE(double(finalCorrect) / 60.0, supernet->validationAccuracy(backbone));

    // Calibration on real head logits never raises the validation NLL.
    supernet->model().recalibrate(backbone, *m_train, supernet->trainIndices(), 2, 64, 1);
    models::ExitHeads heads(supernet->model(), backbone, {2}, 8, 1);
    models::ExitHeadConfig config;
    config.width = 8;
    config.epochs = 1;
    config.batchSize = 32;
    heads.train(supernet->model(), config, *m_train, {supernet->trainIndices().begin(), supernet->trainIndices().begin() + 64});
    const auto logits = heads.logits(supernet->model(), *m_train, supernet->validationIndices());
    const double t = search::fitTemperature(logits.exits[0].values, 10, logits.labels);
    QVERIFY(t > 0.0);
    QVERIFY(search::negativeLogLikelihood(logits.exits[0].values, 10, logits.labels, t) <=
            search::negativeLogLikelihood(logits.exits[0].values, 10, logits.labels, 1.0));

    // A resumed run reads both tables back without training.
    auto again = HadasSupernet::obtain(m_space, m_train, m_test, tiny(), folder);
    reports = 0;
    const auto [validation2, test2] =
        again->exitTables(backbone, {10, 2, 6}, 0, [&](const search::HadasSupernetProgress&) { ++reports; });
    QCOMPARE(reports, 0);
    QCOMPARE(validation2.exits[1].confidence, validation.exits[1].confidence);
    QCOMPARE(test2.final.correct, test.final.correct);
    QCOMPARE(test2.exits[2].temperature, test.exits[2].temperature);

    QVERIFY_THROWS_EXCEPTION(core::InputError, supernet->exitTables(backbone, {backbone.blockCount()}));

    // The dynamic model for export: two of the trained heads in EarlyExit nodes before the classifier.
    const core::Architecture plain = m_space.build(backbone);
    const auto outputs = m_space.blockOutputNodes(backbone);
    auto dynamicWith = [&](const std::vector<int>& exits) {
        core::Architecture arch = plain;
        arch.nodes.clear();
        for (std::size_t i = 0; i + 1 < plain.nodes.size(); ++i)
            arch.add(plain.nodes[i]);
        for (int b : exits)
            arch.add(core::Node{.op = core::OpType::EarlyExit, .inputs = {outputs[static_cast<std::size_t>(b)]},
                                .outChannels = 8});
        arch.add(plain.nodes.back());
        return arch;
    };
    reports = 0;
    const models::TrainedModel dynamic = again->dynamicModel(backbone, blocks, 0, dynamicWith({2, 10}),
                                                             [&](const search::HadasSupernetProgress&) { ++reports; });
    QCOMPARE(reports, 0);  // the heads come from the cache
    QVERIFY(!dynamic.inputConvention().empty());
    QCOMPARE(models::evaluateAccuracy(dynamic, *m_train, again->validationIndices()),
             again->validationAccuracy(backbone));
    QVERIFY_THROWS_EXCEPTION(core::InputError, again->dynamicModel(backbone, blocks, 0, dynamicWith({3})));
}

void TestHadasSupernet::fidelitySpreadsOverMacsAndIsCached() {
    QTemporaryDir dir;
    const std::string folder = dir.path().toStdString();
    auto supernet = HadasSupernet::obtain(m_space, m_train, nullptr, tiny(), folder);
    const search::FidelityReport report = supernet->fidelity();
    QVERIFY(!report.fromCache);
    QCOMPARE(report.subnets.size(), std::size_t(3));
    for (std::size_t i = 1; i < report.subnets.size(); ++i)
        QVERIFY(report.subnets[i - 1].macs < report.subnets[i].macs);
    QCOMPARE(m_space.genomeOf(report.subnets.front().backbone), m_space.genomeOf(m_space.smallest()));
    QCOMPARE(m_space.genomeOf(report.subnets.back().backbone), m_space.genomeOf(m_space.largest()));
    for (const auto& s : report.subnets) {
        QVERIFY(s.inheritedAccuracy >= 0.0 && s.inheritedAccuracy <= 1.0);
        QVERIFY(s.standaloneAccuracy >= 0.0 && s.standaloneAccuracy <= 1.0);
    }
    QVERIFY(report.kendallTau >= -1.0 && report.kendallTau <= 1.0);
    QVERIFY(report.inheritedSd >= 0.0);
    QCOMPARE(supernet->testAccuracy(m_space.smallest()), -1.0);

    const search::FidelityReport cached = supernet->fidelity();
    QVERIFY(cached.fromCache);
    QCOMPARE(cached.kendallTau, report.kendallTau);
    QCOMPARE(cached.inheritedSd, report.inheritedSd);
    QCOMPARE(m_space.genomeOf(cached.subnets[1].backbone), m_space.genomeOf(report.subnets[1].backbone));
    QCOMPARE(cached.subnets[1].standaloneAccuracy, report.subnets[1].standaloneAccuracy);
}

QTEST_GUILESS_MAIN(TestHadasSupernet)
#include "test_hadas_supernet.moc"
