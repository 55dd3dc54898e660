#include "front_highlights.h"

#include "candidate_columns.h"
#include "pareto_plot.h"

#include <algorithm>

namespace edgenas::widgets {

FrontHighlights::FrontHighlights(QCustomPlot* plot, const QString& layer) {
    m_front = plot->addGraph();
    nameFront(ParetoPlot::tr("Pareto front"));  // texts in ParetoPlot's translation context
    m_front->setLineStyle(QCPGraph::lsStepLeft);

    m_selected = plot->addGraph();
    m_selected->setName(ParetoPlot::tr("Selected"));
    m_selected->setLineStyle(QCPGraph::lsNone);

    // Added last, so the graphs before it keep their indices.
    m_runFront = plot->addGraph();
    m_runFront->setName(ParetoPlot::tr("Front on all objectives"));
    m_runFront->setLineStyle(QCPGraph::lsNone);
    m_runFront->removeFromLegend();
    m_front->setLayer(layer);
    m_runFront->setLayer(layer);
    m_selected->setLayer(layer);
}

void FrontHighlights::applyPalette(const QColor& base, const QColor& highlight) {
    m_front->setPen(QPen(highlight, 2));
    // ssCircle, not ssDisc: a disc is filled with its pen colour, and the pen here is the
    // background ring that separates front points from the cloud.
    m_front->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(base, 1.2), QBrush(highlight), 8));

    // Rings, not discs: the point's own colour (the colour metric) stays visible inside.
    m_runFront->setPen(Qt::NoPen);
    m_runFront->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(highlight, 1.6), Qt::NoBrush, 10));

    // Orange reads against blue highlights and against both light and dark backgrounds.
    const QColor selection(232, 113, 10);
    m_selected->setPen(Qt::NoPen);
    m_selected->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(selection, 2.5), Qt::NoBrush, 13));
}

void FrontHighlights::nameFront(const QString& name) { m_front->setName(name); }

void FrontHighlights::showFront(const PlottedPoints& plotted, const PlottedPoints::Axes& axes) {
    QVector<QCPGraphData> data;
    data.reserve(static_cast<int>(plotted.front().size()));
    for (const auto& [key, entry] : plotted.front().points()) {
        PlotPoint p;
        PlottedPoints::pointFor(axes, static_cast<int>(entry.id), p);
        data.append(QCPGraphData(p.x, p.y));
    }
    m_front->data()->set(data, false);
}

void FrontHighlights::showRunFront(const QSet<qint64>& ids, const CandidateColumns& candidates,
                                   const PlottedPoints& plotted, const PlottedPoints::Axes& axes) {
    QVector<QCPGraphData> data;
    for (qint64 id : ids) {
        const int row = candidates.rowOf(id);
        PlotPoint p;
        if (row >= 0 && row < plotted.integratedRows() && PlottedPoints::pointFor(axes, row, p))
            data.append(QCPGraphData(p.x, p.y));
    }
    std::sort(data.begin(), data.end(), [](const QCPGraphData& a, const QCPGraphData& b) { return a.key < b.key; });
    m_runFront->data()->set(data, true);
    if (ids.isEmpty())
        m_runFront->removeFromLegend();
    else
        m_runFront->addToLegend();
}

void FrontHighlights::showSelected(const QSet<qint64>& selected, const CandidateColumns& candidates,
                                   const PlottedPoints& plotted, const PlottedPoints::Axes& axes) {
    QVector<QCPGraphData> data;
    for (qint64 id : selected) {
        const int row = candidates.rowOf(id);
        PlotPoint p;
        if (row >= 0 && row < plotted.integratedRows() && PlottedPoints::pointFor(axes, row, p))
            data.append(QCPGraphData(p.x, p.y));
    }
    m_selected->data()->set(data, false);
}

void FrontHighlights::clear() {
    m_front->data()->clear();
    m_runFront->data()->clear();
    m_runFront->removeFromLegend();
    m_selected->data()->clear();
}

} // namespace edgenas::widgets
