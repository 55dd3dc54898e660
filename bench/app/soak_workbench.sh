#!/bin/sh
# Soak of the workbench (issue 14, point 8) on a real X server: soak_workbench under xvfb-run.
# Usage: bench/app/soak_workbench.sh [BUILD_DIR (build/release)] [soak_workbench options, e.g. --minutes 20]
# Prints VmRSS once a minute and, at the end, the fitted growth after the warm-up in % per hour.
set -eu
build=${1:-build/release}
[ $# -gt 0 ] && shift
program="$build/bin/soak_workbench"
if [ ! -x "$program" ]; then
    echo "soak_workbench.sh: $program is missing; build the soak_workbench target first" >&2
    exit 2
fi
if ! command -v xvfb-run >/dev/null 2>&1; then
    echo "soak_workbench.sh: xvfb-run is missing (Debian package xvfb)" >&2
    exit 2
fi
exec xvfb-run -a -s "-screen 0 1600x1000x24" "$program" "$@"
