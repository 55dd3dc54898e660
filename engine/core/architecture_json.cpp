#include "architecture_json.h"

#include "errors.h"
#include "input_file.h"
#include "json_input.h"
#include "json_text_writer.h"
#include "operator_registry.h"
#include "shape_inference.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <sstream>

namespace edgenas::core {

namespace {

using nlohmann::ordered_json;

constexpr int kFormatVersion = 1;
constexpr const char* kFormatName = "edgenas-architecture";

// Writes "key": value when `fields` holds `field` (an operator's or a primitive's field set).
template <typename Value>
void writeField(JsonTextWriter& out, unsigned fields, unsigned field, const char* key, Value value) {
    if (fields & field) {
        out.key(key);
        out.value(value);
    }
}

void writeInstruction(JsonTextWriter& out, const Instruction& ins) {
    out.beginObject();
    out.key("op");
    out.value(toString(ins.primitive));
    out.key("inputs");
    out.beginArray();
    for (int input : ins.inputs)
        out.value(input);
    out.endArray();
    const unsigned fields = instructionFields(ins.primitive);
    writeField(out, fields, kInstructionOutChannels, "out_channels", ins.outChannels);
    writeField(out, fields, kInstructionKernel, "kernel", ins.kernel);
    writeField(out, fields, kInstructionStride, "stride", ins.stride);
    writeField(out, fields, kInstructionPadding, "padding", ins.padding);
    writeField(out, fields, kInstructionDilation, "dilation", ins.dilation);
    writeField(out, fields, kInstructionGroups, "groups", ins.groups);
    writeField(out, fields, kInstructionBias, "bias", ins.bias);
    writeField(out, fields, kInstructionActivation, "activation", toString(ins.activation));
    writeField(out, fields, kInstructionSlice, "first", ins.first);
    writeField(out, fields, kInstructionSlice, "count", ins.count);
    out.endObject();
}

void writeNode(JsonTextWriter& out, const Node& node) {
    out.beginObject();
    out.key("id");
    out.value(node.id);
    out.key("op");
    out.value(toString(node.op));
    if (!node.label.empty()) {
        out.key("label");
        out.value(node.label);
    }
    if (!node.inputs.empty()) {
        out.key("inputs");
        out.beginArray();
        for (int input : node.inputs)
            out.value(input);
        out.endArray();
    }
    if (node.inputs.size() > 1) {
        out.key("merge");
        out.value(toString(node.merge));
    }
    const NodeFields fields = operatorKind(node.op).storedFields(node);
    writeField(out, fields, kOutChannels, "out_channels", node.outChannels);
    writeField(out, fields, kKernel, "kernel", node.kernel);
    writeField(out, fields, kStride, "stride", node.stride);
    writeField(out, fields, kPadding, "padding", node.padding);
    writeField(out, fields, kDilation, "dilation", node.dilation);
    writeField(out, fields, kGroups, "groups", node.groups);
    writeField(out, fields, kExpansion, "expansion", node.expansion);
    writeField(out, fields, kSqueezeExcite, "squeeze_excite", node.squeezeExcite);
    writeField(out, fields, kBias, "bias", node.bias);
    writeField(out, fields, kActivation, "activation", toString(node.activation));
    if (fields & kProgram) {
        out.key("program");
        out.beginArray();
        for (const Instruction& instruction : node.program)
            writeInstruction(out, instruction);
        out.endArray();
    }
    out.endObject();
}

// Room for the whole text up front: a node takes about 110-170 bytes compact (more with a long
// label), and indenting roughly doubles that.
std::size_t expectedJsonSize(const Architecture& arch, int indent) {
    std::size_t size = 256;
    for (const auto& [key, value] : arch.metadata)
        size += key.size() + value.size() + 16;
    for (const Node& node : arch.nodes)
        size += 192 + node.label.size();
    return indent < 0 ? size : size * 2;
}

// Reads JSON values with errors that name where they came from ("node 7"). The name is only
// spelled out when an error is thrown: a reader is made per node, and most never fail.
class Reader {
public:
    explicit Reader(std::string_view where, std::optional<long long> number = std::nullopt)
        : m_where(where), m_number(number) {}

    [[noreturn]] void fail(const std::string& problem) const {
        std::string where(m_where);
        if (m_number)
            where += " " + std::to_string(*m_number);
        throw InputError(where + ": " + problem);
    }

    const ordered_json& require(const ordered_json& object, const char* key) const {
        auto it = object.find(key);
        if (it == object.end())
            fail(std::string("missing key '") + key + "'");
        return *it;
    }

    int integer(const ordered_json& value, const char* key) const {
        if (!value.is_number_integer())
            fail(std::string("key '") + key + "' must be an integer");
        // An unsigned value above 2^63 would wrap to a negative long long and be misreported.
        const auto v = value.get<long long>();
        if (v < -(1LL << 30) || v > (1LL << 30) || (value.is_number_unsigned() && v < 0))
            fail(std::string("key '") + key + "' is out of range");
        return static_cast<int>(v);
    }

