#include "proxies/reference_model_cache.h"
#include "proxies/rmi_scorer.h"

#include "core/canonical_form.h"
#include "core/errors.h"
#include "data/dataset_spec.h"
#include "models/torch_runtime.h"
#include "spaces/space_factory.h"
#include "require_data.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

#include <filesystem>
#include <memory>

using namespace edgenas;

// A tiny ResNet-like reference trained for a few seconds on Fashion-MNIST: enough for its
// features to differ clearly from a random network's.
class TestRmiScorer : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        models::setThreadCount(1);
        const data::DatasetSpec spec{"fashion-mnist", EDGENAS_FASHION_MNIST_DIR};
        if (!data::datasetAvailable(spec))
            EDGENAS_SKIP_OR_FAIL("Fashion-MNIST is not installed");
        m_train = std::make_unique<data::Dataset>(data::loadDataset(spec, data::DatasetPart::Train));
        QVERIFY(m_folder.isValid());
        m_referenceArch = proxies::ReferenceModelCache::resnetLike({1, 28, 28}, 10, 8, 1);
        m_trainConfig.epochs = 2;
        m_trainConfig.trainSubset = 4000;
        m_trainConfig.validationSubset = 1000;
        m_trainConfig.seed = 5;
        m_batch = proxies::RmiScorer::chooseBatch(*m_train, 64, 11);
    }

    void referenceIsTrainedOnceThenLoaded() {
        proxies::ReferenceModelCache cache(m_folder.path().toStdString());
        QVERIFY(!cache.contains(m_referenceArch, "fashion-mnist", m_trainConfig));
        const proxies::ReferenceModel first = cache.obtain(m_referenceArch, *m_train, m_trainConfig);
        QVERIFY(!first.fromCache);
        QVERIFY2(first.validationAccuracy > 0.3, qPrintable(QString::number(first.validationAccuracy))); // chance: 0.1
        QVERIFY(std::filesystem::exists(first.weightsPath));
        QVERIFY(cache.contains(m_referenceArch, "fashion-mnist", m_trainConfig));
        const proxies::ReferenceModel second = cache.obtain(m_referenceArch, *m_train, m_trainConfig);
        QVERIFY(second.fromCache);
        QCOMPARE(second.validationAccuracy, first.validationAccuracy);
        // Another key (more epochs) is another entry.
        models::TrainConfig other = m_trainConfig;
        other.epochs = 3;
        QVERIFY(!cache.contains(m_referenceArch, "fashion-mnist", other));
        QVERIFY(proxies::ReferenceModelCache::key(m_referenceArch, "fashion-mnist", other) != first.key);
        // So are another batch size and learning rate: they train other weights, and a stale entry
        // would silently stand in for the reference asked for.
        models::TrainConfig smallerBatch = m_trainConfig;
        smallerBatch.batchSize = 32;
        QVERIFY(!cache.contains(m_referenceArch, "fashion-mnist", smallerBatch));
        models::TrainConfig fasterRate = m_trainConfig;
        fasterRate.learningRate = 0.1;
        QVERIFY(!cache.contains(m_referenceArch, "fashion-mnist", fasterRate));
        QVERIFY(proxies::ReferenceModelCache::key(m_referenceArch, "fashion-mnist", smallerBatch) !=
                proxies::ReferenceModelCache::key(m_referenceArch, "fashion-mnist", fasterRate));
    }

    void randomWeightsAreClearlyNotTheReference() {
        // The reference's own architecture with fresh weights: similar wiring, but the trained
        // representation is not there.
        proxies::RmiScorer scorer = makeScorer({.steps = 0});
        const proxies::RmiScore fresh = scorer.score(m_referenceArch, 99);
        QCOMPARE(fresh.pairs, 3);
        double mean = 0.0;
        for (double c : fresh.ckaInitial) {
            QVERIFY(c > 0.0 && c < 0.99);
            mean += c / 3;
        }
        QVERIFY2(mean < 0.95, qPrintable(QString::number(mean)));
    }

    void ckaBelowOneAndRisingDuringTheFit() {
        proxies::RmiScorer scorer = makeScorer({.steps = 15});
        const auto space = nb201();
        spaces::Rng rng(4);
        int rising = 0;
        const int trials = 4;
        for (int t = 0; t < trials; ++t) {
            spaces::Genome genome;
            // Networks whose every path is "none" have nothing to fit.
            do
                genome = space->sample(rng);
            while (std::count(genome.begin(), genome.end(), 0) > 3);
            const proxies::RmiScore s = scorer.score(space->decode(genome), 100 + t);
            QCOMPARE(s.meanCkaTrace.size(), std::size_t(16));
            QVERIFY2(s.meanCkaTrace.front() < 0.95, qPrintable(QString::number(s.meanCkaTrace.front())));
            if (s.meanCkaTrace.back() > s.meanCkaTrace.front() + 0.02)
                ++rising;
            QVERIFY(!s.diverged);
            QVERIFY(std::abs(s.phi - (1.0 - s.loss / s.pairs)) < 1e-12);
            QVERIFY(std::abs(s.loss - (0.8 * s.rmiLoss + 0.2 * s.crossEntropy)) < 1e-9);
        }
        QCOMPARE(rising, trials);
    }

    void trainingFreeVariantAndDeterminism() {
        proxies::RmiScorer k0 = makeScorer({.steps = 0});
        const auto space = nb201();
        spaces::Rng rng(9);
        std::vector<core::Architecture> archs;
        std::vector<std::uint64_t> seeds;
        for (int i = 0; i < 4; ++i) {
            archs.push_back(space->decode(space->sample(rng)));
            seeds.push_back(std::uint64_t(20 + i));
        }
        const proxies::RmiScore a = k0.score(archs[0], 20);
        QCOMPARE(a.meanCkaTrace.size(), std::size_t(1));
        QVERIFY(a.ckaInitial == a.ckaFinal);

        // Two workers with one thread each give exactly what one thread gives alone.
        proxies::RmiScorer k3 = makeScorer({.steps = 3});
        const auto sequential = k3.scoreMany(archs, seeds, 1);
        const auto parallel = k3.scoreMany(archs, seeds, 2);
        for (std::size_t i = 0; i < archs.size(); ++i) {
            QVERIFY(sequential[i].error.empty());
            QCOMPARE(parallel[i].loss, sequential[i].loss);
            QVERIFY(parallel[i].ckaFinal == sequential[i].ckaFinal);
        }
    }

    void badInputIsRefused() {
        proxies::RmiScorer scorer = makeScorer({.steps = 0});
        const core::Architecture cifar = proxies::ReferenceModelCache::resnetLike({3, 32, 32}, 10, 4, 1);
        QVERIFY_THROWS_EXCEPTION(core::InputError, scorer.score(cifar, 1));
        const auto many = scorer.scoreMany({cifar}, {1}, 1);
        QVERIFY(!many[0].error.empty());
        QVERIFY_THROWS_EXCEPTION(core::InputError, proxies::RmiScorer::chooseBatch(*m_train, 1, 1));
        QVERIFY_THROWS_EXCEPTION(core::InputError,
                                 (proxies::RmiScorer(cache().obtain(m_referenceArch, *m_train, m_trainConfig).model,
                                                     *m_train, {1}, {})));
    }

private:
    proxies::ReferenceModelCache cache() const { return proxies::ReferenceModelCache(m_folder.path().toStdString()); }
    proxies::RmiScorer makeScorer(proxies::RmiSettings settings) {
        proxies::ReferenceModelCache c = cache();
        return proxies::RmiScorer(c.obtain(m_referenceArch, *m_train, m_trainConfig).model, *m_train, m_batch,
                                  settings);
    }
    std::unique_ptr<spaces::SearchSpace> nb201() const {
        spaces::SpaceOptions options;
        options.nb201Channels = 4;
        options.nb201CellsPerStage = 1;
        return spaces::makeSearchSpace("nb201", options);
    }

    QTemporaryDir m_folder;
    std::unique_ptr<data::Dataset> m_train;
    core::Architecture m_referenceArch;
    models::TrainConfig m_trainConfig;
    std::vector<int> m_batch;
};

QTEST_APPLESS_MAIN(TestRmiScorer)
#include "test_rmi_scorer.moc"
