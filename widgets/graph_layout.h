#pragma once

#include <QPainterPath>
#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <QString>

#include <utility>
#include <vector>

namespace edgenas::widgets {

/// Lays out a directed graph top to bottom: Graphviz's dot (through libgvc) when it is
/// available and succeeds, otherwise a simple layered layout (longest path from the sources).
/// Coordinates are in scene pixels with y growing downwards.
class GraphLayout {
public:
    struct Result {
        std::vector<QPointF> centres;          ///< one per node
        std::vector<QPainterPath> edgePaths;   ///< one per edge, from tail to head
        std::vector<QPointF> arrowTips;        ///< one per edge: where the arrow head points
        QRectF bounds;
        bool usedGraphviz = false;
        QString graphvizError;                 ///< why dot was not used, if it was not
    };

    /// `sizes` are the node boxes; `edges` are (tail, head) node indices. `weights`, one per edge
    /// when given, are dot's edge weights: the heavier an edge, the shorter and straighter dot
    /// keeps it (default 1).
    static Result layout(const std::vector<QSizeF>& sizes, const std::vector<std::pair<int, int>>& edges,
                         const std::vector<int>& weights = {});
    /// The fallback alone, for tests and for when dot fails.
    static Result layered(const std::vector<QSizeF>& sizes, const std::vector<std::pair<int, int>>& edges);
};

} // namespace edgenas::widgets
