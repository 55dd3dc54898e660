#pragma once

#include "search/method_descriptor.h"

namespace edgenas::search {

/// GRAM as the registry knows it.
MethodDescriptor gramMethod();

} // namespace edgenas::search
