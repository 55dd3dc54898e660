#pragma once

#include <limits>

namespace edgenas::search {

/// HW-EvRSNAS fitness F = phi - lambda * penalty(Psi) (notes 1.2): one-sided
/// max(0, Psi - T) / T by default ("adhering to a cost constraint"), or symmetric |Psi - T| / T,
/// which also pushes towards using the whole budget. T = infinity means no constraint.
class PenalisedFitness {
public:
    PenalisedFitness(double threshold, double lambda = 1.0, bool symmetric = false)
        : m_threshold(threshold), m_lambda(lambda), m_symmetric(symmetric) {}

    double threshold() const { return m_threshold; }
    bool feasible(double psi) const { return psi <= m_threshold; }
    double penalty(double psi) const {
        if (!(m_threshold > 0.0) || m_threshold == std::numeric_limits<double>::infinity())
            return 0.0;
        const double excess = (psi - m_threshold) / m_threshold;
        return m_symmetric ? (excess < 0 ? -excess : excess) : (excess > 0 ? excess : 0.0);
    }
    double operator()(double phi, double psi) const { return phi - m_lambda * penalty(psi); }

private:
    double m_threshold;
    double m_lambda;
    bool m_symmetric;
};

} // namespace edgenas::search
