#pragma once

#include "device_profile.h"
#include "operator_signature.h"

#include <string>

namespace edgenas::cost {

/// Modelled time of one node, split so that the power model can tell busy from idle units.
struct NodeEstimate {
    double latencyMs = 0.0;   ///< sum over the node's kernels of max(compute, memory), plus launches
    double computeMs = 0.0;   ///< time the compute units would need (sum over kernels)
    double memoryMs = 0.0;    ///< time the memory system would need (sum over kernels)
    double overheadMs = 0.0;  ///< kernel launch / dispatch overhead
    double flops = 0.0;       ///< 2 per MAC for convolutions and linear layers; element ops otherwise
    double bytes = 0.0;       ///< activations read and written plus weights, at the profile's precision
    int kernels = 0;
    /// "compute", "memory", "overhead", "free" (nothing to run) or "folded" (fused into its producer).
    std::string bound = "free";
};

/// The roofline of a device at one DVFS operating point:
///   t(kernel) = max(FLOPs / (eta_class * peak(f_compute)), bytes / (eta_mem * BW(f_memory)))
///   t(node)   = sum over its kernels of t(kernel) + kernels * t_launch * f_host,max / f_host
/// with peak and bandwidth linear in their domain's clock (given at the top level).
class RooflineModel {
public:
    RooflineModel(const DeviceProfile& profile, const OperatingPoint& point);

    /// `folded`: the node is fused into its producer (BN after a convolution, an activation after
    /// a convolution or BN, a Zero term) and costs nothing of its own.
    NodeEstimate estimate(const OperatorSignature& signature, bool folded = false) const;

    double peakGflops() const { return m_peakGflops; }
    double bandwidthGbps() const { return m_bandwidthGbps; }
    double launchMs() const { return m_launchMs; }
    /// Per-inference framework overhead at this point.
    double networkOverheadMs() const { return m_networkMs; }

private:
    EfficiencyFactors m_efficiency;
    int m_bytesPerElement = 4;
    bool m_fusesElementwise = false;
    double m_peakGflops = 0.0;
    double m_bandwidthGbps = 0.0;
    double m_launchMs = 0.0;
    double m_networkMs = 0.0;
};

} // namespace edgenas::cost
