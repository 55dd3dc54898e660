#include "run_browser.h"

#include "objective_naming.h"

#include "search/run_database.h"
#include "store/run_reader.h"
#include "store/run_writer_lock.h"
#include "store/run_store.h"
#include "widgets/metric_naming.h"

#include <QDateTime>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <cmath>
#include <stdexcept>

namespace edgenas::app {

namespace {

constexpr int kMaxRecent = 10;
const char* kRecentKey = "browser/recentDatabases";

enum Column { kName, kMethod, kStatus, kStarted, kEnded, kEvaluations, kBest, kNotes, kColumns };

QString localTime(const std::string& iso) {
    if (iso.empty())
        return {};
    QDateTime t = QDateTime::fromString(QString::fromStdString(iso), Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(QString::fromStdString(iso), Qt::ISODate);
    return t.isValid() ? QLocale().toString(t.toLocalTime(), QLocale::ShortFormat) : QString::fromStdString(iso);
}

QString statusText(const std::string& status) {
    if (status == "running")
        return RunBrowser::tr("running");
    if (status == "paused")
        return RunBrowser::tr("paused");
    if (status == "finished")
        return RunBrowser::tr("finished");
    if (status == "interrupted")
        return RunBrowser::tr("interrupted");
    if (status == "failed")
        return RunBrowser::tr("failed");
    return QString::fromStdString(status);
}

// The best value of each metric the run has, in the direction that metric improves.
QString bestFigures(const store::RunSummary& s) {
    QStringList parts;
    for (const auto& [name, range] : s.metrics) {
        if (range.count == 0 || name == "power_w")
            continue;
        const QString metric = QString::fromStdString(name);
        const double best = widgets::isMaximisedMetric(metric) ? range.max : range.min;
        if (std::isnan(best))
            continue;
        QString text = widgets::metricLabel(metric) + QLatin1Char(' ') + widgets::formatMetricValue(metric, best);
        if (!range.unit.empty() && range.unit != "MACs")
            text += QLatin1Char(' ') + QString::fromStdString(range.unit);
        parts << text;
    }
    return parts.join(QStringLiteral(" · "));
}

} // namespace

RunBrowser::RunBrowser(QWidget* parent) : QWidget(parent) {
    auto* open = new QToolButton;
    open->setText(tr("Open Database…"));
    open->setToolTip(tr("Open a run database file"));
    m_recentMenu = new QMenu(tr("Recent Databases"), this);
    open->setMenu(m_recentMenu);
    open->setPopupMode(QToolButton::MenuButtonPopup);
    m_file = new QLabel(tr("No database open"));
    m_file->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_file->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto* top = new QHBoxLayout;
    top->addWidget(open);
    top->addWidget(m_file, 1);

    m_tree = new QTreeWidget;
    m_tree->setRootIsDecorated(false);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSortingEnabled(true);
    m_tree->setHeaderLabels({tr("Name"), tr("Method"), tr("Status"), tr("Started"), tr("Ended"), tr("Evaluations"),
                             tr("Best figures"), tr("Notes")});
    m_tree->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_tree->header()->setStretchLastSection(true);
    m_tree->sortByColumn(kStarted, Qt::DescendingOrder);
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);  // several runs to compare

    m_openRun = new QPushButton(tr("Sho&w"));
    m_openRun->setToolTip(tr("Replay the run's candidates into the plots and table"));
    m_resume = new QPushButton(tr("Res&ume"));
    m_resume->setToolTip(tr("Continue an interrupted run from its last committed generation"));
    m_rename = new QPushButton(tr("Rena&me…"));
    m_annotate = new QPushButton(tr("No&tes…"));
    m_delete = new QPushButton(tr("&Delete…"));
    m_compare = new QPushButton(tr("&Compare"));
    m_compare->setToolTip(tr("Overlay the selected runs' fronts and hypervolume curves on the shown run "
                             "(select several with Ctrl or Shift)"));
    auto* buttons = new QHBoxLayout;
    for (QPushButton* b : {m_openRun, m_resume, m_rename, m_annotate, m_delete, m_compare})
        buttons->addWidget(b);
    buttons->addStretch(1);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_tree, 1);
    layout->addLayout(buttons);

