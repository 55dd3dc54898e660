#include "moo/hypervolume.h"
#include "moo/pareto_archive.h"
#include "moo/pareto_sort.h"
#include "moo/rng.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <vector>

using namespace edgenas::moo;

namespace {

enum class Shape { Uniform, Grid, NearFront };

// Uniform points leave a small front; points near the plane sum(f) = 1 keep it large, so
// evictions are frequent; a grid makes ties and exact duplicates.
std::vector<Point> randomPoints(int count, int dims, Shape shape, std::uint64_t seed) {
    Rng rng(seed);
    std::vector<Point> points(count);
    for (Point& p : points) {
        p.objectives.resize(dims);
        double sum = 0.0;
        for (double& v : p.objectives) {
            v = shape == Shape::Grid ? rng.uniformInt(8) / 8.0 : rng.uniformReal();
            sum += v;
        }
        if (shape == Shape::NearFront) {
            const double scale = (1.0 + 0.05 * rng.uniformReal()) / sum;
            for (double& v : p.objectives)
                v *= scale;
        }
        if (rng.bernoulli(0.05))
            p.violation = 0.5;
    }
    return points;
}

// The definition: feasible points no feasible point dominates, first of equal ones.
std::set<std::int64_t> bruteForceIds(const std::vector<Point>& points) {
    std::set<std::int64_t> ids;
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (!points[i].feasible())
            continue;
        bool keep = true;
        for (std::size_t j = 0; j < points.size() && keep; ++j) {
            if (i == j || !points[j].feasible())
                continue;
            keep = !dominates(points[j].objectives, points[i].objectives) &&
                   !(j < i && points[j].objectives == points[i].objectives);
        }
        if (keep)
            ids.insert(static_cast<std::int64_t>(i));
    }
    return ids;
}

std::vector<std::vector<double>> objectivesOf(const ParetoArchive& archive) {
    std::vector<std::vector<double>> out;
    for (const auto& entry : archive.front())
        out.push_back(entry.objectives);
    return out;
}

} // namespace

Q_DECLARE_METATYPE(Shape)

class TestParetoArchive : public QObject {
    Q_OBJECT
private slots:
    void equalsBruteForceNonDominatedSet_data();
    void equalsBruteForceNonDominatedSet();
    void incrementalHypervolumeEqualsFresh_data();
    void incrementalHypervolumeEqualsFresh();
    void hypervolumeAtOtherReferences();
    void hypervolume3dCacheFollowsInserts();
    void manyInsertsStayConsistent();
    void rejectsBadInput();
};

void TestParetoArchive::equalsBruteForceNonDominatedSet_data() {
    QTest::addColumn<int>("dims");
    QTest::addColumn<int>("count");
    QTest::addColumn<Shape>("shape");
    QTest::newRow("2d uniform") << 2 << 3000 << Shape::Uniform;
    QTest::newRow("2d near front") << 2 << 3000 << Shape::NearFront;
    QTest::newRow("2d grid") << 2 << 1000 << Shape::Grid;
    QTest::newRow("3d uniform") << 3 << 2000 << Shape::Uniform;
    QTest::newRow("3d near front") << 3 << 2000 << Shape::NearFront;
    QTest::newRow("3d grid") << 3 << 1000 << Shape::Grid;
    QTest::newRow("4d near front") << 4 << 1000 << Shape::NearFront;
    QTest::newRow("1d") << 1 << 200 << Shape::Uniform;
}

void TestParetoArchive::equalsBruteForceNonDominatedSet() {
    QFETCH(int, dims);
    QFETCH(int, count);
    QFETCH(Shape, shape);
    const auto points = randomPoints(count, dims, shape, 42);
    ParetoArchive archive(static_cast<std::size_t>(dims));
    std::set<std::int64_t> held;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const ArchiveInsert result = archive.insert(points[i], static_cast<std::int64_t>(i));
        // Every evicted id was held, and the archive's own account matches what it reports.
        for (std::int64_t id : result.evicted)
            QVERIFY(held.erase(id) == 1);
        if (result.inserted)
            held.insert(static_cast<std::int64_t>(i));
        else
            QVERIFY(result.evicted.empty());
    }
    const auto ids = archive.ids();
    QCOMPARE(std::set<std::int64_t>(ids.begin(), ids.end()), held);
    QCOMPARE(held, bruteForceIds(points));
    QCOMPARE(archive.size(), held.size());
    for (const ArchiveEntry& entry : archive.front())
        QVERIFY(entry.objectives == points[entry.id].objectives);
}

void TestParetoArchive::incrementalHypervolumeEqualsFresh_data() {
    QTest::addColumn<int>("dims");
    QTest::addColumn<Shape>("shape");
    QTest::addColumn<double>("spread");
    // spread > 1 puts part of the points beyond the reference (1, 1[, 1]).
    for (int dims : {2, 3}) {
        const QByteArray d = QByteArray::number(dims) + "d ";
        QTest::newRow(d + "uniform inside") << dims << Shape::Uniform << 1.0;
        QTest::newRow(d + "uniform, some outside") << dims << Shape::Uniform << 1.3;
        QTest::newRow(d + "near front, some outside") << dims << Shape::NearFront << 1.6;
        QTest::newRow(d + "grid, duplicates") << dims << Shape::Grid << 1.2;
    }
}

