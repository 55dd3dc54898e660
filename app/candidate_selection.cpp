#include "candidate_selection.h"

#include "panel_host.h"
#include "panel_registry.h"
#include "steering_panel.h"

#include "widgets/architecture_compare_view.h"
#include "widgets/architecture_view.h"
#include "widgets/candidate_table_model.h"
#include "widgets/candidate_table_view.h"
#include "widgets/pareto_plot.h"

namespace edgenas::app {

CandidateSelection::CandidateSelection(widgets::ParetoPlot* plot, widgets::CandidateTableView* table,
                                       widgets::ArchitectureView* architecture,
                                       widgets::ArchitectureCompareView* compare, SteeringPanel* steering,
                                       const PanelHost& panels, QObject* parent)
    : QObject(parent), m_plot(plot), m_table(table), m_architecture(architecture), m_compare(compare),
      m_steering(steering), m_panels(panels) {
    connect(m_plot, &widgets::ParetoPlot::selectionChanged, this, [this](QList<qint64> ids) { show(ids, m_plot); });
    connect(m_table, &widgets::CandidateTableView::selectionChanged, this,
            [this](QList<qint64> ids) { show(ids, m_table); });
    // A candidate activated (double-clicked) is shown on its own, in the architecture view.
    auto activate = [this](qint64 id) {
        show({id}, nullptr);
        m_panels.bringForward(QStringLiteral("architecture"));
    };
    connect(m_plot, &widgets::ParetoPlot::candidateActivated, this, activate);
    // Panels that show the run's candidates themselves (parallel coordinates) select by store id.
    for (RunPanel* panel : m_panels.runPanels())
        panel->setIdSelectionRequest([this](const QList<qint64>& ids) { show(ids, this); });
    connect(m_table, &widgets::CandidateTableView::candidateActivated, this, activate);
}

std::vector<core::Candidate> CandidateSelection::candidates() const {
    std::vector<core::Candidate> out;
    const widgets::CandidateTableModel* model = m_table->model();
    for (qint64 id : m_ids)
        if (const int row = model->rowOfId(id); row >= 0)
            out.push_back(model->candidateAt(row));
    return out;
}

void CandidateSelection::select(const QList<qint64>& ids) {
    m_plot->setSelectedIds(ids);
    m_table->setSelectedIds(ids);
    show(ids, this);
}

void CandidateSelection::show(const QList<qint64>& ids, QObject* source) {
    m_ids = ids;
    // Mirror into the other view; the views do not echo what they are told.
    if (source != m_plot)
        m_plot->setSelectedIds(ids);
    if (source != m_table)
        m_table->setSelectedIds(ids);
    const std::vector<core::Candidate> selected = candidates();
    if (selected.empty())
        m_architecture->clearView();
    else
        m_architecture->setCandidate(selected.front());
    if (selected.size() >= 2)
        m_compare->setCandidates(selected);
    m_steering->setSelection(selected);
    for (RunPanel* panel : m_panels.runPanels())
        panel->selectionChanged(selected);
    emit changed();
}

} // namespace edgenas::app
