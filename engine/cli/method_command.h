#pragma once

#include <string>
#include <vector>

namespace edgenas::cli {

/// A sub-command a method brings along (HW-EvRSNAS's sweep and experiments), with its lines of
/// the help text. Methods list theirs in their folder under engine/cli/; registered_commands.cpp
/// is the one list that gathers them.
struct MethodCommand {
    const char* name;
    const char* usage;    ///< lines for the command list, each starting with two spaces
    const char* options;  ///< lines for the options section; may be null
    int (*run)(const std::vector<std::string>& args);
};

/// Every method's commands, in registration order.
const std::vector<MethodCommand>& methodCommands();

} // namespace edgenas::cli
