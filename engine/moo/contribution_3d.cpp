#include "moo/contribution_3d.h"

#include "moo/hypervolume.h"

#include <algorithm>
#include <limits>

namespace edgenas::moo {

void Contribution3d::begin(std::span<const double> q, std::span<const double> ref) {
    std::copy_n(q.begin(), 3, m_q.begin());
    std::copy_n(ref.begin(), 3, m_ref.begin());
    m_columnTop = m_ref;
    for (auto& face : m_face)
        face.clear();
    m_inside.clear();
}

void Contribution3d::offer(const double* members, std::size_t count) {
    constexpr double kInf = std::numeric_limits<double>::infinity();
    const double q0 = m_q[0], q1 = m_q[1], q2 = m_q[2];
    const double r0 = m_ref[0], r1 = m_ref[1], r2 = m_ref[2];
    // Pass 1, the columns' tops. Each member's shape is random, so everything is computed and
    // selected without branches; the tops stay in registers.
    double top0 = m_columnTop[0], top1 = m_columnTop[1], top2 = m_columnTop[2];
    for (std::size_t i = 0; i < count; ++i) {
        const double* e = members + 3 * i;
        const bool inBox = (e[0] < r0) & (e[1] < r1) & (e[2] < r2);
        const bool b0 = e[0] < q0, b1 = e[1] < q1, b2 = e[2] < q2;
        top0 = std::min(top0, (inBox & !b0 & b1 & b2) ? e[0] : kInf);
        top1 = std::min(top1, (inBox & b0 & !b1 & b2) ? e[1] : kInf);
        top2 = std::min(top2, (inBox & b0 & b1 & !b2) ? e[2] : kInf);
    }
    m_columnTop = {top0, top1, top2};
    // Pass 2, with the final tops: face points no column covers, and members q dominates. Few
    // members qualify, so this branch is nearly always predicted right.
    for (std::size_t i = 0; i < count; ++i) {
        const double* e = members + 3 * i;
        const bool inBox = (e[0] < r0) & (e[1] < r1) & (e[2] < r2);
        const bool b0 = e[0] < q0, b1 = e[1] < q1, b2 = e[2] < q2;
        // Better only in k; on face k a column over axis a covers every point at or beyond its top.
        const bool face0 = b0 & !b1 & !b2 & (e[1] < top1) & (e[2] < top2);
        const bool face1 = !b0 & b1 & !b2 & (e[0] < top0) & (e[2] < top2);
        const bool face2 = !b0 & !b1 & b2 & (e[0] < top0) & (e[1] < top1);
        const bool dominated = !b0 & !b1 & !b2;
        if (inBox & (face0 | face1 | face2 | dominated)) {
            if (face0)
                m_face[0].push_back({e[1], e[2]});
            else if (face1)
                m_face[1].push_back({e[0], e[2]});
            else if (face2)
                m_face[2].push_back({e[0], e[1]});
            else
                m_inside.emplace_back(e, e + 3);
        }
    }
}

double Contribution3d::volume() {
    std::vector<std::vector<double>> bounding = std::move(m_inside);
    for (int j = 0; j < 3; ++j) {
        if (m_columnTop[j] < m_ref[j]) {
            std::vector<double> c(m_q.begin(), m_q.end());
            c[j] = m_columnTop[j];
            bounding.push_back(std::move(c));
        }
    }
    for (int k = 0; k < 3; ++k) {
        auto& face = m_face[k];
        const int a = k == 0 ? 1 : 0;
        const int b = k == 2 ? 1 : 2;
        // Only the face's staircase bounds anything; the rest lies behind it.
        std::sort(face.begin(), face.end());
        double lowest = m_ref[b];
        for (const auto& [u, v] : face) {
            if (v >= lowest)
                continue;
            lowest = v;
            std::vector<double> c(3);
            c[k] = m_q[k];
            c[a] = u;
            c[b] = v;
            bounding.push_back(std::move(c));
        }
    }
    const double box = (m_ref[0] - m_q[0]) * (m_ref[1] - m_q[1]) * (m_ref[2] - m_q[2]);
    const double covered = bounding.empty() ? 0.0 : hypervolume3d(bounding, m_ref);
    m_inside = std::move(bounding);  // keeps the capacity for the next point
    m_inside.clear();
    return box - covered;
}

} // namespace edgenas::moo
