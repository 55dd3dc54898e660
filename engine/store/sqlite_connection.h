#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sqlite3;

namespace edgenas::store {

class SqliteStatement;

/// One SQLite connection, owned by one thread. Every failure becomes an exception whose message
/// names the file: core::InputError for a damaged file, StoreError for everything else.
/// Not movable: statements keep a reference to it.
class SqliteConnection {
public:
    enum class Mode {
        ReadOnly,   ///< SQLITE_OPEN_READONLY; never creates or writes the file
        ReadWrite,  ///< creates the file when it does not exist
        Immutable,  ///< read-only without locks or -wal/-shm files; only while no writer can be active
        Scratch,    ///< a private database in memory; `path` only names it in messages
    };

    /// How long a call waits for another connection's lock before failing with "locked". Long
    /// enough to wait out another writer's largest commit (a 100k-candidate generation takes
    /// seconds), short enough that a stuck lock turns into a message rather than a hang.
    static constexpr int kBusyTimeoutMs = 10000;

    /// How often connections used on the calling thread found another connection's lock and
    /// waited (each retry of the busy timeout's schedule counts once). Lets a test or benchmark
    /// show that a thread, e.g. the GUI's, never waits for a writer.
    static std::int64_t busyWaitsOnThisThread();

    SqliteConnection(std::string path, Mode mode);
    ~SqliteConnection();
    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;

    const std::string& path() const { return m_path; }
    sqlite3* handle() const { return m_db; }

    /// Replaces this database's content with a copy of `source` (SQLite's backup API); for a
    /// Scratch connection that must read an older file through today's schema without changing it.
    void copyFrom(SqliteConnection& source);

    /// Runs one or more statements, discarding any rows.
    void exec(const char* sql);
    /// A statement prepared once per connection and reused; reset and unbound on every call.
    /// `sql` must be a string literal or otherwise outlive the connection.
    SqliteStatement& cached(const char* sql);
    /// Value of an integer pragma such as "user_version".
    std::int64_t pragmaInt(std::string_view name);

    std::int64_t lastInsertId() const;
    std::int64_t changes() const;
    bool inTransaction() const;
    /// True if SQLite opened the file read-only although writing was asked for.
    bool isReadOnly() const;
    /// Runs PRAGMA quick_check; returns its complaints, empty when the file is sound.
    std::vector<std::string> quickCheck(int maxErrors = 10);

    /// Throws the exception that describes `code` for this file; `action` says what was attempted.
    [[noreturn]] void fail(int code, std::string_view action) const;

private:
    std::string m_path;
    sqlite3* m_db = nullptr;
    // Keyed by the literal's address: cheaper than hashing the text on every call.
    std::unordered_map<const char*, std::unique_ptr<SqliteStatement>> m_cache;
};

} // namespace edgenas::store
