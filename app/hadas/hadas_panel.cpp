#include "hadas_panel.h"

#include "hadas_backbone_table.h"
#include "hadas_figures.h"
#include "hadas_model_table.h"
#include "panel_table.h"

#ifdef EDGENAS_HAVE_APP_EXPORT
#include "hadas_report_section.h"
#endif

#include "widgets/hadas/dynamic_model_view.h"
#include "widgets/hadas/hadas_record_checks.h"
#include "widgets/hadas/inner_front_plot.h"
#include "widgets/metric_naming.h"

#include <QLabel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>
#include <exception>
#include <set>

namespace edgenas::app {

HadasPanel::HadasPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("hadasPanel"));
    m_source = new QLabel;
    m_source->setObjectName(QStringLiteral("hadasSource"));
    m_source->setWordWrap(true);
    m_source->setTextFormat(Qt::RichText);  // the oracle's caveat in red
    m_problemLabel = new QLabel;
    m_problemLabel->setWordWrap(true);
    m_problemLabel->setStyleSheet(QStringLiteral("color: #c0392b"));
    m_problemLabel->hide();

    m_backboneTable = std::make_unique<HadasBackboneTable>();
    m_modelTable = std::make_unique<HadasModelTable>();
    m_front = new widgets::InnerFrontPlot;
    m_front->setObjectName(QStringLiteral("hadasInnerFront"));
    m_view = new widgets::DynamicModelView;
    m_view->setObjectName(QStringLiteral("hadasModelView"));

    m_lists = new QSplitter(Qt::Vertical);
    m_lists->addWidget(m_backboneTable->widget());
    m_lists->addWidget(m_front);
    m_lists->addWidget(m_modelTable->widget());
    m_lists->setStretchFactor(0, 3);
    m_lists->setStretchFactor(1, 4);
    m_lists->setStretchFactor(2, 3);
    m_lists->setChildrenCollapsible(false);
    m_listTabs = new QTabWidget;
    m_listTabs->setObjectName(QStringLiteral("hadasListTabs"));
    m_listTabs->setDocumentMode(true);
    m_listTabs->hide();
    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_lists);
    leftLayout->addWidget(m_listTabs);

    m_splitter = new QSplitter(Qt::Horizontal);
    m_splitter->addWidget(left);
    m_splitter->addWidget(m_view);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(2);
    layout->addWidget(m_source);
    layout->addWidget(m_problemLabel);
    layout->addWidget(m_splitter, 1);

    connect(m_backboneTable->widget(), &QTableWidget::itemSelectionChanged, this, &HadasPanel::backboneRowChosen);
    connect(m_modelTable->widget(), &QTableWidget::itemSelectionChanged, this, &HadasPanel::innerRowChosen);
    connect(m_front, &widgets::InnerFrontPlot::pointClicked, this, [this](const QString& identity) {
        for (const Inner& in : m_inner)
            if (QString::fromStdString(in.candidate.hash) == identity) {
                showDynamicModel(in.candidate.id);
                choose(identity);
                return;
            }
    });
    connect(this, &HadasPanel::selectionRequested, this, [this](const QStringList& identities) {
        std::vector<std::string> out;
        for (const QString& id : identities)
            out.push_back(id.toStdString());
        requestSelection(out);
    });
    runCleared({});
}

HadasPanel::~HadasPanel() = default;

QTableWidget* HadasPanel::backboneTable() const { return m_backboneTable->widget(); }

QTableWidget* HadasPanel::innerTable() const { return m_modelTable->widget(); }

void HadasPanel::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    setCompact(height() < widgets::DynamicModelView::kCompactBelowHeight);
    // The lists and the front take two fifths the first time; afterwards the user's split stays.
    if (m_splitSet || width() < 200)
        return;
    m_splitSet = true;
    m_splitter->setSizes({width() * 2 / 5, width() - width() * 2 / 5});
}

