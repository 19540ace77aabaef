#!/usr/bin/env bash
# Runs every test of sftoken on Debian/Ubuntu, installing what it needs first: formatting, clippy, then
# the whole suite (unit tests, the core and the `sftoken` binary against the fake Salesforce, the app)
# inside a private X display (Xvfb), a private D-Bus session and an unlocked gnome-keyring, with
# XDG folders in a temporary directory so nothing touches your own config or keychain.
# CI runs exactly this (.ci/run). Extra arguments go to `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/setup.sh

ensure_packages "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
ensure_rust
ensure_tauri_driver
ensure_newman
ensure_axe
ensure_sf_cli

echo "==> cargo fmt --check"
cargo fmt --all --check
echo "==> cargo clippy --workspace --all-targets -- -D warnings"
cargo clippy --workspace --all-targets -- -D warnings

sandbox=$(mktemp -d)
trap 'rm -rf "$sandbox"' EXIT
mkdir -p "$sandbox"/{runtime,data,config,cache}
chmod 700 "$sandbox/runtime"
export XDG_RUNTIME_DIR="$sandbox/runtime" XDG_DATA_HOME="$sandbox/data" \
  XDG_CONFIG_HOME="$sandbox/config" XDG_CACHE_HOME="$sandbox/cache"
unset DBUS_SESSION_BUS_ADDRESS DISPLAY

# The window tests keep the app's config, WebKit data and logs here, the command tests their stderr:
# the secret scan below reads them all.
export SFTOKEN_TEST_ARTIFACTS="$sandbox/artifacts"
mkdir -p "$SFTOKEN_TEST_ARTIFACTS"

echo "==> cargo test --workspace (under Xvfb, a private D-Bus session and gnome-keyring)"
xvfb-run -a -s "-screen 0 1280x800x24" \
  dbus-run-session -- scripts/lib/with-keyring.sh cargo test --workspace "$@"

echo "==> scanning the apps' config, WebKit data and logs for every secret the tests used"
cargo run --quiet -p fake-salesforce --bin scan-secrets -- "$SFTOKEN_TEST_ARTIFACTS"
