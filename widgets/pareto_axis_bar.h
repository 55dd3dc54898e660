#pragma once

#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;

namespace edgenas::widgets {

struct MetricColumn;

/// The Pareto plot's tool bar: the metric on each axis, log scale for each, how many candidates
/// and front members there are, and a button to fit the view again. It reports what the user
/// picks; the plot decides and tells it back (the setters do not signal).
class ParetoAxisBar : public QWidget {
    Q_OBJECT
public:
    explicit ParetoAxisBar(QWidget* parent = nullptr);

    /// Offers every metric of `columns` on both axes, with `x` and `y` chosen.
    void showMetrics(const std::vector<MetricColumn>& columns, const QString& x, const QString& y);
    void clearMetrics();
    /// The metric chosen as the points' colour; empty for none.
    void showColourMetric(const QString& metric);
    void showLogScale(bool logX, bool logY);
    /// `onRunFront`: the run's front over all its objectives, when it has more than two.
    void showCounts(qlonglong candidates, qlonglong onFront, std::optional<qlonglong> onRunFront = std::nullopt);

signals:
    void xMetricPicked(const QString& metric);
    void yMetricPicked(const QString& metric);
    /// Empty: no colour metric.
    void colourMetricPicked(const QString& metric);
    void logXToggled(bool on);
    void logYToggled(bool on);
    void resetViewClicked();

private:
    QComboBox* m_xCombo = nullptr;
    QComboBox* m_yCombo = nullptr;
    QComboBox* m_colourCombo = nullptr;
    QString m_colour;
    QCheckBox* m_logX = nullptr;
    QCheckBox* m_logY = nullptr;
    QLabel* m_counts = nullptr;
};

} // namespace edgenas::widgets
