#include "search_runner.h"

#include "default_evaluators.h"
#include "method_registry.h"
#include "objective_scorer.h"
#include "run_database.h"
#include "run_space.h"
#include "search_context.h"
#include "test_split_report.h"

#include "core/architecture_json.h"
#include "core/errors.h"
#include "cost/device_catalog.h"
#include "models/torch_runtime.h"
#include "spaces/space_factory.h"
#include "store/database_file_checks.h"
#include "store/run_writer_lock.h"
#include "store/schema.h"
#include "store/sqlite_connection.h"
#include "store/store_error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

namespace edgenas::search {

namespace {

using nlohmann::json;

bool needsDevice(const ObjectiveScorer& scorer) {
    for (const auto& metric : scorer.requiredMetrics())
        if (metric == "latency_ms" || metric == "energy_mj")
            return true;
    return false;
}

std::string steeringMessage(const SteeringAction& a) {
    switch (a.kind) {
    case SteeringAction::Kind::SetConstraint: return "bound " + a.name + " <= " + json(a.value).dump();
    case SteeringAction::Kind::ClearConstraint: return "bound on " + a.name + " removed";
    case SteeringAction::Kind::SetLowerBound: return "bound " + a.name + " >= " + json(a.value).dump();
    case SteeringAction::Kind::ClearLowerBound: return "floor on " + a.name + " removed";
    case SteeringAction::Kind::SetObjectives: return "objectives " + json(a.objectives).dump();
    case SteeringAction::Kind::InjectCandidate: return "candidate injected";
    }
    return {};
}

// A run is resumed from wherever its user happens to be: relative file and folder paths are
// resolved once, against the directory the run started in, before the config is stored.
RunConfig withAbsolutePaths(RunConfig config) {
    for (std::string* path : {&config.latencyTable, &config.datasetDirectory})
        if (!path->empty())
            *path = std::filesystem::absolute(*path).lexically_normal().string();
    return config;
}

json steeringPayload(const SteeringAction& a, int generation) {
    json p{{"generation", generation}};
    switch (a.kind) {
    case SteeringAction::Kind::SetConstraint: p.update({{"action", "set_constraint"}, {"metric", a.name}, {"bound", a.value}}); break;
    case SteeringAction::Kind::ClearConstraint: p.update({{"action", "clear_constraint"}, {"metric", a.name}}); break;
    case SteeringAction::Kind::SetLowerBound: p.update({{"action", "set_lower_bound"}, {"metric", a.name}, {"bound", a.value}}); break;
    case SteeringAction::Kind::ClearLowerBound: p.update({{"action", "clear_lower_bound"}, {"metric", a.name}}); break;
    case SteeringAction::Kind::SetObjectives: p.update({{"action", "set_objectives"}, {"objectives", a.objectives}}); break;
    case SteeringAction::Kind::InjectCandidate: p.update({{"action", "inject"}}); break;
    }
    return p;
}

// One run's store-facing work; lives for one start() or resume() call.
class RunSession {
public:
    RunSession(std::int64_t runId, store::RunStore& store, SearchContext& context, SearchMethod& method,
               SearchObserver& observer)
        : m_runId(runId), m_store(store), m_context(context), m_method(method), m_observer(observer) {}

