#include "panel_registry.h"

#include "registered_panels.h"

#include <algorithm>

namespace edgenas::app {

namespace {
std::vector<PanelSpec>& registry() {
    static std::vector<PanelSpec> specs;
    return specs;
}
} // namespace

void PanelRegistry::add(PanelSpec spec) { registry().push_back(std::move(spec)); }

const std::vector<PanelSpec>& PanelRegistry::panels() {
    static const bool methodsAdded = (registerMethodPanels(), true);
    (void)methodsAdded;
    return registry();
}

bool PanelSpec::isFor(const std::string& method) const {
    return methods.empty() || std::find(methods.begin(), methods.end(), method) != methods.end();
}

} // namespace edgenas::app
