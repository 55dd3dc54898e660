#!/usr/bin/env bash
# Installs the Debian 12 packages EdgeNAS Workbench needs; with --tests also the test-only ones
# listed in packaging/test-packages. Idempotent: apt is touched only when something is missing,
# so repeated runs cost a second.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

packages=(
  build-essential cmake ninja-build pkg-config
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libqt6sql6-sqlite
  libqcustomplot-dev libtorch-dev libsqlite3-dev zlib1g-dev nlohmann-json3-dev libgraphviz-dev
  dataset-fashion-mnist xvfb xauth
  # Debian's LibTorch uses whatever libblas.so.3 the alternatives system picks; without OpenBLAS
  # that is the reference BLAS, ~50x slower. The OpenMP flavour shares LibTorch's thread pool.
  libopenblas0-openmp
)

case "${1:-}" in
  "") ;;
  --tests)
    while read -r line; do
      line="${line%%#*}"
      for p in $line; do packages+=("$p"); done
    done < "$here/test-packages"
    ;;
  *) echo "usage: install-deps.sh [--tests]" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing missing packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
