#include "pareto_axis_bar.h"

#include "candidate_columns.h"
#include "metric_naming.h"
#include "pareto_plot.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

#include <algorithm>

namespace edgenas::widgets {

ParetoAxisBar::ParetoAxisBar(QWidget* parent) : QWidget(parent) {
    auto* bar = new QHBoxLayout(this);
    bar->setContentsMargins(4, 2, 4, 0);
    bar->setSpacing(2);  // as tight as the plot's own layout, so the plot keeps its width
    m_xCombo = new QComboBox(this);
    m_yCombo = new QComboBox(this);
    m_xCombo->setObjectName(QStringLiteral("paretoXAxis"));
    m_yCombo->setObjectName(QStringLiteral("paretoYAxis"));
    m_xCombo->setToolTip(ParetoPlot::tr("Metric on the horizontal axis"));
    m_yCombo->setToolTip(ParetoPlot::tr("Metric on the vertical axis"));
    m_colourCombo = new QComboBox(this);
    m_colourCombo->setObjectName(QStringLiteral("paretoColourAxis"));
    m_colourCombo->setToolTip(ParetoPlot::tr("Metric shown as the points' colour (bright is better)"));
    m_colourCombo->addItem(ParetoPlot::tr("none"), QString());
    m_logX = new QCheckBox(ParetoPlot::tr("Log x"), this);
    m_logY = new QCheckBox(ParetoPlot::tr("Log y"), this);
    m_logX->setObjectName(QStringLiteral("paretoLogX"));
    m_logY->setObjectName(QStringLiteral("paretoLogY"));
    m_counts = new QLabel(this);
    auto* reset = new QToolButton(this);
    reset->setText(ParetoPlot::tr("Reset view"));
    reset->setToolTip(ParetoPlot::tr("Fit the axes to all candidates again"));
    bar->addWidget(new QLabel(ParetoPlot::tr("X:"), this));
    bar->addWidget(m_xCombo);
    bar->addWidget(m_logX);
    bar->addSpacing(8);
    bar->addWidget(new QLabel(ParetoPlot::tr("Y:"), this));
    bar->addWidget(m_yCombo);
    bar->addWidget(m_logY);
    bar->addSpacing(8);
    bar->addWidget(new QLabel(ParetoPlot::tr("Colour:"), this));
    bar->addWidget(m_colourCombo);
    bar->addStretch(1);
    bar->addWidget(m_counts);
    bar->addWidget(reset);

    connect(m_xCombo, &QComboBox::activated, this,
            [this](int) { emit xMetricPicked(m_xCombo->currentData().toString()); });
    connect(m_yCombo, &QComboBox::activated, this,
            [this](int) { emit yMetricPicked(m_yCombo->currentData().toString()); });
    connect(m_colourCombo, &QComboBox::activated, this,
            [this](int) { emit colourMetricPicked(m_colourCombo->currentData().toString()); });
    connect(m_logX, &QCheckBox::toggled, this, &ParetoAxisBar::logXToggled);
    connect(m_logY, &QCheckBox::toggled, this, &ParetoAxisBar::logYToggled);
    connect(reset, &QToolButton::clicked, this, &ParetoAxisBar::resetViewClicked);
}

void ParetoAxisBar::showMetrics(const std::vector<MetricColumn>& columns, const QString& x, const QString& y) {
    for (QComboBox* combo : {m_xCombo, m_yCombo}) {
        const QSignalBlocker blocker(combo);
        for (const MetricColumn& column : columns)
            if (combo->findData(column.name) < 0)
                combo->addItem(metricLabelWithUnit(column.name, column.unit), column.name);
        combo->setCurrentIndex(combo->findData(combo == m_xCombo ? x : y));
    }
    const QSignalBlocker blocker(m_colourCombo);
    for (const MetricColumn& column : columns)
        if (m_colourCombo->findData(column.name) < 0)
            m_colourCombo->addItem(metricLabelWithUnit(column.name, column.unit), column.name);
    showColourMetric(m_colour);
}

void ParetoAxisBar::showColourMetric(const QString& metric) {
    m_colour = metric;
    const QSignalBlocker blocker(m_colourCombo);
    // A metric not seen yet reads as "none" until its figures arrive.
    m_colourCombo->setCurrentIndex(std::max(0, m_colourCombo->findData(metric)));
}

void ParetoAxisBar::clearMetrics() {
    for (QComboBox* combo : {m_xCombo, m_yCombo}) {
        const QSignalBlocker blocker(combo);
        combo->clear();
    }
    const QSignalBlocker blocker(m_colourCombo);
    while (m_colourCombo->count() > 1)
        m_colourCombo->removeItem(1);
}

void ParetoAxisBar::showLogScale(bool logX, bool logY) {
    const QSignalBlocker blockX(m_logX);
    const QSignalBlocker blockY(m_logY);
    m_logX->setChecked(logX);
    m_logY->setChecked(logY);
}

void ParetoAxisBar::showCounts(qlonglong candidates, qlonglong onFront, std::optional<qlonglong> onRunFront) {
    QString text = ParetoPlot::tr("%L1 candidates · %L2 on the front").arg(candidates).arg(onFront);
    if (onRunFront)
        text += ParetoPlot::tr(" · %L1 on all objectives").arg(*onRunFront);
    m_counts->setText(text);
    m_counts->setToolTip(onRunFront ? ParetoPlot::tr("On the front: non-dominated on these two axes (the step line). "
                                                     "On all objectives: the run's own front (ringed).")
                                    : QString());
}

} // namespace edgenas::widgets
