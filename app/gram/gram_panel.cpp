#include "gram_panel.h"

#include "gram_sweep_drawing.h"
#include "panel_table.h"

#include "widgets/gram/entropy_plot.h"
#include "widgets/gram/meta_graph_view.h"
#include "widgets/metric_naming.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSlider>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <exception>

namespace edgenas::app {

namespace {

constexpr int kPlayIntervalMs = 450;
constexpr int kIdentityRole = Qt::UserRole + 1;

enum PruningColumn { StepColumn, EdgeColumn, LogitColumn, PruningMacsColumn, PruningParamsColumn, PruningLatencyColumn,
                     PruningAccuracyColumn, PruningColumnCount };
enum FamilyColumn {
    BudgetColumn,
    FamilyMacsColumn,
    FamilyParamsColumn,
    FamilyLatencyColumn,
    ValidationColumn,
    TestColumn,
    DensityParamsColumn,
    DensityMacsColumn,
    FamilyColumnCount
};

// -1 stands for "not known" in the records (latency without a cost source, untrained accuracy).
QString known(double value, int digits = 4) { return value >= 0.0 ? panelNumber(value, digits) : QStringLiteral("—"); }

QString count(double value) { return widgets::formatMetricValue(QStringLiteral("macs"), value); }

} // namespace

GramPanel::GramPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("gramPanel"));
    m_view = new widgets::MetaGraphView;
    m_view->setObjectName(QStringLiteral("metaGraphView"));
    m_entropy = new widgets::EntropyPlot;
    m_entropy->setObjectName(QStringLiteral("entropyPlot"));

    m_play = new QToolButton;
    m_play->setObjectName(QStringLiteral("gramPlay"));
    m_play->setAutoRaise(true);
    m_slider = new QSlider(Qt::Horizontal);
    m_slider->setObjectName(QStringLiteral("gramSweepSlider"));
    m_slider->setPageStep(1);
    m_slider->setToolTip(tr("The meta-graph after each sweep"));
    m_slider->setMinimumWidth(120);
    // The sweep's caption sits beside the player rather than on a line of its own: docked below
    // the plot, the panel has little height to spare.
    m_sweepLabel = new QLabel;
    m_sweepLabel->setObjectName(QStringLiteral("gramSweepCaption"));
    m_sweepLabel->setWordWrap(true);
    m_view->setCaptionVisible(false);
    auto* controls = new QHBoxLayout;
    controls->setContentsMargins(0, 0, 0, 0);
    controls->addWidget(m_play);
    controls->addWidget(m_slider, 2);
    controls->addWidget(m_sweepLabel, 3);

    m_problemLabel = new QLabel;
    m_problemLabel->setWordWrap(true);
    m_problemLabel->setStyleSheet(QStringLiteral("color: #c0392b"));
    m_problemLabel->hide();

    auto* graphBox = new QWidget;
    auto* graphLayout = new QVBoxLayout(graphBox);
    graphLayout->setContentsMargins(0, 0, 0, 0);
    graphLayout->setSpacing(2);
    graphLayout->addLayout(controls);
    graphLayout->addWidget(m_view, 1);
    graphLayout->addWidget(m_problemLabel);

    m_pruningTable = panelTable(
        {tr("Step"), tr("Edge removed"), tr("Weight"), tr("MACs"), tr("Params"), tr("Latency [ms]"), tr("Accuracy")}, QAbstractItemView::ExtendedSelection, 40);
    m_pruningTable->setObjectName(QStringLiteral("gramPruningTable"));
    m_pruningTable->horizontalHeaderItem(LogitColumn)
        ->setToolTip(tr("The edge's logit W in the final meta-graph: pruning removes the lowest first"));
    m_pruningTable->horizontalHeaderItem(PruningAccuracyColumn)
        ->setToolTip(tr("Where known: test accuracy of a trained family member, the run's stored accuracy of that "
                        "network, or the proxy reward of a proxy-validated step"));
    m_pruningNote = new QLabel;
    m_pruningNote->setWordWrap(true);
    auto* pruningBox = new QWidget;
    auto* pruningLayout = new QVBoxLayout(pruningBox);
    pruningLayout->setContentsMargins(0, 0, 0, 0);
    pruningLayout->addWidget(m_pruningNote);
    pruningLayout->addWidget(m_pruningTable, 1);

    m_familyTable = panelTable({tr("Budget"), tr("MACs"), tr("Params"), tr("Latency [ms]"), tr("Val. accuracy"),
                               tr("Test accuracy"), tr("Density [%/M params]"), tr("Density [%/M MACs]")}, QAbstractItemView::ExtendedSelection, 40);
    m_familyTable->setObjectName(QStringLiteral("gramFamilyTable"));
    m_familyTable->horizontalHeaderItem(BudgetColumn)
        ->setToolTip(tr("The MAC budget as a share of the most probable graph's MACs; the member is the first "
                        "pruned graph at or below it"));
    const QString density =
        tr("Accuracy density: top-1 test accuracy in percent divided by the %1 in millions (Canziani et al.'s accuracy "
           "per parameter; SwiftNet reports 63.28 % / 2.07 M params = 30.6 %/M). Shown once the member is trained.");
    m_familyTable->horizontalHeaderItem(DensityParamsColumn)->setToolTip(density.arg(tr("parameters")));
    m_familyTable->horizontalHeaderItem(DensityMacsColumn)->setToolTip(density.arg(tr("MACs")));
    m_familyTable->horizontalHeaderItem(ValidationColumn)
        ->setToolTip(tr("Trained; the split the family was chosen on"));
    m_familyTable->horizontalHeaderItem(TestColumn)->setToolTip(tr("Trained; measured once on the test split"));

    auto* tabs = new QTabWidget;
    tabs->setObjectName(QStringLiteral("gramTabs"));
    tabs->addTab(m_familyTable, tr("Family"));
    tabs->addTab(pruningBox, tr("Pruning"));
    tabs->addTab(m_entropy, tr("Entropy"));

    m_splitter = new QSplitter(Qt::Vertical);
    m_splitter->addWidget(graphBox);
    m_splitter->addWidget(tabs);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_splitter);

    m_player.setInterval(kPlayIntervalMs);
    connect(&m_player, &QTimer::timeout, this, &GramPanel::advance);
    connect(m_play, &QToolButton::clicked, this, [this] { isPlaying() ? pause() : play(); });
    connect(m_slider, &QSlider::valueChanged, this, &GramPanel::showIndex);
    // Choosing rows in either table selects those networks in the window.
    connect(m_pruningTable, &QTableWidget::itemSelectionChanged, this,
            [this] { tableSelectionChanged(m_pruningTable); });
    connect(m_familyTable, &QTableWidget::itemSelectionChanged, this, [this] { tableSelectionChanged(m_familyTable); });
    connect(this, &GramPanel::selectionRequested, this, [this](const QStringList& identities) {
        std::vector<std::string> out;
        for (const QString& id : identities)
            out.push_back(id.toStdString());
        requestSelection(out);
    });
    runCleared({});
}

