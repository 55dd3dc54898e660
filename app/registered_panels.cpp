#include "registered_panels.h"

#include "gram/gram_panel.h"
#include "hadas/hadas_panel.h"
#include "parallel_coordinates_panel.h"

namespace edgenas::app {

void registerMethodPanels() {
    registerGramPanel();
    registerHadasPanel();
    registerParallelCoordinatesPanel();
}

} // namespace edgenas::app
