#!/usr/bin/env bash
# Refreshes docs/screenshot.png (the window with a token from the fake Salesforce) and docs/move.png
# (the move off the password grant) and docs/why.png (asking the org why), under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/setup.sh
ensure_packages "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
ensure_rust
ensure_tauri_driver
sandbox=$(mktemp -d)
trap 'rm -rf "$sandbox"' EXIT
mkdir -p "$sandbox/runtime" && chmod 700 "$sandbox/runtime"
export XDG_RUNTIME_DIR="$sandbox/runtime"
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- scripts/lib/with-keyring.sh \
  cargo test --test window -- --ignored screenshot_of
echo "wrote docs/screenshot.png, docs/move.png and docs/why.png"
