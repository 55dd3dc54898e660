#include "cli_support.h"
#include "commands.h"

#include "data/dataset_spec.h"
#include "models/torch_runtime.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <thread>

namespace edgenas::cli {

int runInfo(const std::vector<std::string>& args) {
    const CommandLine line(args, {"threads", "data-dir"}, {"json"});
    const int threads = applyThreadOption(line);

    nlohmann::ordered_json datasets = nlohmann::ordered_json::array();
    for (const std::string& name : data::knownDatasetNames()) {
        data::DatasetSpec spec{name, line.text("data-dir", "")};
        const std::string directory = spec.directory.empty() ? data::defaultDatasetDirectory(name) : spec.directory;
        const bool found = !directory.empty() && data::datasetAvailable(spec);
        datasets.push_back({{"name", name}, {"directory", directory}, {"found", found}});
    }
    nlohmann::ordered_json info{
        {"edgenas", EDGENAS_VERSION},
        {"libtorch", models::torchVersion()},
        {"threads", threads},
        {"cores", std::thread::hardware_concurrency()},
        {"blas", models::blasLibrary()},
        {"reference_blas", models::usingReferenceBlas()},
        {"datasets", datasets},
    };
    if (line.flag("json")) {
        std::printf("%s\n", info.dump(2).c_str());
        return kExitOk;
    }
    std::printf("edgenas     %s\n", EDGENAS_VERSION);
    std::printf("LibTorch    %s\n", models::torchVersion().c_str());
    std::printf("threads     %d of %u cores\n", threads, std::thread::hardware_concurrency());
    std::printf("BLAS        %s\n", models::blasLibrary().c_str());
    if (models::usingReferenceBlas())
        std::printf("            warning: the reference BLAS is ~50x slower; install libopenblas0-openmp\n");
    std::printf("data sets\n");
    for (const auto& d : datasets) {
        const std::string dir = d["directory"].get<std::string>();
        std::printf("  %-14s %-9s %s\n", d["name"].get<std::string>().c_str(),
                    d["found"].get<bool>() ? "found" : "not found",
                    dir.empty() ? "(name a folder with --data-dir)" : dir.c_str());
    }
    return kExitOk;
}

} // namespace edgenas::cli
