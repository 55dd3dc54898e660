#pragma once

#include "core/candidate.h"
#include "metric_bound.h"

#include <QImage>
#include <QLineF>
#include <QList>
#include <QStringList>
#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

namespace edgenas::widgets {

/// Every candidate as a polyline across one vertical axis per metric (a run's objectives, any
/// number of them), so runs with three or more objectives are seen whole. Each axis is labelled
/// from the metric's descriptor with its unit and has its better end at the top (so a line high
/// everywhere is good everywhere); front members are drawn strong, the rest faint, the selection
/// on top. Bounds shade the infeasible part of their axis. Click or ctrl/shift-click a line to
/// select, drag along an axis to select the lines crossing that stretch, double-click to activate.
class ParallelCoordinatesView : public QWidget {
    Q_OBJECT
public:
    explicit ParallelCoordinatesView(QWidget* parent = nullptr);
    ~ParallelCoordinatesView() override;

    /// The metrics drawn, one axis each, left to right (stored names: "accuracy", "latency_ms").
    void setMetrics(const QStringList& metrics);
    QStringList metrics() const;
    /// Bounds on any metrics; those on an axis shade its infeasible stretch.
    void setBounds(const MetricBounds& bounds);

    void clear();
    /// Cheap: the view redraws at most every ~40 ms. A candidate sent again replaces its figures.
    void addCandidates(const std::vector<core::Candidate>& candidates);
    int candidateCount() const;
    /// The members of the run's front (all objectives), drawn emphasised.
    void setFrontIds(const QList<qint64>& ids);
    QList<qint64> frontIds() const;

    /// Replaces the selection without emitting selectionChanged (it reports what the user did).
    void setSelectedIds(const QList<qint64>& ids);
    QList<qint64> selectedIds() const;

    /// Where candidate `id` crosses axis `axis`, in this widget's coordinates; nullopt when it
    /// lacks that figure or there is no such axis.
    std::optional<QPointF> pointOf(qint64 id, int axis) const;
    /// Axis `axis` from its better end (p1, top) to its worse end (p2, bottom).
    QLineF axisLine(int axis) const;
    /// The candidate whose line passes nearest to `pos` within `radius` pixels.
    std::optional<qint64> idAt(QPoint pos, int radius = 6) const;

    /// The view rendered at `size`, for reports and screenshots.
    QImage renderImage(QSize size) const;
    /// About 130 pixels per axis: wide enough for the axis titles, no wider, so a method panel
    /// docked beside it keeps its room.
    QSize sizeHint() const override;
    /// Tall enough for the labels, five ticks and the legend, so a dock never squeezes it flat,
    /// and about 115 pixels per axis, so the axis titles do not run into each other.
    QSize minimumSizeHint() const override;

signals:
    /// The user changed the selection (click, ctrl/shift-click, a drag along an axis, or a
    /// click on empty space, which clears it).
    void selectionChanged(QList<qint64> ids);
    void candidateActivated(qint64 id);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;
    bool event(QEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace edgenas::widgets
