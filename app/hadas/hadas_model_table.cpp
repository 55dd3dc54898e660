#include "hadas_model_table.h"

// Its texts keep the translation context of the panel they were written in first.
#include "hadas_panel.h"
#include "hadas_figures.h"
#include "panel_table.h"

#include "widgets/hadas/hadas_record_checks.h"
#include "widgets/metric_naming.h"

#include <QLocale>
#include <QTableWidget>

#include <cmath>

namespace edgenas::app {

namespace {

constexpr int kSortRole = Qt::UserRole + 2;

enum InnerColumn {
    InnerIdColumn,
    ExitsColumn,
    RuleColumn,
    PointColumn,
    InnerAccuracyColumn,
    InnerLatencyColumn,
    InnerEnergyColumn,
    SavingColumn,
    InnerColumnCount
};

} // namespace

HadasModelTable::HadasModelTable() {
    m_table = panelTable({HadasPanel::tr("Model"), HadasPanel::tr("Exits at"), HadasPanel::tr("Rule"), HadasPanel::tr("DVFS point"), HadasPanel::tr("Accuracy"), HadasPanel::tr("Latency [ms]"),
                          HadasPanel::tr("Energy [mJ]"), HadasPanel::tr("vs static")}, QAbstractItemView::SingleSelection, 60);
    m_table->setObjectName(QStringLiteral("hadasInnerTable"));
    m_table->horizontalHeaderItem(SavingColumn)
        ->setToolTip(HadasPanel::tr("Energy of the dynamic model against the static backbone at maximum clocks"));
}

void HadasModelTable::clear() {
    m_table->clearContents();
    m_table->setRowCount(0);
    m_identities.clear();
}

HadasModelTable::Listed HadasModelTable::fill(const std::vector<Model>& models, double staticEnergy,
                                              const std::string& kneeHash) {
    clear();
    Listed listed;
    for (const Model& in : models) {
        const core::Candidate& c = *in.candidate;
        const search::HadasDynamicRecord& r = *in.record;
        const double accuracy = metricOr(c, "accuracy", r.exitsDvfs.accuracy);
        const double energy = metricOr(c, "energy_mj", r.exitsDvfs.energyMj);
        const double latency = metricOr(c, "latency_ms", r.exitsDvfs.latencyMs);
        const QString caveat = widgets::accuracyCaveat(r);
        listed.oracle = listed.oracle || !caveat.isEmpty();
        listed.costSource = provenanceOr(c, "energy_mj", QString::fromStdString(r.costProvenance));
        const double base = std::isfinite(staticEnergy) ? staticEnergy : r.staticMaxClock.energyMj;
        widgets::InnerFrontPoint p;
        p.identity = QString::fromStdString(c.hash);
        p.errorPercent = 100.0 * (1.0 - accuracy);
        p.energyMj = energy;
        p.details = HadasPanel::tr("Dynamic model %1\nexits at %2 · %3\nDVFS: %4\naccuracy %5%6 · %7 mJ · %8 ms (%9)")
                        .arg(c.id)
                        .arg(exitsText(r.exitBlocks), widgets::ruleText(r), QString::fromStdString(r.operatingPoint),
                             widgets::percentText(accuracy), caveat.isEmpty() ? QString() : QStringLiteral(" (") + caveat + QStringLiteral(")"),
                             panelNumber(energy), panelNumber(latency, 3), listed.costSource);
        listed.points.push_back(p);
        m_identities.push_back(p.identity);

        const int row = m_table->rowCount();
        m_table->insertRow(row);
        const bool isKnee = !kneeHash.empty() && c.hash == kneeHash;
        if (isKnee)
            p.details += HadasPanel::tr("\nThe knee of this backbone's inner front (the search's choice for it)");
        QTableWidgetItem* first = panelCell(isKnee ? HadasPanel::tr("%1 (knee)").arg(c.id) : QString::number(c.id), p.details);
        first->setData(kPanelIdRole, qlonglong(c.id));
        m_table->setItem(row, InnerIdColumn, first);
        m_table->setItem(row, ExitsColumn, panelCell(exitsText(r.exitBlocks)));
        m_table->setItem(row, RuleColumn, panelCell(r.rule == "threshold"
                                                        ? QStringLiteral("τ %1").arg(widgets::thresholdText(r))
                                                        : QString::fromStdString(r.rule),
                                                    widgets::ruleText(r)));
        m_table->setItem(row, PointColumn, panelCell(QString::fromStdString(r.operatingPoint)));
        QTableWidgetItem* acc = panelCell(widgets::percentText(accuracy) + (caveat.isEmpty() ? QString() : QStringLiteral(" †")),
                                     caveat.isEmpty() ? provenanceOr(c, "accuracy", {}) : caveat);
        if (!caveat.isEmpty())
            acc->setForeground(QColor(0xc0, 0x39, 0x2b));
        m_table->setItem(row, InnerAccuracyColumn, acc);
        m_table->setItem(row, InnerLatencyColumn, panelCell(panelNumber(latency, 3), listed.costSource));
        m_table->setItem(row, InnerEnergyColumn, panelCell(panelNumber(energy), listed.costSource));
        m_table->setItem(row, SavingColumn,
                              panelCell(base > 0.0 ? QLocale().toString(100.0 * (energy / base - 1.0), 'f', 0) + QStringLiteral(" %")
                                              : QStringLiteral("—")));
        m_table->item(row, InnerIdColumn)->setData(kSortRole, energy);
    }
    return listed;
}

void HadasModelTable::markFront(const std::function<bool(const QString& identity)>& onFront) {
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (onFront(m_identities[std::size_t(row)])) {
            QFont bold = m_table->font();
            bold.setBold(true);
            for (int col = 0; col < InnerColumnCount; ++col)
                m_table->item(row, col)->setFont(bold);
            m_table->item(row, InnerIdColumn)->setToolTip(m_table->item(row, InnerIdColumn)->toolTip() +
                                                               HadasPanel::tr("\nOn the inner front (bold)"));
        }
    }
}

} // namespace edgenas::app