void HadasPanel::setCompact(bool compact) {
    if (compact == m_compact)
        return;
    m_compact = compact;
    if (compact) {
        m_listTabs->addTab(m_backboneTable->widget(), tr("Backbones"));
        m_listTabs->addTab(m_front, tr("Inner front"));
        m_listTabs->addTab(m_modelTable->widget(), tr("Dynamic models"));
        m_lists->hide();
        m_listTabs->show();
    } else {
        while (m_listTabs->count() > 0)
            m_listTabs->removeTab(0);
        for (QWidget* w : {static_cast<QWidget*>(m_backboneTable->widget()), static_cast<QWidget*>(m_front),
                           static_cast<QWidget*>(m_modelTable->widget())}) {
            m_lists->addWidget(w);
            w->show();
        }
        m_listTabs->hide();
        m_lists->show();
    }
}

void HadasPanel::runCleared(const search::RunConfig& config) {
    m_backbones.clear();
    m_inner.clear();
    m_backboneIndex.clear();
    m_innerIndex.clear();
    m_outcomes.clear();
    m_device = config.device;
    m_shownBackbone = -1;
    m_shownInner = -1;
    m_problem.clear();
    m_problemLabel->hide();
    fillBackboneTable();
    fillInnerFront(-1);
    m_view->clearView();
    updateSourceLine();
}

void HadasPanel::candidatesAdded(const std::vector<core::Candidate>& candidates) {
    bool newBackbone = false;
    std::set<std::int64_t> touched;
    for (const core::Candidate& c : candidates) {
        for (const core::ResultRecord& r : c.records) {
            try {
                if (r.kind == search::kHadasBackboneRecord) {
                    Backbone b{c, search::hadasBackboneRecordFromJson(r.json)};
                    if (const auto it = m_backboneIndex.constFind(c.id); it != m_backboneIndex.constEnd() && c.id >= 0)
                        m_backbones[std::size_t(*it)] = std::move(b);
                    else {
                        m_backboneIndex.insert(c.id, int(m_backbones.size()));
                        m_backbones.push_back(std::move(b));
                    }
                    newBackbone = true;
                    touched.insert(c.id);
                } else if (r.kind == search::kHadasDynamicRecord) {
                    Inner in{c, search::hadasDynamicRecordFromJson(r.json)};
                    if (const auto it = m_innerIndex.constFind(c.id); it != m_innerIndex.constEnd() && c.id >= 0)
                        m_inner[std::size_t(*it)] = std::move(in);
                    else {
                        m_innerIndex.insert(c.id, int(m_inner.size()));
                        m_inner.push_back(std::move(in));
                    }
                    touched.insert(c.levelParent.value_or(-1));
                }
            } catch (const std::exception& e) {
                setProblem(tr("The %1 record of candidate %2 was left out: %3")
                               .arg(QString::fromStdString(r.kind))
                               .arg(c.id)
                               .arg(QString::fromUtf8(e.what())));
            }
        }
    }
    if (touched.empty())
        return;
    // Inner candidates change their backbone's "inner search" cell too.
    fillBackboneTable();
    if (m_shownBackbone >= 0 && touched.count(m_shownBackbone))
        fillInnerFront(m_shownBackbone);
    if (newBackbone || touched.count(m_shownBackbone))
        showModel();
    updateSourceLine();
}

void HadasPanel::runRecordsAdded(const std::vector<store::MethodStateRecord>& records) {
    bool any = false;
    for (const store::MethodStateRecord& r : records) {
        if (r.record.kind != kHadasInnerRunRecord)
            continue;
        try {
            HadasInnerOutcome outcome = hadasInnerOutcomeFromJson(r.record.json);
            m_outcomes.insert(outcome.backboneId, std::move(outcome));
            any = true;
        } catch (const std::exception& e) {
            setProblem(tr("A %1 record of generation %2 was left out: %3")
                           .arg(QString::fromStdString(r.record.kind))
                           .arg(r.generation)
                           .arg(QString::fromUtf8(e.what())));
        }
    }
    if (!any)
        return;
    fillBackboneTable();
    if (m_shownBackbone >= 0)
        fillInnerFront(m_shownBackbone);
    showModel();
    updateSourceLine();
}

