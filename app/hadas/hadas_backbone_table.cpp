#include "hadas_backbone_table.h"

// Its texts keep the translation context of the panel they were written in first.
#include "hadas_panel.h"
#include "hadas_figures.h"
#include "panel_table.h"

#include "widgets/hadas/hadas_record_checks.h"
#include "widgets/metric_naming.h"

#include <QLocale>
#include <QTableWidget>

#include <algorithm>
#include <cmath>

namespace edgenas::app {

namespace {

enum BackboneColumn {
    BackboneIdColumn,
    BackboneGenerationColumn,
    InnerColumn,
    BackboneAccuracyColumn,
    BackboneLatencyColumn,
    BackboneEnergyColumn,
    BlocksColumn,
    MacsColumn,
    BackboneColumnCount
};

} // namespace

HadasBackboneTable::HadasBackboneTable() {
    m_table = panelTable({HadasPanel::tr("Backbone"), HadasPanel::tr("Gen."), HadasPanel::tr("Inner search"), HadasPanel::tr("Accuracy"), HadasPanel::tr("Latency [ms]"),
                          HadasPanel::tr("Energy [mJ]"), HadasPanel::tr("Blocks"), HadasPanel::tr("MACs")}, QAbstractItemView::SingleSelection, 60);
    m_table->setObjectName(QStringLiteral("hadasBackboneTable"));
    m_table->horizontalHeaderItem(BackboneAccuracyColumn)->setToolTip(HadasPanel::tr("The static backbone, validation split"));
    m_table->horizontalHeaderItem(InnerColumn)
        ->setToolTip(HadasPanel::tr("Backbones that survived the outer selection get trained exit heads and an inner search over "
                        "exits, thresholds and the DVFS point"));
}

void HadasBackboneTable::fill(std::vector<Row> order, std::int64_t shownId) {
    m_table->setSortingEnabled(false);
    m_table->clearContents();
    m_table->setRowCount(0);
    // Searched backbones first (they have inner fronts), then the rest, each by store id.
    std::stable_sort(order.begin(), order.end(), [](const Row& a, const Row& b) {
        if (a.record.searchedInner != b.record.searchedInner)
            return a.record.searchedInner;
        return a.candidate->id < b.candidate->id;
    });
    for (const Row& rowData : order) {
        const search::HadasBackboneRecord& record = rowData.record;
        const core::Candidate& c = *rowData.candidate;
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        QTableWidgetItem* first = panelCell(QString::number(c.id), HadasPanel::tr("Backbone %1 (network %2)").arg(c.id).arg(QString::fromStdString(c.hash)));
        first->setData(kPanelIdRole, qlonglong(c.id));
        m_table->setItem(row, BackboneIdColumn, first);
        m_table->setItem(row, BackboneGenerationColumn, panelCell(QString::number(c.generation)));
        const int models = rowData.dynamicModels;
        const QString inner = record.searchedInner ? HadasPanel::tr("%n model(s)", nullptr, models) : QStringLiteral("—");
        m_table->setItem(
            row, InnerColumn,
            panelCell(inner, record.searchedInner ? HadasPanel::tr("%n trained exit head(s)", nullptr, int(record.exits.size()))
                                             : HadasPanel::tr("Not selected for the inner search")));
        const double accuracy = metricOr(c, "accuracy", record.supernetAccuracy);
        m_table->setItem(row, BackboneAccuracyColumn,
                                 panelCell(widgets::percentText(accuracy), provenanceOr(c, "accuracy", HadasPanel::tr("supernet weights"))));
        m_table->setItem(row, BackboneLatencyColumn,
                                 panelCell(panelNumber(metricOr(c, "latency_ms", std::nan("")), 3), provenanceOr(c, "latency_ms", {})));
        m_table->setItem(row, BackboneEnergyColumn,
                                 panelCell(panelNumber(metricOr(c, "energy_mj", std::nan("")), 4), provenanceOr(c, "energy_mj", {})));
        m_table->setItem(row, BlocksColumn, panelCell(QString::number(record.blocks.size())));
        double macs = record.stemMacs + record.finalHeadMacs;
        for (const search::HadasBlock& block : record.blocks)
            macs += block.macs;
        m_table->setItem(row, MacsColumn,
                                 panelCell(QLocale().toString(macs / 1e6, 'f', 1) + QStringLiteral(" M"),
                                      widgets::formatMetricValue(QStringLiteral("macs"), macs) + HadasPanel::tr(" MACs, counted")));
        if (!record.searchedInner)
            for (int col = 0; col < BackboneColumnCount; ++col)
                m_table->item(row, col)->setForeground(m_table->palette().color(QPalette::Disabled, QPalette::Text));
    }
    if (shownId >= 0)
        selectPanelRowQuietly(m_table, panelRowOfId(m_table, shownId));
}

} // namespace edgenas::app
