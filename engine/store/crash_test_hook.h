#pragma once

#include <cstdint>
#include <string_view>

namespace edgenas::store {

/// TEST HOOK, off by default: lets a crash test (tests/engine/search/crash_loop.py) freeze a
/// writer at an exact moment of a generation commit and kill it there, instead of hoping a timed
/// kill lands inside a few milliseconds of work. With the environment variable
/// EDGENAS_TEST_STOP_AT=POINT:GENERATION set, the process stops itself with SIGSTOP when it
/// reaches that point of that generation's commit, after printing one line naming it on stderr.
/// Points: "before-commit" (nothing of the generation written yet), "inside-commit" (all rows
/// inserted, the transaction not yet committed), "after-commit" (committed, nothing else done).
/// Without the variable (every normal run) this is one getenv per commit and nothing else.
void crashTestHook(std::string_view point, std::int64_t generation);

/// TEST HOOK, off by default: lets a disk-trouble test (tests/engine/search/
/// test_search_disk_trouble.cpp) make a run's database read-only in the middle of a generation's
/// commit, which a test cannot do to a file that is already open (chmod does not reach an open
/// file; remounting a file system read-only needs root and fails while files are open for
/// writing). True when the environment variable EDGENAS_TEST_READ_ONLY_AT=GENERATION names this
/// generation: the caller then makes its connection refuse every write from here on, as SQLite
/// does once the file or its file system has become read-only.
bool readOnlyTestHook(std::int64_t generation);

} // namespace edgenas::store
