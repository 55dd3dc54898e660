#include "operator_registry.h"

#include <stdexcept>
#include <string>

namespace edgenas::core {

namespace operators {
std::vector<const OperatorKind*> registeredOperators();
}

namespace {

// Indexed by OpType, so a look-up is one load; checked once so a kind registered twice, out of
// order or not at all fails at start-up rather than misbehaving later.
std::vector<const OperatorKind*> checkedRegistry() {
    std::vector<const OperatorKind*> kinds = operators::registeredOperators();
    for (std::size_t i = 0; i < kinds.size(); ++i)
        if (kinds[i] == nullptr || static_cast<std::size_t>(kinds[i]->type()) != i)
            throw std::logic_error("operator registry: entry " + std::to_string(i) +
                                   " is not the OpType of that value");
    return kinds;
}

} // namespace

const std::vector<const OperatorKind*>& operatorKinds() {
    static const std::vector<const OperatorKind*> kinds = checkedRegistry();
    return kinds;
}

const OperatorKind& operatorKind(OpType type) {
    const auto& kinds = operatorKinds();
    const auto index = static_cast<std::size_t>(type);
    if (index >= kinds.size())
        throw std::logic_error("operator registry: OpType " + std::to_string(index) + " is not registered");
    return *kinds[index];
}

const OperatorKind* operatorKindNamed(std::string_view name) {
    for (const OperatorKind* kind : operatorKinds())
        if (kind->name() == name)
            return kind;
    return nullptr;
}

} // namespace edgenas::core
