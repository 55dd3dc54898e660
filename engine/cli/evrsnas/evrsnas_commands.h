#pragma once

#include "cli/method_command.h"

#include <vector>

namespace edgenas::cli {

int runEvrsnasSweep(const std::vector<std::string>& args);
int runEvrsnasExperiment(const std::vector<std::string>& args);

/// evrsnas-sweep and evrsnas-experiment with their help.
std::vector<MethodCommand> evrsnasCommands();

} // namespace edgenas::cli
