//! `sftoken token --profile` when the profile keeps a valid token vs a new login, and 20 calls
//! at once for one profile (how many logins the fake Salesforce sees). A benchmark, not a test:
//! run it with `benches/token_reuse.sh`, which gives it a D-Bus session and an unlocked keyring
//! (the kept token lives in the keychain). Prints a Markdown table on stdout.
//!
//! Settings (environment): RUNS (timed calls of each kind, default 30), CONCURRENT (20).

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use fake_salesforce::fixtures::{ACME_ADMIN, ACME_APP};
use fake_salesforce::FakeSalesforce;

const TOKEN_PATH: &str = "/services/oauth2/token";

fn sftoken(sf: &FakeSalesforce, config: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sftoken"));
    command
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("SFTOKEN_CONFIG_DIR", config)
        .env("SSL_CERT_FILE", sf.ca_file())
        .env("HTTPS_PROXY", sf.proxy_url())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for var in ["DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR"] {
        if let Some(value) = std::env::var_os(var) {
            command.env(var, value);
        }
    }
    command
}

fn check(output: Output, what: &str) -> Output {
    assert!(
        output.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn logins(sf: &FakeSalesforce) -> usize {
    sf.requests()
        .iter()
        .filter(|r| r.path == TOKEN_PATH)
        .count()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn time_calls(sf: &FakeSalesforce, config: &Path, args: &[&str], runs: usize) -> (f64, usize) {
    let before = logins(sf);
    let mut ms = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        check(sftoken(sf, config, args).output().unwrap(), "sftoken token");
        ms.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    (median(ms), logins(sf) - before)
}

fn main() {
    // `cargo bench` passes --bench; nothing else is taken.
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30);
    let concurrent: usize = std::env::var("CONCURRENT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "run benches/token_reuse.sh: the kept token needs a keychain (a D-Bus session and gnome-keyring)"
    );
    let sf = FakeSalesforce::start();
    let config = tempfile::tempdir().unwrap();
    let added = sftoken(
        &sf,
        config.path(),
        &[
            "profile",
            "add",
            "Acme",
            "--client-id",
            ACME_APP.client_id,
            "--username",
            ACME_ADMIN.username,
        ],
    )
    .env("SFTOKEN_CLIENT_SECRET", ACME_APP.client_secret)
    .env("SFTOKEN_PASSWORD", ACME_ADMIN.password)
    .env("SFTOKEN_SECURITY_TOKEN", ACME_ADMIN.security_token)
    .output()
    .unwrap();
    check(added, "profile add");
    let token = ["token", "--profile", "Acme", "--field", "access_token"];
    let fresh = [
        "token",
        "--profile",
        "Acme",
        "--field",
        "access_token",
        "--fresh",
    ];
    // One of each first (warm caches), then the timed runs.
    time_calls(&sf, config.path(), &fresh, 1);
    time_calls(&sf, config.path(), &token, 1);
    let (new_ms, new_logins) = time_calls(&sf, config.path(), &fresh, runs);
    let (kept_ms, kept_logins) = time_calls(&sf, config.path(), &token, runs);

    // Many scripts at once, with nothing kept yet.
    let set = sftoken(
        &sf,
        config.path(),
        &["profile", "set", "Acme", "--keep-tokens", "off"],
    )
    .output()
    .unwrap();
    check(set, "profile set");
    let set = sftoken(
        &sf,
        config.path(),
        &["profile", "set", "Acme", "--keep-tokens", "on"],
    )
    .output()
    .unwrap();
    check(set, "profile set");
    let before = logins(&sf);
    let started = Instant::now();
    let children: Vec<_> = (0..concurrent)
        .map(|_| sftoken(&sf, config.path(), &token).spawn().unwrap())
        .collect();
    for child in children {
        check(child.wait_with_output().unwrap(), "a concurrent call");
    }
    let all_ms = started.elapsed().as_secs_f64() * 1000.0;
    let concurrent_logins = logins(&sf) - before;
    std::thread::sleep(Duration::from_millis(10));

    println!("| `sftoken token --profile Acme` (password grant, fake Salesforce over HTTPS through its proxy) | median wall | logins performed |");
    println!("|---|---:|---:|");
    println!("| a new login each time (`--fresh`), {runs} calls | {new_ms:.1} ms | {new_logins} |");
    println!("| the kept token reused (checked with one introspection call), {runs} calls | {kept_ms:.1} ms | {kept_logins} |");
    println!("| {concurrent} calls at once, nothing kept before | {all_ms:.0} ms for all | {concurrent_logins} |");
    println!();
    println!(
        "Command: `RUNS={runs} CONCURRENT={concurrent} benches/token_reuse.sh` (release build; the kept token in gnome-keyring over a private D-Bus session)."
    );
}
