#include "command_line.h"

#include "core/errors.h"

#include <cerrno>
#include <cstdlib>

namespace edgenas::cli {

using core::InputError;

CommandLine::CommandLine(const std::vector<std::string>& arguments, const std::set<std::string>& valueOptions,
                         const std::set<std::string>& flags) {
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const std::string& arg = arguments[i];
        if (arg.rfind("--", 0) != 0 || arg == "--") {
            m_positionals.push_back(arg);
            continue;
        }
        std::string name = arg.substr(2);
        std::optional<std::string> inlineValue;
        if (auto eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name.resize(eq);
        }
        if (flags.count(name)) {
            if (inlineValue)
                throw InputError("option --" + name + " takes no value");
            m_flags.insert(name);
        } else if (valueOptions.count(name)) {
            if (!inlineValue) {
                if (i + 1 >= arguments.size())
                    throw InputError("option --" + name + " needs a value");
                inlineValue = arguments[++i];
            }
            m_values[name] = *inlineValue;
        } else {
            throw InputError("unknown option --" + name);
        }
    }
}

std::optional<std::string> CommandLine::value(const std::string& name) const {
    auto it = m_values.find(name);
    if (it == m_values.end())
        return std::nullopt;
    return it->second;
}

std::string CommandLine::text(const std::string& name, const std::string& fallback) const {
    return value(name).value_or(fallback);
}

long long CommandLine::integer(const std::string& name, long long fallback, long long min, long long max) const {
    auto raw = value(name);
    if (!raw)
        return fallback;
    errno = 0;
    char* end = nullptr;
    const long long v = std::strtoll(raw->c_str(), &end, 10);
    if (raw->empty() || *end != '\0' || errno == ERANGE)
        throw InputError("option --" + name + " needs a whole number, got '" + *raw + "'");
    if (v < min || v > max)
        throw InputError("option --" + name + " must be between " + std::to_string(min) + " and " +
                         std::to_string(max) + ", got " + *raw);
    return v;
}

double CommandLine::real(const std::string& name, double fallback, double min, double max) const {
    auto raw = value(name);
    if (!raw)
        return fallback;
    errno = 0;
    char* end = nullptr;
    const double v = std::strtod(raw->c_str(), &end);
    if (raw->empty() || *end != '\0' || errno == ERANGE)
        throw InputError("option --" + name + " needs a number, got '" + *raw + "'");
    if (!(v >= min && v <= max))
        throw InputError("option --" + name + " must be between " + std::to_string(min) + " and " +
                         std::to_string(max) + ", got " + *raw);
    return v;
}

std::string CommandLine::onePositional(const std::string& what) const {
    if (m_positionals.empty())
        throw InputError("missing " + what);
    if (m_positionals.size() > 1)
        throw InputError("unexpected argument '" + m_positionals[1] + "'");
    return m_positionals.front();
}

} // namespace edgenas::cli
