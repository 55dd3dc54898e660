#pragma once

#include <functional>
#include <optional>
#include <string>

namespace edgenas::core {

/// What a cached product is made from. `settingsJson` holds every setting that changes the
/// product and the version of the code that makes it, so a changed setting or newer code never
/// loads a stale entry; `label` is a readable start of the key (the main settings).
struct ArtefactRecipe {
    std::string kind;          ///< "reference-model", "supernet-weights", "exit-table", ...
    std::string label;         ///< e.g. "26ba897f2e6af19d-fashion-mnist-e5"
    std::string settingsJson;  ///< every setting that changes the product, code version included
    std::string extension = ".bin";  ///< of the payload file, e.g. ".pt" for LibTorch weights; never ".json"

    /// "<label>-<16 hex digits of FNV-1a over settingsJson>".
    std::string key() const;
};

/// Expensive products reused across runs (trained references, supernet weights, exit tables,
/// distillation results), kept content-keyed in a folder: a payload file and a JSON sidecar per
/// entry. Entries are written beside and then renamed, so a killed writer never leaves half an
/// entry, and a damaged one is made again. The default folder of a kind is shared by every run on
/// the machine; a user may name another (a project folder, a shared disk).
class ArtefactCache {
public:
    struct Entry {
        std::string payloadPath;
        std::string metaJson;  ///< the sidecar as stored
    };

    explicit ArtefactCache(std::string folder);
    const std::string& folder() const { return m_folder; }

    /// $XDG_DATA_HOME/edgenas/<kind>s, else ~/.local/share/edgenas/<kind>s.
    static std::string defaultFolder(const std::string& kind);

    bool contains(const ArtefactRecipe& recipe) const;
    /// The entry, or nothing when it is missing or its sidecar is unreadable.
    std::optional<Entry> find(const ArtefactRecipe& recipe) const;
    /// Stores a product: `writePayload(path)` writes it to a temporary path, `metaJson` (a JSON
    /// object) becomes the sidecar. Throws core::InputError naming the folder when it cannot write.
    Entry store(const ArtefactRecipe& recipe, const std::function<void(const std::string& path)>& writePayload,
                const std::string& metaJson);

    std::string payloadPath(const ArtefactRecipe& recipe) const;
    std::string sidecarPath(const ArtefactRecipe& recipe) const;

private:
    std::string m_folder;
};

} // namespace edgenas::core
