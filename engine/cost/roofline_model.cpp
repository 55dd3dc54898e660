#include "roofline_model.h"

#include <algorithm>
#include <vector>

namespace edgenas::cost {

using core::ActivationType;
using core::OpType;
using core::TensorShape;

namespace {

enum class KernelClass { Conv, Pointwise, Depthwise, Linear, Elementwise };

/// One launched kernel: work and traffic in elements (bytes are applied by the caller).
struct Kernel {
    double flops = 0.0;
    double elementsMoved = 0.0;  ///< activations read + written + weights, in elements
    KernelClass kind = KernelClass::Elementwise;
};

double elements(const TensorShape& s) { return static_cast<double>(s.elements()); }

// Class of a convolution for the efficiency table: 1x1 runs as a GEMM, a k x k convolution with
// groups as a (slow) depthwise-like kernel, a dense k x k one as the fast im2col/Winograd path.
KernelClass convClass(int kernel, int groups) {
    if (kernel == 1)
        return KernelClass::Pointwise;
    return groups > 1 ? KernelClass::Depthwise : KernelClass::Conv;
}

Kernel convKernel(const TensorShape& in, const TensorShape& out, int kernel, int groups, bool bias) {
    const double weights = double(out.channels) * (in.channels / groups) * kernel * kernel + (bias ? out.channels : 0);
    const double macs = double(out.channels) * (in.channels / groups) * kernel * kernel * out.height * out.width;
    return {2.0 * macs, elements(in) + elements(out) + weights, convClass(kernel, groups)};
}

Kernel elementwise(double flopsPerElement, double elems, double streams) {
    return {flopsPerElement * elems, streams * elems, KernelClass::Elementwise};
}

double activationFlops(ActivationType type) {
    return type == ActivationType::Swish || type == ActivationType::HSwish ? 4.0 : 1.0;
}

// The kernels a framework launches for one node; with `fuses`, BN and activations ride along with
// the convolution before them (TensorRT, TFLite), otherwise each is its own pass over memory.
std::vector<Kernel> kernelsOf(const OperatorSignature& sig, bool fuses) {
    std::vector<Kernel> ks;
    const core::Node& n = sig.node;
    const TensorShape in = sig.mergedInput();
    const TensorShape& out = sig.output;

    // Merging several inputs is work of its own, before the operator (except for Identity, where
    // the merge is the whole operator).
    if (sig.inputs.size() > 1 && n.op != OpType::Identity) {
        if (n.merge == core::MergeMode::Sum)
            ks.push_back(elementwise(double(sig.inputs.size() - 1), elements(in), double(sig.inputs.size() + 1)));
        else
            ks.push_back(elementwise(0.0, elements(in), 2.0));
    }

    switch (n.op) {
    case OpType::Input:
        break;
    case OpType::Conv:
        ks.push_back(convKernel(in, out, n.kernel, n.groups, n.bias));
        break;
    case OpType::DepthwiseConv:
        ks.push_back(convKernel(in, out, n.kernel, in.channels, false));
        ks.back().kind = KernelClass::Depthwise;
        break;
    case OpType::PointwiseConv:
        ks.push_back(convKernel(in, out, 1, n.groups, n.bias));
        break;
    case OpType::MBConv: {
        const int hidden = core::mbconvHiddenChannels(in.channels, n.expansion);
        const TensorShape expanded{hidden, in.height, in.width};
        const TensorShape spatial{hidden, out.height, out.width};
        const double actFlops = activationFlops(n.activation);
        if (n.expansion != 1) {
            ks.push_back(convKernel(in, expanded, 1, n.groups, false));
            if (!fuses) {
                ks.push_back(elementwise(2.0, elements(expanded), 2.0));       // BN
                ks.push_back(elementwise(actFlops, elements(expanded), 2.0));  // activation
            }
            if (n.groups > 1)
                ks.push_back(elementwise(0.0, elements(expanded), 2.0));  // channel shuffle copy
        }
        Kernel dw = convKernel(expanded, spatial, n.kernel, hidden, false);
        dw.kind = KernelClass::Depthwise;
        ks.push_back(dw);
        if (!fuses) {
            ks.push_back(elementwise(2.0, elements(spatial), 2.0));
            ks.push_back(elementwise(actFlops, elements(spatial), 2.0));
        }
        if (n.squeezeExcite) {
            const int squeezed = core::squeezeExciteChannels(hidden);
            ks.push_back(elementwise(1.0, elements(spatial), 1.0));  // global pool
            const TensorShape vec{hidden, 1, 1};
            const TensorShape small{squeezed, 1, 1};
            Kernel reduce = convKernel(vec, small, 1, 1, true);
            Kernel expand = convKernel(small, vec, 1, 1, true);
            reduce.kind = expand.kind = KernelClass::Linear;
            ks.push_back(reduce);
            ks.push_back(expand);
            if (!fuses) {
                ks.push_back(elementwise(1.0, squeezed, 2.0));  // relu
                ks.push_back(elementwise(4.0, hidden, 2.0));    // hard sigmoid
            }
            ks.push_back(elementwise(1.0, elements(spatial), 2.0));  // scale
        }
        ks.push_back(convKernel(spatial, out, 1, n.groups, false));
        if (!fuses)
            ks.push_back(elementwise(2.0, elements(out), 2.0));
        if (n.stride == 1 && in.channels == out.channels)
            ks.push_back(elementwise(1.0, elements(out), 3.0));  // residual add
        break;
    }
    case OpType::Identity:
        if (sig.inputs.size() > 1) {
            if (n.merge == core::MergeMode::Sum)
                ks.push_back(elementwise(double(sig.inputs.size() - 1), elements(out), double(sig.inputs.size() + 1)));
            else
                ks.push_back(elementwise(0.0, elements(out), 2.0));
        }
        break;
    case OpType::Zero:
        ks.push_back(elementwise(0.0, elements(out), 1.0));
        break;
    case OpType::AvgPool:
    case OpType::MaxPool:
        ks.push_back({double(n.kernel) * n.kernel * elements(out), elements(in) + elements(out), KernelClass::Elementwise});
        break;
    case OpType::BatchNorm:
        ks.push_back(elementwise(2.0, elements(out), 2.0));
        break;
    case OpType::Activation:
        ks.push_back(elementwise(activationFlops(n.activation), elements(out), 2.0));
        break;
    case OpType::GlobalAvgPool:
        ks.push_back({elements(in), elements(in) + elements(out), KernelClass::Elementwise});
        break;
    case OpType::Linear: {
        const double weights = elements(in) * out.channels + (n.bias ? out.channels : 0);
        ks.push_back({2.0 * elements(in) * out.channels, elements(in) + elements(out) + weights, KernelClass::Linear});
        break;
    }
    case OpType::EarlyExit: {
        TensorShape pooledFrom = in;
        if (n.outChannels > 0) {
            // Narrow head: 1x1 conv to H, BN and activation (fused or separate passes), then pool.
            const TensorShape hidden{n.outChannels, in.height, in.width};
            ks.push_back(convKernel(in, hidden, 1, 1, false));
            if (!fuses) {
                ks.push_back(elementwise(2.0, elements(hidden), 2.0));
                ks.push_back(elementwise(activationFlops(n.activation), elements(hidden), 2.0));
            }
            pooledFrom = hidden;
        }
        const double width = pooledFrom.channels;
        ks.push_back({elements(pooledFrom), elements(pooledFrom) + width, KernelClass::Elementwise});
        const double weights = width * sig.numClasses + sig.numClasses;
        ks.push_back({2.0 * width * sig.numClasses, width + sig.numClasses + weights, KernelClass::Linear});
        break;
    }
    }
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
    const std::vector<Kernel> kernels = kernelsOf(signature, m_fusesElementwise);
    for (const Kernel& k : kernels) {
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
