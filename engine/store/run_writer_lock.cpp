#include "run_writer_lock.h"

#include "run_records.h"
#include "store_error.h"

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <utility>

#include <fcntl.h>
#include <unistd.h>

namespace edgenas::store {

namespace {

// One fixed slot per run id; the file is sparse, so high run ids cost no disk.
constexpr off_t kSlotBytes = 192;
constexpr std::string_view kSlotTag = "edgenas-writer-v1";

off_t slotOffset(std::int64_t runId) {
    if (runId <= 0 || runId > (std::int64_t{1} << 40))
        throw core::InputError("run id " + std::to_string(runId) + " is out of range");
    return static_cast<off_t>(runId) * kSlotBytes;
}

struct flock slotLock(short type, std::int64_t runId) {
    struct flock lock {};
    lock.l_type = type;
    lock.l_whence = SEEK_SET;
    lock.l_start = slotOffset(runId);
    lock.l_len = kSlotBytes;
    lock.l_pid = 0;  // OFD locks require 0 here
    return lock;
}

std::string slotText(const RunWriterInfo& w) {
    std::ostringstream out;
    out << kSlotTag << '\t' << w.pid << '\t' << w.host << '\t' << w.startedAt << '\t' << w.heartbeatAt << '\n';
    std::string text = out.str();
    if (text.size() > static_cast<std::size_t>(kSlotBytes))
        text.resize(static_cast<std::size_t>(kSlotBytes));
    text.resize(static_cast<std::size_t>(kSlotBytes), '\0');
    return text;
}

std::optional<RunWriterInfo> readSlot(int fd, std::int64_t runId) {
    std::array<char, kSlotBytes> buffer{};
    const ssize_t got = pread(fd, buffer.data(), buffer.size(), slotOffset(runId));
    if (got <= 0)
        return std::nullopt;
    const std::string text(buffer.data(), strnlen(buffer.data(), static_cast<std::size_t>(got)));
    std::istringstream in(text);
    std::string tag, pid;
    RunWriterInfo info;
    if (!std::getline(in, tag, '\t') || tag != kSlotTag || !std::getline(in, pid, '\t') ||
        !std::getline(in, info.host, '\t') || !std::getline(in, info.startedAt, '\t') ||
        !std::getline(in, info.heartbeatAt, '\n'))
        return std::nullopt;  // an empty (cleanly released) or foreign slot
    try {
        info.pid = std::stoll(pid);
    } catch (const std::exception&) {
        return std::nullopt;
    }
    return info;
}

std::string describe(const RunWriterInfo& w) {
    std::string text = "process " + std::to_string(w.pid);
    if (!w.host.empty())
        text += " on " + w.host;
    if (!w.startedAt.empty())
        text += ", writing since " + w.startedAt;
    if (!w.heartbeatAt.empty())
        text += ", last heartbeat " + w.heartbeatAt;
    return text;
}

} // namespace

std::string RunWriterLock::lockPathFor(const std::string& databasePath) {
    // Through links and relative paths to the real file, so every route to one database meets
    // the same lock file.
    std::error_code error;
    const std::filesystem::path real = std::filesystem::weakly_canonical(databasePath, error);
    return (error ? databasePath : real.string()) + ".writers";
}

RunWriterLock RunWriterLock::acquire(const std::string& databasePath, std::int64_t runId) {
    const std::string path = lockPathFor(databasePath);
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        const int error = errno;
        throw StoreError(error == ENOSPC ? StoreError::Reason::DiskFull : StoreError::Reason::ReadOnly,
                         "cannot create the writer lock " + path + ": " + std::strerror(error));
    }
    struct flock lock = slotLock(F_WRLCK, runId);
    if (fcntl(fd, F_OFD_SETLK, &lock) != 0) {
        const int error = errno;
        if (error != EAGAIN && error != EACCES) {
            ::close(fd);
            throw StoreError(StoreError::Reason::Other, "cannot lock " + path + ": " + std::strerror(error));
        }
        RunWriterInfo writer = readSlot(fd, runId).value_or(RunWriterInfo{});
        ::close(fd);
        // The message first: the error takes the writer by value.
        const std::string message = "run " + std::to_string(runId) + " of " + databasePath +
                                    " is being written by " +
                                    (writer.pid > 0 ? describe(writer) : std::string("another process")) +
                                    "; stop that search before resuming it here";
        throw RunInUseError(message, std::move(writer));
    }
    // Owned at once, so nothing that throws from here on can leave the lock held.
    RunWriterLock held(fd, runId, RunWriterInfo{}, std::nullopt);
    held.m_previous = readSlot(fd, runId);
    held.m_self.pid = static_cast<std::int64_t>(getpid());
    held.m_self.host = localHostName();
    held.m_self.startedAt = utcTimestamp();
    held.m_self.heartbeatAt = held.m_self.startedAt;
    held.writeSlot(slotText(held.m_self));
    return held;
}

std::optional<RunWriterInfo> RunWriterLock::liveWriter(const std::string& databasePath, std::int64_t runId) {
    const int fd = ::open(lockPathFor(databasePath).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    struct flock probe = slotLock(F_WRLCK, runId);
    std::optional<RunWriterInfo> writer;
    if (fcntl(fd, F_OFD_GETLK, &probe) == 0 && probe.l_type != F_UNLCK)
        writer = readSlot(fd, runId).value_or(RunWriterInfo{});
    ::close(fd);
    return writer;
}

RunWriterLock::RunWriterLock(int fd, std::int64_t runId, RunWriterInfo self, std::optional<RunWriterInfo> previous)
    : m_fd(fd), m_runId(runId), m_self(std::move(self)), m_previous(std::move(previous)) {}

RunWriterLock::RunWriterLock(RunWriterLock&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1)), m_runId(other.m_runId), m_self(std::move(other.m_self)),
      m_previous(std::move(other.m_previous)) {}

RunWriterLock& RunWriterLock::operator=(RunWriterLock&& other) noexcept {
    if (this != &other) {
        release();
        m_fd = std::exchange(other.m_fd, -1);
        m_runId = other.m_runId;
        m_self = std::move(other.m_self);
        m_previous = std::move(other.m_previous);
    }
    return *this;
}

RunWriterLock::~RunWriterLock() { release(); }

void RunWriterLock::release() noexcept {
    if (m_fd < 0)
        return;
    try {
        writeSlot(std::string(static_cast<std::size_t>(kSlotBytes), '\0'));
    } catch (...) {
        // A slot left filled only makes the next writer log a takeover.
    }
    ::close(m_fd);  // drops the OFD lock
    m_fd = -1;
}

bool RunWriterLock::heartbeat() noexcept {
    try {
        m_self.heartbeatAt = utcTimestamp();
        writeSlot(slotText(m_self));
        return true;
    } catch (...) {
        return false;
    }
}

void RunWriterLock::writeSlot(const std::string& text) const {
    if (pwrite(m_fd, text.data(), text.size(), slotOffset(m_runId)) != static_cast<ssize_t>(text.size()))
        throw StoreError(StoreError::Reason::Other, "cannot write the writer lock of run " + std::to_string(m_runId) +
                                                        ": " + std::strerror(errno));
}

} // namespace edgenas::store
