#include "gram_commands.h"

namespace edgenas::cli {

std::vector<MethodCommand> gramCommands() {
    static const char* kOptions =
        R"(gram-experiment options: --seeds N (default 3)  --methods gram,nsga2,random  --no-width
                   --report (score the finished runs only; start or train nothing)
                   --preset quick|paper (GRAM's; default quick)  --budget N (evaluations per run, all
                   methods alike)  --settings JSON (GRAM settings)  --dataset D  --data-dir DIR
                   --device D  --table T.csv  --channels C  --nodes N  --epochs E  --subset N
                   --threads N  --cache DIR (width-multiplied results; default the artefact folder)
)";
    return {
        {"gram-experiment",
         "  gram-experiment --db FILE    GRAM vs NSGA-II vs random search at equal evaluations on the DAG space,\n"
         "                               and GRAM's pruned family vs width-multiplied graphs; resumable\n",
         kOptions, runGramExperiment},
    };
}

} // namespace edgenas::cli