GramPanel::~GramPanel() = default;

void GramPanel::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    // Graph beside the tables in a wide panel, above them in a tall one; the graph gets the
    // larger share whenever the orientation changes, and the splitter stays where the user puts
    // it otherwise.
    const Qt::Orientation want = width() > height() * 3 / 2 ? Qt::Horizontal : Qt::Vertical;
    if (m_splitSet && want == m_splitter->orientation())
        return;
    m_splitSet = true;
    m_splitter->setOrientation(want);
    const int length = want == Qt::Horizontal ? width() : height();
    m_splitter->setSizes({length * 11 / 20, length - length * 11 / 20});
}

void GramPanel::runCleared(const search::RunConfig&) {
    pause();
    m_sweeps.clear();
    m_pruning.reset();
    m_candidates.clear();
    m_shown = -1;
    m_problem.clear();
    m_problemLabel->hide();
    m_view->clearView();
    m_entropy->clear();
    {
        const QSignalBlocker block(m_slider);
        m_slider->setRange(0, 0);
    }
    fillPruningTable();
    fillFamilyTable();
    updatePlayButton();
}

void GramPanel::candidatesAdded(const std::vector<core::Candidate>& candidates) {
    for (const core::Candidate& c : candidates) {
        KnownCandidate known;
        if (const core::Metric* m = c.metric("accuracy"))
            known.accuracy = m->value;
        if (const core::Metric* m = c.metric("test_accuracy"))
            known.testAccuracy = m->value;
        m_candidates.insert(QString::fromStdString(c.hash), known);
    }
    // Rows say whether their network can be selected and what accuracy is known for it.
    if (m_pruning) {
        fillPruningTable();
        fillFamilyTable();
    }
}

