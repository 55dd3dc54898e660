#include "core/architecture_json.h"
#include "core/canonical_form.h"

#include <QtTest>

using namespace edgenas::core;

namespace {

// input -> conv -> sum(conv, zero, identity) -> pool -> linear, plus a dead branch.
Architecture cell(bool withDeadBranch, bool withZero, bool swapSum) {
    Architecture arch;
    arch.input = {4, 8, 8};
    arch.add(Node{.op = OpType::Input});
    arch.add(Node{.op = OpType::Conv, .inputs = {0}, .outChannels = 4, .kernel = 3, .padding = 1});
    int dead = -1;
    if (withDeadBranch)
        dead = arch.add(Node{.op = OpType::MaxPool, .inputs = {1}, .kernel = 3, .padding = 1});
    std::vector<int> terms = swapSum ? std::vector<int>{0, 1} : std::vector<int>{1, 0};
    if (withZero)
        terms.push_back(arch.add(Node{.op = OpType::Zero, .inputs = {1}}));
    arch.add(Node{.op = OpType::Identity, .inputs = terms});
    arch.add(Node{.op = OpType::GlobalAvgPool, .inputs = {arch.outputId()}});
    arch.add(Node{.op = OpType::Linear, .inputs = {arch.outputId()}, .outChannels = 10, .bias = true});
    (void)dead;
    return arch;
}

} // namespace

class TestCanonicalForm : public QObject {
    Q_OBJECT
private slots:
    void hashIsStableAcrossRuns();
    void deadNodesZerosAndSumOrderDoNotCount();
    void labelsAndMetadataDoNotCount();
    void realDifferencesChangeTheHash();
    void earlyExitsAreKept();
};

void TestCanonicalForm::hashIsStableAcrossRuns() {
    // Pinned value: a change here means every stored candidate's hash changes (a schema break).
    const std::string hash = canonicalHash(cell(false, false, false));
    QCOMPARE(hash.size(), std::size_t(16));
    QCOMPARE(canonicalHash(architectureFromJson(toJson(cell(false, false, false)))), hash);
    QCOMPARE(QString::fromStdString(hash), QStringLiteral("78f2724d9fed428e"));
}

void TestCanonicalForm::deadNodesZerosAndSumOrderDoNotCount() {
    const std::string plain = canonicalHash(cell(false, false, false));
    QCOMPARE(canonicalHash(cell(true, false, false)), plain);
    QCOMPARE(canonicalHash(cell(false, true, false)), plain);
    QCOMPARE(canonicalHash(cell(true, true, true)), plain);
    QCOMPARE(canonicalized(cell(true, true, false)).nodes.size(), cell(false, false, false).nodes.size());
}

void TestCanonicalForm::labelsAndMetadataDoNotCount() {
    Architecture a = cell(false, false, false);
    Architecture b = a;
    b.nodes[1].label = "renamed";
    b.metadata["space"] = "something";
    QCOMPARE(canonicalHash(b), canonicalHash(a));
}

void TestCanonicalForm::realDifferencesChangeTheHash() {
    Architecture a = cell(false, false, false);
    Architecture b = a;
    b.nodes[1].kernel = 5;
    b.nodes[1].padding = 2;
    QVERIFY(canonicalHash(b) != canonicalHash(a));
    Architecture c = a;
    c.input = {4, 16, 16};
    QVERIFY(canonicalHash(c) != canonicalHash(a));
    Architecture d = a;
    d.nodes[1].activation = ActivationType::ReLU; // unused by conv: not serialised, same network
    QCOMPARE(canonicalHash(d), canonicalHash(a));
}

void TestCanonicalForm::earlyExitsAreKept() {
    Architecture arch = cell(false, false, false);
    Architecture withExit;
    withExit.input = arch.input;
    for (std::size_t i = 0; i < 2; ++i)
        withExit.add(arch.nodes[i]);
    withExit.add(Node{.op = OpType::EarlyExit, .inputs = {1}});
    withExit.add(Node{.op = OpType::Identity, .inputs = {1, 0}});
    withExit.add(Node{.op = OpType::GlobalAvgPool, .inputs = {3}});
    withExit.add(Node{.op = OpType::Linear, .inputs = {4}, .outChannels = 10, .bias = true});
    QCOMPARE(canonicalized(withExit).nodes.size(), withExit.nodes.size());
    QVERIFY(canonicalHash(withExit) != canonicalHash(arch));
}

QTEST_APPLESS_MAIN(TestCanonicalForm)
#include "test_canonical_form.moc"
