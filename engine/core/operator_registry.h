#pragma once

#include "operator_kind.h"

#include <string_view>
#include <vector>

namespace edgenas::core {

/// Every operator kind, in OpType order (the list is in operators/registered_operators.cpp).
const std::vector<const OperatorKind*>& operatorKinds();
/// The kind of `type`; every OpType value is registered (checked at first use).
const OperatorKind& operatorKind(OpType type);
/// The kind with this JSON name, or null.
const OperatorKind* operatorKindNamed(std::string_view name);

} // namespace edgenas::core
