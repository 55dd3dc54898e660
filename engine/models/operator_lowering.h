#pragma once

// Includes LibTorch: for GraphNetwork and the TorchScript export only.

#include "core/architecture.h"

#include <memory>

namespace edgenas::models {

class NodeModule;
class NodeScript;

/// The LibTorch part of one operator kind: its module, and its TorchScript. The two must
/// compute the same thing (the export tests compare them). One implementation per kind in
/// engine/models/operators/, listed once in registered_lowerings.cpp; the kind's core part
/// (shapes, counts, cost) is core::OperatorKind.
class OperatorLowering {
public:
    virtual ~OperatorLowering() = default;
    virtual core::OpType type() const = 0;
    /// The node's module given its merged input shape; null for a node that holds no module
    /// (the input).
    virtual std::shared_ptr<NodeModule> makeModule(const core::Node& node, const core::TensorShape& in,
                                                   int numClasses) const = 0;
    /// Writes the node's statements, ending with its output variable assigned.
    virtual void writeScript(NodeScript& script) const = 0;

protected:
    OperatorLowering() = default;
};

/// The lowering of `type`; every OpType value is registered (checked at first use).
const OperatorLowering& operatorLowering(core::OpType type);

} // namespace edgenas::models
