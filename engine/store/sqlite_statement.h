#pragma once

#include <cstdint>
#include <string>
#include <string_view>

struct sqlite3_stmt;

namespace edgenas::store {

class SqliteConnection;

/// A prepared statement. Bind, then step() through the rows or run() it; reset() before reuse.
class SqliteStatement {
public:
    SqliteStatement(SqliteConnection& connection, std::string_view sql);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    // Parameter indices start at 1, as in SQL ("?1").
    SqliteStatement& bindInt(int index, std::int64_t value);
    /// NaN is stored as NULL (SQLite would do so anyway); real() turns NULL back into NaN.
    SqliteStatement& bindReal(int index, double value);
    /// Binds without copying: `value` must stay alive until the statement is stepped or reset.
    SqliteStatement& bindText(int index, std::string_view value);
    SqliteStatement& bindNull(int index);

    /// Advances to the next row; false when there are no more.
    bool step();
    /// Steps a statement that returns no rows, then resets it.
    void run();
    /// Ends the current execution (releasing its read snapshot) and clears the bindings.
    void reset();

    // Column indices start at 0.
    bool isNull(int column) const;
    std::int64_t integer(int column) const;
    double real(int column) const;
    /// Valid until the next step or reset.
    std::string_view textView(int column) const;
    std::string text(int column) const { return std::string(textView(column)); }

private:
    SqliteConnection& m_connection;
    sqlite3_stmt* m_statement = nullptr;
};

} // namespace edgenas::store
