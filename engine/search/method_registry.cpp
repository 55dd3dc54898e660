#include "method_registry.h"

#include "evrsnas/evrsnas_search.h"
#include "nsga2/nsga2_search.h"

#include "core/errors.h"

namespace edgenas::search {

std::unique_ptr<SearchMethod> makeSearchMethod(const std::string& name, const std::string& settingsJson) {
    if (name == "nsga2")
        return std::make_unique<Nsga2Search>(nsga2SettingsFromJson(settingsJson));
    if (name == "evrsnas")
        return std::make_unique<EvrsnasSearch>(evrsnasSettingsFromJson(settingsJson));
    throw core::InputError("unknown search method '" + name + "' (known: nsga2, evrsnas)");
}

std::vector<std::string> knownMethodNames() { return {"nsga2", "evrsnas"}; }

} // namespace edgenas::search
