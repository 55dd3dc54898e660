#pragma once

#include "device_profile.h"

#include <string>
#include <vector>

namespace edgenas::cost {

/// The device profiles a program knows: the built-in ones (resources/devices/*.json, compiled
/// into the library) plus any folder of user profiles. A user profile with the name of a
/// built-in one replaces it, so a board can be recalibrated without rebuilding.
class DeviceCatalog {
public:
    /// Only the built-in profiles, parsed once per process; lives until the process ends.
    static const DeviceCatalog& builtIn();
    /// Built-in profiles plus every *.json in `userFolder` (none when empty). Throws
    /// core::InputError naming the file and key of the first bad profile, or the folder.
    static DeviceCatalog load(const std::string& userFolder = {});

    /// Adds every *.json of a folder (in name order); throws core::InputError.
    void addFolder(const std::string& folder);
    /// Adds a profile, replacing one of the same name.
    void add(DeviceProfile profile);

    /// Throws core::InputError listing the known names.
    const DeviceProfile& find(const std::string& name) const;
    const DeviceProfile* tryFind(const std::string& name) const;
    std::vector<std::string> names() const;
    /// Built-in profiles first in file-name order, then user profiles in the order added.
    const std::vector<DeviceProfile>& profiles() const { return m_profiles; }

private:
    std::vector<DeviceProfile> m_profiles;
};

} // namespace edgenas::cost
