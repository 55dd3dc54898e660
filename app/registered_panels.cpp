#include "registered_panels.h"

#include "gram/gram_panel.h"
#include "hadas/hadas_panel.h"

namespace edgenas::app {

void registerMethodPanels() {
    registerGramPanel();
    registerHadasPanel();
}

} // namespace edgenas::app
