#include "database_file_checks.h"

#include "core/errors.h"
#include "store_error.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <vector>

#include <sqlite3.h>

#include <sys/stat.h>
#include <unistd.h>

namespace edgenas::store {

namespace fs = std::filesystem;

namespace {

constexpr char kMagic[] = "SQLite format 3";  // followed by a NUL: 16 bytes
constexpr std::size_t kHeaderSize = 100;

std::uint32_t bigEndian(const unsigned char* bytes, int count) {
    std::uint32_t value = 0;
    for (int i = 0; i < count; ++i)
        value = (value << 8) | bytes[i];
    return value;
}

std::uintmax_t sizeOrZero(const fs::path& path) {
    std::error_code error;
    const std::uintmax_t size = fs::file_size(path, error);
    return error ? 0 : size;
}

// Writable by us and not marked read-only by anyone: root passes access(), so look at the bits too.
bool writable(const fs::path& path) {
    struct stat info {};
    if (stat(path.c_str(), &info) != 0)
        return false;
    return access(path.c_str(), W_OK) == 0 && (info.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) != 0;
}

// Reads the start of the file through SQLite's own file layer, never through a descriptor of our
// own: on POSIX, closing any descriptor of a file drops every lock this process holds on it, an
// open RunStore's included, and another process closing its connection would then take the
// database for unused and delete the live -wal. SQLite defers such closes while locks are held.
// Returns the bytes read, or -1 when the file cannot be opened for reading.
long readFileStart(const std::string& path, unsigned char* out, std::size_t count) {
    sqlite3_vfs* vfs = sqlite3_vfs_find(nullptr);
    std::vector<char> name(static_cast<std::size_t>(vfs->mxPathname) + 2, '\0');  // double NUL: no URI
    if (vfs->xFullPathname(vfs, path.c_str(), vfs->mxPathname + 1, name.data()) != SQLITE_OK)
        return -1;
    std::vector<char> storage(static_cast<std::size_t>(vfs->szOsFile), '\0');
    auto* file = reinterpret_cast<sqlite3_file*>(storage.data());
    int openedWith = 0;
    const int rc = vfs->xOpen(vfs, name.data(), file, SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_READONLY, &openedWith);
    if (rc != SQLITE_OK) {
        if (file->pMethods)
            file->pMethods->xClose(file);
        return -1;
    }
    sqlite3_int64 size = 0;
    long got = -1;
    if (file->pMethods->xFileSize(file, &size) == SQLITE_OK) {
        const auto wanted = static_cast<int>(std::min<sqlite3_int64>(size, static_cast<sqlite3_int64>(count)));
        if (file->pMethods->xRead(file, out, wanted, 0) == SQLITE_OK)
            got = wanted;
    }
    file->pMethods->xClose(file);
    return got;
}

fs::path folderOf(const std::string& path) {
    const fs::path parent = fs::path(path).parent_path();
    return parent.empty() ? fs::path(".") : parent;
}

} // namespace

DatabaseFileState inspectDatabaseFile(const std::string& path) {
    std::error_code error;
    const fs::file_status status = fs::status(path, error);
    if (status.type() == fs::file_type::not_found)
        return DatabaseFileState::Missing;
    if (error)
        throw StoreError(StoreError::Reason::Other, "cannot open " + path + ": " + error.message());
    if (status.type() != fs::file_type::regular)
        throw core::InputError(path + " is not an EdgeNAS run database (it is not a regular file)");

    const std::uintmax_t size = sizeOrZero(path);
    if (size == 0)
        return DatabaseFileState::Empty;

    std::array<unsigned char, kHeaderSize> header{};
    const long read = readFileStart(path, header.data(), kHeaderSize);
    if (read < 0)
        throw StoreError(StoreError::Reason::ReadOnly, "cannot read " + path + ": permission denied");
    const auto got = static_cast<std::size_t>(read);

    if (got < sizeof kMagic || std::memcmp(header.data(), kMagic, sizeof kMagic) != 0)
        throw core::InputError(path + " is not an EdgeNAS run database (it is not an SQLite file)");
    if (got < kHeaderSize)
        throw core::InputError(path + " is damaged (truncated to " + std::to_string(size) + " bytes); it was left as it is");

    std::uint32_t pageSize = bigEndian(&header[16], 2);
    if (pageSize == 1)
        pageSize = 65536;
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) != 0)
        throw core::InputError(path + " is damaged (impossible page size " + std::to_string(pageSize) +
                               "); it was left as it is");

    // With a non-empty -wal the newest pages may live there, so the file alone proves nothing.
    if (sizeOrZero(path + "-wal") > 0)
        return DatabaseFileState::Database;
    // The page count in the header is trusted only when it was written with the change counter.
    const std::uint32_t changeCounter = bigEndian(&header[24], 4);
    const std::uint32_t pageCount = bigEndian(&header[28], 4);
    const std::uint32_t validFor = bigEndian(&header[92], 4);
    const std::uintmax_t expected = std::uintmax_t(pageCount) * pageSize;
    if ((pageCount > 0 && changeCounter == validFor && size < expected) || size % pageSize != 0)
        throw core::InputError(path + " is damaged (truncated: " + std::to_string(size) + " of " +
                               std::to_string(expected) + " bytes); it was left as it is");
    return DatabaseFileState::Database;
}

void requireWritable(const std::string& path, DatabaseFileState state) {
    const fs::path folder = folderOf(path);
    std::error_code error;
    if (!fs::is_directory(folder, error))
        throw StoreError(StoreError::Reason::NotFound,
                         "cannot create " + path + ": the folder " + folder.string() + " does not exist");
    if (state != DatabaseFileState::Missing && !writable(path))
        throw StoreError(StoreError::Reason::ReadOnly,
                         "cannot write to " + path + ": the file is read-only (it can still be opened for viewing)");
    if (!writable(folder))
        throw StoreError(StoreError::Reason::ReadOnly,
                         (state == DatabaseFileState::Missing ? "cannot create " : "cannot write to ") + path +
                             ": the folder " + folder.string() + " is read-only");
}

bool needsImmutableRead(const std::string& path) {
    std::error_code error;
    if (fs::exists(path + "-shm", error) || fs::exists(path + "-wal", error))
        return false;
    return access(folderOf(path).c_str(), W_OK) != 0;
}

SqliteConnection::Mode probeMode(const std::string& path) {
    std::error_code error;
    return fs::exists(path + "-wal", error) ? SqliteConnection::Mode::ReadOnly : SqliteConnection::Mode::Immutable;
}

} // namespace edgenas::store
