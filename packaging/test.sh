#!/usr/bin/env bash
# Set-up (with the test-only packages of packaging/test-packages) plus the whole test suite (Qt
# Test executables run by ctest). Tests skip when a requirement is missing, unless
# EDGENAS_REQUIRE_DATA=1 (as .ci/run sets it) makes them fail.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/packaging/setup.sh" --tests
cd "$root"
ctest --preset "${EDGENAS_PRESET:-release}" "$@"
