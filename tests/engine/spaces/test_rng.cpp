#include "spaces/rng.h"

#include <QtTest>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <numeric>
#include <stdexcept>
#include <vector>

using edgenas::spaces::Rng;

class TestRng : public QObject {
    Q_OBJECT

private slots:
    void matchesXoshiroReference();
    void seedsThroughSplitmix();
    void sameSeedSameSequence_data();
    void sameSeedSameSequence();
    void copyContinuesTheStream();
    void stateRoundTrip();
    void uniformIntStaysInRange_data();
    void uniformIntStaysInRange();
    void uniformIntIsRoughlyUniform_data();
    void uniformIntIsRoughlyUniform();
    void uniformIntRejectsEmptyRange();
    void uniformRealIsInUnitInterval();
    void bernoulliFrequency_data();
    void bernoulliFrequency();
    void streamsAreReproducibleAndDistinct();
    void shuffleIsADeterministicPermutation();
};

void TestRng::matchesXoshiroReference() {
    // Outputs of the reference xoshiro256** (Blackman & Vigna) from state {1, 2, 3, 4}.
    const std::uint64_t expected[] = {11520ULL,
                                      0ULL,
                                      1509978240ULL,
                                      1215971899390074240ULL,
                                      1216172134540287360ULL,
                                      607988272756665600ULL,
                                      16172922978634559625ULL,
                                      8476171486693032832ULL,
                                      10595114339597558777ULL,
                                      2904607092377533576ULL};
    Rng rng = Rng::fromState({1, 2, 3, 4});
    for (std::uint64_t value : expected)
        QCOMPARE(rng.next(), value);
}

void TestRng::seedsThroughSplitmix() {
    // Seed 42 -> state = four splitmix64 outputs -> xoshiro256**. Values from an independent
    // (Python) implementation of both published algorithms; pins the cross-platform sequence.
    const std::uint64_t expected[] = {1546998764402558742ULL, 6990951692964543102ULL, 12544586762248559009ULL,
                                      17057574109182124193ULL, 18295552978065317476ULL};
    Rng rng(42);
    QCOMPARE(rng.seed(), std::uint64_t(42));
    for (std::uint64_t value : expected)
        QCOMPARE(rng.next(), value);
}

void TestRng::sameSeedSameSequence_data() {
    QTest::addColumn<quint64>("seed");
    QTest::newRow("0") << quint64(0);
    QTest::newRow("1") << quint64(1);
    QTest::newRow("default") << quint64(Rng::kDefaultSeed);
    QTest::newRow("max") << quint64(~0ULL);
}

void TestRng::sameSeedSameSequence() {
    QFETCH(quint64, seed);
    Rng a(seed);
    Rng b(seed);
    for (int i = 0; i < 1000; ++i) {
        QCOMPARE(a.uniformInt(17), b.uniformInt(17));
        QCOMPARE(a.uniformReal(), b.uniformReal());
    }
    // reseed restarts the stream
    Rng c(seed + 1);
    c.reseed(seed);
    Rng d(seed);
    for (int i = 0; i < 100; ++i)
        QCOMPARE(c.next(), d.next());
    QVERIFY(Rng(seed).next() != Rng(seed ^ 1).next());
}

void TestRng::copyContinuesTheStream() {
    Rng a(7);
    for (int i = 0; i < 10; ++i)
        a.next();
    Rng b = a;
    QVERIFY(a == b);
    for (int i = 0; i < 100; ++i)
        QCOMPARE(a.next(), b.next());
}

void TestRng::stateRoundTrip() {
    Rng a(123);
    a.next();
    Rng b = Rng::fromState(a.state());
    for (int i = 0; i < 100; ++i)
        QCOMPARE(a.next(), b.next());
    // The all-zero state would emit zeros forever; it is replaced by a seeded stream.
    Rng zero = Rng::fromState({0, 0, 0, 0});
    QVERIFY(zero.next() != 0 || zero.next() != 0);
}

