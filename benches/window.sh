#!/usr/bin/env bash
# The desktop window vs a bare Tauri window (examples/bare_window.rs): cold start to an interactive
# form, memory (PSS of the binary + its WebKit processes) and Send-to-render against the fake
# Salesforce. See benches/window/main.rs for what is measured and how.
#
#   benches/window.sh                         # release builds of both windows (the default)
#   PROFILE=debug benches/window.sh           # debug builds of both (quicker to build; not what ships)
#   RUNS=20 SEND_WINDOWS=10 SENDS_PER_WINDOW=5 benches/window.sh
#   SKIP_BUILD=1 benches/window.sh            # use what is already built
#
# Release means the `bench` profile (= `release`: lto, codegen-units 1, stripped) with
# `--features custom-protocol`, as the Tauri CLI builds a bundle; the bare window is built with the
# same profile and features, from the same package, so it shares every compiled dependency.
# It runs the way ./scripts/test.sh runs the window tests: Xvfb, a private D-Bus session, an unlocked
# gnome-keyring, XDG folders in a temporary directory. Stdout: a Markdown table (commands and machine
# facts included); progress on stderr. A benchmark, not a test: exits 0 when a target is missed.
set -euo pipefail
ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd -- "$ROOT"
. scripts/lib/setup.sh

PROFILE=${PROFILE:-release}
case $PROFILE in
  release)
    build=(cargo build --release --features custom-protocol --example bare_window)
    prebuild=(cargo bench --features custom-protocol --bench window --no-run)
    run=(cargo bench --features custom-protocol --bench window)
    ;;
  debug)
    build=(cargo build --example bare_window)
    prebuild=(cargo test --bench window --no-run)
    run=(cargo test --bench window -- --bench)
    ;;
  *) echo "window.sh: PROFILE must be release or debug" >&2; exit 2 ;;
esac

ensure_packages "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
ensure_rust
ensure_tauri_driver

if [ -z "${SKIP_BUILD:-}" ]; then
  # One build at a time (2 cores): the bare window, then the bench with the app binary it launches.
  echo "==> ${build[*]}" >&2
  "${build[@]}" >&2
  echo "==> ${prebuild[*]}" >&2
  "${prebuild[@]}" >&2
fi

sandbox=$(mktemp -d)
trap 'rm -rf "$sandbox"' EXIT
mkdir -p "$sandbox"/{runtime,data,config,cache}
chmod 700 "$sandbox/runtime"
export XDG_RUNTIME_DIR="$sandbox/runtime" XDG_DATA_HOME="$sandbox/data" \
  XDG_CONFIG_HOME="$sandbox/config" XDG_CACHE_HOME="$sandbox/cache"
unset DBUS_SESSION_BUS_ADDRESS DISPLAY

inner=(xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- scripts/lib/with-keyring.sh "${run[@]}")
settings=""
for name in RUNS SETTLE_MS SEND_WINDOWS SENDS_PER_WINDOW POLL_MS PROFILES BENCH_APP PROBE_BEFORE_SENDS PROBE_AFTER_SENDS; do
  if [ -n "${!name:-}" ]; then settings+="$name=${!name} "; fi
done
export WINDOW_BENCH_COMMAND="${settings}PROFILE=$PROFILE benches/window.sh, i.e. ${inner[0]} ${inner[1]} ${inner[2]} \"${inner[3]}\" ${inner[*]:4}"
echo "==> ${inner[*]}" >&2
"${inner[@]}"
