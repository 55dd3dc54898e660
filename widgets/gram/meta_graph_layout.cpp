#include "meta_graph_layout.h"

#include <QPainterPath>
#include <QTransform>

namespace edgenas::widgets {

bool MetaGraphLayout::update(int n, QSizeF box, bool across) {
    if (m_nodes == n && m_box == box && m_across == across)
        return false;
    // Laid out as the complete DAG: every edge has its place whatever its probability, so
    // stepping through sweeps changes widths and colours, never positions.
    // The chain i -> i+1 weighs heavily, so dot keeps it straight and routes the longer
    // edges around it as arcs.
    m_edges.clear();
    std::vector<int> weights;
    for (int j = 1; j < n; ++j)
        for (int i = 0; i < j; ++i) {
            m_edges.emplace_back(i, j);
            weights.push_back(j == i + 1 ? 100 : 1);
        }
    if (across) {
        // Dot lays out top to bottom; mirroring in the diagonal turns that into left to
        // right, with the boxes laid out transposed so they come out the right way round.
        m_result = GraphLayout::layout(std::vector<QSizeF>(std::size_t(n), box.transposed()), m_edges, weights);
        const QTransform mirror(0, 1, 1, 0, 0, 0);
        for (QPointF& c : m_result.centres)
            c = mirror.map(c);
        for (QPainterPath& path : m_result.edgePaths)
            path = mirror.map(path);
        for (QPointF& tip : m_result.arrowTips)
            tip = mirror.map(tip);
    } else {
        m_result = GraphLayout::layout(std::vector<QSizeF>(std::size_t(n), box), m_edges, weights);
    }
    m_nodes = n;
    m_box = box;
    m_across = across;
    return true;
}

} // namespace edgenas::widgets
