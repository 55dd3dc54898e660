#include "moo/pareto_sort.h"
#include "moo/rng.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

using namespace edgenas::moo;

Q_DECLARE_METATYPE(std::vector<double>)

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Random points; `levels` > 0 draws every objective from that many values so ties and exact
// duplicates are common, and violations come from three levels for the same reason.
std::vector<Point> randomPoints(int count, int objectives, int levels, double infeasibleShare, std::uint64_t seed) {
    Rng rng(seed);
    std::vector<Point> points(count);
    for (Point& p : points) {
        for (int k = 0; k < objectives; ++k)
            p.objectives.push_back(levels > 0 ? rng.uniformInt(levels) : rng.uniformReal());
        if (rng.bernoulli(infeasibleShare))
            p.violation = levels > 0 ? 0.5 * (1 + rng.uniformInt(3)) : 0.01 + rng.uniformReal();
    }
    return points;
}

// The definition: front k holds the points no remaining point constrained-dominates.
Fronts bruteForceFronts(const std::vector<Point>& points) {
    std::vector<bool> placed(points.size(), false);
    std::size_t remaining = points.size();
    Fronts fronts;
    while (remaining > 0) {
        std::vector<int> front;
        for (std::size_t i = 0; i < points.size(); ++i) {
            if (placed[i])
                continue;
            bool dominated = false;
            for (std::size_t j = 0; j < points.size() && !dominated; ++j)
                dominated = !placed[j] && constrainedDominates(points[j], points[i]);
            if (!dominated)
                front.push_back(static_cast<int>(i));
        }
        for (int i : front)
            placed[i] = true;
        remaining -= front.size();
        fronts.push_back(front);
    }
    return fronts;
}

// Per objective, a member's neighbours are the members ranked just below and above it by
// (value, position in the front); rank found by counting, independent of any sort.
std::vector<double> bruteForceCrowding(const std::vector<Point>& points, const std::vector<int>& front) {
    const std::size_t n = front.size();
    std::vector<double> distance(n, 0.0);
    if (n <= 2)
        return std::vector<double>(n, kInf);
    for (std::size_t k = 0; k < points[front[0]].objectives.size(); ++k) {
        auto v = [&](std::size_t pos) { return points[front[pos]].objectives[k]; };
        auto before = [&](std::size_t a, std::size_t b) { return v(a) < v(b) || (v(a) == v(b) && a < b); };
        std::vector<std::size_t> rank(n, 0);
        double lo = kInf, hi = -kInf;
        for (std::size_t i = 0; i < n; ++i) {
            lo = std::min(lo, v(i));
            hi = std::max(hi, v(i));
            for (std::size_t j = 0; j < n; ++j)
                rank[i] += before(j, i) ? 1 : 0;
        }
        for (std::size_t i = 0; i < n; ++i) {
            if (rank[i] == 0 || rank[i] == n - 1) {
                distance[i] = kInf;
                continue;
            }
            if (hi == lo)
                continue;
            double prev = 0.0, next = 0.0;
            for (std::size_t j = 0; j < n; ++j) {
                if (rank[j] + 1 == rank[i])
                    prev = v(j);
                if (rank[j] == rank[i] + 1)
                    next = v(j);
            }
            distance[i] += (next - prev) / (hi - lo);
        }
    }
    return distance;
}

void addRandomRows() {
    QTest::addColumn<int>("objectives");
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("levels");
    QTest::addColumn<double>("infeasibleShare");
    QTest::addColumn<int>("seed");
    QTest::newRow("2 objectives continuous") << 2 << 150 << 0 << 0.0 << 1;
    QTest::newRow("2 objectives ties") << 2 << 150 << 6 << 0.0 << 2;
    QTest::newRow("2 objectives ties infeasible") << 2 << 150 << 5 << 0.3 << 3;
    QTest::newRow("2 objectives all duplicates") << 2 << 20 << 1 << 0.0 << 4;
    QTest::newRow("3 objectives continuous") << 3 << 150 << 0 << 0.0 << 5;
    QTest::newRow("3 objectives ties infeasible") << 3 << 150 << 4 << 0.2 << 6;
    QTest::newRow("5 objectives continuous") << 5 << 120 << 0 << 0.1 << 7;
    QTest::newRow("5 objectives ties") << 5 << 120 << 3 << 0.0 << 8;
    QTest::newRow("1 point") << 3 << 1 << 0 << 0.0 << 9;
    QTest::newRow("all infeasible") << 2 << 40 << 4 << 1.0 << 10;
}

} // namespace

