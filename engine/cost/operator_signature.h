#pragma once

#include "core/architecture.h"

#include <string>
#include <vector>

namespace edgenas::cost {

/// Everything that determines how long one node takes to run, independent of where it sits in
/// a network: the operator with the hyper-parameters it uses and the shapes it reads. Two nodes
/// with equal keys cost the same on a device, so a look-up table is keyed by key().
struct OperatorSignature {
    /// The node reduced to the fields its operator uses (id 0, no inputs, no label); unused
    /// fields are at their defaults so equal operators compare equal.
    core::Node node;
    std::vector<core::TensorShape> inputs;  ///< one per input edge, in order
    core::TensorShape output;
    int numClasses = 0;                     ///< EarlyExit only (its Linear width)

    /// Signature of `node` in `architecture`, given every node's inferred output shape
    /// (core::inferShapes). Throws core::ArchitectureError for the input node.
    static OperatorSignature of(const core::Architecture& architecture, const core::Node& node,
                                const std::vector<core::TensorShape>& shapes);
    /// One signature per node except the input, in node order (duplicates kept).
    static std::vector<OperatorSignature> ofArchitecture(const core::Architecture& architecture);

    /// Canonical, human-readable key, e.g.
    /// "conv|in=16x32x32|out=32x16x16|k=3|s=2|p=1|d=1|g=1|bias=0" or
    /// "identity|in=16x8x8*3|merge=sum"; a narrow exit head "early_exit|in=24x7x7|out=10x1x1|classes=10|h=32|act=swish".
    /// Contains no commas or quotes (safe in CSV). Stable
    /// across releases: tables on disk depend on it.
    std::string key() const;

    /// Merged input shape (what the operator itself sees).
    core::TensorShape mergedInput() const;

    friend bool operator==(const OperatorSignature&, const OperatorSignature&) = default;
};

} // namespace edgenas::cost
