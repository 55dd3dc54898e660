#include "hadas_commands.h"

namespace edgenas::cli {

std::vector<MethodCommand> hadasCommands() {
    static const char* kOptions =
        R"(hadas-experiment options: --seeds N (default 3)  --report (score the finished runs only)
                   --preset quick|paper (HADAS's; default quick)  --settings JSON (HADAS settings)
                   --device D (default jetson-agx-xavier)  --dataset D  --data-dir DIR  --threads N
                   --tolerance A (accuracy a dynamic model may lose and still match; default 0.005)
)";
    return {
        {"hadas-experiment",
         "  hadas-experiment --db FILE   HADAS vs random search at equal evaluations (threshold rule, and the\n"
         "                               oracle's upper bound), energy of static vs exits vs exits + DVFS at\n"
         "                               matched accuracy over static powers 5-8 W, supernet tau; resumable\n",
         kOptions, runHadasExperiment},
    };
}

} // namespace edgenas::cli
