// Fuzzes the latency table CSV reader (`edgenas probe` output, device tables, --table). Bad input
// must end in core::InputError; an accepted table must be written and read back equal.
#include "cost/latency_table.h"

#include "rejection.h"

#include "core/errors.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace edgenas;
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    cost::LatencyTable table;
    try {
        table = cost::LatencyTable::read(in, "fuzz.csv");
    } catch (const core::InputError& error) {
        fuzz::explainRejection(error);
        return 0;
    }
    std::ostringstream written;
    table.write(written);
    std::istringstream again(written.str());
    if (!(cost::LatencyTable::read(again, "rewritten.csv") == table)) {
        std::fprintf(stderr, "latency table changed in a round trip; written as:\n%s\n", written.str().c_str());
        std::abort();
    }
    return 0;
}
