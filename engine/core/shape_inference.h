#pragma once

#include "architecture.h"

#include <vector>

namespace edgenas::core {

/// Checks the graph and infers every node's output shape (indexed by node id).
/// Throws ArchitectureError naming the first node that is wrong and why.
std::vector<TensorShape> inferShapes(const Architecture& architecture);

/// Output shape of one node given the shapes of the nodes before it.
TensorShape inferNodeShape(const Architecture& architecture, const Node& node,
                           const std::vector<TensorShape>& known);

} // namespace edgenas::core
