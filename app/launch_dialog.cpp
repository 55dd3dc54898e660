#include "launch_dialog.h"

#include "launch_checks.h"
#include "run_config_form.h"

#include "search/method_registry.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace edgenas::app {

namespace {

const char* kLastConfigKey = "launch/lastConfig";
const char* kLastDatabaseKey = "launch/database";

} // namespace

LaunchDialog::LaunchDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("New Search"));
    buildUi();
    search::RunConfig defaults;
    search::applyMethodPreset(defaults, search::MethodRegistry::global().require(defaults.method).presets.front().name);
    setConfig(defaults);
}

void LaunchDialog::buildUi() {
    m_form = new RunConfigForm(this);

    // Output
    m_database = new QLineEdit;
    m_database->setMinimumWidth(260);
    m_database->setClearButtonEnabled(true);
    auto* browseDb = new QToolButton;
    browseDb->setText(tr("Browse…"));
    browseDb->setToolTip(tr("Choose the run database (a new or existing file; runs are added to it)"));
    auto* dbRow = new QHBoxLayout;
    dbRow->addWidget(m_database, 1);
    dbRow->addWidget(browseDb);
    m_database->setObjectName(QStringLiteral("database"));
    m_runName = new QLineEdit;
    m_runName->setObjectName(QStringLiteral("runName"));
    m_runName->setPlaceholderText(tr("Automatic (method, space and seed)"));
    auto* outBox = new QGroupBox(tr("Output"));
    auto* outForm = new QFormLayout(outBox);
    addLayoutRow(outForm, tr("Data&base:"), dbRow, m_database);
    outForm->addRow(tr("Run &name:"), m_runName);

    // Inline message and buttons
    m_messageIcon = new QLabel;
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize);
    m_messageIcon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(iconSize, iconSize));
    m_messageIcon->setAlignment(Qt::AlignTop);
    m_message = new QLabel;
    m_message->setObjectName(QStringLiteral("launchMessage"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    auto* messageRow = new QHBoxLayout;
    messageRow->addWidget(m_messageIcon);
    messageRow->addWidget(m_message, 1);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_start = m_buttons->button(QDialogButtonBox::Ok);
    m_start->setText(tr("&Start Search"));
    auto* save = m_buttons->addButton(tr("Save Confi&g…"), QDialogButtonBox::ActionRole);
    auto* load = m_buttons->addButton(tr("&Load Config…"), QDialogButtonBox::ActionRole);

    auto* columns = new QHBoxLayout;
    auto* left = new QVBoxLayout;
    left->addWidget(m_form->searchGroup());
    left->addWidget(m_form->dataGroup());
    left->addWidget(outBox);
    left->addWidget(m_form->methodSettingsGroup(), 1);  // the tallest form gets the free height
    auto* right = new QVBoxLayout;
    right->addWidget(m_form->hardwareGroup());
    right->addWidget(m_form->budgetGroup());
    right->addStretch(1);
    columns->addLayout(left, 1);
    columns->addLayout(right, 1);
    auto* main = new QVBoxLayout(this);
    main->addLayout(columns);
    main->addLayout(messageRow);
    main->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (canStart())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(save, &QPushButton::clicked, this, &LaunchDialog::saveConfigInteractive);
    connect(load, &QPushButton::clicked, this, &LaunchDialog::loadConfigInteractive);
    connect(browseDb, &QToolButton::clicked, this, &LaunchDialog::browseDatabase);
    connect(m_form, &RunConfigForm::edited, this, &LaunchDialog::validate);
    connect(m_database, &QLineEdit::textChanged, this, &LaunchDialog::validate);
}

void LaunchDialog::setConfig(const search::RunConfig& config) { m_form->setConfig(config); }

search::RunConfig LaunchDialog::config() const { return m_form->config(); }

void LaunchDialog::restoreLastLaunch(const QString& defaultDatabasePath) {
    QSettings settings;
    const QString last = settings.value(QLatin1String(kLastConfigKey)).toString();
    if (!last.isEmpty()) {
        try {
            setConfig(search::runConfigFromJson(last.toStdString()));
        } catch (const std::exception&) {
            // A config saved by an older build that this one refuses: start from the defaults.
        }
    }
    setDatabasePath(settings.value(QLatin1String(kLastDatabaseKey), defaultDatabasePath).toString());
}

void LaunchDialog::rememberLaunch() const {
    QSettings settings;
    settings.setValue(QLatin1String(kLastConfigKey), QString::fromStdString(search::toJson(config())));
    settings.setValue(QLatin1String(kLastDatabaseKey), databasePath());
}

void LaunchDialog::setDatabasePath(const QString& path) { m_database->setText(path); }
QString LaunchDialog::databasePath() const { return m_database->text().trimmed(); }
void LaunchDialog::setRunName(const QString& name) { m_runName->setText(name); }
QString LaunchDialog::runName() const { return m_runName->text().trimmed(); }

QStringList LaunchDialog::problems() const {
    QStringList out = m_form->problems();
    if (const QString problem = databaseProblem(databasePath()); !problem.isEmpty())
        out << problem;
    // Whatever else the engine refuses is reported in its own words, once the rest is right.
    if (out.isEmpty())
        if (const QString problem = engineProblem(m_form->config()); !problem.isEmpty())
            out << problem;
    return out;
}

QString LaunchDialog::messageText() const { return m_message->text(); }

bool LaunchDialog::canStart() const { return problems().isEmpty(); }

void LaunchDialog::validate() {
    if (!m_start)
        return;
    const QStringList found = problems();
    m_message->setText(found.join(QLatin1Char('\n')));
    m_message->setVisible(!found.isEmpty());
    m_messageIcon->setVisible(!found.isEmpty());
    m_start->setEnabled(found.isEmpty());
}

void LaunchDialog::browseDatabase() {
    const QString file = QFileDialog::getSaveFileName(this, tr("Run Database"), databasePath(),
                                                      tr("Run databases (*.sqlite *.db);;All files (*)"), nullptr,
                                                      QFileDialog::DontConfirmOverwrite);
    if (!file.isEmpty())
        m_database->setText(QDir::toNativeSeparators(file));
}

bool LaunchDialog::saveConfigFile(const QString& path, QString* error) const {
    std::string text;
    try {
        text = search::toJson(config()) + "\n";
    } catch (const std::exception& e) {
        if (error)
            *error = tr("Cannot save %1: %2").arg(path, QString::fromUtf8(e.what()));
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text.data(), qint64(text.size())) != qint64(text.size()) ||
        !file.commit()) {
        if (error)
            *error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool LaunchDialog::loadConfigFile(const QString& path, QString* error) {
    try {
        setConfig(search::loadRunConfigFile(path.toStdString()));
        return true;
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return false;
    }
}

void LaunchDialog::saveConfigInteractive() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Search Config"), QString(),
                                                      tr("Search configs (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!saveConfigFile(path, &error))
        QMessageBox::warning(this, tr("Config Not Saved"), error);
}

void LaunchDialog::loadConfigInteractive() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Load Search Config"), QString(),
                                                      tr("Search configs (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!loadConfigFile(path, &error))
        QMessageBox::warning(this, tr("Config Not Loaded"), tr("%1 could not be used:\n%2").arg(path, error));
}

} // namespace edgenas::app
