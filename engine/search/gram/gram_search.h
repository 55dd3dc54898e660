#pragma once

#include "gram_records.h"
#include "gram_settings.h"
#include "meta_graph.h"
#include "structure_pruning.h"

#include "search/search_method.h"

#include "core/rng.h"
#include "spaces/dag_cell.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace edgenas::search {

/// GRAM (SwiftNet, Cheng et al. 2019) on the DAG space: a node-wise Gibbs search whose proposals
/// come from a meta-graph that accumulates graph-propagation credit, then structure-level pruning
/// of the meta-graph's most probable graph into a family of models at fractions of its MACs.
///
/// Generation 0 scores the complete DAG (where the chain starts). Every later generation is one
/// sweep: nodes in random order; for each, K variants of its in-edges and operator drawn from the
/// meta-graph with the rest fixed, scored by the reward, credited to the meta-graph, and the chain
/// moves to a variant (or stays) by a softmax over advantages. The reward is
///   R = sum of maximised objectives - lambda * sum over minimised ones of log10(value / value of
///       the complete DAG) - (1 + violation) if a bound is broken,
/// so with the default objectives it is accuracy (trained as the run's config says) minus a
/// latency term; advantages are normalised by a running spread, so eta and T do not depend on the
/// reward's scale. The search stops on the sweep limit, low edge entropy or the budget; one more
/// generation prunes, evaluates the family (beyond the budget), measures it on the test split and
/// stores the pruning record. The meta-graph after every sweep is stored as a run record.
class GramSearch : public SearchMethod {
public:
    /// Replaces the reward (tests: a synthetic reward with a known optimum). Called with the
    /// candidate's cell and the evaluated candidate.
    using RewardOverride = std::function<double(const spaces::DagCell&, const core::Candidate&)>;

    explicit GramSearch(GramSettings settings = {}, RewardOverride reward = {});

    std::string name() const override { return "gram"; }
    void initialise(SearchContext& context) override;
    void restore(SearchContext& context, const std::string& stateJson) override;
    void step(SearchContext& context) override;
    std::string saveState() const override;
    void applySteering(SearchContext& context) override;
    void inject(SearchContext& context, const std::string& hash) override;
    bool finished(const SearchContext& context) const override;
    std::vector<std::string> population() const override;
    std::vector<core::ResultRecord> takeRunRecords() override;
    std::vector<std::string> reportedNetworks() const override { return m_familyHashes; }

    const MetaGraph& metaGraph() const { return m_meta; }
    const spaces::DagCell& current() const { return m_current; }
    int sweeps() const { return m_sweeps; }
    bool searchDone() const { return m_searchDone; }
    /// The reward of a candidate under the current objectives; NaN for a failed one.
    double reward(SearchContext& context, const std::string& hash);

private:
    void prepare(SearchContext& context);
    void sweep(SearchContext& context);
    void visitNode(SearchContext& context, int node);
    double advantage(double reward);
    void prune(SearchContext& context);
    void recordSweep(SearchContext& context, int variantsScored, int variantsNew);
    void checkStop(SearchContext& context);

    GramSettings m_settings;
    RewardOverride m_rewardOverride;
    core::Rng m_rng;
    MetaGraph m_meta;
    int m_nodes = 0;
    spaces::DagCell m_current;
    std::string m_currentHash;
    std::string m_startHash;
    std::map<std::string, double> m_startCosts;  ///< per minimised metric, of the complete DAG
    std::string m_bestHash;
    double m_bestReward = 0.0;
    double m_baseline = 0.0;
    double m_spread = 0.0;
    long long m_rewardsSeen = 0;
    int m_sweeps = 0;
    bool m_searchDone = false;
    bool m_pruned = false;
    std::string m_stopReason;
    std::vector<std::string> m_familyHashes;
    std::string m_pruningJson = "null";

    // Per sweep, not saved.
    int m_variantsScored = 0;
    int m_variantsNew = 0;
    std::vector<core::ResultRecord> m_pendingRecords;
};

} // namespace edgenas::search