    m_confirm = [this](const QString& question) {
        return QMessageBox::question(this, tr("Delete Run"), question, QMessageBox::Yes | QMessageBox::No,
                                     QMessageBox::No) == QMessageBox::Yes;
    };

    connect(open, &QToolButton::clicked, this, &RunBrowser::openInteractive);
    connect(m_tree, &QTreeWidget::itemSelectionChanged, this, &RunBrowser::updateButtons);
    connect(m_tree, &QTreeWidget::itemActivated, this, [this] {
        if (selectedRunId() >= 0)
            emit runActivated(m_path, selectedRunId());
    });
    connect(m_openRun, &QPushButton::clicked, this, [this] {
        if (selectedRunId() >= 0)
            emit runActivated(m_path, selectedRunId());
    });
    connect(m_compare, &QPushButton::clicked, this, [this] {
        if (!selectedRunIds().isEmpty())
            emit compareRequested(m_path, selectedRunIds());
    });
    connect(m_resume, &QPushButton::clicked, this, [this] {
        if (selectedRunId() >= 0)
            emit resumeRequested(m_path, selectedRunId());
    });
    connect(m_rename, &QPushButton::clicked, this, &RunBrowser::renameInteractive);
    connect(m_annotate, &QPushButton::clicked, this, &RunBrowser::annotateInteractive);
    connect(m_delete, &QPushButton::clicked, this, &RunBrowser::deleteSelectedRun);

    // Runs written by other processes change status and grow; the list is cheap to re-read.
    m_refresh.setInterval(3000);
    connect(&m_refresh, &QTimer::timeout, this, &RunBrowser::refresh);

    fillRecentMenu();
    updateButtons();
}

RunBrowser::~RunBrowser() = default;

std::vector<store::RunSummary> RunBrowser::listThroughNewReader(const QString& path) {
    auto reader = std::make_unique<store::RunReader>(search::openRunReader(path.toStdString()));
    std::vector<store::RunSummary> runs = reader->listRuns();
    m_reader = std::move(reader);  // the old one closes only now
    return runs;
}

bool RunBrowser::openDatabase(const QString& path, QString* error) {
    std::vector<store::RunSummary> runs;
    try {
        runs = listThroughNewReader(path);
    } catch (const std::exception& e) {
        if (error)
            *error = tr("%1 cannot be read as a run database: %2").arg(path, QString::fromUtf8(e.what()));
        return false;
    }
    m_path = QFileInfo(path).absoluteFilePath();
    m_runs = std::move(runs);
    m_file->setText(QFileInfo(m_path).fileName());
    m_file->setToolTip(m_path);
    rebuild();
    rememberRecent(m_path);
    m_refresh.start();
    emit databaseOpened(m_path);
    return true;
}

QStringList RunBrowser::recentFiles() const { return QSettings().value(QLatin1String(kRecentKey)).toStringList(); }

void RunBrowser::rememberRecent(const QString& path) {
    QStringList files = recentFiles();
    files.removeAll(path);
    files.prepend(path);
    while (files.size() > kMaxRecent)
        files.removeLast();
    QSettings().setValue(QLatin1String(kRecentKey), files);
    fillRecentMenu();
}

void RunBrowser::fillRecentMenu() {
    m_recentMenu->clear();
    const QStringList files = recentFiles();
    for (const QString& file : files) {
        QAction* a = m_recentMenu->addAction(QFileInfo(file).fileName() + QStringLiteral("  —  ") + QFileInfo(file).path());
        connect(a, &QAction::triggered, this, [this, file] {
            QString error;
            if (!openDatabase(file, &error))
                emit errorOccurred(tr("Database Not Opened"), error);
        });
    }
    if (files.isEmpty())
        m_recentMenu->addAction(tr("No recent databases"))->setEnabled(false);
}

void RunBrowser::refresh() {
    if (m_path.isEmpty())
        return;
    try {
        m_runs = listThroughNewReader(m_path);
    } catch (const std::exception& e) {
        // The file went away or was replaced; stop polling and say so once.
        m_refresh.stop();
        m_reader.reset();
        emit errorOccurred(tr("Database Not Readable"),
                           tr("%1 cannot be read any more: %2").arg(m_path, QString::fromUtf8(e.what())));
        return;
    }
    rebuild();
}

