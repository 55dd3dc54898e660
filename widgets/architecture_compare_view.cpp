#include "architecture_compare_view.h"

#include "architecture_text.h"
#include "metric_naming.h"

#include "core/architecture_json.h"
#include "core/shape_inference.h"

#include <QCheckBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>
#include <exception>
#include <optional>
#include <tuple>

namespace edgenas::widgets {

namespace {

// What makes two layers "the same" for the diff.
struct LayerKey {
    core::OpType op;
    int kernel;
    int stride;
    int expansion;
    core::TensorShape shape;  // output shape: channels and resolution

    friend bool operator==(const LayerKey&, const LayerKey&) = default;
};

struct Parsed {
    std::optional<core::Architecture> architecture;
    std::vector<core::TensorShape> shapes;
    QString error;
};

Parsed parse(const core::Candidate& candidate) {
    Parsed parsed;
    try {
        parsed.architecture = core::architectureFromJson(candidate.architectureJson);
        parsed.shapes = core::inferShapes(*parsed.architecture);
    } catch (const std::exception& e) {
        parsed.architecture.reset();
        parsed.error = QString::fromUtf8(e.what());
    }
    return parsed;
}

QTableWidgetItem* readOnlyItem(const QString& text) {
    auto* item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return item;
}

} // namespace

ArchitectureCompareView::ArchitectureCompareView(QWidget* parent) : QWidget(parent) {
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_onlyDifferences = new QCheckBox(tr("Only differing layers"), this);
    m_metrics = new QTableWidget(this);
    m_metrics->setObjectName(QStringLiteral("compareMetrics"));
    m_layers = new QTableWidget(this);
    m_layers->setObjectName(QStringLiteral("compareLayers"));
    for (QTableWidget* table : {m_metrics, m_layers}) {
        table->setEditTriggers(QAbstractItemView::NoEditTriggers);
        table->setWordWrap(false);
        table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
        table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
        table->horizontalHeader()->setStretchLastSection(true);
    }

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_summary, 1);
    bar->addWidget(m_onlyDifferences);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_metrics);
    splitter->addWidget(m_layers);
    splitter->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(splitter, 1);

    connect(m_onlyDifferences, &QCheckBox::toggled, this, [this] { applyRowVisibility(); });
    rebuild();
}

void ArchitectureCompareView::setCandidates(const std::vector<core::Candidate>& candidates) {
    m_candidates = candidates;
    rebuild();
}

void ArchitectureCompareView::clearView() {
    m_candidates.clear();
    rebuild();
}

int ArchitectureCompareView::layerCount() const { return m_layers->rowCount(); }

