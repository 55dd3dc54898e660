#include "graph_layout.h"

#include <gvc.h>

#include <QByteArray>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

namespace edgenas::widgets {

namespace {

constexpr double kPointsPerInch = 72.0;
constexpr double kLayerGap = 36.0;
constexpr double kNodeGap = 24.0;

// Graphviz's C API takes char* for names and values it does not modify.
char* mutableText(std::string& text) { return text.data(); }

void setAttr(void* object, const char* name, const std::string& value) {
    std::string n(name), v(value), empty;
    agsafeset(object, mutableText(n), mutableText(v), mutableText(empty));
}

bool parsePoint(const QString& text, QPointF& out) {
    const QStringList xy = text.split(QLatin1Char(','));
    if (xy.size() != 2)
        return false;
    bool okX = false, okY = false;
    out = QPointF(xy[0].toDouble(&okX), xy[1].toDouble(&okY));
    return okX && okY;
}

// Releases the graph and the context whichever way the layout ends.
struct GraphvizSession {
    GVC_t* context = nullptr;
    Agraph_t* graph = nullptr;
    bool laidOut = false;
    ~GraphvizSession() {
        if (laidOut)
            gvFreeLayout(context, graph);
        if (graph)
            agclose(graph);
        if (context)
            gvFreeContext(context);
    }
};

bool graphvizLayout(const std::vector<QSizeF>& sizes, const std::vector<std::pair<int, int>>& edges,
                    const std::vector<int>& weights, GraphLayout::Result& result) {
    // Warnings about the layout (not errors) would otherwise go to stderr.
    agseterr(AGERR);
    GraphvizSession session;
    session.context = gvContext();
    if (!session.context) {
        result.graphvizError = QStringLiteral("gvContext failed");
        return false;
    }
    std::string graphName = "architecture";
    session.graph = agopen(mutableText(graphName), Agdirected, nullptr);
    if (!session.graph) {
        result.graphvizError = QStringLiteral("agopen failed");
        return false;
    }
    setAttr(session.graph, "rankdir", "TB");
    setAttr(session.graph, "nodesep", "0.3");
    setAttr(session.graph, "ranksep", "0.35");
    setAttr(session.graph, "splines", "spline");

    std::vector<Agnode_t*> nodes(sizes.size());
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        // QByteArray: GCC 12 warns falsely (-Wrestrict) about "n" + std::to_string(i).
        QByteArray name = QByteArrayLiteral("n") + QByteArray::number(static_cast<qulonglong>(i));
        nodes[i] = agnode(session.graph, name.data(), 1);
        setAttr(nodes[i], "shape", "box");
        setAttr(nodes[i], "fixedsize", "true");
        setAttr(nodes[i], "label", "");
        setAttr(nodes[i], "width", std::to_string(sizes[i].width() / kPointsPerInch));
        setAttr(nodes[i], "height", std::to_string(sizes[i].height() / kPointsPerInch));
    }
    std::vector<Agedge_t*> agEdges(edges.size(), nullptr);
    for (std::size_t e = 0; e < edges.size(); ++e) {
        QByteArray name = QByteArrayLiteral("e") + QByteArray::number(static_cast<qulonglong>(e));
        agEdges[e] = agedge(session.graph, nodes[static_cast<std::size_t>(edges[e].first)],
                            nodes[static_cast<std::size_t>(edges[e].second)], name.data(), 1);
        if (e < weights.size() && weights[e] != 1)
            setAttr(agEdges[e], "weight", std::to_string(std::max(0, weights[e])));
    }
    std::string engine = "dot";
    if (gvLayout(session.context, session.graph, engine.c_str()) != 0) {
        result.graphvizError = QStringLiteral("gvLayout(dot) failed");
        return false;
    }
    session.laidOut = true;
    // The layout lives in Graphviz's internal records; this writes it out as the usual
    // pos/width/height/bb attributes, the documented way to read it.
    attach_attrs(session.graph);

    std::string bbKey = "bb";
    const QStringList bb = QString::fromUtf8(agget(session.graph, mutableText(bbKey))).split(QLatin1Char(','));
    if (bb.size() != 4) {
        result.graphvizError = QStringLiteral("no bounding box in the layout");
        return false;
    }
    const double top = bb[3].toDouble();
    auto flip = [top](QPointF p) { return QPointF(p.x(), top - p.y()); };

