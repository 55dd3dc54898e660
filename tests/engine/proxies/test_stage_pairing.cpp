#include "proxies/reference_model_cache.h"
#include "proxies/stage_pairing.h"

#include "core/shape_inference.h"
#include "spaces/space_factory.h"

#include <QtTest>

using namespace edgenas;

using Pairs = std::vector<std::pair<int, int>>;
Q_DECLARE_METATYPE(Pairs)

class TestStagePairing : public QObject {
    Q_OBJECT

private slots:
    void resnetStagesEndAtEachResolution() {
        const core::Architecture arch = proxies::ReferenceModelCache::resnetLike({1, 28, 28}, 10);
        const auto shapes = core::inferShapes(arch);
        const std::vector<int> ends = proxies::stageEndNodes(arch);
        QCOMPARE(ends.size(), std::size_t(3));
        const int expected[3][3] = {{16, 28, 28}, {32, 14, 14}, {64, 7, 7}};
        for (int i = 0; i < 3; ++i) {
            const core::TensorShape& s = shapes[static_cast<std::size_t>(ends[static_cast<std::size_t>(i)])];
            QCOMPARE(s.channels, expected[i][0]);
            QCOMPARE(s.height, expected[i][1]);
            QCOMPARE(s.width, expected[i][2]);
            // The block's final ReLU, i.e. ResNet's layerN output.
            QVERIFY(arch.node(ends[static_cast<std::size_t>(i)]).op == core::OpType::Activation);
        }
        // 20 weight layers: 19 convolutions (shortcut projections aside) and the classifier.
        int convs = 0, linears = 0;
        for (const auto& n : arch.nodes) {
            convs += n.op == core::OpType::Conv;
            linears += n.op == core::OpType::Linear;
        }
        QCOMPARE(convs, 19);
        QCOMPARE(linears, 1);
        QCOMPARE(proxies::stageEndNodes(proxies::ReferenceModelCache::resnetLike({3, 32, 32}, 100)).size(),
                 std::size_t(3));
    }

    void searchSpacesHaveStages() {
        spaces::SpaceOptions options;
        options.nb201Channels = 4;
        options.nb201CellsPerStage = 1;
        const auto nb201 = spaces::makeSearchSpace("nb201", options);
        spaces::Rng rng(3);
        for (int i = 0; i < 20; ++i)
            QCOMPARE(proxies::stageEndNodes(nb201->decode(nb201->sample(rng))).size(), std::size_t(3));
        const auto mobilenet = spaces::makeSearchSpace("mobilenet", options);
        const std::size_t stages = proxies::stageEndNodes(mobilenet->decode(mobilenet->sample(rng))).size();
        QVERIFY(stages >= 3);
    }

    void pairing_data() {
        QTest::addColumn<int>("reference");
        QTest::addColumn<int>("candidate");
        QTest::addColumn<int>("pairs");
        QTest::addColumn<Pairs>("expected");
        QTest::newRow("same depth") << 3 << 3 << 3 << Pairs{{0, 0}, {1, 1}, {2, 2}};
        QTest::newRow("candidate deeper") << 3 << 4 << 3 << Pairs{{0, 0}, {1, 1}, {2, 3}};
        QTest::newRow("candidate shallower") << 3 << 2 << 3 << Pairs{{0, 0}, {2, 1}};
        QTest::newRow("one pair: the last stages") << 3 << 5 << 1 << Pairs{{2, 4}};
        QTest::newRow("no stage") << 3 << 0 << 3 << Pairs{};
    }
    void pairing() {
        QFETCH(int, reference);
        QFETCH(int, candidate);
        QFETCH(int, pairs);
        QFETCH(Pairs, expected);
        QVERIFY(proxies::pairStages(reference, candidate, pairs) == expected);
    }
};

QTEST_APPLESS_MAIN(TestStagePairing)
#include "test_stage_pairing.moc"
