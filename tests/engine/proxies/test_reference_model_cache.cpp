#include "proxies/reference_model_cache.h"

#include "core/architecture_json.h"
#include "data/dataset_spec.h"
#include "models/torch_runtime.h"
#include "models/trainer.h"

#include "require_data.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>

using namespace edgenas;

Q_DECLARE_METATYPE(std::function<void(models::TrainConfig&)>)

// The cache must never hand out a model trained with other settings, and the reference's accuracy
// must be a measured figure: trained ones on the test split, user-named ones measured on loading.
class TestReferenceModelCache : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        models::setThreadCount(1);
        const data::DatasetSpec spec{"fashion-mnist", EDGENAS_FASHION_MNIST_DIR};
        if (!data::datasetAvailable(spec))
            EDGENAS_SKIP_OR_FAIL("Fashion-MNIST is not installed");
        m_train = std::make_unique<data::Dataset>(data::loadDataset(spec, data::DatasetPart::Train));
        m_test = std::make_unique<data::Dataset>(data::loadDataset(spec, data::DatasetPart::Test));
        QVERIFY(m_folder.isValid());
        m_arch = proxies::ReferenceModelCache::resnetLike({1, 28, 28}, 10, 4, 1);
        m_tiny.epochs = 1;
        m_tiny.trainSubset = 1500;
        m_tiny.validationSubset = 500;
        m_tiny.batchSize = 32;
        m_tiny.learningRate = 0.1;
    }

    // Every setting that changes the weights changes the key.
    void keyCoversEverySetting_data() {
        QTest::addColumn<std::function<void(models::TrainConfig&)>>("change");
        using F = std::function<void(models::TrainConfig&)>;
        QTest::newRow("optimiser") << F([](auto& t) { t.optimizer = "adam"; });
        QTest::newRow("cosine schedule") << F([](auto& t) { t.cosineSchedule = !t.cosineSchedule; });
        QTest::newRow("epochs") << F([](auto& t) { t.epochs += 1; });
        QTest::newRow("subset") << F([](auto& t) { t.trainSubset += 1; });
        QTest::newRow("batch") << F([](auto& t) { t.batchSize += 1; });
        QTest::newRow("seed") << F([](auto& t) { t.seed += 1; });
        QTest::newRow("learning rate") << F([](auto& t) { t.learningRate *= 2; });
        QTest::newRow("momentum") << F([](auto& t) { t.momentum = 0.5; });
        QTest::newRow("weight decay") << F([](auto& t) { t.weightDecay = 0.0; });
        QTest::newRow("nesterov") << F([](auto& t) { t.nesterov = !t.nesterov; });
        QTest::newRow("validation fraction") << F([](auto& t) { t.validationFraction = 0.25; });
    }
    void keyCoversEverySetting() {
        QFETCH(std::function<void(models::TrainConfig&)>, change);
        models::TrainConfig other = m_tiny;
        change(other);
        QVERIFY(proxies::ReferenceModelCache::key(m_arch, "fashion-mnist", other) !=
                proxies::ReferenceModelCache::key(m_arch, "fashion-mnist", m_tiny));
    }

    void keyNamesTheCodeVersionAndIgnoresTheReportingSubset() {
        const auto recipe = nlohmann::json::parse(proxies::ReferenceModelCache::recipe(m_tiny));
        QCOMPARE(recipe.at("code_version").get<int>(), proxies::ReferenceModelCache::kCodeVersion);
        QCOMPARE(recipe.at("schedule").get<std::string>(), std::string("cosine"));
        QCOMPARE(recipe.at("torch").get<std::string>(), models::torchVersion());
        // The validation subset only changes the reported accuracy, so the same weights serve.
        models::TrainConfig reporting = m_tiny;
        reporting.validationSubset = 2000;
        QCOMPARE(proxies::ReferenceModelCache::key(m_arch, "fashion-mnist", reporting),
                 proxies::ReferenceModelCache::key(m_arch, "fashion-mnist", m_tiny));
        QVERIFY(proxies::ReferenceModelCache::key(m_arch, "cifar10", m_tiny) !=
                proxies::ReferenceModelCache::key(m_arch, "fashion-mnist", m_tiny));
    }

    // The test accuracy is measured once on the whole test split, stored, and shown again on load.
    void testAccuracyIsStoredAndReloaded() {
        proxies::ReferenceModelCache cache(m_folder.filePath("cache").toStdString());
        const proxies::ReferenceModel first = cache.obtain(m_arch, *m_train, m_tiny, {}, {}, m_test.get());
        QVERIFY(!first.fromCache);
        QVERIFY2(first.testAccuracy > 0.2, qPrintable(QString::number(first.testAccuracy)));  // chance: 0.1
        QCOMPARE(first.testAccuracy, models::evaluateAccuracy(first.model, *m_test));
        const proxies::ReferenceModel second = cache.obtain(m_arch, *m_train, m_tiny);
        QVERIFY(second.fromCache);
        QCOMPARE(second.testAccuracy, first.testAccuracy);
        std::ifstream sidecar(cache.folder() + "/" + first.key + ".json");
        const auto meta = nlohmann::json::parse(sidecar);
        QCOMPARE(meta.at("test_accuracy").get<double>(), first.testAccuracy);
        QCOMPARE(meta.at("recipe").dump(), nlohmann::json::parse(proxies::ReferenceModelCache::recipe(m_tiny)).dump());
    }

    // A user-named reference gets its accuracy measured (it used to be -1).
    void userReferenceRecordsItsMeasuredAccuracy() {
        models::Trainer trainer(m_tiny);
        trainer.train(m_arch, *m_train);
        const std::string weights = m_folder.filePath("user.pt").toStdString();
        const std::string architecture = m_folder.filePath("user.json").toStdString();
        trainer.model()->saveWeights(weights);
        {
            std::ofstream out(architecture);
            out << core::toJson(m_arch, 2);
        }
        const proxies::ReferenceModel user =
            proxies::ReferenceModelCache::loadUserModel(architecture, weights, m_test.get());
        QVERIFY2(user.testAccuracy > 0.2, qPrintable(QString::number(user.testAccuracy)));
        QCOMPARE(user.testAccuracy, models::evaluateAccuracy(*trainer.model(), *m_test));
        QCOMPARE(proxies::ReferenceModelCache::loadUserModel(architecture, weights).testAccuracy, -1.0);
        qInfo("user-named reference: measured test accuracy %.4f", user.testAccuracy);
    }

private:
    QTemporaryDir m_folder;
    std::unique_ptr<data::Dataset> m_train, m_test;
    core::Architecture m_arch;
    models::TrainConfig m_tiny;
};

QTEST_APPLESS_MAIN(TestReferenceModelCache)
#include "test_reference_model_cache.moc"
