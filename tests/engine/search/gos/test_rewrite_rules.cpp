// GOS's rewrite rules without LibTorch: every candidate keeps the layer's output shape, has
// strictly fewer MACs, is canonical and unique; the per-rule counts add up; rules that cannot
// apply to a layer yield nothing; the MACs of known rewrites match their formulas.

#include "gos_test_layers.h"

#include "core/errors.h"
#include "core/native_program.h"
#include "search/gos/program_rewriting.h"
#include "search/gos/rewrite_rules.h"

#include <map>
#include <set>

using namespace edgenas;
using core::Instruction;
using core::Node;
using core::OpType;
using core::Primitive;
using core::TensorShape;
using search::RewriteCandidate;

namespace {

std::map<std::string, int> depthOneCounts(const Node& node, const TensorShape& in) {
    std::map<std::string, int> counts;
    for (const search::RuleCount& count : search::ruleCounts(search::rewriteCandidates(node, in)))
        counts[count.rule] = count.depth1;
    return counts;
}

const RewriteCandidate* withRules(const std::vector<RewriteCandidate>& candidates, std::vector<std::string> rules) {
    for (const RewriteCandidate& candidate : candidates)
        if (candidate.rules == rules)
            return &candidate;
    return nullptr;
}

} // namespace

class TestRewriteRules : public QObject {
    Q_OBJECT
private slots:
    void everyCandidateKeepsShapeAndCutsMacs_data() {
        gos_test::addLayerColumns();
        gos_test::addLayerRows();
    }
    void everyCandidateKeepsShapeAndCutsMacs() {
        QFETCH(Node, node);
        QFETCH(TensorShape, in);
        const std::vector<Instruction> original = *core::nativeProgram(node, in);
        const TensorShape out = search::programOutput(original, in);
        const std::int64_t originalMacs = search::programMacs(original, in);
        QVERIFY(originalMacs > 0);
        const std::vector<RewriteCandidate> depthOne = search::rewriteCandidates(node, in);
        const std::vector<RewriteCandidate> depthTwo = search::rewriteCandidates(node, in, {.depth = 2});
        QVERIFY(!depthOne.empty());
        QVERIFY(depthTwo.size() > depthOne.size());
        std::set<std::string> keys{core::programKey(original)};
        for (std::size_t i = 0; i < depthTwo.size(); ++i) {
            const RewriteCandidate& c = depthTwo[i];
            const QByteArray what = QByteArray::fromStdString(c.key);
            QVERIFY2(!c.rules.empty() && c.rules.size() <= 2, what);
            QVERIFY2(search::programOutput(c.program, in) == out, what);
            QCOMPARE(c.macs, search::programMacs(c.program, in));
            QVERIFY2(c.macs < originalMacs, what);
            QCOMPARE(c.key, core::programKey(c.program));
            QVERIFY2(keys.insert(c.key).second, what);  // unique, and never the original itself
            QVERIFY2(search::canonicalProgram(c.program, in) == c.program, what);
            // Depth 2 starts with the depth-1 candidates, in the same order.
            if (i < depthOne.size())
                QCOMPARE(c.key, depthOne[i].key);
        }
        // Every rule builds programs the analysis accepts (the generator's guard against programs
        // it rejects is for inputs too small for a window, not for these layers).
        for (const std::string& rule : search::rewriteRuleNames()) {
            for (const auto& program : search::applyRewriteRule(rule, original, in))
                search::analyseInstructions(program, in);
            for (const RewriteCandidate& c : depthOne)
                for (const auto& program : search::applyRewriteRule(rule, c.program, in))
                    search::analyseInstructions(program, in);
        }
        int total = 0;
        int depth1 = 0;
        for (const search::RuleCount& count : search::ruleCounts(depthTwo)) {
            total += count.depth1 + count.depth2;
            depth1 += count.depth1;
        }
        QCOMPARE(total, static_cast<int>(depthTwo.size()));
        QCOMPARE(depth1, static_cast<int>(depthOne.size()));
    }

