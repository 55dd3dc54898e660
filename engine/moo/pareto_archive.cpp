#include "moo/pareto_archive.h"

#include "moo/contribution_3d.h"
#include "moo/hypervolume.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace edgenas::moo {

namespace {

bool strictlyInside(std::span<const double> q, const std::vector<double>& ref) {
    for (std::size_t k = 0; k < q.size(); ++k)
        if (!(q[k] < ref[k]))
            return false;
    return true;
}

// Each archive scans on one thread at a time (the class is not thread-safe), so one scratch per
// thread keeps the buffers' capacity between inserts without growing the archive.
Contribution3d& contributionScratch() {
    thread_local Contribution3d scratch;
    return scratch;
}

} // namespace

ParetoArchive::ParetoArchive(std::size_t numObjectives, std::vector<double> reference)
    : m_numObjectives(numObjectives), m_reference(std::move(reference)) {
    if (numObjectives == 0)
        throw std::invalid_argument("moo::ParetoArchive: needs at least one objective");
    if (!m_reference.empty() && m_reference.size() != numObjectives)
        throw std::invalid_argument("moo::ParetoArchive: the reference has " + std::to_string(m_reference.size()) +
                                    " values for " + std::to_string(numObjectives) + " objectives");
    if (numObjectives == 2 && !m_reference.empty())
        m_front2d = Front2d(m_reference[0], m_reference[1]);
}

ArchiveInsert ParetoArchive::insert(const Point& point, std::int64_t id) {
    if (!point.feasible()) {
        if (point.objectives.size() != m_numObjectives)
            throw std::invalid_argument("moo::ParetoArchive: wrong number of objectives");
        return {};
    }
    return insert(point.objectives, id);
}

ArchiveInsert ParetoArchive::insert(std::span<const double> objectives, std::int64_t id) {
    if (objectives.size() != m_numObjectives)
        throw std::invalid_argument("moo::ParetoArchive: got " + std::to_string(objectives.size()) +
                                    " objectives, expected " + std::to_string(m_numObjectives));
    for (double v : objectives)
        if (!std::isfinite(v))
            throw std::invalid_argument("moo::ParetoArchive: objectives must be finite");
    if (m_numObjectives == 2) {
        ArchiveInsert result;
        result.inserted = m_front2d.insert(objectives[0], objectives[1], id, &result.evicted);
        return result;
    }
    return insertList(objectives, id);
}

ArchiveInsert ParetoArchive::insertList(std::span<const double> q, std::int64_t id) {
    const std::size_t m = m_numObjectives;
    const std::size_t n = m_ids.size();
    ArchiveInsert result;
    // A point outside the reference box adds no volume (and evicts only members outside it too).
    Contribution3d* contribution = tracks3d() && strictlyInside(q, m_reference) ? &contributionScratch() : nullptr;
    if (contribution) {
        // The contribution is measured against the members before any is evicted, and is only
        // worth measuring once it is known that q enters.
        for (std::size_t i = 0; i < n; ++i) {
            const double* e = &m_values[i * m];
            if ((e[0] <= q[0]) & (e[1] <= q[1]) & (e[2] <= q[2]))
                return result;
        }
        contribution->begin(q, m_reference);
        contribution->offer(m_values.data(), n);
    }
    // One pass decides both directions. If a member weakly dominates q, q cannot dominate any
    // other member (that member would then be dominated inside the archive), so nothing has
    // been moved yet when we bail out.
    std::size_t write = 0;
    for (std::size_t read = 0; read < n; ++read) {
        const double* e = &m_values[read * m];
        bool memberNoWorse = true;
        bool newNoWorse = true;
        if (m == 3) {
            // Without branches per coordinate: their outcomes are random, so mispredictions
            // would cost more than the comparisons.
            memberNoWorse = (e[0] <= q[0]) & (e[1] <= q[1]) & (e[2] <= q[2]);
            newNoWorse = (e[0] >= q[0]) & (e[1] >= q[1]) & (e[2] >= q[2]);
        } else {
            // Most pairs are incomparable after a coordinate or two; stop as soon as they are.
            for (std::size_t k = 0; k < m && (memberNoWorse || newNoWorse); ++k) {
                if (e[k] < q[k])
                    newNoWorse = false;
                else if (e[k] > q[k])
                    memberNoWorse = false;
            }
        }
        if (memberNoWorse)
            return result;
        if (newNoWorse) {
            result.evicted.push_back(m_ids[read]);
            continue;
        }
        if (write != read) {
            std::copy(e, e + m, &m_values[write * m]);
            m_ids[write] = m_ids[read];
        }
        ++write;
    }
    m_values.resize(write * m);
    m_ids.resize(write);
    m_values.insert(m_values.end(), q.begin(), q.end());
    m_ids.push_back(id);
    m_cachedHypervolume.reset();
    if (contribution) {
        const double added = contribution->volume();
        const double sum = m_volume3d + added;
        m_volume3dCompensation += std::abs(m_volume3d) >= std::abs(added) ? (m_volume3d - sum) + added
                                                                             : (added - sum) + m_volume3d;
        m_volume3d = sum;
    }
    result.inserted = true;
    return result;
}

