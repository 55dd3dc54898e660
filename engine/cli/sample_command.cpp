#include "cli_support.h"
#include "commands.h"

#include "core/architecture_json.h"
#include "core/errors.h"
#include "spaces/space_factory.h"

#include <cstdio>

namespace edgenas::cli {

int runSample(const std::vector<std::string>& args) {
    std::set<std::string> options = kSpaceOptions;
    options.insert({"seed", "out", "genome"});
    const CommandLine line(args, options, {});
    if (!line.positionals().empty())
        throw core::InputError("unexpected argument '" + line.positionals().front() + "'");
    if (!line.has("space"))
        throw core::InputError("missing --space (one of: nb201, mobilenet; see edgenas spaces)");
    const auto space = spaces::makeSearchSpace(line.text("space", ""), spaceOptionsFrom(line));
    spaces::Genome genome;
    if (auto text = line.value("genome")) {
        genome = space->genomeFromString(*text);
    } else {
        spaces::Rng rng(static_cast<std::uint64_t>(line.integer("seed", 1, 0, (1LL << 62))));
        genome = space->sample(rng);
    }
    const core::Architecture arch = space->decode(genome);
    if (auto out = line.value("out")) {
        core::saveArchitectureFile(arch, *out);
        std::fprintf(stderr, "wrote %s (%s)\n", out->c_str(), space->genomeToString(genome).c_str());
    } else {
        std::printf("%s\n", core::toJson(arch).c_str());
    }
    return kExitOk;
}

} // namespace edgenas::cli
