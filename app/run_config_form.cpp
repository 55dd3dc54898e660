#include "run_config_form.h"

// Its texts keep the translation context of the launch dialog they were written in first.
#include "bound_list_editor.h"
#include "launch_dialog.h"
#include "device_choice_text.h"
#include "launch_checks.h"
#include "method_settings_editor.h"
#include "objective_naming.h"

#include "cost/device_catalog.h"
#include "cost/package_energy_counter.h"
#include "data/dataset_spec.h"
#include "search/method_registry.h"
#include "spaces/space_factory.h"

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpressionValidator>
#include <QScrollArea>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace edgenas::app {

namespace {

void selectData(QComboBox* box, const QString& value) {
    const int at = box->findData(value);
    if (at >= 0)
        box->setCurrentIndex(at);
}

QSpinBox* spin(int min, int max, int value, const QString& suffix = {}) {
    auto* s = new QSpinBox;
    s->setRange(min, max);
    s->setValue(value);
    s->setSuffix(suffix);
    s->setGroupSeparatorShown(true);
    return s;
}

} // namespace

void addLayoutRow(QFormLayout* form, const QString& text, QLayout* fields, QWidget* buddy) {
    auto* label = new QLabel(text);
    label->setBuddy(buddy);
    form->addRow(label, fields);
}


