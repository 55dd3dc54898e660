#include "method_report.h"

#include "method_registry.h"

namespace edgenas::search {

std::vector<std::string> methodReportLines(const store::RunReader& reader, std::int64_t runId) {
    const auto run = reader.run(runId);
    const MethodDescriptor* method = run ? MethodRegistry::global().find(run->method) : nullptr;
    if (!method || !method->reportLines)
        return {};
    const auto last = reader.lastGeneration(runId);
    try {
        return method->reportLines(run->configJson, last ? last->stateJson : std::string());
    } catch (const std::exception&) {
        return {};
    }
}

} // namespace edgenas::search
