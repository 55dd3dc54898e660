#include "architecture.h"

#include "operator_registry.h"

#include <array>
#include <utility>

namespace edgenas::core {

namespace {

constexpr std::array<std::pair<ActivationType, std::string_view>, 5> kActivationNames{{
    {ActivationType::None, "none"},
    {ActivationType::ReLU, "relu"},
    {ActivationType::ReLU6, "relu6"},
    {ActivationType::Swish, "swish"},
    {ActivationType::HSwish, "hswish"},
}};

constexpr std::array<std::pair<MergeMode, std::string_view>, 2> kMergeNames{{
    {MergeMode::Sum, "sum"},
    {MergeMode::Concat, "concat"},
}};

template <typename Table, typename Enum>
std::string_view nameOf(const Table& table, Enum value) {
    for (const auto& [candidate, name] : table)
        if (candidate == value)
            return name;
    return "?";
}

template <typename Enum, typename Table>
std::optional<Enum> valueOf(const Table& table, std::string_view text) {
    for (const auto& [value, name] : table)
        if (name == text)
            return value;
    return std::nullopt;
}

} // namespace

int Architecture::add(Node node) {
    node.id = static_cast<int>(nodes.size());
    nodes.push_back(std::move(node));
    return nodes.back().id;
}

std::string_view toString(OpType op) { return operatorKind(op).name(); }
std::string_view toString(ActivationType activation) { return nameOf(kActivationNames, activation); }
std::string_view toString(MergeMode merge) { return nameOf(kMergeNames, merge); }

std::optional<OpType> opTypeFromString(std::string_view text) {
    const OperatorKind* kind = operatorKindNamed(text);
    return kind ? std::optional<OpType>(kind->type()) : std::nullopt;
}
std::optional<ActivationType> activationFromString(std::string_view text) {
    return valueOf<ActivationType>(kActivationNames, text);
}
std::optional<MergeMode> mergeModeFromString(std::string_view text) { return valueOf<MergeMode>(kMergeNames, text); }

} // namespace edgenas::core
