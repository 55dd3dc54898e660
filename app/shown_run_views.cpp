#include "shown_run_views.h"

#include "panel_host.h"
#include "panel_registry.h"
#include "pareto_axes_choice.h"
#include "run_bounds.h"
#include "run_progress_panel.h"
#include "steering_panel.h"

#include "widgets/architecture_compare_view.h"
#include "widgets/architecture_view.h"
#include "widgets/candidate_table_model.h"
#include "widgets/candidate_table_view.h"
#include "widgets/pareto_plot.h"

#include <algorithm>

namespace edgenas::app {

void ShownRunViews::reset(const search::RunConfig& config, bool live) {
    m_config = config;
    m_views.plot->clear();
    m_views.table->model()->clear();
    m_views.architecture->clearView();
    m_views.compare->setCandidates({});
    m_views.progress->reset(live);
    showAxes(config);
    m_views.steering->setRunSettings(config);
    m_views.steering->setSelection({});
    const bool onDevice = std::any_of(config.objectives.begin(), config.objectives.end(),
                                      [](const std::string& o) { return o == "latency" || o == "energy"; });
    m_views.architecture->setDevice(onDevice ? QString::fromStdString(config.device) : QString(),
                                    QString::fromStdString(config.dvfs));
    for (RunPanel* panel : m_views.panels->runPanels())
        panel->runCleared(config);
}

void ShownRunViews::showAxes(const search::RunConfig& config) {
    const bool steered = config.objectives != m_config.objectives;
    m_config.objectives = config.objectives;
    const ParetoAxes axes = paretoAxesFor(config.method, config.objectives);
    m_views.plot->setAxes(axes.x, axes.y);
    m_views.plot->setColourMetric(axes.colour);
    if (config.objectives.size() <= 2)
        m_views.plot->setRunFrontIds({});
    showBounds(config);
    if (steered)
        for (RunPanel* panel : m_views.panels->runPanels())
            panel->runSettingsChanged(m_config);
}

void ShownRunViews::showBounds(const search::RunConfig& config) {
    const bool steered = config.constraints != m_config.constraints || config.lowerBounds != m_config.lowerBounds;
    m_config.constraints = config.constraints;
    m_config.lowerBounds = config.lowerBounds;
    m_views.plot->setBounds(metricBoundsOf(m_config));
    if (steered)
        for (RunPanel* panel : m_views.panels->runPanels())
            panel->runSettingsChanged(m_config);
}

void ShownRunViews::addCandidates(const std::vector<core::Candidate>& candidates) {
    m_views.plot->addCandidates(candidates);
    m_views.table->model()->appendCandidates(candidates);
    for (RunPanel* panel : m_views.panels->runPanels())
        panel->candidatesAdded(candidates);
}

void ShownRunViews::addGenerations(const std::vector<search::GenerationSummary>& summaries,
                                   bool progressFromSummaries) {
    for (const search::GenerationSummary& s : summaries) {
        m_views.progress->addHypervolume(s.evaluations, s.hypervolume);
        if (progressFromSummaries)
            m_views.progress->setProgress(s.evaluations, s.budget);
    }
    std::vector<store::MethodStateRecord> records;
    for (const search::GenerationSummary& s : summaries)
        for (const core::ResultRecord& r : s.records)
            records.push_back({s.generation, r});
    if (!records.empty())
        for (RunPanel* panel : m_views.panels->runPanels())
            panel->runRecordsAdded(records);
    if (!summaries.empty()) {
        const search::GenerationSummary& last = summaries.back();
        const QList<qint64> front(last.frontIds.begin(), last.frontIds.end());
        m_views.table->model()->setFrontIds(front);
        // With more objectives than the plot's two axes, their front is not the step line's.
        m_views.plot->setRunFrontIds(m_config.objectives.size() > 2 ? front : QList<qint64>());
        for (RunPanel* panel : m_views.panels->runPanels())
            panel->frontChanged(front);
    }
}

} // namespace edgenas::app
