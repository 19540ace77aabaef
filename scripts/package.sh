#!/usr/bin/env bash
# Builds the desktop app's .deb and .rpm on Debian/Ubuntu, from the release profile, through the
# Tauri CLI (@tauri-apps/cli from npm, pinned in packaging/ to the tauri crate's version: the same
# bundler `cargo tauri` would be, without compiling it). Both packages carry the app (desktop entry
# and icon, so it shows in the applications menu), the `sftoken` command in /usr/bin, its bash, zsh
# and fish completions and its man page — generated from the command's clap definitions by the
# command just built — and declare their runtime dependencies (WebKitGTK 4.1, GTK 3, D-Bus for the
# Secret Service).
#
#   scripts/package.sh            # → target/release/bundle/deb/*.deb, target/release/bundle/rpm/*.rpm
#
# AppImage is not built: its tooling downloads binaries from outside the package registries.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/setup.sh

ensure_packages "${BUILD_PACKAGES[@]}"
ensure_rust
ensure_node
npm_install_pinned packaging

# The commit goes into `sftoken --version` whether or not the build tree is a git checkout.
SFTOKEN_BUILD_COMMIT=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
export SFTOKEN_BUILD_COMMIT

echo "==> cargo build --release -p sftoken-cli"
cargo build --release -p sftoken-cli
extra=target/package
rm -rf "$extra"
mkdir -p "$extra/completions"
target/release/sftoken completions bash > "$extra/completions/sftoken.bash"
target/release/sftoken completions zsh > "$extra/completions/_sftoken"
target/release/sftoken completions fish > "$extra/completions/sftoken.fish"
target/release/sftoken man | gzip -9n > "$extra/sftoken.1.gz"

echo "==> tauri build --bundles deb,rpm"
packaging/node_modules/.bin/tauri build --bundles deb,rpm --ci
for f in target/release/bundle/deb/*.deb target/release/bundle/rpm/*.rpm; do
  printf '%s  %s\n' "$(du -h "$f" | cut -f1)" "$f"
done
