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

#include <algorithm>

namespace edgenas::app {

SteeringPanel::SteeringPanel(QWidget* parent) : QWidget(parent) {
    m_runButtons = new QHBoxLayout;

    m_boundMetric = new QComboBox;
    m_boundSide = new QComboBox;
    m_boundSide->addItem(tr("≤"), int(BoundSide::AtMost));
    m_boundSide->addItem(tr("≥"), int(BoundSide::AtLeast));
    m_boundSide->setToolTip(tr("At most (a ceiling) or at least (a floor)"));
    m_primary = new QComboBox;
    m_secondary = new QComboBox;
    m_third = new QComboBox;
    m_third->addItem(tr("none"), QString());
    m_third->setToolTip(tr("A third objective (optional): the plot colours the points by it"));
    for (const std::string& o : search::knownObjectives()) {
        const QString name = QString::fromStdString(o);
        for (QComboBox* box : {m_boundMetric, m_primary, m_secondary, m_third})
            box->addItem(objectiveLabel(o), name);
    }
    // Until a run says otherwise: accuracy against latency, and a latency ceiling.
    for (auto [box, name] : {std::pair{m_secondary, "latency"}, std::pair{m_boundMetric, "latency"}})
        if (const int at = box->findData(QString::fromLatin1(name)); at >= 0)
            box->setCurrentIndex(at);
    m_boundValue = new QDoubleSpinBox;
    m_boundValue->setRange(0.0, 1e12);
    m_boundValue->setDecimals(3);
    m_boundValue->setGroupSeparatorShown(true);
    m_boundValue->setToolTip(tr("Candidates beyond the bound become infeasible from the next generation on"));
    m_applyBound = new QPushButton(tr("Apply &Bound"));
    m_clearBound = new QPushButton(tr("Remove"));
    auto* boundRow = new QHBoxLayout;
    boundRow->addWidget(m_boundMetric);
    boundRow->addWidget(m_boundSide);
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
    objectiveButtons->addWidget(new QLabel(tr("and")));
    objectiveButtons->addWidget(m_third, 1);
    objectiveButtons->addWidget(m_applyObjectives);

    m_injectSelection = new QPushButton(tr("Inject &Selected"));
    m_injectSelection->setToolTip(tr("Add the candidates selected in the plot or table to the search's population"));
    m_injectFile = new QPushButton(tr("Inject from Fi&le…"));
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

    connect(m_boundMetric, &QComboBox::currentIndexChanged, this, [this] {
        chooseDefaultSide();
        updateUnit();
    });
    connect(m_boundSide, &QComboBox::currentIndexChanged, this, &SteeringPanel::updateUnit);
    connect(m_applyBound, &QPushButton::clicked, this, [this] {
        QString error;
        if (!applyBound(m_boundMetric->currentData().toString(), chosenSide(), m_boundValue->value(), &error))
            report(tr("Bound Not Applied"), error);
    });
    connect(m_clearBound, &QPushButton::clicked, this, [this] {
        QString error;
        if (!clearBound(m_boundMetric->currentData().toString(), chosenSide(), &error))
            report(tr("Bound Not Removed"), error);
    });
    connect(m_applyObjectives, &QPushButton::clicked, this, [this] {
        QString error;
        if (!applyObjectives(chosenObjectives(), &error))
            report(tr("Objectives Not Applied"), error);
    });
    connect(m_injectSelection, &QPushButton::clicked, this, &SteeringPanel::injectSelection);
    connect(m_injectFile, &QPushButton::clicked, this, &SteeringPanel::injectFileInteractive);
    chooseDefaultSide();
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

void SteeringPanel::setRunSettings(const search::RunConfig& config) {
    m_ceilings = config.constraints;
    m_floors = config.lowerBounds;
    auto choose = [](QComboBox* box, const std::string& name) {
        if (const int at = box->findData(QString::fromStdString(name)); at >= 0)
            box->setCurrentIndex(at);
    };
    const std::vector<std::string>& objectives = config.objectives;
    if (!objectives.empty())
        choose(m_primary, objectives[0]);
    if (objectives.size() > 1)
        choose(m_secondary, objectives[1]);
    m_third->setCurrentIndex(0);
    if (objectives.size() > 2)
        choose(m_third, objectives[2]);
    m_extraObjectives.assign(objectives.begin() + std::min<std::size_t>(objectives.size(), 3), objectives.end());
    QStringList extra;
    for (const std::string& o : m_extraObjectives)
        extra << objectiveLabel(o);
    m_third->setToolTip(extra.isEmpty() ? tr("A third objective (optional): the plot colours the points by it")
                                        : tr("The run's further objectives (%1) are kept as they are")
                                              .arg(extra.join(QStringLiteral(", "))));

    // Start from a bound the run has (a ceiling first), else from a cost objective's ceiling.
    std::string metric;
    BoundSide side = BoundSide::AtMost;
    if (!m_ceilings.empty()) {
        metric = m_ceilings.begin()->first;
    } else if (!m_floors.empty()) {
        metric = m_floors.begin()->first;
        side = BoundSide::AtLeast;
    } else {
        const auto cost = std::find_if(objectives.begin(), objectives.end(),
                                       [](const std::string& o) { return !search::isMaximised(o); });
        metric = cost != objectives.end() ? *cost : std::string("latency");
    }
    {
        const QSignalBlocker blockMetric(m_boundMetric);
        choose(m_boundMetric, metric);
    }
    {
        const QSignalBlocker blockSide(m_boundSide);
        m_boundSide->setCurrentIndex(m_boundSide->findData(int(side)));
    }
    updateUnit();
    updateEnabled();
}

void SteeringPanel::setSelection(const std::vector<core::Candidate>& candidates) {
    m_selection = candidates;
    updateEnabled();
}

std::optional<double> SteeringPanel::bound(const QString& metric, BoundSide side) const {
    const auto& bounds = boundsOn(side);
    const auto it = bounds.find(metric.toStdString());
    return it == bounds.end() ? std::nullopt : std::optional<double>(it->second);
}

bool SteeringPanel::applyBound(const QString& metric, BoundSide side, double value, QString* error) {
    if (!m_session || !m_session->isRunning()) {
        if (error)
            *error = tr("There is no running search to steer.");
        return false;
    }
    const std::string name = metric.toStdString();
    if (!(value > 0.0)) {
        if (error)
            *error = tr("The %1 bound must be a positive number.").arg(objectiveLabel(name).toLower());
        return false;
    }
    // An empty range would make every candidate infeasible: refused here, named.
    const auto& opposite = boundsOn(side == BoundSide::AtMost ? BoundSide::AtLeast : BoundSide::AtMost);
    if (const auto it = opposite.find(name); it != opposite.end()) {
        const bool empty = side == BoundSide::AtMost ? value < it->second : value > it->second;
        if (empty) {
            if (error)
                *error = tr("%1 cannot be %2 %3 and %4 %5 at once.")
                             .arg(objectiveLabel(name), side == BoundSide::AtMost ? tr("at most") : tr("at least"))
                             .arg(value)
                             .arg(side == BoundSide::AtMost ? tr("at least") : tr("at most"))
                             .arg(it->second);
            return false;
        }
    }
    if (side == BoundSide::AtMost)
        m_session->setConstraint(metric, value);
    else
        m_session->setLowerBound(metric, value);
    boundsOn(side)[name] = value;
    // Show what was applied, also when it came from elsewhere than these fields.
    {
        const QSignalBlocker blockMetric(m_boundMetric);
        const QSignalBlocker blockSide(m_boundSide);
        if (const int at = m_boundMetric->findData(metric); at >= 0)
            m_boundMetric->setCurrentIndex(at);
        m_boundSide->setCurrentIndex(m_boundSide->findData(int(side)));
    }
    updateUnit();
    emit boundsChanged(m_ceilings, m_floors);
    emit message(tr("Bound requested: %1 %2 %3 %4")
                     .arg(objectiveLabel(name), side == BoundSide::AtMost ? tr("≤") : tr("≥"))
                     .arg(value)
                     .arg(objectiveUnit(name)));
    return true;
}

bool SteeringPanel::clearBound(const QString& metric, BoundSide side, QString* error) {
    if (!m_session || !m_session->isRunning()) {
        if (error)
            *error = tr("There is no running search to steer.");
        return false;
    }
    if (side == BoundSide::AtMost)
        m_session->clearConstraint(metric);
    else
        m_session->clearLowerBound(metric);
    boundsOn(side).erase(metric.toStdString());
    emit boundsChanged(m_ceilings, m_floors);
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
    const QString unit = objectiveUnit(metric);
    m_boundValue->setSuffix(unit.isEmpty() ? QString() : QLatin1Char(' ') + unit);
    const auto& bounds = boundsOn(chosenSide());
    if (auto it = bounds.find(metric); it != bounds.end())
        m_boundValue->setValue(it->second);
}

void SteeringPanel::chooseDefaultSide() {
    // Accuracy wants a floor, cost figures a ceiling; the user may still pick the other side.
    const bool maximised = search::isMaximised(m_boundMetric->currentData().toString().toStdString());
    const QSignalBlocker block(m_boundSide);
    m_boundSide->setCurrentIndex(m_boundSide->findData(int(maximised ? BoundSide::AtLeast : BoundSide::AtMost)));
}

SteeringPanel::BoundSide SteeringPanel::chosenSide() const { return BoundSide(m_boundSide->currentData().toInt()); }

QStringList SteeringPanel::chosenObjectives() const {
    QStringList objectives{m_primary->currentData().toString(), m_secondary->currentData().toString()};
    if (const QString third = m_third->currentData().toString(); !third.isEmpty())
        objectives << third;
    for (const std::string& o : m_extraObjectives)
        objectives << QString::fromStdString(o);
    return objectives;
}

void SteeringPanel::updateEnabled() {
    const bool live = m_session && m_session->isRunning();
    for (QWidget* w : std::initializer_list<QWidget*>{m_boundMetric, m_boundSide, m_boundValue, m_applyBound,
                                                      m_clearBound, m_primary, m_secondary, m_third,
                                                      m_applyObjectives, m_injectFile})
        w->setEnabled(live);
    m_injectSelection->setEnabled(live && !m_selection.empty());
    m_hint->setText(live ? tr("Changes apply from the search's next step and are recorded in the run's log.")
                         : tr("Start a search to steer it."));
}

} // namespace edgenas::app
