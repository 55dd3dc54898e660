#pragma once

#include "evrsnas_search.h"

#include "search/run_config.h"

#include <optional>
#include <string>
#include <vector>

namespace edgenas::search {

/// A named HW-EvRSNAS budget.
struct EvrsnasPreset {
    std::string name;
    int population = 0;
    int generations = 0;  ///< bred after the initial population
    int evaluations = 0;
    std::string expectedTime;  ///< what it costs on two cores, estimated from measured parts
};

/// "quick" (the default of the evrsnas commands) or "paper" (the notes' budget: population 20,
/// 50 generations, about 1,000 evaluations). Throws core::InputError naming the known presets.
const EvrsnasPreset& evrsnasPreset(const std::string& name);
const std::vector<EvrsnasPreset>& evrsnasPresets();

/// Sets the config's population and evaluations and the settings' generations and preset name.
void applyEvrsnasPreset(RunConfig& config, const std::string& name);

/// True when the run's budget (evaluations, population, generations) is below the paper preset's.
bool belowPaperBudget(const RunConfig& config);

/// Lines a report prints for an evrsnas run: where Psi came from, the budget against the paper's
/// (flagged when below), the mutation and survival that ran, and the reference's accuracy.
std::vector<std::string> evrsnasReportLines(const RunConfig& config, const std::optional<EvrsnasOutcome>& outcome);

/// What the run returned: the best feasible architecture (or, flagged, the cheapest), the final
/// population within T, and the finalists' training beside their proxy.
std::vector<std::string> evrsnasOutcomeLines(const EvrsnasOutcome& outcome);

/// The outcome's lines and then the lines above, from the stored texts (run config JSON and the last generation's state JSON, whose
/// "method" member holds the search's state); empty for runs of other methods or unreadable text.
std::vector<std::string> evrsnasReportLines(const std::string& method, const std::string& configJson,
                                            const std::string& generationStateJson);

} // namespace edgenas::search
