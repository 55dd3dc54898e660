#include "sqlite_statement.h"

#include "sqlite_connection.h"

#include <sqlite3.h>

#include <cmath>
#include <limits>

namespace edgenas::store {

SqliteStatement::SqliteStatement(SqliteConnection& connection, std::string_view sql) : m_connection(connection) {
    // PERSISTENT: these statements live as long as the connection and are reused many times.
    const int rc = sqlite3_prepare_v3(connection.handle(), sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &m_statement, nullptr);
    if (rc != SQLITE_OK)
        connection.fail(rc, "preparing \"" + std::string(sql.substr(0, 80)) + "\"");
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(m_statement); }

SqliteStatement& SqliteStatement::bindInt(int index, std::int64_t value) {
    sqlite3_bind_int64(m_statement, index, value);
    return *this;
}

SqliteStatement& SqliteStatement::bindReal(int index, double value) {
    if (std::isnan(value))
        sqlite3_bind_null(m_statement, index);
    else
        sqlite3_bind_double(m_statement, index, value);
    return *this;
}

SqliteStatement& SqliteStatement::bindText(int index, std::string_view value) {
    sqlite3_bind_text64(m_statement, index, value.data(), value.size(), SQLITE_STATIC, SQLITE_UTF8);
    return *this;
}

SqliteStatement& SqliteStatement::bindNull(int index) {
    sqlite3_bind_null(m_statement, index);
    return *this;
}

bool SqliteStatement::step() {
    const int rc = sqlite3_step(m_statement);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    const char* sql = sqlite3_sql(m_statement);
    m_connection.fail(rc, "running \"" + std::string(sql ? std::string_view(sql).substr(0, 80) : "") + "\"");
}

void SqliteStatement::run() {
    step();
    sqlite3_reset(m_statement);
}

void SqliteStatement::reset() {
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
}

bool SqliteStatement::isNull(int column) const { return sqlite3_column_type(m_statement, column) == SQLITE_NULL; }

std::int64_t SqliteStatement::integer(int column) const { return sqlite3_column_int64(m_statement, column); }

double SqliteStatement::real(int column) const {
    if (isNull(column))
        return std::numeric_limits<double>::quiet_NaN();
    return sqlite3_column_double(m_statement, column);
}

std::string_view SqliteStatement::textView(int column) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(m_statement, column));
    if (!text)
        return {};
    return {text, static_cast<std::size_t>(sqlite3_column_bytes(m_statement, column))};
}

} // namespace edgenas::store
