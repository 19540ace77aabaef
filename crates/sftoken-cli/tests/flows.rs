//! `sftoken token --grant …`, `whoami` and `revoke`, as scripts would use them, against the fake.

mod common;

use std::io::BufReader;
use std::process::{Command, Stdio};

use common::Run;
use fake_salesforce::fixtures::*;
use fake_salesforce::{free_port, FakeSalesforce};

fn cc(sf: &FakeSalesforce, target: &str, extra: &[&str]) -> common::Done {
    let mut args = vec![
        "token",
        "--grant",
        "client-credentials",
        "--target",
        target,
        "--client-id",
        ACME_APP.client_id,
    ];
    args.extend_from_slice(extra);
    Run::new(sf, &args)
        .env("SFTOKEN_CLIENT_SECRET", ACME_APP.client_secret)
        .run()
}

#[test]
fn client_credentials_needs_the_my_domain_and_then_works() {
    let sf = FakeSalesforce::start();
    let refused = cc(&sf, "production", &[]);
    assert_eq!(refused.code, 2);
    assert!(
        refused
            .stderr
            .contains("error: grant_type: Client credentials works only on your org's My Domain")
            && refused.stderr.contains("--target"),
        "the form's issue, with the flag that fixes it: {}",
        refused.stderr
    );
    assert!(sf.requests().is_empty(), "said before sending");
    let done = cc(&sf, "acme", &["--field", "user_id"]);
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert_eq!(done.stdout.trim(), ACME_INTEGRATION.user_id);
}

#[test]
fn jwt_bearer_signs_with_the_key_file() {
    let sf = FakeSalesforce::start();
    let dir = tempfile::tempdir().unwrap();
    let key = write_key_file(dir.path(), JWT_PRIVATE_KEY_PEM);
    let key = key.to_str().unwrap();
    let args = [
        "token",
        "--grant",
        "jwt",
        "--client-id",
        ACME_APP.client_id,
        "-u",
        ACME_ADMIN.username,
        "--key-file",
        key,
        "--field",
        "user_id",
    ];
    let done = Run::new(&sf, &args).run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert_eq!(done.stdout.trim(), ACME_ADMIN.user_id);
    assert!(
        done.stderr.contains("aud=https://login.salesforce.com"),
        "the claims are shown: {}",
        done.stderr
    );
    let other = write_key_file(dir.path(), JWT_OTHER_PRIVATE_KEY_PEM);
    let mut args = args.to_vec();
    args[8] = other.to_str().unwrap();
    let refused = Run::new(&sf, &args).run();
    assert_eq!(refused.code, 3);
    assert!(
        refused.stderr.contains("invalid assertion") && refused.stderr.contains("certificate"),
        "{}",
        refused.stderr
    );
}

#[test]
fn a_jwt_without_its_key_file_is_a_usage_error_naming_the_flag() {
    let sf = FakeSalesforce::start();
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("absent.key");
    let done = Run::new(
        &sf,
        &[
            "token",
            "--grant",
            "jwt",
            "--client-id",
            ACME_APP.client_id,
            "-u",
            ACME_ADMIN.username,
            "--key-file",
            missing.to_str().unwrap(),
        ],
    )
    .run();
    assert_eq!(done.code, 2, "{}", done.stderr);
    assert!(
        done.stderr.contains("error: key_file: No file at") && done.stderr.contains("--key-file"),
        "{}",
        done.stderr
    );
    assert!(sf.requests().is_empty());
}

/// `sftoken token --grant web` with no browser to come back, on `callback`.
fn web_sign_in_alone(sf: &FakeSalesforce, callback: &str) -> common::Done {
    Run::new(
        sf,
        &[
            "token",
            "--grant",
            "web",
            "--target",
            "acme",
            "--client-id",
            ACME_APP.client_id,
            "--callback",
            callback,
            "--no-browser",
            "--sign-in-timeout",
            "0.5",
        ],
    )
    .run()
}

#[test]
fn a_browser_sign_in_that_never_comes_back_exits_4_with_the_command_line_hint() {
    let sf = FakeSalesforce::start();
    let callback = format!("http://127.0.0.1:{}/callback", free_port());
    let done = web_sign_in_alone(&sf, &callback);
    assert_eq!(done.code, 4, "{}", done.stderr);
    assert!(
        done.stderr.contains("no sign-in came back within")
            && done.stderr.contains("Likely causes")
            && done.stderr.contains("--callback"),
        "{}",
        done.stderr
    );

    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port();
    let done = web_sign_in_alone(&sf, &format!("http://127.0.0.1:{port}/callback"));
    assert_eq!(done.code, 4, "{}", done.stderr);
    assert!(
        done.stderr.contains(&format!("port {port} is busy"))
            && done.stderr.contains("pass another --callback"),
        "{}",
        done.stderr
    );
    assert!(sf.requests().is_empty());
}

/// Runs `sftoken token --grant web …`, plays the browser with curl, returns (stdout, stderr).
fn web_sign_in(
    sf: &FakeSalesforce,
    target: &str,
    app: &ConnectedApp,
    extra: &[&str],
    config: Option<&std::path::Path>,
) -> (i32, String, String) {
    let callback = format!("http://127.0.0.1:{}/callback", free_port());
    let mut child = Command::new(env!("CARGO_BIN_EXE_sftoken"))
        .args([
            "token",
            "--grant",
            "web",
            "--target",
            target,
            "--client-id",
            app.client_id,
            "--callback",
            &callback,
            "--no-browser",
            "--json",
        ])
        .args(extra)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("SSL_CERT_FILE", sf.ca_file())
        .env("HTTPS_PROXY", sf.proxy_url())
        .envs(
            ["DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR"]
                .iter()
                .filter_map(|k| std::env::var_os(k).map(|v| (*k, v))),
        )
        .envs(config.map(|dir| ("SFTOKEN_CONFIG_DIR", dir)))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let (url, seen) = common::read_authorize_url(&mut stderr);
    common::play_browser(sf, &url);
    let output = child.wait_with_output().unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        seen + &rest,
    )
}