void GramPanel::runRecordsAdded(const std::vector<store::MethodStateRecord>& records) {
    bool prunedNow = false;
    for (const store::MethodStateRecord& r : records) {
        try {
            if (r.record.kind == search::kGramSweepRecordKind) {
                addSweep(search::gramSweepRecordFromJson(r.record.json));
            } else if (r.record.kind == search::kGramPruningRecordKind) {
                m_pruning = search::gramPruningRecordFromJson(r.record.json);
                prunedNow = true;
            }
        } catch (const std::exception& e) {
            setProblem(tr("A %1 record of generation %2 was left out: %3")
                           .arg(QString::fromStdString(r.record.kind))
                           .arg(r.generation)
                           .arg(QString::fromUtf8(e.what())));
        }
    }
    if (prunedNow) {
        fillPruningTable();
        fillFamilyTable();
    }
}

void GramPanel::addSweep(search::GramSweepRecord record) {
    const bool followLatest = !isPlaying() && (m_shown < 0 || m_shown == int(m_sweeps.size()) - 1);
    m_entropy->setSweep(record.sweep, record.edgeEntropyBits, record.opEntropyBits);
    const auto at = std::lower_bound(m_sweeps.begin(), m_sweeps.end(), record.sweep,
                                     [](const search::GramSweepRecord& r, int sweep) { return r.sweep < sweep; });
    int index = int(at - m_sweeps.begin());
    if (at != m_sweeps.end() && at->sweep == record.sweep)
        *at = std::move(record);  // the same sweep again (a re-read): the newer one stands
    else
        m_sweeps.insert(at, std::move(record));
    {
        const QSignalBlocker block(m_slider);
        m_slider->setRange(0, int(m_sweeps.size()) - 1);
    }
    if (followLatest)
        index = int(m_sweeps.size()) - 1;
    else if (index > m_shown)
        index = m_shown;  // the user looks at an older sweep: stay there
    else
        index = m_shown + 1;  // an earlier sweep was inserted before the shown one
    m_shown = -1;
    showIndex(index);
    updatePlayButton();
}

void GramPanel::showIndex(int index) {
    if (m_sweeps.empty())
        return;
    index = std::clamp(index, 0, int(m_sweeps.size()) - 1);
    if (index != m_shown) {
        m_shown = index;
        const search::GramSweepRecord& r = m_sweeps[std::size_t(index)];
        QString problem;
        m_view->setDrawing(metaGraphDrawingOf(r, int(m_sweeps.back().sweep), &problem));
        if (!problem.isEmpty())
            setProblem(problem);
        m_entropy->setMarker(r.sweep);
        m_sweepLabel->setText(m_view->captionText());
        m_sweepLabel->setToolTip(m_view->captionDetails());
    }
    if (m_slider->value() != index) {
        const QSignalBlocker block(m_slider);
        m_slider->setValue(index);
    }
}

void GramPanel::play() {
    if (m_sweeps.size() < 2)
        return;
    if (m_shown >= int(m_sweeps.size()) - 1)
        showIndex(0);
    m_player.start();
    updatePlayButton();
}

void GramPanel::pause() {
    m_player.stop();
    updatePlayButton();
}

void GramPanel::advance() {
    if (m_shown + 1 >= int(m_sweeps.size())) {
        pause();
        return;
    }
    showIndex(m_shown + 1);
    if (m_shown + 1 >= int(m_sweeps.size()))
        pause();
}

