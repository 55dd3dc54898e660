#pragma once

#include "progress_bar.h"

#include "search/search_observer.h"

#include <string>

namespace edgenas::cli {

/// What an experiment command shows while its runs go: one progress bar across the runs, the
/// run's end, and log lines on stderr prefixed by the command (warnings only unless `verbose`).
class ExperimentConsole : public search::SearchObserver {
public:
    explicit ExperimentConsole(std::string command, bool verbose = false);
    void logLine(search::LogLevel level, const std::string& message) override;
    void progress(int done, int total, double fraction) override;
    void runFinished(std::int64_t runId, const std::string& status) override;

private:
    std::string m_command;
    bool m_verbose;
    ProgressBar m_bar;
};

} // namespace edgenas::cli
