#pragma once

#include <string>
#include <vector>

namespace edgenas::cli {

// One function per sub-command; each gets the arguments after the command name, prints its
// result on stdout and returns the exit code. Bad input is thrown as core::InputError.
int runInfo(const std::vector<std::string>& args);
int runSpaces(const std::vector<std::string>& args);
int runSample(const std::vector<std::string>& args);
int runCost(const std::vector<std::string>& args);
int runTrain(const std::vector<std::string>& args);
int runDemo(const std::vector<std::string>& args);
int runSearch(const std::vector<std::string>& args);
int runRuns(const std::vector<std::string>& args);
int runShow(const std::vector<std::string>& args);
int runDevices(const std::vector<std::string>& args);
int runProbe(const std::vector<std::string>& args);
int runValidateLatency(const std::vector<std::string>& args);

} // namespace edgenas::cli
