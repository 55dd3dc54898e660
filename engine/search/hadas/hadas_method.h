#pragma once

#include "search/method_descriptor.h"

namespace edgenas::search {

/// HADAS's descriptor: settings, presets, the search and its report lines.
MethodDescriptor hadasMethod();

} // namespace edgenas::search
