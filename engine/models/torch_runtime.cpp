#include "torch_runtime.h"

// Only the light ATen headers: this file must not pay for <torch/torch.h>.
#include <ATen/Parallel.h>
#include <c10/util/Exception.h>
#include <torch/version.h>

#include <algorithm>
#include <atomic>
#include <climits>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include <unistd.h>

namespace edgenas::models {

namespace {

std::atomic<int> g_threads{0};  // 0: never set
std::once_flag g_interopOnce;

struct BlasInfo {
    std::string description;
    bool reference = false;
};

std::string baseName(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool startsWith(const std::string& text, const char* prefix) { return text.rfind(prefix, 0) == 0; }
bool contains(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

std::string resolved(const std::string& path) {
    char buffer[PATH_MAX];
    return realpath(path.c_str(), buffer) ? std::string(buffer) : path;
}

// Which BLAS a loaded libblas.so.3 (or a directly linked library) is, judged by the directory
// Debian's alternatives install it in.
BlasInfo classify(const std::string& path) {
    if (contains(path, "openblas")) {
        std::string flavour;
        for (const char* f : {"openmp", "pthread", "serial"})
            if (contains(path, f))
                flavour = f;
        return {"OpenBLAS" + (flavour.empty() ? std::string() : " (" + flavour + ")") + " " + path, false};
    }
    if (contains(path, "mkl"))
        return {"Intel MKL " + path, false};
    if (contains(path, "blis"))
        return {"BLIS " + path, false};
    if (contains(path, "atlas"))
        return {"ATLAS " + path, false};
    if (contains(path, "/blas/") || baseName(path) == "libblas.so.3")
        return {"reference BLAS " + path, true};
    return {"unknown BLAS " + path, false};
}

BlasInfo detectBlas() {
    std::ifstream maps("/proc/self/maps");
    std::set<std::string> blasPaths;
    std::string line;
    while (std::getline(maps, line)) {
        const auto slash = line.find('/');
        if (slash == std::string::npos)
            continue;
        const std::string path = line.substr(slash);
        const std::string name = baseName(path);
        if (startsWith(name, "libblas") || startsWith(name, "libopenblas") || startsWith(name, "libmkl_rt") ||
            startsWith(name, "libblis") || startsWith(name, "libsatlas") || startsWith(name, "libtatlas"))
            blasPaths.insert(resolved(path));
    }
    if (blasPaths.empty())
        return {"no BLAS library loaded", false};
    // Prefer the libblas.so.3 that LibTorch links: it is the alternative actually chosen.
    for (const std::string& path : blasPaths)
        if (startsWith(baseName(path), "libblas"))
            return classify(path);
    return classify(*blasPaths.begin());
}

const BlasInfo& blasInfo() {
    static const BlasInfo info = detectBlas();  // the loaded library cannot change later
    return info;
}

} // namespace

void setThreadCount(int n) {
    if (n <= 0)
        n = std::max(1u, std::thread::hardware_concurrency());
    g_threads = n;
    at::set_num_threads(n);
    std::call_once(g_interopOnce, [n] {
        try {
            at::set_num_interop_threads(n);
        } catch (const c10::Error&) {
            // Inter-op work already started (or someone else set it): keep the pool it has.
        }
    });
}

int threadCount() {
    const int n = g_threads.load();
    return n > 0 ? n : at::get_num_threads();
}

void adoptThreadCount() {
    const int n = g_threads.load();
    if (n > 0 && at::get_num_threads() != n)
        at::set_num_threads(n);
}

void restartWithPassiveOpenMp(char** argv) {
    if (!argv || !argv[0] || std::getenv("OMP_WAIT_POLICY"))
        return;
    setenv("OMP_WAIT_POLICY", "passive", 1);
    execv("/proc/self/exe", argv);  // returns only on failure: then carry on as we are
}

std::string torchVersion() { return TORCH_VERSION; }

std::string blasLibrary() { return blasInfo().description; }

bool usingReferenceBlas() { return blasInfo().reference; }

} // namespace edgenas::models
