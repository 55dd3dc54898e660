#include "hadas_report_section.h"

#include "hadas_inner_outcome.h"

#include "search/hadas/hadas_records.h"
#include "search/run_config.h"

#include "widgets/hadas/dynamic_model_view.h"
#include "widgets/hadas/hadas_record_checks.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <map>
#include <set>

namespace edgenas::app {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("edgenas::app::HadasReport", text); }

double metricOr(const core::Candidate& c, const char* name, double fallback) {
    const core::Metric* m = c.metric(name);
    return m ? m->value : fallback;
}

QString number(double value, int digits = 4) {
    return std::isfinite(value) ? QLocale().toString(value, 'g', digits) : QStringLiteral("—");
}

struct Model {
    const core::Candidate* candidate = nullptr;
    search::HadasDynamicRecord record;
    std::vector<double> objectives;  ///< error, latency, energy
};

bool dominates(const std::vector<double>& a, const std::vector<double>& b) {
    bool better = false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] > b[i])
            return false;
        better = better || a[i] < b[i];
    }
    return better;
}

} // namespace

int kneeIndex(const std::vector<std::vector<double>>& objectives) {
    if (objectives.empty())
        return -1;
    const std::size_t m = objectives.front().size();
    std::vector<double> lo(m, std::numeric_limits<double>::infinity()), hi(m, -std::numeric_limits<double>::infinity());
    for (const auto& o : objectives)
        for (std::size_t k = 0; k < m; ++k) {
            lo[k] = std::min(lo[k], o[k]);
            hi[k] = std::max(hi[k], o[k]);
        }
    int best = 0;
    double bestDistance = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < objectives.size(); ++i) {
        double distance = 0.0;
        for (std::size_t k = 0; k < m; ++k) {
            const double scaled = hi[k] > lo[k] ? (objectives[i][k] - lo[k]) / (hi[k] - lo[k]) : 0.0;
            distance += scaled * scaled;
        }
        if (distance < bestDistance) {
            bestDistance = distance;
            best = int(i);
        }
    }
    return best;
}

