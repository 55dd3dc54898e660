#include "moo/nsga2.h"
#include "moo/pareto_sort.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

using namespace edgenas::moo;

Q_DECLARE_METATYPE(std::vector<int>)
Q_DECLARE_METATYPE(std::vector<VariableBounds>)

namespace {

// Front 0: indices 0-2. Front 1: 3-6, mutually non-dominated, each dominated by front 0; its
// crowding (ranges 4 and 4) is inf for 3 and 6, 1.25 for 4 = (2.5, 3) and 1.125 for
// 5 = (3.5, 2.5). Front 2: 7. Index 8 has the best objectives but is infeasible, so it is last.
std::vector<Point> handPopulation() {
    return {{{0, 4}},   {{2, 2}},   {{4, 0}},   {{1, 5}},          {{2.5, 3}},
            {{3.5, 2.5}}, {{5, 1}}, {{6, 6}},   {{-1, -1}, 0.5}};
}

std::vector<VariableBounds> uniformBounds(std::size_t n, double lower, double upper) {
    return std::vector<VariableBounds>(n, VariableBounds{lower, upper});
}

bool inside(const std::vector<double>& x, const std::vector<VariableBounds>& bounds) {
    for (std::size_t i = 0; i < x.size(); ++i)
        if (!(x[i] >= bounds[i].lower && x[i] <= bounds[i].upper))
            return false;
    return true;
}

} // namespace

class TestNsga2 : public QObject {
    Q_OBJECT
private slots:
    void rankAndCrowdingHandCase();
    void survivorsFollowTheDefinition_data();
    void survivorsFollowTheDefinition();
    void survivorsKeepRankAndCrowding();
    void tournamentPrefersRankThenCrowding();
    void tournamentDrawsTwoDistinctMembers();
    void sbxStaysInBounds_data();
    void sbxStaysInBounds();
    void sbxProbabilityZeroCopiesParents();
    void sbxKeepsTheParentsMean();
    void mutationStaysInBounds_data();
    void mutationStaysInBounds();
    void mutationRate();
    void operatorsAreDeterministic();
    void operatorsRejectMismatchedSizes();
};

void TestNsga2::rankAndCrowdingHandCase() {
    const auto points = handPopulation();
    const RankCrowding rc = rankAndCrowding(points);
    QCOMPARE(rc.rank, (std::vector<int>{0, 0, 0, 1, 1, 1, 1, 2, 3}));
    QVERIFY(std::isinf(rc.crowding[3]) && std::isinf(rc.crowding[6]));
    QCOMPARE(rc.crowding[4], 1.25);
    QCOMPARE(rc.crowding[5], 1.125);
    QCOMPARE(rc.crowding[1], 2.0); // (2, 2) between (0, 4) and (4, 0): 4/4 + 4/4
}

void TestNsga2::survivorsFollowTheDefinition_data() {
    QTest::addColumn<int>("n");
    QTest::addColumn<std::vector<int>>("expected");
    QTest::newRow("first front exactly") << 3 << std::vector<int>{0, 1, 2};
    QTest::newRow("part of the first front") << 2 << std::vector<int>{0, 2};
    QTest::newRow("two boundary points of front 1") << 5 << std::vector<int>{0, 1, 2, 3, 6};
    QTest::newRow("then the most crowded-apart") << 6 << std::vector<int>{0, 1, 2, 3, 6, 4};
    QTest::newRow("two whole fronts") << 7 << std::vector<int>{0, 1, 2, 3, 4, 5, 6};
    QTest::newRow("dominated before infeasible") << 8 << std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7};
    QTest::newRow("everyone") << 20 << std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8};
    QTest::newRow("nobody") << 0 << std::vector<int>{};
}

void TestNsga2::survivorsFollowTheDefinition() {
    QFETCH(int, n);
    QFETCH(std::vector<int>, expected);
    const auto points = handPopulation();
    QCOMPARE(selectSurvivors(points, static_cast<std::size_t>(n)), expected);
}

