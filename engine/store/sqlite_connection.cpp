#include "sqlite_connection.h"

#include "core/errors.h"
#include "sqlite_statement.h"
#include "store_error.h"

#include <sqlite3.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace edgenas::store {

namespace {

// SQLite URIs need '%', '?' and '#' escaped in the path part.
std::string uriPath(const std::string& path) {
    std::string out;
    for (char c : path) {
        if (c == '%' || c == '?' || c == '#') {
            constexpr char kHex[] = "0123456789ABCDEF";
            out += '%';
            out += kHex[(static_cast<unsigned char>(c) >> 4) & 0xf];
            out += kHex[static_cast<unsigned char>(c) & 0xf];
        } else {
            out += c;
        }
    }
    return out;
}

// The system error behind a failed write, 0 for any other failure. SQLite 3.40 does not always
// keep it: after a write to the -wal file failed with EFBIG (ulimit -f), sqlite3_system_errno()
// was 0 while errno, read as soon as the call returned, still held EFBIG. Only write-type I/O
// errors are asked, so a stale errno cannot turn a damaged file's read error into "disk full".
int writeErrno(int code, sqlite3* db, int callErrno) {
    switch (code) {
    case SQLITE_IOERR_WRITE:
    case SQLITE_IOERR_FSYNC:
    case SQLITE_IOERR_DIR_FSYNC:
    case SQLITE_IOERR_TRUNCATE:
    case SQLITE_IOERR_SHMSIZE:
    case SQLITE_IOERR_SHMMAP:
        break;
    default:
        return 0;
    }
    const int reported = db ? sqlite3_system_errno(db) : 0;
    return reported != 0 ? reported : callErrno;
}

thread_local std::int64_t t_busyWaits = 0;

// SQLite's own busy-timeout schedule (sqliteDefaultBusyCallback), counted per thread.
int waitForLock(void*, int attempt) {
    static constexpr int kDelays[] = {1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100};
    constexpr int kSteps = int(sizeof kDelays / sizeof kDelays[0]);
    int waited = 0;
    for (int i = 0; i < std::min(attempt, kSteps); ++i)
        waited += kDelays[i];
    if (attempt > kSteps)
        waited += (attempt - kSteps) * kDelays[kSteps - 1];
    int delay = kDelays[std::min(attempt, kSteps - 1)];
    if (waited + delay > SqliteConnection::kBusyTimeoutMs)
        delay = SqliteConnection::kBusyTimeoutMs - waited;
    if (delay <= 0)
        return 0;  // give up: the caller gets SQLITE_BUSY ("locked")
    ++t_busyWaits;
    sqlite3_sleep(delay);
    return 1;
}

} // namespace

std::int64_t SqliteConnection::busyWaitsOnThisThread() { return t_busyWaits; }

SqliteConnection::SqliteConnection(std::string path, Mode mode) : m_path(std::move(path)) {
    int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    std::string name = m_path;
    switch (mode) {
    case Mode::ReadOnly:
        flags |= SQLITE_OPEN_READONLY;
        break;
    case Mode::ReadWrite:
        flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        break;
    case Mode::Immutable:
        flags |= SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
        name = "file:" + uriPath(m_path) + "?immutable=1";
        break;
    case Mode::Scratch:
        flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY;
        name = ":memory:";
        break;
    }
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(name.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_close_v2(db);
        fail(rc, "opening");
    }
    m_db = db;
    sqlite3_extended_result_codes(m_db, 1);
    sqlite3_busy_handler(m_db, waitForLock, nullptr);  // sqlite3_busy_timeout's waits, counted
}

SqliteConnection::~SqliteConnection() {
    m_cache.clear();  // statements must be finalised before the connection closes
    sqlite3_close_v2(m_db);
}

void SqliteConnection::exec(const char* sql) {
    const int rc = sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
        fail(rc, sql);
}

SqliteStatement& SqliteConnection::cached(const char* sql) {
    auto it = m_cache.find(sql);
    if (it == m_cache.end())
        it = m_cache.emplace(sql, std::make_unique<SqliteStatement>(*this, sql)).first;
    it->second->reset();
    return *it->second;
}

