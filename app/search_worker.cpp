#include "search_worker.h"

#include "stored_generations.h"

#include "search/run_database.h"
#include "search/search_runner.h"
#include "store/run_reader.h"

#include <QStringList>

#include <chrono>
#include <optional>

namespace edgenas::app {

namespace {

QString metricText(const core::Metric& m) {
    QString text = QString::fromStdString(m.name) + QLatin1Char(' ') + QString::number(m.value, 'g', 4);
    if (!m.unit.empty() && m.unit != m.name)
        text += QLatin1Char(' ') + QString::fromStdString(m.unit);
    return text;
}

} // namespace

// Lives on the worker thread for one run; everything it sends is a copy.
class SearchWorker::Observer : public search::SearchObserver {
public:
    Observer(SearchWorker& worker, std::string databasePath)
        : m_worker(worker), m_path(std::move(databasePath)) {}

    void runStarted(std::int64_t runId) override {
        m_runId = runId;
        emit m_worker.runStarted(runId);
        // A resumed run already has committed candidates and generations (hypervolume, method
        // records such as a meta-graph per sweep): send them first, like a replay.
        sendCommitted();
        sendStoredGenerations();
    }

    void candidateEvaluated(const core::Candidate& c) override {
        // A line per candidate helps while each one trains for seconds; a run evaluating hundreds
        // per second would only flood the log, so lines closer than 100 ms are skipped.
        const auto now = Clock::now();
        if (now - m_lastCandidateLine < std::chrono::milliseconds(100))
            return;
        m_lastCandidateLine = now;
        QStringList figures;
        for (const core::Metric& m : c.metrics)
            figures << metricText(m);
        const QString hash = QString::fromStdString(c.hash.substr(0, 10));
        emit m_worker.logLine(int(search::LogLevel::Info),
                              c.status == "failed"
                                  ? SearchWorker::tr("Candidate %1 failed").arg(hash)
                                  : SearchWorker::tr("Evaluated %1 (generation %2): %3")
                                        .arg(hash)
                                        .arg(c.generation)
                                        .arg(figures.join(QStringLiteral(", "))));
    }

    void generationFinished(const search::GenerationSummary& summary) override {
        sendCommitted();
        emit m_worker.generationFinished(summary);
    }

    void logLine(search::LogLevel level, const std::string& message) override {
        emit m_worker.logLine(int(level), QString::fromStdString(message));
    }

    void progress(int done, int total, double fraction) override {
        const auto now = Clock::now();
        if (done < total && now - m_lastProgress < std::chrono::milliseconds(50))
            return;
        m_lastProgress = now;
        emit m_worker.progress(done, total, fraction);
    }

    std::int64_t runId() const { return m_runId; }

private:
    using Clock = std::chrono::steady_clock;

    // Reads what the runner has just committed, so the GUI gets candidates with store ids.
    void sendCommitted() {
        if (m_runId < 0)
            return;
        if (!m_reader)
            m_reader.emplace(search::openRunReader(m_path));
        std::vector<core::Candidate> fresh = m_reader->candidates(m_runId, m_lastId);
        if (fresh.empty())
            return;
        m_lastId = fresh.back().id;
        emit m_worker.candidatesCommitted(fresh);
    }

    void sendStoredGenerations() {
        if (m_runId < 0 || !m_reader)
            return;
        int budget = 0;
        try {
            if (const auto run = m_reader->run(m_runId))
                budget = search::runConfigFromJson(run->configJson).evaluations;
        } catch (const std::exception&) {
            // The runner has just read the same config; a summary without its budget still draws.
        }
        for (const search::GenerationSummary& s : storedGenerationSummaries(*m_reader, m_runId, 0, budget))
            emit m_worker.generationFinished(s);
    }

    SearchWorker& m_worker;
    std::string m_path;
    std::optional<store::RunReader> m_reader;
    std::int64_t m_runId = -1;
    std::int64_t m_lastId = 0;
    Clock::time_point m_lastProgress{};
    Clock::time_point m_lastCandidateLine{};
};

SearchWorker::SearchWorker(std::shared_ptr<search::SearchControl> control, QObject* parent)
    : QObject(parent), m_control(std::move(control)) {}

SearchWorker::~SearchWorker() = default;

void SearchWorker::setEvaluatorProvider(std::shared_ptr<search::EvaluatorProvider> provider) {
    m_provider = std::move(provider);
}

template <typename Work>
void SearchWorker::runGuarded(const QString& databasePath, Work&& work) {
    Observer observer(*this, databasePath.toStdString());
    search::SearchRunner runner(databasePath.toStdString(), *m_control, observer);
    if (m_provider)
        runner.setEvaluatorProvider(m_provider);
    // Nothing may escape a slot: every engine error ends the run with a message the GUI shows.
    try {
        const search::RunResult result = work(runner);
        emit finished(result.runId, QString::fromStdString(result.status), QString());
    } catch (const std::exception& e) {
        emit finished(observer.runId(), QStringLiteral("failed"), QString::fromStdString(e.what()));
    } catch (...) {
        emit finished(observer.runId(), QStringLiteral("failed"), tr("unknown error in the search engine"));
    }
}

void SearchWorker::startRun(const QString& databasePath, const search::RunConfig& config, const QString& runName) {
    runGuarded(databasePath, [&](search::SearchRunner& runner) { return runner.start(config, runName.toStdString()); });
}

void SearchWorker::resumeRun(const QString& databasePath, qint64 runId, int threads) {
    runGuarded(databasePath, [&](search::SearchRunner& runner) { return runner.resume(runId, threads); });
}

} // namespace edgenas::app