void TestNsga2::survivorsKeepRankAndCrowding() {
    const auto points = handPopulation();
    const Survivors s = selectSurvivorsRanked(points, 6);
    QCOMPARE(s.rank, (std::vector<int>{0, 0, 0, 1, 1, 1}));
    QCOMPARE(s.crowding[5], 1.25); // index 4, crowding from the whole front 1
}

void TestNsga2::tournamentPrefersRankThenCrowding() {
    Rng rng(1);
    const std::vector<int> rank{1, 0};
    const std::vector<double> crowding{100.0, 0.0};
    for (int i = 0; i < 50; ++i)
        QCOMPARE(binaryTournament(rank, crowding, rng), 1);
    const std::vector<int> sameRank{2, 2};
    const std::vector<double> spread{0.5, 3.0};
    for (int i = 0; i < 50; ++i)
        QCOMPARE(binaryTournament(sameRank, spread, rng), 1);
    const std::vector<int> single{0};
    const std::vector<double> singleCrowding{0.0};
    QCOMPARE(binaryTournament(single, singleCrowding, rng), 0);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, binaryTournament({}, {}, rng));
}

void TestNsga2::tournamentDrawsTwoDistinctMembers() {
    // With ranks 0, 1, 2 the worst member can never win against a distinct opponent, and the
    // best wins exactly when drawn: 2 of the 3 pairs.
    Rng rng(2);
    const std::vector<int> rank{0, 1, 2};
    const std::vector<double> crowding{0, 0, 0};
    int wins[3] = {0, 0, 0};
    for (int i = 0; i < 30000; ++i)
        ++wins[binaryTournament(rank, crowding, rng)];
    QCOMPARE(wins[2], 0);
    QVERIFY(std::abs(wins[0] / 30000.0 - 2.0 / 3.0) < 0.02);
}

void TestNsga2::sbxStaysInBounds_data() {
    QTest::addColumn<std::vector<VariableBounds>>("bounds");
    QTest::addColumn<double>("etaC");
    QTest::newRow("unit box") << uniformBounds(10, 0, 1) << 15.0;
    QTest::newRow("negative, wide") << uniformBounds(10, -100, -50) << 15.0;
    QTest::newRow("tiny width") << uniformBounds(5, 1.0, 1.0 + 1e-9) << 15.0;
    QTest::newRow("small eta spreads far") << uniformBounds(10, 0, 1) << 0.5;
    QTest::newRow("mixed, with a fixed variable")
        << std::vector<VariableBounds>{{0, 1}, {-5, 5}, {2, 2}, {1e3, 1e6}} << 15.0;
}

void TestNsga2::sbxStaysInBounds() {
    QFETCH(std::vector<VariableBounds>, bounds);
    QFETCH(double, etaC);
    Rng rng(3);
    int changed = 0;
    for (int trial = 0; trial < 5000; ++trial) {
        std::vector<double> p1(bounds.size());
        std::vector<double> p2(bounds.size());
        for (std::size_t i = 0; i < bounds.size(); ++i) {
            // Every fifth trial starts both parents on the bounds, the hardest case.
            const double w = bounds[i].upper - bounds[i].lower;
            p1[i] = trial % 5 == 0 ? bounds[i].lower : bounds[i].lower + w * rng.uniformReal();
            p2[i] = trial % 5 == 0 ? bounds[i].upper : bounds[i].lower + w * rng.uniformReal();
        }
        const auto [c1, c2] = sbxCrossover(p1, p2, bounds, rng, etaC, 1.0);
        QVERIFY(inside(c1, bounds));
        QVERIFY(inside(c2, bounds));
        changed += c1 != p1 ? 1 : 0;
    }
    QVERIFY(changed > 2500);
}

void TestNsga2::sbxProbabilityZeroCopiesParents() {
    Rng rng(4);
    const auto bounds = uniformBounds(4, 0, 1);
    const std::vector<double> p1{0.1, 0.2, 0.3, 0.4};
    const std::vector<double> p2{0.9, 0.8, 0.7, 0.6};
    for (int i = 0; i < 100; ++i) {
        const auto [c1, c2] = sbxCrossover(p1, p2, bounds, rng, 15.0, 0.0);
        QVERIFY(c1 == p1 && c2 == p2);
    }
}

