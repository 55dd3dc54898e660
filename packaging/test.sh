#!/usr/bin/env bash
# Set-up plus the whole test suite (Qt Test executables run by ctest).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/packaging/setup.sh"
cd "$root"
ctest --preset "${EDGENAS_PRESET:-release}" "$@"
