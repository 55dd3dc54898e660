#include "moo/test_problems.h"

#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>

namespace edgenas::moo {

namespace {

// Hypervolumes at r = (1.1, ..., 1.1), all objectives minimised.
//
// The two-objective fronts are curves f2 = h(f1), f1 in [0, 1], with h(0) <= 1.1. Inside the
// box [0, 1.1]^2 the region NOT dominated is { 0 <= f2 < m(f1) } where m is the running
// minimum of h (for f1 > 1, m stays at m(1)); the dominated area is
//     HV = 1.1 * 1.1 - integral_0^1.1 of m = integral_0^1 (1.1 - m) + 0.1 * (1.1 - m(1)).
// ZDT1: h = 1 - sqrt(f1), decreasing, m = h, integral_0^1 h = 1 - 2/3 = 1/3, m(1) = 0:
//     HV = 1.21 - 1/3 = 0.876666...
// ZDT2: h = 1 - f1^2, integral_0^1 h = 2/3:  HV = 1.21 - 2/3 = 0.543333...
// ZDT3: h = 1 - sqrt(f1) - f1 sin(10 pi f1) is not monotone and goes below 0, so the formula
//     integral_0^1 (1.1 - m) + 0.1 (1.1 - m(1)) was evaluated numerically (trapezoid rule on
//     the running minimum, long double, 6.4e7 steps; successive refinements agree to 3e-12).
//     m(1) = min h = -0.773369012327 (at f1 ~ 0.8518).
// DTLZ2 (3 objectives): the front is the unit sphere in the positive octant; a point y of the
//     box is dominated iff |y| >= 1 (y / |y| is then a front point <= y), so the non-dominated
//     part is the ball's octant, volume pi/6:  HV = 1.1^3 - pi/6 = 1.331 - pi/6 = 0.807401...
constexpr double kZdt1Hypervolume = 1.21 - 1.0 / 3.0;
constexpr double kZdt2Hypervolume = 1.21 - 2.0 / 3.0;
constexpr double kZdt3Hypervolume = 1.331762908657;
constexpr double kDtlz2Hypervolume = 1.331 - std::numbers::pi / 6.0;

double zdtShape(TestProblem::Kind kind, double f1, double ratio) {
    switch (kind) {
    case TestProblem::Kind::Zdt1:
        return 1.0 - std::sqrt(ratio);
    case TestProblem::Kind::Zdt2:
        return 1.0 - ratio * ratio;
    default:
        return 1.0 - std::sqrt(ratio) - ratio * std::sin(10.0 * std::numbers::pi * f1);
    }
}

} // namespace

TestProblem::TestProblem(Kind kind, std::size_t numVariables) : m_kind(kind), m_numVariables(numVariables) {
    if (m_numVariables == 0)
        m_numVariables = kind == Kind::Dtlz2 ? 12 : 30;
    const std::size_t minimum = kind == Kind::Dtlz2 ? 3 : 2;
    if (m_numVariables < minimum)
        throw std::invalid_argument("moo::TestProblem: " + name() + " needs at least " + std::to_string(minimum) +
                                    " variables");
}

std::string TestProblem::name() const {
    switch (m_kind) {
    case Kind::Zdt1:
        return "ZDT1";
    case Kind::Zdt2:
        return "ZDT2";
    case Kind::Zdt3:
        return "ZDT3";
    case Kind::Dtlz2:
        return "DTLZ2";
    }
    return {};
}

std::vector<VariableBounds> TestProblem::bounds() const { return std::vector<VariableBounds>(m_numVariables); }

std::size_t TestProblem::numObjectives() const { return m_kind == Kind::Dtlz2 ? 3 : 2; }

Point TestProblem::evaluate(std::span<const double> x) const {
    if (x.size() != m_numVariables)
        throw std::invalid_argument("moo::TestProblem::evaluate: wrong number of variables for " + name());
    Point p;
    if (m_kind == Kind::Dtlz2) {
        double g = 0.0;
        for (std::size_t i = 2; i < x.size(); ++i)
            g += (x[i] - 0.5) * (x[i] - 0.5);
        const double a = x[0] * std::numbers::pi / 2.0;
        const double b = x[1] * std::numbers::pi / 2.0;
        p.objectives = {(1.0 + g) * std::cos(a) * std::cos(b), (1.0 + g) * std::cos(a) * std::sin(b),
                        (1.0 + g) * std::sin(a)};
        return p;
    }
    double sum = 0.0;
    for (std::size_t i = 1; i < x.size(); ++i)
        sum += x[i];
    const double g = 1.0 + 9.0 * sum / static_cast<double>(x.size() - 1);
    const double f1 = x[0];
    p.objectives = {f1, g * zdtShape(m_kind, f1, f1 / g)};
    return p;
}

std::vector<std::vector<double>> TestProblem::trueFront(std::size_t resolution) const {
    std::vector<std::vector<double>> front;
    if (resolution < 2)
        resolution = 2;
    const double step = 1.0 / static_cast<double>(resolution - 1);
    if (m_kind == Kind::Dtlz2) {
        front.reserve(resolution * resolution);
        for (std::size_t i = 0; i < resolution; ++i) {
            const double a = static_cast<double>(i) * step * std::numbers::pi / 2.0;
            for (std::size_t j = 0; j < resolution; ++j) {
                const double b = static_cast<double>(j) * step * std::numbers::pi / 2.0;
                front.push_back({std::cos(a) * std::cos(b), std::cos(a) * std::sin(b), std::sin(a)});
            }
        }
        return front;
    }
    for (std::size_t i = 0; i < resolution; ++i) {
        const double f1 = static_cast<double>(i) * step;
        front.push_back({f1, zdtShape(m_kind, f1, f1)});
    }
    if (m_kind == Kind::Zdt3) {
        // ZDT3's curve doubles back; keep the points no earlier point beats (the running minimum).
        std::vector<std::vector<double>> kept;
        double best = std::numeric_limits<double>::infinity();
        for (auto& p : front)
            if (p[1] < best) {
                best = p[1];
                kept.push_back(std::move(p));
            }
        front = std::move(kept);
    }
    return front;
}

std::vector<double> TestProblem::referencePoint() const { return std::vector<double>(numObjectives(), 1.1); }

double TestProblem::trueHypervolume() const {
    switch (m_kind) {
    case Kind::Zdt1:
        return kZdt1Hypervolume;
    case Kind::Zdt2:
        return kZdt2Hypervolume;
    case Kind::Zdt3:
        return kZdt3Hypervolume;
    case Kind::Dtlz2:
        return kDtlz2Hypervolume;
    }
    return 0.0;
}

} // namespace edgenas::moo
