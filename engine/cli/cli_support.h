#pragma once

#include "command_line.h"

#include "core/tensor_shape.h"
#include "data/dataset_spec.h"
#include "spaces/space_options.h"
#include "search/run_config.h"
#include "search/search_control.h"

#include <atomic>
#include <functional>
#include <thread>
#include <cstdint>
#include <string>

namespace edgenas::cli {

/// Options shared by several commands, declared once so help and parsing agree.
inline const std::set<std::string> kSpaceOptions{"space", "dataset", "channels", "cells", "width", "nodes", "stages", "layout"};
inline const std::set<std::string> kDataOptions{"dataset", "data-dir"};

/// Applies --threads (default: every core) to LibTorch and returns the count in use.
int applyThreadOption(const CommandLine& line);

/// Warns on stderr when the machine is busy: timings taken now are inflated and noisy.
void warnIfMachineBusy();

spaces::SpaceOptions spaceOptionsFrom(const CommandLine& line);
data::DatasetSpec datasetSpecFrom(const CommandLine& line);

/// Merges --settings (a JSON object) over the config's method settings, key by key.
void mergeSettingsOption(search::RunConfig& config, const CommandLine& line);

/// The config re-read as a config file is (the same checks and messages), and its method
/// settings checked against the method's schema, before any work starts.
search::RunConfig checkedRunConfig(const search::RunConfig& config);

/// The run config of an experiment command for `method`: the method's preset (--preset, default
/// "quick"), --settings merged over it, --dataset, --data-dir, --device and --threads, then the
/// command's own options through `commandOptions`; checked by checkedRunConfig.
search::RunConfig experimentConfigFor(const std::string& method, const CommandLine& line,
                                      const std::function<void(search::RunConfig&)>& commandOptions = {});

/// For commands that only read a run database: a missing path (or a folder) is bad input, named
/// before anything opens it, so no empty database or -wal/-shm files are left behind.
void requireDatabaseFile(const std::string& path);

/// "1.53 M", "40.2 k", "812": counts as people read them.
std::string humanCount(std::int64_t value);
std::string humanBytes(std::int64_t bytes);

/// While alive, Ctrl-C sets a flag instead of killing the process, so work stops between batches.
class InterruptGuard {
public:
    InterruptGuard();
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;
    static bool interrupted();
};

/// While alive, Ctrl-C becomes a stop request the engine honours between batches.
class StopOnInterrupt {
public:
    explicit StopOnInterrupt(search::SearchControl& control);
    ~StopOnInterrupt();
    StopOnInterrupt(const StopOnInterrupt&) = delete;
    StopOnInterrupt& operator=(const StopOnInterrupt&) = delete;

private:
    InterruptGuard m_guard;
    std::atomic<bool> m_done{false};
    std::thread m_thread;
};

/// Exit codes: 0 success, 2 bad usage or input, 1 failure while working, 130 interrupted.
enum ExitCode { kExitOk = 0, kExitFailure = 1, kExitUsage = 2, kExitInterrupted = 130 };

} // namespace edgenas::cli
