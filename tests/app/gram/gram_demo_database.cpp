// Writes a run database with a hand-made GRAM run (ten sweeps of an 8-node meta-graph, pruning
// and a family) for screenshots of the workbench's meta-graph panel:
//   gram_demo_database runs.sqlite && edgenas-workbench runs.sqlite --run 1

#include "gram/gram_test_run.h"

#include <exception>
#include <iostream>

int main(int argc, char* argv[]) {
    if (argc != 2) {
        std::cerr << "usage: gram_demo_database DATABASE\n";
        return 2;
    }
    try {
        const auto run = edgenas::app::test::writeGramRun(argv[1], "gram", 10, 8, 7, "finished", 10);
        std::cout << "run " << run.runId << " written to " << argv[1] << "\n";
    } catch (const std::exception& e) {
        std::cerr << "gram_demo_database: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
