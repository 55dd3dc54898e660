#pragma once

#include "sqlite_connection.h"

#include <string>

namespace edgenas::store {

enum class DatabaseFileState {
    Missing,   ///< no such file
    Empty,     ///< zero bytes: SQLite treats it as a new database
    Database,  ///< an SQLite file whose header looks whole
};

/// Looks at the file's 100-byte header only, before SQLite touches it, so that a foreign,
/// damaged or truncated file is refused in O(1) and is never written. Throws core::InputError
/// naming the file ("is not an EdgeNAS run database", "is damaged").
DatabaseFileState inspectDatabaseFile(const std::string& path);

/// Refuses to open for writing when the file or its folder cannot be written or was marked
/// read-only. Permission bits are checked explicitly because root ignores them, and WAL mode
/// needs to create the -wal and -shm files next to the database. Throws StoreError.
void requireWritable(const std::string& path, DatabaseFileState state);

/// How to open a first look at an existing file without leaving anything behind: without a -wal
/// file no writer is active and the whole database is in the file, so an immutable open reads it
/// without creating -wal and -shm files next to a file we may then refuse.
SqliteConnection::Mode probeMode(const std::string& path);

/// True when SQLite cannot read the file in WAL mode as it is: it needs to create the -shm file
/// and the folder is not writable (SQLITE_READONLY_DIRECTORY). Then no writer can be active
/// either (it could not have created a -wal), so the caller may read it immutable.
bool needsImmutableRead(const std::string& path);

} // namespace edgenas::store
