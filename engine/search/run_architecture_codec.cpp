#include "run_architecture_codec.h"

#include "run_config.h"
#include "run_space.h"

namespace edgenas::search {

namespace {
// Far more configs than a file's runs use; the cap only bounds a long-lived process.
constexpr std::size_t kMaxSpaces = 64;
} // namespace

std::shared_ptr<const spaces::SearchSpace> RunArchitectureCodec::spaceFor(std::string_view runConfigJson) const {
    std::lock_guard lock(m_mutex);
    if (const auto it = m_spaces.find(runConfigJson); it != m_spaces.end())
        return it->second;
    std::shared_ptr<const spaces::SearchSpace> space;
    try {
        space = makeRunSpace(runConfigFromJson(std::string(runConfigJson)));
    } catch (const std::exception&) {
        // Not a config this build can use (another program's, an unknown space or data set):
        // remembered as such, so every candidate does not parse it again.
    }
    if (m_spaces.size() >= kMaxSpaces)
        m_spaces.clear();
    m_spaces.emplace(std::string(runConfigJson), space);
    return space;
}

std::optional<std::string> RunArchitectureCodec::architectureJson(std::string_view runConfigJson,
                                                                  std::string_view genome) const {
    const std::shared_ptr<const spaces::SearchSpace> space = spaceFor(runConfigJson);
    if (!space || genome.empty())
        return std::nullopt;
    try {
        return candidateArchitectureJson(space->decode(spaces::genomeFromIntList(genome)));
    } catch (const std::exception&) {
        return std::nullopt;  // a genome that does not fit the space
    }
}

} // namespace edgenas::search
