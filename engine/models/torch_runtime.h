#pragma once

#include <string>

namespace edgenas::models {

// Process-wide LibTorch settings and facts, without including LibTorch.

/// Sets LibTorch's intra-op thread count (n <= 0: all hardware threads). The first call also fixes
/// the inter-op pool at the same size (LibTorch allows that only once, before any parallel work).
/// The count applies to the calling thread at once; the trainer and the latency meter adopt it on
/// the thread they run on.
void setThreadCount(int n);
/// The count last set, or LibTorch's current intra-op count if none was set.
int threadCount();
/// Makes the calling thread use the count last set (LibTorch's OpenMP threads are per thread).
void adoptThreadCount();

/// libgomp reads OMP_WAIT_POLICY once, when it loads, before main() runs. Its default spinning
/// makes LibTorch tens of times slower whenever the cores are shared (the GUI, other programs), so
/// the programs that train call this first thing in main(): it restarts the process once with the
/// passive policy unless the user chose one. Returns only if no restart happened.
void restartWithPassiveOpenMp(char** argv);

/// "1.13.0".
std::string torchVersion();

/// The BLAS library actually loaded into this process, resolved through the alternatives
/// symlinks, e.g. "OpenBLAS (openmp) /usr/lib/x86_64-linux-gnu/openblas-openmp/libblas.so.3" or
/// "reference BLAS /usr/lib/x86_64-linux-gnu/blas/libblas.so.3".
std::string blasLibrary();
/// True when the slow reference (netlib) BLAS is loaded: matrix products run ~50x slower, so the
/// CLI and GUI warn and suggest installing libopenblas0-pthread.
bool usingReferenceBlas();

} // namespace edgenas::models