    std::string posKey = "pos";
    result.centres.resize(sizes.size());
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        QPointF p;
        if (!parsePoint(QString::fromUtf8(agget(nodes[i], mutableText(posKey))), p)) {
            result.graphvizError = QStringLiteral("node %1 has no position").arg(i);
            return false;
        }
        result.centres[i] = flip(p);
    }
    // Edge pos: ["e,x,y "]["s,x,y "]p0 p1 p2 p3 ... (a cubic B-spline: 3n+1 points).
    result.edgePaths.resize(edges.size());
    result.arrowTips.resize(edges.size());
    for (std::size_t e = 0; e < edges.size(); ++e) {
        const QStringList parts =
            QString::fromUtf8(agget(agEdges[e], mutableText(posKey))).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        std::vector<QPointF> spline;
        std::optional<QPointF> end;
        for (const QString& part : parts) {
            QPointF p;
            if (part.startsWith(QLatin1String("e,"))) {
                if (parsePoint(part.mid(2), p))
                    end = flip(p);
            } else if (!part.startsWith(QLatin1String("s,")) && parsePoint(part, p)) {
                spline.push_back(flip(p));
            }
        }
        if (spline.size() < 4 || (spline.size() - 1) % 3 != 0) {
            result.graphvizError = QStringLiteral("edge %1 has no usable spline").arg(e);
            return false;
        }
        QPainterPath path(spline[0]);
        for (std::size_t k = 1; k + 2 < spline.size(); k += 3)
            path.cubicTo(spline[k], spline[k + 1], spline[k + 2]);
        result.edgePaths[e] = path;
        result.arrowTips[e] = end.value_or(spline.back());
    }
    result.bounds = QRectF(bb[0].toDouble(), 0.0, bb[2].toDouble() - bb[0].toDouble(), top - bb[1].toDouble());
    result.usedGraphviz = true;
    return true;
}

} // namespace

GraphLayout::Result GraphLayout::layout(const std::vector<QSizeF>& sizes, const std::vector<std::pair<int, int>>& edges,
                                        const std::vector<int>& weights) {
    for (const auto& [tail, head] : edges)
        if (tail < 0 || head < 0 || tail >= static_cast<int>(sizes.size()) || head >= static_cast<int>(sizes.size()))
            return layered(sizes, {});
    Result result;
    if (!sizes.empty() && graphvizLayout(sizes, edges, weights, result))
        return result;
    Result fallback = layered(sizes, edges);
    fallback.graphvizError = result.graphvizError;
    return fallback;
}

GraphLayout::Result GraphLayout::layered(const std::vector<QSizeF>& sizes, const std::vector<std::pair<int, int>>& edges) {
    Result result;
    const std::size_t n = sizes.size();
    // Longest path from a source; nodes are in topological order when tails precede heads, and
    // a few relaxation rounds settle anything else (a cycle simply stops after n rounds).
    std::vector<int> layer(n, 0);
    for (std::size_t round = 0; round < n; ++round) {
        bool changed = false;
        for (const auto& [tail, head] : edges) {
            if (tail < 0 || head < 0 || tail >= static_cast<int>(n) || head >= static_cast<int>(n))
                continue;
            const int want = layer[static_cast<std::size_t>(tail)] + 1;
            if (layer[static_cast<std::size_t>(head)] < want && want < static_cast<int>(n)) {
                layer[static_cast<std::size_t>(head)] = want;
                changed = true;
            }
        }
        if (!changed)
            break;
    }
    const int layers = n == 0 ? 0 : *std::max_element(layer.begin(), layer.end()) + 1;
    std::vector<double> rowWidth(static_cast<std::size_t>(layers), 0.0);
    std::vector<double> rowHeight(static_cast<std::size_t>(layers), 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        const auto l = static_cast<std::size_t>(layer[i]);
        rowWidth[l] += sizes[i].width() + (rowWidth[l] > 0.0 ? kNodeGap : 0.0);
        rowHeight[l] = std::max(rowHeight[l], sizes[i].height());
    }
    const double width = layers == 0 ? 0.0 : *std::max_element(rowWidth.begin(), rowWidth.end());
    std::vector<double> rowTop(static_cast<std::size_t>(layers), 0.0);
    for (int l = 1; l < layers; ++l)
        rowTop[static_cast<std::size_t>(l)] =
            rowTop[static_cast<std::size_t>(l - 1)] + rowHeight[static_cast<std::size_t>(l - 1)] + kLayerGap;
    std::vector<double> cursor(static_cast<std::size_t>(layers), 0.0);
    for (int l = 0; l < layers; ++l)
        cursor[static_cast<std::size_t>(l)] = (width - rowWidth[static_cast<std::size_t>(l)]) / 2.0;
    result.centres.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const auto l = static_cast<std::size_t>(layer[i]);
        result.centres[i] = QPointF(cursor[l] + sizes[i].width() / 2.0, rowTop[l] + rowHeight[l] / 2.0);
        cursor[l] += sizes[i].width() + kNodeGap;
    }
    for (const auto& [tail, head] : edges) {
        if (tail < 0 || head < 0 || tail >= static_cast<int>(n) || head >= static_cast<int>(n)) {
            result.edgePaths.emplace_back();
            result.arrowTips.emplace_back();
            continue;
        }
        const auto t = static_cast<std::size_t>(tail);
        const auto h = static_cast<std::size_t>(head);
        const QPointF from(result.centres[t].x(), result.centres[t].y() + sizes[t].height() / 2.0);
        const QPointF to(result.centres[h].x(), result.centres[h].y() - sizes[h].height() / 2.0);
        QPainterPath path(from);
        const double bend = std::max(12.0, (to.y() - from.y()) / 2.0);
        path.cubicTo(from + QPointF(0, bend), to - QPointF(0, bend), to);
        result.edgePaths.push_back(path);
        result.arrowTips.push_back(to);
    }
    result.bounds = QRectF(0.0, 0.0, width, layers == 0 ? 0.0 : rowTop.back() + rowHeight.back());
    return result;
}

} // namespace edgenas::widgets
