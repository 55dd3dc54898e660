#pragma once

#include "core/candidate.h"

#include <QList>
#include <QObject>

#include <vector>

namespace edgenas::widgets {
class ArchitectureCompareView;
class ArchitectureView;
class CandidateTableView;
class ParetoPlot;
} // namespace edgenas::widgets

namespace edgenas::app {

class PanelHost;
class SteeringPanel;

/// The candidates selected in the shown run, kept the same in every view: picked in the plot,
/// the table or a run panel (parallel coordinates), it is mirrored into the others and shown in
/// the architecture and compare views, the steering panel and the run panels.
class CandidateSelection : public QObject {
    Q_OBJECT
public:
    CandidateSelection(widgets::ParetoPlot* plot, widgets::CandidateTableView* table,
                       widgets::ArchitectureView* architecture, widgets::ArchitectureCompareView* compare,
                       SteeringPanel* steering, const PanelHost& panels, QObject* parent = nullptr);

    QList<qint64> ids() const { return m_ids; }
    /// The selected candidates that the table holds, in selection order.
    std::vector<core::Candidate> candidates() const;

    /// Selects these candidates in every view.
    void select(const QList<qint64>& ids);
    /// Forgets the selection without telling the views (they are being cleared for a new run).
    void forget() { m_ids.clear(); }

signals:
    void changed();

private:
    /// Shows a selection made in `source` (the plot, the table, or this for the others)
    /// everywhere else; run panels are all told, the one it came from does not echo it.
    void show(const QList<qint64>& ids, QObject* source);

    widgets::ParetoPlot* m_plot;
    widgets::CandidateTableView* m_table;
    widgets::ArchitectureView* m_architecture;
    widgets::ArchitectureCompareView* m_compare;
    SteeringPanel* m_steering;
    const PanelHost& m_panels;
    QList<qint64> m_ids;
};

} // namespace edgenas::app
