#include "method_help.h"

#include "method_registry.h"

#include <nlohmann/json.hpp>

#include <sstream>

namespace edgenas::search {

namespace {

std::string kindOf(const SettingDescriptor& s) {
    using K = SettingDescriptor::Kind;
    const auto bound = [](double v) { return nlohmann::json(v).dump(); };
    switch (s.kind) {
    case K::Integer:
        return "whole number " + nlohmann::json(static_cast<long long>(s.minimum)).dump() + ".." +
               nlohmann::json(static_cast<long long>(s.maximum)).dump();
    case K::Number:
        return "number " + bound(s.minimum) + ".." + bound(s.maximum);
    case K::Choice: {
        std::string out;
        for (const std::string& c : s.choices)
            out += (out.empty() ? "" : "|") + (c.empty() ? std::string("\"\"") : c);
        return out;
    }
    case K::Boolean:
        return "true|false";
    case K::Text:
        return "text";
    }
    return {};
}

} // namespace

std::string describeRegisteredMethods() {
    const MethodRegistry& registry = MethodRegistry::global();
    std::ostringstream out;
    out << "methods (--method NAME; --preset P sets the budget, default the first; --set KEY=VALUE[,KEY=VALUE]\n"
           "and --settings JSON set method settings; flags such as --budget override the preset):\n";
    for (const std::string& name : registry.names()) {
        const MethodDescriptor& m = *registry.find(name);
        out << "\n  " << m.name << "  " << m.label << ": " << m.summary << "\n";
        for (const MethodPreset& p : m.presets)
            out << "    preset " << p.name << (&p == &m.presets.front() ? " (default)" : "") << ": " << p.summary
                << "\n";
        for (const SettingDescriptor& s : m.settings)
            out << "    " << s.key << " = " << s.defaultJson << "  [" << kindOf(s) << "]  " << s.help << "\n";
    }
    return out.str();
}

} // namespace edgenas::search
