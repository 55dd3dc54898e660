#include "moo/hypervolume.h"
#include "moo/rng.h"
#include "moo/test_problems.h"

#include <QtTest>

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <vector>

using namespace edgenas::moo;

using PointList = std::vector<std::vector<double>>;
Q_DECLARE_METATYPE(std::vector<double>)
Q_DECLARE_METATYPE(PointList)

namespace {

PointList randomPoints(int count, int dims, int levels, std::uint64_t seed) {
    Rng rng(seed);
    PointList points(count, std::vector<double>(dims));
    for (auto& p : points)
        for (double& v : p)
            v = levels > 0 ? static_cast<double>(rng.uniformInt(levels)) / levels : rng.uniformReal();
    return points;
}

// Exact reference for integer points in [0, side)^d with ref (side, ..., side): the unit cell
// with lower corner c is dominated iff some point is <= c in every coordinate.
long long dominatedCells(const PointList& points, int dims, int side) {
    long long cells = 1;
    for (int k = 0; k < dims; ++k)
        cells *= side;
    long long count = 0;
    std::vector<int> c(dims);
    for (long long index = 0; index < cells; ++index) {
        long long rest = index;
        for (int k = 0; k < dims; ++k) {
            c[k] = static_cast<int>(rest % side);
            rest /= side;
        }
        for (const auto& p : points) {
            bool below = true;
            for (int k = 0; k < dims && below; ++k)
                below = p[k] <= c[k];
            if (below) {
                ++count;
                break;
            }
        }
    }
    return count;
}

bool close(double a, double b, double relative = 1e-12) { return std::abs(a - b) <= relative * (1.0 + std::abs(b)); }

} // namespace

class TestHypervolume : public QObject {
    Q_OBJECT
private slots:
    void handCases_data();
    void handCases();
    void fastPathsEqualWfg_data();
    void fastPathsEqualWfg();
    void wfgMatchesCellCount_data();
    void wfgMatchesCellCount();
    void sampledTrueFrontApproachesAnalytic_data();
    void sampledTrueFrontApproachesAnalytic();
    void ignoresPointsOutsideTheReference();
    void rejectsDimensionMismatch();
};

void TestHypervolume::handCases_data() {
    QTest::addColumn<PointList>("points");
    QTest::addColumn<std::vector<double>>("ref");
    QTest::addColumn<double>("expected");
    using R = std::vector<double>;
    QTest::newRow("2d empty") << PointList{} << R{1, 1} << 0.0;
    QTest::newRow("2d one point") << PointList{{0, 0}} << R{1, 1} << 1.0;
    QTest::newRow("2d staircase") << PointList{{1, 3}, {2, 2}, {3, 1}} << R{4, 4} << 6.0;
    QTest::newRow("2d staircase, dominated and duplicates")
        << PointList{{3, 1}, {2, 2}, {2.5, 2.5}, {1, 3}, {2, 2}, {3, 3}} << R{4, 4} << 6.0;
    QTest::newRow("2d negative objectives") << PointList{{-0.9, 2}, {-0.5, 1}} << R{0, 3} << 0.9 + 0.5 * 1;
    QTest::newRow("2d point on the boundary adds nothing") << PointList{{0, 1}, {1, 0}, {0.5, 0.5}} << R{1, 1}
                                                           << 0.25;
    QTest::newRow("3d one point") << PointList{{0, 0, 0}} << R{1, 1, 1} << 1.0;
    QTest::newRow("3d two boxes") << PointList{{0, 0.5, 0}, {0.5, 0, 0}} << R{1, 1, 1} << 0.75;
    // Inclusion-exclusion: 3 * 4 - 3 * 2 + 1.
    QTest::newRow("3d three unit axes") << PointList{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}} << R{2, 2, 2} << 7.0;
    QTest::newRow("3d with dominated and equal points")
        << PointList{{1, 0, 0}, {0, 1, 0}, {1, 1, 1}, {0, 0, 1}, {1, 0, 0}} << R{2, 2, 2} << 7.0;
    QTest::newRow("4d one point") << PointList{{0.5, 0.5, 0.5, 0.5}} << R{1, 1, 1, 1} << 0.0625;
    QTest::newRow("4d two points") << PointList{{0, 0, 0, 0.5}, {0.5, 0.5, 0.5, 0}} << R{1, 1, 1, 1}
                                   << 0.5 + 0.125 - 0.0625;
}

void TestHypervolume::handCases() {
    QFETCH(PointList, points);
    QFETCH(std::vector<double>, ref);
    QFETCH(double, expected);
    QCOMPARE(hypervolume(points, ref), expected);
    QCOMPARE(hypervolumeWfg(points, ref), expected);
    if (ref.size() == 2)
        QCOMPARE(hypervolume2d(points, ref), expected);
    if (ref.size() == 3)
        QCOMPARE(hypervolume3d(points, ref), expected);
}

void TestHypervolume::fastPathsEqualWfg_data() {
    QTest::addColumn<int>("dims");
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("levels");
    QTest::newRow("2d continuous") << 2 << 200 << 0;
    QTest::newRow("2d ties") << 2 << 200 << 7;
    QTest::newRow("3d continuous") << 3 << 60 << 0;
    QTest::newRow("3d ties") << 3 << 60 << 5;
    QTest::newRow("3d coarse") << 3 << 40 << 2;
}