std::int64_t SqliteConnection::pragmaInt(std::string_view name) {
    SqliteStatement statement(*this, "PRAGMA " + std::string(name));
    return statement.step() ? statement.integer(0) : 0;
}

std::int64_t SqliteConnection::lastInsertId() const { return sqlite3_last_insert_rowid(m_db); }

std::int64_t SqliteConnection::changes() const { return sqlite3_changes64(m_db); }

bool SqliteConnection::inTransaction() const { return sqlite3_get_autocommit(m_db) == 0; }

bool SqliteConnection::isReadOnly() const { return sqlite3_db_readonly(m_db, "main") == 1; }

std::vector<std::string> SqliteConnection::quickCheck(int maxErrors) {
    SqliteStatement statement(*this, "PRAGMA quick_check(" + std::to_string(maxErrors) + ")");
    std::vector<std::string> problems;
    while (statement.step())
        problems.push_back(statement.text(0));
    if (problems.size() == 1 && problems.front() == "ok")
        problems.clear();
    return problems;
}

void SqliteConnection::fail(int code, std::string_view action) const {
    const int callErrno = errno;  // first: the failed system call's reason, before anything else runs
    const std::string detail = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(code);
    using Reason = StoreError::Reason;
    if (const int error = writeErrno(code, m_db, callErrno)) {
        // SQLite reports most failed writes as a plain I/O error; the system's reason tells a
        // full disk or a file system turned read-only (both fixable, then the run resumes)
        // from real damage.
        if (error == ENOSPC || error == EDQUOT)
            throw StoreError(Reason::DiskFull, "cannot write to " + m_path + ": the disk is full (" +
                                                   std::strerror(error) + ")");
        if (error == EFBIG)
            throw StoreError(Reason::DiskFull, "cannot write to " + m_path +
                                                   ": it reached the largest file size this process may write "
                                                   "(ulimit -f)");
        if (error == EROFS || error == EACCES || error == EPERM)
            throw StoreError(Reason::ReadOnly, "cannot write to " + m_path + ": the database became read-only (" +
                                                   std::strerror(error) + ")");
    }
    switch (code & 0xff) {
    case SQLITE_NOTADB:
        throw core::InputError(m_path + " is not an EdgeNAS run database (" + detail + "); it was left as it is");
    case SQLITE_CORRUPT:
        throw core::InputError(m_path + " is damaged (" + detail + "); it was left as it is");
    case SQLITE_FULL:
        throw StoreError(Reason::DiskFull, "cannot write to " + m_path +
                                               ": the disk is full or the database reached its size limit; "
                                               "the change was undone");
    case SQLITE_READONLY:
        if (code == SQLITE_READONLY_DBMOVED)
            throw StoreError(Reason::ReadOnly, "cannot write to " + m_path +
                                                   ": the file was moved or deleted while it was open");
        throw StoreError(Reason::ReadOnly,
                         "cannot write to " + m_path + ": the database is read-only (" + detail + ")");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        throw StoreError(Reason::Locked, m_path + " is locked by another program (" + detail + ")");
    case SQLITE_CANTOPEN:
        throw StoreError(Reason::Other, "cannot open " + m_path + " (" + detail + ")");
    case SQLITE_IOERR:
        throw StoreError(Reason::Other, "input/output error on " + m_path + " (" + detail + ")");
    default:
        throw StoreError(Reason::Other, m_path + ": " + std::string(action) + ": " + detail);
    }
}

void SqliteConnection::copyFrom(SqliteConnection& source) {
    sqlite3_backup* backup = sqlite3_backup_init(m_db, "main", source.m_db, "main");
    if (!backup)
        fail(sqlite3_errcode(m_db), "copying " + source.path() + " into memory");
    const int rc = sqlite3_backup_step(backup, -1);
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE)
        source.fail(rc, "copying into memory");
}

} // namespace edgenas::store
