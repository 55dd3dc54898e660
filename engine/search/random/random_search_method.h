#pragma once

#include "search/method_descriptor.h"

namespace edgenas::search {

/// Random search as the registry knows it.
MethodDescriptor randomSearchMethod();

} // namespace edgenas::search
