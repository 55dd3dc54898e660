#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace edgenas::search {

/// A method's settings text (RunConfig::methodSettingsJson) as a JSON object; empty text is `{}`.
/// Throws core::InputError naming the 'settings' key when it is not valid JSON or not an object,
/// so every method reports a malformed settings block the same way.
nlohmann::json methodSettingsObject(const std::string& text);

/// What a list-of-numbers text setting ("0.75,0.5,0.25") accepts, for its messages.
struct NumberListRule {
    std::string key;         ///< "prune_budgets"
    std::string noun;        ///< "fraction": "'x' is not a fraction between 0 and 1"
    double low = 0.0;
    double high = 1.0;
    bool openEnds = false;   ///< true: low and high themselves are refused
    std::string example;     ///< a whole valid list
    std::string single;      ///< one valid value
};
/// The numbers of such a setting, ascending and without repeats. Throws core::InputError
/// "settings.<key>: '<item>' is not a <noun> between <low> and <high> (write e.g. "<example>")",
/// or "settings.<key>: give at least one <noun>, e.g. "<single>"" for an empty list.
std::vector<double> numberListSetting(const std::string& text, const NumberListRule& rule);

} // namespace edgenas::search
