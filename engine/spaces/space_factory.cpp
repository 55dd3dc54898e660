#include "space_factory.h"

#include "attentive_space.h"
#include "core/errors.h"
#include "dag_space.h"
#include "mobilenet_space.h"
#include "nb201_space.h"

#include <algorithm>

namespace edgenas::spaces {

namespace {

// Every space once: its names, the run-config keys only it reads, and how to build it.
struct SpaceRegistration {
    std::vector<std::string> names;  ///< the canonical name first, then aliases
    std::vector<std::string> configKeys;
    std::unique_ptr<SearchSpace> (*make)(const SpaceOptions&);
};

template <typename Space>
std::unique_ptr<SearchSpace> makeSpace(const SpaceOptions& options) {
    return std::make_unique<Space>(options);
}

const std::vector<SpaceRegistration>& registrations() {
    static const std::vector<SpaceRegistration> all{
        {{"nb201", "nasbench201"}, {}, &makeSpace<Nb201Space>},
        {{"mobilenet", "fbnet"}, {}, &makeSpace<MobileNetSpace>},
        {{"dag", "swiftnet"}, {"nodes", "stages"}, &makeSpace<DagSpace>},
        {{"attentive", "hadas"}, {"layout"}, &makeSpace<AttentiveSpace>},
    };
    return all;
}

const SpaceRegistration* findRegistration(const std::string& name) {
    for (const SpaceRegistration& r : registrations())
        if (std::find(r.names.begin(), r.names.end(), name) != r.names.end())
            return &r;
    return nullptr;
}

} // namespace

std::unique_ptr<SearchSpace> makeSearchSpace(const std::string& name, const SpaceOptions& options) {
    if (const SpaceRegistration* r = findRegistration(name))
        return r->make(options);
    std::string known;
    for (const std::string& n : knownSpaceNames())
        known += (known.empty() ? "" : ", ") + n;
    throw core::InputError("unknown search space '" + name + "' (known: " + known + ")");
}

std::vector<std::string> knownSpaceNames() {
    std::vector<std::string> names;
    for (const SpaceRegistration& r : registrations())
        names.push_back(r.names.front());
    return names;
}

std::vector<std::string> spaceConfigKeys(const std::string& name) {
    const SpaceRegistration* r = findRegistration(name);
    return r ? r->configKeys : std::vector<std::string>{};
}

} // namespace edgenas::spaces
