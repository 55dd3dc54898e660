#include "method_settings_editor.h"

#include <nlohmann/json.hpp>

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

#include <climits>
#include <cmath>

namespace edgenas::app {

namespace {

using nlohmann::json;
using Kind = search::SettingDescriptor::Kind;

QString labelFor(const std::string& key) {
    QString text = QString::fromStdString(key);
    text.replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    return text + QLatin1Char(':');
}

} // namespace

MethodSettingsEditor::MethodSettingsEditor(QWidget* parent) : QWidget(parent) {
    m_form = new QFormLayout(this);
    m_form->setContentsMargins(0, 0, 0, 0);
}

void MethodSettingsEditor::setSchema(const std::vector<search::SettingDescriptor>& schema) {
    while (m_form->rowCount() > 0)
        m_form->removeRow(0);
    m_fields.clear();
    m_explicit.clear();
    m_unknownJson = "{}";
    m_unparsable.clear();
    m_filling = true;
    for (const search::SettingDescriptor& s : schema) {
        Field field{s, nullptr};
        switch (s.kind) {
        case Kind::Integer: {
            auto* box = new QSpinBox;
            box->setRange(static_cast<int>(std::max<double>(s.minimum, INT_MIN)),
                          static_cast<int>(std::min<double>(s.maximum, INT_MAX)));
            box->setGroupSeparatorShown(true);
            connect(box, &QSpinBox::valueChanged, this, [this, key = s.key] { markEdited(key); });
            field.editor = box;
            break;
        }
        case Kind::Choice: {
            auto* box = new QComboBox;
            for (const std::string& choice : s.choices)
                box->addItem(choice.empty() ? tr("(none)") : QString::fromStdString(choice), QString::fromStdString(choice));
            connect(box, &QComboBox::currentIndexChanged, this, [this, key = s.key] { markEdited(key); });
            field.editor = box;
            break;
        }
        case Kind::Boolean: {
            auto* box = new QCheckBox;
            connect(box, &QCheckBox::toggled, this, [this, key = s.key] { markEdited(key); });
            field.editor = box;
            break;
        }
        case Kind::Number:
        case Kind::Text: {
            // Numbers as text: settings span 1e-9 to 1e6, which no fixed number of decimals shows.
            auto* edit = new QLineEdit;
            if (s.kind == Kind::Number)
                edit->setPlaceholderText(tr("%1 to %2").arg(s.minimum).arg(s.maximum));
            connect(edit, &QLineEdit::textEdited, this, [this, key = s.key] { markEdited(key); });
            field.editor = edit;
            break;
        }
        }
        field.editor->setObjectName(QStringLiteral("setting_%1").arg(QString::fromStdString(s.key)));
        field.editor->setToolTip(QString::fromStdString(s.help));
        m_form->addRow(labelFor(s.key), field.editor);
        setValue(field, s.defaultJson);
        m_fields.push_back(std::move(field));
    }
    m_filling = false;
}

void MethodSettingsEditor::markEdited(const std::string& key) {
    if (m_filling)
        return;
    m_explicit.insert(key);
    json unknown = json::parse(m_unknownJson);
    unknown.erase(key);  // the user's value replaces one the editor could not show
    m_unknownJson = unknown.dump();
    emit edited();
}

void MethodSettingsEditor::setValue(Field& field, const std::string& text) {
    json v;
    try {
        v = json::parse(text);
    } catch (const json::exception&) {
        return;
    }
    const bool wasFilling = m_filling;
    m_filling = true;
    switch (field.schema.kind) {
    case Kind::Integer:
        if (v.is_number_integer())
            static_cast<QSpinBox*>(field.editor)->setValue(static_cast<int>(v.get<long long>()));
        break;
    case Kind::Choice:
        if (v.is_string()) {
            auto* box = static_cast<QComboBox*>(field.editor);
            box->setCurrentIndex(box->findData(QString::fromStdString(v.get<std::string>())));
        }
        break;
    case Kind::Boolean:
        if (v.is_boolean())
            static_cast<QCheckBox*>(field.editor)->setChecked(v.get<bool>());
        break;
    case Kind::Number:
        static_cast<QLineEdit*>(field.editor)->setText(QString::fromStdString(v.is_number() ? v.dump() : std::string()));
        break;
    case Kind::Text:
        static_cast<QLineEdit*>(field.editor)->setText(
            v.is_string() ? QString::fromStdString(v.get<std::string>()) : QString());
        break;
    }
    m_filling = wasFilling;
}

void MethodSettingsEditor::setSettingsJson(const std::string& text) {
    m_explicit.clear();
    m_unparsable.clear();
    json unknown = json::object();
    for (Field& field : m_fields)
        setValue(field, field.schema.defaultJson);
    json settings;
    try {
        settings = json::parse(text.empty() ? "{}" : text);
    } catch (const json::exception&) {
        m_unparsable = text;
    }
    if (!m_unparsable.empty() || !settings.is_object()) {
        m_unparsable = text;
        m_unknownJson = "{}";
        return;
    }
    for (auto it = settings.begin(); it != settings.end(); ++it) {
        auto field = std::find_if(m_fields.begin(), m_fields.end(),
                                  [&](const Field& f) { return f.schema.key == it.key(); });
        if (field == m_fields.end()) {
            unknown[it.key()] = *it;
            continue;
        }
        setValue(*field, it->dump());
        m_explicit.insert(it.key());
        // A value the editor cannot show (wrong type) is kept so the engine names it.
        if (valueJson(*field) != it->dump())
            unknown[it.key()] = *it;
    }
    m_unknownJson = unknown.dump();
}

std::string MethodSettingsEditor::valueJson(const Field& field) const {
    switch (field.schema.kind) {
    case Kind::Integer:
        return json(static_cast<QSpinBox*>(field.editor)->value()).dump();
    case Kind::Choice:
        return json(static_cast<QComboBox*>(field.editor)->currentData().toString().toStdString()).dump();
    case Kind::Boolean:
        return json(static_cast<QCheckBox*>(field.editor)->isChecked()).dump();
    case Kind::Number: {
        const std::string text = static_cast<QLineEdit*>(field.editor)->text().trimmed().toStdString();
        try {
            const json v = json::parse(text);
            return v.is_number() ? v.dump() : std::string();
        } catch (const json::exception&) {
            return {};
        }
    }
    case Kind::Text:
        return json(static_cast<QLineEdit*>(field.editor)->text().toStdString()).dump();
    }
    return {};
}

std::string MethodSettingsEditor::settingsJson() const {
    if (!m_unparsable.empty())
        return m_unparsable;
    json out = json::parse(m_unknownJson);
    for (const Field& field : m_fields) {
        if (out.contains(field.schema.key))
            continue;  // a loaded value the editor could not show, kept as it was
        const std::string value = valueJson(field);
        if (value.empty())
            out[field.schema.key] = static_cast<QLineEdit*>(field.editor)->text().toStdString();  // engine names it
        else if (m_explicit.count(field.schema.key) || json::parse(value) != json::parse(field.schema.defaultJson))
            out[field.schema.key] = json::parse(value);
    }
    return out.dump();
}

std::vector<std::string> MethodSettingsEditor::invalidKeys() const {
    std::vector<std::string> out;
    for (const Field& field : m_fields)
        if (valueJson(field).empty())
            out.push_back(field.schema.key);
    return out;
}

} // namespace edgenas::app
