#pragma once

#include "cli/method_command.h"

#include <string>
#include <vector>

namespace edgenas::cli {

int runGramExperiment(const std::vector<std::string>& args);

/// gram-experiment with its help.
std::vector<MethodCommand> gramCommands();

} // namespace edgenas::cli
