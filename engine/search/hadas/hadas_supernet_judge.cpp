#include "hadas_supernet_judge.h"

#include "hadas_supernet.h"

#include "data/dataset_spec.h"
#include "search/search_context.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <optional>

namespace edgenas::search {

namespace {

std::string formatted(const char* format, auto... values) {
    char text[256];
    std::snprintf(text, sizeof text, format, values...);
    return text;
}

class SupernetJudge final : public HadasJudge {
public:
    SupernetJudge(SearchContext& context, const HadasSettings& settings) : m_context(context) {
        const auto* space = dynamic_cast<const spaces::AttentiveSpace*>(&context.space());
        const RunConfig& config = context.config();
        HadasSupernetSettings s;
        s.epochs = settings.supernetEpochs;
        s.trainSubset = settings.supernetSubset;
        s.headEpochs = settings.headEpochs;
        s.headWidth = settings.headWidth;
        s.calibrationBatches = settings.recalibrationBatches;
        s.validationSubset = settings.validationSubset;
        if (settings.fidelitySubnets > 0)
            s.fidelitySubnets = settings.fidelitySubnets;
        s.fidelityEpochs = settings.fidelityEpochs;
        s.threads = config.threads;
        s.validate();
        m_headWidth = settings.headWidth;
        const data::DatasetSpec spec{config.dataset, config.datasetDirectory};
        auto train = std::make_shared<const data::Dataset>(data::loadDataset(spec, data::DatasetPart::Train));
        auto test = std::make_shared<const data::Dataset>(data::loadDataset(spec, data::DatasetPart::Test));
        const bool cached = HadasSupernet::isCached(*space, *train, s);
        context.log(LogLevel::Info,
                    cached ? "hadas: loading the supernet " + HadasSupernet::keyFor(*space, *train, s) + " from the cache"
                           : formatted("hadas: training the weight-sharing supernet (sandwich rule, %d epochs on %d "
                                       "images; a one-time cost, kept in the cache and resumed if interrupted)",
                                       s.epochs, s.trainSubset));
        m_supernet = HadasSupernet::obtain(*space, train, test, s, {}, progress(), cancel());
        if (settings.fidelitySubnets > 0) {
            context.log(LogLevel::Info, formatted("hadas: supernet fidelity over %d subnets (stand-alone training, "
                                                  "%d epochs each; cached)", s.fidelitySubnets, s.fidelityEpochs));
            m_fidelity = m_supernet->fidelity(progress(), cancel());
            context.log(LogLevel::Info,
                        formatted("hadas: supernet fidelity: Kendall tau %.3f [%.3f, %.3f] over %zu subnets; spread of "
                                  "inherited accuracies sd %.4f (stand-alone %.4f)",
                                  m_fidelity->kendallTau, m_fidelity->tauLow, m_fidelity->tauHigh,
                                  m_fidelity->subnets.size(), m_fidelity->inheritedSd, m_fidelity->standaloneSd));
        }
    }

    double validationAccuracy(const spaces::AttentiveBackbone& b) override {
        return m_supernet->validationAccuracy(b, cancel());
    }
    double testAccuracy(const spaces::AttentiveBackbone& b) override { return m_supernet->testAccuracy(b, cancel()); }
    HadasExitTables exitTables(const spaces::AttentiveBackbone& b, const std::vector<int>& blocks) override {
        auto [validation, test] = m_supernet->exitTables(b, blocks, m_headWidth, progress(), cancel());
        return {std::move(validation), std::move(test)};
    }
    std::string description() const override {
        return formatted("supernet %s (%d epochs on %d images, inherited weights after BN recalibration)",
                         m_supernet->key().c_str(), m_supernet->settings().epochs, m_supernet->settings().trainSubset);
    }
    std::string summaryJson() const override {
        nlohmann::json j{{"key", m_supernet->key()},
                         {"from_cache", m_supernet->fromCache()},
                         {"epochs", m_supernet->settings().epochs},
                         {"train_subset", m_supernet->settings().trainSubset},
                         {"epoch_losses", m_supernet->epochLosses()},
                         {"seconds_per_epoch", m_supernet->secondsPerEpoch()},
                         {"validation_images", m_supernet->validationIndices().size()}};
        if (m_fidelity) {
            nlohmann::json subnets = nlohmann::json::array();
            for (const FidelitySubnet& s : m_fidelity->subnets)
                subnets.push_back({{"macs", s.macs}, {"inherited", s.inheritedAccuracy}, {"standalone", s.standaloneAccuracy}});
            j["fidelity"] = {{"kendall_tau", m_fidelity->kendallTau},
                             {"tau_low", m_fidelity->tauLow},
                             {"tau_high", m_fidelity->tauHigh},
                             {"inherited_sd", m_fidelity->inheritedSd},
                             {"standalone_sd", m_fidelity->standaloneSd},
                             {"subnets", subnets}};
        }
        return j.dump();
    }

private:
    HadasSupernet::Cancel cancel() const {
        return [this] { return m_context.control().stopRequested(); };
    }
    HadasSupernet::Progress progress() const {
        return [this](const HadasSupernetProgress& p) {
            // One line per finished epoch (and per fidelity subnet): enough to follow a long job.
            if (p.steps > 0 && p.step + 1 < p.steps)
                return;
            m_context.log(LogLevel::Info, formatted("hadas: %s epoch %d of %d, loss %.4f", p.phase.c_str(), p.epoch,
                                                    p.epochs, p.loss));
        };
    }

    SearchContext& m_context;
    std::unique_ptr<HadasSupernet> m_supernet;
    std::optional<FidelityReport> m_fidelity;
    int m_headWidth = 32;
};

} // namespace

std::unique_ptr<HadasJudge> makeSupernetJudge(SearchContext& context, const HadasSettings& settings) {
    return std::make_unique<SupernetJudge>(context, settings);
}

} // namespace edgenas::search