#[test]
fn the_browser_sign_in_prints_the_url_and_gets_a_refresh_token_that_refreshes() {
    let sf = FakeSalesforce::start();
    let (code, stdout, stderr) = web_sign_in(&sf, "acme", &ACME_APP, &[], None);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("If it does not open, open this URL"));
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let refresh = json["refresh_token"]
        .as_str()
        .expect("a refresh token")
        .to_string();

    let done = Run::new(
        &sf,
        &[
            "token",
            "--grant",
            "refresh",
            "--target",
            "acme",
            "--client-id",
            ACME_APP.client_id,
            "--field",
            "user_id",
        ],
    )
    .env("SFTOKEN_REFRESH_TOKEN", &refresh)
    .run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert_eq!(done.stdout.trim(), ACME_ADMIN.user_id);
    assert!(!done.stderr.contains(&refresh));
}

#[test]
fn whoami_reports_the_owner_and_expiry_and_revoke_ends_the_token() {
    let sf = FakeSalesforce::start();
    let token = cc(&sf, "acme", &["--field", "access_token"])
        .stdout
        .trim()
        .to_string();
    let who = Run::new(&sf, &["whoami", "--target", "acme"])
        .env("SFTOKEN_ACCESS_TOKEN", &token)
        .env("SFTOKEN_CLIENT_ID", ACME_APP.client_id)
        .env("SFTOKEN_CLIENT_SECRET", ACME_APP.client_secret)
        .run();
    assert_eq!(who.code, 0, "{}", who.stderr);
    assert!(
        who.stdout
            .contains(&format!("username      {}", ACME_INTEGRATION.username)),
        "{}",
        who.stdout
    );
    assert!(who
        .stdout
        .contains(&format!("org_id        {}", ACME.org_id)));
    assert!(
        who.stdout.contains("token         active, expires"),
        "{}",
        who.stdout
    );
    assert!(!who.stdout.contains(&token) && !who.stderr.contains(&token));
    let without_app = Run::new(&sf, &["whoami", "--target", "acme"])
        .env("SFTOKEN_ACCESS_TOKEN", &token)
        .run();
    assert_eq!(without_app.code, 0, "{}", without_app.stderr);
    assert!(
        without_app
            .stdout
            .contains("token         unknown without the app's client id and secret"),
        "{}",
        without_app.stdout
    );
    assert!(
        without_app.stderr.contains("SFTOKEN_CLIENT_ID")
            && without_app.stderr.contains("SFTOKEN_CLIENT_SECRET"),
        "says how to check: {}",
        without_app.stderr
    );

    let revoked = Run::new(&sf, &["revoke", "--target", "acme", "--token-stdin"])
        .stdin(&format!("{token}\n"))
        .run();
    assert_eq!(revoked.code, 0, "{}", revoked.stderr);
    assert!(!sf.token_is_active(&token));
    let after = Run::new(&sf, &["whoami", "--target", "acme"])
        .env("SFTOKEN_ACCESS_TOKEN", &token)
        .run();
    assert_eq!(after.code, 3);
    assert!(
        after.stderr.contains("Bad_OAuth_Token") && after.stderr.contains("revoked"),
        "{}",
        after.stderr
    );
}

#[test]
fn a_profile_that_keeps_refresh_tokens_stores_and_rotates_them() {
    let sf = FakeSalesforce::start();
    let dir = tempfile::tempdir().unwrap();
    let add = Run::new(
        &sf,
        &[
            "profile",
            "add",
            "Dev web",
            "--target",
            "acme--dev",
            "--grant",
            "web",
            "--client-id",
            ACME_DEV_APP.client_id,
            "--keep-refresh-token",
        ],
    )
    .env("SFTOKEN_CONFIG_DIR", &dir.path().display().to_string())
    .run();
    assert_eq!(add.code, 0, "{}", add.stderr);
    let (code, stdout, stderr) = web_sign_in(
        &sf,
        "acme--dev",
        &ACME_DEV_APP,
        &["--profile", "Dev web"],
        Some(dir.path()),
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("The refresh token was stored in"),
        "{stderr}"
    );
    let first = serde_json::from_str::<serde_json::Value>(&stdout).unwrap()["refresh_token"]
        .as_str()
        .unwrap()
        .to_string();

    let refreshed = Run::new(
        &sf,
        &[
            "token",
            "--profile",
            "Dev web",
            "--grant",
            "refresh",
            "--json",
        ],
    )
    .env("SFTOKEN_CONFIG_DIR", &dir.path().display().to_string())
    .run();
    assert_eq!(refreshed.code, 0, "{}", refreshed.stderr);
    let second = serde_json::from_str::<serde_json::Value>(&refreshed.stdout).unwrap()
        ["refresh_token"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(first, second, "rotated");
    assert!(
        refreshed.stderr.contains("The refresh token was stored in"),
        "the rotated one replaces it: {}",
        refreshed.stderr
    );
    let again = Run::new(
        &sf,
        &[
            "token",
            "--profile",
            "Dev web",
            "--grant",
            "refresh",
            "--field",
            "org_id",
        ],
    )
    .env("SFTOKEN_CONFIG_DIR", &dir.path().display().to_string())
    .run();
    assert_eq!(
        again.code, 0,
        "the stored (rotated) token works: {}",
        again.stderr
    );
    Run::new(&sf, &["profile", "rm", "Dev web"])
        .env("SFTOKEN_CONFIG_DIR", &dir.path().display().to_string())
        .run();
}
