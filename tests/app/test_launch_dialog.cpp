#include "app_test_support.h"

#include "bound_list_editor.h"
#include "launch_dialog.h"

#include "cost/package_energy_counter.h"
#include "engine/search/draw_only_method.h"
#include "search/run_config.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>

#include <nlohmann/json.hpp>

#include <QtTest/QtTest>

using namespace edgenas;

namespace {

QPushButton* startButton(app::LaunchDialog& dialog) {
    return dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
}

search::RunConfig unusualConfig(const QString& latencyTable) {
    search::RunConfig c;
    c.latencyTable = latencyTable.toStdString();
    c.method = "nsga2";
    c.space = "mobilenet";
    c.spaceWidth = 0.5;
    c.dataset = "fashion-mnist";
    c.objectives = {"accuracy", "energy"};
    c.device = "raspberry-pi-4";
    c.constraints = {{"energy", 3.5}};
    c.lowerBounds = {{"accuracy", 0.7}};
    c.evaluations = 100;
    c.population = 10;
    c.trainEpochs = 2;
    c.trainSubset = 512;
    c.validationSubset = 256;
    c.trainBatch = 64;
    c.learningRate = 0.02;
    c.seed = 123456789012ULL;
    c.threads = 2;
    c.methodSettingsJson = R"({"mutation_rate":0.2})";
    return c;
}

} // namespace

