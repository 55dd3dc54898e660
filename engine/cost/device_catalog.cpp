#include "device_catalog.h"

#include "core/errors.h"
#include "cost/builtin_device_profiles.h"

#include <algorithm>
#include <filesystem>

namespace edgenas::cost {

using core::InputError;

const DeviceCatalog& DeviceCatalog::builtIn() {
    // Parsed once: the search engine asks for profiles per run, the GUI per repaint.
    static const DeviceCatalog catalog = [] {
        DeviceCatalog c;
        for (const detail::BuiltinDeviceProfile& entry : detail::kBuiltinDeviceProfiles)
            c.add(parseDeviceProfile(entry.json, "built-in:" + std::string(entry.file)));
        return c;
    }();
    return catalog;
}

DeviceCatalog DeviceCatalog::load(const std::string& userFolder) {
    DeviceCatalog catalog = builtIn();
    if (!userFolder.empty())
        catalog.addFolder(userFolder);
    return catalog;
}

void DeviceCatalog::addFolder(const std::string& folder) {
    namespace fs = std::filesystem;
    std::error_code error;
    if (!fs::is_directory(folder, error))
        throw InputError(folder + ": not a folder of device profiles");
    std::vector<fs::path> files;
    for (const fs::directory_entry& entry : fs::directory_iterator(folder, error))
        if (entry.is_regular_file() && entry.path().extension() == ".json")
            files.push_back(entry.path());
    if (error)
        throw InputError(folder + ": cannot list the folder (" + error.message() + ")");
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files)
        add(loadDeviceProfile(file.string()));
}

void DeviceCatalog::add(DeviceProfile profile) {
    for (DeviceProfile& existing : m_profiles)
        if (existing.name == profile.name) {
            existing = std::move(profile);
            return;
        }
    m_profiles.push_back(std::move(profile));
}

const DeviceProfile* DeviceCatalog::tryFind(const std::string& name) const {
    for (const DeviceProfile& p : m_profiles)
        if (p.name == name)
            return &p;
    return nullptr;
}

const DeviceProfile& DeviceCatalog::find(const std::string& name) const {
    if (const DeviceProfile* p = tryFind(name))
        return *p;
    std::string known;
    for (const DeviceProfile& p : m_profiles)
        known += (known.empty() ? "" : ", ") + p.name;
    throw InputError("unknown device '" + name + "' (known: " + known + "; see edgenas devices)");
}

std::vector<std::string> DeviceCatalog::names() const {
    std::vector<std::string> out;
    for (const DeviceProfile& p : m_profiles)
        out.push_back(p.name);
    return out;
}

} // namespace edgenas::cost
