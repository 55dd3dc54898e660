#pragma once

// Hand-made HADAS candidates for the panel test and the screenshot harness, shaped as the engine
// stores them: backbones with "hadas.backbone/1" records written before the outer selection (no
// heads, not marked searched), dynamic models with "hadas.dynamic/1" records linked to their
// backbone by levelParent, the metrics the engine gives them (accuracy trained, latency and
// energy modelled), and a "hadas.inner/1" run record per searched backbone with its trained
// heads and knee.

#include "../../widgets/hadas/hadas_test_records.h"

#include "core/candidate.h"
#include "search/hadas/hadas_records.h"
#include "search/run_config.h"
#include "search/run_database.h"
#include "store/run_records.h"
#include "store/run_store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace edgenas::test::hadas {

inline double totalMacs(const search::HadasBackboneRecord& b) {
    double macs = b.stemMacs + b.finalHeadMacs;
    for (const auto& block : b.blocks)
        macs += block.macs;
    return macs;
}

inline core::Candidate backboneCandidate(std::int64_t id, int variant, int generation = 0) {
    const search::HadasBackboneRecord b = backbone(variant, false);  // heads come with the inner search
    core::Candidate c;
    c.id = id;
    c.generation = generation;
    c.hash = "bb" + std::to_string(id) + "f00d";
    const double macs = totalMacs(b);
    c.metrics = {{"accuracy", b.supernetAccuracy, "", core::Provenance::Trained},
                 {"latency_ms", latencyAt(macs, 1377.0), "ms", core::Provenance::Modelled},
                 {"energy_mj", energyAt(macs, 1377.0), "mJ", core::Provenance::Modelled},
                 {"macs", macs, "MACs", core::Provenance::Counted}};
    c.records.push_back({search::kHadasBackboneRecord, search::toJson(b)});
    return c;
}

inline core::Candidate dynamicCandidate(std::int64_t id, const core::Candidate& backboneCandidate, int variant,
                                        const std::string& rule, const std::vector<int>& exits, double threshold,
                                        int gpuLevel) {
    const search::HadasBackboneRecord b = backbone(variant, true);
    const search::HadasDynamicRecord d = dynamicModel(b, rule, exits, threshold, gpuLevel);
    core::Candidate c;
    c.id = id;
    c.generation = backboneCandidate.generation;
    c.hash = backboneCandidate.hash + "+dm" + std::to_string(id);
    c.levelParent = backboneCandidate.id;
    c.metrics = {{"accuracy", d.exitsDvfs.accuracy, "", core::Provenance::Trained},
                 {"latency_ms", d.exitsDvfs.latencyMs, "ms", core::Provenance::Modelled},
                 {"energy_mj", d.exitsDvfs.energyMj, "mJ", core::Provenance::Modelled}};
    c.records.push_back({search::kHadasDynamicRecord, search::toJson(d)});
    return c;
}

/// A run's worth: backbones 10..15 (11, 12 and 14 searched) and dynamic models from 100 on,
/// eight for backbone 11, five for 12 and four for 14, over exits, thresholds and GPU levels.
inline std::vector<core::Candidate> hadasRunCandidates(const std::string& rule = "threshold") {
    std::vector<core::Candidate> out;
    for (int i = 0; i < 6; ++i)
        out.push_back(backboneCandidate(10 + i, i, i / 3));
    std::int64_t id = 100;
    const auto add = [&](int backboneIndex, int count) {
        const core::Candidate parent = out[std::size_t(backboneIndex)];  // a copy: out grows below
        const int n = int(backbone(backboneIndex, true).blocks.size());
        for (int k = 0; k < count; ++k) {
            std::vector<int> exits{3 + k % 2, 5 + k % 3};
            if (k % 3 == 2 && 8 + k % 2 < n)
                exits.push_back(8 + k % 2);
            const double threshold = 0.6 + 0.05 * (k % 7);
            const int gpu = 13 - (k * 2) % 11;
            out.push_back(dynamicCandidate(id++, parent, backboneIndex, rule, exits, threshold, gpu));
        }
    };
    add(1, 8);
    add(2, 5);
    add(4, 4);
    return out;
}

