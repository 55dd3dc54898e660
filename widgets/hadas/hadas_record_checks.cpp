#include "hadas_record_checks.h"

#include <QCoreApplication>
#include <QLocale>

#include <cmath>

namespace edgenas::widgets {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("edgenas::widgets::HadasViews", text); }

} // namespace

QString backboneRecordProblem(const search::HadasBackboneRecord& backbone) {
    if (backbone.blocks.empty())
        return tr("the backbone record has no blocks");
    for (std::size_t i = 0; i < backbone.exits.size(); ++i) {
        const int block = backbone.exits[i].block;
        if (block < 0 || block >= int(backbone.blocks.size()))
            return tr("trained head %1 reads block %2, but the backbone has %3 blocks")
                .arg(i)
                .arg(block)
                .arg(backbone.blocks.size());
    }
    return {};
}

QString exitRecordProblem(const search::HadasDynamicRecord& dynamic, const search::HadasBackboneRecord* backbone) {
    // Empty rates or accuracies mean "not computed"; the views say so instead of drawing them.
    const std::size_t expected = dynamic.exitBlocks.size() + 1;
    if (!dynamic.exitRates.empty() && dynamic.exitRates.size() != expected)
        return tr("exitRates has %1 entries, but %2 chosen exits need %3 (one per exit and the final head)")
            .arg(dynamic.exitRates.size())
            .arg(dynamic.exitBlocks.size())
            .arg(expected);
    if (!dynamic.exitAccuracy.empty() && dynamic.exitAccuracy.size() != expected)
        return tr("exitAccuracy has %1 entries, but %2 chosen exits need %3 (one per exit and the final head)")
            .arg(dynamic.exitAccuracy.size())
            .arg(dynamic.exitBlocks.size())
            .arg(expected);
    for (std::size_t i = 1; i < dynamic.exitBlocks.size(); ++i)
        if (dynamic.exitBlocks[i] <= dynamic.exitBlocks[i - 1])
            return tr("exitBlocks is not strictly ascending at entry %1").arg(i);
    if (backbone)
        for (int block : dynamic.exitBlocks)
            if (block < 0 || block >= int(backbone->blocks.size()))
                return tr("a chosen exit reads block %1, but the backbone has %2 blocks")
                    .arg(block)
                    .arg(backbone->blocks.size());
    double sum = 0.0;
    for (double rate : dynamic.exitRates) {
        if (!std::isfinite(rate) || rate < 0.0 || rate > 1.0)
            return tr("an exit rate of %1 is outside [0, 1]").arg(rate);
        sum += rate;
    }
    if (!dynamic.exitRates.empty() && std::abs(sum - 1.0) > 1e-3)
        return tr("the exit rates sum to %1, not 1").arg(sum);
    return {};
}

QString dvfsRecordProblem(const search::HadasDynamicRecord& dynamic) {
    for (const search::HadasDomainLevels& domain : dynamic.domains) {
        const QString name = QString::fromStdString(domain.name);
        if (domain.levelsMhz.empty())
            return tr("DVFS domain '%1' has no levels").arg(name);
        if (domain.chosen < 0 || domain.chosen >= int(domain.levelsMhz.size()))
            return tr("DVFS domain '%1' chooses level %2 of %3").arg(name).arg(domain.chosen).arg(domain.levelsMhz.size());
    }
    if (dynamic.sweepEnergyMj.size() != dynamic.sweepMhz.size())
        return tr("sweepEnergyMj has %1 entries for %2 frequencies in sweepMhz")
            .arg(dynamic.sweepEnergyMj.size())
            .arg(dynamic.sweepMhz.size());
    if (!dynamic.sweepLatencyMs.empty() && dynamic.sweepLatencyMs.size() != dynamic.sweepMhz.size())
        return tr("sweepLatencyMs has %1 entries for %2 frequencies in sweepMhz")
            .arg(dynamic.sweepLatencyMs.size())
            .arg(dynamic.sweepMhz.size());
    return {};
}

QString accuracyCaveat(const search::HadasDynamicRecord& dynamic) {
    if (dynamic.rule == "oracle" || !dynamic.deployable)
        return tr("upper bound, not deployable");
    return {};
}

QString ruleText(const search::HadasDynamicRecord& dynamic) {
    if (dynamic.rule == "oracle")
        return tr("oracle: a sample leaves at the first exit that is correct");
    if (dynamic.rule == "threshold")
        return tr("calibrated softmax %1").arg(thresholdText(dynamic));
    if (dynamic.rule == "mean")
        return tr("mean over the exits (every exit weighted alike)");
    return QString::fromStdString(dynamic.rule);
}

QString thresholdText(const search::HadasDynamicRecord& dynamic) {
    return (dynamic.strictThreshold ? QStringLiteral("> ") : QStringLiteral("≥ ")) +
           QLocale().toString(dynamic.threshold, 'f', 2);
}

QString percentText(double fraction) {
    if (!std::isfinite(fraction) || fraction < 0.0)
        return QStringLiteral("—");
    return QLocale().toString(100.0 * fraction, 'f', 1) + QStringLiteral(" %");
}

} // namespace edgenas::widgets
