#pragma once

namespace edgenas::app {

/// libgomp reads OMP_WAIT_POLICY once, when it loads, before main() runs. Its default spinning
/// makes LibTorch training tens of times slower while the GUI and other programs share the cores,
/// so the programs that train restart themselves once with the passive policy unless the user
/// chose one (as the edgenas CLI does). Returns only if no restart happened.
void restartWithPassiveOpenMp(char** argv);

} // namespace edgenas::app
