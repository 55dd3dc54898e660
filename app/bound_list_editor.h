#pragma once

#include <QStringList>
#include <QWidget>

#include <map>
#include <string>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QToolButton;
class QVBoxLayout;

namespace edgenas::app {

/// The bounds of a run config as rows a user edits: a metric, "at most" or "at least", a value,
/// and a button that removes the row; "Add Bound" adds one. Ceilings and floors on any metric,
/// as many as the config holds, so a loaded config's bounds are all shown and kept.
class BoundListEditor : public QWidget {
    Q_OBJECT
public:
    explicit BoundListEditor(QWidget* parent = nullptr);

    void setBounds(const std::map<std::string, double>& ceilings, const std::map<std::string, double>& floors);
    std::map<std::string, double> ceilings() const;
    std::map<std::string, double> floors() const;
    int rowCount() const { return int(m_rows.size()); }
    /// A new row: a floor for a metric that is maximised, else a ceiling.
    void addBound(const std::string& metric, bool floor, double value);
    void removeBound(int row);
    /// What stops the bounds from being used, one sentence each: a value that is not positive,
    /// the same side of a metric twice, a floor above the ceiling.
    QStringList problems() const;

signals:
    void edited();

private:
    struct Row {
        QWidget* widget = nullptr;
        QComboBox* metric = nullptr;
        QComboBox* side = nullptr;
        QDoubleSpinBox* value = nullptr;
        QToolButton* remove = nullptr;
    };
    std::string metricOf(const Row& row) const;
    bool isFloor(const Row& row) const;
    void updateUnit(const Row& row);

    QVBoxLayout* m_rowsLayout = nullptr;
    QToolButton* m_add = nullptr;
    std::vector<Row> m_rows;
};

} // namespace edgenas::app
