// The one list of the operator kinds' LibTorch lowerings, in OpType order. Adding a kind: its
// file in this folder and one line here (its core part is registered in
// engine/core/operators/registered_operators.cpp).

#include "models/operator_lowering.h"

#include <vector>

namespace edgenas::models::operators {

const OperatorLowering& inputLowering();
const OperatorLowering& convLowering();
const OperatorLowering& depthwiseConvLowering();
const OperatorLowering& pointwiseConvLowering();
const OperatorLowering& mbconvLowering();
const OperatorLowering& identityLowering();
const OperatorLowering& zeroLowering();
const OperatorLowering& avgPoolLowering();
const OperatorLowering& maxPoolLowering();
const OperatorLowering& batchNormLowering();
const OperatorLowering& activationLowering();
const OperatorLowering& globalAvgPoolLowering();
const OperatorLowering& linearLowering();
const OperatorLowering& earlyExitLowering();
const OperatorLowering& channelShuffleLowering();
const OperatorLowering& programLowering();

std::vector<const OperatorLowering*> registeredLowerings() {
    return {
        &inputLowering(),
        &convLowering(),
        &depthwiseConvLowering(),
        &pointwiseConvLowering(),
        &mbconvLowering(),
        &identityLowering(),
        &zeroLowering(),
        &avgPoolLowering(),
        &maxPoolLowering(),
        &batchNormLowering(),
        &activationLowering(),
        &globalAvgPoolLowering(),
        &linearLowering(),
        &earlyExitLowering(),
        &channelShuffleLowering(),
        &programLowering(),
    };
}

} // namespace edgenas::models::operators
