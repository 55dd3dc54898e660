#pragma once

#include "search/hadas/hadas_records.h"

#include <QString>

namespace edgenas::widgets {

// What the HADAS views need of the engine's records before they draw them. Each returns why the
// records cannot be drawn, naming the field, or an empty string when they fit together.

/// Blocks and trained heads: heads read existing blocks.
QString backboneRecordProblem(const search::HadasBackboneRecord& backbone);
/// Chosen exits, exit rates and per-exit accuracy: one entry per chosen exit plus the final head
/// (or none: not computed), exits ascending and (with a backbone) inside it; rates in [0, 1]
/// summing to 1.
QString exitRecordProblem(const search::HadasDynamicRecord& dynamic, const search::HadasBackboneRecord* backbone);
/// DVFS domains (chosen level inside the levels) and the frequency sweep (equal lengths).
QString dvfsRecordProblem(const search::HadasDynamicRecord& dynamic);

/// "upper bound, not deployable" for the oracle rule (or any record marked not deployable),
/// empty otherwise: every accuracy of such a model is shown with it.
QString accuracyCaveat(const search::HadasDynamicRecord& dynamic);
/// How the rule decides where a sample leaves, in a few words ("calibrated softmax > 0.80").
QString ruleText(const search::HadasDynamicRecord& dynamic);
/// The threshold as a comparison: "> 0.80" (strict, the default) or "≥ 0.80".
QString thresholdText(const search::HadasDynamicRecord& dynamic);
/// Accuracy as a percentage with one decimal ("87.3 %"); a dash when not known (< 0).
QString percentText(double fraction);

} // namespace edgenas::widgets