bool HadasPanel::hasDynamicModels(std::int64_t backboneId) const {
    for (const Inner& in : m_inner)
        if (in.candidate.levelParent && *in.candidate.levelParent == backboneId)
            return true;
    return false;
}

search::HadasBackboneRecord HadasPanel::effectiveRecord(const Backbone& backbone) const {
    const auto it = m_outcomes.constFind(backbone.candidate.id);
    return withInnerOutcome(backbone.record, it != m_outcomes.constEnd() ? &*it : nullptr,
                            hasDynamicModels(backbone.candidate.id));
}

void HadasPanel::selectionChanged(const std::vector<core::Candidate>& selected) {
    for (const core::Candidate& c : selected) {
        if (m_innerIndex.contains(c.id)) {
            showDynamicModel(c.id);
            return;
        }
        if (m_backboneIndex.contains(c.id)) {
            showBackbone(c.id);
            return;
        }
    }
}

bool HadasPanel::showBackbone(std::int64_t backboneId) {
    if (!m_backboneIndex.contains(backboneId))
        return false;
    m_shownBackbone = backboneId;
    m_shownInner = -1;
    selectPanelRowQuietly(m_backboneTable->widget(), panelRowOfId(m_backboneTable->widget(), backboneId));
    fillInnerFront(backboneId);
    showModel();
    return true;
}

bool HadasPanel::showDynamicModel(std::int64_t candidateId) {
    const auto it = m_innerIndex.constFind(candidateId);
    if (it == m_innerIndex.constEnd())
        return false;
    const Inner& in = m_inner[std::size_t(*it)];
    const std::int64_t backbone = in.candidate.levelParent.value_or(-1);
    m_shownInner = candidateId;
    if (backbone != m_shownBackbone) {
        m_shownBackbone = backbone;
        selectPanelRowQuietly(m_backboneTable->widget(), panelRowOfId(m_backboneTable->widget(), backbone));
        fillInnerFront(backbone);
    }
    selectPanelRowQuietly(m_modelTable->widget(), panelRowOfId(m_modelTable->widget(), candidateId));
    m_front->setSelectedIdentity(QString::fromStdString(in.candidate.hash));
    showModel();
    return true;
}

std::vector<const HadasPanel::Inner*> HadasPanel::innerOf(std::int64_t backboneId) const {
    std::vector<const Inner*> out;
    for (const Inner& in : m_inner)
        if (in.candidate.levelParent && *in.candidate.levelParent == backboneId)
            out.push_back(&in);
    return out;
}

void HadasPanel::fillBackboneTable() {
    m_filling = true;
    QHash<std::int64_t, int> innerCount;
    for (const Inner& in : m_inner)
        if (in.candidate.levelParent)
            ++innerCount[*in.candidate.levelParent];
    std::vector<HadasBackboneTable::Row> rows;
    for (const Backbone& b : m_backbones) {
        const auto it = m_outcomes.constFind(b.candidate.id);
        const int models = innerCount.value(b.candidate.id);
        rows.push_back({&b.candidate, withInnerOutcome(b.record, it != m_outcomes.constEnd() ? &*it : nullptr, models > 0),
                        models});
    }
    m_backboneTable->fill(std::move(rows), m_shownBackbone);
    m_filling = false;
}

