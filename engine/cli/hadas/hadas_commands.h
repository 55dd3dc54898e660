#pragma once

#include "cli/method_command.h"

#include <string>
#include <vector>

namespace edgenas::cli {

int runHadasExperiment(const std::vector<std::string>& args);

/// hadas-experiment with its help.
std::vector<MethodCommand> hadasCommands();

} // namespace edgenas::cli
