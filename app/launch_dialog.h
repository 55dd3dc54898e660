#pragma once

#include "search/run_config.h"

#include <QDialog>
#include <QStringList>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace edgenas::app {

class MethodSettingsEditor;

/// Sets up a search: method, space, data set, device and DVFS point, objectives, an upper bound,
/// budget, training, seed, threads and the database file. Problems are shown inline as they
/// arise and keep the Start button disabled. The settings save to and load from the same config
/// JSON that `edgenas search --config` reads (search::toJson / search::runConfigFromJson).
class LaunchDialog : public QDialog {
    Q_OBJECT
public:
    explicit LaunchDialog(QWidget* parent = nullptr);

    void setConfig(const search::RunConfig& config);
    /// The config as the fields describe it (valid or not; see problems()).
    search::RunConfig config() const;

    void setDatabasePath(const QString& path);
    QString databasePath() const;
    void setRunName(const QString& name);
    QString runName() const;

    /// What stops the run from starting, one translated sentence each; empty when it can start.
    QStringList problems() const;
    /// The inline message currently shown (empty when there is none).
    QString messageText() const;
    bool canStart() const;

    /// Writes the config JSON; on failure returns false with `error` naming the file.
    bool saveConfigFile(const QString& path, QString* error) const;
    /// Reads a config JSON into the fields; on failure returns false with `error` naming the file
    /// and the offending key, and leaves the fields as they were.
    bool loadConfigFile(const QString& path, QString* error);

private:
    void buildUi();
    void fillDvfs();
    void updateSpaceFields();
    void updateBoundUnit();
    /// Loads the chosen method's settings schema and presets into the form.
    void showMethod(const std::string& method);
    /// The user picked another method: its form, and its default preset's budget and settings.
    void methodChosen();
    void presetChosen();
    /// A budget or setting edited by hand no longer matches the preset: show "Custom".
    void markCustom();
    void validate();
    void browseDataset();
    void browseDatabase();
    void browseLatencyTable();
    void saveConfigInteractive();
    void loadConfigInteractive();

    QComboBox* m_method = nullptr;
    QComboBox* m_space = nullptr;
    QSpinBox* m_channels = nullptr;
    QSpinBox* m_cells = nullptr;
    QSpinBox* m_nodes = nullptr;
    QSpinBox* m_stages = nullptr;
    QDoubleSpinBox* m_width = nullptr;
    QComboBox* m_dataset = nullptr;
    QLineEdit* m_datasetDir = nullptr;
    QComboBox* m_device = nullptr;
    QComboBox* m_dvfs = nullptr;
    QLineEdit* m_latencyTable = nullptr;
    QComboBox* m_primary = nullptr;
    QComboBox* m_secondary = nullptr;
    QCheckBox* m_boundEnabled = nullptr;
    QComboBox* m_boundMetric = nullptr;
    QDoubleSpinBox* m_boundValue = nullptr;
    QSpinBox* m_evaluations = nullptr;
    QSpinBox* m_population = nullptr;
    QLineEdit* m_seed = nullptr;
    QSpinBox* m_threads = nullptr;
    QSpinBox* m_epochs = nullptr;
    QSpinBox* m_trainSubset = nullptr;
    QSpinBox* m_validationSubset = nullptr;
    QSpinBox* m_batch = nullptr;
    QDoubleSpinBox* m_learningRate = nullptr;
    QComboBox* m_preset = nullptr;
    MethodSettingsEditor* m_settings = nullptr;
    std::string m_shownMethod;  ///< the method whose form and presets are shown
    bool m_filling = false;  ///< setConfig() is writing the fields: not the user's edits
    QLineEdit* m_database = nullptr;
    QLineEdit* m_runName = nullptr;
    QLabel* m_message = nullptr;
    QLabel* m_messageIcon = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QPushButton* m_start = nullptr;
    /// Bounds on metrics the form cannot show (a config may bound several); kept for round trips.
    std::map<std::string, double> m_extraBounds;
    /// Floors ("accuracy at least 0.8") the form does not show, kept for round trips.
    std::map<std::string, double> m_lowerBounds;
    /// Objectives beyond the two the form shows, kept for round trips.
    std::vector<std::string> m_extraObjectives;
};

} // namespace edgenas::app