class TestParetoSort : public QObject {
    Q_OBJECT
private slots:
    void dominance_data();
    void dominance();
    void constrainedDomination_data();
    void constrainedDomination();
    void sortMatchesBruteForce_data();
    void sortMatchesBruteForce();
    void fastPath2dEqualsGeneral_data();
    void fastPath2dEqualsGeneral();
    void crowdingMatchesBruteForce_data();
    void crowdingMatchesBruteForce();
    void crowdingHandCase();
    void emptyInput();
    void rejectsBadInput();
};

void TestParetoSort::dominance_data() {
    QTest::addColumn<std::vector<double>>("a");
    QTest::addColumn<std::vector<double>>("b");
    QTest::addColumn<bool>("dominates");
    QTest::addColumn<bool>("weakly");
    QTest::newRow("better in all") << std::vector<double>{1, 1} << std::vector<double>{2, 2} << true << true;
    QTest::newRow("better in one, equal other") << std::vector<double>{1, 2} << std::vector<double>{2, 2} << true
                                                << true;
    QTest::newRow("equal") << std::vector<double>{1, 2, 3} << std::vector<double>{1, 2, 3} << false << true;
    QTest::newRow("trade-off") << std::vector<double>{1, 3} << std::vector<double>{2, 2} << false << false;
    QTest::newRow("worse") << std::vector<double>{3, 3} << std::vector<double>{2, 2} << false << false;
    QTest::newRow("negative values") << std::vector<double>{-0.9, 5} << std::vector<double>{-0.8, 5} << true
                                     << true;
    QTest::newRow("one objective") << std::vector<double>{1} << std::vector<double>{2} << true << true;
}

void TestParetoSort::dominance() {
    QFETCH(std::vector<double>, a);
    QFETCH(std::vector<double>, b);
    QFETCH(bool, dominates);
    QFETCH(bool, weakly);
    QCOMPARE(edgenas::moo::dominates(a, b), dominates);
    QCOMPARE(weaklyDominates(a, b), weakly);
}

void TestParetoSort::constrainedDomination_data() {
    QTest::addColumn<std::vector<double>>("a");
    QTest::addColumn<double>("violationA");
    QTest::addColumn<std::vector<double>>("b");
    QTest::addColumn<double>("violationB");
    QTest::addColumn<bool>("aDominatesB");
    QTest::addColumn<bool>("bDominatesA");
    using V = std::vector<double>;
    QTest::newRow("both feasible, a dominates") << V{1, 1} << 0.0 << V{2, 2} << 0.0 << true << false;
    QTest::newRow("both feasible, trade-off") << V{1, 3} << 0.0 << V{2, 2} << 0.0 << false << false;
    QTest::newRow("both feasible, equal") << V{1, 1} << 0.0 << V{1, 1} << 0.0 << false << false;
    QTest::newRow("feasible beats better infeasible") << V{9, 9} << 0.0 << V{0, 0} << 0.1 << true << false;
    QTest::newRow("smaller violation wins") << V{9, 9} << 0.2 << V{0, 0} << 0.3 << true << false;
    QTest::newRow("equal violation, objectives ignored") << V{9, 9} << 0.5 << V{0, 0} << 0.5 << false << false;
    QTest::newRow("tiny violation is infeasible") << V{0, 0} << 1e-12 << V{5, 5} << 0.0 << false << true;
}

void TestParetoSort::constrainedDomination() {
    QFETCH(std::vector<double>, a);
    QFETCH(double, violationA);
    QFETCH(std::vector<double>, b);
    QFETCH(double, violationB);
    QFETCH(bool, aDominatesB);
    QFETCH(bool, bDominatesA);
    const Point pa{a, violationA};
    const Point pb{b, violationB};
    QCOMPARE(constrainedDominates(pa, pb), aDominatesB);
    QCOMPARE(constrainedDominates(pb, pa), bDominatesA);
}

void TestParetoSort::sortMatchesBruteForce_data() { addRandomRows(); }