std::vector<ReportSection> hadasReportSections(const std::vector<core::Candidate>& candidates,
                                               const std::string& configJson,
                                               const std::vector<core::ResultRecord>& runRecords) {
    std::map<std::int64_t, HadasInnerOutcome> outcomes;
    int unreadableRunRecords = 0;
    for (const core::ResultRecord& r : runRecords)
        if (r.kind == kHadasInnerRunRecord) {
            try {
                HadasInnerOutcome o = hadasInnerOutcomeFromJson(r.json);
                outcomes[o.backboneId] = std::move(o);
            } catch (const std::exception&) {
                ++unreadableRunRecords;
            }
        }
    std::map<std::int64_t, std::pair<const core::Candidate*, search::HadasBackboneRecord>> backbones;
    std::vector<Model> models;
    int unreadable = unreadableRunRecords;
    for (const core::Candidate& c : candidates)
        for (const core::ResultRecord& r : c.records) {
            try {
                if (r.kind == search::kHadasBackboneRecord)
                    backbones[c.id] = {&c, search::hadasBackboneRecordFromJson(r.json)};
                else if (r.kind == search::kHadasDynamicRecord) {
                    Model model{&c, search::hadasDynamicRecordFromJson(r.json), {}};
                    model.objectives = {1.0 - metricOr(c, "accuracy", model.record.exitsDvfs.accuracy),
                                        metricOr(c, "latency_ms", model.record.exitsDvfs.latencyMs),
                                        metricOr(c, "energy_mj", model.record.exitsDvfs.energyMj)};
                    models.push_back(std::move(model));
                }
            } catch (const std::exception&) {
                ++unreadable;
            }
        }

    ReportSection section;
    section.title = tr("Early exits and DVFS (HADAS)");
    std::string device;
    try {
        device = search::runConfigFromJson(configJson).device;
    } catch (const std::exception&) {
        // A config this version cannot read: the section says no device.
    }
    std::set<std::string> rules, sources;
    for (const Model& m : models) {
        rules.insert(m.record.rule);
        sources.insert(m.record.costProvenance);
    }
    QStringList ruleNames, sourceNames;
    for (const auto& r : rules)
        ruleNames << QString::fromStdString(r);
    for (const auto& s : sources)
        sourceNames << QString::fromStdString(s);
    std::set<std::int64_t> withModels;
    for (const Model& m : models)
        if (m.candidate->levelParent)
            withModels.insert(*m.candidate->levelParent);
    for (auto& [id, b] : backbones) {
        const auto o = outcomes.find(id);
        b.second = withInnerOutcome(std::move(b.second), o != outcomes.end() ? &o->second : nullptr, withModels.count(id) > 0);
    }
    int searched = 0;
    for (const auto& [id, b] : backbones)
        searched += b.second.searchedInner ? 1 : 0;
    section.paragraphs << tr("%1 backbones (%2 searched at the inner level) and %3 dynamic models. Latency and energy "
                             "are %4 for device %5; accuracy is on the validation split (trained). Exit rule: %6.")
                              .arg(backbones.size())
                              .arg(searched)
                              .arg(models.size())
                              .arg(sourceNames.isEmpty() ? tr("not stated") : sourceNames.join(QStringLiteral(", ")),
                                   device.empty() ? tr("(not stated)") : QString::fromStdString(device),
                                   ruleNames.isEmpty() ? tr("none") : ruleNames.join(QStringLiteral(", ")));
    if (rules.count("oracle"))
        section.paragraphs << tr("Oracle rule: a sample leaves at the first exit that classifies it correctly, so every "
                                 "early-exit accuracy of such a model is an upper bound, not deployable.");
    if (unreadable > 0)
        section.paragraphs << tr("%1 records could not be read and were left out.").arg(unreadable);
    if (models.empty()) {
        section.paragraphs << tr("No dynamic model is stored yet: the inner search has not committed one.");
        return {section};
    }

    // The archive: dynamic models no other stored one dominates in (error, latency, energy).
    std::vector<const Model*> archive;
    for (const Model& a : models) {
        bool dominated = false;
        for (const Model& b : models)
            if (&a != &b && dominates(b.objectives, a.objectives)) {
                dominated = true;
                break;
            }
        if (!dominated)
            archive.push_back(&a);
    }
    std::sort(archive.begin(), archive.end(),
              [](const Model* a, const Model* b) { return a->objectives[2] < b->objectives[2]; });
    std::vector<std::vector<double>> objectives;
    for (const Model* m : archive)
        objectives.push_back(m->objectives);
    const Model* knee = archive[std::size_t(kneeIndex(objectives))];
    section.paragraphs << tr("The archive holds the %1 dynamic models that no other stored one beats in error, latency "
                             "and energy at once. The knee (model %2) is the archive member nearest the ideal point "
                             "once each objective is scaled to [0, 1] over the archive; the view below shows it.")
                              .arg(archive.size())
                              .arg(knee->candidate->id);

    const std::int64_t kneeBackbone = knee->candidate->levelParent.value_or(-1);
    if (const auto it = backbones.find(kneeBackbone); it != backbones.end()) {
        widgets::DynamicModelView view;
        view.setAttribute(Qt::WA_DontShowOnScreen);
        const QString caveat = widgets::accuracyCaveat(knee->record);
        view.setModel(it->second.second, knee->record,
                      tr("Knee model %1 of backbone %2: exits at blocks %3 · %4 · DVFS %5 · accuracy %6%7")
                          .arg(knee->candidate->id)
                          .arg(kneeBackbone)
                          .arg([&] {
                              QStringList parts;
                              for (int b : knee->record.exitBlocks)
                                  parts << QString::number(b);
                              return parts.join(QStringLiteral(", "));
                          }())
                          .arg(widgets::ruleText(knee->record), QString::fromStdString(knee->record.operatingPoint),
                               widgets::percentText(1.0 - knee->objectives[0]),
                               caveat.isEmpty() ? QString() : QStringLiteral(" (") + caveat + QStringLiteral(")")));
        view.show();
        section.image = view.renderImage(QSize(1400, 820));
        section.imageCaption = tr("The knee model's early exits, where samples leave, DVFS point and energy against "
                                  "static and maximum clocks (cost: %1).")
                                   .arg(QString::fromStdString(knee->record.costProvenance));
    } else {
        section.paragraphs << tr("The knee's backbone (%1) is not stored, so its view is missing.").arg(kneeBackbone);
    }

    section.tableHeader = {tr("Model"),        tr("Backbone"),    tr("Exits at"),    tr("Rule"),
                           tr("DVFS point"),   tr("Accuracy"),    tr("Latency [ms]"), tr("Energy [mJ]"),
                           tr("vs static")};
    for (const Model* m : archive) {
        QStringList exits;
        for (int b : m->record.exitBlocks)
            exits << QString::number(b);
        const double base = m->record.staticMaxClock.energyMj;
        const QString caveat = widgets::accuracyCaveat(m->record);
        section.tableRows.push_back(
            {QString::number(m->candidate->id) + (m == knee ? tr(" (knee)") : QString()),
             QString::number(m->candidate->levelParent.value_or(-1)), exits.join(QStringLiteral(", ")),
             m->record.rule == "threshold" ? QStringLiteral("τ %1").arg(widgets::thresholdText(m->record))
                                           : QString::fromStdString(m->record.rule),
             QString::fromStdString(m->record.operatingPoint),
             widgets::percentText(1.0 - m->objectives[0]) + (caveat.isEmpty() ? QString() : QStringLiteral(" (") + caveat + QStringLiteral(")")),
             number(m->objectives[1], 3), number(m->objectives[2]),
             base > 0.0 ? QLocale().toString(100.0 * (m->objectives[2] / base - 1.0), 'f', 0) + QStringLiteral(" %")
                        : QStringLiteral("—")});
    }
    return {section};
}

} // namespace edgenas::app
