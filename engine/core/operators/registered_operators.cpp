// The one list of operator kinds of engine/core. Adding a kind: its OpType value, its file in
// this folder, and one line here (in OpType order). Its LibTorch part is registered in
// engine/models/operators/registered_lowerings.cpp.

#include "core/operator_kind.h"

#include <vector>

namespace edgenas::core::operators {

const OperatorKind& inputOperator();
const OperatorKind& convOperator();
const OperatorKind& depthwiseConvOperator();
const OperatorKind& pointwiseConvOperator();
const OperatorKind& mbconvOperator();
const OperatorKind& identityOperator();
const OperatorKind& zeroOperator();
const OperatorKind& avgPoolOperator();
const OperatorKind& maxPoolOperator();
const OperatorKind& batchNormOperator();
const OperatorKind& activationOperator();
const OperatorKind& globalAvgPoolOperator();
const OperatorKind& linearOperator();
const OperatorKind& earlyExitOperator();
const OperatorKind& channelShuffleOperator();
const OperatorKind& programOperator();

std::vector<const OperatorKind*> registeredOperators() {
    return {
        &inputOperator(),
        &convOperator(),
        &depthwiseConvOperator(),
        &pointwiseConvOperator(),
        &mbconvOperator(),
        &identityOperator(),
        &zeroOperator(),
        &avgPoolOperator(),
        &maxPoolOperator(),
        &batchNormOperator(),
        &activationOperator(),
        &globalAvgPoolOperator(),
        &linearOperator(),
        &earlyExitOperator(),
        &channelShuffleOperator(),
        &programOperator(),
    };
}

} // namespace edgenas::core::operators