void TestRng::uniformIntStaysInRange_data() {
    QTest::addColumn<int>("n");
    for (int n : {1, 2, 3, 5, 7, 9, 1000, INT_MAX})
        QTest::addRow("n=%d", n) << n;
}

void TestRng::uniformIntStaysInRange() {
    QFETCH(int, n);
    Rng rng(n);
    for (int i = 0; i < 10000; ++i) {
        const int v = rng.uniformInt(n);
        QVERIFY(v >= 0 && v < n);
    }
}

void TestRng::uniformIntIsRoughlyUniform_data() {
    QTest::addColumn<int>("n");
    for (int n : {2, 3, 5, 9})
        QTest::addRow("n=%d", n) << n;
}

void TestRng::uniformIntIsRoughlyUniform() {
    QFETCH(int, n);
    const int draws = 20000 * n;
    std::vector<int> counts(static_cast<std::size_t>(n), 0);
    Rng rng(99);
    for (int i = 0; i < draws; ++i)
        ++counts[static_cast<std::size_t>(rng.uniformInt(n))];
    // Expected 20000 each, standard deviation < 142: +-5 % is more than 7 sigma.
    for (int c : counts)
        QVERIFY2(c > 19000 && c < 21000, qPrintable(QString::number(c)));
}

void TestRng::uniformIntRejectsEmptyRange() {
    Rng rng;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, rng.uniformInt(0));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, rng.uniformInt(-3));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, rng.uniformU64(0));
}

void TestRng::uniformRealIsInUnitInterval() {
    Rng rng(5);
    double sum = 0.0;
    const int draws = 100000;
    for (int i = 0; i < draws; ++i) {
        const double v = rng.uniformReal();
        QVERIFY(v >= 0.0 && v < 1.0);
        sum += v;
    }
    // Mean of U(0,1) is 0.5 with standard error 0.0009 here.
    QVERIFY(std::abs(sum / draws - 0.5) < 0.01);
}

void TestRng::bernoulliFrequency_data() {
    QTest::addColumn<double>("p");
    for (double p : {0.0, 0.1, 0.5, 0.9, 1.0})
        QTest::addRow("p=%g", p) << p;
}

void TestRng::bernoulliFrequency() {
    QFETCH(double, p);
    Rng rng(11);
    const int draws = 50000;
    int hits = 0;
    for (int i = 0; i < draws; ++i)
        hits += rng.bernoulli(p) ? 1 : 0;
    if (p == 0.0)
        QCOMPARE(hits, 0);
    else if (p == 1.0)
        QCOMPARE(hits, draws);
    else // standard error at most 0.0023
        QVERIFY2(std::abs(double(hits) / draws - p) < 0.015, qPrintable(QString::number(double(hits) / draws)));
}

void TestRng::streamsAreReproducibleAndDistinct() {
    QCOMPARE(Rng::forStream(1, 2).next(), Rng::forStream(1, 2).next());
    QVERIFY(Rng::forStream(1, 2).next() != Rng::forStream(1, 3).next());
    QVERIFY(Rng::forStream(1, 2).next() != Rng::forStream(2, 2).next());

    Rng parent(77);
    Rng sameParent(77);
    Rng child = parent.fork();
    Rng sameChild = sameParent.fork();
    QVERIFY(parent == sameParent); // fork advanced both the same way
    QCOMPARE(child.next(), sameChild.next());
    QVERIFY(child.next() != parent.next());
}

void TestRng::shuffleIsADeterministicPermutation() {
    std::vector<int> a(50);
    std::iota(a.begin(), a.end(), 0);
    std::vector<int> b = a;
    Rng ra(3);
    Rng rb(3);
    ra.shuffle(a);
    rb.shuffle(b);
    QVERIFY(a == b);
    std::vector<int> sorted = a;
    std::sort(sorted.begin(), sorted.end());
    std::vector<int> identity(50);
    std::iota(identity.begin(), identity.end(), 0);
    QVERIFY(sorted == identity);
    QVERIFY(a != identity);
}

QTEST_APPLESS_MAIN(TestRng)
#include "test_rng.moc"
