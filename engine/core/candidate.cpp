#include "candidate.h"

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

} // namespace edgenas::core
