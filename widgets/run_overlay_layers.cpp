#include "run_overlay_layers.h"

#include "compared_run_style.h"

#include "moo/front_2d.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace edgenas::widgets {

namespace {

// A value the axis can draw: finite, and positive on a log axis.
bool drawable(double v, bool logarithmic) { return std::isfinite(v) && (!logarithmic || v > 0.0); }

} // namespace

RunOverlayLayers::RunOverlayLayers(QCustomPlot* plot, QString layer) : m_plot(plot), m_layer(std::move(layer)) {}

RunOverlayLayers::~RunOverlayLayers() = default;

void RunOverlayLayers::set(std::vector<ComparedRun> runs) {
    clear();
    for (ComparedRun& run : runs) {
        Layer layer;
        layer.run = std::move(run);
        layer.graph = m_plot->addGraph();
        layer.graph->setName(layer.run.label);
        layer.graph->setLayer(m_layer);
        layer.graph->setLineStyle(QCPGraph::lsStepLeft);
        style(layer, static_cast<int>(m_runs.size()));
        m_runs.push_back(std::move(layer));
    }
    if (m_axes) {
        const Axes axes = *m_axes;
        m_axes.reset();
        update(axes);
    }
}

void RunOverlayLayers::clear() {
    for (Layer& layer : m_runs)
        m_plot->removeGraph(layer.graph);
    m_runs.clear();
}

void RunOverlayLayers::update(const Axes& axes) {
    if (m_axes == axes)
        return;
    m_axes = axes;
    for (Layer& layer : m_runs)
        takeFront(layer);
}

void RunOverlayLayers::takeFront(Layer& layer) const {
    const Axes& axes = *m_axes;
    layer.front.clear();
    const auto xs = layer.run.columns.find(axes.x);
    const auto ys = layer.run.columns.find(axes.y);
    if (xs == layer.run.columns.end() || ys == layer.run.columns.end()) {
        layer.graph->data()->clear();
        return;
    }
    // Minimisation form, as the shown run's front: maximised axes negated.
    moo::Front2d front;
    const std::size_t n = std::min({layer.run.ids.size(), xs->second.size(), ys->second.size()});
    for (std::size_t i = 0; i < n; ++i) {
        const double x = xs->second[i];
        const double y = ys->second[i];
        if (!drawable(x, axes.logX) || !drawable(y, axes.logY) || (axes.bound && x > *axes.bound))
            continue;
        front.insert(axes.maximiseX ? -x : x, axes.maximiseY ? -y : y, static_cast<std::int64_t>(i));
    }
    std::vector<std::size_t> rows;
    rows.reserve(front.size());
    for (const auto& [f1, entry] : front.points())
        rows.push_back(static_cast<std::size_t>(entry.id));
    const std::vector<double>& x = xs->second;
    std::sort(rows.begin(), rows.end(), [&x](std::size_t a, std::size_t b) { return x[a] < x[b]; });
    QVector<QCPGraphData> data;
    data.reserve(static_cast<int>(rows.size()));
    for (std::size_t row : rows) {
        data.append(QCPGraphData(x[row], ys->second[row]));
        layer.front.push_back(layer.run.ids[row]);
    }
    layer.graph->data()->set(data, true);
}

QStringList RunOverlayLayers::labels() const {
    QStringList out;
    for (const Layer& layer : m_runs)
        out << layer.run.label;
    return out;
}

std::vector<qint64> RunOverlayLayers::frontIds(int index) const {
    if (index < 0 || index >= count())
        return {};
    return m_runs[static_cast<std::size_t>(index)].front;
}

void RunOverlayLayers::extendRange(double& xMin, double& xMax, double& yMin, double& yMax) const {
    for (const Layer& layer : m_runs)
        for (const QCPGraphData& p : *layer.graph->data()) {
            xMin = std::min(xMin, p.key);
            xMax = std::max(xMax, p.key);
            yMin = std::min(yMin, p.value);
            yMax = std::max(yMax, p.value);
        }
}

QString RunOverlayLayers::details(int index) const {
    if (index < 0 || index >= count())
        return {};
    return m_runs[static_cast<std::size_t>(index)].run.details;
}

void RunOverlayLayers::style(Layer& layer, int index) const {
    const QColor colour = compared_run_style::colour(index);
    QPen line(colour, 1.6);
    line.setStyle(Qt::DashLine);
    layer.graph->setPen(line);
    layer.graph->setScatterStyle(
        QCPScatterStyle(compared_run_style::shape(index), QPen(colour.darker(130), 1.4), QBrush(colour), 9));
}

} // namespace edgenas::widgets
