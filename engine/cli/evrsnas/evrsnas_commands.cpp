#include "evrsnas_commands.h"

namespace edgenas::cli {

std::vector<MethodCommand> evrsnasCommands() {
    static const char* kOptions =
        R"(evrsnas options:   --settings JSON (method settings, e.g. '{"steps": 10, "batch": 128}')  --config run.json
                   --preset quick|paper (default quick: population 10, 10 generations, 100 evaluations,
                   about 15 min on 2 cores; paper: the notes' 20, 50, 1000, about 2.5 h; the default
                   reference model is trained once first, about 30 min)  --table T.csv
                   --space S  --device D  --dvfs LEVEL  --budget N  --population P  --seed N  --verbose
                   sweep: --quantiles 10,20,...,90   experiment: --architectures N  --seeds N
                   --train-epochs E  --train-subset N  --truth-seeds S  --truth-batch B  --truth-lr X
                   --quantiles 25,50,75  --candidates N  --batch B
                   (search --method evrsnas takes the threshold as --bounds latency=T)
)";
    return {
        {"evrsnas-sweep",
         "  evrsnas-sweep --db FILE      HW-EvRSNAS at nine cost thresholds (quantiles of the space), one run each\n",
         kOptions, runEvrsnasSweep},
        {"evrsnas-experiment",
         "  evrsnas-experiment proxy|random|end-to-end|throughput|feasibility|all --db FILE\n"
         "                               evidence that the RMI proxy and HW-EvRSNAS work, stored and printed\n",
         nullptr, runEvrsnasExperiment},
    };
}

} // namespace edgenas::cli
