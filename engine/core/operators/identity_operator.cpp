#include "operator_rules.h"

#include "core/errors.h"

namespace edgenas::core::operators {

namespace {

// A skip connection, and the plain merge node of a cell: with several inputs the merge (sum or
// concat) is the whole operator, and the cost model prices it as the merge.
class IdentityOperator final : public OperatorKind {
public:
    OpType type() const override { return OpType::Identity; }
    std::string_view name() const override { return "identity"; }
    std::string_view displayName() const override { return "Identity"; }
    OperatorFamily family() const override { return OperatorFamily::Wiring; }
    NodeFields storedFields(const Node&) const override { return 0; }
    TensorShape outputShape(const Architecture&, const Node& node, const TensorShape& in) const override {
        if (node.stride != 1)
            throw ArchitectureError(node.id, "identity cannot have stride " + std::to_string(node.stride));
        return in;
    }
};

} // namespace

const OperatorKind& identityOperator() {
    static const IdentityOperator kind;
    return kind;
}

} // namespace edgenas::core::operators
