#pragma once

#include "search/method_descriptor.h"

#include <QWidget>

#include <set>
#include <string>
#include <vector>

class QFormLayout;

namespace edgenas::app {

/// A form generated from a method's settings schema: a spin box per whole number, a line per
/// real number or text, a list per choice, a check box per flag, each with the setting's help as
/// tooltip. It edits the method's settings JSON: keys the user set or the config named are kept,
/// untouched defaults are left out, and keys the schema does not know pass through unchanged so
/// the engine can name them in its error.
class MethodSettingsEditor : public QWidget {
    Q_OBJECT
public:
    explicit MethodSettingsEditor(QWidget* parent = nullptr);

    void setSchema(const std::vector<search::SettingDescriptor>& schema);
    /// Fills the fields from a settings object; unparsable text leaves the defaults and is kept
    /// as it is, so validation reports it.
    void setSettingsJson(const std::string& json);
    std::string settingsJson() const;
    /// "number" fields that do not hold a number, by key; empty when all do.
    std::vector<std::string> invalidKeys() const;

signals:
    /// The user changed a value (not emitted by setSchema or setSettingsJson).
    void edited();

private:
    struct Field {
        search::SettingDescriptor schema;
        QWidget* editor = nullptr;
    };
    std::string valueJson(const Field& field) const;  ///< "" when the field holds no valid value
    void setValue(Field& field, const std::string& json);
    void markEdited(const std::string& key);

    QFormLayout* m_form = nullptr;
    std::vector<Field> m_fields;
    std::set<std::string> m_explicit;  ///< keys named by the loaded settings or edited since
    std::string m_unknownJson = "{}";  ///< keys the schema lacks, as loaded
    std::string m_unparsable;          ///< settings text that was not a JSON object
    bool m_filling = false;
};

} // namespace edgenas::app
