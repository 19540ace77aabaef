#!/usr/bin/env bash
# Token reuse, measured: `sftoken token --profile` when the profile keeps a valid token vs a new
# login each time, and 20 calls at once for one profile (logins the fake Salesforce saw). The kept
# token lives in the keychain, so this runs in a private D-Bus session with an unlocked
# gnome-keyring, as the tests do. Release build (the `bench` profile). Stdout: a Markdown table.
#
#   benches/token_reuse.sh
#   RUNS=50 CONCURRENT=20 benches/token_reuse.sh
set -euo pipefail
ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd -- "$ROOT"
. scripts/lib/setup.sh

ensure_packages "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
ensure_rust

echo "==> cargo bench -p sftoken-cli --bench reuse --no-run" >&2
cargo bench -p sftoken-cli --bench reuse --no-run >&2

sandbox=$(mktemp -d)
trap 'rm -rf "$sandbox"' EXIT
mkdir -p "$sandbox"/{runtime,data,config,cache}
chmod 700 "$sandbox/runtime"
export XDG_RUNTIME_DIR="$sandbox/runtime" XDG_DATA_HOME="$sandbox/data" \
  XDG_CONFIG_HOME="$sandbox/config" XDG_CACHE_HOME="$sandbox/cache"
unset DBUS_SESSION_BUS_ADDRESS
dbus-run-session -- scripts/lib/with-keyring.sh cargo bench -q -p sftoken-cli --bench reuse
