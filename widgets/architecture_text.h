#pragma once

#include "core/architecture.h"

#include <QString>

namespace edgenas::widgets {

// How the architecture views describe nodes; shared so the graph and the diff read the same.

/// Short operator summary, e.g. "MBConv k5 e6 /2 SE", "Conv 3×3 → 32", "AvgPool 3×3 /2".
QString describeNode(const core::Node& node);
/// "C×H×W" (or "C" for vectors).
QString shapeText(const core::TensorShape& shape);
/// A count with an SI suffix: 1234567 -> "1.23 M".
QString compactCount(double value);

} // namespace edgenas::widgets
