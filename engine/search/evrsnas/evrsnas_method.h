#pragma once

#include "search/method_descriptor.h"

namespace edgenas::search {

/// HW-EvRSNAS as the registry knows it: its RMI metrics, settings schema, presets, plot axes,
/// report lines and factory.
MethodDescriptor evrsnasMethod();

} // namespace edgenas::search
