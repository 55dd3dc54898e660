#pragma once

#include <QElapsedTimer>
#include <QWidget>

class QLabel;
class QProgressBar;

namespace edgenas::widgets {
class HypervolumePlot;
}

namespace edgenas::app {

/// Where a run stands: evaluations done of the budget, the evaluation rate, the time left and
/// the hypervolume of the front over evaluations.
class RunProgressPanel : public QWidget {
    Q_OBJECT
public:
    explicit RunProgressPanel(QWidget* parent = nullptr);

    /// Forgets the previous run; `live` false for a stored run (no rate or time left).
    void reset(bool live);
    void setProgress(int done, int total);
    void addHypervolume(int evaluations, double hypervolume);
    /// "finished", "interrupted", "failed", "paused", "running", ...
    void setStatus(const QString& status);

    widgets::HypervolumePlot* hypervolumePlot() const { return m_hypervolume; }
    int done() const { return m_done; }
    int total() const { return m_total; }
    QString rateText() const;
    QString timeLeftText() const;

private:
    void updateLabels();

    QProgressBar* m_bar = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_rate = nullptr;
    QLabel* m_left = nullptr;
    widgets::HypervolumePlot* m_hypervolume = nullptr;
    QElapsedTimer m_clock;
    int m_firstDone = -1;  ///< evaluations already done when this view started timing (resume)
    int m_done = 0;
    int m_total = 0;
    bool m_live = false;
};

} // namespace edgenas::app
