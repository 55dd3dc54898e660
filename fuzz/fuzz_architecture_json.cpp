// Fuzzes the architecture JSON parser, shape inference included (`edgenas cost`, the
// workbench's import, stored candidates). Bad input must end in core::InputError; an accepted
// architecture must be written and read back to the same text.
#include "core/architecture_json.h"

#include "rejection.h"

#include "core/errors.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace edgenas;
    core::Architecture architecture;
    try {
        architecture = core::architectureFromJson(std::string_view(reinterpret_cast<const char*>(data), size));
    } catch (const core::InputError& error) {
        fuzz::explainRejection(error);
        return 0;
    }
    const std::string written = core::toJson(architecture);
    const std::string rewritten = core::toJson(core::architectureFromJson(written));
    if (rewritten != written) {
        std::fprintf(stderr, "architecture changed in a round trip:\n%s\nbecame\n%s\n", written.c_str(),
                     rewritten.c_str());
        std::abort();
    }
    return 0;
}
