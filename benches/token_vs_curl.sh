#!/usr/bin/env bash
# One token per process: `sftoken token` vs `curl` making the same password-grant POST to the fake
# Salesforce over HTTPS (tests/fake-salesforce), side by side.
#
#   benches/token_vs_curl.sh                      # from any directory
#   RUNS=50 MEM_RUNS=20 benches/token_vs_curl.sh  # more samples
#   SKIP_BUILD=1 benches/token_vs_curl.sh         # use the binaries already in target/release
#   TRUST=system benches/token_vs_curl.sh         # both trust the system CA bundle + the fake's CA
#                                                 # (default TRUST=fake: the fake's CA alone)
#
# Measures the median wall time (hyperfine, warmup + RUNS runs, no intermediate shell) and the peak
# memory (max RSS from /usr/bin/time -f %M, MEM_RUNS runs each), then prints a Markdown table, the
# exact commands and the machine facts. Target: sftoken no slower than curl, under 15 MB peak.
#
# This is a benchmark, not a test: it exits 0 when the targets are missed (the verdict is printed);
# it fails loudly only when a tool cannot get a token or a measurement cannot be taken.
# Secrets never reach argv: sftoken reads them from SFTOKEN_* variables, curl from files in a
# private (0700) temporary directory via --data-urlencode name@file.

set -euo pipefail

RUNS=${RUNS:-30}
WARMUP=${WARMUP:-3}
MEM_RUNS=${MEM_RUNS:-10}
TARGET_MB=15
TRUST=${TRUST:-fake}
SYSTEM_BUNDLE=${SYSTEM_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}
case $TRUST in fake | system) ;; *) echo "token_vs_curl: TRUST must be fake or system" >&2; exit 2 ;; esac

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd -- "$ROOT"

die() {
    echo "token_vs_curl: $*" >&2
    exit 1
}
note() { echo "token_vs_curl: $*" >&2; }

# ---- tools ------------------------------------------------------------------------------------

install_packages() {
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || die "need root or sudo to install: $*"
        sudo=(sudo)
    fi
    note "installing $* (apt-get)"
    if ! ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2; then
        ${sudo[@]+"${sudo[@]}"} apt-get update -q >&2
        ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2
    fi
}

missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
[ -x /usr/bin/time ] || missing+=(time)
command -v curl >/dev/null || missing+=(curl)
if [ "${#missing[@]}" -gt 0 ]; then
    command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get to install them"
    install_packages "${missing[@]}"
fi
command -v python3 >/dev/null || die "python3 is needed to read hyperfine's JSON"
hyperfine --help | grep -q -- '--shell' || die "hyperfine is too old (needs --shell=none, 1.13+)"

# ---- binaries ---------------------------------------------------------------------------------

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    note "cargo build --release -p sftoken-cli -p fake-salesforce (the first LTO build takes minutes)"
    cargo build --release -q -p sftoken-cli -p fake-salesforce >&2
fi
SFTOKEN=$ROOT/target/release/sftoken
FAKE_BIN=$ROOT/target/release/fake-salesforce
[ -x "$SFTOKEN" ] || die "$SFTOKEN is missing (drop SKIP_BUILD=1)"
[ -x "$FAKE_BIN" ] || die "$FAKE_BIN is missing (drop SKIP_BUILD=1)"

# ---- private scratch directory, the fake, cleanup -----------------------------------------------

umask 077
WORK=$(mktemp -d "${TMPDIR:-/tmp}/token_vs_curl.XXXXXX")
chmod 700 "$WORK"

FAKE_CHILD=
FAKE_IN=
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [ -n "$FAKE_IN" ]; then
        # Closing its stdin is the fake's normal way out.
        exec {FAKE_IN}>&- || true
    fi
    if [ -n "$FAKE_CHILD" ]; then
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            kill -0 "$FAKE_CHILD" 2>/dev/null || break
            sleep 0.1
        done
        kill "$FAKE_CHILD" 2>/dev/null || true
        wait "$FAKE_CHILD" 2>/dev/null || true
    fi
    rm -rf -- "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The fake serves until its stdin closes: the coprocess keeps a pipe to it open.
coproc FAKE { exec "$FAKE_BIN" 2>"$WORK/fake.stderr"; }
# shellcheck disable=SC2153 # FAKE_PID is set by coproc
FAKE_CHILD=$FAKE_PID
FAKE_OUT=${FAKE[0]}
FAKE_IN=${FAKE[1]}
fake_line=
read -r -t 30 fake_line <&"$FAKE_OUT" || true
[ -n "$fake_line" ] || die "the fake printed no JSON line; its stderr: $(cat "$WORK/fake.stderr" 2>/dev/null)"

json_field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }
HTTPS_URL=$(json_field "$fake_line" https_url)
CA_FILE=$(json_field "$fake_line" ca_file)
[ -r "$CA_FILE" ] || die "the fake's CA file $CA_FILE is not readable"
TOKEN_URL=$HTTPS_URL/services/oauth2/token
if [ "$TRUST" = system ]; then
    [ -r "$SYSTEM_BUNDLE" ] || die "no system CA bundle at $SYSTEM_BUNDLE (set SYSTEM_BUNDLE)"
    cat "$SYSTEM_BUNDLE" "$CA_FILE" >"$WORK/trust.pem"
    TRUST_FILE=$WORK/trust.pem
