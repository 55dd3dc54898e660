#include "run_comparison.h"

#include "objective_naming.h"

#include "core/errors.h"
#include "moo/pareto_archive.h"
#include "search/objective_scorer.h"
#include "search/run_config.h"
#include "search/run_database.h"
#include "store/run_reader.h"
#include "widgets/metric_naming.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>

namespace edgenas::app {

namespace {

constexpr double kReference = 1.1;  // as SearchContext::hypervolume, so shapes look alike

QString tr(const char* text) { return QCoreApplication::translate("RunComparison", text); }

struct ReadRun {
    store::RunRecord record;
    search::RunConfig config;
    std::vector<core::Candidate> candidates;  ///< by ascending id
};

QString runName(const store::RunRecord& run) {
    return run.name.empty() ? tr("run #%1").arg(run.id) : QString::fromStdString(run.name);
}

QString legendLabel(const ReadRun& run) {
    QString device = QString::fromStdString(run.config.device);
    if (!run.config.dvfs.empty())
        device += QLatin1Char('@') + QString::fromStdString(run.config.dvfs);
    return tr("%1 · %2 · %3 · seed %4")
        .arg(runName(run.record), methodLabel(run.record.method), device)
        .arg(run.record.seed);
}

QString objectivesText(const std::vector<std::string>& objectives) {
    QStringList names;
    for (const std::string& o : objectives)
        names << objectiveLabel(o);
    return names.join(QStringLiteral(", "));
}

std::set<std::string> asSet(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

// Every metric a candidate carries, column by column; failed candidates have no figures to draw.
widgets::ComparedRun figuresOf(const ReadRun& run, const QString& label) {
    widgets::ComparedRun out;
    out.label = label;
    out.details = tr("Run #%1 (%2), %3 candidates; objectives %4")
                      .arg(run.record.id)
                      .arg(QString::fromStdString(run.record.status))
                      .arg(run.candidates.size())
                      .arg(objectivesText(run.config.objectives));
    for (const core::Candidate& c : run.candidates) {
        if (c.status == "failed")
            continue;
        const std::size_t row = out.ids.size();
        out.ids.push_back(c.id);
        for (const core::Metric& m : c.metrics) {
            std::vector<double>& column = out.columns[QString::fromStdString(m.name)];
            column.resize(row + 1, std::numeric_limits<double>::quiet_NaN());
            column[row] = m.value;
        }
    }
    for (auto& [name, column] : out.columns)
        column.resize(out.ids.size(), std::numeric_limits<double>::quiet_NaN());
    return out;
}

// Hypervolume after each generation, in one normalised space shared by all runs.
widgets::HypervolumeCurve curveOf(const ReadRun& run, const QString& label, const search::ObjectiveScorer& scorer,
                                  const std::map<std::string, double>& scales) {
    const std::vector<std::string>& objectives = scorer.objectives();
    moo::ParetoArchive archive(objectives.size(), std::vector<double>(objectives.size(), kReference));
    widgets::HypervolumeCurve curve;
    curve.label = label;
    for (std::size_t i = 0; i < run.candidates.size(); ++i) {
        const core::Candidate& c = run.candidates[i];
        if (c.status != "failed" && scorer.complete(c)) {
            moo::Point p = scorer.point(c);
            bool finite = true;
            for (std::size_t k = 0; k < objectives.size(); ++k) {
                // point() negates maximised objectives: 1 + (−v) = 1 − v.
                p.objectives[k] = search::isMaximised(objectives[k]) ? 1.0 + p.objectives[k]
                                                                      : p.objectives[k] / scales.at(objectives[k]);
                finite = finite && std::isfinite(p.objectives[k]);
            }
            if (finite)
                archive.insert(p, c.id);
        }
        const bool generationEnds = i + 1 == run.candidates.size() || run.candidates[i + 1].generation != c.generation;
        if (generationEnds)
            curve.samples.emplace_back(static_cast<double>(i + 1), archive.hypervolume());
    }
    return curve;
}

QString referenceText(const search::ObjectiveScorer& scorer, const std::map<std::string, double>& scales) {
    QStringList axes;
    for (const std::string& o : scorer.objectives()) {
        if (search::isMaximised(o))
            axes << tr("%1 as 1 − %1").arg(objectiveLabel(o).toLower());
        else
            axes << tr("%1 ÷ %2 %3").arg(objectiveLabel(o).toLower(),
                                         widgets::formatMetricValue(metricOfObjective(o), scales.at(o)),
                                         objectiveUnit(o));
    }
    QStringList bounds;
    for (const auto& [name, bound] : scorer.constraints())
        bounds << QStringLiteral("%1 ≤ %2").arg(objectiveLabel(name).toLower()).arg(bound);
    for (const auto& [name, bound] : scorer.lowerBounds())
        bounds << QStringLiteral("%1 ≥ %2").arg(objectiveLabel(name).toLower()).arg(bound);
    QString text = tr("Hypervolume with one shared reference for all runs: %1 (the largest in any compared run); "
                      "reference point %2 in every axis.")
                       .arg(axes.join(QStringLiteral(", ")))
                       .arg(kReference);
    if (!bounds.isEmpty())
        text += QLatin1Char(' ') + tr("The shown run's bounds (%1) apply to every run.").arg(bounds.join(QStringLiteral(", ")));
    text += QLatin1Char(' ') + tr("These are not the figures the runs logged: each run scaled its own by its own largest value.");
    return text;
}

} // namespace

RunComparison buildRunComparison(const std::string& databasePath, qint64 shownRunId,
                                 const std::vector<qint64>& runIds) {
    const store::RunReader reader = search::openRunReader(databasePath);
    const auto transaction = reader.snapshot();  // every run read from one committed state

    const auto read = [&reader](qint64 id) -> ReadRun {
        ReadRun run;
        const std::optional<store::RunRecord> record = reader.run(id);
        if (!record)
            throw core::InputError(tr("the database has no run #%1").arg(id).toStdString());
        run.record = *record;
        run.config = search::runConfigFromJson(record->configJson);
        run.candidates = reader.candidates(id);
        return run;
    };

    RunComparison out;
    std::vector<ReadRun> runs;
    runs.push_back(read(shownRunId));
    // Copied: `runs` grows below, which would leave a reference into it dangling.
    const std::vector<std::string> shownObjectiveList = runs.front().config.objectives;
    const std::set<std::string> shownObjectives = asSet(shownObjectiveList);
    for (qint64 id : runIds) {
        if (id == shownRunId || std::any_of(runs.begin(), runs.end(), [id](const ReadRun& r) { return r.record.id == id; }))
            continue;
        ReadRun run;
        try {
            run = read(id);
        } catch (const std::exception& e) {
            out.refused << tr("Run #%1 left out of the comparison: %2").arg(id).arg(QString::fromUtf8(e.what()));
            continue;
        }
        if (asSet(run.config.objectives) != shownObjectives) {
            out.refused << tr("Run #%1 “%2” optimises %3, the shown run %4: different objectives, left out of the "
                              "comparison.")
                               .arg(id)
                               .arg(runName(run.record), objectivesText(run.config.objectives),
                                    objectivesText(shownObjectiveList));
            continue;
        }
        runs.push_back(std::move(run));
    }

    const search::ObjectiveScorer scorer(runs.front().config.objectives, runs.front().config.constraints,
                                         runs.front().config.lowerBounds);
    std::map<std::string, double> scales;
    for (const std::string& o : scorer.objectives()) {
        if (search::isMaximised(o))
            continue;
        double largest = 0.0;
        const std::string metric = search::metricForObjective(o);
        for (const ReadRun& run : runs)
            for (const core::Candidate& c : run.candidates)
                if (const core::Metric* m = c.metric(metric); m && std::isfinite(m->value))
                    largest = std::max(largest, m->value);
        scales[o] = largest > 0.0 ? largest : 1.0;
    }

    out.shownLabel = legendLabel(runs.front());
    out.reference = referenceText(scorer, scales);
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const QString label = legendLabel(runs[i]);
        out.curves.push_back(curveOf(runs[i], label, scorer, scales));
        if (i > 0)
            out.runs.push_back(figuresOf(runs[i], label));
    }
    return out;
}

} // namespace edgenas::app
