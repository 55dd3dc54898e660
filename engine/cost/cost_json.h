#pragma once

// JSON views of cost-model results for the CLI (`edgenas devices --json`, `edgenas cost
// --device`) and reports. Field names are snake_case and stable.

#include "device_prediction.h"
#include "device_profile.h"

#include <nlohmann/json.hpp>

namespace edgenas::cost {

/// Totals, provenance, clocks and (with perNode) one row per node.
nlohmann::ordered_json toJson(const DevicePrediction& prediction, bool perNode = false);
/// The profile's figures with their sources, its DVFS domains and operating points (with the
/// modelled full-load power at each point).
nlohmann::ordered_json toJson(const DeviceProfile& profile);

} // namespace edgenas::cost
