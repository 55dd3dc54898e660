#include "cli_support.h"
#include "commands.h"

#include "core/errors.h"
#include "cost/cost_json.h"
#include "cost/device_catalog.h"
#include "cost/energy_source.h"
#include "cost/package_energy_counter.h"
#include "cost/power_model.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace edgenas::cli {

namespace {

// "label a, b, c" wrapped at 100 columns, continuation lines aligned after the label.
void printWrapped(const std::string& label, const std::vector<std::string>& items) {
    constexpr std::size_t kWidth = 100;
    const std::string head = "  " + label;
    const std::string indent(head.size(), ' ');
    std::string line = head;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const std::string item = items[i] + (i + 1 < items.size() ? "," : "");
        if (line.size() + 1 + item.size() > kWidth && line.size() > head.size()) {
            std::printf("%s\n", line.c_str());
            line = indent;
        }
        line += " " + item;
    }
    std::printf("%s\n", line.c_str());
}

std::string voltageText(const cost::DvfsDomain& d) {
    if (d.levelVolts.empty() && !d.voltsMin)
        return "constant V";
    char text[48];
    std::snprintf(text, sizeof text, "V %.3g-%.3g", d.voltsAt(d.minMhz()), d.voltsAt(d.maxMhz()));
    return text;
}

std::string clocksText(const cost::DeviceProfile& p, const cost::OperatingPoint& point) {
    std::string text;
    for (const cost::DvfsDomain& d : p.domains)
        text += (text.empty() ? "" : " ") + d.name + "=" + cost::formatMhz(p.mhzAt(point, d.name));
    return text;
}

std::string energyLine(const cost::EnergySource& energy) {
    return energy.summary + ". " + energy.explanation;
}

void printSummary(const cost::DeviceProfile& p, const cost::EnergySource& energy) {
    const cost::PowerModel top(p, p.operatingPoint(""));
    std::printf("%-18s %s\n", p.name.c_str(), p.displayName.c_str());
    std::printf("  %s, %d cores; peak %.4g GFLOP/s, memory %.4g GB/s; static %.3g W, full load %.3g W at %s\n",
                p.processor.c_str(), p.cores, p.peakGflopsAtMax, p.bandwidthGbpsAtMax, p.staticWatts,
                top.fullLoadWatts(), p.defaultOperatingPoint.c_str());
    for (const cost::DvfsDomain& d : p.domains) {
        std::vector<std::string> levels;
        for (double mhz : d.levelsMhz)
            levels.push_back(cost::formatMhz(mhz));
        printWrapped(d.name + " MHz:", levels);
    }
    std::vector<std::string> points;
    for (const cost::OperatingPoint& point : p.operatingPoints)
        points.push_back(point.name);
    printWrapped("operating points:", points);
    std::printf("  energy: %s\n", energyLine(energy).c_str());
    std::printf("  source: %s\n", p.source.c_str());
}

void printDetails(const cost::DeviceProfile& p, const cost::EnergySource& energy) {
    printSummary(p, energy);
    std::printf("  from: %s\n", p.origin.c_str());
    if (!p.notes.empty())
        std::printf("  notes: %s\n", p.notes.c_str());
    std::printf("\n  compute  %.4g GFLOP/s at the top %s level (%s)\n", p.peakGflopsAtMax, p.computeDomain.c_str(),
                p.computeSource.c_str());
    std::printf("  memory   %.4g GB/s%s (%s)\n", p.bandwidthGbpsAtMax,
                p.memoryDomain.empty() ? "" : (" at the top " + p.memoryDomain + " level").c_str(),
                p.memorySource.c_str());
    const cost::EfficiencyFactors& e = p.efficiency;
    std::printf("  efficiency conv %.3g, pointwise %.3g, depthwise %.3g, linear %.3g, elementwise %.3g, "
                "memory %.3g (%s)\n",
                e.conv, e.pointwise, e.depthwise, e.linear, e.elementwise, e.memory, e.source.c_str());
    std::printf("  overheads %.4g ms per kernel, %.4g ms per inference%s; %s (%s)\n", p.launchOverheadMs,
                p.networkOverheadMs, p.hostDomain.empty() ? "" : (", scaled by the " + p.hostDomain + " clock").c_str(),
                p.fusesElementwise ? "BN and activations fused" : "no fusion", p.overheadSource.c_str());
    std::printf("  static power %.3g W (%s)\n", p.staticWatts, p.powerSource.c_str());
    for (const cost::DvfsDomain& d : p.domains)
        std::printf("  %-6s %.3g W dynamic at %s MHz, a = %.4g W/(MHz V^2), %s (%s)\n", d.name.c_str(),
                    d.dynamicWattsAtMax, cost::formatMhz(d.maxMhz()).c_str(), d.dynamicCoefficient(),
                    voltageText(d).c_str(), d.source.c_str());
    std::printf("\n  %-22s %9s  %s\n", "operating point", energy.provenance == core::Provenance::Measured
                                                          ? "model W" : "power W", "clocks (MHz)");
    for (const cost::OperatingPoint& point : p.operatingPoints) {
        const cost::PowerModel power(p, point);
        std::printf("  %-22s %9.3f  %s%s\n", point.name.c_str(), power.fullLoadWatts(), clocksText(p, point).c_str(),
                    power.measured() ? "  (measured)" : "");
    }
}

} // namespace

int runDevices(const std::vector<std::string>& args) {
    const CommandLine line(args, {"devices-dir", "powercap-root"}, {"json"});
    if (line.positionals().size() > 1)
        throw core::InputError("unexpected argument '" + line.positionals()[1] + "' (give at most one device name)");
    const cost::DeviceCatalog catalog = cost::DeviceCatalog::load(line.text("devices-dir", ""));
    // Host energy is measured only where this machine's package energy counter can be read.
    const cost::PackageEnergyCounter hostCounter(line.text("powercap-root", cost::PackageEnergyCounter::kSystemRoot));

    std::vector<const cost::DeviceProfile*> shown;
    if (line.positionals().empty())
        for (const cost::DeviceProfile& p : catalog.profiles())
            shown.push_back(&p);
    else
        shown.push_back(&catalog.find(line.positionals().front()));

    if (line.flag("json")) {
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const cost::DeviceProfile* p : shown) {
            nlohmann::ordered_json device = cost::toJson(*p);
            const cost::EnergySource energy = cost::energySourceOf(*p, &hostCounter);
            device["energy"] = {{"provenance", std::string(core::toString(energy.provenance))},
                                {"summary", energy.summary},
                                {"follows_latency", energy.followsLatency},
                                {"explanation", energy.explanation}};
            list.push_back(std::move(device));
        }
        std::printf("%s\n", (line.positionals().empty() ? list : list.front()).dump(2).c_str());
        return kExitOk;
    }
    for (std::size_t i = 0; i < shown.size(); ++i) {
        if (i > 0)
            std::printf("\n");
        const cost::EnergySource energy = cost::energySourceOf(*shown[i], &hostCounter);
        if (line.positionals().empty())
            printSummary(*shown[i], energy);
        else
            printDetails(*shown[i], energy);
    }
    if (line.positionals().empty())
        std::printf("\nedgenas devices NAME shows one device's figures, sources and power per operating point.\n");
    return kExitOk;
}

} // namespace edgenas::cli