void RunBrowser::rebuild() {
    const qint64 keep = selectedRunId();
    const QList<qint64> keepSelected = selectedRunIds();  // several while comparing
    QSignalBlocker block(m_tree);
    m_tree->setSortingEnabled(false);
    m_tree->clear();
    for (const store::RunSummary& s : m_runs) {
        auto* item = new QTreeWidgetItem;
        item->setData(kName, Qt::UserRole, qlonglong(s.run.id));
        item->setText(kName, QString::fromStdString(s.run.name));
        item->setToolTip(kName, tr("Run %1 on %2").arg(s.run.id).arg(QString::fromStdString(s.run.host)));
        item->setText(kMethod, methodLabel(s.run.method));
        item->setText(kStatus, statusText(s.run.status));
        item->setText(kStarted, localTime(s.run.startedAt));
        item->setData(kStarted, Qt::UserRole, QString::fromStdString(s.run.startedAt));
        item->setText(kEnded, localTime(s.run.endedAt));
        item->setText(kEvaluations, QLocale().toString(qlonglong(s.evaluations)));
        item->setTextAlignment(kEvaluations, Qt::AlignRight | Qt::AlignVCenter);
        item->setText(kBest, bestFigures(s));
        item->setToolTip(kBest, item->text(kBest));
        item->setText(kNotes, QString::fromStdString(s.run.notes).section(QLatin1Char('\n'), 0, 0));
        item->setToolTip(kNotes, QString::fromStdString(s.run.notes));
        m_tree->addTopLevelItem(item);
        if (s.run.id == keep)
            m_tree->setCurrentItem(item, 0, QItemSelectionModel::NoUpdate);
        if (s.run.id == keep || keepSelected.contains(s.run.id))
            item->setSelected(true);
    }
    m_tree->setSortingEnabled(true);
    for (int c = 0; c < kNotes; ++c)
        if (m_tree->columnWidth(c) < 40)
            m_tree->resizeColumnToContents(c);
    updateButtons();
}

qint64 RunBrowser::selectedRunId() const {
    if (QTreeWidgetItem* current = m_tree->currentItem(); current && current->isSelected())
        return current->data(kName, Qt::UserRole).toLongLong();
    const auto items = m_tree->selectedItems();
    return items.isEmpty() ? -1 : items.first()->data(kName, Qt::UserRole).toLongLong();
}

QList<qint64> RunBrowser::selectedRunIds() const {
    QList<qint64> ids;
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i)
        if (QTreeWidgetItem* item = m_tree->topLevelItem(i); item->isSelected())
            ids << item->data(kName, Qt::UserRole).toLongLong();
    return ids;
}

void RunBrowser::selectRuns(const QList<qint64>& runIds) {
    m_tree->clearSelection();
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i)
        if (QTreeWidgetItem* item = m_tree->topLevelItem(i); runIds.contains(item->data(kName, Qt::UserRole).toLongLong()))
            item->setSelected(true);
}

void RunBrowser::selectRun(qint64 runId) {
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = m_tree->topLevelItem(i);
        if (item->data(kName, Qt::UserRole).toLongLong() == runId) {
            m_tree->setCurrentItem(item);
            return;
        }
    }
}

void RunBrowser::setActiveRunId(qint64 runId) {
    m_activeRunId = runId;
    updateButtons();
}

const store::RunSummary* RunBrowser::summaryOf(qint64 runId) const {
    for (const store::RunSummary& s : m_runs)
        if (s.run.id == runId)
            return &s;
    return nullptr;
}

void RunBrowser::updateButtons() {
    const qint64 id = selectedRunId();
    const store::RunSummary* s = summaryOf(id);
    const bool any = s != nullptr;
    const bool busy = any && id == m_activeRunId;
    m_openRun->setEnabled(any);
    m_rename->setEnabled(any);
    m_annotate->setEnabled(any);
    m_delete->setEnabled(any && !busy && s->run.status != "running");
    // A "running" run whose writer is gone (killed, or stopped by a database that turned
    // read-only and so could not take its new status) resumes like an interrupted one.
    const bool writerGone = any && s->run.status == "running" &&
                            !store::RunWriterLock::liveWriter(m_path.toStdString(), id).has_value();
    m_resume->setEnabled(any && !busy && (s->run.status == "interrupted" || s->run.status == "paused" || writerGone));
    m_compare->setEnabled(any);
}

