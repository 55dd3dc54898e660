#pragma once

#include "core/candidate.h"

#include <QImage>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace edgenas::store {
class RunReader;
}

namespace edgenas::app {

/// What the run's figures were computed with, for the report's environment section.
struct ReportEnvironment {
    QString host;           ///< the machine the run ran on
    QString operatingSystem;
    QString torchVersion;   ///< LibTorch
    QString qtVersion;
    QString sqliteVersion;
    QString blas;           ///< the BLAS library loaded, as models::blasLibrary() names it
    int threads = 0;        ///< LibTorch intra-op threads
};

/// One point of the hypervolume-over-time series (one per committed generation).
struct HypervolumeSample {
    int generation = 0;
    std::int64_t evaluations = 0;
    double hypervolume = 0.0;
};

/// A section a method adds to its runs' reports (HADAS: the early-exit and DVFS view of the
/// archive's knee model and the archive as a table), rendered after the plots.
struct ReportSection {
    QString title;
    QStringList paragraphs;          ///< plain text, one paragraph each
    QImage image;                    ///< null = no image
    QString imageCaption;
    QStringList tableHeader;         ///< empty = no table
    std::vector<QStringList> tableRows;
};

/// Everything a run report shows, as plain values: the app fills it from the store (see
/// runReportFromStore) and adds the plot images grabbed from its widgets; writeHtmlReport and
/// writePdfReport (report_writer.h) render it.
struct RunReport {
    QString runName;
    QString method;
    QString status;          ///< "running", "finished", "interrupted", ...
    QString startedAt;       ///< ISO-8601 UTC as stored
    QString endedAt;         ///< empty while the run is not over
    QString notes;           ///< the user's annotation, if any
    QString configJson;      ///< the search::RunConfig JSON the run was started with
    std::uint64_t seed = 0;
    ReportEnvironment environment;
    QStringList objectives;  ///< objective names as in the config: "accuracy", "latency", ...
    std::vector<core::Candidate> front;  ///< the final Pareto front, with metrics
    std::int64_t candidateCount = 0;     ///< all candidates of the run
    std::vector<HypervolumeSample> hypervolume;
    QImage paretoImage;       ///< null = the report says the plot is missing
    QImage hypervolumeImage;
    /// (provenance name, what it means) for every provenance the report's figures may carry.
    std::vector<std::pair<QString, QString>> provenanceLegend;
    QString generatedAt;      ///< ISO-8601 UTC; empty = when the report is written
    std::vector<ReportSection> methodSections;  ///< from the method's registered provider, if any
};

/// Builds a method's report sections from all of a run's candidates (with their records), its
/// config JSON and its method run records (kind and JSON, in commit order). Providers that draw widgets need a QApplication; runReportFromStore drops a
/// provider's sections (and says so in the notes) when it throws.
using ReportSectionProvider = std::function<std::vector<ReportSection>(
    const std::vector<core::Candidate>& candidates, const std::string& configJson,
    const std::vector<core::ResultRecord>& runRecords)>;
/// Registers the provider for runs of `method` (the app registers the methods' panels and their
/// report sections together); a second registration replaces the first.
void registerReportSections(const std::string& method, ReportSectionProvider provider);

/// This process and machine: host, OS, LibTorch, Qt and SQLite versions, BLAS and threads.
ReportEnvironment currentEnvironment();

/// The meaning of each core::Provenance value, in enum order, translated.
std::vector<std::pair<QString, QString>> provenanceLegend();

/// A report for a stored run, complete except for the two plot images: run record, config,
/// objectives, the front of the last committed generation, the hypervolume series, the method's
/// registered report sections and the environment (host and LibTorch version as recorded with the run, the rest from this process).
/// Throws core::InputError if the run does not exist; store errors propagate.
RunReport runReportFromStore(const store::RunReader& reader, std::int64_t runId);

} // namespace edgenas::app
