#include "exit_table.h"

#include <algorithm>

namespace edgenas::search {

double ExitOutcomes::accuracy() const {
    if (correct.empty())
        return 0.0;
    std::size_t right = 0;
    for (std::uint8_t c : correct)
        right += c != 0 ? 1 : 0;
    return static_cast<double>(right) / static_cast<double>(correct.size());
}

int ExitTable::indexOfBlock(int block) const {
    // A linear scan: a table holds a few dozen heads at most, and it needs no sorted order.
    const auto it = std::find_if(exits.begin(), exits.end(), [block](const ExitOutcomes& e) { return e.block == block; });
    return it != exits.end() ? static_cast<int>(it - exits.begin()) : -1;
}

} // namespace edgenas::search