else
    TRUST_FILE=$CA_FILE
fi

# ---- the request: org "acme" (tests/fake-salesforce/src/fixtures.rs: ACME_APP, ACME_ADMIN) -------

CLIENT_ID='3MVG9ACME.prod.consumer.key'
USERNAME='admin@acme.com'
CLIENT_SECRET='ACME-PROD-SECRET-8e1f'
PASSWORD='p&ss+w=rd %20 é😀'
SECURITY_TOKEN='SecTok3nProd42'

# sftoken: secrets from the environment (hyperfine and /usr/bin/time pass it on).
export SFTOKEN_CLIENT_SECRET=$CLIENT_SECRET SFTOKEN_PASSWORD=$PASSWORD SFTOKEN_SECURITY_TOKEN=$SECURITY_TOKEN
# Both tools trust the same PEM file and nothing else: sftoken via SSL_CERT_FILE (rustls-native-certs),
# curl via --cacert. SSL_CERT_DIR would make sftoken read and parse every file of that directory
# on each run as well (some images export SSL_CERT_DIR=/etc/ssl/certs), so it goes.
export SSL_CERT_FILE=$TRUST_FILE
unset SSL_CERT_DIR CURL_CA_BUNDLE
# Straight to 127.0.0.1 for both (each would otherwise honour a proxy from the environment).
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY
unset SFTOKEN_LOG SFTOKEN_TARGET SFTOKEN_CLIENT_ID SFTOKEN_USERNAME CURL_HOME

# curl: secrets from 0600 files, no trailing newline (--data-urlencode name@file keeps newlines).
printf '%s' "$CLIENT_SECRET" >"$WORK/client_secret"
printf '%s' "$PASSWORD$SECURITY_TOKEN" >"$WORK/password"
chmod 600 "$WORK/client_secret" "$WORK/password"

SFTOKEN_CMD=("$SFTOKEN" token --target "$HTTPS_URL" --client-id "$CLIENT_ID" --username "$USERNAME"
    --field access_token)
# -q: ignore ~/.curlrc. Same method, headers that matter and form fields as sftoken sends.
CURL_CMD=(curl -q -sS --fail-with-body --cacert "$TRUST_FILE" -H 'Accept: application/json'
    --data-urlencode grant_type=password --data-urlencode "client_id=$CLIENT_ID"
    --data-urlencode "client_secret@$WORK/client_secret" --data-urlencode "username=$USERNAME"
    --data-urlencode "password@$WORK/password" "$TOKEN_URL")

# hyperfine --shell=none splits its command string like a POSIX shell: quote each word for it.
quote_words() {
    local out='' word q="'" esc="'\\''"
    for word in "$@"; do
        case $word in
            '' | *[!A-Za-z0-9_./:@=+%,-]*) out+=" '${word//"$q"/"$esc"}'" ;;
            *) out+=" $word" ;;
        esac
    done
    printf '%s' "${out# }"
}
SFTOKEN_LINE=$(quote_words "${SFTOKEN_CMD[@]}")
CURL_LINE=$(quote_words "${CURL_CMD[@]}")

# ---- both must really get a token --------------------------------------------------------------

TOKEN_SHAPE='^[A-Za-z0-9]{15}![A-Za-z0-9._-]{20,}$'
if ! sftoken_out=$("${SFTOKEN_CMD[@]}" 2>"$WORK/sftoken.stderr"); then
    die "sftoken got no token: $(cat "$WORK/sftoken.stderr")"
fi
[[ $sftoken_out =~ $TOKEN_SHAPE ]] || die "sftoken printed no access token: $sftoken_out"
if ! curl_out=$("${CURL_CMD[@]}" 2>"$WORK/curl.stderr"); then
    die "curl got no token: $(cat "$WORK/curl.stderr") $curl_out"
fi
curl_token=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1]).get("access_token", ""))' \
    "$curl_out" 2>/dev/null) || true
[[ $curl_token =~ $TOKEN_SHAPE ]] || die "curl's answer has no access token: $curl_out"
[ "$curl_token" != "$sftoken_out" ] || die "both tools printed the same token: is the fake issuing fresh ones?"
note "both got a token (sftoken ${sftoken_out:0:18}..., curl ${curl_token:0:18}...)"

# ---- wall time -------------------------------------------------------------------------------

note "hyperfine: warmup $WARMUP, $RUNS runs each"
hyperfine --shell=none --warmup "$WARMUP" --runs "$RUNS" --style basic \
    --export-json "$WORK/hyperfine.json" \
    --command-name sftoken "$SFTOKEN_LINE" \
    --command-name curl "$CURL_LINE" >&2

