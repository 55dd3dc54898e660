#pragma once

#include "cost/device_profile.h"

#include <QString>

namespace edgenas::cost {
class PackageEnergyCounter;
}

namespace edgenas::app {

// How the launch dialog describes a device's choices: its DVFS points and where its energy
// figures come from.

/// "maxn — cpu 2266 MHz, gpu 1377 MHz": a DVFS point with its clocks.
QString operatingPointLabel(const cost::OperatingPoint& point);

/// Where energy comes from on a device: measured with `hostCounter` (the host's package energy
/// counter), modelled as a constant power (so energy follows latency, which whoever picks
/// "energy" as an objective must know), or modelled from its power model.
struct EnergyNote {
    QString text;
    QString details;  ///< the cost model's own explanation
};
EnergyNote energyNoteFor(const cost::DeviceProfile& device, const cost::PackageEnergyCounter& hostCounter);

} // namespace edgenas::app