// Both tracked cases (2-D staircase, 3-D contributions) must agree with a from-scratch sweep after
// every single insert, evictions and points outside the reference included.
void TestParetoArchive::incrementalHypervolumeEqualsFresh() {
    QFETCH(int, dims);
    QFETCH(Shape, shape);
    QFETCH(double, spread);
    const std::vector<double> ref(static_cast<std::size_t>(dims), 1.0);
    auto points = randomPoints(3000, dims, shape, 7);
    ParetoArchive archive(static_cast<std::size_t>(dims), ref);
    for (std::size_t i = 0; i < points.size(); ++i) {
        for (double& v : points[i].objectives)
            v *= spread;
        archive.insert(points[i], static_cast<std::int64_t>(i));
        const double fresh = dims == 2 ? hypervolume2d(objectivesOf(archive), ref)
                                       : hypervolume3d(objectivesOf(archive), ref);
        if (std::abs(archive.hypervolume() - fresh) > 1e-13 * (1.0 + fresh))
            QFAIL(qPrintable(QString("after insert %1: incremental %2, fresh %3")
                                 .arg(i)
                                 .arg(archive.hypervolume(), 0, 'g', 17)
                                 .arg(fresh, 0, 'g', 17)));
    }
    QVERIFY(archive.hypervolume() > 0.0);
}

void TestParetoArchive::hypervolumeAtOtherReferences() {
    ParetoArchive archive(2, {1.0, 1.0});
    const auto points = randomPoints(500, 2, Shape::NearFront, 3);
    for (std::size_t i = 0; i < points.size(); ++i)
        archive.insert(points[i], static_cast<std::int64_t>(i));
    for (const auto& ref : {std::vector<double>{0.6, 0.7}, std::vector<double>{2.0, 2.0}}) {
        const double fresh = hypervolume2d(objectivesOf(archive), ref);
        QVERIFY(std::abs(archive.hypervolume(ref) - fresh) < 1e-12);
    }
    ParetoArchive untracked(2);
    QVERIFY_THROWS_EXCEPTION(std::logic_error, untracked.hypervolume());
    untracked.insert(std::vector<double>{0.5, 0.5}, 1);
    QCOMPARE(untracked.hypervolume(std::vector<double>{1.0, 1.0}), 0.25);
}

void TestParetoArchive::hypervolume3dCacheFollowsInserts() {
    const std::vector<double> ref{1.1, 1.1, 1.1};
    ParetoArchive archive(3, ref);
    const auto points = randomPoints(400, 3, Shape::NearFront, 5);
    for (std::size_t i = 0; i < points.size(); ++i) {
        archive.insert(points[i], static_cast<std::int64_t>(i));
        if (i % 40 == 0) {
            const double fresh = hypervolume3d(objectivesOf(archive), ref);
            QCOMPARE(archive.hypervolume(), fresh);
            QCOMPARE(archive.hypervolume(), fresh); // the cached value
            QCOMPARE(archive.hypervolume(std::vector<double>{2, 2, 2}),
                     hypervolume3d(objectivesOf(archive), std::vector<double>{2, 2, 2}));
        }
    }
}

void TestParetoArchive::manyInsertsStayConsistent() {
    // Functional check at the benchmark's size; timing is bench_moo's business.
    const std::vector<double> ref{1.0, 1.0};
    ParetoArchive archive(2, ref);
    Rng rng(99);
    for (std::int64_t i = 0; i < 100000; ++i) {
        const double a = rng.uniformReal();
        archive.insert(std::vector<double>{a, 1.0 - a + 0.2 * rng.uniformReal()}, i);
    }
    QVERIFY(archive.size() > 100);
    const double fresh = hypervolume2d(objectivesOf(archive), ref);
    QVERIFY(std::abs(archive.hypervolume() - fresh) < 1e-12);
    archive.clear();
    QVERIFY(archive.empty());
    QCOMPARE(archive.hypervolume(), 0.0);
}

void TestParetoArchive::rejectsBadInput() {
    ParetoArchive archive(2, {1.0, 1.0});
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, archive.insert(std::vector<double>{1, 2, 3}, 0));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, archive.insert(std::vector<double>{std::nan(""), 0}, 0));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, archive.insert(std::vector<double>{INFINITY, 0}, 0));
    QVERIFY(!archive.insert(Point{{0.1, 0.1}, 0.5}, 1).inserted); // infeasible
    QVERIFY(archive.empty());
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ParetoArchive(3, {1.0, 1.0}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ParetoArchive(0));
}

QTEST_APPLESS_MAIN(TestParetoArchive)
#include "test_pareto_archive.moc"
