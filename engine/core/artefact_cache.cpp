#include "artefact_cache.h"

#include "errors.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <sstream>

namespace edgenas::core {

namespace fs = std::filesystem;

std::string ArtefactRecipe::key() const {
    // FNV-1a with the offset basis the reference-model cache has always used (one digit short of
    // the standard one): entries cached before this class existed keep their keys.
    std::uint64_t digest = 1469598103934665603ULL;
    for (unsigned char ch : settingsJson)
        digest = (digest ^ ch) * 1099511628211ULL;
    char hex[24];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(digest));
    return label.empty() ? std::string(hex) : label + "-" + hex;
}

ArtefactCache::ArtefactCache(std::string folder) : m_folder(std::move(folder)) {}

std::string ArtefactCache::defaultFolder(const std::string& kind) {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        return (fs::path(xdg) / "edgenas" / (kind + "s")).string();
    if (const char* home = std::getenv("HOME"); home && *home)
        return (fs::path(home) / ".local" / "share" / "edgenas" / (kind + "s")).string();
    return (fs::current_path() / ("edgenas-" + kind + "s")).string();
}

std::string ArtefactCache::payloadPath(const ArtefactRecipe& recipe) const {
    return (fs::path(m_folder) / (recipe.key() + recipe.extension)).string();
}

std::string ArtefactCache::sidecarPath(const ArtefactRecipe& recipe) const {
    return (fs::path(m_folder) / (recipe.key() + ".json")).string();
}

bool ArtefactCache::contains(const ArtefactRecipe& recipe) const {
    return fs::exists(payloadPath(recipe)) && fs::exists(sidecarPath(recipe));
}

std::optional<ArtefactCache::Entry> ArtefactCache::find(const ArtefactRecipe& recipe) const {
    if (!contains(recipe))
        return std::nullopt;
    std::ifstream in(sidecarPath(recipe));
    std::stringstream text;
    text << in.rdbuf();
    if (!nlohmann::json::accept(text.str()))
        return std::nullopt;  // half-written or damaged: made again
    return Entry{payloadPath(recipe), text.str()};
}

ArtefactCache::Entry ArtefactCache::store(const ArtefactRecipe& recipe,
                                          const std::function<void(const std::string& path)>& writePayload,
                                          const std::string& metaJson) {
    if (recipe.extension == ".json")
        throw std::logic_error("an artefact payload cannot end in .json: that is its sidecar's name");
    std::error_code ec;
    fs::create_directories(m_folder, ec);
    if (ec)
        throw InputError("cannot create the " + recipe.kind + " folder " + m_folder + ": " + ec.message());
    const std::string payload = payloadPath(recipe);
    const std::string sidecar = sidecarPath(recipe);
    writePayload(payload + ".tmp");
    {
        std::ofstream out(sidecar + ".tmp");
        out << metaJson << '\n';
        if (!out)
            throw InputError("cannot write " + sidecar);
    }
    // The payload first: an entry counts only once its sidecar is in place.
    fs::rename(payload + ".tmp", payload, ec);
    if (!ec)
        fs::rename(sidecar + ".tmp", sidecar, ec);
    if (ec)
        throw InputError("cannot store the " + recipe.kind + " in " + m_folder + ": " + ec.message());
    return Entry{payload, metaJson};
}

} // namespace edgenas::core
