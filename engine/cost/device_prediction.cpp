#include "device_prediction.h"

#include "core/errors.h"
#include "core/shape_inference.h"
#include "operator_signature.h"
#include "power_model.h"
#include "roofline_model.h"

#include <cmath>
#include <optional>

namespace edgenas::cost {

using core::Node;
using core::OpType;
using core::Provenance;

namespace {

int strength(Provenance p) {
    switch (p) {
    case Provenance::Measured:
    case Provenance::Counted:
    case Provenance::Trained:
        return 0;
    case Provenance::Table:
        return 1;
    case Provenance::Modelled:
        return 2;
    case Provenance::Predicted:
        return 3;
    case Provenance::Proxy:
        return 4;
    }
    return 4;
}

bool sameClocks(const OperatingPoint& a, const OperatingPoint& b) {
    if (a.mhz.size() != b.mhz.size())
        return false;
    for (const auto& [domain, mhz] : a.mhz) {
        auto it = b.mhz.find(domain);
        if (it == b.mhz.end() || std::abs(it->second - mhz) > 1e-3)
            return false;
    }
    return true;
}

// What a deploying compiler fuses away: BN into the convolution before it, an activation into
// the convolution/BN/linear layer before it (only if nobody else reads the unfused value), and
// the zero terms of a sum.
bool foldable(const core::Architecture& arch, const Node& node, const std::vector<int>& consumers) {
    if (node.op == OpType::Zero)
        return true;
    if (node.inputs.size() != 1)
        return false;
    const Node& producer = arch.node(node.inputs.front());
    if (consumers[static_cast<std::size_t>(producer.id)] != 1)
        return false;
    const OpType p = producer.op;
    const bool conv = p == OpType::Conv || p == OpType::DepthwiseConv || p == OpType::PointwiseConv;
    if (node.op == OpType::BatchNorm)
        return conv;
    if (node.op == OpType::Activation)
        return conv || p == OpType::BatchNorm || p == OpType::MBConv || p == OpType::Linear;
    return false;
}

// Nodes the main output (the last node) depends on; the model builder runs only these.
std::vector<char> mainPath(const core::Architecture& arch) {
    std::vector<char> marked(arch.nodes.size(), 0);
    marked.back() = 1;
    for (std::size_t i = marked.size(); i-- > 0;)
        if (marked[i])
            for (int input : arch.nodes[i].inputs)
                marked[static_cast<std::size_t>(input)] = 1;
    return marked;
}

} // namespace

Provenance weakerProvenance(Provenance a, Provenance b) { return strength(a) >= strength(b) ? a : b; }

std::vector<core::Metric> DevicePrediction::metrics() const {
    return {
        {"latency_ms", latencyMs, "ms", latencyProvenance},
        {"energy_mj", energyMj, "mJ", energyProvenance},
        {"power_w", averagePowerW, "W", energyProvenance},
    };
}

DevicePrediction predictOnDevice(const core::Architecture& arch, const DeviceProfile& profile,
                                 std::string_view dvfsLevel, const LatencyTable* table) {
    return predictOnDevice(arch, profile, profile.operatingPoint(dvfsLevel), table);
}

DevicePrediction predictOnDevice(const core::Architecture& arch, const DeviceProfile& profile,
                                 const OperatingPoint& point, const LatencyTable* table) {
    if (table && table->conditions().device != profile.name)
        throw core::InputError("the latency table was measured on '" + table->conditions().device +
                               "' and cannot predict device '" + profile.name + "'");
    const std::vector<core::TensorShape> shapes = core::inferShapes(arch);
    const std::size_t n = arch.nodes.size();
    std::vector<int> consumers(n, 0);
    for (const Node& node : arch.nodes)
        for (int input : node.inputs)
            ++consumers[static_cast<std::size_t>(input)];
    const std::vector<char> onMain = mainPath(arch);

    const RooflineModel roofline(profile, point);
    const PowerModel power(profile, point);

    // A table holds for the clocks it was measured at; elsewhere its entries are moved by the
    // roofline's ratio between the two points, which makes them modelled figures. A sum of
    // operators timed one by one is a table figure even on the host: only a network timed as a
    // whole (models::measureLatency) is Measured.
    std::optional<RooflineModel> tableRoofline;
    const Provenance tableProvenance = Provenance::Table;
    if (table) {
        const OperatingPoint measuredAt = profile.operatingPoint(table->conditions().operatingPoint);
        if (!sameClocks(measuredAt, point))
            tableRoofline.emplace(profile, measuredAt);
    }

    DevicePrediction result;
    result.device = profile.name;
    result.operatingPoint = point.name;
    result.mhz = point.mhz;
    result.staticPowerW = power.staticWatts();
    result.fullLoadPowerW = power.fullLoadWatts();
    result.nodes.resize(n);

    int weakest = -1;  // strength of the weakest contributing figure so far
    Provenance weakestProvenance = Provenance::Modelled;
    auto contribute = [&](Provenance p) {
        if (strength(p) > weakest) {
            weakest = strength(p);
            weakestProvenance = p;
        }
    };
    double tableMs = 0.0;
    double nodesMs = 0.0;
    double nodesMj = 0.0;

    for (const Node& node : arch.nodes) {
        const auto i = static_cast<std::size_t>(node.id);
        NodePrediction& np = result.nodes[i];
        np.nodeId = node.id;
        np.onMainPath = onMain[i] != 0;
        if (node.op == OpType::Input) {
            np.source = "free";
            np.powerW = power.watts(0.0, 0.0);
            continue;
        }
        const OperatorSignature signature = OperatorSignature::of(arch, node, shapes);
        np.signature = signature.key();
        const bool folded = profile.fusesElementwise && foldable(arch, node, consumers);
        const NodeEstimate estimate = roofline.estimate(signature, folded);

        bool fromTable = false;
        if (const auto entry = table ? table->find(np.signature) : std::nullopt) {
            fromTable = true;
            if (!tableRoofline) {
                np.latencyMs = *entry;
                np.provenance = tableProvenance;
                np.source = "table";
            } else {
                const NodeEstimate reference = tableRoofline->estimate(signature, folded);
                const double ratio = reference.latencyMs > 0.0 ? estimate.latencyMs / reference.latencyMs : 1.0;
                np.latencyMs = *entry * ratio;
                np.provenance = Provenance::Modelled;
                np.source = "table-scaled";
            }
        } else {
            np.latencyMs = estimate.latencyMs;
            np.provenance = Provenance::Modelled;
            np.source = estimate.bound;
        }
        // The roofline's split of busy time also serves table entries, which carry only a total.
        const double computeShare = estimate.latencyMs > 0.0 ? estimate.computeMs / estimate.latencyMs : 0.0;
        const double memoryShare = estimate.latencyMs > 0.0 ? estimate.memoryMs / estimate.latencyMs : 0.0;
        np.powerW = power.watts(computeShare, memoryShare);
        np.energyMj = np.powerW * np.latencyMs;

        if (!np.onMainPath)
            continue;
        nodesMs += np.latencyMs;
        nodesMj += np.energyMj;
        if (fromTable) {
            ++result.tableHits;
            tableMs += np.latencyMs;
        } else if (estimate.latencyMs > 0.0) {
            ++result.tableMisses;
        }
        if (np.latencyMs > 0.0)
            contribute(np.provenance);
    }

    // The once-per-call framework cost: the table's measurement when the table was used.
    Provenance overheadProvenance = Provenance::Modelled;
    if (table && result.tableHits > 0) {
        result.overheadMs = table->conditions().networkOverheadMs;
        overheadProvenance = tableProvenance;
        if (tableRoofline) {
            const double reference = tableRoofline->networkOverheadMs();
            result.overheadMs *= reference > 0.0 ? roofline.networkOverheadMs() / reference : 1.0;
            overheadProvenance = Provenance::Modelled;
        }
        tableMs += result.overheadMs;
    } else {
        result.overheadMs = roofline.networkOverheadMs();
    }
    if (result.overheadMs > 0.0)
        contribute(overheadProvenance);

    result.latencyMs = nodesMs + result.overheadMs;
    result.energyMj = nodesMj + power.watts(0.0, 0.0) * result.overheadMs;
    result.averagePowerW = result.latencyMs > 0.0 ? result.energyMj / result.latencyMs : power.watts(0.0, 0.0);
    result.dynamicPowerW = result.averagePowerW - result.staticPowerW;
    result.latencyProvenance = weakest < 0 ? Provenance::Modelled : weakestProvenance;
    result.energyProvenance =
        power.measured() ? weakerProvenance(result.latencyProvenance, Provenance::Table) : Provenance::Modelled;
    result.tableShare = result.latencyMs > 0.0 ? tableMs / result.latencyMs : 0.0;
    return result;
}

} // namespace edgenas::cost
