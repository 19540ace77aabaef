//! `sftoken sf-login`: the Salesforce CLI logged in with the token. Against the real `sf` (from
//! npm, pinned in tests/sf-cli, installed by ./scripts/test.sh) talking to the fake Salesforce
//! through its proxy; and against a stand-in `sf` that records its argv, environment and stdin,
//! to prove what sftoken hands it and what it keeps back.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::Run;
use fake_salesforce::fixtures::*;
use fake_salesforce::FakeSalesforce;

/// A stand-in `sf` in `dir`: records argv (one per line), its environment and stdin beside it,
/// prints `answer` and exits with `code`.
fn stand_in_sf(dir: &Path, answer: &str, code: i32) -> PathBuf {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::write(dir.join("answer.json"), answer).unwrap();
    let script = format!(
        "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{d}/argv'\nenv > '{d}/env'\ncat > '{d}/stdin'\ncat '{d}/answer.json'\nexit {code}\n",
        d = dir.display()
    );
    let sf = bin.join("sf");
    std::fs::write(&sf, script).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&sf, std::fs::Permissions::from_mode(0o755)).unwrap();
    bin
}

fn path_with(bin: &Path) -> String {
    format!("{}:/usr/bin:/bin", bin.display())
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_default()
}

const SF_OK: &str = r#"{"status":0,"result":{"username":"admin@acme.example.com","orgId":"00D000000000001AAA","instanceUrl":"https://acme.my.salesforce.com","accessToken":"00D!never-shown"},"warnings":[]}"#;

#[test]
fn sf_gets_the_token_in_its_environment_never_in_argv_and_no_other_secret() {
    let sf = FakeSalesforce::start();
    let dir = tempfile::tempdir().unwrap();
    let bin = stand_in_sf(dir.path(), SF_OK, 0);
    let done = common::with_admin_secrets(Run::new(
        &sf,
        &common::admin_args("sf-login", &["--alias", "acme-prod"]),
    ))
    .env("PATH", &path_with(&bin))
    .env("SFTOKEN_REFRESH_TOKEN", "5Aep-not-for-sf")
    .run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    let token = common::issued_tokens(&sf)
        .pop()
        .expect("a token was issued");
    let argv = read(dir.path(), "argv");
    assert_eq!(
        argv.lines().collect::<Vec<_>>(),
        [
            "org",
            "login",
            "access-token",
            "--instance-url",
            "https://acme.my.salesforce.com",
            "--no-prompt",
            "--alias",
            "acme-prod",
            "--json"
        ]
    );
    let env = read(dir.path(), "env");
    assert!(env.contains(&format!("SF_ACCESS_TOKEN={token}\n")), "{env}");
    for secret in [
        ACME_APP.client_secret,
        ACME_ADMIN.password,
        ACME_ADMIN.security_token,
        "5Aep-not-for-sf",
    ] {
        assert!(!env.contains(secret), "{secret} reached sf's environment");
    }
    assert!(read(dir.path(), "stdin").is_empty());
    assert!(
        done.stdout.contains(
            "sf is logged in to 00D000000000001AAA as admin@acme.example.com, alias acme-prod"
        ) && !done.stdout.contains("never-shown"),
        "{}",
        done.stdout
    );
    assert!(done
        .stderr
        .contains("sf org display --target-org acme-prod"));
    done.assert_no_secrets_on_stderr(&[&token]);
}

#[test]
fn a_missing_sf_is_said_before_any_login_with_how_to_install_it() {
    let sf = FakeSalesforce::start();
    let empty = tempfile::tempdir().unwrap();
    let done = common::with_admin_secrets(Run::new(&sf, &common::admin_args("sf-login", &[])))
        .env("PATH", &empty.path().display().to_string())
        .run();
    assert_eq!(done.code, 2, "{}", done.stderr);
    assert!(
        done.stderr
            .contains("the Salesforce CLI (sf) is not installed")
            && done.stderr.contains("npm install --global @salesforce/cli"),
        "{}",
        done.stderr
    );
    assert!(sf.requests().is_empty(), "no login for nothing");
}

