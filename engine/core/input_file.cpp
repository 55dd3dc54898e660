#include "input_file.h"

#include "errors.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace edgenas::core {

std::string readInputFile(const std::string& path, const std::string& what) {
    namespace fs = std::filesystem;
    std::error_code error;
    const fs::file_status status = fs::status(path, error);
    // A folder opens as a stream and reads as nothing, which would be reported as empty JSON.
    if (fs::is_directory(status))
        throw InputError(path + " is a folder, not " + (what.find_first_of("aeiou") == 0 ? "an " : "a ") + what);
    if (fs::is_regular_file(status)) {
        const std::uintmax_t size = fs::file_size(path, error);
        if (!error && size > kMaxInputFileBytes)
            throw InputError(path + " is " + std::to_string(size >> 20) + " MiB; " +
                             (what.find_first_of("aeiou") == 0 ? "an " : "a ") + what + " is at most " +
                             std::to_string(kMaxInputFileBytes >> 20) + " MiB (is it the right file?)");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError(path + ": cannot open " + what);
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad())
        throw InputError(path + ": cannot read " + what);
    return text.str();
}

} // namespace edgenas::core