void TestHypervolume::fastPathsEqualWfg() {
    QFETCH(int, dims);
    QFETCH(int, count);
    QFETCH(int, levels);
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
        // Reference below 1 so some points lie outside the box.
        const auto points = randomPoints(count, dims, levels, seed);
        const std::vector<double> ref(dims, 0.9);
        const double exact = hypervolumeWfg(points, ref);
        const double fast = dims == 2 ? hypervolume2d(points, ref) : hypervolume3d(points, ref);
        QVERIFY2(close(fast, exact), qPrintable(QString("seed %1: %2 vs %3").arg(seed).arg(fast).arg(exact)));
        QVERIFY(exact > 0.0);
    }
}

void TestHypervolume::wfgMatchesCellCount_data() {
    QTest::addColumn<int>("dims");
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("side");
    QTest::newRow("2d") << 2 << 30 << 12;
    QTest::newRow("3d") << 3 << 30 << 8;
    QTest::newRow("4d") << 4 << 25 << 6;
    QTest::newRow("5d") << 5 << 20 << 5;
}

void TestHypervolume::wfgMatchesCellCount() {
    QFETCH(int, dims);
    QFETCH(int, count);
    QFETCH(int, side);
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        Rng rng(seed);
        PointList points(count, std::vector<double>(dims));
        for (auto& p : points)
            for (double& v : p)
                v = rng.uniformInt(side);
        const std::vector<double> ref(dims, side);
        const double expected = static_cast<double>(dominatedCells(points, dims, side));
        QCOMPARE(hypervolumeWfg(points, ref), expected);
        QCOMPARE(hypervolume(points, ref), expected);
    }
}

void TestHypervolume::sampledTrueFrontApproachesAnalytic_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("resolution");
    QTest::addColumn<double>("tolerance");
    // A sampled front lies on the true one, so its hypervolume is below the exact value, and
    // the gap is proportional to the sample spacing: a wrong "exact" value would show up as a
    // gap that does not shrink tenfold with ten times the resolution.
    QTest::newRow("ZDT1") << int(TestProblem::Kind::Zdt1) << 100001 << 6e-6;
    QTest::newRow("ZDT2") << int(TestProblem::Kind::Zdt2) << 100001 << 6e-6;
    QTest::newRow("ZDT3") << int(TestProblem::Kind::Zdt3) << 100001 << 1e-5;
    QTest::newRow("DTLZ2") << int(TestProblem::Kind::Dtlz2) << 300 << 2.5e-3;
}

void TestHypervolume::sampledTrueFrontApproachesAnalytic() {
    QFETCH(int, kind);
    QFETCH(int, resolution);
    QFETCH(double, tolerance);
    const TestProblem problem(static_cast<TestProblem::Kind>(kind));
    const double exact = problem.trueHypervolume();
    const double dense = hypervolume(problem.trueFront(resolution), problem.referencePoint());
    const double coarse = hypervolume(problem.trueFront(resolution / 10), problem.referencePoint());
    QVERIFY2(dense <= exact && exact - dense < tolerance,
             qPrintable(QString("sampled %1, exact %2").arg(dense, 0, 'g', 12).arg(exact, 0, 'g', 12)));
    const double ratio = (exact - coarse) / (exact - dense);
    QVERIFY2(ratio > 9.5 && ratio < 10.5, qPrintable(QString("gap ratio %1").arg(ratio)));
    if (kind == int(TestProblem::Kind::Zdt1))
        QVERIFY(std::abs(exact - (1.21 - 1.0 / 3.0)) < 1e-15);
    if (kind == int(TestProblem::Kind::Dtlz2))
        QVERIFY(std::abs(exact - (1.331 - std::numbers::pi / 6.0)) < 1e-15);
}

void TestHypervolume::ignoresPointsOutsideTheReference() {
    const std::vector<double> ref2{1, 1};
    QCOMPARE(hypervolume2d(PointList{{2, -5}, {-5, 1}, {std::nan(""), 0}}, ref2), 0.0);
    QCOMPARE(hypervolume2d(PointList{{2, -5}, {0.5, 0.5}}, ref2), 0.25);
    const std::vector<double> ref3{1, 1, 1};
    QCOMPARE(hypervolume3d(PointList{{0, 0, 1}, {0.5, 0.5, 0.5}, {0, 2, 0}}, ref3), 0.125);
    QCOMPARE(hypervolumeWfg(PointList{{0, 0, 1}, {0.5, 0.5, 0.5}, {0, 2, 0}}, ref3), 0.125);
}

void TestHypervolume::rejectsDimensionMismatch() {
    const std::vector<double> ref2{1, 1};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hypervolume2d(PointList{{0, 0, 0}}, ref2));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hypervolume3d(PointList{{0, 0}}, ref2));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hypervolumeWfg(PointList{{0, 0, 0}}, ref2));
}

QTEST_APPLESS_MAIN(TestHypervolume)
#include "test_hypervolume.moc"
