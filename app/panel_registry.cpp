#include "panel_registry.h"

namespace edgenas::app {

namespace {
std::vector<PanelSpec>& registry() {
    static std::vector<PanelSpec> specs;
    return specs;
}
} // namespace

void PanelRegistry::add(PanelSpec spec) { registry().push_back(std::move(spec)); }

const std::vector<PanelSpec>& PanelRegistry::panels() { return registry(); }

} // namespace edgenas::app
