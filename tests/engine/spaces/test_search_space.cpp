#include "core/errors.h"
#include "core/shape_inference.h"
#include "spaces/mobilenet_space.h"
#include "spaces/nb201_space.h"
#include "spaces/search_space.h"

#include <QtTest>

#include <cmath>
#include <functional>
#include <memory>

using namespace edgenas;
using spaces::Genome;
using spaces::Rng;
using spaces::SearchSpace;

namespace {

// Enums compared by name, so failures print something readable.
template <typename Enum>
QString name(Enum value) {
    return QString::fromUtf8(core::toString(value).data(), qsizetype(core::toString(value).size()));
}

// The spaces the generic operators are exercised on, by data-row name.
std::unique_ptr<SearchSpace> spaceNamed(const QString& name) {
    spaces::SpaceOptions cifar;
    cifar.input = {3, 32, 32};
    if (name == "nb201")
        return std::make_unique<spaces::Nb201Space>(spaces::SpaceOptions{});
    if (name == "nb201-cifar")
        return std::make_unique<spaces::Nb201Space>(cifar);
    if (name == "mobilenet")
        return std::make_unique<spaces::MobileNetSpace>(spaces::SpaceOptions{});
    if (name == "mobilenet-cifar")
        return std::make_unique<spaces::MobileNetSpace>(cifar);
    return nullptr;
}

QString errorOf(const std::function<void()>& action) {
    try {
        action();
    } catch (const core::InputError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

} // namespace

class TestSearchSpace : public QObject {
    Q_OBJECT

private slots:
    void spaces_data();
    void samplesAreValidAndBuildable_data() { spaces_data(); }
    void samplesAreValidAndBuildable();
    void sampleIsRoughlyUniform_data() { spaces_data(); }
    void sampleIsRoughlyUniform();
    void sameSeedSameResults_data() { spaces_data(); }
    void sameSeedSameResults();
    void mutationChangesAtLeastOneGene_data();
    void mutationChangesAtLeastOneGene();
    void mutationRateIsPerGene_data() { spaces_data(); }
    void mutationRateIsPerGene();
    void mutationRejectsBadInput();
    void crossoverTakesEachGeneFromAParent_data() { spaces_data(); }
    void crossoverTakesEachGeneFromAParent();
    void sizeIsTheProductOfCardinalities_data();
    void sizeIsTheProductOfCardinalities();
    void validity_data() { spaces_data(); }
    void validity();
    void encodeInvertsDecode_data() { spaces_data(); }
    void encodeInvertsDecode();
    void encodeRejectsForeignArchitectures();
    void intListRoundTrip();
    void intListErrorsNameTheToken();
};

void TestSearchSpace::spaces_data() {
    QTest::addColumn<QString>("space");
    for (const char* name : {"nb201", "nb201-cifar", "mobilenet", "mobilenet-cifar"})
        QTest::newRow(name) << QString(name);
}

void TestSearchSpace::samplesAreValidAndBuildable() {
    QFETCH(QString, space);
    const auto s = spaceNamed(space);
    Rng rng(2024);
    for (int i = 0; i < 100; ++i) {
        const Genome g = s->sample(rng);
        QVERIFY(s->isValid(g));
        const core::Architecture arch = s->decode(g);
        const auto shapes = core::inferShapes(arch);
        QCOMPARE(shapes.back(), (core::TensorShape{arch.numClasses, 1, 1}));
        QCOMPARE(name(arch.nodes.front().op), name(core::OpType::Input));
        QCOMPARE(name(arch.nodes.back().op), name(core::OpType::Linear));
        QCOMPARE(arch.metadata.at("space"), s->name());
        QCOMPARE(arch.metadata.at("genome"), spaces::genomeToIntList(g));
        QCOMPARE(arch.metadata.at("arch"), s->genomeToString(g));
    }
}

void TestSearchSpace::sampleIsRoughlyUniform() {
    QFETCH(QString, space);
    const auto s = spaceNamed(space);
    const std::vector<int> cards = s->geneCardinalities();
    const int draws = 18000;
    std::vector<std::vector<int>> counts;
    for (int card : cards)
        counts.emplace_back(static_cast<std::size_t>(card), 0);
    Rng rng(1);
    for (int i = 0; i < draws; ++i) {
        const Genome g = s->sample(rng);
        for (std::size_t k = 0; k < g.size(); ++k)
            ++counts[k][static_cast<std::size_t>(g[k])];
    }
    for (std::size_t k = 0; k < cards.size(); ++k)
        for (int c : counts[k]) {
            // Expected draws/card (2000..3600); standard deviation below 57: +-15 % is > 5 sigma.
            const double expected = double(draws) / cards[k];
            QVERIFY2(std::abs(c - expected) < 0.15 * expected,
                     qPrintable(QString("gene %1: %2 vs %3").arg(k).arg(c).arg(expected)));
        }
}

void TestSearchSpace::sameSeedSameResults() {
    QFETCH(QString, space);
    const auto s = spaceNamed(space);
    Rng a(555);
    Rng b(555);
    for (int i = 0; i < 50; ++i) {
        const Genome ga = s->sample(a);
        QCOMPARE(ga, s->sample(b));
        const Genome ma = s->mutate(ga, 0.2, a);
        QCOMPARE(ma, s->mutate(ga, 0.2, b));
        QCOMPARE(s->crossover(ga, ma, a), s->crossover(ga, ma, b));
    }
}

void TestSearchSpace::mutationChangesAtLeastOneGene_data() {
    QTest::addColumn<QString>("space");
    QTest::addColumn<double>("rate");
    for (const char* name : {"nb201", "mobilenet"})
        for (double rate : {0.0, 0.1, 0.5, 1.0})
            QTest::addRow("%s rate %g", name, rate) << QString(name) << rate;
}

void TestSearchSpace::mutationChangesAtLeastOneGene() {
    QFETCH(QString, space);
    QFETCH(double, rate);
    const auto s = spaceNamed(space);
    Rng rng(8);
    for (int i = 0; i < 500; ++i) {
        const Genome parent = s->sample(rng);
        const Genome child = s->mutate(parent, rate, rng);
        QVERIFY(s->isValid(child));
        int changed = 0;
        for (std::size_t k = 0; k < child.size(); ++k)
            changed += child[k] != parent[k] ? 1 : 0;
        QVERIFY(changed >= 1);
        if (rate == 0.0)
            QCOMPARE(changed, 1); // only the guaranteed change
        if (rate == 1.0)
            QCOMPARE(changed, int(child.size())); // every gene has at least 8 choices here
    }
}

void TestSearchSpace::mutationRateIsPerGene() {
    QFETCH(QString, space);
    const auto s = spaceNamed(space);
    const double rate = 0.3;
    const int trials = 4000;
    Rng rng(13);
    long changed = 0;
    for (int i = 0; i < trials; ++i) {
        const Genome parent = s->sample(rng);
        const Genome child = s->mutate(parent, rate, rng);
        for (std::size_t k = 0; k < child.size(); ++k)
            changed += child[k] != parent[k] ? 1 : 0;
    }
    // Expected genes changed per child: n*rate, plus 1 when none was drawn ((1-rate)^n of the time).
    const int n = s->geneCount();
    const double expected = n * rate + std::pow(1.0 - rate, n);
    const double mean = double(changed) / trials;
    QVERIFY2(std::abs(mean - expected) < 0.05 * expected, qPrintable(QString("%1 vs %2").arg(mean).arg(expected)));
}

void TestSearchSpace::mutationRejectsBadInput() {
    const auto s = spaceNamed("nb201");
    Rng rng;
    QVERIFY(errorOf([&] { s->mutate({0, 0, 0}, 0.1, rng); }).contains("6"));
    QVERIFY(errorOf([&] { s->mutate({0, 0, 0, 0, 0, 5}, 0.1, rng); }).contains("gene 5"));
    QVERIFY(errorOf([&] { s->mutate({0, 0, 0, 0, 0, 0}, 1.5, rng); }).contains("rate"));
    QVERIFY(errorOf([&] { s->mutate({0, 0, 0, 0, 0, 0}, std::nan(""), rng); }).contains("rate"));
}

void TestSearchSpace::crossoverTakesEachGeneFromAParent() {
    QFETCH(QString, space);
    const auto s = spaceNamed(space);
    Rng rng(21);
    long fromFirst = 0;
    long differing = 0;
    for (int i = 0; i < 1000; ++i) {
        const Genome a = s->sample(rng);
        const Genome b = s->sample(rng);
        const auto [c1, c2] = s->crossover(a, b, rng);
        QVERIFY(s->isValid(c1) && s->isValid(c2));
        for (std::size_t k = 0; k < a.size(); ++k) {
            QVERIFY(c1[k] == a[k] || c1[k] == b[k]);
            // the second child takes the gene the first one did not
            QVERIFY((c1[k] == a[k] && c2[k] == b[k]) || (c1[k] == b[k] && c2[k] == a[k]));
            if (a[k] != b[k]) {
                ++differing;
                fromFirst += c1[k] == a[k] ? 1 : 0;
            }
        }
    }
    const double share = double(fromFirst) / differing;
    QVERIFY2(std::abs(share - 0.5) < 0.03, qPrintable(QString::number(share)));
}

void TestSearchSpace::sizeIsTheProductOfCardinalities_data() {
    QTest::addColumn<QString>("space");
    QTest::addColumn<double>("size");
    QTest::newRow("nb201: 5^6") << "nb201" << 15625.0;
    // 16 layers with 9 choices, 6 shape-changing first layers with 8 (see test_mobilenet_space)
    QTest::newRow("mobilenet: 9^16 * 8^6") << "mobilenet" << std::pow(9.0, 16) * std::pow(8.0, 6);
}

void TestSearchSpace::sizeIsTheProductOfCardinalities() {
    QFETCH(QString, space);
    QFETCH(double, size);
    const auto s = spaceNamed(space);
    QCOMPARE(s->size(), size);
}

void TestSearchSpace::validity() {
    QFETCH(QString, space);
    const auto s = spaceNamed(space);
    const std::vector<int> cards = s->geneCardinalities();
    Genome g(cards.size(), 0);
    QVERIFY(s->isValid(g));
    for (std::size_t k = 0; k < cards.size(); ++k) {
        Genome bad = g;
        bad[k] = cards[k];
        QVERIFY(!s->isValid(bad));
        const QString message = errorOf([&] { s->decode(bad); });
        QVERIFY2(message.contains(QString("gene %1 ").arg(k)), qPrintable(message));
        bad[k] = -1;
        QVERIFY(!s->isValid(bad));
    }
    Genome shorter(g.begin(), g.end() - 1);
    QVERIFY(!s->isValid(shorter));
    QVERIFY(!errorOf([&] { s->decode(shorter); }).isEmpty());
    Genome longer = g;
    longer.push_back(0);
    QVERIFY(!s->isValid(longer));
}

void TestSearchSpace::encodeInvertsDecode() {
    QFETCH(QString, space);
    const auto s = spaceNamed(space);
    Rng rng(31);
    for (int i = 0; i < 50; ++i) {
        const Genome g = s->sample(rng);
        QCOMPARE(s->encode(s->decode(g)), g);
    }
    // Metadata "arch" alone is enough (e.g. an architecture written by another tool).
    const Genome g = s->sample(rng);
    core::Architecture arch = s->decode(g);
    arch.metadata.erase("genome");
    QCOMPARE(s->encode(arch), g);
}

void TestSearchSpace::encodeRejectsForeignArchitectures() {
    const auto nb201 = spaceNamed("nb201");
    const auto nb201Cifar = spaceNamed("nb201-cifar");
    const auto mobilenet = spaceNamed("mobilenet");
    const Genome g{3, 0, 4, 1, 2, 3};

    // another space's network
    const core::Architecture fromMobilenet = mobilenet->decode(Genome(22, 0));
    QVERIFY(errorOf([&] { nb201->encode(fromMobilenet); }).contains("mobilenet"));
    // same space, other options (input shape)
    QVERIFY(errorOf([&] { nb201->encode(nb201Cifar->decode(g)); }).contains("does not match"));
    // metadata that lies about the graph
    core::Architecture edited = nb201->decode(g);
    edited.metadata["genome"] = "3,0,4,1,2,2";
    QVERIFY(errorOf([&] { nb201->encode(edited); }).contains("does not match"));
    // a graph edited by hand
    core::Architecture rewired = nb201->decode(g);
    rewired.nodes[1].outChannels = 8;
    QVERIFY(!errorOf([&] { nb201->encode(rewired); }).isEmpty());
    // no provenance at all
    core::Architecture bare = nb201->decode(g);
    bare.metadata.clear();
    QVERIFY(errorOf([&] { nb201->encode(bare); }).contains("metadata"));
}

void TestSearchSpace::intListRoundTrip() {
    const Genome g{0, 8, 3, 12};
    QCOMPARE(spaces::genomeToIntList(g), std::string("0,8,3,12"));
    QCOMPARE(spaces::genomeFromIntList("0,8,3,12"), g);
    QCOMPARE(spaces::genomeFromIntList(" [0, 8, 3, 12] "), g);
    QCOMPARE(spaces::genomeFromIntList("(0,8,3,12)"), g);
}

void TestSearchSpace::intListErrorsNameTheToken() {
    QVERIFY(errorOf([] { spaces::genomeFromIntList("1,x2,3"); }).contains("'x2'"));
    QVERIFY(errorOf([] { spaces::genomeFromIntList("1,,3"); }).contains("''"));
    QVERIFY(errorOf([] { spaces::genomeFromIntList("3abc"); }).contains("'3abc'"));
    QVERIFY(!errorOf([] { spaces::genomeFromIntList(""); }).isEmpty());
}

QTEST_APPLESS_MAIN(TestSearchSpace)
#include "test_search_space.moc"