void HadasPanel::fillInnerFront(std::int64_t backboneId) {
    m_filling = true;
    m_modelTable->clear();
    const std::vector<const Inner*> models = backboneId >= 0 ? innerOf(backboneId) : std::vector<const Inner*>{};
    if (backboneId < 0 || models.empty()) {
        m_front->clearView(backboneId < 0 ? tr("Inner front: choose a backbone")
                                          : tr("Backbone %1 has no dynamic models (not searched at the inner level)")
                                                .arg(backboneId));
        m_filling = false;
        return;
    }
    const auto bit = m_backboneIndex.constFind(backboneId);
    const double staticEnergy =
        bit != m_backboneIndex.constEnd() ? metricOr(m_backbones[std::size_t(*bit)].candidate, "energy_mj", std::nan(""))
                                          : std::nan("");
    const auto outcome = m_outcomes.constFind(backboneId);
    const std::string knee = outcome != m_outcomes.constEnd() ? outcome->kneeHash : std::string();
    std::vector<HadasModelTable::Model> listed;
    for (const Inner* in : models)
        listed.push_back({&in->candidate, &in->record});
    HadasModelTable::Listed shown = m_modelTable->fill(listed, staticEnergy, knee);
    QString title = tr("Inner front of backbone %1: %n dynamic model(s)", nullptr, int(models.size())).arg(backboneId);
    if (shown.oracle)
        title += QStringLiteral("\n") + tr("oracle rule: error is a lower bound, not deployable");
    m_front->setPoints(std::move(shown.points), title, tr("Energy per inference [mJ], %1").arg(shown.costSource),
                       shown.oracle ? tr("Error [%], oracle lower bound") : tr("Error [%], validation"));
    // Front members are marked in the table as in the plot.
    m_modelTable->markFront([this](const QString& identity) { return m_front->isOnFront(identity); });
    if (m_shownInner >= 0) {
        selectPanelRowQuietly(m_modelTable->widget(), panelRowOfId(m_modelTable->widget(), m_shownInner));
        const auto it = m_innerIndex.constFind(m_shownInner);
        if (it != m_innerIndex.constEnd())
            m_front->setSelectedIdentity(QString::fromStdString(m_inner[std::size_t(*it)].candidate.hash));
    }
    m_filling = false;
}

void HadasPanel::showModel() {
    const auto bit = m_backboneIndex.constFind(m_shownBackbone);
    if (m_shownInner >= 0) {
        const Inner& in = m_inner[std::size_t(m_innerIndex.value(m_shownInner))];
        if (bit == m_backboneIndex.constEnd()) {
            m_view->clearView(tr("Dynamic model %1: its backbone (%2) is not among the run's candidates yet.")
                                  .arg(m_shownInner)
                                  .arg(m_shownBackbone));
            return;
        }
        const search::HadasDynamicRecord& r = in.record;
        const double accuracy = metricOr(in.candidate, "accuracy", r.exitsDvfs.accuracy);
        const QString caveat = widgets::accuracyCaveat(r);
        QString caption = tr("Dynamic model %1 of backbone %2: exits at blocks %3 · %4 · DVFS %5 · accuracy %6 "
                             "(validation%7)%8 · %9 mJ, %10 ms (%11)")
                              .arg(m_shownInner)
                              .arg(m_shownBackbone)
                              .arg(exitsText(r.exitBlocks), widgets::ruleText(r), QString::fromStdString(r.operatingPoint),
                                   widgets::percentText(accuracy),
                                   r.testAccuracy >= 0.0 ? tr("; test %1").arg(widgets::percentText(r.testAccuracy)) : QString(),
                                   caveat.isEmpty() ? QString() : QStringLiteral(", ") + caveat,
                                   panelNumber(metricOr(in.candidate, "energy_mj", r.exitsDvfs.energyMj)),
                                   panelNumber(metricOr(in.candidate, "latency_ms", r.exitsDvfs.latencyMs), 3),
                                   QString::fromStdString(r.costProvenance));
        m_view->setModel(effectiveRecord(m_backbones[std::size_t(*bit)]), r, caption);
        return;
    }
    if (bit == m_backboneIndex.constEnd()) {
        m_view->clearView();
        return;
    }
    const Backbone& b = m_backbones[std::size_t(*bit)];
    const search::HadasBackboneRecord record = effectiveRecord(b);
    m_view->setModel(record, std::nullopt,
                     record.searchedInner
                         ? tr("Backbone %1: choose one of its dynamic models in the inner front.").arg(b.candidate.id)
                         : tr("Backbone %1 was not selected for the inner search: no exits were trained for it.")
                               .arg(b.candidate.id));
}

