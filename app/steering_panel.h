#pragma once

#include "core/candidate.h"
#include "search/run_config.h"

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

/// Steers the running search: pause, resume and stop (the window's actions), a ceiling or a floor
/// on any objective metric applied mid-run, two or three objectives (more are kept as they
/// are), and injecting a candidate from the table selection or an architecture JSON file. Every
/// request goes to the engine's control object and is logged in the run by the engine when it
/// applies it.
class SteeringPanel : public QWidget {
    Q_OBJECT
public:
    explicit SteeringPanel(QWidget* parent = nullptr);

    /// A button for each of the window's run actions (pause/resume, stop).
    void addRunAction(QAction* action);
    /// The session to steer; nullptr disables steering (no live run).
    void setSession(SearchSession* session);
    /// Which side of a metric a bound holds: a ceiling ("latency at most 2 ms") or a floor.
    enum class BoundSide { AtMost, AtLeast };

    /// Shows the run's objectives and bounds as the starting point of the controls.
    void setRunSettings(const search::RunConfig& config);
    /// The candidates selected in the plot or table (injection source).
    void setSelection(const std::vector<core::Candidate>& candidates);

    /// The bound on `metric` (an objective name: "latency", ...) on `side`, or none, as applied last.
    std::optional<double> bound(const QString& metric, BoundSide side = BoundSide::AtMost) const;

    // The panel's operations, also used by tests.
    bool applyBound(const QString& metric, BoundSide side, double value, QString* error = nullptr);
    bool clearBound(const QString& metric, BoundSide side, QString* error = nullptr);
    bool applyObjectives(const QStringList& objectives, QString* error = nullptr);
    /// Injects the selected candidates; returns how many were sent.
    int injectSelection();
    /// Reads and checks an architecture JSON file, then injects it; errors name the file.
    bool injectFile(const QString& path, QString* error = nullptr);

signals:
    /// A bound was sent to the engine or removed: every ceiling and floor now requested, for the
    /// plot's shading and the run panels.
    void boundsChanged(const std::map<std::string, double>& ceilings, const std::map<std::string, double>& floors);
    void objectivesChanged(const QStringList& objectives);
    /// Something the user asked for, for the log ("Injected 2 candidates").
    void message(const QString& text);

private:
    void updateEnabled();
    void updateUnit();
    void chooseDefaultSide();
    BoundSide chosenSide() const;
    std::map<std::string, double>& boundsOn(BoundSide side) { return side == BoundSide::AtMost ? m_ceilings : m_floors; }
    const std::map<std::string, double>& boundsOn(BoundSide side) const {
        return side == BoundSide::AtMost ? m_ceilings : m_floors;
    }
    QStringList chosenObjectives() const;
    void injectFileInteractive();
    void report(const QString& title, const QString& text);

    SearchSession* m_session = nullptr;
    QHBoxLayout* m_runButtons = nullptr;
    QComboBox* m_boundMetric = nullptr;
    QComboBox* m_boundSide = nullptr;
    QDoubleSpinBox* m_boundValue = nullptr;
    QPushButton* m_applyBound = nullptr;
    QPushButton* m_clearBound = nullptr;
    QComboBox* m_primary = nullptr;
    QComboBox* m_secondary = nullptr;
    QComboBox* m_third = nullptr;
    QPushButton* m_applyObjectives = nullptr;
    QPushButton* m_injectSelection = nullptr;
    QPushButton* m_injectFile = nullptr;
    QLabel* m_hint = nullptr;
    std::map<std::string, double> m_ceilings;
    std::map<std::string, double> m_floors;
    /// A run's fourth and later objectives: no control of their own, kept when objectives change.
    std::vector<std::string> m_extraObjectives;
    std::vector<core::Candidate> m_selection;
};

} // namespace edgenas::app
