#include "candidate.h"

#include "errors.h"

#include <nlohmann/json.hpp>

#include <cstdio>

#include <array>
#include <utility>

namespace edgenas::core {

namespace {
constexpr std::array<std::pair<Provenance, std::string_view>, 7> kProvenanceNames{{
    {Provenance::Measured, "measured"},
    {Provenance::Table, "table"},
    {Provenance::Modelled, "modelled"},
    {Provenance::Predicted, "predicted"},
    {Provenance::Proxy, "proxy"},
    {Provenance::Trained, "trained"},
    {Provenance::Counted, "counted"},
}};
} // namespace

std::string_view toString(Provenance provenance) {
    for (const auto& [value, name] : kProvenanceNames)
        if (value == provenance)
            return name;
    return "?";
}

std::optional<Provenance> provenanceFromString(std::string_view text) {
    for (const auto& [value, name] : kProvenanceNames)
        if (name == text)
            return value;
    return std::nullopt;
}

std::string candidateIdentity(const std::string& architectureHash, const std::string& settingsJson) {
    if (settingsJson.empty())
        return architectureHash;
    nlohmann::json settings;  // not ordered_json: its keys are sorted, so equal settings give equal text
    try {
        settings = nlohmann::json::parse(settingsJson);
    } catch (const nlohmann::json::exception& e) {
        throw InputError(std::string("candidate settings are not JSON: ") + e.what());
    }
    if (!settings.is_object())
        throw InputError("candidate settings must be a JSON object");
    if (settings.empty())
        return architectureHash;
    const std::string canonical = settings.dump();
    std::uint64_t h = 14695981039346656037ULL;  // FNV-1a, as the canonical architecture hash
    for (unsigned char c : canonical) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    char digits[17];
    std::snprintf(digits, sizeof digits, "%016llx", static_cast<unsigned long long>(h));
    return architectureHash + "+" + digits;
}

std::string architectureHashOf(const std::string& identity) { return identity.substr(0, identity.find('+')); }

} // namespace edgenas::core