QString HadasPanel::sourceText() const { return m_source->text(); }

void HadasPanel::updateSourceLine() {
    std::set<std::string> rules, sources;
    for (const Inner& in : m_inner) {
        rules.insert(in.record.rule);
        sources.insert(in.record.costProvenance);
    }
    for (const Backbone& b : m_backbones)
        if (const core::Metric* m = b.candidate.metric("energy_mj"))
            sources.insert(std::string(core::toString(m->provenance)));
    QStringList ruleNames, sourceNames;
    for (const std::string& r : rules)
        ruleNames << QString::fromStdString(r);
    for (const std::string& s : sources)
        sourceNames << QString::fromStdString(s);
    int searched = 0;
    for (const Backbone& b : m_backbones)
        searched += effectiveRecord(b).searchedInner ? 1 : 0;
    QString text = tr("Cost: %1%2 · exit rule: %3 · %4 backbones (%5 searched at the inner level), %6 dynamic models")
                       .arg(sourceNames.isEmpty() ? tr("—") : sourceNames.join(QStringLiteral(", ")),
                            m_device.empty() ? QString() : tr(" (device %1)").arg(QString::fromStdString(m_device)),
                            ruleNames.isEmpty() ? tr("—") : ruleNames.join(QStringLiteral(", ")))
                       .arg(m_backbones.size())
                       .arg(searched)
                       .arg(m_inner.size())
                       .toHtmlEscaped();
    if (rules.count("oracle"))
        text += QStringLiteral(" · <span style=\"color:#c0392b\">%1</span>")
                    .arg(tr("oracle: accuracy is an upper bound, not deployable").toHtmlEscaped());
    m_source->setText(text);
}

void HadasPanel::backboneRowChosen() {
    if (m_filling)
        return;
    const std::int64_t id = selectedPanelId(m_backboneTable->widget());
    if (id < 0)
        return;
    if (id == m_shownBackbone && m_shownInner < 0)
        return;
    showBackbone(id);
    if (m_compact)
        m_listTabs->setCurrentWidget(m_front);
    choose(QString::fromStdString(m_backbones[std::size_t(m_backboneIndex.value(id))].candidate.hash));
}

void HadasPanel::innerRowChosen() {
    if (m_filling)
        return;
    const std::int64_t id = selectedPanelId(m_modelTable->widget());
    if (id < 0)
        return;
    if (id == m_shownInner)
        return;
    showDynamicModel(id);
    choose(QString::fromStdString(m_inner[std::size_t(m_innerIndex.value(id))].candidate.hash));
}

void HadasPanel::choose(const QString& identity) { emit selectionRequested({identity}); }

void HadasPanel::setProblem(const QString& text) {
    m_problem = text;
    m_problemLabel->setText(text);
    m_problemLabel->setVisible(!text.isEmpty());
}

void registerHadasPanel() {
    PanelSpec spec;
    spec.id = QString::fromLatin1(kHadasPanelId);
    spec.title = [] { return HadasPanel::tr("Early exits and DVFS (HADAS)"); };
    // Below the plot with the candidate lists: wide enough for the lists beside the model's view.
    spec.area = Qt::BottomDockWidgetArea;
    spec.tabifyWith = QStringLiteral("table");
    spec.create = [] { return new HadasPanel; };
    spec.visibleByDefault = true;
    spec.methods = {kHadasMethodName};
    PanelRegistry::add(std::move(spec));
#ifdef EDGENAS_HAVE_APP_EXPORT
    // Reports of HADAS runs show the same view, for the archive's knee model.
    registerReportSections(kHadasMethodName,
                           [](const std::vector<core::Candidate>& candidates, const std::string& configJson,
                              const std::vector<core::ResultRecord>& runRecords) {
                               return hadasReportSections(candidates, configJson, runRecords);
                           });
#endif
}

} // namespace edgenas::app
