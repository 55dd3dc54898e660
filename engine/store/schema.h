#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace edgenas::store {

class SqliteConnection;

/// Marks a file as an EdgeNAS run database (PRAGMA application_id), "EDNS" in ASCII.
inline constexpr std::int32_t kApplicationId = 0x45444E53;

/// One step of the schema; `version` is what PRAGMA user_version holds after it.
struct Migration {
    int version;
    std::string_view sql;
};

/// Every schema step, oldest first. Append only: a released step is never edited, since files
/// in the field were made by it.
std::span<const Migration> migrations();
/// The schema version this build writes and reads.
int latestSchemaVersion();

/// Reads application_id, user_version and the schema without writing anything. Returns the file's
/// schema version, 0 for a new (empty) database. Throws core::InputError naming the file when it
/// belongs to another program or to a newer EdgeNAS.
int inspectSchema(SqliteConnection& db);

/// Applies the steps after `fromVersion`, each in its own transaction, re-checking the version
/// under the write lock so two writers opening the same old file do not both upgrade it.
void upgradeSchema(SqliteConnection& db, int fromVersion);

} // namespace edgenas::store
