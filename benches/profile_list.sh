#!/usr/bin/env bash
# `sftoken profile list` with 5 and with 1,000 profiles (hyperfine, release build). The profiles
# are made by `sftoken profile add` itself (no secrets, so no keychain is needed): production,
# sandbox and My Domain targets in turn. Stdout: a Markdown table; progress on stderr.
#
#   benches/profile_list.sh
#   PROFILES=2000 RUNS=100 benches/profile_list.sh
#   SKIP_BUILD=1 benches/profile_list.sh
set -euo pipefail
ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd -- "$ROOT"
. scripts/lib/setup.sh

PROFILES=${PROFILES:-1000}
RUNS=${RUNS:-50}

ensure_packages "${BUILD_PACKAGES[@]}" hyperfine
ensure_rust
if [ -z "${SKIP_BUILD:-}" ]; then
  echo "==> cargo build --release -p sftoken-cli" >&2
  cargo build --release -q -p sftoken-cli >&2
fi
sftoken=$ROOT/target/release/sftoken

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

make_profiles() {
  local dir=$1 n=$2 i target
  mkdir -p "$dir"
  for ((i = 1; i <= n; i++)); do
    case $((i % 3)) in
      0) target=(--target sandbox) ;;
      1) target=(--target production) ;;
      *) target=(--target "org$i.my.salesforce.com") ;;
    esac
    SFTOKEN_CONFIG_DIR=$dir "$sftoken" profile add "$(printf 'Org %04d' "$i")" "${target[@]}" \
      --client-id "3MVG9.client.$i" --username "admin$i@example.com" --no-secrets >/dev/null 2>&1 \
      || { echo "profile add failed at $i" >&2; exit 1; }
  done
}

echo "==> making 5 and $PROFILES profiles with sftoken profile add" >&2
make_profiles "$work/few" 5
make_profiles "$work/many" "$PROFILES"
[ "$(SFTOKEN_CONFIG_DIR=$work/many "$sftoken" profile list 2>/dev/null | wc -l)" -eq $((PROFILES + 1)) ] \
  || { echo "profile list did not list $PROFILES profiles" >&2; exit 1; }

hyperfine --shell=none --warmup 3 --runs "$RUNS" --style basic --export-json "$work/h.json" \
  -n "5 profiles" "env SFTOKEN_CONFIG_DIR=$work/few $sftoken profile list" \
  -n "$PROFILES profiles" "env SFTOKEN_CONFIG_DIR=$work/many $sftoken profile list" >&2

echo "| \`sftoken profile list\` | median | mean ± σ |"
echo "|---|---:|---:|"
python3 - "$work/h.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"| {r['command']} | {r['median']*1000:.1f} ms | {r['mean']*1000:.1f} ± {r['stddev']*1000:.1f} ms |")
PY
echo
echo "Target: under 20 ms with 1,000 profiles. $RUNS runs each, $(nproc) cores, $(uname -m)."
