#pragma once

#include "core/candidate.h"

#include <string>
#include <vector>

namespace edgenas::search {

class SearchContext;

/// The interface every search method implements; each lives in its own folder and registers a
/// MethodDescriptor (method_descriptor.h) in registered_methods.cpp.
/// The runner calls initialise() or restore(), then step() until finished(), committing one
/// generation to the store after each call together with saveState(). All randomness must live
/// in the saved state, so that restore(saveState()) continues exactly as the original would have.
class SearchMethod {
public:
    virtual ~SearchMethod() = default;
    virtual std::string name() const = 0;

    /// Generation 0: usually the initial population.
    virtual void initialise(SearchContext& context) = 0;
    /// Picks up from the state saved with the last committed generation; the context's cache
    /// already holds every stored candidate.
    virtual void restore(SearchContext& context, const std::string& stateJson) = 0;
    /// One generation.
    virtual void step(SearchContext& context) = 0;
    virtual std::string saveState() const = 0;

    /// Objectives or bounds changed (by steering): re-score whatever the method keeps.
    virtual void applySteering(SearchContext& context) = 0;
    /// A user-chosen candidate (already evaluated, by hash) to consider from the next step on.
    virtual void inject(SearchContext& context, const std::string& hash) = 0;

    virtual bool finished(const SearchContext& context) const = 0;
    /// Hashes of the current population (or what the method considers its working set).
    virtual std::vector<std::string> population() const = 0;

    /// Per-run method state to store with the generation about to be committed (GRAM's meta-graph
    /// after a sweep); handed over once. Views read it back to replay the run.
    virtual std::vector<core::ResultRecord> takeRunRecords() { return {}; }
    /// The networks the finished run returns, measured on the test split by the framework; empty =
    /// the run's feasible front. GRAM returns its pruned family.
    virtual std::vector<std::string> reportedNetworks() const { return {}; }
};

} // namespace edgenas::search
