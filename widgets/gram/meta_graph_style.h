#pragma once

// Private to the meta-graph view's parts: sizes, colours and names the nodes, the edges and the
// legend share.

#include <QColor>
#include <QString>

namespace edgenas::widgets::meta_graph_style {

inline constexpr double kPadding = 5.0;
inline constexpr double kBadgeHeight = 7.0;
inline constexpr double kMinNodeWidth = 46.0;

/// The outline of the current graph's nodes and the halo of its edges.
QColor currentColour();
/// `a` blended towards `b` by `t` (0 to 1), alpha too.
QColor mix(const QColor& a, const QColor& b, double t);
/// "sep_conv_3x3" -> "sep 3×3", "conv_1x1" -> "conv 1×1": the names the engine stores, made
/// short enough for a node box.
QString shortOpName(QString name);
/// "42 %" in the user's locale for a share of 0.42.
QString percent(double share);

} // namespace edgenas::widgets::meta_graph_style
