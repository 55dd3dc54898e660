#include "core/architecture_json.h"
#include "core/canonical_form.h"
#include "core/errors.h"
#include "core/shape_inference.h"
#include "cost/architecture_cost.h"
#include "spaces/attentive_space.h"
#include "spaces/rng.h"
#include "spaces/space_factory.h"

#include <QtTest>

using namespace edgenas;
using spaces::AttentiveLayout;
using spaces::AttentiveSpace;
using spaces::Genome;

namespace {
int countOps(const core::Architecture& arch, core::OpType op) {
    int n = 0;
    for (const core::Node& node : arch.nodes)
        n += node.op == op;
    return n;
}
} // namespace

class TestAttentiveSpace : public QObject {
    Q_OBJECT
private slots:
    void reducedSpaceSpansFiveToThirteenBlocks() {
        const AttentiveSpace space;
        QCOMPARE(space.layout().minBlocks(), 5);
        QCOMPARE(space.layout().maxBlocks(), 13);
        QCOMPARE(space.geneCount(), 1 + 4 * 5 + 2);
        const core::Architecture small = space.build(space.smallest());
        const core::Architecture large = space.build(space.largest());
        QCOMPARE(countOps(small, core::OpType::MBConv), 5);
        QCOMPARE(countOps(large, core::OpType::MBConv), 13);
        // 28 -> 28 -> 14 -> 7 -> 4: the last block runs at 4x4 and every width stays <= 48.
        const auto shapes = core::inferShapes(large);
        const std::vector<int> blocks = space.blockOutputNodes(space.largest());
        QCOMPARE(int(blocks.size()), 13);
        const core::TensorShape last = shapes[static_cast<std::size_t>(blocks.back())];
        QCOMPARE(last.height, 4);
        QCOMPARE(last.channels, 48);
        for (int id : blocks)
            QVERIFY(shapes[static_cast<std::size_t>(id)].channels <= 48);
        QVERIFY(cost::analyseCost(large).macs > 4 * cost::analyseCost(small).macs);
    }

    void fullSpaceMatchesTheNotesTable() {
        spaces::SpaceOptions options;
        options.input = {3, 32, 32};
        options.numClasses = 100;
        options.attentiveLayout = "full";
        const AttentiveSpace space(options);
        QCOMPARE(space.layout().minBlocks(), 17);
        QCOMPARE(space.layout().maxBlocks(), 37);
        const core::Architecture large = space.build(space.largest());
        QCOMPARE(large.input.height, 288);
        QCOMPARE(countOps(large, core::OpType::MBConv), 37);
        QCOMPARE(large.nodes.back().outChannels, 100);
        QCOMPARE(space.build(space.smallest()).input.height, 192);
    }

    void genomesRoundTripAndDecodeToValidNetworks() {
        const AttentiveSpace space;
        spaces::Rng rng(7);
        for (int i = 0; i < 40; ++i) {
            const Genome g = space.sample(rng);
            const spaces::AttentiveBackbone b = space.backboneOf(g);
            QCOMPARE(space.genomeOf(b), g);
            QVERIFY(space.backboneOf(space.genomeOf(b)) == b);
            // Equality compares the stages too, field by field.
            spaces::AttentiveBackbone other = b;
            other.stages.back().squeezeExcite = !other.stages.back().squeezeExcite;
            QVERIFY(!(other == b));
            other = b;
            other.stages.front().kernel += 2;
            QVERIFY(!(other == b));
            const core::Architecture arch = space.decode(g);
            core::inferShapes(arch);
            QCOMPARE(countOps(arch, core::OpType::MBConv), b.blockCount());
            QCOMPARE(space.encode(core::architectureFromJson(core::toJson(arch, -1))), g);
            // Squeeze-excite only where the stage has it; swish inside every block.
            for (const core::Node& node : arch.nodes)
                if (node.op == core::OpType::MBConv)
                    QVERIFY(node.activation == core::ActivationType::Swish);
        }
    }

    void factoryAndErrorsNameTheProblem() {
        QCOMPARE(spaces::makeSearchSpace("hadas", {})->name(), std::string("attentive"));
        spaces::SpaceOptions bad;
        bad.attentiveLayout = "huge";
        QVERIFY_THROWS_EXCEPTION(core::InputError, AttentiveSpace{bad});
        try {
            AttentiveSpace{bad};
        } catch (const core::InputError& e) {
            QVERIFY(QString(e.what()).contains("huge"));
        }
        spaces::AttentiveBackbone b = AttentiveSpace().smallest();
        b.stages[1].width = 17;
        try {
            AttentiveSpace().genomeOf(b);
            QFAIL("an impossible width was accepted");
        } catch (const core::InputError& e) {
            QVERIFY(QString(e.what()).contains("mb2 width 17"));
        }
    }
};

QTEST_APPLESS_MAIN(TestAttentiveSpace)
#include "test_attentive_space.moc"