#[test]
fn what_sf_says_when_it_refuses_is_shown_without_the_secrets_it_was_given() {
    let sf = FakeSalesforce::start();
    let dir = tempfile::tempdir().unwrap();
    // A CLI that echoes what it was fed (sf's own parse errors do: they repeat the whole URL).
    let bin = dir.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let script = "#!/bin/sh\nurl=$(cat)\nprintf '{\"status\":1,\"name\":\"Error\",\"message\":\"Invalid SFDX authorization URL %s for \\\\u001b[2J %s\"}' \"$url\" \"$SF_ACCESS_TOKEN\"\nexit 1\n";
    std::fs::write(bin.join("sf"), script).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(bin.join("sf"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let done = common::with_admin_secrets(Run::new(&sf, &common::admin_args("sf-login", &[])))
        .env("PATH", &path_with(&bin))
        .run();
    assert_eq!(done.code, 3, "{}", done.stderr);
    let token = common::issued_tokens(&sf).pop().unwrap();
    assert!(
        done.stderr
            .contains("sf refused the login: Invalid SFDX authorization URL")
            && done.stderr.contains("[redacted]"),
        "{}",
        done.stderr
    );
    assert!(
        !done.stderr.contains('\u{1b}'),
        "no escape reaches the terminal"
    );
    done.assert_no_secrets_on_stderr(&[&token]);
}

#[test]
fn bad_aliases_and_the_durable_login_without_a_refresh_token_are_refused() {
    let sf = FakeSalesforce::start();
    let dir = tempfile::tempdir().unwrap();
    let bin = stand_in_sf(dir.path(), SF_OK, 0);
    let done = common::with_admin_secrets(Run::new(
        &sf,
        &common::admin_args("sf-login", &["--alias=--json"]),
    ))
    .env("PATH", &path_with(&bin))
    .run();
    assert_eq!(done.code, 2, "{}", done.stderr);
    assert!(done
        .stderr
        .contains("the sf alias \"--json\" cannot be used"));
    let done = common::with_admin_secrets(Run::new(
        &sf,
        &common::admin_args("sf-login", &["--durable"]),
    ))
    .env("PATH", &path_with(&bin))
    .run();
    assert_eq!(done.code, 2, "{}", done.stderr);
    assert!(
        done.stderr
            .contains("the durable login needs a refresh token"),
        "{}",
        done.stderr
    );
    assert!(read(dir.path(), "argv").is_empty(), "sf was not run");
}

fn refresh_args() -> Vec<&'static str> {
    vec![
        "sf-login",
        "--grant",
        "refresh",
        "--target",
        "acme",
        "--client-id",
        ACME_APP.client_id,
        "--durable",
    ]
}

/// What `sf org login sfdx-url --sfdx-url-stdin` is fed for acme's app and `refresh`.
fn acme_auth_url(refresh: &str) -> String {
    format!(
        "force://{}:{}:{refresh}@acme.my.salesforce.com\n",
        ACME_APP.client_id, ACME_APP.client_secret
    )
}

#[test]
fn the_durable_login_feeds_sf_the_auth_url_on_stdin() {
    let sf = FakeSalesforce::start();
    let refresh = common::refresh_token_by_browser(&sf);
    let dir = tempfile::tempdir().unwrap();
    let bin = stand_in_sf(dir.path(), SF_OK, 0);
    let done = Run::new(&sf, &refresh_args())
        .env("SFTOKEN_CLIENT_SECRET", ACME_APP.client_secret)
        .env("SFTOKEN_REFRESH_TOKEN", &refresh)
        .env("PATH", &path_with(&bin))
        .run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert_eq!(read(dir.path(), "stdin"), acme_auth_url(&refresh));
    let argv = read(dir.path(), "argv");
    assert_eq!(
        argv.lines().collect::<Vec<_>>(),
        [
            "org",
            "login",
            "sfdx-url",
            "--sfdx-url-stdin",
            "-",
            "--json"
        ]
    );
    let env = read(dir.path(), "env");
    assert!(!env.contains("SF_ACCESS_TOKEN") && !env.contains(&refresh));
    assert!(done.stdout.contains("durable"), "{}", done.stdout);
    done.assert_no_secrets_on_stderr(&[&refresh, ACME_APP.client_secret]);
}

#[test]
fn the_durable_login_of_a_profile_uses_the_refresh_token_it_keeps() {
    let sf = FakeSalesforce::start();
    let refresh = common::refresh_token_by_browser(&sf);
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let config = config.to_str().unwrap();
    // profile add "Acme web" with sf-login's refresh-grant flags, keeping the refresh token.
    let mut args = vec!["profile", "add", "Acme web"];
    args.extend(&refresh_args()[1..7]);
    args.push("--keep-refresh-token");
    let added = Run::new(&sf, &args)
        .env("SFTOKEN_CONFIG_DIR", config)
        .env("SFTOKEN_CLIENT_SECRET", ACME_APP.client_secret)
        .env("SFTOKEN_REFRESH_TOKEN", &refresh)
        .run();
    assert_eq!(added.code, 0, "{}", added.stderr);
    let bin = stand_in_sf(dir.path(), SF_OK, 0);
    // Nothing but the profile: its secrets and refresh token come from the keychain.
    let done = Run::new(&sf, &["sf-login", "--profile", "Acme web", "--durable"])
        .env("SFTOKEN_CONFIG_DIR", config)
        .env("PATH", &path_with(&bin))
        .run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert_eq!(read(dir.path(), "stdin"), acme_auth_url(&refresh));
    done.assert_no_secrets_on_stderr(&[&refresh, ACME_APP.client_secret]);
}

// ---- the real Salesforce CLI ----

/// False (and says why) when scripts/test.sh found a Node.js too old for the Salesforce CLI.
fn sf_cli_runs_here() -> bool {
    match std::env::var("SFTOKEN_SKIP_SF_CLI") {
        Ok(why) => {
            eprintln!("skipped: {why}");
            false
        }
        Err(_) => true,
    }
}

fn real_sf() -> PathBuf {
    let sf =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/sf-cli/node_modules/.bin/sf");
    assert!(
        sf.exists(),
        "the Salesforce CLI is not installed: run ./scripts/test.sh, which installs it (npm ci in tests/sf-cli)"
    );
    sf
}

/// The environment the real sf runs in: a home of its own, its file keychain, no telemetry or
/// update checks, no DNS check of the fake's hosts, the fake's proxy and CA.
fn sf_env<'a>(run: Run<'a>, home: &Path, bin: &Path, sf: &FakeSalesforce) -> Run<'a> {
    run.env("HOME", &home.display().to_string())
        .env(
            "PATH",
            &format!(
                "{}:{}",
                bin.display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .env("SF_USE_GENERIC_UNIX_KEYCHAIN", "true")
        .env("SF_DISABLE_DNS_CHECK", "true")
        .env("SF_DISABLE_TELEMETRY", "true")
        .env("SF_AUTOUPDATE_DISABLE", "true")
        .env("SF_SKIP_NEW_VERSION_CHECK", "true")
        .env("SF_USE_PROGRESS_BAR", "false")
        .env("HTTP_PROXY", &sf.proxy_url())
        .env("NODE_EXTRA_CA_CERTS", &sf.ca_file().display().to_string())
}

/// `sf org display --target-org ALIAS --json` in the same home: what sf now knows.
fn sf_org_display(
    home: &Path,
    sf_bin: &Path,
    sf: &FakeSalesforce,
    alias: &str,
) -> serde_json::Value {
    let out = Command::new(sf_bin)
        .args(["org", "display", "--target-org", alias, "--json"])
        .env("HOME", home)
        .env("SF_USE_GENERIC_UNIX_KEYCHAIN", "true")
        .env("SF_DISABLE_DNS_CHECK", "true")
        .env("SF_DISABLE_TELEMETRY", "true")
        .env("SF_AUTOUPDATE_DISABLE", "true")
        .env("SF_SKIP_NEW_VERSION_CHECK", "true")
        .env("HTTPS_PROXY", sf.proxy_url())
        .env("HTTP_PROXY", sf.proxy_url())
        .env("NODE_EXTRA_CA_CERTS", sf.ca_file())
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "sf org display: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// A directory with only `sf` in it (a link to the pinned install), for PATH.
fn sf_bin_dir(dir: &Path) -> PathBuf {
    let bin = dir.join("sf-bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(real_sf(), bin.join("sf")).unwrap();
    bin
}

#[test]
fn the_real_sf_cli_is_logged_in_with_the_token_and_uses_it() {
    if !sf_cli_runs_here() {
        return;
    }
    let sf = FakeSalesforce::start();
    let home = tempfile::tempdir().unwrap();
    let bin = sf_bin_dir(home.path());
    let done = sf_env(
        common::with_admin_secrets(Run::new(
            &sf,
            &common::admin_args("sf-login", &["--alias", "acme"]),
        )),
        home.path(),
        &bin,
        &sf,
    )
    .run();
    assert_eq!(done.code, 0, "{}\n{}", done.stdout, done.stderr);
    assert!(
        done.stdout
            .contains(&format!("as {}, alias acme", ACME_ADMIN.username)),
        "{}",
        done.stdout
    );
    let token = common::issued_tokens(&sf).pop().unwrap();
    done.assert_no_secrets_on_stderr(&[&token]);
    let shown = sf_org_display(home.path(), &real_sf(), &sf, "acme");
    assert_eq!(shown["status"], 0, "{shown}");
    assert_eq!(shown["result"]["username"], ACME_ADMIN.username, "{shown}");
    assert_eq!(shown["result"]["id"], ACME.org_id, "{shown}");
    // sf called the org with the token sftoken gave it.
    assert!(sf
        .requests()
        .iter()
        .any(|r| r.path.starts_with("/services/oauth2/userinfo")
            && r.headers
                .iter()
                .any(|(k, v)| k == "authorization" && v.ends_with(&token))));
}

#[test]
fn the_real_sf_cli_is_logged_in_durably_and_refreshes_on_its_own() {
    if !sf_cli_runs_here() {
        return;
    }
    let sf = FakeSalesforce::start();
    let refresh = common::refresh_token_by_browser(&sf);
    let home = tempfile::tempdir().unwrap();
    let bin = sf_bin_dir(home.path());
    let done = sf_env(
        Run::new(&sf, &refresh_args())
            .env("SFTOKEN_CLIENT_SECRET", ACME_APP.client_secret)
            .env("SFTOKEN_REFRESH_TOKEN", &refresh),
        home.path(),
        &bin,
        &sf,
    )
    .env("HOME", &home.path().display().to_string())
    .run();
    assert_eq!(done.code, 0, "{}\n{}", done.stdout, done.stderr);
    done.assert_no_secrets_on_stderr(&[&refresh, ACME_APP.client_secret]);
    // Every token sftoken and sf got so far is revoked: sf must use the refresh token itself.
    let before = sf.issued_tokens().len();
    sf.revoke_all_access_tokens();
    let shown = sf_org_display(home.path(), &real_sf(), &sf, ACME_ADMIN.username);
    assert_eq!(shown["status"], 0, "{shown}");
    assert_eq!(shown["result"]["username"], ACME_ADMIN.username, "{shown}");
    assert!(
        sf.issued_tokens().len() > before,
        "sf got a new access token with the refresh token"
    );
}