read -r \
    S_MED S_MEAN S_SD S_MIN S_MAX S_CPU \
    C_MED C_MEAN C_SD C_MIN C_MAX C_CPU \
    < <(python3 - "$WORK/hyperfine.json" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
out = []
for name in ("sftoken", "curl"):
    r = results[name]
    ms = lambda s: "%.1f" % (s * 1000)
    out += [ms(r["median"]), ms(r["mean"]), ms(r["stddev"] or 0), ms(r["min"]), ms(r["max"]),
            ms(r["user"] + r["system"])]
print(" ".join(out))
PY
)

# ---- peak memory -------------------------------------------------------------------------------

peak_rss() { # name, command... -> $WORK/name.summary: "median_MiB max_MiB"
    local name=$1 i
    shift
    : >"$WORK/$name.rss"
    for ((i = 0; i < MEM_RUNS; i++)); do
        if ! /usr/bin/time -f %M -o "$WORK/$name.time" "$@" >/dev/null 2>"$WORK/$name.stderr"; then
            die "$name failed under /usr/bin/time: $(cat "$WORK/$name.stderr")"
        fi
        tail -n 1 "$WORK/$name.time" >>"$WORK/$name.rss"
    done
    python3 - "$WORK/$name.rss" >"$WORK/$name.summary" <<'PY'
import statistics, sys
kib = [int(line) for line in open(sys.argv[1]) if line.strip()]
print("%.1f %.1f" % (statistics.median(kib) / 1024, max(kib) / 1024))
PY
}
note "max RSS: $MEM_RUNS runs each"
peak_rss sftoken "${SFTOKEN_CMD[@]}"
peak_rss curl "${CURL_CMD[@]}"
read -r S_RSS_MED S_RSS_MAX <"$WORK/sftoken.summary"
read -r C_RSS_MED C_RSS_MAX <"$WORK/curl.summary"

# ---- report ------------------------------------------------------------------------------------

SFTOKEN_VERSION=$("$SFTOKEN" --version)
CURL_VERSION=$(curl --version | head -n 1)
CPU_MODEL=$(grep -m 1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || true)
read -r RATIO FASTER_OK MEM_OK < <(python3 - "$S_MED" "$C_MED" "$S_RSS_MAX" "$TARGET_MB" <<'PY'
import sys
s, c, rss, target = map(float, sys.argv[1:])
print("%.2f %s %s" % (s / c, "yes" if s <= c else "NO", "yes" if rss < target else "NO"))
PY
)

SHOW_SFTOKEN=${SFTOKEN_LINE//"$ROOT"/.}
SHOW_CURL=${CURL_LINE//"$TRUST_FILE"/\$CA_FILE}
SHOW_CURL=${SHOW_CURL//"$WORK"/\$SECRETS}
if [ "$TRUST" = system ]; then
    TRUST_TEXT="the system CA bundle ($SYSTEM_BUNDLE, $(grep -c 'BEGIN CERTIFICATE' "$SYSTEM_BUNDLE") certificates) plus the fake's CA"
else
    TRUST_TEXT="the fake's CA certificate alone"
fi

cat <<EOF

### One token per process: sftoken vs curl (fake Salesforce, HTTPS on 127.0.0.1, TRUST=${TRUST})

| | median wall | mean ± σ | min … max | CPU (user+sys, mean) | peak RSS median | peak RSS max |
|---|---:|---:|---:|---:|---:|---:|
| \`sftoken token\` | ${S_MED} ms | ${S_MEAN} ± ${S_SD} ms | ${S_MIN} … ${S_MAX} ms | ${S_CPU} ms | ${S_RSS_MED} MiB | ${S_RSS_MAX} MiB |
| \`curl\` | ${C_MED} ms | ${C_MEAN} ± ${C_SD} ms | ${C_MIN} … ${C_MAX} ms | ${C_CPU} ms | ${C_RSS_MED} MiB | ${C_RSS_MAX} MiB |

sftoken / curl median wall time: **${RATIO}×**. Targets: no slower than curl: **${FASTER_OK}**; peak RSS under ${TARGET_MB} MB: **${MEM_OK}**.
Wall time: hyperfine, ${WARMUP} warmup + ${RUNS} runs each, no intermediate shell. Peak RSS: \`/usr/bin/time -f %M\`, ${MEM_RUNS} runs each.

Reproduce: \`RUNS=${RUNS} WARMUP=${WARMUP} MEM_RUNS=${MEM_RUNS} TRUST=${TRUST} benches/token_vs_curl.sh\`. Commands timed, against the fake's
\`https_url\`, with \`\$CA_FILE\` a PEM file holding ${TRUST_TEXT}, and \`\$SECRETS\` a private 0700 temp dir
holding the secret form values; sftoken reads SFTOKEN_CLIENT_SECRET, SFTOKEN_PASSWORD and SFTOKEN_SECURITY_TOKEN from the
environment, with SSL_CERT_FILE=\$CA_FILE and SSL_CERT_DIR unset:

\`\`\`sh
${SHOW_SFTOKEN}
${SHOW_CURL}
\`\`\`

Machine: ${CPU_MODEL:-unknown CPU}, nproc $(nproc), $(uname -sr), $(uname -m).
Versions: ${SFTOKEN_VERSION} (release profile, LTO); ${CURL_VERSION}; $(hyperfine --version).
EOF
