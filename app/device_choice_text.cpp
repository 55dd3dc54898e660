#include "device_choice_text.h"

// Its texts keep the translation context of the launch dialog they were written in first.
#include "launch_dialog.h"

#include "cost/energy_source.h"
#include "cost/package_energy_counter.h"

#include <QStringList>

namespace edgenas::app {

QString operatingPointLabel(const cost::OperatingPoint& point) {
    QStringList clocks;
    for (const auto& [domain, mhz] : point.mhz)
        clocks << QStringLiteral("%1 %2 MHz").arg(QString::fromStdString(domain)).arg(mhz, 0, 'f', 0);
    return QStringLiteral("%1 — %2").arg(QString::fromStdString(point.name), clocks.join(QStringLiteral(", ")));
}

EnergyNote energyNoteFor(const cost::DeviceProfile& device, const cost::PackageEnergyCounter& hostCounter) {
    const cost::EnergySource source = cost::energySourceOf(device, &hostCounter);
    EnergyNote note;
    if (source.provenance == core::Provenance::Measured)
        note.text = LaunchDialog::tr("measured on this machine with the package energy counter");
    else if (source.followsLatency)
        note.text = LaunchDialog::tr("modelled: a constant %1 W, so energy follows latency here")
                        .arg(source.constantWatts, 0, 'g', 3);
    else
        note.text = LaunchDialog::tr("modelled from the device's power model");
    note.details = QString::fromStdString(source.explanation);
    return note;
}

} // namespace edgenas::app
