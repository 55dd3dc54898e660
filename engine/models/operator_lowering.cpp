#include "operator_lowering.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace edgenas::models {

namespace operators {
std::vector<const OperatorLowering*> registeredLowerings();
}

namespace {

std::vector<const OperatorLowering*> checkedLowerings() {
    std::vector<const OperatorLowering*> lowerings = operators::registeredLowerings();
    for (std::size_t i = 0; i < lowerings.size(); ++i)
        if (lowerings[i] == nullptr || static_cast<std::size_t>(lowerings[i]->type()) != i)
            throw std::logic_error("lowering registry: entry " + std::to_string(i) + " is not the OpType of that value");
    return lowerings;
}

} // namespace

const OperatorLowering& operatorLowering(core::OpType type) {
    static const std::vector<const OperatorLowering*> lowerings = checkedLowerings();
    const auto index = static_cast<std::size_t>(type);
    if (index >= lowerings.size())
        throw std::logic_error("lowering registry: OpType " + std::to_string(index) + " has no LibTorch lowering");
    return *lowerings[index];
}

} // namespace edgenas::models
