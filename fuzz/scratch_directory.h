#pragma once

// A private temporary folder for fuzz targets whose parser reads files (the data set loaders):
// each input is written there before the loader is called. Removed when the process exits.

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace edgenas::fuzz {

class ScratchDirectory {
public:
    ScratchDirectory() {
        const char* base = std::getenv("TMPDIR");
        std::string pattern = std::string(base && *base ? base : "/tmp") + "/edgenas-fuzz-XXXXXX";
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
