#include "stage_pairing.h"

#include "core/shape_inference.h"

#include <algorithm>
#include <map>

namespace edgenas::proxies {

std::vector<int> stageEndNodes(const core::Architecture& architecture) {
    const std::vector<core::TensorShape> shapes = core::inferShapes(architecture);
    // Nodes the main output depends on, walking back from it (ids are topological).
    std::vector<char> onPath(architecture.nodes.size(), 0);
    if (!architecture.nodes.empty())
        onPath.back() = 1;
    for (int id = architecture.outputId(); id > 0; --id)
        if (onPath[static_cast<std::size_t>(id)])
            for (int in : architecture.node(id).inputs)
                onPath[static_cast<std::size_t>(in)] = 1;

    std::map<std::pair<int, int>, int> lastByResolution;
    for (const core::Node& node : architecture.nodes) {
        const core::TensorShape& s = shapes[static_cast<std::size_t>(node.id)];
        if (node.id == 0 || !onPath[static_cast<std::size_t>(node.id)] || (s.height <= 1 && s.width <= 1))
            continue;
        lastByResolution[{s.height, s.width}] = node.id;
    }
    std::vector<int> ends;
    for (const auto& entry : lastByResolution)
        ends.push_back(entry.second);
    std::sort(ends.begin(), ends.end());
    return ends;
}

namespace {
// Indices 0..count-1 spread over `take` picks, the last pick always count - 1.
std::vector<int> spread(int count, int take) {
    std::vector<int> out;
    for (int i = 0; i < take; ++i)
        out.push_back((i + 1) * count / take - 1);
    return out;
}
} // namespace

std::vector<std::pair<int, int>> pairStages(int referenceStages, int candidateStages, int pairs) {
    const int take = std::min({pairs, referenceStages, candidateStages});
    if (take <= 0)
        return {};
    const std::vector<int> r = spread(referenceStages, take);
    const std::vector<int> c = spread(candidateStages, take);
    std::vector<std::pair<int, int>> out;
    for (int i = 0; i < take; ++i)
        out.emplace_back(r[static_cast<std::size_t>(i)], c[static_cast<std::size_t>(i)]);
    return out;
}

} // namespace edgenas::proxies
