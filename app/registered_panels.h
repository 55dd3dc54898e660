#pragma once

namespace edgenas::app {

/// Adds every method's workbench panels, and those for kinds of runs (three or more
/// objectives), to PanelRegistry: the one list that names them.
/// PanelRegistry::panels() calls it once.
void registerMethodPanels();

} // namespace edgenas::app
