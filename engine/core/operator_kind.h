#pragma once

#include "architecture.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace edgenas::core {

/// The Node fields an operator reads. The JSON writes them in this order.
enum NodeField : unsigned {
    kOutChannels = 1u << 0,
    kKernel = 1u << 1,
    kStride = 1u << 2,
    kPadding = 1u << 3,
    kDilation = 1u << 4,
    kGroups = 1u << 5,
    kExpansion = 1u << 6,
    kSqueezeExcite = 1u << 7,
    kBias = 1u << 8,
    kActivation = 1u << 9,
    kProgram = 1u << 10,
};
using NodeFields = unsigned;

/// How views group operators (one colour per family).
enum class OperatorFamily { Input, Convolution, Block, Pooling, Normalisation, Head, Wiring };

/// Exact counts of one node: multiply-accumulates, trainable parameters, and the elements of the
/// extra tensors it holds while it runs (beyond its inputs and output).
struct NodeCounts {
    std::int64_t macs = 0;
    std::int64_t params = 0;
    std::int64_t workspaceElements = 0;
};

/// Class of a launched kernel, for a device's efficiency table.
enum class KernelClass { Conv, Pointwise, Depthwise, Linear, Elementwise };

/// One kernel a framework launches for a node: work and traffic in elements (bytes are applied
/// by the cost model).
struct KernelWork {
    double flops = 0.0;
    double elementsMoved = 0.0;  ///< activations read + written + weights, in elements
    KernelClass kind = KernelClass::Elementwise;
};

/// What one node of a cost signature looks like to an operator: the node reduced to the fields
/// that cost, its merged input and output, and the class count (for heads).
struct SignatureView {
    const Node& node;
    TensorShape in;
    TensorShape out;
    int numClasses = 0;
};

/// One operator kind of the IR: everything engine/core, engine/cost and the views need to know
/// about it, with no LibTorch (its module and TorchScript lowering are registered in
/// engine/models). One implementation per kind in engine/core/operators/, listed once in
/// registered_operators.cpp; nothing else switches over operator kinds.
class OperatorKind {
public:
    virtual ~OperatorKind() = default;

    virtual OpType type() const = 0;
    /// The name in architecture JSON, cost-table keys and module names ("depthwise_conv").
    virtual std::string_view name() const = 0;
    /// Short English label for views ("DWConv").
    virtual std::string_view displayName() const = 0;
    virtual OperatorFamily family() const = 0;

    /// Fields written to architecture JSON for this node (which may depend on the node).
    virtual NodeFields storedFields(const Node& node) const = 0;
    /// Output shape given the merged input; throws ArchitectureError naming what is wrong.
    virtual TensorShape outputShape(const Architecture& architecture, const Node& node,
                                    const TensorShape& in) const = 0;
    /// Weights the node holds, in floating point so absurd sizes cannot overflow before the
    /// sanity bound rejects them.
    virtual double weightBound(const Architecture& architecture, const Node& node, const TensorShape& in,
                               const TensorShape& out) const;
    /// Exact counts; shape inference has already bounded the sizes.
    virtual NodeCounts counts(const Architecture& architecture, const Node& node, const TensorShape& in,
                              const TensorShape& out) const;

    /// Fields that change the node's cost. Default: the stored fields.
    virtual NodeFields costFields(const Node& node) const;
    /// The node reduced to its cost fields, with defaults resolved (so nodes that run the same
    /// operator compare equal).
    virtual Node costNode(const Node& node, const TensorShape& out) const;
    /// Appends this operator's part of a cost-table key ("|k=3|s=1..."). Tables on disk depend
    /// on the text: an implementation must never change what it writes for existing nodes.
    /// Default: the cost fields but the width, as |k|s|p|d|g|bias|act.
    virtual void appendKey(std::string& key, const SignatureView& signature) const;
    /// The kernels one node launches; with `fusesElementwise`, BN and activations ride along with
    /// the convolution before them (TensorRT, TFLite), otherwise each is a pass over memory.
    virtual void appendKernels(std::vector<KernelWork>& kernels, const SignatureView& signature,
                               bool fusesElementwise) const;

    /// A one-line view label with the hyper-parameters that matter, e.g. "Conv 3×3 /2 → 32".
    /// Default: the display name.
    virtual std::string describe(const Node& node) const;

protected:
    OperatorKind() = default;
};

/// Appends "|name=value" to a cost-table key.
void appendKeyField(std::string& key, const char* name, long long value);
/// Copies the given fields of `from` into `to`.
void copyFields(Node& to, const Node& from, NodeFields fields);

} // namespace edgenas::core
