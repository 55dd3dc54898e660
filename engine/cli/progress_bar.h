#pragma once

#include <chrono>
#include <cstdio>
#include <string>

namespace edgenas::cli {

/// Progress on stderr: a redrawn bar on a terminal, occasional plain lines otherwise (logs, CI).
class ProgressBar {
public:
    explicit ProgressBar(std::string title, std::FILE* stream = stderr);
    ~ProgressBar();

    /// fraction in [0, 1]; the detail text follows the bar (loss, accuracy, ...).
    void update(double fraction, const std::string& detail);
    /// Ends the bar's line; later output starts on a fresh line.
    void finish(const std::string& detail = {});

private:
    std::string m_title;
    std::FILE* m_stream;
    bool m_terminal;
    bool m_open = false;
    int m_lastPlainStep = -1;
    std::chrono::steady_clock::time_point m_lastDraw{};
    std::chrono::steady_clock::time_point m_start;
};

} // namespace edgenas::cli
