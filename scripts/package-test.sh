#!/usr/bin/env bash
# The .deb as a user gets it: installs it with the system's package manager, checks `sftoken
# --version`, the completions and `man -w sftoken`, starts the installed app under Xvfb and checks
# over WebDriver that its form is interactive, gets a token from the fake Salesforce through the
# installed command, then removes the package and checks that nothing of it is left — and that the
# user's profiles folder is untouched. Then the .rpm with rpm itself, into a throwaway root (this
# Debian machine has no dnf to resolve its dependencies, so those are checked as declared: WebKitGTK
# 4.1, GTK 3, the D-Bus library): install, run the command, erase, nothing left. Needs root (or sudo)
# for apt. Not part of ./scripts/test.sh:
# it builds the release packages first (scripts/package.sh, minutes on a cold target/).
#
#   scripts/package-test.sh               # builds the packages, then tests the .deb
#   SKIP_PACKAGE=1 scripts/package-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/setup.sh

[ -n "${SKIP_PACKAGE:-}" ] || scripts/package.sh
deb=$(ls -t target/release/bundle/deb/*.deb | head -n 1)
rpm_file=$(ls -t target/release/bundle/rpm/*.rpm | head -n 1)
ensure_packages "${TEST_PACKAGES[@]}" curl python3 rpm
ensure_tauri_driver
cargo build --release -q -p fake-salesforce --bin fake-salesforce

fail() { echo "package test: FAILED: $*" >&2; exit 1; }
ok() { echo "package test: ok: $*"; }

work=$(mktemp -d)
fake_pid=
driver_pid=
cleanup() {
  [ -n "$driver_pid" ] && kill "$driver_pid" 2>/dev/null || true
  [ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null || true
  if dpkg-query -W -f='${Status}' sftoken 2>/dev/null | grep -q "install ok installed"; then
    as_root apt-get remove -y -qq sftoken >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# A user's profiles folder that must survive the install and the removal.
export SFTOKEN_CONFIG_DIR="$work/config"
mkdir -p "$SFTOKEN_CONFIG_DIR"
printf '{"version":1,"profiles":[]}\n' > "$SFTOKEN_CONFIG_DIR/profiles.json"
before_config=$(sha256sum "$SFTOKEN_CONFIG_DIR/profiles.json")

echo "==> apt-get install $deb"
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >/dev/null
installed_files=$(dpkg -L sftoken)

version=$(/usr/bin/sftoken --version)
case $version in "sftoken 0.1.0 (commit "*) ok "$version" ;; *) fail "sftoken --version said: $version" ;; esac
for f in /usr/share/bash-completion/completions/sftoken /usr/share/zsh/vendor-completions/_sftoken \
  /usr/share/fish/vendor_completions.d/sftoken.fish; do
  grep -q "sf-login" "$f" || fail "$f does not complete sf-login"
done
ok "completions for bash, zsh and fish"
man_page=$(man -w sftoken 2>/dev/null) || fail "man -w sftoken found no page"
[ "$man_page" = /usr/share/man/man1/sftoken.1.gz ] || fail "man -w sftoken: $man_page"
ok "man -w sftoken: $man_page"
grep -q "^Exec=sftoken-desktop" /usr/share/applications/sftoken.desktop || fail "the desktop entry does not start sftoken-desktop"
ok "desktop entry: $(grep '^Name=' /usr/share/applications/sftoken.desktop)"

# The fake Salesforce (its proxy stands in for login.salesforce.com), for the command and the app.
exec {fake_in}< <(sleep 100000)
target/release/fake-salesforce <&$fake_in > "$work/fake.json" 2> "$work/fake.log" &
fake_pid=$!
for _ in $(seq 100); do [ -s "$work/fake.json" ] && break; sleep 0.1; done
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$work/fake.json" "$1"; }
export SSL_CERT_FILE=$(field ca_file) HTTPS_PROXY=$(field proxy_url)

# acme's app and admin, as tests/fake-salesforce/src/fixtures.rs defines them.
token=$(SFTOKEN_CLIENT_SECRET=ACME-PROD-SECRET-8e1f SFTOKEN_PASSWORD='p&ss+w=rd %20 é😀' \
  SFTOKEN_SECURITY_TOKEN=SecTok3nProd42 \
  /usr/bin/sftoken token --client-id 3MVG9ACME.prod.consumer.key --username admin@acme.com \
  --field access_token) || fail "the installed sftoken got no token"
[[ $token == 00D* ]] || fail "not a token: ${token:0:6}…"
ok "the installed command got a token from the fake"

# The installed app, over WebDriver, in a private display, D-Bus session and keyring.
cat > "$work/webdriver.sh" <<'INNER'
set -euo pipefail
port=4455
tauri-driver --port $port --native-port 4456 > "$WORK/driver.log" 2>&1 &
for _ in $(seq 100); do curl -s "http://127.0.0.1:$port/status" >/dev/null && break; sleep 0.1; done
wd() { curl -s -X "$1" "http://127.0.0.1:$port$2" -H 'Content-Type: application/json' ${3:+-d "$3"}; }
json() { python3 -c 'import json,sys; v=json.load(sys.stdin)["value"]; print(eval(sys.argv[1]))' "$1"; }
session=$(wd POST /session '{"capabilities":{"alwaysMatch":{"tauri:options":{"application":"/usr/bin/sftoken-desktop"}}}}' | json 'v["sessionId"]')
found=
for _ in $(seq 200); do
  el=$(wd POST "/session/$session/element" '{"using":"css selector","value":"body[data-ready=\"true\"]"}' | json 'v.get("element-6066-11e4-a52e-4f735466cecf","")' 2>/dev/null || true)
  [ -n "$el" ] && found=1 && break
  sleep 0.05
done
[ -n "$found" ] || { echo "the form never became ready"; exit 1; }
field=$(wd POST "/session/$session/element" '{"using":"css selector","value":"#client-id"}' | json 'v["element-6066-11e4-a52e-4f735466cecf"]')
wd POST "/session/$session/element/$field/value" '{"text":"3MVG9typed"}' >/dev/null
typed=$(wd GET "/session/$session/element/$field/property/value" | json 'v')
wd DELETE "/session/$session" >/dev/null
[ "$typed" = 3MVG9typed ] || { echo "typing into client_id gave: $typed"; exit 1; }
INNER
WORK=$work xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  scripts/lib/with-keyring.sh bash "$work/webdriver.sh" || fail "the installed app's form is not interactive (see $work/driver.log)"
ok "the installed app started and its form took typing (WebDriver)"

echo "==> apt-get remove sftoken"
as_root env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq sftoken >/dev/null
left=()
while IFS= read -r f; do
  [ -f "$f" ] && left+=("$f")
done <<< "$installed_files"
[ ${#left[@]} -eq 0 ] || fail "left after removal: ${left[*]}"
command -v sftoken >/dev/null && fail "sftoken is still on PATH after removal"
ok "removed: none of its files is left"
[ "$(sha256sum "$SFTOKEN_CONFIG_DIR/profiles.json")" = "$before_config" ] || fail "the profiles file changed"
ok "the user's profiles file is untouched"
echo "==> rpm -i $rpm_file (into a throwaway root)"
requires=$(rpm -qpR "$rpm_file")
for dep in 'libwebkit2gtk-4.1.so.0()(64bit)' 'libgtk-3.so.0()(64bit)' dbus-libs; do
  grep -qxF "$dep" <<< "$requires" || fail "the .rpm does not require $dep: $requires"
done
ok "the .rpm requires WebKitGTK 4.1, GTK 3 and dbus-libs"
root="$work/rpmroot"
mkdir -p "$root"
rpm --root "$root" --initdb
rpm --root "$root" -i --nodeps --nosignature "$rpm_file" || fail "rpm -i failed"
for f in /usr/bin/sftoken /usr/bin/sftoken-desktop /usr/share/applications/sftoken.desktop \
  /usr/share/man/man1/sftoken.1.gz /usr/share/bash-completion/completions/sftoken \
  /usr/share/zsh/site-functions/_sftoken /usr/share/fish/vendor_completions.d/sftoken.fish; do
  [ -f "$root$f" ] || fail "the .rpm did not install $f"
done
rpm_version=$("$root/usr/bin/sftoken" --version)
[ "$rpm_version" = "$version" ] || fail "the .rpm's sftoken --version said: $rpm_version"
ok "rpm installed every file; its sftoken says: $rpm_version"
rpm --root "$root" -e sftoken || fail "rpm -e failed"
leftover=$(find "$root/usr" -type f 2>/dev/null | head -n 5)
[ -z "$leftover" ] || fail "left after rpm -e: $leftover"
ok "rpm -e removed every file"
echo "package test: passed ($(du -h "$deb" | cut -f1) .deb, $(du -h "$rpm_file" | cut -f1) .rpm)"
