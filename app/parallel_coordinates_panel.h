#pragma once

#include "panel_registry.h"

#include <QWidget>

namespace edgenas::widgets {
class ParallelCoordinatesView;
}

namespace edgenas::app {

/// The run's candidates across all its objectives at once (widgets::ParallelCoordinatesView),
/// as a dock for runs with three or more objectives: one axis per objective in the config's
/// order, its bounds shaded, the front emphasised, the selection shared with the plot and table.
class ParallelCoordinatesPanel : public QWidget, public RunPanel {
    Q_OBJECT
public:
    explicit ParallelCoordinatesPanel(QWidget* parent = nullptr);

    widgets::ParallelCoordinatesView* view() const { return m_view; }

    void runCleared(const search::RunConfig& config) override;
    void candidatesAdded(const std::vector<core::Candidate>& candidates) override;
    void selectionChanged(const std::vector<core::Candidate>& selected) override;
    void frontChanged(const QList<qint64>& frontIds) override;
    void runSettingsChanged(const search::RunConfig& config) override;

    QSize sizeHint() const override;

private:
    widgets::ParallelCoordinatesView* m_view;
};

/// Registers the panel in PanelRegistry, for runs with three or more objectives.
void registerParallelCoordinatesPanel();

} // namespace edgenas::app
