#pragma once

// Shared by the cost-model tests: a small, fully specified GPU-like device profile whose figures
// are round numbers (so expected values can be worked out by hand), plus tiny architectures.

#include "core/architecture.h"
#include "core/candidate.h"
#include "core/errors.h"

#include <QString>

#include <string>

namespace edgenas::testing {

/// Device "test-gpu": peak 100 GFLOP/s at gpu 1000 MHz, 10 GB/s at emc 1000 MHz, every
/// efficiency 0.5 (memory 0.5), launch 0.01 ms and network 0.1 ms at cpu 1000 MHz, static 2 W,
/// gpu 8 W (0.5-1.0 V), emc 1 W (constant V), cpu 1 W (constant V).
inline const char* kTestProfileJson = R"json({
  "format": "edgenas-device-profile",
  "version": 1,
  "name": "test-gpu",
  "display_name": "Test GPU",
  "source": "unit-test fixture",
  "processor": "gpu",
  "cores": 64,
  "compute": {"domain": "gpu", "peak_gflops": 100, "source": "fixture"},
  "memory": {"bandwidth_gbps": 10, "domain": "emc", "source": "fixture"},
  "efficiency": {"conv": 0.5, "pointwise": 0.5, "depthwise": 0.5, "linear": 0.5, "elementwise": 0.5,
                 "memory": 0.5, "source": "fixture"},
  "overheads": {"launch_ms": 0.01, "network_ms": 0.1, "domain": "cpu", "fuses_elementwise": false,
                "source": "fixture"},
  "power": {"static_w": 2, "source": "fixture"},
  "domains": [
    {"name": "gpu", "levels_mhz": [250, 500, 1000], "volts_min": 0.5, "volts_max": 1.0,
     "dynamic_w_at_max": 8, "source": "fixture"},
    {"name": "emc", "levels_mhz": [500, 1000], "dynamic_w_at_max": 1, "source": "fixture"},
    {"name": "cpu", "levels_mhz": [500, 1000], "dynamic_w_at_max": 1, "source": "fixture"}
  ],
  "operating_points": [
    {"name": "measured-max", "mhz": {"gpu": 1000, "emc": 1000, "cpu": 1000}, "power_w": 9,
     "source": "fixture: a pretend measurement"}
  ]
})json";

/// Provenances compared as text, so a failing QCOMPARE says which one it got.
inline QString provenanceName(core::Provenance p) { return QString::fromUtf8(core::toString(p).data()); }

/// The message of the core::InputError that `f` throws, or "" if it throws none.
template <typename F>
std::string inputErrorOf(F&& f) {
    try {
        f();
    } catch (const core::InputError& e) {
        return e.what();
    }
    return {};
}

/// input -> conv3x3 (width) -> BN -> ReLU -> ... `layers` times -> GAP -> Linear(10).
inline core::Architecture convStack(core::TensorShape input, int width, int layers) {
    using namespace edgenas::core;
    Architecture a;
    a.input = input;
    a.numClasses = 10;
    int x = a.add(Node{.op = OpType::Input});
    for (int i = 0; i < layers; ++i) {
        x = a.add(Node{.op = OpType::Conv, .inputs = {x}, .outChannels = width, .kernel = 3, .padding = 1});
        x = a.add(Node{.op = OpType::BatchNorm, .inputs = {x}});
        x = a.add(Node{.op = OpType::Activation, .inputs = {x}, .activation = ActivationType::ReLU});
    }
    x = a.add(Node{.op = OpType::GlobalAvgPool, .inputs = {x}});
    a.add(Node{.op = OpType::Linear, .inputs = {x}, .outChannels = 10, .bias = true});
    return a;
}

} // namespace edgenas::testing