// The launch dialog: inline validation that blocks Start, and config files the CLI reads.
class TestLaunchDialog : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        app::test::isolateSettings(m_dir);
    }

    // A method defined inside the tests registers through the public registry and then appears in
    // the method list with a settings form generated from its schema and its presets.
    void registeredMethodGetsAGeneratedForm() {
        search::MethodRegistry::global().add(search::test::drawOnlyDescriptor());
        app::LaunchDialog dialog;
        dialog.setDatabasePath(m_dir.filePath(QStringLiteral("runs.sqlite")));
        auto* method = dialog.findChild<QComboBox*>(QStringLiteral("method"));
        const int index = method->findData(QStringLiteral("draw-only"));
        QVERIFY(index >= 0);
        QCOMPARE(method->itemText(index), QStringLiteral("Draw only (test)"));
        method->setCurrentIndex(index);
        emit method->activated(index);  // as a user's choice
        // Its default preset sets the budget and settings.
        QCOMPARE(dialog.config().evaluations, 6);
        QCOMPARE(dialog.config().preset, std::string("quick"));
        auto* draws = dialog.findChild<QSpinBox*>(QStringLiteral("setting_draws"));
        auto* flavour = dialog.findChild<QComboBox*>(QStringLiteral("setting_flavour"));
        QVERIFY(draws && flavour);
        QCOMPARE(draws->value(), 3);
        QCOMPARE(draws->maximum(), 50);
        QCOMPARE(flavour->count(), 2);
        QVERIFY2(dialog.canStart(), qPrintable(dialog.problems().join('\n')));
        // Editing a setting keeps it and makes the preset "Custom".
        draws->setValue(9);
        QCOMPARE(nlohmann::json::parse(dialog.config().methodSettingsJson).at("draws").get<int>(), 9);
        QCOMPARE(dialog.config().preset, std::string());
        // Choosing the paper preset sets its budget and settings.
        auto* preset = dialog.findChild<QComboBox*>(QStringLiteral("preset"));
        const int paper = preset->findData(QStringLiteral("paper"));
        QVERIFY(paper >= 0);
        preset->setCurrentIndex(paper);
        emit preset->activated(paper);
        QCOMPARE(dialog.config().evaluations, 20);
        QCOMPARE(draws->value(), 5);
        QCOMPARE(dialog.config().preset, std::string("paper"));
        // A config naming the method and a setting round-trips through the form.
        search::RunConfig c = dialog.config();
        c.methodSettingsJson = R"({"flavour":"salted"})";
        dialog.setConfig(c);
        QCOMPARE(flavour->currentData().toString(), QStringLiteral("salted"));
        QCOMPARE(dialog.config().methodSettingsJson, std::string(R"({"flavour":"salted"})"));
    }

    // A number typed into a generated field that is not one blocks Start, naming the setting.
    void generatedFieldNamesABadNumber() {
        app::LaunchDialog dialog;
        dialog.setDatabasePath(m_dir.filePath(QStringLiteral("runs.sqlite")));
        search::RunConfig c = dialog.config();
        c.method = "evrsnas";
        dialog.setConfig(c);
        auto* rate = dialog.findChild<QLineEdit*>(QStringLiteral("setting_mutation_rate"));
        QVERIFY(rate);
        QCOMPARE(rate->text(), QStringLiteral("0.1"));
        QTest::keyClicks(rate, QStringLiteral("x"));
        QVERIFY(!dialog.canStart());
        QVERIFY2(dialog.messageText().contains(QStringLiteral("settings.mutation_rate")), qPrintable(dialog.messageText()));
    }

    void defaultsCanStart() {
        app::LaunchDialog dialog;
        dialog.setDatabasePath(m_dir.filePath(QStringLiteral("runs.sqlite")));
        QVERIFY2(dialog.canStart(), qPrintable(dialog.problems().join('\n')));
        QVERIFY(startButton(dialog)->isEnabled());
        QVERIFY(dialog.messageText().isEmpty());
    }

    // Energy's source is stated next to the device: where the modelled power is a constant, the
    // dialog says that energy follows latency.
    void energyNoteNamesItsSource() {
        app::LaunchDialog dialog;
        auto* device = dialog.findChild<QComboBox*>(QStringLiteral("device"));
        auto* note = dialog.findChild<QLabel*>(QStringLiteral("energyNote"));
        QVERIFY(device && note);
        auto choose = [&](const char* name) {
            const int index = device->findData(QString::fromLatin1(name));
            QVERIFY(index >= 0);
            device->setCurrentIndex(index);
        };
        choose("raspberry-pi-4");
        QCOMPARE(note->text(), QStringLiteral("modelled: a constant 6.4 W, so energy follows latency here"));
        QVERIFY(note->toolTip().contains(QStringLiteral("follows latency")));
        choose("jetson-nano");
        QCOMPARE(note->text(), QStringLiteral("modelled from the device's power model"));
        choose("host");
        if (cost::PackageEnergyCounter().readable())
            QVERIFY(note->text().startsWith(QStringLiteral("measured")));
        else
            QCOMPARE(note->text(), QStringLiteral("modelled: a constant 14 W, so energy follows latency here"));
    }

    void badInputBlocksStart_data() {
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("expected");
        QTest::newRow("zero budget") << "budget0" << "at least one evaluation";
        QTest::newRow("budget below population") << "budgetSmall" << "does not cover the first population";
        QTest::newRow("zero bound") << "bound0" << "bound must be a positive number";
        QTest::newRow("cifar without folder") << "cifarNoFolder" << "choose the folder";
        QTest::newRow("cifar folder missing") << "cifarMissing" << "does not exist";
        QTest::newRow("cifar folder empty") << "cifarEmpty" << "files are not in";
        QTest::newRow("no database") << "noDatabase" << "Choose a database file";
        QTest::newRow("database folder missing") << "dbFolderMissing" << "does not exist";
        QTest::newRow("bad method settings") << "badSettings" << "settings";
        QTest::newRow("latency table missing") << "tableMissing" << "latency table";
    }

    void badInputBlocksStart() {
        QFETCH(QString, what);
        QFETCH(QString, expected);
        app::LaunchDialog dialog;
        dialog.setDatabasePath(m_dir.filePath(QStringLiteral("runs.sqlite")));
        search::RunConfig c;
        if (what == "budgetSmall") {
            c.evaluations = 5;
            c.population = 12;
        }
        if (what == "bound0")
            c.constraints = {{"latency", 1.0}};
        if (what.startsWith("cifar")) {
            c.dataset = "cifar10";
            if (what == "cifarMissing")
                c.datasetDirectory = m_dir.filePath(QStringLiteral("no-such-folder")).toStdString();
            if (what == "cifarEmpty") {
                QDir(m_dir.path()).mkpath(QStringLiteral("empty-cifar"));
                c.datasetDirectory = m_dir.filePath(QStringLiteral("empty-cifar")).toStdString();
            }
        }
        if (what == "tableMissing")
            c.latencyTable = m_dir.filePath(QStringLiteral("no-table.csv")).toStdString();
        if (what == "badSettings")
            c.methodSettingsJson = R"({"no_such_setting": 1})";
        dialog.setConfig(c);
        // What a user would type into the fields.
        if (what == "budget0")
            dialog.findChild<QSpinBox*>(QStringLiteral("evaluations"))->setValue(0);
        if (what == "bound0")
            dialog.findChild<QDoubleSpinBox*>(QStringLiteral("boundValue"))->setValue(0.0);
        if (what == "noDatabase")
            dialog.setDatabasePath(QString());
        if (what == "dbFolderMissing")
            dialog.setDatabasePath(m_dir.filePath(QStringLiteral("missing/runs.sqlite")));

        QVERIFY(!dialog.canStart());
        QVERIFY(!startButton(dialog)->isEnabled());
        QVERIFY2(dialog.messageText().contains(expected, Qt::CaseInsensitive), qPrintable(dialog.messageText()));
        // Clicking Start anyway does nothing.
        startButton(dialog)->click();
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
    }

    void cifarFolderWithFilesIsAccepted() {
        const QString folder = m_dir.filePath(QStringLiteral("cifar"));
        QDir().mkpath(folder);
        for (const char* name : {"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                                 "data_batch_5.bin", "test_batch.bin"}) {
            QFile f(QDir(folder).filePath(QString::fromLatin1(name)));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray(3073, '\0'));
        }
        app::LaunchDialog dialog;
        dialog.setDatabasePath(m_dir.filePath(QStringLiteral("runs.sqlite")));
        search::RunConfig c;
        c.dataset = "cifar10";
        c.datasetDirectory = folder.toStdString();
        dialog.setConfig(c);
        QVERIFY2(dialog.canStart(), qPrintable(dialog.messageText()));
        QVERIFY(startButton(dialog)->isEnabled());
    }

    void saveLoadRoundTrip() {
        const QString table = m_dir.filePath(QStringLiteral("pi4.csv"));
        QFile tableFile(table);
        QVERIFY(tableFile.open(QIODevice::WriteOnly));
        tableFile.close();
        const search::RunConfig original = unusualConfig(table);
        app::LaunchDialog dialog;
        dialog.setDatabasePath(m_dir.filePath(QStringLiteral("runs.sqlite")));
        dialog.setConfig(original);
        QVERIFY2(dialog.canStart(), qPrintable(dialog.messageText()));
        QCOMPARE(search::toJson(dialog.config()), search::toJson(original));

        const QString path = m_dir.filePath(QStringLiteral("config.json"));
        QString error;
        QVERIFY2(dialog.saveConfigFile(path, &error), qPrintable(error));

        // The file is what the CLI reads (`edgenas search --config`).
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const search::RunConfig parsed = search::runConfigFromJson(file.readAll().toStdString());
        QCOMPARE(search::toJson(parsed), search::toJson(dialog.config()));

        app::LaunchDialog other;
        QVERIFY2(other.loadConfigFile(path, &error), qPrintable(error));
        QCOMPARE(search::toJson(other.config()), search::toJson(parsed));
    }

    // A third objective chosen in the form makes a three-objective run; one in a loaded config
    // shows in that field and comes back unchanged.
    void thirdObjective() {
        app::LaunchDialog dialog;
        dialog.setDatabasePath(m_dir.filePath(QStringLiteral("runs.sqlite")));
        auto* third = dialog.findChild<QComboBox*>(QStringLiteral("thirdObjective"));
        QVERIFY(third);
        QCOMPARE(third->currentIndex(), 0);  // none
        QCOMPARE(dialog.config().objectives.size(), std::size_t(2));
        const int params = third->findData(QStringLiteral("params"));
        QVERIFY(params > 0);
        third->setCurrentIndex(params);
        QVERIFY2(dialog.canStart(), qPrintable(dialog.problems().join('\n')));
        const std::vector<std::string> objectives = dialog.config().objectives;
        QCOMPARE(objectives.size(), std::size_t(3));
        QCOMPARE(objectives.back(), std::string("params"));

        search::RunConfig loaded = dialog.config();
        loaded.objectives = {"accuracy", "latency", "energy", "params"};
        dialog.setConfig(loaded);
        QCOMPARE(third->currentData().toString(), QStringLiteral("energy"));
        QVERIFY(dialog.config().objectives == loaded.objectives);
    }

    // Every bound of a config is a row (ceilings and floors alike); rows are added, switched to
    // the other side and removed; a floor above the ceiling, or a side twice, blocks the start.
    void boundRows() {
        app::LaunchDialog dialog;
        dialog.setDatabasePath(m_dir.filePath(QStringLiteral("runs.sqlite")));
        search::RunConfig c = dialog.config();
        c.constraints = {{"latency", 2.5}, {"params", 50'000}};
        c.lowerBounds = {{"accuracy", 0.8}};
        dialog.setConfig(c);
        auto* bounds = dialog.findChild<app::BoundListEditor*>(QStringLiteral("bounds"));
        QVERIFY(bounds);
        QCOMPARE(bounds->rowCount(), 3);
        QVERIFY(dialog.config().constraints == c.constraints);
        QVERIFY(dialog.config().lowerBounds == c.lowerBounds);
        QVERIFY2(dialog.canStart(), qPrintable(dialog.problems().join('\n')));

        // "Add Bound" gives a ceiling on a cost not bounded yet, starting at 0: not usable until set.
        dialog.findChild<QToolButton*>(QStringLiteral("addBound"))->click();
        QCOMPARE(bounds->rowCount(), 4);
        QVERIFY(!dialog.canStart());
        QVERIFY(dialog.problems().join(' ').contains(QStringLiteral("must be a positive number")));
        const auto rows = bounds->findChildren<QDoubleSpinBox*>(QStringLiteral("boundValue"));
        QCOMPARE(rows.size(), 4);
        rows.back()->setValue(1.5);
        QVERIFY2(dialog.canStart(), qPrintable(dialog.problems().join('\n')));
        QCOMPARE(dialog.config().constraints.size(), std::size_t(3));

        // A floor on latency above its ceiling of 2.5 ms is an empty range.
        bounds->addBound("latency", true, 3.0);
        QVERIFY(!dialog.canStart());
        QVERIFY2(dialog.problems().join(' ').contains(QStringLiteral("cannot be at least 3")),
                 qPrintable(dialog.problems().join('\n')));
        bounds->removeBound(bounds->rowCount() - 1);
        QVERIFY(dialog.canStart());
        // The same side of one metric twice is named.
        bounds->addBound("params", false, 10'000);
        QVERIFY(dialog.problems().join(' ').contains(QStringLiteral("two upper bounds")));
        bounds->removeBound(bounds->rowCount() - 1);

        // Removing a row by its button drops that bound from the config.
        bounds->findChildren<QToolButton*>(QStringLiteral("removeBound")).first()->click();
        QCOMPARE(bounds->rowCount(), 3);
        QVERIFY(dialog.config().lowerBounds.empty());  // the accuracy floor was the first row
    }

    // The DAG space's nodes and stages are fields of the form, enabled only for that space.
    void dagSpaceFields() {
        search::RunConfig c;
        c.space = "dag";
        c.spaceChannels = 4;
        c.spaceNodes = 6;
        c.spaceStages = 2;
        app::LaunchDialog dialog;
        dialog.setDatabasePath(m_dir.filePath(QStringLiteral("runs.sqlite")));
        dialog.setConfig(c);
        auto* nodes = dialog.findChild<QSpinBox*>(QStringLiteral("spaceNodes"));
        auto* stages = dialog.findChild<QSpinBox*>(QStringLiteral("spaceStages"));
        QVERIFY(nodes && stages);
        QVERIFY(nodes->isEnabled() && stages->isEnabled());
        QCOMPARE(dialog.config().space, std::string("dag"));
        QCOMPARE(dialog.config().spaceChannels, 4);
        QCOMPARE(dialog.config().spaceNodes, 6);
        QCOMPARE(dialog.config().spaceStages, 2);
        nodes->setValue(12);
        QCOMPARE(dialog.config().spaceNodes, 12);
        auto* space = dialog.findChild<QComboBox*>(QStringLiteral("space"));
        space->setCurrentIndex(space->findData(QStringLiteral("nb201")));
        QVERIFY(!nodes->isEnabled() && !stages->isEnabled());
    }

    void badConfigFileNamesTheProblem() {
        const QString path = m_dir.filePath(QStringLiteral("bad.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"budget": {"evaluations": -3}})");
        file.close();
        app::LaunchDialog dialog;
        const std::string before = search::toJson(dialog.config());
        QString error;
        QVERIFY(!dialog.loadConfigFile(path, &error));
        QVERIFY2(error.contains(QStringLiteral("budget.evaluations")), qPrintable(error));
        QVERIFY2(error.contains(path), qPrintable(error));
        QCOMPARE(search::toJson(dialog.config()), before);
        QVERIFY(!dialog.loadConfigFile(m_dir.filePath(QStringLiteral("absent.json")), &error));
        QVERIFY2(error.contains(QStringLiteral("absent.json")), qPrintable(error));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestLaunchDialog)
#include "test_launch_dialog.moc"
