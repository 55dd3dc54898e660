#include "run_report.h"

#include "core/errors.h"
#include "models/torch_runtime.h"
#include "search/method_registry.h"
#include "search/method_report.h"
#include "search/run_config.h"
#include "store/run_reader.h"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <QCoreApplication>
#include <QSysInfo>

#include <algorithm>
#include <exception>
#include <map>

namespace edgenas::app {

namespace {

std::map<std::string, ReportSectionProvider>& reportSectionProviders() {
    static std::map<std::string, ReportSectionProvider> providers;
    return providers;
}

} // namespace

ReportEnvironment currentEnvironment() {
    ReportEnvironment env;
    env.host = QSysInfo::machineHostName();
    env.operatingSystem = QSysInfo::prettyProductName();
    env.torchVersion = QString::fromStdString(models::torchVersion());
    env.qtVersion = QString::fromLatin1(qVersion());
    env.sqliteVersion = QString::fromLatin1(sqlite3_libversion());
    env.blas = QString::fromStdString(models::blasLibrary());
    env.threads = models::threadCount();
    return env;
}

std::vector<std::pair<QString, QString>> provenanceLegend() {
    const auto tr = [](const char* text) { return QCoreApplication::translate("edgenas::app::RunReport", text); };
    return {
        {QStringLiteral("measured"), tr("timed or counted on this machine")},
        {QStringLiteral("table"), tr("summed from a per-operator latency table measured on the device")},
        {QStringLiteral("modelled"), tr("estimated from the device profile (roofline and power model)")},
        {QStringLiteral("predicted"), tr("from a learned or fitted predictor")},
        {QStringLiteral("proxy"), tr("a training-free or few-step score standing in for accuracy")},
        {QStringLiteral("trained"), tr("the outcome of real training and evaluation")},
        {QStringLiteral("counted"), tr("exact static count (MACs, parameters)")},
    };
}

void registerReportSections(const std::string& method, ReportSectionProvider provider) {
    reportSectionProviders()[method] = std::move(provider);
}

RunReport runReportFromStore(const store::RunReader& reader, std::int64_t runId) {
    // One snapshot, so the front, the series and the counts describe the same moment of a live run.
    auto snapshot = reader.snapshot();
    const auto record = reader.run(runId);
    if (!record)
        throw core::InputError(reader.path() + ": there is no run " + std::to_string(runId));

    RunReport report;
    report.runName = QString::fromStdString(record->name);
    report.method = QString::fromStdString(record->method);
    report.status = QString::fromStdString(record->status);
    report.startedAt = QString::fromStdString(record->startedAt);
    report.endedAt = QString::fromStdString(record->endedAt);
    report.notes = QString::fromStdString(record->notes);
    report.configJson = QString::fromStdString(record->configJson);
    report.seed = record->seed;
    try {
        for (const std::string& objective : search::runConfigFromJson(record->configJson).objectives)
            report.objectives.push_back(QString::fromStdString(objective));
    } catch (const core::InputError&) {
        // A config this version cannot parse still gets a report, without best figures.
    }

    report.environment = currentEnvironment();
    if (!record->host.empty())
        report.environment.host = QString::fromStdString(record->host);
    const auto versions = nlohmann::json::parse(record->versionsJson, nullptr, /*allow_exceptions=*/false);
    if (versions.is_object() && versions.contains("torch") && versions["torch"].is_string())
        report.environment.torchVersion = QString::fromStdString(versions["torch"].get<std::string>());

    std::vector<core::Candidate> candidates = reader.candidates(runId);
    report.candidateCount = static_cast<std::int64_t>(candidates.size());
    QString sectionProblem;
    if (const auto provider = reportSectionProviders().find(record->method); provider != reportSectionProviders().end()) {
        try {
            std::vector<core::ResultRecord> runRecords;
            for (store::MethodStateRecord& r : reader.runRecords(runId))
                runRecords.push_back(std::move(r.record));
            report.methodSections = provider->second(candidates, record->configJson, runRecords);
        } catch (const std::exception& e) {
            sectionProblem = QCoreApplication::translate("edgenas::app::RunReport", "The %1 sections were left out: %2")
                                 .arg(QString::fromStdString(record->method), QString::fromUtf8(e.what()));
        }
    }
    const auto generations = reader.generations(runId);
    for (const store::GenerationRecord& g : generations)
        report.hypervolume.push_back({g.generation, g.evaluations, g.hypervolume});
    if (!generations.empty()) {
        const auto& ids = generations.back().frontCandidateIds;
        for (core::Candidate& c : candidates)
            if (std::find(ids.begin(), ids.end(), c.id) != ids.end())
                report.front.push_back(std::move(c));
    }
    // What the method itself has to say (HW-EvRSNAS: where Psi came from, the budget against the
    // paper's), shown with the run's notes.
    const std::vector<std::string> methodLines = search::methodReportLines(reader, runId);
    for (const std::string& line : methodLines)
        report.notes += (report.notes.isEmpty() ? QString() : QStringLiteral("\n")) + QString::fromStdString(line);
    if (!sectionProblem.isEmpty())
        report.notes += (report.notes.isEmpty() ? QString() : QStringLiteral("\n")) + sectionProblem;
    report.provenanceLegend = provenanceLegend();
    return report;
}

} // namespace edgenas::app
