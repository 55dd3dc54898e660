#pragma once

// The layers both GOS tests rewrite, as Qt Test data rows (node, input shape).

#include "core/architecture.h"
#include "search/gos/rewrite_rules.h"

#include <QtTest>

Q_DECLARE_METATYPE(edgenas::core::Node)
Q_DECLARE_METATYPE(edgenas::core::TensorShape)

namespace gos_test {

using edgenas::core::Node;
using edgenas::core::OpType;
using edgenas::core::TensorShape;

inline Node conv(int out, int kernel, int stride, int groups = 1, bool bias = true) {
    return Node{.id = 1, .op = OpType::Conv, .outChannels = out, .kernel = kernel, .stride = stride,
                .padding = kernel / 2, .groups = groups, .bias = bias};
}

inline void addLayerColumns() {
    QTest::addColumn<Node>("node");
    QTest::addColumn<TensorShape>("in");
}

inline void addLayerRows() {
    QTest::newRow("conv3x3 16-32 s1") << conv(32, 3, 1) << TensorShape{16, 8, 8};
    QTest::newRow("conv3x3 16-32 s2") << conv(32, 3, 2) << TensorShape{16, 8, 8};
    QTest::newRow("depthwise3x3 32") << Node{.id = 1, .op = OpType::DepthwiseConv, .kernel = 3, .padding = 1}
                                     << TensorShape{32, 8, 8};
    QTest::newRow("pointwise 32-64") << Node{.id = 1, .op = OpType::PointwiseConv, .outChannels = 64, .bias = true}
                                     << TensorShape{32, 8, 8};
    QTest::newRow("conv3x3 16-32 g2") << conv(32, 3, 1, 2) << TensorShape{16, 8, 8};
    QTest::newRow("linear 64-10") << Node{.id = 1, .op = OpType::Linear, .outChannels = 10, .bias = true}
                                  << TensorShape{64, 1, 1};
    QTest::newRow("conv5x5 16-16 s1") << conv(16, 5, 1) << TensorShape{16, 8, 8};
}

/// The depth-1 candidate made by `rule` alone with `contractions` contract instructions, or null.
inline const edgenas::search::RewriteCandidate* candidateOf(const std::vector<edgenas::search::RewriteCandidate>& candidates,
                                                             const std::string& rule, int contractions) {
    for (const edgenas::search::RewriteCandidate& c : candidates) {
        int n = 0;
        for (const edgenas::core::Instruction& ins : c.program)
            n += ins.primitive == edgenas::core::Primitive::Contract;
        if (c.rules == std::vector<std::string>{rule} && n == contractions)
            return &c;
    }
    return nullptr;
}

} // namespace gos_test
