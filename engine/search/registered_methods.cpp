// The one list of the built-in search methods. A new method adds its folder and one line here.
#include "method_registry.h"

#include "evrsnas/evrsnas_method.h"
#include "gram/gram_method.h"
#include "hadas/hadas_method.h"
#include "nsga2/nsga2_method.h"
#include "random/random_search_method.h"

namespace edgenas::search {

void registerBuiltInMethods(MethodRegistry& registry) {
    registry.add(nsga2Method());
    registry.add(evrsnasMethod());
    registry.add(randomSearchMethod());
    registry.add(gramMethod());
    registry.add(hadasMethod());
}

} // namespace edgenas::search
