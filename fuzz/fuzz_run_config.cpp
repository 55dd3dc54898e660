// Fuzzes the run config parser (`edgenas search --config`, the workbench's launch dialog, the
// config stored with each run). Bad input must end in core::InputError and nothing else; a
// config it accepts must come back unchanged through the JSON that is stored with the run.
#include "search/run_config.h"

#include "rejection.h"

#include "core/errors.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace edgenas;
    const std::string text(reinterpret_cast<const char*>(data), size);
    search::RunConfig config;
    try {
        config = search::runConfigFromJson(text);
    } catch (const core::InputError& error) {
        fuzz::explainRejection(error);
        return 0;
    }
    const std::string stored = search::toJson(config);
    const std::string reread = search::toJson(search::runConfigFromJson(stored));
    if (reread != stored) {
        std::fprintf(stderr, "run config changed in a round trip:\n%s\nbecame\n%s\n", stored.c_str(), reread.c_str());
        std::abort();
    }
    return 0;
}
