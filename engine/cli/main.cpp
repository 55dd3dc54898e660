// edgenas: the headless command line of EdgeNAS Workbench (engine only, no GUI libraries).

#include "cli_support.h"
#include "commands.h"
#include "method_command.h"

#include "search/method_help.h"

#include "core/errors.h"
#include "models/torch_runtime.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#ifndef EDGENAS_VERSION
#define EDGENAS_VERSION "0.0.0"
#endif

namespace {

using namespace edgenas;

constexpr const char* kCommandsUsage = R"(usage: edgenas <command> [options]

commands:
  info                         LibTorch version, threads, BLAS in use, data sets found
  spaces                       the search spaces and their sizes
  sample --space S --seed N    print a random architecture of a space as JSON
  cost ARCH.json               MACs, parameters, peak memory and measured host latency
  train ARCH.json              train and evaluate an architecture on a data set
  demo                         a short default run on Fashion-MNIST: sample, train, measure, compare
  devices                      device profiles: operating points, peak figures, sources
  probe --space S --out T.csv  measure a per-operator latency table on this machine
  validate-latency --space S   table-predicted vs measured host latency (MAPE, Spearman rho)
  search --db FILE ...         multi-objective architecture search, every candidate stored in FILE
  runs --db FILE               the runs stored in a database
  show RUN --db FILE           a run's Pareto front
)";

constexpr const char* kOptionsUsage = R"(
common options:
  --threads N      LibTorch threads (default: all cores)
  --json           machine-readable output where a command supports it
  --help           help for a command: edgenas <command> --help

sample options:    --space nb201|mobilenet|dag|attentive  --seed N  --dataset D  --channels C  --cells N  --width W
                   --nodes N  --stages S (dag)  --layout reduced|full (attentive)  --out FILE
cost options:      --no-latency  --batch B  --warmup N  --repeats N  --per-node
                   --device D  --dvfs LEVEL  --table T.csv  (predicted latency and energy on a device;
                   host energy is measured where the package energy counter is readable, see
                   --powercap-root DIR, default /sys/class/powercap; elsewhere it is modelled)
devices options:   --json  --devices-dir DIR  --powercap-root DIR
train options:     --dataset fashion-mnist|cifar10|cifar100  --data-dir DIR  --epochs E  --subset N
                   --batch B  --optimizer sgd|adam  --lr X  --seed N  --save-weights FILE  --test
demo options:      --samples N  --epochs E  --subset N  --seed N  --out DIR
search options:    --method M (see edgenas search --help)  --preset P  --set KEY=VALUE  --settings JSON
                   --space nb201|mobilenet|dag|attentive  --objectives accuracy,latency  --device D
                   --dvfs LEVEL  --bounds latency=12,accuracy>=0.8  --budget N  --population P  --seed N
                   --epochs E  --subset N  --validation-subset N  --channels C  --cells N  --width W
                   --nodes N  --stages S (dag)  --layout reduced|full (attentive)  --config run.json (flags override it)  --name TEXT  --resume RUN (continue a run)
runs/show options: --json
)";

constexpr const char* kExitUsage = R"(
exit status: 0 success, 1 failure while working, 2 bad usage or input, 130 interrupted
)";

struct Command {
    const char* name;
    int (*run)(const std::vector<std::string>&);
};

constexpr Command kCommands[] = {
    {"info", cli::runInfo},   {"spaces", cli::runSpaces}, {"sample", cli::runSample},
    {"cost", cli::runCost},   {"train", cli::runTrain},   {"demo", cli::runDemo},
    {"search", cli::runSearch}, {"runs", cli::runRuns},   {"show", cli::runShow},
    {"devices", cli::runDevices}, {"probe", cli::runProbe}, {"validate-latency", cli::runValidateLatency},
};

// The whole help: built-in commands, then each method's own (cli::methodCommands()).
void printUsage(std::FILE* out) {
    std::fputs(kCommandsUsage, out);
    for (const cli::MethodCommand& command : cli::methodCommands())
        std::fputs(command.usage, out);
    std::fputs(kOptionsUsage, out);
    for (const cli::MethodCommand& command : cli::methodCommands())
        if (command.options)
            std::fputs(command.options, out);
    std::fputs(kExitUsage, out);
}

// A built-in command or a method's; null when there is none of that name.
int (*findCommand(const std::string& name))(const std::vector<std::string>&) {
    for (const Command& command : kCommands)
        if (name == command.name)
            return command.run;
    for (const cli::MethodCommand& command : cli::methodCommands())
        if (name == command.name)
            return command.run;
    return nullptr;
}

} // namespace

int main(int argc, char** argv) {
    models::restartWithPassiveOpenMp(argc > 0 ? argv : nullptr);
    // Under a file size limit (ulimit -f) the kernel would kill the process with SIGXFSZ in the
    // middle of a write. Ignored, the write fails with EFBIG instead, and the run database
    // reports it like a full disk: the run stops with a message and can be resumed.
    std::signal(SIGXFSZ, SIG_IGN);
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        printUsage(args.empty() ? stderr : stdout);
        return args.empty() ? cli::kExitUsage : cli::kExitOk;
    }
    if (args[0] == "--version") {
        std::printf("edgenas %s\n", EDGENAS_VERSION);
        return cli::kExitOk;
    }
    if (const auto run = findCommand(args[0])) {
        const std::string name = args[0];
        std::vector<std::string> rest(args.begin() + 1, args.end());
        for (const auto& arg : rest)
            if (arg == "--help" || arg == "-h") {
                printUsage(stdout);
                if (name == "search")  // the methods, their presets and settings
                    std::printf("\n%s", search::describeRegisteredMethods().c_str());
                return cli::kExitOk;
            }
        try {
            return run(rest);
        } catch (const core::Cancelled&) {
            std::fprintf(stderr, "edgenas: interrupted\n");
            return cli::kExitInterrupted;
        } catch (const core::InputError& e) {
            std::fprintf(stderr, "edgenas %s: %s\n", name.c_str(), e.what());
            return cli::kExitUsage;
        } catch (const core::DatasetError& e) {
            std::fprintf(stderr, "edgenas %s: %s\n", name.c_str(), e.what());
            return cli::kExitUsage;
        } catch (const core::ArchitectureError& e) {
            std::fprintf(stderr, "edgenas %s: invalid architecture: %s\n", name.c_str(), e.what());
            return cli::kExitUsage;
        } catch (const std::exception& e) {
            // LibTorch errors carry a C++ backtrace after the first line; the first line is the reason.
            std::string message = e.what();
            if (auto nl = message.find('\n'); nl != std::string::npos)
                message.resize(nl);
            std::fprintf(stderr, "edgenas %s: %s\n", name.c_str(), message.c_str());
            return cli::kExitFailure;
        }
    }
    std::fprintf(stderr, "edgenas: unknown command '%s' (try edgenas --help)\n", args[0].c_str());
    return cli::kExitUsage;
}
