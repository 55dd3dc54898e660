#include "openmp_policy.h"

#include <cstdlib>

#include <unistd.h>

namespace edgenas::app {

void restartWithPassiveOpenMp(char** argv) {
    if (!argv || !argv[0] || std::getenv("OMP_WAIT_POLICY"))
        return;
    setenv("OMP_WAIT_POLICY", "passive", 1);
    execv("/proc/self/exe", argv);  // returns only on failure: then carry on as we are
}

} // namespace edgenas::app
