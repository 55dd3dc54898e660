#pragma once

#include "candidate_evaluator.h"
#include "run_config.h"

#include "cost/latency_table.h"
#include "data/dataset.h"

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace edgenas::search {

/// The run's latency table (config key device.table), or none. Throws core::InputError naming
/// the file when it is missing, damaged or measured on another device than the run's.
std::optional<cost::LatencyTable> loadLatencyTable(const RunConfig& config);

/// The evaluators a real run uses, built on first need from the run's config: accuracy by
/// short training (the data set is loaded once and shared), MACs/params by counting,
/// latency/energy on the device from its latency table (config key device.table), else on the
/// host by timing each network, else from the device model (see DeviceEvaluator). This is the
/// one place that maps metrics to evaluators.
class DefaultEvaluators : public EvaluatorProvider {
public:
    explicit DefaultEvaluators(RunConfig config);
    CandidateEvaluator& evaluatorFor(const std::string& metric) override;

    /// Lets a caller (or a test) share an already loaded training set.
    void setTrainSet(std::shared_ptr<const data::Dataset> trainSet) { m_trainSet = std::move(trainSet); }

private:
    RunConfig m_config;
    std::shared_ptr<const data::Dataset> m_trainSet;
    std::map<std::string, std::unique_ptr<CandidateEvaluator>> m_byKind;
};

} // namespace edgenas::search