std::vector<std::vector<double>> ParetoArchive::listObjectives() const {
    std::vector<std::vector<double>> out;
    out.reserve(m_ids.size());
    for (std::size_t i = 0; i < m_ids.size(); ++i)
        out.emplace_back(m_values.begin() + static_cast<std::ptrdiff_t>(i * m_numObjectives),
                         m_values.begin() + static_cast<std::ptrdiff_t>((i + 1) * m_numObjectives));
    return out;
}

std::vector<ArchiveEntry> ParetoArchive::front() const {
    std::vector<ArchiveEntry> out;
    out.reserve(size());
    if (m_numObjectives == 2) {
        for (const auto& [f1, entry] : m_front2d.points())
            out.push_back({entry.id, {f1, entry.f2}});
        return out;
    }
    auto objectives = listObjectives();
    for (std::size_t i = 0; i < m_ids.size(); ++i)
        out.push_back({m_ids[i], std::move(objectives[i])});
    return out;
}

std::vector<std::int64_t> ParetoArchive::ids() const {
    if (m_numObjectives != 2)
        return m_ids;
    std::vector<std::int64_t> out;
    out.reserve(m_front2d.size());
    for (const auto& [f1, entry] : m_front2d.points())
        out.push_back(entry.id);
    return out;
}

double ParetoArchive::hypervolume() const {
    if (m_reference.empty())
        throw std::logic_error("moo::ParetoArchive::hypervolume: no reference point was given");
    return hypervolume(m_reference);
}

double ParetoArchive::hypervolume(std::span<const double> ref) const {
    if (ref.size() != m_numObjectives)
        throw std::invalid_argument("moo::ParetoArchive::hypervolume: the reference has the wrong dimension");
    const bool tracked = !m_reference.empty() && std::equal(ref.begin(), ref.end(), m_reference.begin());
    if (m_numObjectives == 2)
        return tracked ? m_front2d.area() : m_front2d.areaFor(ref[0], ref[1]);
    if (tracked && m_numObjectives == 3)
        return m_volume3d + m_volume3dCompensation;
    if (tracked && m_cachedHypervolume)
        return *m_cachedHypervolume;
    const double value = moo::hypervolume(listObjectives(), ref);
    if (tracked)
        m_cachedHypervolume = value;
    return value;
}

std::size_t ParetoArchive::size() const { return m_numObjectives == 2 ? m_front2d.size() : m_ids.size(); }

void ParetoArchive::clear() {
    m_front2d.clear();
    m_values.clear();
    m_ids.clear();
    m_cachedHypervolume.reset();
    m_volume3d = 0.0;
    m_volume3dCompensation = 0.0;
}

} // namespace edgenas::moo
