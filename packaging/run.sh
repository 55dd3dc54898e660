#!/usr/bin/env bash
# The main job: the workbench when a display exists, otherwise a short headless default run on
# Fashion-MNIST that prints progress and a summary.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/packaging/setup.sh"
bin="$root/build/${EDGENAS_PRESET:-release}/bin"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x "$bin/edgenas-workbench" ]; then
  exec "$bin/edgenas-workbench" "$@"
fi
exec "$bin/edgenas" demo "$@"
