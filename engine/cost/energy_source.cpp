#include "energy_source.h"

#include "power_model.h"

#include <cmath>
#include <cstdio>

namespace edgenas::cost {

namespace {

std::string wattsText(double w) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3g W", w);
    return text;
}

} // namespace

EnergySource energySourceOf(const DeviceProfile& profile, const PackageEnergyCounter* hostCounter) {
    EnergySource source;
    if (profile.name == "host" && hostCounter && hostCounter->readable()) {
        source.provenance = core::Provenance::Measured;
        source.summary = "measured";
        source.explanation = "Energy on this machine is measured with the package energy counter (" +
                             hostCounter->description() + ") over windows of at least 200 ms of repeated "
                             "inference, idle power subtracted.";
        return source;
    }
    const PowerModel power(profile, profile.operatingPoint(""));
    const double idle = power.watts(0.0, 0.0);
    const double busy = power.watts(1.0, 1.0);
    source.followsLatency = std::abs(busy - idle) <= 1e-9 * std::max(1.0, busy);
    source.provenance = power.measured() ? core::Provenance::Table : core::Provenance::Modelled;
    const std::string kind = power.measured() ? "modelled from a measured board power" : "modelled";

    std::string why;
    if (profile.name == "host")
        why = "The package energy counter cannot be read here (" +
              (hostCounter ? hostCounter->problem() : std::string("not looked at")) + "), so host energy is " +
              kind + ". ";
    else
        why = "Energy on " + profile.name + " is " + kind + ". ";
    if (source.followsLatency) {
        source.constantWatts = busy;
        source.summary = power.measured() ? "modelled (measured board power): follows latency"
                                          : "modelled: follows latency";
        source.explanation = why + "Its modelled power is a constant " + wattsText(busy) +
                             " whatever runs, so energy is latency times " + wattsText(busy) +
                             ": it follows latency and ranks networks exactly as latency does.";
    } else {
        source.summary = power.measured() ? "modelled (measured board power)" : "modelled";
        source.explanation = why + "Power comes from the profile's power model (static power plus each DVFS "
                                   "domain's dynamic power, weighted by how busy compute and memory are per "
                                   "operator) times the predicted latency.";
    }
    return source;
}

} // namespace edgenas::cost
