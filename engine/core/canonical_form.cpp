#include "canonical_form.h"

#include "architecture_json.h"
#include "shape_inference.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>

namespace edgenas::core {

namespace {

// FNV-1a over the canonical text: stable across platforms and runs, unlike std::hash.
std::uint64_t fnv1a64(std::string_view text) {
    std::uint64_t hash = 14695981039346656037ULL;
    for (unsigned char c : text) {
        hash ^= c;
        hash *= 1099511628211ULL;
    }
    return hash;
}

} // namespace

Architecture canonicalized(const Architecture& arch) {
    inferShapes(arch); // only valid graphs have a canonical form
    Architecture work = arch;

    // A zero tensor added to a sum changes nothing.
    for (Node& node : work.nodes) {
        if (node.merge != MergeMode::Sum || node.inputs.size() < 2)
            continue;
        std::vector<int> kept;
        for (int input : node.inputs)
            if (work.nodes[static_cast<std::size_t>(input)].op != OpType::Zero)
                kept.push_back(input);
        if (kept.empty())
            kept.push_back(node.inputs.front());
        std::sort(kept.begin(), kept.end()); // a sum does not depend on the order of its terms
        node.inputs = std::move(kept);
    }

    // Keep what the main output or an early exit depends on (and the input, always).
    std::vector<bool> live(work.nodes.size(), false);
    live.front() = true;
    live.back() = true;
    for (const Node& node : work.nodes)
        if (node.op == OpType::EarlyExit)
            live[static_cast<std::size_t>(node.id)] = true;
    for (std::size_t i = work.nodes.size(); i-- > 0;)
        if (live[i])
            for (int input : work.nodes[i].inputs)
                live[static_cast<std::size_t>(input)] = true;

    std::vector<int> newId(work.nodes.size(), -1);
    Architecture result;
    result.input = work.input;
    result.numClasses = work.numClasses;
    result.metadata = work.metadata;
    for (std::size_t i = 0; i < work.nodes.size(); ++i) {
        if (!live[i])
            continue;
        Node node = work.nodes[i];
        for (int& input : node.inputs)
            input = newId[static_cast<std::size_t>(input)];
        newId[i] = result.add(std::move(node));
    }
    return result;
}

std::string canonicalHash(const Architecture& arch) {
    Architecture canonical = canonicalized(arch);
    canonical.metadata.clear();
    for (Node& node : canonical.nodes)
        node.label.clear();
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx",
                  static_cast<unsigned long long>(fnv1a64(toJson(canonical, -1))));
    return hex;
}

} // namespace edgenas::core