void RunBrowser::startEdit(qint64 runId, RunStoreEditor::Edit edit, const QString& failedTitle,
                           const QString& failure, std::function<void()> done) {
    m_editor.submit(m_path, std::move(edit), [this, runId, failedTitle, failure, done](const QString& error) {
        if (!error.isEmpty())
            emit errorOccurred(failedTitle, failure.arg(error));
        else if (done)
            done();
        refresh();
        emit editFinished(runId, error.isEmpty() ? QString() : failure.arg(error));
    });
}

bool RunBrowser::renameRun(qint64 runId, const QString& name, QString* error) {
    if (name.trimmed().isEmpty()) {
        if (error)
            *error = tr("A run needs a name.");
        return false;
    }
    const std::string newName = name.trimmed().toStdString();
    startEdit(
        runId, [runId, newName](store::RunStore& store) { store.renameRun(runId, newName); }, tr("Run Not Renamed"),
        tr("Renaming run %1 in %2 failed: %3").arg(runId).arg(m_path, QStringLiteral("%1")));
    return true;
}

bool RunBrowser::annotateRun(qint64 runId, const QString& notes, QString* error) {
    Q_UNUSED(error);
    const std::string text = notes.toStdString();
    startEdit(
        runId, [runId, text](store::RunStore& store) { store.annotateRun(runId, text); }, tr("Notes Not Saved"),
        tr("Saving the notes of run %1 in %2 failed: %3").arg(runId).arg(m_path, QStringLiteral("%1")));
    return true;
}

bool RunBrowser::deleteRun(qint64 runId, QString* error) {
    if (runId == m_activeRunId) {
        if (error)
            *error = tr("Run %1 is being written by this window; stop it before deleting it.").arg(runId);
        return false;
    }
    const QString path = m_path;
    const std::string missing = tr("%1 has no run %2").arg(m_path).arg(runId).toStdString();
    startEdit(
        runId,
        [runId, missing](store::RunStore& store) {
            if (!store.deleteRun(runId))
                throw std::runtime_error(missing);
        },
        tr("Run Not Deleted"), tr("Deleting run %1 from %2 failed: %3").arg(runId).arg(m_path, QStringLiteral("%1")),
        [this, path, runId] { emit runDeleted(path, runId); });
    return true;
}

void RunBrowser::openInteractive() {
    const QString start = m_path.isEmpty() ? (recentFiles().isEmpty() ? QString() : recentFiles().first()) : m_path;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Run Database"), start,
                                                      tr("Run databases (*.sqlite *.db);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!openDatabase(path, &error))
        emit errorOccurred(tr("Database Not Opened"), error);
}

void RunBrowser::renameInteractive() {
    const store::RunSummary* s = summaryOf(selectedRunId());
    if (!s)
        return;
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Rename Run"), tr("Name:"), QLineEdit::Normal,
                                               QString::fromStdString(s->run.name), &ok);
    QString error;
    if (ok && !renameRun(s->run.id, name, &error))
        emit errorOccurred(tr("Run Not Renamed"), error);
}

void RunBrowser::annotateInteractive() {
    const store::RunSummary* s = summaryOf(selectedRunId());
    if (!s)
        return;
    bool ok = false;
    const QString notes = QInputDialog::getMultiLineText(this, tr("Run Notes"), tr("Notes for “%1”:").arg(QString::fromStdString(s->run.name)),
                                                         QString::fromStdString(s->run.notes), &ok);
    QString error;
    if (ok && !annotateRun(s->run.id, notes, &error))
        emit errorOccurred(tr("Notes Not Saved"), error);
}

void RunBrowser::deleteSelectedRun() {
    const store::RunSummary* s = summaryOf(selectedRunId());
    if (!s)
        return;
    const qint64 id = s->run.id;
    const QString question = tr("Delete the run “%1” with its %n candidate(s), generations and log? "
                                "Exported files stay where they are. This cannot be undone.",
                                nullptr, int(s->candidateCount))
                                 .arg(QString::fromStdString(s->run.name));
    if (!m_confirm || !m_confirm(question))
        return;
    QString error;
    if (!deleteRun(id, &error))
        emit errorOccurred(tr("Run Not Deleted"), error);
}

} // namespace edgenas::app