RunConfigForm::RunConfigForm(QWidget* parent) : QObject(parent) {
    // Search
    m_method = new QComboBox;
    for (const std::string& name : search::knownMethodNames())
        m_method->addItem(methodLabel(name), QString::fromStdString(name));
    m_space = new QComboBox;
    for (const std::string& name : spaces::knownSpaceNames())
        m_space->addItem(spaceLabel(name), QString::fromStdString(name));
    m_channels = spin(1, 1024, 8);
    m_channels->setToolTip(LaunchDialog::tr("Width C of the first stage of NAS-Bench-201 or DAG cells (stages use C, 2C, 4C)"));
    m_cells = spin(1, 64, 1);
    m_cells->setToolTip(LaunchDialog::tr("NAS-Bench-201 cells per stage N"));
    m_nodes = spin(2, 16, 8);
    m_nodes->setToolTip(LaunchDialog::tr("DAG cell nodes, the input node included"));
    m_stages = spin(1, 4, 3);
    m_stages->setToolTip(LaunchDialog::tr("DAG stages, one cell each; every stage after the first halves the resolution"));
    m_width = new QDoubleSpinBox;
    m_width->setRange(0.05, 8.0);
    m_width->setSingleStep(0.05);
    m_width->setDecimals(2);
    m_width->setToolTip(LaunchDialog::tr("MobileNet width multiplier"));
    auto* spaceSize = new QHBoxLayout;
    spaceSize->addWidget(new QLabel(LaunchDialog::tr("C")));
    spaceSize->addWidget(m_channels);
    spaceSize->addWidget(new QLabel(LaunchDialog::tr("N")));
    spaceSize->addWidget(m_cells);
    spaceSize->addWidget(new QLabel(LaunchDialog::tr("Nodes")));
    spaceSize->addWidget(m_nodes);
    spaceSize->addWidget(new QLabel(LaunchDialog::tr("Stages")));
    spaceSize->addWidget(m_stages);
    spaceSize->addWidget(new QLabel(LaunchDialog::tr("Width")));
    spaceSize->addWidget(m_width);
    m_searchBox = new QGroupBox(LaunchDialog::tr("Search"));
    auto* searchForm = new QFormLayout(m_searchBox);
    m_preset = new QComboBox;
    m_preset->setToolTip(LaunchDialog::tr("A named budget of the method: quick (the default) or the budget of its paper"));
    searchForm->addRow(LaunchDialog::tr("&Method:"), m_method);
    searchForm->addRow(LaunchDialog::tr("P&reset:"), m_preset);
    searchForm->addRow(LaunchDialog::tr("Spa&ce:"), m_space);
    addLayoutRow(searchForm, LaunchDialog::tr("Space si&ze:"), spaceSize, m_channels);

    // Data
    m_dataset = new QComboBox;
    for (const std::string& name : data::knownDatasetNames())
        m_dataset->addItem(datasetLabel(name), QString::fromStdString(name));
    m_datasetDir = new QLineEdit;
    m_datasetDir->setMinimumWidth(260);
    m_datasetDir->setClearButtonEnabled(true);
    auto* browseData = new QToolButton;
    browseData->setText(LaunchDialog::tr("Browse…"));
    browseData->setToolTip(LaunchDialog::tr("Choose the folder holding the data set's files"));
    auto* dataRow = new QHBoxLayout;
    dataRow->addWidget(m_datasetDir, 1);
    dataRow->addWidget(browseData);
    m_dataBox = new QGroupBox(LaunchDialog::tr("Data"));
    auto* dataForm = new QFormLayout(m_dataBox);
    dataForm->addRow(LaunchDialog::tr("&Data set:"), m_dataset);
    addLayoutRow(dataForm, LaunchDialog::tr("&Folder:"), dataRow, m_datasetDir);

    // Hardware and objectives
    m_device = new QComboBox;
    for (const cost::DeviceProfile& p : cost::DeviceCatalog::builtIn().profiles())
        m_device->addItem(QString::fromStdString(p.displayName), QString::fromStdString(p.name));
    for (int i = 0; i < m_device->count(); ++i)
        m_device->setItemData(i, m_device->itemData(i), Qt::ToolTipRole);
    // Profile names can be long; the combo shows what fits and the popup shows all.
    m_device->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_device->setMinimumContentsLength(24);
    m_dvfs = new QComboBox;
    m_dvfs->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_dvfs->setMinimumContentsLength(24);
    m_dvfs->setToolTip(LaunchDialog::tr("DVFS operating point: the clocks latency and energy are predicted at"));
    m_latencyTable = new QLineEdit;
    m_latencyTable->setClearButtonEnabled(true);
    m_latencyTable->setPlaceholderText(LaunchDialog::tr("None: modelled (measured on host)"));
    m_latencyTable->setToolTip(LaunchDialog::tr("Per-operator latency table measured on the device (CSV from `edgenas probe`)"));
    auto* browseTable = new QToolButton;
    browseTable->setText(LaunchDialog::tr("Browse…"));
    auto* tableRow = new QHBoxLayout;
    tableRow->addWidget(m_latencyTable, 1);
    tableRow->addWidget(browseTable);
    connect(browseTable, &QToolButton::clicked, this, &RunConfigForm::browseLatencyTable);
    m_primary = new QComboBox;
    m_secondary = new QComboBox;
    for (const std::string& o : search::knownObjectives())
        (search::isMaximised(o) ? m_primary : m_secondary)->addItem(objectiveLabel(o), QString::fromStdString(o));
    // A third objective makes the run many-objective: the workbench then colours the plot by it
    // and shows all objectives in parallel coordinates.
    m_third = new QComboBox;
    m_third->addItem(LaunchDialog::tr("none"), QString());
    for (const std::string& o : search::knownObjectives())
        m_third->addItem(objectiveLabel(o), QString::fromStdString(o));
    m_bounds = new BoundListEditor;
    auto* objectiveRow = new QHBoxLayout;
    objectiveRow->addWidget(m_primary, 1);
    objectiveRow->addWidget(new QLabel(LaunchDialog::tr("against")));
    objectiveRow->addWidget(m_secondary, 1);
    objectiveRow->addWidget(new QLabel(LaunchDialog::tr("and")));
    objectiveRow->addWidget(m_third, 1);
    m_hwBox = new QGroupBox(LaunchDialog::tr("Hardware and objectives"));
    auto* hwForm = new QFormLayout(m_hwBox);
    hwForm->addRow(LaunchDialog::tr("De&vice:"), m_device);
    hwForm->addRow(LaunchDialog::tr("DVFS po&int:"), m_dvfs);
    addLayoutRow(hwForm, LaunchDialog::tr("Latency &table:"), tableRow, m_latencyTable);
    addLayoutRow(hwForm, LaunchDialog::tr("&Objectives:"), objectiveRow, m_primary);
    hwForm->addRow(LaunchDialog::tr("Bounds:"), m_bounds);
    // Where energy comes from on the chosen device (see energyNoteFor).
    auto* energyNote = new QLabel;
    energyNote->setObjectName(QStringLiteral("energyNote"));
    energyNote->setWordWrap(true);
    hwForm->addRow(LaunchDialog::tr("Energy:"), energyNote);
    const cost::PackageEnergyCounter hostCounter;
    auto updateEnergyNote = [this, energyNote, hostCounter] {
        const cost::DeviceProfile* p =
            cost::DeviceCatalog::builtIn().tryFind(m_device->currentData().toString().toStdString());
        if (!p) {
            energyNote->clear();
            return;
        }
        const EnergyNote note = energyNoteFor(*p, hostCounter);
        energyNote->setText(note.text);
        energyNote->setToolTip(note.details);
    };
    connect(m_device, &QComboBox::currentIndexChanged, energyNote, updateEnergyNote);
    updateEnergyNote();

    // Budget and training
    m_evaluations = spin(0, 10'000'000, 48, LaunchDialog::tr(" evaluations"));
    m_population = spin(2, 100'000, 12);
    m_seed = new QLineEdit;
    m_seed->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{1,19}")), m_seed));
    m_threads = spin(0, 256, 0);
    m_threads->setSpecialValueText(LaunchDialog::tr("All cores"));
    m_epochs = spin(1, 10'000, 1);
    m_trainSubset = spin(0, 10'000'000, 3000, LaunchDialog::tr(" images"));
    m_trainSubset->setSpecialValueText(LaunchDialog::tr("Whole training set"));
    m_validationSubset = spin(0, 10'000'000, 1000, LaunchDialog::tr(" images"));
    m_validationSubset->setSpecialValueText(LaunchDialog::tr("Whole test set"));
    m_batch = spin(1, 65'536, 128);
    m_learningRate = new QDoubleSpinBox;
    m_learningRate->setDecimals(5);
    m_learningRate->setRange(0.00001, 10.0);
    m_learningRate->setSingleStep(0.005);
    m_settings = new MethodSettingsEditor;
    auto* settingsScroll = new QScrollArea;
    settingsScroll->setWidget(m_settings);
    settingsScroll->setWidgetResizable(true);
    settingsScroll->setFrameShape(QFrame::NoFrame);
    settingsScroll->setMinimumHeight(160);
    m_settingsBox = new QGroupBox(LaunchDialog::tr("Method settings"));
    auto* settingsLayout = new QVBoxLayout(m_settingsBox);
    settingsLayout->addWidget(settingsScroll);
    m_budgetBox = new QGroupBox(LaunchDialog::tr("Budget and training"));
    auto* budgetGrid = new QGridLayout(m_budgetBox);
    auto addPair = [budgetGrid](int row, int column, const QString& label, QWidget* field) {
        auto* l = new QLabel(label);
        l->setBuddy(field);
        budgetGrid->addWidget(l, row, column * 2);
        budgetGrid->addWidget(field, row, column * 2 + 1);
    };
    addPair(0, 0, LaunchDialog::tr("B&udget:"), m_evaluations);
    addPair(0, 1, LaunchDialog::tr("&Population:"), m_population);
    addPair(1, 0, LaunchDialog::tr("S&eed:"), m_seed);
    addPair(1, 1, LaunchDialog::tr("T&hreads:"), m_threads);
    addPair(2, 0, LaunchDialog::tr("Epochs:"), m_epochs);
    addPair(2, 1, LaunchDialog::tr("Batch:"), m_batch);
    addPair(3, 0, LaunchDialog::tr("Training subset:"), m_trainSubset);
    addPair(3, 1, LaunchDialog::tr("Validation subset:"), m_validationSubset);
    addPair(4, 0, LaunchDialog::tr("Learning rate:"), m_learningRate);
    budgetGrid->setColumnStretch(1, 1);
    budgetGrid->setColumnStretch(3, 1);

    // Names for tests and accessibility tools.
    const std::pair<QWidget*, const char*> names[] = {
        {m_method, "method"},          {m_space, "space"},           {m_dataset, "dataset"},
        {m_datasetDir, "datasetFolder"}, {m_device, "device"},       {m_dvfs, "dvfs"},
        {m_latencyTable, "latencyTable"},
        {m_primary, "primaryObjective"}, {m_secondary, "secondaryObjective"}, {m_third, "thirdObjective"},
        {m_bounds, "bounds"},             {m_evaluations, "evaluations"},
        {m_population, "population"},  {m_seed, "seed"},             {m_threads, "threads"},
        {m_settings, "methodSettings"},
        {m_preset, "preset"},          {m_nodes, "spaceNodes"},      {m_stages, "spaceStages"},
    };
    for (const auto& [widget, name] : names)
        widget->setObjectName(QLatin1String(name));

    connect(browseData, &QToolButton::clicked, this, &RunConfigForm::browseDataset);

    connect(m_space, &QComboBox::currentIndexChanged, this, &RunConfigForm::updateSpaceFields);
    connect(m_device, &QComboBox::currentIndexChanged, this, &RunConfigForm::fillDvfs);
    connect(m_dataset, &QComboBox::currentIndexChanged, this, [this] {
        const std::string name = m_dataset->currentData().toString().toStdString();
        const std::string fallback = data::defaultDatasetDirectory(name);
        m_datasetDir->setPlaceholderText(fallback.empty() ? LaunchDialog::tr("Required: the folder with the binary batch files")
                                                          : LaunchDialog::tr("Default: %1").arg(QString::fromStdString(fallback)));
    });
    // Every edit re-checks the whole form; it is cheap (no file is read).
    for (QComboBox* box : {m_method, m_space, m_dataset, m_device, m_dvfs, m_primary, m_secondary, m_third})
        connect(box, &QComboBox::currentIndexChanged, this, &RunConfigForm::edited);
    for (QSpinBox* box : {m_channels, m_cells, m_nodes, m_stages, m_evaluations, m_population, m_threads, m_epochs, m_trainSubset,
                          m_validationSubset, m_batch})
        connect(box, &QSpinBox::valueChanged, this, &RunConfigForm::edited);
    for (QDoubleSpinBox* box : {m_width, m_learningRate})
        connect(box, &QDoubleSpinBox::valueChanged, this, &RunConfigForm::edited);
    for (QLineEdit* edit : {m_datasetDir, m_latencyTable, m_seed})
        connect(edit, &QLineEdit::textChanged, this, &RunConfigForm::edited);
    connect(m_settings, &MethodSettingsEditor::edited, this, &RunConfigForm::edited);
    connect(m_settings, &MethodSettingsEditor::edited, this, &RunConfigForm::markCustom);
    for (QSpinBox* box : {m_evaluations, m_population})
        connect(box, &QSpinBox::valueChanged, this, &RunConfigForm::markCustom);
    connect(m_method, &QComboBox::activated, this, &RunConfigForm::methodChosen);
    connect(m_preset, &QComboBox::activated, this, &RunConfigForm::presetChosen);
    connect(m_bounds, &BoundListEditor::edited, this, &RunConfigForm::edited);
}

void RunConfigForm::fillDvfs() {
    const QString keep = m_dvfs->currentData().toString();
    QSignalBlocker block(m_dvfs);
    m_dvfs->clear();
    const cost::DeviceProfile* p = cost::DeviceCatalog::builtIn().tryFind(m_device->currentData().toString().toStdString());
    if (!p)
        return;
    m_dvfs->addItem(LaunchDialog::tr("Default (%1)").arg(QString::fromStdString(p->defaultOperatingPoint)), QString());
    for (const cost::OperatingPoint& point : p->operatingPoints)
        m_dvfs->addItem(operatingPointLabel(point), QString::fromStdString(point.name));
    selectData(m_dvfs, keep);
    emit edited();
}

void RunConfigForm::updateSpaceFields() {
    const QString space = m_space->currentData().toString();
    const bool nb201 = space == QLatin1String("nb201");
    const bool dag = space == QLatin1String("dag") || space == QLatin1String("swiftnet");
    m_channels->setEnabled(nb201 || dag);
    m_cells->setEnabled(nb201);
    m_nodes->setEnabled(dag);
    m_stages->setEnabled(dag);
    m_width->setEnabled(!nb201 && !dag);
}

void RunConfigForm::setConfig(const search::RunConfig& c) {
    // Unknown names (a method this build lacks) stay visible as an extra entry, so the problem
    // is shown rather than silently replaced.
    auto choose = [](QComboBox* box, const std::string& value, const QString& label) {
        const QString v = QString::fromStdString(value);
        if (box->findData(v) < 0)
            box->addItem(label, v);
        selectData(box, v);
    };
    m_filling = true;
    choose(m_method, c.method, QString::fromStdString(c.method));
    showMethod(c.method);
    choose(m_space, c.space, QString::fromStdString(c.space));
    m_channels->setValue(c.spaceChannels);
    m_cells->setValue(c.spaceCells);
    m_nodes->setValue(c.spaceNodes);
    m_stages->setValue(c.spaceStages);
    m_width->setValue(c.spaceWidth);
    choose(m_dataset, c.dataset, QString::fromStdString(c.dataset));
    m_datasetDir->setText(QString::fromStdString(c.datasetDirectory));
    choose(m_device, c.device, QString::fromStdString(c.device));
    fillDvfs();
    choose(m_dvfs, c.dvfs, QString::fromStdString(c.dvfs));
    m_latencyTable->setText(QString::fromStdString(c.latencyTable));

    m_extraObjectives.clear();
    bool havePrimary = false, haveSecondary = false;
    for (const std::string& o : c.objectives) {
        const QString name = QString::fromStdString(o);
        QComboBox* box = search::isMaximised(o) ? m_primary : m_secondary;
        bool& have = search::isMaximised(o) ? havePrimary : haveSecondary;
        if (!have) {
            choose(box, o, objectiveLabel(o));
            have = true;
        } else {
            m_extraObjectives.push_back(o);
        }
    }
    m_third->setCurrentIndex(0);
    if (!m_extraObjectives.empty()) {
        choose(m_third, m_extraObjectives.front(), objectiveLabel(m_extraObjectives.front()));
        m_extraObjectives.erase(m_extraObjectives.begin());
    }
    if (!havePrimary)
        m_primary->setCurrentIndex(-1);
    if (!haveSecondary)
        m_secondary->setCurrentIndex(-1);

    m_bounds->setBounds(c.constraints, c.lowerBounds);

    m_evaluations->setValue(c.evaluations);
    m_population->setValue(c.population);
    m_seed->setText(QString::number(c.seed));
    m_threads->setValue(c.threads);
    m_epochs->setValue(c.trainEpochs);
    m_trainSubset->setValue(c.trainSubset);
    m_validationSubset->setValue(c.validationSubset);
    m_batch->setValue(c.trainBatch);
    m_learningRate->setValue(c.learningRate);
    m_settings->setSettingsJson(c.methodSettingsJson.empty() ? "{}" : c.methodSettingsJson);
    selectData(m_preset, QString::fromStdString(c.preset));
    if (m_preset->currentIndex() < 0)
        selectData(m_preset, QString());
    m_filling = false;
    updateSpaceFields();
    emit edited();
}

void RunConfigForm::showMethod(const std::string& name) {
    if (name == m_shownMethod && m_preset->count() > 0)
        return;  // same form: keep its widgets (and whoever holds them)
    m_shownMethod = name;
    m_preset->clear();
    const search::MethodDescriptor* method = search::MethodRegistry::global().find(name);
    m_settings->setSchema(method ? method->settings : std::vector<search::SettingDescriptor>{});
    if (method)
        for (const search::MethodPreset& p : method->presets) {
            m_preset->addItem(QString::fromStdString(p.name), QString::fromStdString(p.name));
            m_preset->setItemData(m_preset->count() - 1, QString::fromStdString(p.summary), Qt::ToolTipRole);
        }
    m_preset->addItem(LaunchDialog::tr("Custom"), QString());
}

void RunConfigForm::methodChosen() {
    search::RunConfig c = config();
    c.methodSettingsJson = "{}";  // another method's settings mean nothing here
    c.preset.clear();
    if (const search::MethodDescriptor* method = search::MethodRegistry::global().find(c.method))
        search::applyMethodPreset(c, method->presets.front().name);
    setConfig(c);
}

void RunConfigForm::presetChosen() {
    const std::string name = m_preset->currentData().toString().toStdString();
    if (name.empty())
        return;
    search::RunConfig c = config();
    try {
        search::applyMethodPreset(c, name);
    } catch (const std::exception&) {
        return;  // the settings as they are cannot take a preset; validation says why
    }
    setConfig(c);
}

void RunConfigForm::markCustom() {
    if (!m_filling)
        selectData(m_preset, QString());
}

search::RunConfig RunConfigForm::config() const {
    search::RunConfig c;
    c.method = m_method->currentData().toString().toStdString();
    c.space = m_space->currentData().toString().toStdString();
    c.spaceChannels = m_channels->value();
    c.spaceCells = m_cells->value();
    c.spaceNodes = m_nodes->value();
    c.spaceStages = m_stages->value();
    c.spaceWidth = m_width->value();
    c.dataset = m_dataset->currentData().toString().toStdString();
    c.datasetDirectory = m_datasetDir->text().trimmed().toStdString();
    c.device = m_device->currentData().toString().toStdString();
    c.dvfs = m_dvfs->currentData().toString().toStdString();
    c.latencyTable = m_latencyTable->text().trimmed().toStdString();
    c.objectives.clear();
    if (m_primary->currentIndex() >= 0)
        c.objectives.push_back(m_primary->currentData().toString().toStdString());
    if (m_secondary->currentIndex() >= 0)
        c.objectives.push_back(m_secondary->currentData().toString().toStdString());
    if (const std::string third = m_third->currentData().toString().toStdString();
        !third.empty() && std::find(c.objectives.begin(), c.objectives.end(), third) == c.objectives.end())
        c.objectives.push_back(third);
    for (const std::string& o : m_extraObjectives)
        if (std::find(c.objectives.begin(), c.objectives.end(), o) == c.objectives.end())
            c.objectives.push_back(o);
    c.constraints = m_bounds->ceilings();
    c.lowerBounds = m_bounds->floors();
    c.evaluations = m_evaluations->value();
    c.population = m_population->value();
    c.seed = m_seed->text().toULongLong();
    c.threads = m_threads->value();
    c.trainEpochs = m_epochs->value();
    c.trainSubset = m_trainSubset->value();
    c.validationSubset = m_validationSubset->value();
    c.trainBatch = m_batch->value();
    c.learningRate = m_learningRate->value();
    c.methodSettingsJson = m_settings->settingsJson();
    c.preset = m_preset->currentData().toString().toStdString();
    return c;
}

QStringList RunConfigForm::problems() const {
    QStringList out;
    const search::RunConfig c = config();

    if (c.evaluations < 1)
        out << LaunchDialog::tr("The budget must allow at least one evaluation.");
    else if (c.evaluations < c.population)
        out << LaunchDialog::tr("The budget (%1 evaluations) does not cover the first population (%2 networks): "
                  "raise the budget or lower the population.")
                   .arg(c.evaluations)
                   .arg(c.population);
    out << m_bounds->problems();
    if (m_seed->text().isEmpty())
        out << LaunchDialog::tr("Enter a seed (a whole number).");
    if (m_primary->currentIndex() < 0 && m_secondary->currentIndex() < 0)
        out << LaunchDialog::tr("Choose at least one objective.");

    if (const QString problem = dataProblem(c, m_dataset->currentText()); !problem.isEmpty())
        out << problem;
    if (const QString problem = deviceProblem(c); !problem.isEmpty())
        out << problem;
    if (const QString problem = latencyTableProblem(c); !problem.isEmpty())
        out << problem;

    return out;
}

void RunConfigForm::browseDataset() {
    const QString dir = QFileDialog::getExistingDirectory(m_searchBox->window(), LaunchDialog::tr("Data Set Folder"), m_datasetDir->text());
    if (!dir.isEmpty())
        m_datasetDir->setText(QDir::toNativeSeparators(dir));
}

void RunConfigForm::browseLatencyTable() {
    const QString file = QFileDialog::getOpenFileName(m_searchBox->window(), LaunchDialog::tr("Latency Table"), m_latencyTable->text(),
                                                      LaunchDialog::tr("Latency tables (*.csv);;All files (*)"));
    if (!file.isEmpty())
        m_latencyTable->setText(QDir::toNativeSeparators(file));
}

} // namespace edgenas::app
