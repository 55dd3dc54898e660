#include "run_records.h"

#include <array>
#include <chrono>
#include <ctime>
#include <cstdio>

#include <unistd.h>

namespace edgenas::store {

namespace {
constexpr std::array<std::string_view, 5> kRunStatuses{"running", "paused", "finished", "interrupted", "failed"};
constexpr std::array<std::string_view, 4> kEventKinds{"log", "steer", "status", "error"};
} // namespace

std::string utcTimestamp() {
    using namespace std::chrono;
    const auto now = system_clock::now();
    const std::time_t seconds = system_clock::to_time_t(now);
    const auto millis = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[64];  // room for any int the compiler can imagine, so no truncation warning
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                  utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(millis));
    return text;
}

std::string localHostName() {
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) != 0)
        return {};
    return name;
}

bool isRunStatus(std::string_view status) {
    for (std::string_view known : kRunStatuses)
        if (known == status)
            return true;
    return false;
}

bool isEventKind(std::string_view kind) {
    for (std::string_view known : kEventKinds)
        if (known == kind)
            return true;
    return false;
}

} // namespace edgenas::store
