#pragma once

#include "core/errors.h"

#include <cstdint>
#include <optional>
#include <string>

namespace edgenas::store {

/// Who writes (or last wrote) a run: shown when a second writer is refused.
struct RunWriterInfo {
    std::int64_t pid = 0;
    std::string host;
    std::string startedAt;    ///< ISO-8601 UTC
    std::string heartbeatAt;  ///< ISO-8601 UTC, renewed at every committed generation
};

/// A second writer for a run that a live process is writing. Input, not a failure: it is found
/// before any work starts, and the user has to stop the other process or pick another run.
class RunInUseError : public core::InputError {
public:
    RunInUseError(const std::string& message, RunWriterInfo writer)
        : core::InputError(message), m_writer(std::move(writer)) {}
    const RunWriterInfo& writer() const { return m_writer; }

private:
    RunWriterInfo m_writer;
};

/// The one-writer-per-run guarantee. A run's writer holds an open-file-description lock on the
/// run's slot of "<database>.writers" beside the database, so the kernel frees it the moment the
/// process dies (SIGKILL, power loss of a container) and a crashed run can be resumed at once
/// with no stale lock to clear. OFD locks also conflict between two opens in one process, so the
/// workbench cannot resume a run its own worker is writing. The slot holds the writer's pid,
/// host, start time and heartbeat for the refusal message; a dead writer's slot is read as the
/// previous holder, so the takeover can be logged.
class RunWriterLock {
public:
    /// Takes the run's writer lock, or throws RunInUseError naming the live writer at once.
    /// StoreError (ReadOnly) when the lock file cannot be created beside the database.
    static RunWriterLock acquire(const std::string& databasePath, std::int64_t runId);

    /// The live writer of a run, if any; opens nothing for writing and creates no file.
    static std::optional<RunWriterInfo> liveWriter(const std::string& databasePath, std::int64_t runId);

    /// The lock file's path for a database.
    static std::string lockPathFor(const std::string& databasePath);

    RunWriterLock(RunWriterLock&& other) noexcept;
    RunWriterLock& operator=(RunWriterLock&& other) noexcept;
    RunWriterLock(const RunWriterLock&) = delete;
    RunWriterLock& operator=(const RunWriterLock&) = delete;
    /// Clears the slot (a clean end is no takeover) and releases the lock.
    ~RunWriterLock();

    /// Renews the heartbeat time in the slot. False if it could not be written (a full disk):
    /// only the display suffers, the lock itself holds.
    bool heartbeat() noexcept;

    /// The writer found in the slot when the lock was taken: one that died without releasing it
    /// cleanly. Empty after a clean end or for a new run.
    const std::optional<RunWriterInfo>& previousWriter() const { return m_previous; }

    std::int64_t runId() const { return m_runId; }

private:
    RunWriterLock(int fd, std::int64_t runId, RunWriterInfo self, std::optional<RunWriterInfo> previous);
    void writeSlot(const std::string& text) const;
    void release() noexcept;

    int m_fd = -1;
    std::int64_t m_runId = 0;
    RunWriterInfo m_self;
    std::optional<RunWriterInfo> m_previous;
};

} // namespace edgenas::store
