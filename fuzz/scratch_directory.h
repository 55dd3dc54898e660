#pragma once

// A private temporary folder for fuzz targets whose parser reads files (the data set loaders):
// each input is written there before the loader is called. Removed when the process exits
// normally (a crashing input is kept by libFuzzer as its artifact anyway).

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace edgenas::fuzz {

class ScratchDirectory {
public:
    // In memory where it can be: on this project's machines a disk-backed /tmp made the data set
    // targets about 25 times slower (329 against 8,525 executions a second).
    ScratchDirectory() {
        const char* tmp = std::getenv("TMPDIR");
        std::error_code error;
        const std::string base = std::filesystem::is_directory("/dev/shm", error) ? "/dev/shm"
                                 : tmp && *tmp                                 ? tmp
                                                                               : "/tmp";
        std::string pattern = base + "/edgenas-fuzz-XXXXXX";
        if (!mkdtemp(pattern.data()))
            std::abort();
        m_path = pattern;
    }
    ~ScratchDirectory() {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    ScratchDirectory(const ScratchDirectory&) = delete;
    ScratchDirectory& operator=(const ScratchDirectory&) = delete;

    const std::string& path() const { return m_path; }

    /// Writes bytes as the file name, replacing any earlier one.
    void write(const std::string& name, const std::uint8_t* bytes, std::size_t size) const {
        std::ofstream out(m_path + "/" + name, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(bytes), static_cast<std::streamsize>(size));
        if (!out.flush())
            std::abort();
    }

    void remove(const std::string& name) const {
        std::error_code ignored;
        std::filesystem::remove(m_path + "/" + name, ignored);
    }

private:
    std::string m_path;
};

} // namespace edgenas::fuzz
