#pragma once

// With EDGENAS_FUZZ_EXPLAIN set, a target prints why each input was rejected: for checking that
// a seed meant to be valid is accepted (`EDGENAS_FUZZ_EXPLAIN=1 build/fuzz/bin/fuzz_X seed`).

#include <cstdio>
#include <cstdlib>
#include <exception>

namespace edgenas::fuzz {

inline void explainRejection(const std::exception& error) {
    static const bool explain = std::getenv("EDGENAS_FUZZ_EXPLAIN") != nullptr;
    if (explain)
        std::fprintf(stderr, "rejected: %s\n", error.what());
}

} // namespace edgenas::fuzz
