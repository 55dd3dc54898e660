#pragma once

// Shared set-up for the workbench tests: settings kept in a temporary folder, tiny run configs,
// and evaluators that stand in for training where a test is about the GUI plumbing.

#include "fake_evaluators.h"

#include "search/run_config.h"

#include <QCoreApplication>
#include <QSettings>
#include <QTemporaryDir>

#include <chrono>
#include <memory>
#include <thread>

namespace edgenas::app::test {

/// QSettings of the test process go to `dir`, never to the user's configuration.
inline void isolateSettings(const QTemporaryDir& dir) {
    QCoreApplication::setOrganizationName(QStringLiteral("EdgeNASTest"));
    QCoreApplication::setApplicationName(QStringLiteral("edgenas-workbench-test"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.path());
    QSettings().clear();
}

/// NB201 with C=4, N=1 on accuracy and parameters.
inline search::RunConfig tinyConfig(int evaluations = 24, int population = 6) {
    search::RunConfig c;
    c.space = "nb201";
    c.spaceChannels = 4;
    c.spaceCells = 1;
    c.objectives = {"accuracy", "params"};
    c.evaluations = evaluations;
    c.population = population;
    c.seed = 11;
    c.threads = 1;
    return c;
}

/// Hash accuracy that takes `delay` per candidate, so a run lasts long enough to steer.
class SlowAccuracy : public search::test::HashAccuracy {
public:
    explicit SlowAccuracy(std::chrono::milliseconds delay) : m_delay(delay) {}
    std::vector<core::Metric> evaluate(const core::Architecture& arch, const search::CancelCheck& cancel) override {
        std::this_thread::sleep_for(m_delay);
        if (cancel && cancel())
            throw core::Cancelled();
        return HashAccuracy::evaluate(arch, cancel);
    }

private:
    std::chrono::milliseconds m_delay;
};

class SlowEvaluators : public search::EvaluatorProvider {
public:
    explicit SlowEvaluators(std::chrono::milliseconds delay) : accuracy(delay) {}
    search::CandidateEvaluator& evaluatorFor(const std::string& metric) override {
        if (metric == "accuracy")
            return accuracy;
        if (metric == "macs" || metric == "params")
            return cost;
        throw core::InputError("no test evaluator for " + metric);
    }
    SlowAccuracy accuracy;
    search::CostEvaluator cost;
};

} // namespace edgenas::app::test
