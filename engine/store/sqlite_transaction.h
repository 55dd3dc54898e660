#pragma once

namespace edgenas::store {

class SqliteConnection;

/// Scoped transaction: rolls back unless commit() was called. Joins (does nothing) when the
/// connection is already inside a transaction, so callers can wrap several reads in one snapshot.
class SqliteTransaction {
public:
    enum class Kind {
        Read,   ///< BEGIN: the snapshot is taken by the first read and kept until the end
        Write,  ///< BEGIN IMMEDIATE: takes the write lock now, so no later upgrade can fail busy
    };

    SqliteTransaction(SqliteConnection& connection, Kind kind);
    ~SqliteTransaction();
    SqliteTransaction(SqliteTransaction&& other) noexcept;
    SqliteTransaction& operator=(SqliteTransaction&&) = delete;
    SqliteTransaction(const SqliteTransaction&) = delete;
    SqliteTransaction& operator=(const SqliteTransaction&) = delete;

    void commit();

private:
    SqliteConnection* m_connection;
    bool m_owner = false;  ///< false when joined to an outer transaction, or after commit
};

} // namespace edgenas::store
