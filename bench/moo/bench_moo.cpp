// bench_moo: archive insert and hypervolume cost at 10k and 100k points, and RealNsga2
// quality on ZDT1-3 and DTLZ2 against the true fronts' hypervolumes.

#include "moo/hypervolume.h"
#include "moo/pareto_archive.h"
#include "moo/real_nsga2.h"
#include "moo/rng.h"
#include "moo/test_problems.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

using namespace edgenas::moo;

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// "uniform": i.i.d. in the unit cube, the front stays tiny (O(log^(M-1) n)).
// "near front": on or just above the plane sum(f) = 1, so the front grows to thousands and
// inserts evict often: the hard case for an archive.
std::vector<std::vector<double>> randomPoints(std::size_t count, std::size_t dims, bool nearFront, std::uint64_t seed) {
    Rng rng(seed);
    std::vector<std::vector<double>> points(count, std::vector<double>(dims));
    for (auto& p : points) {
        double sum = 0.0;
        for (double& v : p) {
            v = rng.uniformReal();
            sum += v;
        }
        if (nearFront) {
            const double scale = (1.0 + 0.02 * rng.uniformReal()) / sum;
            for (double& v : p)
                v *= scale;
        }
    }
    return points;
}

void benchArchive(std::size_t dims, std::size_t count, bool nearFront) {
    const auto points = randomPoints(count, dims, nearFront, 17);
    const std::vector<double> ref(dims, 1.1);
    ParetoArchive archive(dims, ref);

    // 2-D and 3-D: the hypervolume is maintained by insert itself, so reading it after every
    // insert is part of the timed loop. More objectives: computed on demand; we ask every 1,000
    // inserts, as a GUI refreshing a plot would.
    double hvChecksum = 0.0;
    double hvMs = 0.0;
    std::size_t hvCalls = 0;
    std::size_t evicted = 0;
    const auto start = Clock::now();
    for (std::size_t i = 0; i < points.size(); ++i) {
        evicted += archive.insert(points[i], static_cast<std::int64_t>(i)).evicted.size();
        if (dims <= 3) {
            hvChecksum += archive.hypervolume();
        } else if ((i + 1) % 1000 == 0) {
            const auto hvStart = Clock::now();
            hvChecksum += archive.hypervolume();
            hvMs += msSince(hvStart);
            ++hvCalls;
        }
    }
    const double totalMs = msSince(start);

    std::vector<std::vector<double>> front;
    for (const auto& entry : archive.front())
        front.push_back(entry.objectives);
    const auto freshStart = Clock::now();
    const double fresh = hypervolume(front, ref);
    const double freshMs = msSince(freshStart);

    std::printf("  %dD %-10s %7zu pts: insert+HV %8.1f ms (%6.2f us/insert), front %6zu, evicted %7zu, "
                "HV %.6f",
                static_cast<int>(dims), nearFront ? "near-front" : "uniform", count, totalMs,
                1000.0 * (totalMs - hvMs) / static_cast<double>(count), archive.size(), evicted,
                archive.hypervolume());
    if (dims <= 3)
        std::printf(" | from-scratch HV of final front %.3f ms, |diff| %.1e\n", freshMs,
                    std::abs(fresh - archive.hypervolume()));
    else
        std::printf(" | HV on demand %.2f ms/call (%zu calls, final %.3f ms)\n",
                    hvCalls ? hvMs / static_cast<double>(hvCalls) : 0.0, hvCalls, freshMs);
    if (hvChecksum < 0)
        std::printf("impossible\n"); // keeps the per-insert reads from being optimised away
}

// Times the problem's own evaluate() so the optimiser's overhead can be reported apart.
class TimedProblem : public RealProblem {
public:
    explicit TimedProblem(const RealProblem& inner) : m_inner(inner) {}
    std::string name() const override { return m_inner.name(); }
    std::vector<VariableBounds> bounds() const override { return m_inner.bounds(); }
    std::size_t numObjectives() const override { return m_inner.numObjectives(); }
    Point evaluate(std::span<const double> x) const override {
        const auto start = Clock::now();
        Point p = m_inner.evaluate(x);
        m_ms += msSince(start);
        return p;
    }
    double ms() const { return m_ms; }

private:
    const RealProblem& m_inner;
    mutable double m_ms = 0.0;
};

