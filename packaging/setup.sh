#!/usr/bin/env bash
# Shared set-up for run.sh and test.sh: install what is missing, configure and build.
# Arguments go to install-deps.sh (test.sh passes --tests for the test-only packages).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash packaging/install-deps.sh "$@"
preset="${EDGENAS_PRESET:-release}"
if [ ! -f "build/$preset/build.ninja" ]; then
  cmake --preset "$preset" >/dev/null
fi
cmake --build --preset "$preset"
