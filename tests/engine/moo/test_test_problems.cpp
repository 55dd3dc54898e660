#include "moo/pareto_sort.h"
#include "moo/test_problems.h"

#include <QtTest>

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <vector>

using namespace edgenas::moo;

Q_DECLARE_METATYPE(std::vector<double>)

class TestTestProblems : public QObject {
    Q_OBJECT
private slots:
    void knownValues_data();
    void knownValues();
    void standardSizes();
    void optimalVariablesLieOnTheTrueFront_data();
    void optimalVariablesLieOnTheTrueFront();
    void trueFrontIsNonDominated_data();
    void trueFrontIsNonDominated();
    void rejectsWrongSize();
};

void TestTestProblems::knownValues_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<std::vector<double>>("x");
    QTest::addColumn<std::vector<double>>("expected");
    using V = std::vector<double>;
    // ZDT with x = (0.25, 0, 0): g = 1. With x = (0.25, 1, 1): g = 10.
    QTest::newRow("ZDT1 on front") << int(TestProblem::Kind::Zdt1) << V{0.25, 0, 0} << V{0.25, 0.5};
    QTest::newRow("ZDT1 g = 10") << int(TestProblem::Kind::Zdt1) << V{0.25, 1, 1} << V{0.25, 10 * (1 - 0.05 * std::sqrt(10.0))};
    QTest::newRow("ZDT2 on front") << int(TestProblem::Kind::Zdt2) << V{0.25, 0, 0} << V{0.25, 0.9375};
    // sin(10 pi 0.25) = sin(2.5 pi) = 1.
    QTest::newRow("ZDT3 on front") << int(TestProblem::Kind::Zdt3) << V{0.25, 0, 0} << V{0.25, 0.25};
    QTest::newRow("DTLZ2 corner f1") << int(TestProblem::Kind::Dtlz2) << V{0, 0, 0.5, 0.5} << V{1, 0, 0};
    QTest::newRow("DTLZ2 corner f3, g = 0.5") << int(TestProblem::Kind::Dtlz2) << V{1, 0.3, 0, 1} << V{0, 0, 1.5};
    QTest::newRow("DTLZ2 middle") << int(TestProblem::Kind::Dtlz2) << V{0.5, 0.5, 0.5, 0.5} << V{0.5, 0.5, std::sqrt(0.5)};
}

void TestTestProblems::knownValues() {
    QFETCH(int, kind);
    QFETCH(std::vector<double>, x);
    QFETCH(std::vector<double>, expected);
    const TestProblem problem(static_cast<TestProblem::Kind>(kind), x.size());
    const Point p = problem.evaluate(x);
    QCOMPARE(p.objectives.size(), expected.size());
    QVERIFY(p.feasible());
    for (std::size_t k = 0; k < expected.size(); ++k)
        QVERIFY2(std::abs(p.objectives[k] - expected[k]) < 1e-12,
                 qPrintable(QString("objective %1: %2 vs %3").arg(k).arg(p.objectives[k]).arg(expected[k])));
}

void TestTestProblems::standardSizes() {
    QCOMPARE(TestProblem(TestProblem::Kind::Zdt1).numVariables(), std::size_t(30));
    QCOMPARE(TestProblem(TestProblem::Kind::Zdt3).bounds().size(), std::size_t(30));
    QCOMPARE(TestProblem(TestProblem::Kind::Dtlz2).numVariables(), std::size_t(12));
    QCOMPARE(TestProblem(TestProblem::Kind::Dtlz2).numObjectives(), std::size_t(3));
    QCOMPARE(TestProblem(TestProblem::Kind::Zdt2).referencePoint(), (std::vector<double>{1.1, 1.1}));
    QCOMPARE(QString::fromStdString(TestProblem(TestProblem::Kind::Dtlz2).name()), QString("DTLZ2"));
}

void TestTestProblems::optimalVariablesLieOnTheTrueFront_data() {
    QTest::addColumn<int>("kind");
    QTest::newRow("ZDT1") << int(TestProblem::Kind::Zdt1);
    QTest::newRow("ZDT2") << int(TestProblem::Kind::Zdt2);
    QTest::newRow("DTLZ2") << int(TestProblem::Kind::Dtlz2);
}

void TestTestProblems::optimalVariablesLieOnTheTrueFront() {
    // Pareto-optimal decision vectors: ZDT rest = 0, DTLZ2 rest = 0.5; the front is then
    // f2 = h(f1) for ZDT and |f| = 1 for DTLZ2.
    QFETCH(int, kind);
    const TestProblem problem(static_cast<TestProblem::Kind>(kind));
    const bool dtlz = problem.kind() == TestProblem::Kind::Dtlz2;
    for (double a : {0.0, 0.1, 0.5, 0.9, 1.0}) {
        std::vector<double> x(problem.numVariables(), dtlz ? 0.5 : 0.0);
        x[0] = a;
        x[1] = dtlz ? 1.0 - a : 0.0;
        const auto f = problem.evaluate(x).objectives;
        if (dtlz) {
            QVERIFY(std::abs(f[0] * f[0] + f[1] * f[1] + f[2] * f[2] - 1.0) < 1e-12);
        } else {
            const double h = problem.kind() == TestProblem::Kind::Zdt1 ? 1 - std::sqrt(a) : 1 - a * a;
            QVERIFY(std::abs(f[1] - h) < 1e-12);
        }
    }
}

void TestTestProblems::trueFrontIsNonDominated_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("resolution");
    QTest::newRow("ZDT1") << int(TestProblem::Kind::Zdt1) << 200;
    QTest::newRow("ZDT3") << int(TestProblem::Kind::Zdt3) << 2000;
    QTest::newRow("DTLZ2") << int(TestProblem::Kind::Dtlz2) << 15;
}

void TestTestProblems::trueFrontIsNonDominated() {
    QFETCH(int, kind);
    QFETCH(int, resolution);
    const TestProblem problem(static_cast<TestProblem::Kind>(kind));
    std::vector<Point> points;
    for (auto& f : problem.trueFront(resolution))
        points.push_back({f});
    const Fronts fronts = nonDominatedSort(points);
    QCOMPARE(fronts.size(), std::size_t(1));
    if (problem.kind() == TestProblem::Kind::Zdt3) {
        // Five disconnected pieces, the last ending at f1 ~ 0.8518, f2 ~ -0.7734.
        QVERIFY(points.size() < std::size_t(resolution) / 3);
        QVERIFY(std::abs(points.back().objectives[1] - (-0.773369)) < 1e-4);
    }
}

void TestTestProblems::rejectsWrongSize() {
    const TestProblem problem(TestProblem::Kind::Zdt1);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, problem.evaluate(std::vector<double>(5, 0.0)));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TestProblem(TestProblem::Kind::Dtlz2, 2));
}

QTEST_APPLESS_MAIN(TestTestProblems)
#include "test_test_problems.moc"