void TestNsga2::sbxKeepsTheParentsMean() {
    // Far from the bounds the two spreads are almost equal, so each child pair is centred on
    // the parents' mean (exactly, up to the bounded-distribution correction).
    Rng rng(5);
    const auto bounds = uniformBounds(1, -1e6, 1e6);
    const std::vector<double> p1{1.0};
    const std::vector<double> p2{2.0};
    for (int i = 0; i < 1000; ++i) {
        const auto [c1, c2] = sbxCrossover(p1, p2, bounds, rng, 15.0, 1.0);
        QVERIFY(std::abs((c1[0] + c2[0]) - 3.0) < 1e-9);
    }
}

void TestNsga2::mutationStaysInBounds_data() {
    QTest::addColumn<std::vector<VariableBounds>>("bounds");
    QTest::addColumn<double>("etaM");
    QTest::newRow("unit box") << uniformBounds(10, 0, 1) << 20.0;
    QTest::newRow("negative") << uniformBounds(10, -3, -2) << 20.0;
    QTest::newRow("small eta") << uniformBounds(10, 0, 1) << 0.1;
    QTest::newRow("mixed, with a fixed variable") << std::vector<VariableBounds>{{0, 1}, {7, 7}, {-1e6, 1e6}} << 20.0;
}

void TestNsga2::mutationStaysInBounds() {
    QFETCH(std::vector<VariableBounds>, bounds);
    QFETCH(double, etaM);
    Rng rng(6);
    for (int trial = 0; trial < 5000; ++trial) {
        std::vector<double> x(bounds.size());
        for (std::size_t i = 0; i < bounds.size(); ++i) {
            const int where = trial % 3; // at the lower bound, the upper bound, or inside
            x[i] = where == 0 ? bounds[i].lower
                 : where == 1 ? bounds[i].upper
                              : bounds[i].lower + (bounds[i].upper - bounds[i].lower) * rng.uniformReal();
        }
        polynomialMutation(x, bounds, rng, etaM, 1.0);
        QVERIFY(inside(x, bounds));
    }
}

void TestNsga2::mutationRate() {
    Rng rng(7);
    const auto bounds = uniformBounds(50, 0, 1);
    const std::vector<double> start(50, 0.5);
    int changed = 0;
    for (int trial = 0; trial < 2000; ++trial) {
        std::vector<double> x = start;
        polynomialMutation(x, bounds, rng); // default rate 1/50
        for (std::size_t i = 0; i < x.size(); ++i)
            changed += x[i] != start[i] ? 1 : 0;
    }
    QVERIFY(std::abs(changed / 2000.0 - 1.0) < 0.1); // one variable per call on average
    std::vector<double> x = start;
    polynomialMutation(x, bounds, rng, 20.0, 0.0);
    QVERIFY(x == start);
}

void TestNsga2::operatorsAreDeterministic() {
    const auto bounds = uniformBounds(6, 0, 1);
    const std::vector<double> p1{0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
    const std::vector<double> p2{0.6, 0.5, 0.4, 0.3, 0.2, 0.1};
    Rng a(8);
    Rng b(8);
    for (int i = 0; i < 100; ++i) {
        auto ca = sbxCrossover(p1, p2, bounds, a);
        auto cb = sbxCrossover(p1, p2, bounds, b);
        QVERIFY(ca == cb);
        polynomialMutation(ca.first, bounds, a);
        polynomialMutation(cb.first, bounds, b);
        QVERIFY(ca.first == cb.first);
    }
}

void TestNsga2::operatorsRejectMismatchedSizes() {
    Rng rng;
    const auto bounds = uniformBounds(3, 0, 1);
    std::vector<double> two{0.1, 0.2};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sbxCrossover(two, two, bounds, rng));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, polynomialMutation(two, bounds, rng));
}

QTEST_APPLESS_MAIN(TestNsga2)
#include "test_nsga2.moc"