void TestParetoSort::sortMatchesBruteForce() {
    QFETCH(int, objectives);
    QFETCH(int, count);
    QFETCH(int, levels);
    QFETCH(double, infeasibleShare);
    QFETCH(int, seed);
    const auto points = randomPoints(count, objectives, levels, infeasibleShare, static_cast<std::uint64_t>(seed));
    const Fronts expected = bruteForceFronts(points);
    QVERIFY(fastNonDominatedSort(points) == expected);
    QVERIFY(nonDominatedSort(points) == expected);
    if (objectives == 2)
        QVERIFY(nonDominatedSort2d(points) == expected);
}

void TestParetoSort::fastPath2dEqualsGeneral_data() {
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("levels");
    QTest::addColumn<double>("infeasibleShare");
    QTest::newRow("continuous") << 2000 << 0 << 0.0;
    QTest::newRow("coarse grid") << 2000 << 8 << 0.0;
    QTest::newRow("fine grid, infeasible") << 2000 << 40 << 0.25;
}

void TestParetoSort::fastPath2dEqualsGeneral() {
    QFETCH(int, count);
    QFETCH(int, levels);
    QFETCH(double, infeasibleShare);
    for (std::uint64_t seed = 100; seed < 103; ++seed) {
        const auto points = randomPoints(count, 2, levels, infeasibleShare, seed);
        const Fronts fast = nonDominatedSort2d(points);
        QVERIFY(fast == fastNonDominatedSort(points));
        std::size_t total = 0;
        for (const auto& front : fast)
            total += front.size();
        QCOMPARE(total, points.size());
    }
}

void TestParetoSort::crowdingMatchesBruteForce_data() { addRandomRows(); }

void TestParetoSort::crowdingMatchesBruteForce() {
    QFETCH(int, objectives);
    QFETCH(int, count);
    QFETCH(int, levels);
    QFETCH(double, infeasibleShare);
    QFETCH(int, seed);
    const auto points = randomPoints(count, objectives, levels, infeasibleShare, static_cast<std::uint64_t>(seed));
    for (const auto& front : bruteForceFronts(points)) {
        const auto got = crowdingDistance(points, front);
        const auto expected = bruteForceCrowding(points, front);
        QCOMPARE(got.size(), expected.size());
        for (std::size_t i = 0; i < got.size(); ++i) {
            if (std::isinf(expected[i]))
                QVERIFY(std::isinf(got[i]) && got[i] > 0);
            else
                QVERIFY2(std::abs(got[i] - expected[i]) <= 1e-12 * (1 + expected[i]),
                         qPrintable(QString("member %1: %2 vs %3").arg(i).arg(got[i]).arg(expected[i])));
        }
    }
}

void TestParetoSort::crowdingHandCase() {
    // Ranges are 4 in both objectives. (1,2): f1 neighbours 0 and 2 -> 0.5, f2 neighbours 1
    // and 4 -> 0.75; (2,1) is the mirror image.
    const std::vector<Point> points{{{0, 4}}, {{1, 2}}, {{2, 1}}, {{4, 0}}};
    const std::vector<int> front{0, 1, 2, 3};
    const auto d = crowdingDistance(points, front);
    QVERIFY(std::isinf(d[0]) && std::isinf(d[3]));
    QCOMPARE(d[1], 1.25);
    QCOMPARE(d[2], 1.25);
    // Two members: both are boundary points.
    const auto two = crowdingDistance(points, std::vector<int>{1, 2});
    QVERIFY(std::isinf(two[0]) && std::isinf(two[1]));
}

void TestParetoSort::emptyInput() {
    QVERIFY(fastNonDominatedSort({}).empty());
    QVERIFY(nonDominatedSort2d({}).empty());
    QVERIFY(crowdingDistance({}, {}).empty());
}

void TestParetoSort::rejectsBadInput() {
    const std::vector<Point> mixed{{{1, 2}}, {{1, 2, 3}}};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, fastNonDominatedSort(mixed));
    const std::vector<Point> nan{{{1, std::nan("")}}, {{1, 2}}};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, nonDominatedSort2d(nan));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, fastNonDominatedSort(nan));
    const std::vector<Point> negative{{{1, 2}, -1.0}};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, nonDominatedSort(negative));
    const std::vector<Point> three{{{1, 2, 3}}};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, nonDominatedSort2d(three));
}

QTEST_APPLESS_MAIN(TestParetoSort)
#include "test_pareto_sort.moc"
