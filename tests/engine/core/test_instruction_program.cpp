// Program nodes (instruction programs, GOS's rewritten layers) in engine/core: native
// operators written as programs have the native shapes, counts and kernels; programs read back
// from JSON; bad programs name the instruction that is wrong.

#include "core/architecture_json.h"
#include "core/errors.h"
#include "core/native_program.h"
#include "core/operator_registry.h"
#include "core/shape_inference.h"

#include "engine/program_test_architectures.h"

#include <QtTest>

using namespace edgenas::core;

Q_DECLARE_METATYPE(edgenas::core::Node)

namespace {


Architecture asProgram(const Architecture& native) {
    Architecture a = native;
    const auto shapes = inferShapes(native);
    a.nodes[1] = *asProgramNode(native.nodes[1], shapes[0]);
    return a;
}

// One instruction of every primitive, over an 8-channel input.
Node everyPrimitive() {
    Node n{.op = OpType::Program};
    n.program = {
        Instruction{.primitive = Primitive::Unfold, .inputs = {0}, .kernel = 3, .padding = 1},       // 1: 72
        Instruction{.primitive = Primitive::Contract, .inputs = {1}, .outChannels = 8, .groups = 2},  // 2: 8 (fused)
        Instruction{.primitive = Primitive::Shift, .inputs = {0}, .kernel = 3},                       // 3: 8
        edgenas::test::instruction(Primitive::Add, {2, 3}),                                                                  // 4
        edgenas::test::instruction(Primitive::Mul, {4, 0}),                                                                  // 5
        edgenas::test::instruction(Primitive::Max, {5, 3}),                                                                  // 6
        Instruction{.primitive = Primitive::Slice, .inputs = {6}, .first = 2, .count = 4},           // 7: 4
        edgenas::test::instruction(Primitive::Concat, {7, 6}),                                                               // 8: 12
        Instruction{.primitive = Primitive::Shuffle, .inputs = {8}, .groups = 3},                    // 9
        edgenas::test::instruction(Primitive::Norm, {9}),                                                                    // 10
        Instruction{.primitive = Primitive::Act, .inputs = {10}, .activation = ActivationType::HSwish},  // 11
        edgenas::test::instruction(Primitive::ReduceMean, {11}),                                                             // 12: 12x1x1
        edgenas::test::instruction(Primitive::ReduceMax, {11}),                                                              // 13
        edgenas::test::instruction(Primitive::ReduceSum, {11}),                                                              // 14
        edgenas::test::instruction(Primitive::Add, {12, 13}),                                                                // 15
        edgenas::test::instruction(Primitive::Add, {15, 14}),                                                                // 16
        edgenas::test::instruction(Primitive::Flatten, {16}),                                                                // 17
        Instruction{.primitive = Primitive::Contract, .inputs = {17}, .outChannels = 6, .bias = true},  // 18: 6x1x1
    };
    return n;
}

} // namespace

class TestInstructionProgram : public QObject {
    Q_OBJECT
private slots:
    void nativeProgramsCountAsNative_data() {
        QTest::addColumn<Node>("node");
        QTest::newRow("conv k3 s2 p1 g2 bias") << Node{.op = OpType::Conv, .outChannels = 6, .kernel = 3, .stride = 2,
                                                       .padding = 1, .groups = 2, .bias = true};
        QTest::newRow("conv k3 d2") << Node{.op = OpType::Conv, .outChannels = 5, .kernel = 3, .padding = 2, .dilation = 2};
        QTest::newRow("depthwise k5 d2") << Node{.op = OpType::DepthwiseConv, .kernel = 5, .padding = 4, .dilation = 2};
        QTest::newRow("depthwise x2 s2") << Node{.op = OpType::DepthwiseConv, .outChannels = 16, .kernel = 3,
                                                 .stride = 2, .padding = 1};
        QTest::newRow("pointwise") << Node{.op = OpType::PointwiseConv, .outChannels = 12, .bias = true};
        QTest::newRow("pointwise s2 g2") << Node{.op = OpType::PointwiseConv, .outChannels = 6, .stride = 2, .groups = 2};
        QTest::newRow("linear") << Node{.op = OpType::Linear, .outChannels = 7, .bias = true};
    }
    void nativeProgramsCountAsNative() {
        QFETCH(Node, node);
        const Architecture native = edgenas::test::singleOperatorArchitecture(node);
        const Architecture program = asProgram(native);
        QVERIFY(program.nodes[1].op == OpType::Program);
        const auto nativeShapes = inferShapes(native);
        const auto programShapes = inferShapes(program);
        QVERIFY(nativeShapes == programShapes);

        const TensorShape in = nativeShapes[0];
        const TensorShape out = nativeShapes[1];
        const NodeCounts a = operatorKind(node.op).counts(native, native.nodes[1], in, out);
        const NodeCounts b = operatorKind(OpType::Program).counts(program, program.nodes[1], in, out);
        QCOMPARE(b.macs, a.macs);
        QCOMPARE(b.params, a.params);

        // The fused gather is priced as the native convolution: the same kernels.
        std::vector<KernelWork> ka, kb;
        operatorKind(node.op).appendKernels(ka, {native.nodes[1], in, out, 3}, false);
        operatorKind(OpType::Program).appendKernels(kb, {program.nodes[1], in, out, 3}, false);
        QCOMPARE(kb.size(), ka.size());
        for (std::size_t k = 0; k < ka.size(); ++k) {
            QCOMPARE(kb[k].flops, ka[k].flops);
            QCOMPARE(kb[k].elementsMoved, ka[k].elementsMoved);
        }
        QCOMPARE(architectureFromJson(toJson(program)), program);
    }

