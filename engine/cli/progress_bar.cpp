#include "progress_bar.h"

#include <algorithm>
#include <unistd.h>

namespace edgenas::cli {

namespace {
constexpr int kBarWidth = 28;
constexpr int kPlainSteps = 10; // plain output prints a line per 10 %
constexpr auto kRedrawInterval = std::chrono::milliseconds(100);
} // namespace

ProgressBar::ProgressBar(std::string title, std::FILE* stream)
    : m_title(std::move(title)), m_stream(stream), m_terminal(isatty(fileno(stream)) != 0),
      m_start(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() {
    if (m_open)
        std::fputc('\n', m_stream);
}

void ProgressBar::update(double fraction, const std::string& detail) {
    fraction = std::clamp(fraction, 0.0, 1.0);
    const auto now = std::chrono::steady_clock::now();
    const double elapsed = std::chrono::duration<double>(now - m_start).count();
    if (!m_terminal) {
        const int step = static_cast<int>(fraction * kPlainSteps);
        if (step == m_lastPlainStep)
            return;
        m_lastPlainStep = step;
        std::fprintf(m_stream, "%s %3.0f%%  %s  (%.1f s)\n", m_title.c_str(), fraction * 100.0, detail.c_str(),
                     elapsed);
        std::fflush(m_stream);
        return;
    }
    if (m_open && now - m_lastDraw < kRedrawInterval && fraction < 1.0)
        return;
    m_lastDraw = now;
    const int filled = static_cast<int>(fraction * kBarWidth);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(kBarWidth - filled), '.');
    std::fprintf(m_stream, "\r\033[K%s [%s] %3.0f%%  %s  %.1f s", m_title.c_str(), bar.c_str(), fraction * 100.0,
                 detail.c_str(), elapsed);
    std::fflush(m_stream);
    m_open = true;
}

void ProgressBar::finish(const std::string& detail) {
    if (!detail.empty() || !m_open)
        update(1.0, detail);
    if (m_open)
        std::fputc('\n', m_stream);
    m_open = false;
    std::fflush(m_stream);
}

} // namespace edgenas::cli
