#include "core/architecture_json.h"
#include "core/errors.h"
#include "models/input_convention.h"
#include "test_architectures.h"

#include <QtTest>

#include <string>

using namespace edgenas;
using models::InputConvention;

namespace {

InputConvention cifarLike() {
    return {"cifar10", {0.4914f, 0.4822f, 0.4465f}, {0.247f, 0.2435f, 0.2616f},
            {"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"}};
}

} // namespace

/// InputConvention: what a trained network expects of its input, and how architecture JSON
/// metadata records it.
class TestInputConvention : public QObject {
    Q_OBJECT

private slots:
    void ofDatasetIsWhatTheTrainerApplies() {
        data::Dataset fashion;
        fashion.name = "fashion-mnist";
        fashion.mean = {0.286f};
        fashion.stddev = {0.353f};
        fashion.classNames = {"a", "b"};
        const InputConvention c = InputConvention::of(fashion);
        QCOMPARE(c.dataset, std::string("fashion-mnist"));
        QVERIFY(c.mean == std::vector<float>{0.286f});
        QVERIFY(c.stddev == std::vector<float>{0.353f});
        QCOMPARE(c.classNames.size(), std::size_t(2));

        // A data set without statistics is fed unnormalised: mean 0, std 1 per channel.
        data::Dataset bare;
        bare.channels = 3;
        bare.stddev = {0.5f, 0.0f};
        const InputConvention b = InputConvention::of(bare);
        QVERIFY(b.mean == (std::vector<float>{0.0f, 0.0f, 0.0f}));
        QVERIFY(b.stddev == (std::vector<float>{0.5f, 1.0f, 1.0f}));
    }

    void metadataRoundTripsThroughJson() {
        core::Architecture arch = testing::smallCnn({3, 32, 32}, 10, 8);
        QVERIFY(!models::recordedInputConvention(arch));
        models::recordInputConvention(cifarLike(), arch);
        // Short, readable figures in the file, not double expansions of the floats.
        QCOMPARE(arch.metadata.at("input_mean"), std::string("[0.4914, 0.4822, 0.4465]"));
        QVERIFY(arch.metadata.at("class_names").find("\"automobile\"") != std::string::npos);
        const core::Architecture back = core::architectureFromJson(core::toJson(arch));
        const auto recorded = models::recordedInputConvention(back);
        QVERIFY(recorded);
        QVERIFY(*recorded == cifarLike());
    }

    void mismatchesAreRefused_data() {
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("classes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("channels") << 1 << 10 << "3 mean and 3 std values for 1 input channels";
        QTest::newRow("classes") << 3 << 5 << "10 class names for 5 classes";
    }
    void mismatchesAreRefused() {
        QFETCH(int, channels);
        QFETCH(int, classes);
        QFETCH(QString, expected);
        core::Architecture arch = testing::smallCnn({channels, 32, 32}, classes, 8);
        try {
            models::recordInputConvention(cifarLike(), arch);
            QFAIL("a convention that does not fit was recorded");
        } catch (const core::InputError& e) {
            QVERIFY2(QString(e.what()).contains(expected), e.what());
        }
        InputConvention zeroStd = cifarLike();
        zeroStd.stddev[1] = 0.0f;
        QVERIFY_THROWS_EXCEPTION(core::InputError, models::checkInputConvention(zeroStd, testing::smallCnn({3, 32, 32}, 10, 8)));
    }

    void malformedMetadataNamesTheKey() {
        core::Architecture arch = testing::smallCnn();
        arch.metadata["input_mean"] = "[0.2, oops]";
        arch.metadata["input_std"] = "[0.3]";
        try {
            models::recordedInputConvention(arch);
            QFAIL("malformed metadata was read");
        } catch (const core::InputError& e) {
            QVERIFY2(std::string(e.what()).find("input_mean") != std::string::npos, e.what());
        }
        arch.metadata.erase("input_mean");
        QVERIFY_THROWS_EXCEPTION(core::InputError, models::recordedInputConvention(arch));
    }
};

QTEST_GUILESS_MAIN(TestInputConvention)
#include "test_input_convention.moc"