    // Which rules apply to which layer (a rule that cannot apply yields nothing).
    void rulesApplyWhereTheyCan() {
        auto conv = depthOneCounts(gos_test::conv(32, 3, 1), {16, 8, 8});
        for (const char* rule : {"factorise", "group2", "group2_shuffle", "group4", "group4_shuffle", "group8",
                                 "group8_shuffle", "low_rank_half", "low_rank_quarter", "spatial_separation",
                                 "shift_pointwise", "remove"})
            QVERIFY2(conv[rule] == 1, rule);
        QCOMPARE(conv["kernel_shrink_dilated"], 0);  // 3 -> 1 is remove's projection

        // 8 channels: no group of 16; 5 x 5: the shrink to 3 x 3 with dilation 2.
        auto small = depthOneCounts(gos_test::conv(8, 5, 1), {8, 8, 8});
        QCOMPARE(small["group8"], 1);
        QCOMPARE(small["kernel_shrink_dilated"], 1);
        QCOMPARE(small["remove"], 2);  // identity and the centre-tap projection
        QCOMPARE(depthOneCounts(gos_test::conv(8, 3, 1), {4, 8, 8})["group8"], 0);  // group 8 on 4 channels

        auto depthwise = depthOneCounts(Node{.op = OpType::DepthwiseConv, .kernel = 3, .padding = 1}, {32, 8, 8});
        for (const char* rule : {"factorise", "group2", "group8_shuffle", "low_rank_half", "low_rank_quarter",
                                 "kernel_shrink_dilated"})
            QVERIFY2(depthwise[rule] == 0, rule);
        QCOMPARE(depthwise["spatial_separation"], 1);
        QCOMPARE(depthwise["shift_pointwise"], 1);
        QCOMPARE(depthwise["remove"], 2);

        auto linear = depthOneCounts(Node{.op = OpType::Linear, .outChannels = 10, .bias = true}, {64, 1, 1});
        QCOMPARE(linear["group2"], 1);
        QCOMPARE(linear["group4"], 0);  // 10 outputs
        QCOMPARE(linear["low_rank_half"], 1);
        for (const char* rule : {"factorise", "spatial_separation", "shift_pointwise", "remove"})
            QVERIFY2(linear[rule] == 0, rule);

        // A square pointwise layer: rank 8 of 16 costs 8 (16 + 16) = 16 x 16 MACs, the same as
        // the layer, so it is dropped; rank 4 is kept.
        auto square = depthOneCounts(Node{.op = OpType::PointwiseConv, .outChannels = 16}, {16, 4, 4});
        QCOMPARE(square["low_rank_half"], 0);
        QCOMPARE(square["low_rank_quarter"], 1);

        // Valid padding: no shift (it keeps H x W), no projection (it would need negative padding).
        Node valid = gos_test::conv(32, 3, 1);
        valid.padding = 0;
        auto unpadded = depthOneCounts(valid, {16, 8, 8});
        QCOMPARE(unpadded["shift_pointwise"], 0);
        QCOMPARE(unpadded["remove"], 0);
        QCOMPARE(unpadded["factorise"], 1);
    }