    int integerOr(const ordered_json& object, const char* key, int fallback) const {
        auto it = object.find(key);
        return it == object.end() ? fallback : integer(*it, key);
    }

    bool booleanOr(const ordered_json& object, const char* key, bool fallback) const {
        auto it = object.find(key);
        if (it == object.end())
            return fallback;
        if (!it->is_boolean())
            fail(std::string("key '") + key + "' must be true or false");
        return it->get<bool>();
    }

    std::string text(const ordered_json& value, const char* key) const {
        if (!value.is_string())
            fail(std::string("key '") + key + "' must be a string");
        return value.get<std::string>();
    }

    // A list rather than a set: it is built for every node, and holds at most 15 short names.
    void rejectUnknownKeys(const ordered_json& object, std::initializer_list<std::string_view> known) const {
        for (auto it = object.begin(); it != object.end(); ++it)
            if (std::find(known.begin(), known.end(), it.key()) == known.end())
                fail("unknown key '" + it.key() + "'");
    }

private:
    std::string_view m_where;
    std::optional<long long> m_number;
};

ActivationType activationNamed(const Reader& r, const ordered_json& object) {
    const std::string name = r.text(object, "activation");
    const auto activation = activationFromString(name);
    if (!activation)
        r.fail("unknown activation '" + name + "' (none, relu, relu6, swish, hswish)");
    return *activation;
}

Instruction instructionFromJson(const ordered_json& j, int nodeId, std::size_t index) {
    const std::string where = "node " + std::to_string(nodeId) + " instruction";
    Reader r(where, static_cast<long long>(index));
    if (!j.is_object())
        r.fail("must be an object");
    r.rejectUnknownKeys(j, {"op", "inputs", "out_channels", "kernel", "stride", "padding", "dilation", "groups", "bias",
                            "activation", "first", "count"});
    Instruction ins;
    const std::string name = r.text(r.require(j, "op"), "op");
    const auto primitive = primitiveFromString(name);
    if (!primitive)
        r.fail("unknown primitive '" + name + "'");
    ins.primitive = *primitive;
    const auto& inputs = r.require(j, "inputs");
    if (!inputs.is_array())
        r.fail("key 'inputs' must be an array of value numbers");
    for (const auto& input : inputs)
        ins.inputs.push_back(r.integer(input, "inputs"));
    ins.outChannels = r.integerOr(j, "out_channels", 0);
    ins.kernel = r.integerOr(j, "kernel", 1);
    ins.stride = r.integerOr(j, "stride", 1);
    ins.padding = r.integerOr(j, "padding", 0);
    ins.dilation = r.integerOr(j, "dilation", 1);
    ins.groups = r.integerOr(j, "groups", 1);
    ins.bias = r.booleanOr(j, "bias", false);
    if (auto it = j.find("activation"); it != j.end())
        ins.activation = activationNamed(r, *it);
    ins.first = r.integerOr(j, "first", 0);
    ins.count = r.integerOr(j, "count", 0);
    return ins;
}

Node nodeFromJson(const ordered_json& j, std::size_t position) {
    Reader r("node at position", static_cast<long long>(position));
    if (!j.is_object())
        r.fail("must be an object");
    Node node;
    node.id = r.integer(r.require(j, "id"), "id");
    Reader nr("node", node.id);
    nr.rejectUnknownKeys(j, {"id", "op", "label", "inputs", "merge", "out_channels", "kernel", "stride", "padding",
                             "dilation", "groups", "expansion", "squeeze_excite", "bias", "activation", "program"});
    const std::string opName = nr.text(nr.require(j, "op"), "op");
    const auto op = opTypeFromString(opName);
    if (!op)
        nr.fail("unknown op '" + opName + "'");
    node.op = *op;
    if (auto it = j.find("label"); it != j.end())
        node.label = nr.text(*it, "label");
    if (auto it = j.find("inputs"); it != j.end()) {
        if (!it->is_array())
            nr.fail("key 'inputs' must be an array of node ids");
        for (const auto& input : *it)
            node.inputs.push_back(nr.integer(input, "inputs"));
    }
    if (auto it = j.find("merge"); it != j.end()) {
        const std::string merge = nr.text(*it, "merge");
        const auto mode = mergeModeFromString(merge);
        if (!mode)
            nr.fail("unknown merge '" + merge + "' (sum or concat)");
        node.merge = *mode;
    }
    node.outChannels = nr.integerOr(j, "out_channels", 0);
    node.kernel = nr.integerOr(j, "kernel", 1);
    node.stride = nr.integerOr(j, "stride", 1);
    node.padding = nr.integerOr(j, "padding", 0);
    node.dilation = nr.integerOr(j, "dilation", 1);
    node.groups = nr.integerOr(j, "groups", 1);
    node.expansion = nr.integerOr(j, "expansion", 1);
    node.squeezeExcite = nr.booleanOr(j, "squeeze_excite", false);
    node.bias = nr.booleanOr(j, "bias", false);
    if (auto it = j.find("activation"); it != j.end()) {
        const std::string name = nr.text(*it, "activation");
        const auto activation = activationFromString(name);
        if (!activation)
            nr.fail("unknown activation '" + name + "' (none, relu, relu6, swish, hswish)");
        node.activation = *activation;
    }
    if (auto it = j.find("program"); it != j.end()) {
        if (!it->is_array())
            nr.fail("key 'program' must be an array of instructions");
        for (std::size_t i = 0; i < it->size(); ++i)
            node.program.push_back(instructionFromJson((*it)[i], node.id, i));
    }
    return node;
}

} // namespace

// Written straight into the text rather than through an nlohmann tree: the run store rebuilds
// this JSON for every candidate it reads, and the tree cost several times the decoding itself.
// The text is byte for byte what ordered_json::dump(indent) gave (the tests compare the two).
std::string toJson(const Architecture& arch, int indent) {
    std::string text;
    text.reserve(expectedJsonSize(arch, indent));
    JsonTextWriter out(text, indent);
    out.beginObject();
    out.key("format");
    out.value(kFormatName);
    out.key("version");
    out.value(kFormatVersion);
    out.key("input");
    out.beginObject();
    out.key("channels");
    out.value(arch.input.channels);
    out.key("height");
    out.value(arch.input.height);
    out.key("width");
    out.value(arch.input.width);
    out.endObject();
    out.key("classes");
    out.value(arch.numClasses);
    if (!arch.metadata.empty()) {
        out.key("metadata");
        out.beginObject();
        for (const auto& [key, value] : arch.metadata) {
            out.key(key);
            out.value(value);
        }
        out.endObject();
    }
    out.key("nodes");
    out.beginArray();
    for (const Node& node : arch.nodes)
        writeNode(out, node);
    out.endArray();
    out.endObject();
    return text;
}

Architecture architectureFromJson(std::string_view text) {
    const ordered_json j = parseInputJson(text, "architecture JSON");
    Reader r("architecture");
    if (!j.is_object())
        r.fail("the top level must be an object");
    r.rejectUnknownKeys(j, {"format", "version", "input", "classes", "metadata", "nodes"});
    if (auto it = j.find("format"); it != j.end() && r.text(*it, "format") != kFormatName)
        r.fail("key 'format' is '" + it->get<std::string>() + "', expected '" + kFormatName + "'");
    if (auto it = j.find("version"); it != j.end() && r.integer(*it, "version") > kFormatVersion)
        r.fail("key 'version' is " + std::to_string(it->get<int>()) + ", newer than this program reads (" +
               std::to_string(kFormatVersion) + ")");

    Architecture arch;
    const auto& input = r.require(j, "input");
    Reader ir("architecture input");
    if (!input.is_object())
        ir.fail("must be an object with channels, height, width");
    ir.rejectUnknownKeys(input, {"channels", "height", "width"});
    arch.input.channels = ir.integer(ir.require(input, "channels"), "channels");
    arch.input.height = ir.integer(ir.require(input, "height"), "height");
    arch.input.width = ir.integer(ir.require(input, "width"), "width");
    arch.numClasses = r.integer(r.require(j, "classes"), "classes");
    if (arch.numClasses < 1)
        r.fail("key 'classes' must be at least 1 (a classifier needs a class to predict)");
    if (auto it = j.find("metadata"); it != j.end()) {
        if (!it->is_object())
            r.fail("key 'metadata' must be an object of strings");
        for (auto m = it->begin(); m != it->end(); ++m)
            arch.metadata[m.key()] = r.text(m.value(), "metadata");
    }
    const auto& nodes = r.require(j, "nodes");
    if (!nodes.is_array())
        r.fail("key 'nodes' must be an array");
    for (std::size_t i = 0; i < nodes.size(); ++i)
        arch.nodes.push_back(nodeFromJson(nodes[i], i));

    try {
        inferShapes(arch);
    } catch (const ArchitectureError& e) {
        throw InputError(std::string("architecture is invalid: ") + e.what());
    }
    return arch;
}

Architecture loadArchitectureFile(const std::string& path) {
    const std::string text = readInputFile(path, "architecture file");
    try {
        return architectureFromJson(text);
    } catch (const InputError& e) {
        throw InputError(path + ": " + e.what());
    }
}

void saveArchitectureFile(const Architecture& architecture, const std::string& path) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out)
        throw InputError(path + ": cannot write architecture file");
    out << toJson(architecture) << '\n';
    if (!out.flush())
        throw InputError(path + ": writing the architecture failed (disk full?)");
}

} // namespace edgenas::core
