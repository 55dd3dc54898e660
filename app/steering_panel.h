#pragma once

#include "core/candidate.h"

#include <QStringList>
#include <QWidget>

#include <map>
#include <optional>
#include <string>
#include <vector>

class QAction;
class QComboBox;
class QDoubleSpinBox;
class QHBoxLayout;
class QLabel;
class QPushButton;

namespace edgenas::app {

class SearchSession;

/// Steers the running search: pause, resume and stop (the window's actions), an upper bound
/// applied mid-run, the objective pair, and injecting a candidate from the table selection or
/// an architecture JSON file. Every request goes to the engine's control object and is logged
/// in the run by the engine when it applies it.
class SteeringPanel : public QWidget {
    Q_OBJECT
public:
    explicit SteeringPanel(QWidget* parent = nullptr);

    /// A button for each of the window's run actions (pause/resume, stop).
    void addRunAction(QAction* action);
    /// The session to steer; nullptr disables steering (no live run).
    void setSession(SearchSession* session);
    /// Shows the run's objectives and bounds as the starting point of the controls.
    void setRunSettings(const std::vector<std::string>& objectives, const std::map<std::string, double>& constraints);
    /// The candidates selected in the plot or table (injection source).
    void setSelection(const std::vector<core::Candidate>& candidates);

    /// The bound on `metric` (an objective name: "latency", ...) or none, as applied last.
    std::optional<double> bound(const QString& metric) const;

    // The panel's operations, also used by tests.
    bool applyBound(const QString& metric, double value, QString* error = nullptr);
    bool clearBound(const QString& metric, QString* error = nullptr);
    bool applyObjectives(const QStringList& objectives, QString* error = nullptr);
    /// Injects the selected candidates; returns how many were sent.
    int injectSelection();
    /// Reads and checks an architecture JSON file, then injects it; errors name the file.
    bool injectFile(const QString& path, QString* error = nullptr);

signals:
    /// A bound was sent to the engine (nullopt: removed); the plot moves its constraint line.
    void boundChanged(const QString& metric, std::optional<double> bound);
    void objectivesChanged(const QStringList& objectives);
    /// Something the user asked for, for the log ("Injected 2 candidates").
    void message(const QString& text);

private:
    void updateEnabled();
    void updateUnit();
    void injectFileInteractive();
    void report(const QString& title, const QString& text);

    SearchSession* m_session = nullptr;
    QHBoxLayout* m_runButtons = nullptr;
    QComboBox* m_boundMetric = nullptr;
    QDoubleSpinBox* m_boundValue = nullptr;
    QPushButton* m_applyBound = nullptr;
    QPushButton* m_clearBound = nullptr;
    QComboBox* m_primary = nullptr;
    QComboBox* m_secondary = nullptr;
    QPushButton* m_applyObjectives = nullptr;
    QPushButton* m_injectSelection = nullptr;
    QPushButton* m_injectFile = nullptr;
    QLabel* m_hint = nullptr;
    std::map<std::string, double> m_bounds;
    std::vector<core::Candidate> m_selection;
};

} // namespace edgenas::app
