#include "operator_rules.h"

#include "core/errors.h"

namespace edgenas::core::operators {

namespace {

// The network input: always node 0, reads nothing, gives the architecture's input shape.
class InputOperator final : public OperatorKind {
public:
    OpType type() const override { return OpType::Input; }
    std::string_view name() const override { return "input"; }
    std::string_view displayName() const override { return "Input"; }
    OperatorFamily family() const override { return OperatorFamily::Input; }
    NodeFields storedFields(const Node&) const override { return 0; }
    TensorShape outputShape(const Architecture& architecture, const Node& node, const TensorShape&) const override {
        const TensorShape& in = architecture.input;
        if (in.channels <= 0 || in.height <= 0 || in.width <= 0)
            throw ArchitectureError(node.id, "input shape " + describeShape(in) + " is not positive");
        return in;
    }
};

} // namespace

const OperatorKind& inputOperator() {
    static const InputOperator kind;
    return kind;
}

} // namespace edgenas::core::operators
