#include "bound_list_editor.h"

#include "launch_dialog.h"
#include "objective_naming.h"

#include "search/run_config.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <set>

namespace edgenas::app {

BoundListEditor::BoundListEditor(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_rowsLayout = new QVBoxLayout;
    m_rowsLayout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_rowsLayout);
    m_add = new QToolButton;
    m_add->setObjectName(QStringLiteral("addBound"));
    // Texts in the dialog's translation context, where the bound row was written first.
    m_add->setText(LaunchDialog::tr("&Add Bound"));
    m_add->setToolTip(LaunchDialog::tr("A ceiling or a floor on any metric: candidates beyond it are infeasible"));
    auto* addRow = new QHBoxLayout;
    addRow->addWidget(m_add);
    addRow->addStretch(1);
    layout->addLayout(addRow);
    connect(m_add, &QToolButton::clicked, this, [this] {
        // The first cost objective not bounded yet, else latency.
        std::set<std::string> bounded;
        for (const Row& row : m_rows)
            bounded.insert(metricOf(row));
        std::string metric = "latency";
        for (const std::string& o : search::knownObjectives())
            if (!search::isMaximised(o) && !bounded.count(o)) {
                metric = o;
                break;
            }
        addBound(metric, false, 0.0);
        m_rows.back().value->setFocus();
    });
}

void BoundListEditor::setBounds(const std::map<std::string, double>& ceilings,
                                const std::map<std::string, double>& floors) {
    while (!m_rows.empty())
        removeBound(int(m_rows.size()) - 1);
    for (const auto& [metric, value] : floors)
        addBound(metric, true, value);
    for (const auto& [metric, value] : ceilings)
        addBound(metric, false, value);
}

void BoundListEditor::addBound(const std::string& metric, bool floor, double value) {
    Row row;
    row.widget = new QWidget;
    row.metric = new QComboBox;
    row.metric->setObjectName(QStringLiteral("boundMetric"));
    for (const std::string& o : search::knownObjectives())
        row.metric->addItem(objectiveLabel(o), QString::fromStdString(o));
    if (row.metric->findData(QString::fromStdString(metric)) < 0)  // not listed here: kept, shown by name
        row.metric->addItem(QString::fromStdString(metric), QString::fromStdString(metric));
    row.metric->setCurrentIndex(row.metric->findData(QString::fromStdString(metric)));
    row.side = new QComboBox;
    row.side->setObjectName(QStringLiteral("boundSide"));
    row.side->addItem(LaunchDialog::tr("≤"), false);
    row.side->addItem(LaunchDialog::tr("≥"), true);
    row.side->setToolTip(LaunchDialog::tr("At most (a ceiling) or at least (a floor)"));
    row.side->setCurrentIndex(floor ? 1 : 0);
    row.value = new QDoubleSpinBox;
    row.value->setObjectName(QStringLiteral("boundValue"));
    row.value->setRange(0.0, 1e12);
    row.value->setDecimals(3);
    row.value->setGroupSeparatorShown(true);
    row.value->setValue(value);
    row.remove = new QToolButton;
    row.remove->setObjectName(QStringLiteral("removeBound"));
    row.remove->setText(QStringLiteral("✕"));
    row.remove->setToolTip(LaunchDialog::tr("Remove this bound"));
    auto* layout = new QHBoxLayout(row.widget);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(row.metric, 1);
    layout->addWidget(row.side);
    layout->addWidget(row.value, 1);
    layout->addWidget(row.remove);
    m_rowsLayout->addWidget(row.widget);
    m_rows.push_back(row);
    updateUnit(row);

    QWidget* key = row.widget;
    auto indexOf = [this, key] {
        return int(std::find_if(m_rows.begin(), m_rows.end(), [key](const Row& r) { return r.widget == key; }) -
                   m_rows.begin());
    };
    connect(row.metric, &QComboBox::currentIndexChanged, this, [this, indexOf] {
        Row& r = m_rows[std::size_t(indexOf())];
        // A newly chosen metric starts on its natural side: accuracy a floor, costs a ceiling.
        r.side->setCurrentIndex(search::isMaximised(metricOf(r)) ? 1 : 0);
        updateUnit(r);
        emit edited();
    });
    connect(row.side, &QComboBox::currentIndexChanged, this, &BoundListEditor::edited);
    connect(row.value, &QDoubleSpinBox::valueChanged, this, &BoundListEditor::edited);
    connect(row.remove, &QToolButton::clicked, this, [this, indexOf] { removeBound(indexOf()); });
    emit edited();
}

void BoundListEditor::removeBound(int index) {
    if (index < 0 || index >= int(m_rows.size()))
        return;
    m_rows[std::size_t(index)].widget->deleteLater();
    m_rows[std::size_t(index)].widget->hide();
    m_rows.erase(m_rows.begin() + index);
    emit edited();
}

std::string BoundListEditor::metricOf(const Row& row) const {
    return row.metric->currentData().toString().toStdString();
}

bool BoundListEditor::isFloor(const Row& row) const { return row.side->currentData().toBool(); }

void BoundListEditor::updateUnit(const Row& row) {
    const QString unit = objectiveUnit(metricOf(row));
    row.value->setSuffix(unit.isEmpty() ? QString() : QLatin1Char(' ') + unit);
}

std::map<std::string, double> BoundListEditor::ceilings() const {
    std::map<std::string, double> out;
    for (const Row& row : m_rows)
        if (!isFloor(row))
            out[metricOf(row)] = row.value->value();
    return out;
}

std::map<std::string, double> BoundListEditor::floors() const {
    std::map<std::string, double> out;
    for (const Row& row : m_rows)
        if (isFloor(row))
            out[metricOf(row)] = row.value->value();
    return out;
}

QStringList BoundListEditor::problems() const {
    QStringList out;
    std::set<std::pair<std::string, bool>> seen;
    for (const Row& row : m_rows) {
        const QString label = row.metric->currentText();
        if (row.value->value() <= 0.0)
            out << LaunchDialog::tr("The %1 bound must be a positive number.").arg(label.toLower());
        if (!seen.insert({metricOf(row), isFloor(row)}).second)
            out << LaunchDialog::tr("%1 has two %2 bounds: keep one.")
                       .arg(label, isFloor(row) ? LaunchDialog::tr("lower") : LaunchDialog::tr("upper"));
    }
    const auto ceilingOf = ceilings();
    for (const auto& [metric, floor] : floors())
        if (const auto it = ceilingOf.find(metric); it != ceilingOf.end() && floor > it->second)
            out << LaunchDialog::tr("%1 cannot be at least %2 and at most %3.")
                       .arg(objectiveLabel(metric))
                       .arg(floor)
                       .arg(it->second);
    return out;
}

} // namespace edgenas::app
