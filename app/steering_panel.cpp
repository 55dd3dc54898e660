#include "steering_panel.h"

#include "objective_naming.h"
#include "search_session.h"

#include "core/architecture_json.h"
#include "search/run_config.h"

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace edgenas::app {

SteeringPanel::SteeringPanel(QWidget* parent) : QWidget(parent) {
    m_runButtons = new QHBoxLayout;

    m_boundMetric = new QComboBox;
    m_primary = new QComboBox;
    m_secondary = new QComboBox;
    for (const std::string& o : search::knownObjectives()) {
        const QString name = QString::fromStdString(o);
        if (search::isMaximised(o)) {
            m_primary->addItem(objectiveLabel(o), name);
        } else {
            m_secondary->addItem(objectiveLabel(o), name);
            m_boundMetric->addItem(objectiveLabel(o), name);
        }
    }
    m_boundValue = new QDoubleSpinBox;
    m_boundValue->setRange(0.0, 1e12);
    m_boundValue->setDecimals(3);
    m_boundValue->setGroupSeparatorShown(true);
    m_boundValue->setToolTip(tr("Candidates above the bound become infeasible from the next generation on"));
    m_applyBound = new QPushButton(tr("Apply &Bound"));
    m_clearBound = new QPushButton(tr("Remove"));
    auto* boundRow = new QHBoxLayout;
    boundRow->addWidget(m_boundMetric);
    boundRow->addWidget(new QLabel(tr("≤")));
    boundRow->addWidget(m_boundValue, 1);
    auto* boundButtons = new QHBoxLayout;
    boundButtons->addStretch(1);
    boundButtons->addWidget(m_clearBound);
    boundButtons->addWidget(m_applyBound);

    m_applyObjectives = new QPushButton(tr("Apply &Objectives"));
    auto* objectiveRow = new QHBoxLayout;
    objectiveRow->addWidget(m_primary, 1);
    objectiveRow->addWidget(new QLabel(tr("vs")));
    objectiveRow->addWidget(m_secondary, 1);
    auto* objectiveButtons = new QHBoxLayout;
    objectiveButtons->addStretch(1);
    objectiveButtons->addWidget(m_applyObjectives);

    m_injectSelection = new QPushButton(tr("Inject &Selected"));
    m_injectSelection->setToolTip(tr("Add the candidates selected in the plot or table to the search's population"));
    m_injectFile = new QPushButton(tr("Inject from &File…"));
    m_injectFile->setToolTip(tr("Add an architecture JSON file (e.g. an exported or hand-written network)"));
    auto* injectRow = new QHBoxLayout;
    injectRow->addWidget(m_injectSelection);
    injectRow->addWidget(m_injectFile);

    m_hint = new QLabel;
    m_hint->setWordWrap(true);
    m_hint->setForegroundRole(QPalette::PlaceholderText);

    auto* constraintBox = new QGroupBox(tr("Constraint"));
    auto* cl = new QVBoxLayout(constraintBox);
    cl->addLayout(boundRow);
    cl->addLayout(boundButtons);
    auto* objectiveBox = new QGroupBox(tr("Objectives"));
    auto* ol = new QVBoxLayout(objectiveBox);
    ol->addLayout(objectiveRow);
    ol->addLayout(objectiveButtons);
    auto* injectBox = new QGroupBox(tr("Inject Candidate"));
    auto* il = new QVBoxLayout(injectBox);
    il->addLayout(injectRow);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(m_runButtons);
    layout->addWidget(constraintBox);
    layout->addWidget(objectiveBox);
    layout->addWidget(injectBox);
    layout->addWidget(m_hint);
    layout->addStretch(1);

    connect(m_boundMetric, &QComboBox::currentIndexChanged, this, &SteeringPanel::updateUnit);
    connect(m_applyBound, &QPushButton::clicked, this, [this] {
        QString error;
        if (!applyBound(m_boundMetric->currentData().toString(), m_boundValue->value(), &error))
            report(tr("Bound Not Applied"), error);
    });
    connect(m_clearBound, &QPushButton::clicked, this, [this] {
        QString error;
        if (!clearBound(m_boundMetric->currentData().toString(), &error))
            report(tr("Bound Not Removed"), error);
    });
    connect(m_applyObjectives, &QPushButton::clicked, this, [this] {
        QString error;
        if (!applyObjectives({m_primary->currentData().toString(), m_secondary->currentData().toString()}, &error))
            report(tr("Objectives Not Applied"), error);
    });
    connect(m_injectSelection, &QPushButton::clicked, this, &SteeringPanel::injectSelection);
    connect(m_injectFile, &QPushButton::clicked, this, &SteeringPanel::injectFileInteractive);
    updateUnit();
    updateEnabled();
}

void SteeringPanel::addRunAction(QAction* action) {
    auto* button = new QToolButton;
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_runButtons->addWidget(button);
}

void SteeringPanel::setSession(SearchSession* session) {
    m_session = session;
    updateEnabled();
}

void SteeringPanel::setRunSettings(const std::vector<std::string>& objectives,
                                   const std::map<std::string, double>& constraints) {
    m_bounds = constraints;
    for (const std::string& o : objectives) {
        QComboBox* box = search::isMaximised(o) ? m_primary : m_secondary;
        const int at = box->findData(QString::fromStdString(o));
        if (at >= 0)
            box->setCurrentIndex(at);
    }
    // Start from the bound the run has, else from the cost objective.
    const std::string metric = !constraints.empty() ? constraints.begin()->first : m_secondary->currentData().toString().toStdString();
    const int at = m_boundMetric->findData(QString::fromStdString(metric));
    if (at >= 0)
        m_boundMetric->setCurrentIndex(at);
    if (auto it = constraints.find(metric); it != constraints.end())
        m_boundValue->setValue(it->second);
    updateEnabled();
}

void SteeringPanel::setSelection(const std::vector<core::Candidate>& candidates) {
    m_selection = candidates;
    updateEnabled();
}

std::optional<double> SteeringPanel::bound(const QString& metric) const {
    const auto it = m_bounds.find(metric.toStdString());
    return it == m_bounds.end() ? std::nullopt : std::optional<double>(it->second);
}

bool SteeringPanel::applyBound(const QString& metric, double value, QString* error) {
    if (!m_session || !m_session->isRunning()) {
        if (error)
            *error = tr("There is no running search to steer.");
        return false;
    }
    if (!(value > 0.0)) {
        if (error)
            *error = tr("The %1 bound must be a positive number.").arg(objectiveLabel(metric.toStdString()).toLower());
        return false;
    }
    m_session->setConstraint(metric, value);
    m_bounds[metric.toStdString()] = value;
    // Show what was applied, also when it came from elsewhere than these fields.
    if (const int at = m_boundMetric->findData(metric); at >= 0) {
        QSignalBlocker block(m_boundMetric);
        m_boundMetric->setCurrentIndex(at);
    }
    updateUnit();
    emit boundChanged(metric, value);
    emit message(tr("Bound requested: %1 ≤ %2 %3")
                     .arg(objectiveLabel(metric.toStdString()))
                     .arg(value)
                     .arg(objectiveUnit(metric.toStdString())));
    return true;
}

bool SteeringPanel::clearBound(const QString& metric, QString* error) {
    if (!m_session || !m_session->isRunning()) {
        if (error)
            *error = tr("There is no running search to steer.");
        return false;
    }
    m_session->clearConstraint(metric);
    m_bounds.erase(metric.toStdString());
    emit boundChanged(metric, std::nullopt);
    emit message(tr("Bound on %1 removed").arg(objectiveLabel(metric.toStdString())));
    return true;
}

bool SteeringPanel::applyObjectives(const QStringList& objectives, QString* error) {
    if (!m_session || !m_session->isRunning()) {
        if (error)
            *error = tr("There is no running search to steer.");
        return false;
    }
    QStringList unique = objectives;
    if (objectives.isEmpty() || unique.removeDuplicates() > 0) {
        if (error)
            *error = tr("Choose different objectives.");
        return false;
    }
    m_session->setObjectives(objectives);
    emit objectivesChanged(objectives);
    emit message(tr("Objectives requested: %1").arg(objectives.join(QStringLiteral(", "))));
    return true;
}

int SteeringPanel::injectSelection() {
    if (!m_session || !m_session->isRunning())
        return 0;
    int sent = 0;
    for (const core::Candidate& c : m_selection) {
        if (c.architectureJson.empty())
            continue;
        m_session->injectCandidate(QString::fromStdString(c.architectureJson));
        ++sent;
    }
    if (sent > 0)
        emit message(tr("Injection requested for %n candidate(s)", nullptr, sent));
    return sent;
}

bool SteeringPanel::injectFile(const QString& path, QString* error) {
    if (!m_session || !m_session->isRunning()) {
        if (error)
            *error = tr("There is no running search to steer.");
        return false;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = tr("Cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    const QByteArray text = file.readAll();
    // Checked here so a bad file is named at once; the engine then checks it fits the space.
    try {
        core::architectureFromJson(text.toStdString());
    } catch (const std::exception& e) {
        if (error)
            *error = tr("%1 is not a usable architecture: %2").arg(path, QString::fromUtf8(e.what()));
        return false;
    }
    m_session->injectCandidate(QString::fromUtf8(text));
    emit message(tr("Injection requested for %1").arg(path));
    return true;
}

void SteeringPanel::injectFileInteractive() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Inject Architecture"), QString(),
                                                      tr("Architecture JSON (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!injectFile(path, &error))
        report(tr("Candidate Not Injected"), error);
}

void SteeringPanel::report(const QString& title, const QString& text) { QMessageBox::warning(this, title, text); }

void SteeringPanel::updateUnit() {
    const std::string metric = m_boundMetric->currentData().toString().toStdString();
    m_boundValue->setSuffix(QLatin1Char(' ') + objectiveUnit(metric));
    if (auto it = m_bounds.find(metric); it != m_bounds.end())
        m_boundValue->setValue(it->second);
}

void SteeringPanel::updateEnabled() {
    const bool live = m_session && m_session->isRunning();
    for (QWidget* w : std::initializer_list<QWidget*>{m_boundMetric, m_boundValue, m_applyBound, m_clearBound, m_primary,
                                                      m_secondary, m_applyObjectives, m_injectFile})
        w->setEnabled(live);
    m_injectSelection->setEnabled(live && !m_selection.empty());
    m_hint->setText(live ? tr("Changes apply from the search's next step and are recorded in the run's log.")
                         : tr("Start a search to steer it."));
}

} // namespace edgenas::app
