#pragma once

#include "store/architecture_codec.h"

#include "spaces/search_space.h"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace edgenas::search {

/// Rebuilds stored candidates' architecture JSON from their genome: parses the run's config
/// (search::RunConfig JSON), builds its space as the search did and decodes the genome into the
/// same compact JSON the search stores in Candidate::architectureJson. Spaces are built once per
/// config text and shared; thread-safe.
class RunArchitectureCodec : public store::ArchitectureCodec {
public:
    std::optional<std::string> architectureJson(std::string_view runConfigJson,
                                                std::string_view genome) const override;

private:
    /// The space of a config, nullptr when the config names none this build has.
    std::shared_ptr<const spaces::SearchSpace> spaceFor(std::string_view runConfigJson) const;

    mutable std::mutex m_mutex;
    /// By config text (a few per file, and a reader meets few files), capped in spaceFor.
    mutable std::map<std::string, std::shared_ptr<const spaces::SearchSpace>, std::less<>> m_spaces;
};

} // namespace edgenas::search
