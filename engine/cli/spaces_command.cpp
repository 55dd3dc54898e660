#include "cli_support.h"
#include "commands.h"

#include "spaces/space_factory.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>

namespace edgenas::cli {

int runSpaces(const std::vector<std::string>& args) {
    const CommandLine line(args, {"dataset", "channels", "cells", "width", "nodes", "stages", "layout"}, {"json"});
    const spaces::SpaceOptions options = spaceOptionsFrom(line);
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const std::string& name : spaces::knownSpaceNames()) {
        const auto space = spaces::makeSearchSpace(name, options);
        nlohmann::ordered_json choices = nlohmann::ordered_json::array();
        for (int gene = 0; gene < space->geneCount(); ++gene)
            choices.push_back(space->geneChoiceNames(gene));
        list.push_back({{"name", space->name()},
                        {"description", space->description()},
                        {"genes", space->geneCount()},
                        {"size", space->size()},
                        {"choices", choices}});
    }
    if (line.flag("json")) {
        std::printf("%s\n", list.dump(2).c_str());
        return kExitOk;
    }
    for (const auto& s : list) {
        const double size = s["size"].get<double>();
        std::printf("%-10s %3d genes  %s architectures\n  %s\n", s["name"].get<std::string>().c_str(),
                    s["genes"].get<int>(),
                    size < 1e7 ? std::to_string(static_cast<long long>(size)).c_str()
                               : ("~1e" + std::to_string(static_cast<int>(std::floor(std::log10(size))))).c_str(),
                    s["description"].get<std::string>().c_str());
    }
    return kExitOk;
}

} // namespace edgenas::cli
