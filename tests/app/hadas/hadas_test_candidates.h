#pragma once

// Hand-made HADAS candidates for the panel test and the screenshot harness: backbones with
// their "hadas.backbone/1" records (some searched at the inner level) and dynamic models with
// "hadas.dynamic/1" records linked to their backbone by levelParent, with the metrics the
// engine gives them (accuracy trained, latency and energy modelled).

#include "../../widgets/hadas/hadas_test_records.h"

#include "core/candidate.h"
#include "search/hadas/hadas_records.h"
#include "search/run_config.h"
#include "search/run_database.h"
#include "store/run_store.h"

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

inline core::Candidate backboneCandidate(std::int64_t id, int variant, bool searched, int generation = 0) {
    const search::HadasBackboneRecord b = backbone(variant, searched);
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
    const bool searched[6] = {false, true, true, false, true, false};
    for (int i = 0; i < 6; ++i)
        out.push_back(backboneCandidate(10 + i, i, searched[i], i / 3));
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
    store::GenerationRecord second;
    second.generation = 1;
    second.evaluations = std::int64_t(all.size());
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