    void commit(int generation) {
        const std::vector<std::string> fresh = m_context.takeNew();
        auto idOf = [&](const std::string& hash) -> std::int64_t {
            const core::Candidate* c = m_context.cache().find(hash);
            if (c && c->id >= 0)
                return c->id;
            const auto at = std::find(fresh.begin(), fresh.end(), hash);
            if (at == fresh.end())
                throw std::logic_error("candidate " + hash + " is neither stored nor new");
            return store::RunStore::newCandidateRef(static_cast<std::size_t>(at - fresh.begin()));
        };
        std::vector<core::Candidate> batch;
        for (const auto& hash : fresh) {
            core::Candidate c = m_context.candidate(hash);
            c.parents.clear();
            for (const auto& parent : m_context.parentsOf(hash))
                c.parents.push_back(idOf(parent));
            batch.push_back(std::move(c));
        }
        const std::vector<std::string> front = m_context.front();
        store::GenerationRecord record;
        record.runId = m_runId;
        record.generation = generation;
        record.evaluations = m_context.evaluationsUsed();
        record.hypervolume = m_context.hypervolume(front);
        for (const auto& hash : front)
            record.frontCandidateIds.push_back(idOf(hash));
        record.stateJson =
            json{{"run", json::parse(m_context.stateJson())}, {"method", json::parse(m_method.saveState())}}.dump();
        record.records = m_method.takeRunRecords();

        // Before the generation: if the process dies in between, the resumed run redoes the work
        // that produced these figures rather than losing them.
        for (const auto& [id, metrics] : m_context.takeLateMetrics())
            m_store.addMetrics(id, metrics);
        const std::vector<std::int64_t> ids = m_store.commitGeneration(m_runId, record, batch);
        for (std::size_t i = 0; i < fresh.size(); ++i) {
            core::Candidate* c = m_context.cache().find(fresh[i]);
            c->id = ids[i];
            c->parents = batch[i].parents;
            for (auto& p : c->parents)
                if (p < 0)
                    p = ids[static_cast<std::size_t>(-1 - p)];
        }
        m_generations = generation + 1;
        m_lastHypervolume = record.hypervolume;

        GenerationSummary summary;
        summary.runId = m_runId;
        summary.generation = generation;
        summary.evaluations = m_context.evaluationsUsed();
        summary.budget = m_context.budget();
        summary.hypervolume = record.hypervolume;
        summary.records = record.records;
        std::vector<core::Candidate> frontCandidates;
        for (const auto& hash : front) {
            frontCandidates.push_back(m_context.candidate(hash));
            summary.frontIds.push_back(frontCandidates.back().id);
        }
        m_observer.generationFinished(summary);
        m_observer.frontChanged(frontCandidates);
    }

    void applySteering() {
        const std::vector<SteeringAction> actions = m_context.control().takeActions();
        bool rescore = false;
        for (const SteeringAction& a : actions) {
            try {
                switch (a.kind) {
                case SteeringAction::Kind::SetConstraint: {
                    const ObjectiveScorer before = m_context.scorer();
                    m_context.scorer().setConstraint(a.name, a.value);
                    usableOrRevert(before);
                    rescore = true;
                    break;
                }
                case SteeringAction::Kind::ClearConstraint:
                    m_context.scorer().clearConstraint(a.name);
                    rescore = true;
                    break;
                case SteeringAction::Kind::SetLowerBound: {
                    const ObjectiveScorer before = m_context.scorer();
                    m_context.scorer().setLowerBound(a.name, a.value);
                    usableOrRevert(before);
                    rescore = true;
                    break;
                }
                case SteeringAction::Kind::ClearLowerBound:
                    m_context.scorer().clearLowerBound(a.name);
                    rescore = true;
                    break;
                case SteeringAction::Kind::SetObjectives: {
                    const ObjectiveScorer before = m_context.scorer();
                    m_context.scorer().setObjectives(a.objectives);
                    usableOrRevert(before);
                    rescore = true;
                    break;
                }
                case SteeringAction::Kind::InjectCandidate: {
                    const core::Architecture arch = core::architectureFromJson(a.architectureJson);
                    const spaces::Genome genome = m_context.space().encode(arch);
                    const core::Candidate& c = m_context.evaluate(genome, {}, nullptr, "injected");
                    m_method.inject(m_context, c.hash);
                    break;
                }
                }
                json payload = steeringPayload(a, m_context.generation());
                m_store.logEvent({.runId = m_runId, .kind = "steer", .message = steeringMessage(a),
                                  .payloadJson = payload.dump()});
                m_observer.logLine(LogLevel::Info, "steering: " + steeringMessage(a));
            } catch (const core::InputError& e) {
                reject(a, e.what());
            } catch (const core::ArchitectureError& e) {
                reject(a, e.what());
            }
        }
        if (rescore)
            m_method.applySteering(m_context);
    }

    int generations() const { return m_generations; }
    void setGenerations(int n) { m_generations = n; }
    double hypervolume() const { return m_lastHypervolume; }

private:
    // A steer asking for a metric nothing can produce (no data set, unknown device) is refused
    // rather than failing every candidate afterwards.
    void usableOrRevert(const ObjectiveScorer& before) {
        try {
            m_context.prepareEvaluators();
        } catch (const std::exception& e) {
            m_context.scorer() = before;
            throw core::InputError(e.what());
        }
    }