void ArchitectureCompareView::rebuild() {
    m_metrics->clear();
    m_layers->clear();
    m_metrics->setRowCount(0);
    m_layers->setRowCount(0);
    m_rowDiffers.clear();
    m_differing = 0;
    const int count = static_cast<int>(m_candidates.size());
    if (count < 2) {
        m_metrics->setColumnCount(0);
        m_layers->setColumnCount(0);
        m_summary->setText(tr("Select two or more candidates to compare them."));
        return;
    }

    QStringList headers;
    for (const core::Candidate& c : m_candidates)
        headers << tr("Candidate %1").arg(c.id);

    // Metrics: union of names in order of first appearance; best per row in bold.
    QStringList names;
    for (const core::Candidate& c : m_candidates)
        for (const core::Metric& m : c.metrics)
            if (!names.contains(QString::fromStdString(m.name)))
                names << QString::fromStdString(m.name);
    m_metrics->setColumnCount(count);
    m_metrics->setRowCount(static_cast<int>(names.size()));
    m_metrics->setHorizontalHeaderLabels(headers);
    for (int r = 0; r < names.size(); ++r) {
        const std::string name = names[r].toStdString();
        const bool maximise = isMaximisedMetric(names[r]);
        std::optional<double> best;
        QString unit;
        for (const core::Candidate& c : m_candidates)
            if (const core::Metric* m = c.metric(name); m && std::isfinite(m->value)) {
                if (!best || (maximise ? m->value > *best : m->value < *best))
                    best = m->value;
                if (unit.isEmpty())
                    unit = QString::fromStdString(m->unit);
            }
        m_metrics->setVerticalHeaderItem(r, new QTableWidgetItem(metricLabelWithUnit(names[r], unit)));
        for (int col = 0; col < count; ++col) {
            const core::Metric* m = m_candidates[static_cast<std::size_t>(col)].metric(name);
            auto* item = readOnlyItem(m ? formatMetricValue(names[r], m->value) : QStringLiteral("–"));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (m) {
                item->setToolTip(tr("%1 = %2 %3\nprovenance: %4")
                                     .arg(names[r], QString::number(m->value, 'g', 10), QString::fromStdString(m->unit),
                                          provenanceLabel(m->provenance)));
                if (best && m->value == *best) {
                    QFont bold = font();
                    bold.setBold(true);
                    item->setFont(bold);
                }
            }
            m_metrics->setItem(r, col, item);
        }
    }

    // Layers, aligned by node position.
    std::vector<Parsed> parsed;
    parsed.reserve(m_candidates.size());
    int rows = 0;
    QStringList problems;
    for (const core::Candidate& c : m_candidates) {
        parsed.push_back(parse(c));
        if (parsed.back().architecture)
            rows = std::max(rows, static_cast<int>(parsed.back().architecture->nodes.size()));
        else
            problems << tr("candidate %1: %2").arg(c.id).arg(parsed.back().error);
    }
    m_layers->setColumnCount(count);
    m_layers->setRowCount(rows);
    m_layers->setHorizontalHeaderLabels(headers);
    m_rowDiffers.assign(static_cast<std::size_t>(rows), false);
    QColor differ = palette().color(QPalette::Highlight);
    differ.setAlpha(palette().color(QPalette::Base).lightness() < 128 ? 90 : 55);
    QFont bold = font();
    bold.setBold(true);
    for (int r = 0; r < rows; ++r) {
        std::vector<std::optional<LayerKey>> keys(static_cast<std::size_t>(count));
        for (int col = 0; col < count; ++col) {
            const Parsed& p = parsed[static_cast<std::size_t>(col)];
            if (!p.architecture || r >= static_cast<int>(p.architecture->nodes.size()))
                continue;
            const core::Node& node = p.architecture->nodes[static_cast<std::size_t>(r)];
            keys[static_cast<std::size_t>(col)] =
                LayerKey{node.op, node.kernel, node.stride, node.expansion, p.shapes[static_cast<std::size_t>(r)]};
        }
        bool differs = false;
        for (int col = 1; col < count; ++col)
            differs = differs || keys[static_cast<std::size_t>(col)] != keys[0];
        m_rowDiffers[static_cast<std::size_t>(r)] = differs;
        if (differs)
            ++m_differing;
        for (int col = 0; col < count; ++col) {
            const Parsed& p = parsed[static_cast<std::size_t>(col)];
            QTableWidgetItem* item;
            if (!keys[static_cast<std::size_t>(col)]) {
                item = readOnlyItem(QStringLiteral("–"));
            } else {
                const core::Node& node = p.architecture->nodes[static_cast<std::size_t>(r)];
                item = readOnlyItem(QStringLiteral("%1  → %2")
                                        .arg(describeNode(node), shapeText(p.shapes[static_cast<std::size_t>(r)])));
                if (!node.label.empty())
                    item->setToolTip(QString::fromStdString(node.label));
            }
            if (differs) {
                item->setBackground(differ);
                // Bold marks the cells that differ from the first candidate's.
                if (col > 0 && keys[static_cast<std::size_t>(col)] != keys[0])
                    item->setFont(bold);
            }
            m_layers->setItem(r, col, item);
        }
        m_layers->setVerticalHeaderItem(r, new QTableWidgetItem(QString::number(r)));
    }
    m_metrics->resizeColumnsToContents();
    m_layers->resizeColumnsToContents();

    QString summary = tr("%n layer(s) differ", nullptr, m_differing) + tr(" of %1.").arg(rows);
    if (!problems.isEmpty())
        summary += QLatin1Char(' ') + tr("Not comparable: %1").arg(problems.join(QStringLiteral("; ")));
    m_summary->setText(summary);
    applyRowVisibility();
}

void ArchitectureCompareView::applyRowVisibility() {
    const bool only = m_onlyDifferences->isChecked();
    for (int r = 0; r < m_layers->rowCount(); ++r)
        m_layers->setRowHidden(r, only && !m_rowDiffers[static_cast<std::size_t>(r)]);
}

void ArchitectureCompareView::changeEvent(QEvent* event) {
    if ((event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) && m_layers)
        rebuild();
    QWidget::changeEvent(event);
}

} // namespace edgenas::widgets
