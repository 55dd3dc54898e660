#pragma once

#include "store/architecture_codec.h"
#include "store/run_reader.h"
#include "store/run_store.h"

#include <memory>
#include <string>

namespace edgenas::search {

/// The architecture codec of this build's search spaces, one per process.
std::shared_ptr<const store::ArchitectureCodec> architectureCodec();

/// RunStore::open with the search spaces' codec: candidates of a space are stored by genome.
store::RunStore openRunStore(const std::string& path);
/// RunReader::open with the search spaces' codec: candidates stored by genome read back whole.
store::RunReader openRunReader(const std::string& path);

} // namespace edgenas::search
