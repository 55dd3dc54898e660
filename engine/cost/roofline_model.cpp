#include "roofline_model.h"

#include "core/operator_registry.h"
#include "core/operators/operator_rules.h"

#include <algorithm>
#include <vector>

namespace edgenas::cost {

using core::KernelClass;
using core::KernelWork;
using core::TensorShape;
using core::operators::elementsOf;
using core::operators::elementwiseKernel;

namespace {

// The kernels a framework launches for one node; with `fuses`, BN and activations ride along with
// the convolution before them (TensorRT, TFLite), otherwise each is its own pass over memory.
std::vector<KernelWork> kernelsOf(const OperatorSignature& sig, bool fuses) {
    std::vector<KernelWork> ks;
    const core::Node& n = sig.node;
    const TensorShape in = sig.mergedInput();
    const TensorShape& out = sig.output;

    // Merging several inputs is work of its own, before the operator (for Identity the merge is
    // the whole operator).
    if (sig.inputs.size() > 1) {
        if (n.merge == core::MergeMode::Sum)
            ks.push_back(elementwiseKernel(double(sig.inputs.size() - 1), elementsOf(in), double(sig.inputs.size() + 1)));
        else
            ks.push_back(elementwiseKernel(0.0, elementsOf(in), 2.0));
    }

    core::operatorKind(n.op).appendKernels(ks, {n, in, out, sig.numClasses}, fuses);
    return ks;
}

} // namespace

RooflineModel::RooflineModel(const DeviceProfile& profile, const OperatingPoint& point)
    : m_efficiency(profile.efficiency),
      m_bytesPerElement(profile.bytesPerElement),
      m_fusesElementwise(profile.fusesElementwise) {
    const DvfsDomain& compute = profile.domain(profile.computeDomain);
    m_peakGflops = profile.peakGflopsAtMax * profile.mhzAt(point, compute.name) / compute.maxMhz();
    m_bandwidthGbps = profile.bandwidthGbpsAtMax;
    if (!profile.memoryDomain.empty()) {
        const DvfsDomain& memory = profile.domain(profile.memoryDomain);
        m_bandwidthGbps *= profile.mhzAt(point, memory.name) / memory.maxMhz();
    }
    // Launch and framework costs are CPU work: they shrink as the host clock rises.
    double hostSlowdown = 1.0;
    if (!profile.hostDomain.empty()) {
        const DvfsDomain& host = profile.domain(profile.hostDomain);
        hostSlowdown = host.maxMhz() / profile.mhzAt(point, host.name);
    }
    m_launchMs = profile.launchOverheadMs * hostSlowdown;
    m_networkMs = profile.networkOverheadMs * hostSlowdown;
}

NodeEstimate RooflineModel::estimate(const OperatorSignature& signature, bool folded) const {
    NodeEstimate e;
    if (folded) {
        e.bound = "folded";
        return e;
    }
    const std::vector<KernelWork> kernels = kernelsOf(signature, m_fusesElementwise);
    for (const KernelWork& k : kernels) {
        double eta = m_efficiency.elementwise;
        switch (k.kind) {
        case KernelClass::Conv: eta = m_efficiency.conv; break;
        case KernelClass::Pointwise: eta = m_efficiency.pointwise; break;
        case KernelClass::Depthwise: eta = m_efficiency.depthwise; break;
        case KernelClass::Linear: eta = m_efficiency.linear; break;
        case KernelClass::Elementwise: eta = m_efficiency.elementwise; break;
        }
        const double bytes = k.elementsMoved * m_bytesPerElement;
        // GFLOP/s = 1e6 FLOP per ms; GB/s = 1e6 bytes per ms.
        const double computeMs = k.flops / (eta * m_peakGflops * 1e6);
        const double memoryMs = bytes / (m_efficiency.memory * m_bandwidthGbps * 1e6);
        e.computeMs += computeMs;
        e.memoryMs += memoryMs;
        e.latencyMs += std::max(computeMs, memoryMs);
        e.flops += k.flops;
        e.bytes += bytes;
    }
    e.kernels = static_cast<int>(kernels.size());
    e.overheadMs = e.kernels * m_launchMs;
    e.latencyMs += e.overheadMs;
    if (e.kernels == 0)
        e.bound = "free";
    else if (e.overheadMs >= e.computeMs && e.overheadMs >= e.memoryMs)
        e.bound = "overhead";
    else
        e.bound = e.computeMs >= e.memoryMs ? "compute" : "memory";
    return e;
}

} // namespace edgenas::cost
