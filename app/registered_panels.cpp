#include "registered_panels.h"

#include "gram/gram_panel.h"

namespace edgenas::app {

void registerMethodPanels() {
    registerGramPanel();
}

} // namespace edgenas::app
