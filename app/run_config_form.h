#pragma once

#include "search/run_config.h"

#include <QObject>
#include <QStringList>

#include <map>
#include <string>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QLayout;
class QLineEdit;
class QSpinBox;
class QWidget;

namespace edgenas::app {

class BoundListEditor;
class MethodSettingsEditor;

/// The fields of a search's config, in group boxes for a dialog to lay out: the search (method,
/// preset, space), the data, hardware and objectives, budget and training, and the chosen
/// method's own settings (a MethodSettingsEditor made from its descriptor). It reads a
/// RunConfig into the fields and back, keeping what the fields cannot show for round trips.
class RunConfigForm : public QObject {
    Q_OBJECT
public:
    /// The fields are made for `parent`'s window, which takes the group boxes into its layout.
    explicit RunConfigForm(QWidget* parent);

    void setConfig(const search::RunConfig& config);
    /// The config as the fields describe it (valid or not; see problems()).
    search::RunConfig config() const;
    /// What in the fields stops the run from starting, one translated sentence each.
    QStringList problems() const;

    QGroupBox* searchGroup() const { return m_searchBox; }
    QGroupBox* dataGroup() const { return m_dataBox; }
    QGroupBox* hardwareGroup() const { return m_hwBox; }
    QGroupBox* budgetGroup() const { return m_budgetBox; }
    QGroupBox* methodSettingsGroup() const { return m_settingsBox; }

signals:
    /// A field changed (by the user or by setConfig): time to check the form again.
    void edited();

private:
    void fillDvfs();
    void updateSpaceFields();
    /// Loads the chosen method's settings schema and presets into the form.
    void showMethod(const std::string& method);
    /// The user picked another method: its form, and its default preset's budget and settings.
    void methodChosen();
    void presetChosen();
    /// A budget or setting edited by hand no longer matches the preset: show "Custom".
    void markCustom();
    void browseDataset();
    void browseLatencyTable();

    QGroupBox* m_searchBox = nullptr;
    QGroupBox* m_dataBox = nullptr;
    QGroupBox* m_hwBox = nullptr;
    QGroupBox* m_budgetBox = nullptr;
    QGroupBox* m_settingsBox = nullptr;
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
    QComboBox* m_third = nullptr;  ///< an optional third objective ("none" first)
    BoundListEditor* m_bounds = nullptr;
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
    /// Objectives beyond the three the form shows, kept for round trips.
    std::vector<std::string> m_extraObjectives;
};

/// A form row whose field is a layout: the label gets `buddy` (the first widget), so its
/// mnemonic works (QFormLayout only does that for a widget field).
void addLayoutRow(QFormLayout* form, const QString& text, QLayout* fields, QWidget* buddy);

} // namespace edgenas::app
