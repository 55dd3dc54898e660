#include "run_progress_panel.h"

#include "widgets/hypervolume_plot.h"

#include <QFormLayout>
#include <QHash>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QVBoxLayout>

namespace edgenas::app {

namespace {

QString durationText(double seconds) {
    const qint64 s = qint64(seconds + 0.5);
    if (s < 60)
        return RunProgressPanel::tr("%n s", nullptr, int(s));
    if (s < 3600)
        return RunProgressPanel::tr("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return RunProgressPanel::tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
}

// Evaluations per second since this view started timing; 0 while unknown.
double ratePerSecond(const QElapsedTimer& clock, int firstDone, int done) {
    if (!clock.isValid() || firstDone < 0 || done <= firstDone)
        return 0.0;
    const double seconds = double(clock.elapsed()) / 1000.0;
    return seconds > 0 ? (done - firstDone) / seconds : 0.0;
}

} // namespace

RunProgressPanel::RunProgressPanel(QWidget* parent) : QWidget(parent) {
    m_bar = new QProgressBar;
    m_bar->setRange(0, 1);
    m_bar->setValue(0);
    m_bar->setFormat(tr("No run"));
    m_status = new QLabel(tr("Idle"));
    m_rate = new QLabel(QStringLiteral("–"));
    m_left = new QLabel(QStringLiteral("–"));
    m_hypervolume = new widgets::HypervolumePlot;
    m_hypervolume->setMinimumHeight(120);

    auto* figures = new QFormLayout;
    figures->addRow(tr("Status:"), m_status);
    figures->addRow(tr("Rate:"), m_rate);
    figures->addRow(tr("Time left:"), m_left);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_bar);
    layout->addLayout(figures);
    layout->addWidget(m_hypervolume, 1);
}

void RunProgressPanel::reset(bool live) {
    m_live = live;
    m_done = 0;
    m_total = 0;
    m_firstDone = -1;
    m_clock.invalidate();
    m_hypervolume->clear();
    m_bar->setRange(0, 1);
    m_bar->setValue(0);
    setStatus(live ? QStringLiteral("running") : QString());
    updateLabels();
}

void RunProgressPanel::setProgress(int done, int total) {
    if (m_live && m_firstDone < 0) {
        m_firstDone = done;
        m_clock.start();
    }
    m_done = done;
    m_total = total;
    updateLabels();
}

void RunProgressPanel::addHypervolume(int evaluations, double hypervolume) {
    m_hypervolume->addSample(evaluations, hypervolume);
}

void RunProgressPanel::setStatus(const QString& status) {
    static const QHash<QString, const char*> kLabels{
        {QStringLiteral("running"), QT_TR_NOOP("Running")},       {QStringLiteral("paused"), QT_TR_NOOP("Paused")},
        {QStringLiteral("finished"), QT_TR_NOOP("Finished")},     {QStringLiteral("interrupted"), QT_TR_NOOP("Interrupted")},
        {QStringLiteral("failed"), QT_TR_NOOP("Failed")},         {QStringLiteral("stopping"), QT_TR_NOOP("Stopping…")},
        {QStringLiteral("following"), QT_TR_NOOP("Following a run written elsewhere (read-only)")},
    };
    const auto it = kLabels.find(status);
    m_status->setText(status.isEmpty() ? tr("Stored run") : it != kLabels.end() ? tr(it.value()) : status);
    if (status != QLatin1String("running") && status != QLatin1String("following") && status != QLatin1String("paused"))
        m_live = false;
    updateLabels();
}

QString RunProgressPanel::rateText() const {
    const double perSecond = ratePerSecond(m_clock, m_firstDone, m_done);
    if (perSecond <= 0)
        return QStringLiteral("–");
    if (perSecond >= 1.0)
        return tr("%1 evaluations/s").arg(QLocale().toString(perSecond, 'f', 1));
    return tr("%1 evaluations/min").arg(QLocale().toString(perSecond * 60.0, 'f', 1));
}

QString RunProgressPanel::timeLeftText() const {
    if (!m_live)
        return QStringLiteral("–");
    const double perSecond = ratePerSecond(m_clock, m_firstDone, m_done);
    if (perSecond <= 0 || m_total <= m_done)
        return QStringLiteral("–");
    return durationText((m_total - m_done) / perSecond);
}

void RunProgressPanel::updateLabels() {
    if (m_total > 0) {
        m_bar->setRange(0, m_total);
        m_bar->setValue(std::min(m_done, m_total));
        m_bar->setFormat(tr("%1 of %2 evaluated").arg(QLocale().toString(m_done), QLocale().toString(m_total)));
    } else {
        m_bar->setFormat(m_live ? tr("Starting…") : tr("No run"));
    }
    m_rate->setText(rateText());
    m_left->setText(timeLeftText());
}

} // namespace edgenas::app
