#pragma once

#include "core/candidate.h"
#include "device_profile.h"
#include "package_energy_counter.h"

#include <string>

namespace edgenas::cost {

/// Where a device's energy figures come from, worded once for every view that shows energy
/// (edgenas devices, edgenas cost, the launch dialog), so none of them can present a modelled
/// figure as a measurement.
struct EnergySource {
    /// Measured (the host's package counter is readable), Table (the profile's default point has
    /// a measured board power) or Modelled.
    core::Provenance provenance = core::Provenance::Modelled;
    /// The modelled power does not depend on what runs (every domain counts as busy: CPU devices),
    /// so energy is latency times a constant and ranks networks exactly as latency does.
    bool followsLatency = false;
    double constantWatts = 0.0;  ///< that constant, when followsLatency
    std::string summary;         ///< "measured", "modelled", "modelled: follows latency"
    std::string explanation;     ///< a sentence or two saying how and why
};

/// The energy source of `profile` at its default operating point. `hostCounter` is consulted only
/// for the "host" profile: when it is readable, host energy is measured.
EnergySource energySourceOf(const DeviceProfile& profile, const PackageEnergyCounter* hostCounter = nullptr);

} // namespace edgenas::cost
