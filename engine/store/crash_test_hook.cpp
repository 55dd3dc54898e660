#include "crash_test_hook.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace edgenas::store {

void crashTestHook(std::string_view point, std::int64_t generation) {
    const char* wanted = std::getenv("EDGENAS_TEST_STOP_AT");
    if (!wanted || !*wanted)
        return;
    const std::string here = std::string(point) + ":" + std::to_string(generation);
    if (here != wanted)
        return;
    std::fprintf(stderr, "edgenas test hook: stopped at %s of generation %lld\n", std::string(point).c_str(),
                 static_cast<long long>(generation));
    std::fflush(stderr);
    // SIGSTOP, not an exit: the test sees the process frozen at this point, can read the
    // database as it is now, and then kills it with SIGKILL itself. SIGCONT would carry on.
    std::raise(SIGSTOP);
}

bool readOnlyTestHook(std::int64_t generation) {
    const char* wanted = std::getenv("EDGENAS_TEST_READ_ONLY_AT");
    if (!wanted || !*wanted || std::to_string(generation) != wanted)
        return false;
    std::fprintf(stderr, "edgenas test hook: the database turns read-only in generation %lld\n",
                 static_cast<long long>(generation));
    std::fflush(stderr);
    return true;
}

} // namespace edgenas::store
