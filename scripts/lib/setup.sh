# Shared by scripts/run.sh and scripts/test.sh: installs what sftoken needs on Debian/Ubuntu,
# idempotently (a second run installs nothing and takes a second).

# Packages to build the desktop app (WebKitGTK, GTK, libsoup) — rustls means no libssl-dev.
BUILD_PACKAGES=(build-essential pkg-config curl libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev
  libjavascriptcoregtk-4.1-dev)
# Packages the tests use: a virtual display, the X clipboard, a real Secret Service, WebDriver.
TEST_PACKAGES=(xvfb xauth x11-utils xdotool xclip imagemagick webkit2gtk-driver gnome-keyring
  libsecret-tools dbus dbus-x11 fish)

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

# ensure_node: Node.js and npm from wherever the machine has them (Debian's, or NodeSource's,
# which bundles npm and conflicts with Debian's npm package): Debian's packages only when there is none.
ensure_node() {
  if ! command -v npm >/dev/null 2>&1; then
    ensure_packages nodejs npm
  fi
}

# npm_install_pinned DIR: `npm ci` in DIR unless its node_modules already match its package-lock.json.
npm_install_pinned() {
  local dir=$1
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "==> npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# ensure_newman: Postman's runner, which runs exported environments in the tests (tests/postman,
# pinned by its package-lock.json).
ensure_newman() {
  ensure_node
  npm_install_pinned tests/postman
}

# ensure_axe: axe-core, the accessibility engine the window tests run in each state of the window
# (tests/axe, pinned by its package-lock.json; 3 MB).
ensure_axe() {
  ensure_node
  npm_install_pinned tests/axe
}

# ensure_sf_cli: the Salesforce CLI, which `sftoken sf-login` logs in during the tests
# (tests/sf-cli, pinned by its package-lock.json; ~290 MB, about a minute). It needs Node.js 20 or
# later: with an older one its two tests are skipped and say why (SFTOKEN_SKIP_SF_CLI).
ensure_sf_cli() {
  ensure_node
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$major" -lt 20 ]; then
    export SFTOKEN_SKIP_SF_CLI="Node.js $major is too old for the Salesforce CLI (20 or later is needed)"
    echo "==> $SFTOKEN_SKIP_SF_CLI: the tests that run it are skipped" >&2
    return 0
  fi
  npm_install_pinned tests/sf-cli
}