/// The "hadas.inner/1" run records of the searched backbones among `all` (backbone i's variant
/// is its position among the first six), ids as `all` carries them; the knee is each backbone's
/// dynamic model of lowest energy at no more than the median error.
inline std::vector<store::MethodStateRecord> innerRunRecords(const std::vector<core::Candidate>& all) {
    std::vector<store::MethodStateRecord> out;
    for (int i = 0; i < 6 && i < int(all.size()); ++i) {
        const core::Candidate& b = all[std::size_t(i)];
        std::vector<const core::Candidate*> models;
        for (const core::Candidate& c : all)
            if (c.levelParent && *c.levelParent == b.id)
                models.push_back(&c);
        if (models.empty())
            continue;
        std::vector<double> errors;
        for (const core::Candidate* m : models)
            errors.push_back(1.0 - m->metric("accuracy")->value);
        std::sort(errors.begin(), errors.end());
        const double median = errors[errors.size() / 2];
        const core::Candidate* knee = nullptr;
        for (const core::Candidate* m : models)
            if (1.0 - m->metric("accuracy")->value <= median &&
                (!knee || m->metric("energy_mj")->value < knee->metric("energy_mj")->value))
                knee = m;
        QJsonArray heads, positions;
        for (const search::HadasExitHead& h : backbone(i, true).exits) {
            heads.append(QJsonObject{{"block", h.block},
                                     {"validation_accuracy", h.validationAccuracy},
                                     {"test_accuracy", h.testAccuracy},
                                     {"temperature", h.temperature},
                                     {"macs", h.macs}});
            positions.append(h.block);
        }
        const QJsonObject record{{"backbone", QString::fromStdString(b.hash)},
                                 {"backbone_id", qint64(b.id)},
                                 {"outer_generation", 0},
                                 {"settings_tried", int(models.size())},
                                 {"knee", QString::fromStdString(knee->hash)},
                                 {"exit_blocks", positions},
                                 {"heads", heads}};
        out.push_back({1, {"hadas.inner/1", QJsonDocument(record).toJson(QJsonDocument::Compact).toStdString()}});
    }
    return out;
}

struct StoredHadasRun {
    std::int64_t runId = -1;
    std::vector<core::Candidate> candidates;  ///< hadasRunCandidates() with their store ids and links
};

/// Writes hadasRunCandidates(rule) as a run of method "hadas" on `device`: the backbones in one
/// generation, their dynamic models (levelParent = the backbones' store ids) in the next, as the
/// engine commits them.
inline StoredHadasRun writeHadasRun(const std::string& db, const std::string& rule = "threshold",
                                    const std::string& status = "finished") {
    search::RunConfig config;
    config.method = "hadas";
    config.device = "jetson-agx-xavier";
    config.objectives = {"accuracy", "latency", "energy"};
    store::RunStore writer = search::openRunStore(db);
    store::RunRecord record;
    record.name = "hadas (hand-made records)";
    record.method = "hadas";
    record.configJson = search::toJson(config);
    record.status = "running";
    StoredHadasRun run;
    run.runId = writer.createRun(record);
    std::vector<core::Candidate> all = hadasRunCandidates(rule);
    std::vector<core::Candidate> backbones(all.begin(), all.begin() + 6), inner(all.begin() + 6, all.end());
    std::map<std::int64_t, std::int64_t> storedId;
    for (core::Candidate& c : backbones)
        c.id = -1;
    store::GenerationRecord first;
    first.generation = 0;
    first.evaluations = std::int64_t(backbones.size());
    for (std::size_t k = 0; k < backbones.size(); ++k)
        first.frontCandidateIds.push_back(store::RunStore::newCandidateRef(k));
    const std::vector<std::int64_t> ids = writer.commitGeneration(run.runId, first, backbones);
    for (std::size_t i = 0; i < ids.size(); ++i) {
        storedId[all[i].id] = ids[i];
        backbones[i].id = ids[i];
    }
    for (core::Candidate& c : inner) {
        c.id = -1;
        c.levelParent = storedId.at(*c.levelParent);
    }
    // The inner searches' outcomes, committed with the dynamic models, name the backbones' store ids.
    std::vector<core::Candidate> linked = backbones;
    linked.insert(linked.end(), inner.begin(), inner.end());
    store::GenerationRecord second;
    second.generation = 1;
    second.evaluations = std::int64_t(all.size());
    for (const store::MethodStateRecord& r : innerRunRecords(linked))
        second.records.push_back(r.record);
    for (std::size_t k = 0; k < inner.size(); ++k)
        second.frontCandidateIds.push_back(store::RunStore::newCandidateRef(k));
    const std::vector<std::int64_t> innerIds = writer.commitGeneration(run.runId, second, inner);
    for (std::size_t i = 0; i < innerIds.size(); ++i)
        inner[i].id = innerIds[i];
    writer.setRunStatus(run.runId, status);
    run.candidates = backbones;
    run.candidates.insert(run.candidates.end(), inner.begin(), inner.end());
    return run;
}

} // namespace edgenas::test::hadas