void GramPanel::updatePlayButton() {
    const bool playing = isPlaying();
    m_play->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    m_play->setToolTip(playing ? tr("Pause") : tr("Play the sweeps: watch the meta-graph concentrate"));
    m_play->setEnabled(m_sweeps.size() >= 2);
    m_slider->setEnabled(m_sweeps.size() >= 2);
    if (m_sweeps.empty()) {
        m_sweepLabel->setText(tr("No sweep yet: the meta-graph appears after the first."));
        m_sweepLabel->setToolTip({});
    }
}

void GramPanel::setProblem(const QString& text) {
    m_problem = text;
    m_problemLabel->setText(text);
    m_problemLabel->setVisible(!text.isEmpty());
}

QString GramPanel::accuracyText(const std::string& identity, double proxyReward, QString* source) const {
    if (m_pruning)
        for (const search::GramFamilyMember& m : m_pruning->family)
            if (m.hash == identity && m.testAccuracy >= 0.0) {
                *source = tr("test split, trained (family member at %1 %)").arg(100.0 * m.budgetFraction, 0, 'f', 0);
                return tr("%1 (test)").arg(panelNumber(m.testAccuracy));
            }
    const auto it = m_candidates.constFind(QString::fromStdString(identity));
    if (it != m_candidates.constEnd()) {
        if (it->testAccuracy >= 0.0) {
            *source = tr("the run's test accuracy of this network");
            return tr("%1 (test)").arg(panelNumber(it->testAccuracy));
        }
        if (it->accuracy >= 0.0) {
            *source = tr("the run's accuracy of this network (validation split)");
            return tr("%1 (val.)").arg(panelNumber(it->accuracy));
        }
    }
    if (std::isfinite(proxyReward)) {
        *source = tr("proxy reward of the proxy-validated pruning step, not an accuracy");
        return tr("%1 (proxy)").arg(panelNumber(proxyReward));
    }
    *source = tr("not known: the network was neither trained nor scored");
    return QStringLiteral("—");
}

void GramPanel::fillPruningTable() {
    m_filling = true;
    m_pruningTable->clearContents();
    m_pruningTable->setRowCount(0);
    if (!m_pruning) {
        m_pruningNote->setText(tr("No pruning yet: it runs after the last sweep."));
        m_filling = false;
        return;
    }
    const search::GramPruningRecord& p = *m_pruning;
    const QString latencySource =
        p.latencySource.empty() ? tr("no cost source") : QString::fromStdString(p.latencySource);
    m_pruningTable->horizontalHeaderItem(PruningLatencyColumn)->setText(tr("Latency [ms] (%1)").arg(latencySource));
    m_pruningNote->setText(tr("From the most probable graph (%1 MACs, %2 parameters), the lowest-weight edge is "
                              "removed until the smallest budget is met; latency: %3.")
                               .arg(count(p.startMacs), count(p.startParams), latencySource));
    auto addRow = [&](const QString& step, const QString& edge, const QString& weight, const std::string& identity,
                      double macs, double params, double latency, double proxy) {
        const int row = m_pruningTable->rowCount();
        m_pruningTable->insertRow(row);
        const bool stored = m_candidates.contains(QString::fromStdString(identity));
        const QString tip = tr("Network %1%2")
                                .arg(QString::fromStdString(identity),
                                     stored ? QString() : tr("\nnot a candidate of this run: it cannot be selected"));
        QTableWidgetItem* first = panelCell(step, tip);
        first->setData(kIdentityRole, QString::fromStdString(identity));
        m_pruningTable->setItem(row, StepColumn, first);
        m_pruningTable->setItem(row, EdgeColumn, panelCell(edge, tip));
        m_pruningTable->setItem(row, LogitColumn, panelCell(weight));
        m_pruningTable->setItem(row, PruningMacsColumn, panelCell(count(macs)));
        m_pruningTable->setItem(row, PruningParamsColumn, panelCell(count(params)));
        m_pruningTable->setItem(row, PruningLatencyColumn, panelCell(known(latency), latencySource));
        QString source;
        const QString accuracy = accuracyText(identity, proxy, &source);
        m_pruningTable->setItem(row, PruningAccuracyColumn, panelCell(accuracy, source));
        if (!stored)
            for (int c = 0; c < PruningColumnCount; ++c)
                m_pruningTable->item(row, c)->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
    };
    addRow(tr("start"), tr("— (most probable graph)"), QString(), p.startHash, p.startMacs, p.startParams,
           p.startLatencyMs, std::nan(""));
    for (std::size_t k = 0; k < p.steps.size(); ++k) {
        const search::GramPruningStep& s = p.steps[k];
        addRow(QString::number(k + 1), QStringLiteral("%1 → %2").arg(s.from).arg(s.to), panelNumber(s.edgeLogit, 3), s.hash,
               s.macs, s.params, s.latencyMs, s.proxyReward);
    }
    m_filling = false;
}

