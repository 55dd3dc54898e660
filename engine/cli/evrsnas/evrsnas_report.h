#pragma once

#include "cli/cli_support.h"
#include "cli/command_line.h"
#include "cli/progress_bar.h"

#include "search/run_config.h"
#include "search/search_control.h"
#include "search/search_observer.h"

#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>
#include <memory>
#include <set>
#include <string>

namespace edgenas::cli {

/// The run config of the evrsnas commands: --config FILE, then flags (--space, --dataset,
/// --data-dir, --device, --dvfs, --budget, --population, --seed, --threads, --channels, --cells,
/// --width, --settings JSON) override it. Method is always evrsnas.
search::RunConfig evrsnasConfigFrom(const CommandLine& line);
/// The value options evrsnasConfigFrom reads.
const std::set<std::string>& evrsnasConfigOptions();

/// "0.1,0.5,0.9" or "10,50,90" (per cent); throws core::InputError naming the bad item.
std::vector<double> parseQuantiles(const std::string& text);

/// Log lines on stderr (warnings always, information with --verbose) and the progress bar.
class EvrsnasConsole : public search::SearchObserver {
public:
    EvrsnasConsole(std::string title, bool verbose);
    void logLine(search::LogLevel level, const std::string& message) override;
    void progress(int done, int total, double fraction) override;
    void runFinished(std::int64_t runId, const std::string& status) override;

private:
    std::string m_title;
    bool m_verbose;
    std::unique_ptr<ProgressBar> m_bar;  ///< one per run: a sweep or experiment runs several
};

} // namespace edgenas::cli
