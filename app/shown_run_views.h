#pragma once

#include "core/candidate.h"
#include "search/run_config.h"
#include "search/search_observer.h"

#include <map>
#include <string>
#include <vector>

namespace edgenas::widgets {
class ArchitectureCompareView;
class ArchitectureView;
class CandidateTableView;
class ParetoPlot;
} // namespace edgenas::widgets

namespace edgenas::app {

class PanelHost;
class RunProgressPanel;
class SteeringPanel;

/// The views of the run the window shows, fed together whatever the run's source (the search
/// running here, a stored run, a followed one): the Pareto plot, the candidate table, the
/// architecture and compare views, the steering and progress panels and the run panels.
class ShownRunViews {
public:
    struct Views {
        widgets::ParetoPlot* plot = nullptr;
        widgets::CandidateTableView* table = nullptr;
        widgets::ArchitectureView* architecture = nullptr;
        widgets::ArchitectureCompareView* compare = nullptr;
        SteeringPanel* steering = nullptr;
        RunProgressPanel* progress = nullptr;
        const PanelHost* panels = nullptr;
    };

    explicit ShownRunViews(const Views& views) : m_views(views) {}

    /// Empties every view for a run with `config`; a `live` run's progress is shown as it goes.
    void reset(const search::RunConfig& config, bool live);
    /// The plot's axes for the config's method and objectives, and its bound.
    void showAxes(const search::RunConfig& config);
    /// The run's bounds (`config`'s ceilings and floors, as steered), on the plot and the run panels.
    void showBounds(const search::RunConfig& config);
    void addCandidates(const std::vector<core::Candidate>& candidates);
    /// Hypervolume and method records of committed generations, and the front of the last;
    /// `progressFromSummaries` when no running search reports progress itself.
    void addGenerations(const std::vector<search::GenerationSummary>& summaries, bool progressFromSummaries);

private:
    Views m_views;
    search::RunConfig m_config;  ///< the shown run's objectives and bounds, as steered
};

} // namespace edgenas::app
