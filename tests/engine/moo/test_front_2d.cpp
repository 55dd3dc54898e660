#include "moo/front_2d.h"
#include "moo/hypervolume.h"
#include "moo/rng.h"

#include <QtTest>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

using namespace edgenas::moo;

namespace {

std::vector<std::vector<double>> members(const Front2d& front) {
    std::vector<std::vector<double>> out;
    for (const auto& [f1, entry] : front.points())
        out.push_back({f1, entry.f2});
    return out;
}

} // namespace

class TestFront2d : public QObject {
    Q_OBJECT
private slots:
    void handSequence();
    void staircaseStaysStrictlyDecreasing();
    void areaForOtherReference();
    void withoutReferenceNoArea();
};

void TestFront2d::handSequence() {
    // Steps on one front with reference (10, 10); each step's id is its index.
    struct Step {
        const char* what;
        double f1, f2;
        bool enters;
        std::vector<std::int64_t> evicted;
        double area;
    };
    const Step steps[] = {
        {"first point", 5, 5, true, {}, 25},
        {"equal point stays out", 5, 5, false, {}, 25},
        {"dominated", 6, 6, false, {}, 25},
        {"same f1, worse f2", 5, 7, false, {}, 25},
        {"trade-off adds a step", 3, 7, true, {}, 31},
        {"same f1, better f2 evicts", 3, 6, true, {4}, 33},
        {"dominates both, evicted in f1 order", 2, 2, true, {5, 0}, 64},
        {"beyond the reference in f1", 12, 1, true, {}, 64},
        {"beyond the reference in f2", 1, 11, true, {}, 64},
        {"on the reference boundary, evicts", 0.5, 10, true, {8}, 64},
        {"dominates across the boundary", 1.5, 0.5, true, {6, 7}, 80.75},
    };
    Front2d front(10.0, 10.0);
    std::int64_t id = 0;
    for (const Step& step : steps) {
        std::vector<std::int64_t> evicted;
        QVERIFY2(front.insert(step.f1, step.f2, id++, &evicted) == step.enters, step.what);
        QVERIFY2(evicted == step.evicted, step.what);
        QVERIFY2(front.area() == step.area, step.what);
        QVERIFY2(front.area() == hypervolume2d(members(front), std::vector<double>{10.0, 10.0}), step.what);
    }
    QCOMPARE(front.size(), std::size_t(2)); // (0.5, 10) and (1.5, 0.5)
}

void TestFront2d::staircaseStaysStrictlyDecreasing() {
    Rng rng(11);
    Front2d front(1.0, 1.0);
    for (int i = 0; i < 5000; ++i) {
        // Near the line f1 + f2 = 1 the front stays large and inserts evict often.
        const double a = rng.uniformReal();
        const double b = 1.0 - a + 0.05 * rng.uniformReal();
        front.insert(a, b, i);
        if (i % 250 == 0) {
            double previous = std::numeric_limits<double>::infinity();
            for (const auto& [f1, entry] : front.points()) {
                QVERIFY(entry.f2 < previous);
                previous = entry.f2;
            }
            QVERIFY(std::abs(front.area() - hypervolume2d(members(front), std::vector<double>{1.0, 1.0})) < 1e-12);
        }
    }
    QVERIFY(front.size() > 50);
}

void TestFront2d::areaForOtherReference() {
    Front2d front(1.0, 1.0);
    Rng rng(12);
    for (int i = 0; i < 300; ++i)
        front.insert(2.0 * rng.uniformReal(), 2.0 * rng.uniformReal(), i);
    for (const auto& ref : {std::vector<double>{0.5, 0.5}, std::vector<double>{1.5, 0.8}, std::vector<double>{3, 3}})
        QVERIFY(std::abs(front.areaFor(ref[0], ref[1]) - hypervolume2d(members(front), ref)) < 1e-12);
}

void TestFront2d::withoutReferenceNoArea() {
    Front2d front;
    QVERIFY(!front.hasReference());
    QVERIFY(front.insert(1, 2, 0));
    QVERIFY(front.insert(2, 1, 1));
    QVERIFY(!front.insert(3, 3, 2));
    QCOMPARE(front.size(), std::size_t(2));
    QCOMPARE(front.area(), 0.0);
    QCOMPARE(front.areaFor(3, 3), 3.0);
    front.clear();
    QVERIFY(front.empty());
}

QTEST_APPLESS_MAIN(TestFront2d)
#include "test_front_2d.moc"
