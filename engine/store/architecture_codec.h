#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace edgenas::store {

/// Rebuilds a candidate's architecture JSON from its genome and its run's config. The store knows
/// no search spaces, so whoever does (the search) supplies one; with it, RunStore keeps the genome
/// alone for candidates of a space (their JSON, 5-8 KB each, is most of a candidate's bytes) and
/// RunReader rebuilds the JSON on read.
///
/// Implementations are shared between a writer and readers on other threads: the call must be
/// thread-safe.
class ArchitectureCodec {
public:
    virtual ~ArchitectureCodec() = default;

    /// The architecture JSON of `genome` in the run configured by `runConfigJson`, byte for byte
    /// what the search put into Candidate::architectureJson; nullopt when it cannot be derived
    /// (the config names no known space, the genome does not fit it, ...). Never throws for bad
    /// input.
    virtual std::optional<std::string> architectureJson(std::string_view runConfigJson,
                                                        std::string_view genome) const = 0;
};

} // namespace edgenas::store
