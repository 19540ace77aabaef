# Shared by scripts/run.sh and scripts/test.sh: installs what sftoken needs on Debian/Ubuntu,
# idempotently (a second run installs nothing and takes a second).

# Packages to build the desktop app (WebKitGTK, GTK, libsoup) — rustls means no libssl-dev.
BUILD_PACKAGES=(build-essential pkg-config curl libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev
  libjavascriptcoregtk-4.1-dev)
# Packages the tests use: a virtual display, the X clipboard, a real Secret Service, WebDriver.
TEST_PACKAGES=(xvfb xauth x11-utils xdotool xclip imagemagick webkit2gtk-driver gnome-keyring
  libsecret-tools dbus dbus-x11)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# ensure_packages NAME... : installs the Debian packages that are not installed yet.
ensure_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "==> installing system packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

# ensure_rust: cargo with rustfmt and clippy (rustup's installer when there is no Rust at all).
ensure_rust() {
  [ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
  if ! command -v cargo >/dev/null 2>&1; then
    echo "==> installing Rust (rustup, stable)"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    . "$HOME/.cargo/env"
  fi
  if command -v rustup >/dev/null 2>&1; then
    for component in rustfmt clippy; do
      rustup component list --installed 2>/dev/null | grep -q "^$component" || rustup component add "$component"
    done
  fi
}

# ensure_tauri_driver: the WebDriver bridge the window tests drive the app through.
ensure_tauri_driver() {
  if ! "$HOME/.cargo/bin/tauri-driver" --help >/dev/null 2>&1 && ! command -v tauri-driver >/dev/null 2>&1; then
    echo "==> installing tauri-driver 2.1.0"
    cargo install tauri-driver@2.1.0 --locked
  fi
}

# ensure_newman: Postman's runner, which runs exported environments in the tests (tests/postman,
# pinned by its package-lock.json).
ensure_newman() {
  # Node.js from wherever the machine has it (Debian's, or NodeSource's, which bundles npm and
  # conflicts with Debian's npm package): Debian's packages only when there is none.
  if ! command -v npm >/dev/null 2>&1; then
    ensure_packages nodejs npm
  fi
  if [ ! -x tests/postman/node_modules/.bin/newman ]; then
    echo "==> installing newman (npm ci in tests/postman)"
    (cd tests/postman && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