    void reject(const SteeringAction& a, const std::string& why) {
        m_store.logEvent({.runId = m_runId, .kind = "error", .message = "steering ignored: " + why,
                          .payloadJson = steeringPayload(a, m_context.generation()).dump()});
        m_observer.logLine(LogLevel::Warning, "steering ignored: " + why);
    }

    std::int64_t m_runId;
    store::RunStore& m_store;
    SearchContext& m_context;
    SearchMethod& m_method;
    SearchObserver& m_observer;
    int m_generations = 0;
    double m_lastHypervolume = 0.0;
};

// A database that cannot be written any more for a reason outside the run: the run can go on
// once the user has fixed it, so it is stopped (resumable), not failed.
bool isDiskTrouble(const store::StoreError& e) {
    using Reason = store::StoreError::Reason;
    return e.reason() == Reason::DiskFull || e.reason() == Reason::ReadOnly || e.reason() == Reason::Locked;
}

// The whole story for the user: the store's message (file and cause), what is kept, what to do.
std::string stoppedMessage(const store::StoreError& e, std::int64_t runId, int committedGenerations) {
    std::string text = "run " + std::to_string(runId) + " stopped: " + e.what() + ". ";
    if (committedGenerations == 0)
        text += "No generation had been committed yet";
    else if (committedGenerations == 1)
        text += "Its generation 0 is kept";
    else
        text += "Its generations 0 to " + std::to_string(committedGenerations - 1) + " are kept";
    switch (e.reason()) {
    case store::StoreError::Reason::DiskFull:
        text += "; free some space (or raise the size limit), then resume the run";
        break;
    case store::StoreError::Reason::ReadOnly:
        text += "; make the file, its folder and its file system writable again, then resume the run";
        break;
    default: text += "; close the program that holds the database, then resume the run"; break;
    }
    return text;
}

// The database is opened before any work: a file or folder that cannot be written is then the
// user's to fix (bad input), where the same StoreError during the run is a failure.
store::RunStore openBeforeWork(const std::string& path) {
    try {
        return openRunStore(path);
    } catch (const store::StoreError& e) {
        if (e.reason() == store::StoreError::Reason::ReadOnly || e.reason() == store::StoreError::Reason::NotFound)
            throw core::InputError(e.what());
        throw;
    }
}

// What a resume can refuse by reading alone, checked before the lock file or -wal/-shm files are
// made beside the database: a folder, a damaged, foreign, newer or read-only file, an unknown or
// finished run. A file of an older schema is upgraded, and checked, under the lock as before.
void checkResumable(const std::string& path, std::int64_t runId) {
    std::error_code error;
    if (std::filesystem::is_directory(path, error))
        throw core::InputError(path + " is a folder, not a run database");
    if (!std::filesystem::is_regular_file(path, error))
        throw core::InputError(path + ": no such run database");
    const store::DatabaseFileState state = store::inspectDatabaseFile(path);
    try {
        store::requireWritable(path, state);
    } catch (const store::StoreError& e) {
        throw core::InputError(e.what());
    }
    if (state != store::DatabaseFileState::Database)
        return;
    {
        store::SqliteConnection probe(path, store::probeMode(path));
        if (store::inspectSchema(probe) < store::latestSchemaVersion())
            return;
    }
    const auto reader = store::RunReader::open(path, architectureCodec(), store::RunReader::WhenIdle::Snapshot);
    const auto record = reader.run(runId);
    if (!record)
        throw core::InputError(path + ": there is no run " + std::to_string(runId));
    if (record->status == "finished")
        throw core::InputError("run " + std::to_string(runId) + " has already finished");
}

} // namespace

SearchRunner::SearchRunner(std::string databasePath, SearchControl& control, SearchObserver& observer)
    : m_path(std::move(databasePath)), m_control(control), m_observer(observer) {}

SearchRunner::~SearchRunner() = default;

RunResult SearchRunner::start(const RunConfig& requested, const std::string& runName) {
    const RunConfig config = withAbsolutePaths(requested);
    // Everything that can be wrong with the config is found before the run exists.
    makeSearchMethod(config.method, config.methodSettingsJson);
    makeRunSpace(config);
    const ObjectiveScorer scorer(config.objectives, config.constraints);
    loadLatencyTable(config);  // a missing, damaged or foreign table is named now, whatever the objectives
    if (!m_provider && needsDevice(scorer))
        cost::DeviceCatalog::builtIn().find(config.device).operatingPoint(config.dvfs);
    const auto provider = providerFor(config);
    for (const auto& metric : scorer.requiredMetrics())
        provider->evaluatorFor(metric); // loads the data set: a missing one is reported now

    store::RunStore store = openBeforeWork(m_path);
    store::RunRecord record;
    record.name = runName.empty() ? config.method + " " + config.space + " seed " + std::to_string(config.seed)
                                  : runName;
    record.method = config.method;
    record.configJson = toJson(config);
    record.seed = config.seed;
    record.versionsJson = json{{"torch", models::torchVersion()}}.dump();
    const std::int64_t runId = store.createRun(record);
    store::RunWriterLock writerLock = store::RunWriterLock::acquire(m_path, runId);
    return run(runId, config, false, provider, writerLock);
}

RunResult SearchRunner::resume(std::int64_t runId, int threads) {
    checkResumable(m_path, runId);
    // Before anything that writes, so a second writer is refused at once (the slot does not need
    // the run to exist; an unknown run is reported just below and the slot freed again).
    store::RunWriterLock writerLock = store::RunWriterLock::acquire(m_path, runId);
    openRunStore(m_path); // upgrades an older file so the reader can open it
    const store::RunReader reader = openRunReader(m_path);
    const auto record = reader.run(runId);
    if (!record)
        throw core::InputError(m_path + ": there is no run " + std::to_string(runId));
    if (record->status == "finished")
        throw core::InputError("run " + std::to_string(runId) + " has already finished");
    RunConfig config = runConfigFromJson(record->configJson);
    if (threads > 0)
        config.threads = threads;
    const auto provider = providerFor(config);
    for (const auto& metric : ObjectiveScorer(config.objectives, config.constraints).requiredMetrics())
        provider->evaluatorFor(metric);
    return run(runId, config, true, provider, writerLock);
}

std::shared_ptr<EvaluatorProvider> SearchRunner::providerFor(const RunConfig& config) const {
    if (m_provider)
        return m_provider;
    return std::make_shared<DefaultEvaluators>(config);
}

RunResult SearchRunner::run(std::int64_t runId, const RunConfig& config, bool resuming,
                            const std::shared_ptr<EvaluatorProvider>& provider, store::RunWriterLock& writerLock) {
    models::setThreadCount(config.threads);
    const auto space = makeRunSpace(config);
    SearchContext context(config, *space, *provider, m_control, m_observer);
    const auto method = makeSearchMethod(config.method, config.methodSettingsJson);
    store::RunStore store = openRunStore(m_path);
    if (m_sizeLimit > 0)
        store.limitSize(m_sizeLimit);
    RunSession session(runId, store, context, *method, m_observer);

    // Each write on its own: on a full disk a short status update may still fit where the event
    // does not. A failure here is swallowed, since the error that ended the run matters more.
    auto recordEnd = [&](const std::string& endStatus, const std::string& message) noexcept {
        try {
            store.setRunStatus(runId, endStatus);
        } catch (const std::exception&) {
        }
        try {
            store.logEvent({.runId = runId, .kind = "error", .message = message});
        } catch (const std::exception&) {
        }
    };
    // Stops the run, resumable, when the database cannot be written any more.
    auto stopForDiskTrouble = [&](const store::StoreError& e) {
        const std::string message = stoppedMessage(e, runId, session.generations());
        recordEnd("interrupted", message);
        m_observer.runFinished(runId, "interrupted");
        throw RunStoppedError(e.reason(), message, runId, session.generations());
    };

    int generation = -1;
    if (resuming) {
        const store::RunReader reader = openRunReader(m_path);
        for (core::Candidate& c : reader.candidates(runId))
            context.cache().insert(std::move(c));
        if (const auto last = reader.lastGeneration(runId)) {
            const json state = json::parse(last->stateJson);
            context.restoreState(state.at("run").dump());
            method->restore(context, state.at("method").dump());
            generation = last->generation;
            session.setGenerations(generation + 1);
        }
        try {
            // Only a resume takes a run over; a new run's id may reuse a slot left by a database
            // that was deleted and made again.
            if (const auto& dead = writerLock.previousWriter()) {
                const std::string message =
                    "took over from a writer that ended without releasing the run: process " +
                    std::to_string(dead->pid) + (dead->host.empty() ? "" : " on " + dead->host) +
                    ", last heartbeat " + dead->heartbeatAt;
                store.logEvent({.runId = runId, .kind = "log", .message = message});
                m_observer.logLine(LogLevel::Info, message);
            }
            store.setRunStatus(runId, "running");
            store.logEvent({.runId = runId, .kind = "status",
                            .message = generation < 0 ? "resumed from the start"
                                                      : "resumed after generation " + std::to_string(generation)});
        } catch (const store::StoreError& e) {
            if (!isDiskTrouble(e))
                throw;
            stopForDiskTrouble(e);  // still full or read-only: nothing was lost, try again later
        }
    }
    m_observer.runStarted(runId);

    // Waits while paused, with the pause visible to readers (status "paused") and logged; used
    // between generations and, through the context, between evaluations. False means stop.
    auto pauseGate = [&]() -> bool {
        while (m_control.paused() && !m_control.stopRequested()) {
            const std::string where = "generation " + std::to_string(context.generation());
            store.setRunStatus(runId, "paused");
            store.logEvent({.runId = runId, .kind = "status", .message = "paused in " + where});
            m_observer.logLine(LogLevel::Info, "paused in " + where);
            const bool go = m_control.waitWhilePaused();
            store.setRunStatus(runId, "running");
            if (!go)
                break;
            store.logEvent({.runId = runId, .kind = "status", .message = "resumed in " + where});
            m_observer.logLine(LogLevel::Info, "resumed in " + where);
        }
        return !m_control.stopRequested();
    };
    context.setPauseGate(pauseGate);

    std::string status = "finished";
    try {
        if (generation < 0) {
            context.setGeneration(0);
            method->initialise(context);
            session.commit(0);
            writerLock.heartbeat();
            generation = 0;
        }
        while (!method->finished(context)) {
            if (!pauseGate())
                break;
            context.setGeneration(generation + 1);
            session.applySteering();
            method->step(context);
            session.commit(++generation);
            writerLock.heartbeat();
        }
        if (m_control.stopRequested())
            status = "interrupted";
        else {
            std::vector<std::string> reported = method->reportedNetworks();
            TestSplitReport(context, *provider, store, m_observer)
                .run(runId, reported.empty() ? context.front() : reported);
        }
        if (m_control.stopRequested())
            status = "interrupted";  // stopped while reporting: a resume reports what is missing
    } catch (const core::Cancelled&) {
        // The generation under way is dropped; a resume redoes it from the committed state.
        status = "interrupted";
    } catch (const store::StoreError& e) {
        if (isDiskTrouble(e))
            stopForDiskTrouble(e);
        recordEnd("failed", e.what());
        m_observer.runFinished(runId, "failed");
        throw;
    } catch (const std::exception& e) {
        recordEnd("failed", e.what());
        m_observer.runFinished(runId, "failed");
        throw;
    }
    try {
        store.setRunStatus(runId, status);
        store.logEvent({.runId = runId, .kind = "status", .message = "run " + status});
    } catch (const store::StoreError& e) {
        if (!isDiskTrouble(e))
            throw;
        stopForDiskTrouble(e);  // every generation is kept; a resume only ends the run properly
    }

    RunResult result;
    result.runId = runId;
    result.status = status;
    result.generations = session.generations();
    result.evaluations = context.evaluationsUsed();
    result.hypervolume = session.hypervolume();
    result.objectives = context.scorer().objectives();
    const store::RunReader reader = openRunReader(m_path);
    if (const auto last = reader.lastGeneration(runId)) {
        result.hypervolume = last->hypervolume;
        for (std::int64_t id : last->frontCandidateIds)
            for (const auto& hash : context.cache().order())
                if (context.candidate(hash).id == id)
                    result.front.push_back(context.candidate(hash));
    }
    m_observer.runFinished(runId, status);
    return result;
}

} // namespace edgenas::search
