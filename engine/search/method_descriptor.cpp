#include "method_descriptor.h"

namespace edgenas::search {

const SettingDescriptor* MethodDescriptor::setting(const std::string& key) const {
    for (const SettingDescriptor& s : settings)
        if (s.key == key)
            return &s;
    return nullptr;
}

const MethodPreset* MethodDescriptor::preset(const std::string& name) const {
    for (const MethodPreset& p : presets)
        if (p.name == name)
            return &p;
    return nullptr;
}

} // namespace edgenas::search