    // The MACs of known rewrites of a 3x3 convolution 16 -> 32 over 8 x 8.
    void macsMatchTheirFormulas() {
        const std::vector<RewriteCandidate> all = search::rewriteCandidates(gos_test::conv(32, 3, 1), {16, 8, 8}, {.depth = 2});
        const std::int64_t pixels = 64;
        const std::map<std::vector<std::string>, std::int64_t> expected{
            {{"factorise"}, (16 * 9 + 16 * 32) * pixels},
            {{"group2"}, 32 * 8 * 9 * pixels},
            {{"low_rank_half"}, (16 * 144 + 32 * 16) * pixels},
            {{"low_rank_quarter"}, (8 * 144 + 32 * 8) * pixels},
            {{"spatial_separation"}, (16 * 48 + 32 * 48) * pixels},
            {{"shift_pointwise"}, 16 * 32 * pixels},
            {{"remove"}, 16 * 32 * pixels},
            {{"factorise", "group4"}, (16 * 9 + 4 * 32) * pixels},
            {{"factorise", "spatial_separation"}, (16 * 3 + 16 * 3 + 16 * 32) * pixels},
            // Also reachable as shift then group2: kept once, under the first path.
            {{"group2", "shift_pointwise"}, 32 * 8 * pixels},
        };
        for (const auto& [rules, macs] : expected) {
            const RewriteCandidate* c = withRules(all, rules);
            QVERIFY2(c, rules.back().c_str());
            QCOMPARE(c->macs, macs);
        }
        QVERIFY(search::programMacs(*core::nativeProgram(gos_test::conv(32, 3, 1), {16, 8, 8}), {16, 8, 8}) ==
                16 * 32 * 9 * pixels);
    }

    // Canonical form: pass-through instructions and dead results go; an identity is one slice.
    void canonicalFormDropsPassThroughs() {
        const TensorShape in{4, 5, 5};
        std::vector<Instruction> program = *core::nativeProgram(gos_test::conv(6, 3, 1), in);
        std::vector<Instruction> padded = program;
        padded.push_back({.primitive = Primitive::Shuffle, .inputs = {2}, .groups = 6});
        padded.push_back({.primitive = Primitive::Slice, .inputs = {3}, .first = 0, .count = 6});
        QCOMPARE(search::canonicalProgram(padded, in), program);
        std::vector<Instruction> dead = {{.primitive = Primitive::Shift, .inputs = {0}, .kernel = 3}};
        dead.insert(dead.end(), program.begin(), program.end());
        for (Instruction& ins : dead)
            if (ins.primitive == Primitive::Unfold)
                ins.inputs = {0};
            else if (ins.primitive == Primitive::Contract)
                ins.inputs = {2};
        QCOMPARE(search::canonicalProgram(dead, in), program);
        const std::vector<Instruction> identity{{.primitive = Primitive::Shuffle, .inputs = {0}, .groups = 1}};
        QCOMPARE(core::programKey(search::canonicalProgram(identity, in)), std::string("slice@0:f0:n4"));
    }

    void badInputIsNamed() {
        QVERIFY_THROWS_EXCEPTION(core::InputError,
                                 search::rewriteCandidates(Node{.id = 3, .op = OpType::AvgPool, .kernel = 3}, {4, 8, 8}));
        QVERIFY_THROWS_EXCEPTION(core::InputError,
                                 search::rewriteCandidates(gos_test::conv(8, 3, 1), {4, 8, 8}, {.depth = 3}));
        QVERIFY_THROWS_EXCEPTION(core::InputError,
                                 search::applyRewriteRule("group3", *core::nativeProgram(gos_test::conv(8, 3, 1), {4, 8, 8}),
                                                          {4, 8, 8}));
    }

    // The figures of the report: candidates per rule of a 3x3 convolution 16 -> 32.
    void printsCountsOfAConvolution() {
        for (int depth : {1, 2}) {
            const auto candidates = search::rewriteCandidates(gos_test::conv(32, 3, 1), {16, 8, 8}, {.depth = depth});
            QString line = QStringLiteral("depth %1: %2 candidates;").arg(depth).arg(candidates.size());
            for (const search::RuleCount& count : search::ruleCounts(candidates))
                line += QStringLiteral(" %1 %2+%3").arg(QString::fromStdString(count.rule)).arg(count.depth1).arg(count.depth2);
            qInfo().noquote() << line;
            if (depth == 1)
                for (const RewriteCandidate& c : candidates)
                    qInfo().noquote() << QStringLiteral("  %1: %2 MACs (counted), %3")
                                             .arg(QString::fromStdString(c.rules.front()))
                                             .arg(c.macs)
                                             .arg(QString::fromStdString(c.key));
        }
    }
};

QTEST_GUILESS_MAIN(TestRewriteRules)
#include "test_rewrite_rules.moc"
