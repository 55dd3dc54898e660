#pragma once

// A powercap tree in a folder whose package counter moves while a test runs, the way RAPL does:
// the real one is absent in VMs and root-only on recent kernels.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

namespace edgenas::testing {

/// Zone intel-rapl:0 ("package-0") under `root`. Its energy_uj grows by `idleWatts` per second of
/// wall time plus `busyWatts` per second of this process's CPU time (std::clock: every thread),
/// rewritten about every millisecond (atomically, by rename) and wrapping at `maxRangeUj`.
/// With both rates 0 the counter stands still.
class FakePowercap {
public:
    FakePowercap(const std::string& root, double idleWatts, double busyWatts, std::uint64_t startUj = 1'000'000,
                 std::uint64_t maxRangeUj = 262'143'328'850)
        : m_zone(std::filesystem::path(root) / "intel-rapl:0"), m_idleWatts(idleWatts), m_busyWatts(busyWatts),
          m_startUj(startUj), m_maxRangeUj(maxRangeUj) {
        std::filesystem::create_directories(m_zone);
        std::ofstream(m_zone / "name") << "package-0\n";
        std::ofstream(m_zone / "max_energy_range_uj") << m_maxRangeUj << "\n";
        write(m_startUj);
        if (idleWatts > 0.0 || busyWatts > 0.0)
            m_writer = std::thread([this] { run(); });
    }
    ~FakePowercap() {
        m_stop = true;
        if (m_writer.joinable())
            m_writer.join();
    }
    FakePowercap(const FakePowercap&) = delete;
    FakePowercap& operator=(const FakePowercap&) = delete;

    int wraps() const { return m_wraps; }

private:
    void write(std::uint64_t value) {
        const auto temporary = m_zone / "energy_uj.new";
        std::ofstream(temporary) << value << "\n";
        std::filesystem::rename(temporary, m_zone / "energy_uj");
    }
    void run() {
        const auto wallStart = std::chrono::steady_clock::now();
        const std::clock_t cpuStart = std::clock();
        std::uint64_t previous = m_startUj;
        while (!m_stop) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
            const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
            const double cpu = double(std::clock() - cpuStart) / CLOCKS_PER_SEC;
            const double microjoules = double(m_startUj) + 1e6 * (m_idleWatts * wall + m_busyWatts * cpu);
            const auto value = static_cast<std::uint64_t>(microjoules) % (m_maxRangeUj + 1);
            if (value < previous)
                ++m_wraps;
            previous = value;
            write(value);
        }
    }

    std::filesystem::path m_zone;
    double m_idleWatts;
    double m_busyWatts;
    std::uint64_t m_startUj;
    std::uint64_t m_maxRangeUj;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_wraps{0};
    std::thread m_writer;
};

} // namespace edgenas::testing
