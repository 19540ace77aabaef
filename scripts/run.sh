#!/usr/bin/env bash
# Builds and opens the sftoken desktop app on Debian/Ubuntu, installing what it needs first.
# Extra arguments go to `cargo run` (e.g. --release).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/setup.sh

ensure_packages "${BUILD_PACKAGES[@]}"
ensure_rust
exec cargo run "$@"
