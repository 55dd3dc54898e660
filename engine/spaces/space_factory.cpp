#include "space_factory.h"

#include "attentive_space.h"
#include "core/errors.h"
#include "dag_space.h"
#include "mobilenet_space.h"
#include "nb201_space.h"

namespace edgenas::spaces {

std::unique_ptr<SearchSpace> makeSearchSpace(const std::string& name, const SpaceOptions& options) {
    if (name == "nb201" || name == "nasbench201")
        return std::make_unique<Nb201Space>(options);
    if (name == "mobilenet" || name == "fbnet")
        return std::make_unique<MobileNetSpace>(options);
    if (name == "dag" || name == "swiftnet")
        return std::make_unique<DagSpace>(options);
    if (name == "attentive" || name == "hadas")
        return std::make_unique<AttentiveSpace>(options);
    std::string known;
    for (const std::string& n : knownSpaceNames())
        known += (known.empty() ? "" : ", ") + n;
    throw core::InputError("unknown search space '" + name + "' (known: " + known + ")");
}

std::vector<std::string> knownSpaceNames() { return {"nb201", "mobilenet", "dag", "attentive"}; }

} // namespace edgenas::spaces
