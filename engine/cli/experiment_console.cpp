#include "experiment_console.h"

#include <cstdio>

namespace edgenas::cli {

ExperimentConsole::ExperimentConsole(std::string command, bool verbose)
    : m_command(std::move(command)), m_verbose(verbose), m_bar(m_command) {}

void ExperimentConsole::logLine(search::LogLevel level, const std::string& message) {
    if (m_verbose || level != search::LogLevel::Info)
        std::fprintf(stderr, "\n%s: %s\n", m_command.c_str(), message.c_str());
}

void ExperimentConsole::progress(int done, int total, double fraction) {
    m_bar.update(fraction, std::to_string(done) + "/" + std::to_string(total) + " evaluated");
}

void ExperimentConsole::runFinished(std::int64_t runId, const std::string& status) {
    m_bar.finish("run " + std::to_string(runId) + " " + status);
}

} // namespace edgenas::cli
