#include "run_database.h"

#include "run_architecture_codec.h"

namespace edgenas::search {

std::shared_ptr<const store::ArchitectureCodec> architectureCodec() {
    // Shared so that every reader and writer of the process reuses the spaces it has built.
    static const auto codec = std::make_shared<const RunArchitectureCodec>();
    return codec;
}

store::RunStore openRunStore(const std::string& path) { return store::RunStore::open(path, architectureCodec()); }

store::RunReader openRunReader(const std::string& path) { return store::RunReader::open(path, architectureCodec()); }

} // namespace edgenas::search
