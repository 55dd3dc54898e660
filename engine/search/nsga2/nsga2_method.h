#pragma once

#include "search/method_descriptor.h"

namespace edgenas::search {

/// NSGA-II as the registry knows it: settings schema, presets, plot and factory.
MethodDescriptor nsga2Method();

} // namespace edgenas::search
