// The operator registry: every OpType has exactly one kind, found by its value and its name,
// and each kind's stored fields survive a JSON round trip.

#include "core/architecture_json.h"
#include "core/operator_registry.h"
#include "core/shape_inference.h"

#include <QtTest>

#include <set>
#include <string>

using namespace edgenas::core;

class TestOperatorRegistry : public QObject {
    Q_OBJECT
private slots:
    void everyKindIsFoundByValueAndName() {
        const auto& kinds = operatorKinds();
        QVERIFY(kinds.size() >= 14);
        std::set<std::string> names;
        for (std::size_t i = 0; i < kinds.size(); ++i) {
            const OperatorKind& kind = *kinds[i];
            QCOMPARE(static_cast<std::size_t>(kind.type()), i);
            QCOMPARE(&operatorKind(kind.type()), &kind);
            QCOMPARE(operatorKindNamed(kind.name()), &kind);
            QVERIFY(opTypeFromString(kind.name()) == kind.type());
            QVERIFY(toString(kind.type()) == kind.name());
            QVERIFY2(names.insert(std::string(kind.name())).second, std::string(kind.name()).c_str());
            QVERIFY(!kind.displayName().empty());
        }
        QVERIFY(operatorKindNamed("no_such_operator") == nullptr);
        QVERIFY(!opTypeFromString("no_such_operator"));
    }

    // Only the stored fields are written, and what is written reads back equal.
    void storedFieldsRoundTrip() {
        Architecture a;
        a.input = {8, 12, 12};
        a.numClasses = 5;
        const int in = a.add(Node{.op = OpType::Input});
        const int conv = a.add(Node{.op = OpType::Conv, .inputs = {in}, .outChannels = 8, .kernel = 3, .stride = 1,
                                    .padding = 2, .dilation = 2, .groups = 2, .bias = true});
        const int mb = a.add(Node{.op = OpType::MBConv, .inputs = {conv}, .outChannels = 8, .kernel = 5,
                                  .groups = 2, .expansion = 2, .squeezeExcite = true,
                                  .activation = ActivationType::HSwish});
        a.add(Node{.op = OpType::EarlyExit, .inputs = {mb}, .outChannels = 4, .activation = ActivationType::ReLU});
        const int pool = a.add(Node{.op = OpType::MaxPool, .inputs = {mb}, .kernel = 3, .stride = 2, .padding = 1});
        const int gap = a.add(Node{.op = OpType::GlobalAvgPool, .inputs = {pool}});
        a.add(Node{.op = OpType::Linear, .inputs = {gap}, .outChannels = 5, .bias = true});
        QCOMPARE(architectureFromJson(toJson(a)), a);

        // A field the operator does not use is not written, so it reads back as the default.
        Architecture unused = a;
        unused.nodes[5].groups = 4;  // max pool has no groups
        const Architecture back = architectureFromJson(toJson(unused));
        QCOMPARE(back.nodes[5].groups, 1);
        QCOMPARE(toJson(back), toJson(a));
    }

    // Every kind gives a label with its name in it (what the architecture view shows).
    void labelsNameTheOperator() {
        QCOMPARE(operatorKind(OpType::Conv).describe(Node{.op = OpType::Conv, .outChannels = 32, .kernel = 3,
                                                          .stride = 2, .groups = 2}),
                 std::string("Conv 3×3 /2 → 32 g2"));
        QCOMPARE(operatorKind(OpType::Activation).describe(Node{.op = OpType::Activation,
                                                                .activation = ActivationType::Swish}),
                 std::string("swish"));
        for (const OperatorKind* kind : operatorKinds())
            QVERIFY(!kind->describe(Node{.op = kind->type()}).empty());
    }
};

QTEST_GUILESS_MAIN(TestOperatorRegistry)
#include "test_operator_registry.moc"
