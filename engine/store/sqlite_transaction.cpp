#include "sqlite_transaction.h"

#include "sqlite_connection.h"

#include <sqlite3.h>

namespace edgenas::store {

SqliteTransaction::SqliteTransaction(SqliteConnection& connection, Kind kind) : m_connection(&connection) {
    if (connection.inTransaction())
        return;
    connection.exec(kind == Kind::Write ? "BEGIN IMMEDIATE" : "BEGIN");
    m_owner = true;
}

SqliteTransaction::~SqliteTransaction() {
    // SQLite may already have rolled back by itself (e.g. after SQLITE_FULL); a second ROLLBACK
    // would only fail, and a destructor has nobody to report to.
    if (m_owner && m_connection->inTransaction())
        sqlite3_exec(m_connection->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

SqliteTransaction::SqliteTransaction(SqliteTransaction&& other) noexcept
    : m_connection(other.m_connection), m_owner(other.m_owner) {
    other.m_owner = false;
}

void SqliteTransaction::commit() {
    if (!m_owner)
        return;
    // Stay the owner until COMMIT succeeded: a busy or full COMMIT leaves the transaction open
    // and the destructor must still roll it back.
    m_connection->exec("COMMIT");
    m_owner = false;
}

} // namespace edgenas::store