    void everyPrimitiveHasAShapeAndReadsBack() {
        const Architecture a = edgenas::test::singleOperatorArchitecture(everyPrimitive());
        const auto shapes = inferShapes(a);
        QVERIFY(shapes[1] == (TensorShape{6, 1, 1}));
        const std::string json = toJson(a, 2);
        QCOMPARE(architectureFromJson(json), a);
        // Only the contractions hold weights: 8 * 72/2 + 6 * 12 + 6 (bias); the norm 2 * 12.
        const NodeCounts c = operatorKind(OpType::Program).counts(a, a.nodes[1], shapes[0], shapes[1]);
        QCOMPARE(c.params, std::int64_t(8 * 36 + 6 * 12 + 6 + 24));
        QCOMPARE(c.macs, std::int64_t(8 * 36 * 81 + 6 * 12));
        const std::string label = operatorKind(OpType::Program).describe(a.nodes[1]);
        QVERIFY2(label.rfind("Program unfold", 0) == 0, label.c_str());
    }

    void badProgramsNameTheInstruction_data() {
        QTest::addColumn<Node>("node");
        QTest::addColumn<QString>("message");
        Node empty{.op = OpType::Program};
        QTest::newRow("empty") << empty << "at least one instruction";
        Node future{.op = OpType::Program, .program = {edgenas::test::instruction(Primitive::Norm, {1})}};
        QTest::newRow("reads a later value") << future << "instruction 0 (norm): reads value 1";
        Node groups{.op = OpType::Program,
                    .program = {Instruction{.primitive = Primitive::Contract, .inputs = {0}, .outChannels = 6, .groups = 3}}};
        QTest::newRow("groups") << groups << "instruction 0 (contract): groups 3 do not divide";
        Node slice{.op = OpType::Program,
                   .program = {Instruction{.primitive = Primitive::Slice, .inputs = {0}, .first = 6, .count = 4}}};
        QTest::newRow("slice") << slice << "instruction 0 (slice): channels [6, 10) are not within 8";
        Node add{.op = OpType::Program, .program = {edgenas::test::instruction(Primitive::ReduceMean, {0}), edgenas::test::instruction(Primitive::Add, {0, 1})}};
        QTest::newRow("add of two shapes") << add << "instruction 1 (add): inputs of different shapes";
        Node arity{.op = OpType::Program, .program = {edgenas::test::instruction(Primitive::Concat, {0})}};
        QTest::newRow("arity") << arity << "instruction 0 (concat): takes at least 2 input(s), got 1";
        Node act{.op = OpType::Program, .program = {edgenas::test::instruction(Primitive::Act, {0})}};
        QTest::newRow("act without activation") << act << "instruction 0 (act): no activation named";
    }
    void badProgramsNameTheInstruction() {
        QFETCH(Node, node);
        QFETCH(QString, message);
        try {
            inferShapes(edgenas::test::singleOperatorArchitecture(node));
            QFAIL("accepted");
        } catch (const ArchitectureError& e) {
            QVERIFY2(QString::fromStdString(e.what()).contains(message), e.what());
            QCOMPARE(e.nodeId(), 1);
        }
    }

    void badProgramJsonNamesTheInstruction() {
        std::string json = toJson(edgenas::test::singleOperatorArchitecture(everyPrimitive()), -1);
        const std::string shift = "\"op\":\"shift\"";
        const auto at = json.find(shift);
        QVERIFY(at != std::string::npos);
        json.replace(at, shift.size(), "\"op\":\"twist\"");
        try {
            architectureFromJson(json);
            QFAIL("accepted");
        } catch (const InputError& e) {
            QVERIFY2(QString::fromStdString(e.what()).contains("node 1 instruction 2: unknown primitive 'twist'"), e.what());
        }
    }

    // Different programs give different cost-table keys; the key holds no commas or quotes.
    void costKeyCarriesTheProgram() {
        const Node program = *asProgramNode(Node{.op = OpType::Conv, .inputs = {0}, .outChannels = 6, .kernel = 3,
                                                 .padding = 1},
                                            {8, 9, 9});
        std::string key;
        operatorKind(OpType::Program).appendKey(key, {program, {8, 9, 9}, {6, 9, 9}, 3});
        QCOMPARE(QString::fromStdString(key),
                 QStringLiteral("|prog=unfold@0:k3:s1:p1:d1;contract@1:o6:g1:b0"));
    }
};

QTEST_GUILESS_MAIN(TestInstructionProgram)
#include "test_instruction_program.moc"
