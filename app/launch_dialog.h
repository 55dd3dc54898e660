#pragma once

#include "search/run_config.h"

#include <QDialog>
#include <QStringList>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace edgenas::app {

class RunConfigForm;

/// Sets up a search: the config's fields (a RunConfigForm: method, space, data set, device and
/// DVFS point, objectives, an upper bound, budget, training, seed, threads), the database file
/// and the run's name. Problems are shown inline as they arise and keep the Start button disabled. The settings save to and load from the same config
/// JSON that `edgenas search --config` reads (search::toJson / search::runConfigFromJson).
class LaunchDialog : public QDialog {
    Q_OBJECT
public:
    explicit LaunchDialog(QWidget* parent = nullptr);

    void setConfig(const search::RunConfig& config);
    /// The config as the fields describe it (valid or not; see problems()).
    search::RunConfig config() const;

    /// Fills in the config and database of the last search started from this dialog (kept in
    /// QSettings); the defaults and `defaultDatabasePath` when there is none.
    void restoreLastLaunch(const QString& defaultDatabasePath);
    /// Keeps the config and database for the next restoreLastLaunch().
    void rememberLaunch() const;

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
    void validate();
    void browseDatabase();
    void saveConfigInteractive();
    void loadConfigInteractive();

    RunConfigForm* m_form = nullptr;
    QLineEdit* m_database = nullptr;
    QLineEdit* m_runName = nullptr;
    QLabel* m_message = nullptr;
    QLabel* m_messageIcon = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QPushButton* m_start = nullptr;
};

} // namespace edgenas::app
