#pragma once

#include "search/method_descriptor.h"
#include "search/search_method.h"

#include "spaces/rng.h"

#include <string>
#include <vector>

namespace edgenas::search {

struct RandomSearchSettings {
    /// Draws per wanted network before a batch gives up on finding an unseen one (a small space
    /// can run out).
    int duplicateRetries = 50;
};

/// Parses {"duplicate_retries": n}; throws core::InputError naming "settings.<key>".
RandomSearchSettings randomSearchSettingsFromJson(const std::string& json);
const std::vector<SettingDescriptor>& randomSearchSettingsSchema();

/// The baseline every comparison needs: networks drawn uniformly from the space, a population's
/// worth per generation, none evaluated twice, until the budget is spent. Its working set is the
/// feasible front of everything seen so far.
class RandomSearch : public SearchMethod {
public:
    explicit RandomSearch(RandomSearchSettings settings = {});

    std::string name() const override { return "random"; }
    void initialise(SearchContext& context) override;
    void restore(SearchContext& context, const std::string& stateJson) override;
    void step(SearchContext& context) override;
    std::string saveState() const override;
    void applySteering(SearchContext& context) override;
    void inject(SearchContext& context, const std::string& hash) override;
    bool finished(const SearchContext& context) const override;
    std::vector<std::string> population() const override { return m_front; }

private:
    void drawBatch(SearchContext& context);

    RandomSearchSettings m_settings;
    spaces::Rng m_rng{1};
    std::vector<std::string> m_front;
    bool m_exhausted = false;
};

} // namespace edgenas::search