// The best a population of about `population` can show: evenly spread true-front points
// (ZDT: equal f1 steps; DTLZ2: the Das-Dennis simplex lattice projected onto the sphere).
double evenFrontHypervolume(const TestProblem& problem, std::size_t population) {
    if (problem.numObjectives() == 2)
        return hypervolume(problem.trueFront(population), problem.referencePoint());
    std::size_t divisions = 1;
    while ((divisions + 2) * (divisions + 3) / 2 <= population)
        ++divisions;
    std::vector<std::vector<double>> front;
    for (std::size_t i = 0; i <= divisions; ++i)
        for (std::size_t j = 0; i + j <= divisions; ++j) {
            std::vector<double> w{double(i), double(j), double(divisions - i - j)};
            const double norm = std::sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]);
            for (double& v : w)
                v /= norm;
            front.push_back(w);
        }
    return hypervolume(front, problem.referencePoint());
}

void benchNsga2(TestProblem::Kind kind, std::size_t population) {
    const TestProblem problem(kind);
    const std::vector<double> ref = problem.referencePoint();
    constexpr int kSeeds = 5;
    double hv1k[kSeeds];
    double hv10k[kSeeds];
    double overheadMs = 0.0;
    for (int s = 0; s < kSeeds; ++s) {
        TimedProblem timed(problem);
        double observerMs = 0.0;
        auto observer = [&](const RealNsga2State& state) {
            // The last generation to finish within 1,000 evaluations (the budget run would stop
            // there too: runs are deterministic prefixes of each other).
            if (state.evaluations <= 1000) {
                const auto start = Clock::now();
                hv1k[s] = hypervolume(state.frontObjectives(), ref);
                observerMs += msSince(start);
            }
        };
        const auto start = Clock::now();
        const RealNsga2State final =
            RealNsga2({.populationSize = population, .maxEvaluations = 10000, .seed = 1000u + s}).run(timed, observer);
        const double totalMs = msSince(start);
        hv10k[s] = hypervolume(final.frontObjectives(), ref);
        overheadMs += (totalMs - timed.ms() - observerMs) / static_cast<double>(final.evaluations);
    }
    auto summary = [](const double* v) {
        double mean = 0.0, lo = v[0], hi = v[0];
        for (int i = 0; i < kSeeds; ++i) {
            mean += v[i] / kSeeds;
            lo = std::min(lo, v[i]);
            hi = std::max(hi, v[i]);
        }
        static char text[64];
        std::snprintf(text, sizeof text, "%.4f [%.4f, %.4f]", mean, lo, hi);
        return std::string(text);
    };
    std::printf("  %-5s pop %3zu | HV@1k %s | HV@10k %s | true %.4f (even %3zu pts %.4f) | overhead %.4f ms/eval\n",
                problem.name().c_str(), population, summary(hv1k).c_str(), summary(hv10k).c_str(),
                problem.trueHypervolume(), population, evenFrontHypervolume(problem, population),
                overheadMs / kSeeds);
}

} // namespace

int main() {
    std::printf("ParetoArchive: insert + hypervolume (reference 1.1 per objective)\n");
    for (std::size_t dims : {2u, 3u})
        for (bool nearFront : {false, true})
            for (std::size_t count : {10'000u, 100'000u})
                benchArchive(dims, count, nearFront);

    std::printf("\nRealNsga2 (SBX etaC 15 p 0.9, PM etaM 20 rate 1/n), reference 1.1 per objective,\n"
                "mean [min, max] over 5 seeds; overhead = run time minus evaluate() time\n");
    for (auto kind : {TestProblem::Kind::Zdt1, TestProblem::Kind::Zdt2, TestProblem::Kind::Zdt3,
                      TestProblem::Kind::Dtlz2})
        benchNsga2(kind, 100);
    benchNsga2(TestProblem::Kind::Zdt1, 50);
    return 0;
}
