#pragma once

#include "moo/real_problem.h"

#include <cstddef>
#include <vector>

namespace edgenas::moo {

/// The classic continuous benchmarks (ZDT: Zitzler, Deb & Thiele 2000; DTLZ: Deb, Thiele,
/// Laumanns & Zitzler 2002) with their true fronts and exact hypervolumes, for testing and
/// benchmarking the optimisers. All variables lie in [0, 1]; no constraints.
class TestProblem : public RealProblem {
public:
    enum class Kind { Zdt1, Zdt2, Zdt3, Dtlz2 };

    /// numVariables 0 picks the standard size: 30 for ZDT, 12 for DTLZ2 (3 objectives, k = 10).
    explicit TestProblem(Kind kind, std::size_t numVariables = 0);

    std::string name() const override;
    std::vector<VariableBounds> bounds() const override;
    std::size_t numObjectives() const override;
    Point evaluate(std::span<const double> x) const override;

    Kind kind() const { return m_kind; }
    std::size_t numVariables() const { return m_numVariables; }

    /// A sample of the true Pareto front. ZDT: `resolution` evenly spaced f1 values in [0, 1]
    /// (for ZDT3 only the non-dominated ones are kept); DTLZ2: a resolution x resolution grid
    /// of the two angles on the unit sphere's positive octant.
    std::vector<std::vector<double>> trueFront(std::size_t resolution) const;

    /// 1.1 in every objective: the reference point of trueHypervolume().
    std::vector<double> referencePoint() const;
    /// Exact hypervolume of the true front at referencePoint(); see the derivations in the
    /// source.
    double trueHypervolume() const;

private:
    Kind m_kind;
    std::size_t m_numVariables;
};

} // namespace edgenas::moo