void GramPanel::fillFamilyTable() {
    m_filling = true;
    m_familyTable->clearContents();
    m_familyTable->setRowCount(0);
    if (!m_pruning) {
        m_filling = false;
        return;
    }
    for (const search::GramFamilyMember& m : m_pruning->family) {
        const int row = m_familyTable->rowCount();
        m_familyTable->insertRow(row);
        const bool stored = m_candidates.contains(QString::fromStdString(m.hash));
        const QString tip = tr("Network %1%2")
                                .arg(QString::fromStdString(m.hash),
                                     stored ? QString() : tr("\nnot a candidate of this run: it cannot be selected"));
        QTableWidgetItem* first =
            panelCell(QLocale().toString(100.0 * m.budgetFraction, 'f', 0) + QStringLiteral(" %"), tip);
        first->setData(kIdentityRole, QString::fromStdString(m.hash));
        m_familyTable->setItem(row, BudgetColumn, first);
        m_familyTable->setItem(row, FamilyMacsColumn, panelCell(count(m.macs), tip));
        m_familyTable->setItem(row, FamilyParamsColumn, panelCell(count(m.params)));
        m_familyTable->setItem(row, FamilyLatencyColumn,
                               panelCell(known(m.latencyMs), QString::fromStdString(m_pruning->latencySource)));
        m_familyTable->setItem(row, ValidationColumn, panelCell(known(m.validationAccuracy)));
        m_familyTable->setItem(row, TestColumn, panelCell(known(m.testAccuracy)));
        m_familyTable->setItem(row, DensityParamsColumn, panelCell(known(m.densityPerMParams)));
        m_familyTable->setItem(row, DensityMacsColumn, panelCell(known(m.densityPerMMacs)));
        if (!stored)
            for (int c = 0; c < FamilyColumnCount; ++c)
                m_familyTable->item(row, c)->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
    }
    m_filling = false;
}

void GramPanel::tableSelectionChanged(QTableWidget* table) {
    if (m_filling)
        return;
    // One table's choice at a time: the other's selection would no longer be what is shown.
    QTableWidget* other = table == m_familyTable ? m_pruningTable : m_familyTable;
    if (!other->selectedItems().isEmpty()) {
        const QSignalBlocker block(other);
        other->clearSelection();
    }
    QStringList identities;
    QList<int> rows;
    for (const QModelIndex& index : table->selectionModel()->selectedRows())
        rows << index.row();
    std::sort(rows.begin(), rows.end());
    for (int row : rows)
        if (QTableWidgetItem* item = table->item(row, 0)) {
            const QString identity = item->data(kIdentityRole).toString();
            if (!identity.isEmpty() && !identities.contains(identity))
                identities << identity;
        }
    if (!identities.isEmpty())
        emit selectionRequested(identities);
}

void registerGramPanel() {
    PanelSpec spec;
    spec.id = QString::fromLatin1(kGramPanelId);
    spec.title = [] { return GramPanel::tr("Meta-graph (GRAM)"); };
    // Below the plot with the candidate lists: wide enough for the graph beside its tables, and
    // the architecture and compare views stay in view for the networks chosen here.
    spec.area = Qt::BottomDockWidgetArea;
    spec.tabifyWith = QStringLiteral("table");
    spec.create = [] { return new GramPanel; };
    spec.visibleByDefault = true;
    spec.methods = {kGramMethodName};
    PanelRegistry::add(std::move(spec));
}

} // namespace edgenas::app
