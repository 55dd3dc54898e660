#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace edgenas::cli {

/// Parsed `edgenas <command> [positionals] [--option value] [--flag]` with strict checking:
/// every option a command does not declare is a usage error that names it.
class CommandLine {
public:
    /// Options that take a value and flags that do not; anything else starting with "--" is rejected.
    CommandLine(const std::vector<std::string>& arguments, const std::set<std::string>& valueOptions,
                const std::set<std::string>& flags);

    const std::vector<std::string>& positionals() const { return m_positionals; }
    bool flag(const std::string& name) const { return m_flags.count(name) > 0; }
    bool has(const std::string& name) const { return m_values.count(name) > 0; }
    std::optional<std::string> value(const std::string& name) const;
    std::string text(const std::string& name, const std::string& fallback) const;
    long long integer(const std::string& name, long long fallback, long long min, long long max) const;
    double real(const std::string& name, double fallback, double min, double max) const;
    /// The single positional argument named `what` in the error when it is missing or repeated.
    std::string onePositional(const std::string& what) const;

private:
    std::vector<std::string> m_positionals;
    std::map<std::string, std::string> m_values;
    std::set<std::string> m_flags;
};

} // namespace edgenas::cli
