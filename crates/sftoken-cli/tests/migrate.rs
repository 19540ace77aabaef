//! `sftoken migrate`, as an admin runs it: a password profile gets a key generated into the real
//! keychain and a certificate written out, the certificate is registered with the fake Salesforce
//! (an admin's upload in Setup), `--test` logs in with the key and switches the profile, and
//! `sftoken token --profile` then logs in without a password. The private key is in the keychain
//! and nowhere on disk.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use common::{Done, Run};
use fake_salesforce::fixtures::*;
use fake_salesforce::FakeSalesforce;

/// The profiles' folder: kept for the secret scan after the suite when the test command runs us.
fn config_dir() -> (tempfile::TempDir, std::path::PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let dir = match std::env::var_os("SFTOKEN_TEST_ARTIFACTS") {
        Some(root) => tempfile::Builder::new()
            .prefix("cli-migrate-")
            .tempdir_in({
                std::fs::create_dir_all(&root).unwrap();
                root
            })
            .unwrap()
            .keep(),
        None => temp.path().to_path_buf(),
    };
    (temp, dir)
}

fn run(sf: &FakeSalesforce, dir: &Path, args: &[&str]) -> Done {
    Run::new(sf, args)
        .env("SFTOKEN_CONFIG_DIR", &dir.display().to_string())
        .run()
}

fn add_password_profile(sf: &FakeSalesforce, dir: &Path, name: &str, user: &User) {
    let args = [
        "profile",
        "add",
        name,
        "--client-id",
        ACME_APP.client_id,
        "--username",
        user.username,
    ];
    let done = Run::new(sf, &args)
        .env("SFTOKEN_CONFIG_DIR", &dir.display().to_string())
        .env("SFTOKEN_CLIENT_SECRET", ACME_APP.client_secret)
        .env("SFTOKEN_PASSWORD", user.password)
        .env("SFTOKEN_SECURITY_TOKEN", user.security_token)
        .run();
    assert_eq!(done.code, 0, "{}", done.stderr);
}

fn profile_id(dir: &Path, name: &str) -> String {
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("profiles.json")).unwrap()).unwrap();
    json["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .expect("profile in the file")["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The raw bytes of a keychain item, read with secret-tool (not through sftoken).
fn keychain_item(account: &str) -> Option<Vec<u8>> {
    let out = Command::new("secret-tool")
        .args(["lookup", "service", "sftoken", "username", account])
        .output()
        .unwrap();
    (out.status.success() && !out.stdout.is_empty()).then_some(out.stdout)
}

/// What the deadline says today: "… — N days left" (or "1 day left"), counted from the system clock
/// (2027-02-20 is day 20,869 since the epoch); after it, that logins fail.
fn deadline_today() -> String {
    let today = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        / 86_400;
    match 20_869 - today as i64 {
        d if d > 1 => format!("retired by Salesforce on 2027-02-20 — {d} days left"),
        1 => "retired by Salesforce on 2027-02-20 — 1 day left".into(),
        0 => "retired by Salesforce today (2027-02-20)".into(),
        _ => "retired by Salesforce on 2027-02-20: logins with it fail from that day".into(),
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Every file under `dir`, read whole.
fn files_under(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            stack.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
        } else if let Ok(bytes) = std::fs::read(&p) {
            out.push((p, bytes));
        }
    }
    out
}

#[test]
fn a_password_profile_moves_to_a_generated_jwt_key_after_its_certificate_is_uploaded() {
    use base64::Engine as _;
    let sf = FakeSalesforce::start();
    let (_temp, dir) = config_dir();
    let out = tempfile::tempdir().unwrap();
    add_password_profile(&sf, &dir, "Acme prod", &ACME_ADMIN);
    let id = profile_id(&dir, "Acme prod");

    // The list marks the password profile with the days left.
    let list = run(&sf, &dir, &["profile", "list"]);
    let expected = format!("password ! {}", deadline_today());
    assert!(list.stdout.contains(&expected), "{}", list.stdout);

    // A key into the keychain, the certificate out, the checklist printed.
    let cert_path = out.path().join("acme-prod.crt");
    let cert_arg = cert_path.to_str().unwrap();
    let gen = run(
        &sf,
        &dir,
        &[
            "migrate",
            "Acme prod",
            "--to",
            "jwt",
            "--cert-out",
            cert_arg,
            "--app",
            "connected-app",
        ],
    );
    assert_eq!(gen.code, 0, "{}", gen.stderr);
    assert!(
        gen.stdout
            .contains("Use digital signatures and upload acme-prod.crt"),
        "{}",
        gen.stdout
    );
    assert!(
        gen.stdout
            .contains("Admin approved users are pre-authorized"),
        "{}",
        gen.stdout
    );
    assert!(
        gen.stderr.contains("CN=sftoken — Acme prod, O=sftoken"),
        "{}",
        gen.stderr
    );
    assert!(gen.stderr.contains("(730 days left)"), "{}", gen.stderr);
    let certificate = std::fs::read_to_string(&cert_path).unwrap();
    assert!(certificate.starts_with("-----BEGIN CERTIFICATE-----"));
    let key = keychain_item(&format!("{id}/jwt-key-pending"))
        .expect("the new private key waits in the keychain");
    assert!(
        key.len() <= 2560,
        "{} bytes: too big for Windows",
        key.len()
    );

    // Before the upload: refused with the certificate hint, nothing changed.
    let refused = run(
        &sf,
        &dir,
        &["migrate", "Acme prod", "--to", "jwt", "--test"],
    );
    assert_eq!(refused.code, 3, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("invalid assertion"),
        "{}",
        refused.stderr
    );
    let first_cause = refused.stderr.split("1. ").nth(1).unwrap_or_default();
    assert!(
        first_cause.starts_with("The certificate on the app"),
        "{}",
        refused.stderr
    );
    assert!(
        refused
            .stderr
            .contains("\"Acme prod\" still uses the username-password grant."),
        "{}",
        refused.stderr
    );
    let show = run(&sf, &dir, &["profile", "show", "Acme prod"]);
    assert!(
        show.stdout.contains("grant      username-password"),
        "{}",
        show.stdout
    );

    // The admin uploads the certificate; the test passes and the profile moves.
    sf.upload_jwt_certificate(ACME_APP.client_id, &certificate);
    let moved = run(
        &sf,
        &dir,
        &["migrate", "Acme prod", "--to", "jwt", "--test"],
    );
    assert_eq!(moved.code, 0, "{}", moved.stderr);
    assert!(
        moved.stderr.contains("now uses JWT bearer"),
        "{}",
        moved.stderr
    );
    assert!(
        moved.stderr.contains("--forget-password"),
        "{}",
        moved.stderr
    );

    // The profile now logs in with the key, no password involved.
    sf.clear_requests();
    let token = run(
        &sf,
        &dir,
        &["token", "--profile", "Acme prod", "--field", "user_id"],
    );
    assert_eq!(token.code, 0, "{}", token.stderr);
    assert_eq!(token.stdout.trim(), ACME_ADMIN.user_id);
    let sent: Vec<String> = sf.requests()[0]
        .form
        .iter()
        .map(|(k, _)| k.clone())
        .collect();
    assert_eq!(sent, ["grant_type", "assertion"]);

    // show: which key, the certificate's subject and expiry, never the key.
    let show = run(&sf, &dir, &["profile", "show", "Acme prod"]);
    assert!(
        show.stdout.contains("grant      JWT bearer"),
        "{}",
        show.stdout
    );
    assert!(
        show.stdout.contains("key        in the system keychain"),
        "{}",
        show.stdout
    );
    assert!(
        show.stdout
            .contains("cert       CN=sftoken — Acme prod, O=sftoken, expires"),
        "{}",
        show.stdout
    );

    // Forget the password: only the client secret stays.
    let forgot = run(&sf, &dir, &["migrate", "Acme prod", "--forget-password"]);
    assert_eq!(forgot.code, 0, "{}", forgot.stderr);
    assert!(
        forgot.stderr.contains("Removed the password"),
        "{}",
        forgot.stderr
    );
    let show = run(&sf, &dir, &["profile", "show", "Acme prod"]);
    assert!(
        show.stdout.contains("secrets    client_secret in"),
        "{}",
        show.stdout
    );

    // The key is nowhere on disk, in any encoding, nor in anything printed.
    let b64 = base64::engine::general_purpose::STANDARD.encode(&key);
    let printed = [gen, refused, moved, token, show, forgot]
        .iter()
        .map(|d| format!("{}{}", d.stdout, d.stderr))
        .collect::<String>();
    assert!(!printed.contains("PRIVATE KEY") && !printed.contains(&b64[..64]));
    for (path, bytes) in files_under(&dir).into_iter().chain(files_under(out.path())) {
        assert!(!contains(&bytes, &key), "{} holds the key", path.display());
        assert!(
            !contains(&bytes, &b64.as_bytes()[..64]),
            "{} holds the key (base64)",
            path.display()
        );
        assert!(!contains(&bytes, b"PRIVATE KEY"), "{}", path.display());
    }
    run(&sf, &dir, &["profile", "rm", "Acme prod"]);
    assert!(
        keychain_item(&format!("{id}/jwt-key")).is_none(),
        "removed with the profile"
    );
}

#[test]
fn a_user_who_is_not_pre_authorized_is_told_and_client_credentials_needs_the_my_domain() {
    let sf = FakeSalesforce::start();
    let (_temp, dir) = config_dir();
    let out = tempfile::tempdir().unwrap();
    add_password_profile(&sf, &dir, "Una", &ACME_UNASSIGNED);
    let cert_path = out.path().join("una.crt");
    let gen = run(
        &sf,
        &dir,
        &[
            "migrate",
            "Una",
            "--to",
            "jwt",
            "--cert-out",
            cert_path.to_str().unwrap(),
            "--days",
            "20",
        ],
    );
    assert_eq!(gen.code, 0, "{}", gen.stderr);
    assert!(gen.stderr.contains("(20 days left)"), "{}", gen.stderr);
    let again = run(
        &sf,
        &dir,
        &[
            "migrate",
            "Una",
            "--to",
            "jwt",
            "--cert-out",
            cert_path.to_str().unwrap(),
        ],
    );
    assert_eq!(again.code, 2, "never overwrites: {}", again.stderr);
    sf.upload_jwt_certificate(
        ACME_APP.client_id,
        &std::fs::read_to_string(&cert_path).unwrap(),
    );
    let refused = run(&sf, &dir, &["migrate", "Una", "--to", "jwt", "--test"]);
    assert_eq!(refused.code, 3, "{}", refused.stderr);
    assert!(
        refused
            .stderr
            .contains("user hasn't approved this consumer"),
        "{}",
        refused.stderr
    );
    let first_cause = refused.stderr.split("1. ").nth(1).unwrap_or_default();
    assert!(
        first_cause.starts_with("The user is not pre-authorized"),
        "{}",
        refused.stderr
    );
    let show = run(&sf, &dir, &["profile", "show", "Una"]);
    assert!(
        show.stdout.contains("new key    in the system keychain")
            && show
                .stdout
                .contains("waiting for a test: CN=sftoken — Una, O=sftoken, expires"),
        "{}",
        show.stdout
    );
    assert!(
        show.stdout.contains("warning    The certificate expires"),
        "30 days before: {}",
        show.stdout
    );
    let forgot = run(&sf, &dir, &["migrate", "Una", "--forget-password"]);
    assert_eq!(
        forgot.code, 2,
        "still on the password grant: {}",
        forgot.stderr
    );

    add_password_profile(&sf, &dir, "Integration", &ACME_INTEGRATION);
    let checklist = run(
        &sf,
        &dir,
        &["migrate", "Integration", "--to", "client-credentials"],
    );
    assert_eq!(checklist.code, 0, "{}", checklist.stderr);
    assert!(
        checklist.stdout.contains("Enable Client Credentials Flow"),
        "{}",
        checklist.stdout
    );
    // The next step names the My Domain host that grant needs.
    assert!(
        checklist.stdout.contains(
            "Then: sftoken migrate \"Integration\" --to client-credentials --target https://NAME.my.salesforce.com --test"
        ),
        "{}",
        checklist.stdout
    );
    let wrong_host = run(
        &sf,
        &dir,
        &[
            "migrate",
            "Integration",
            "--to",
            "client-credentials",
            "--test",
        ],
    );
    assert_eq!(wrong_host.code, 2, "{}", wrong_host.stderr);
    assert!(
        wrong_host.stderr.contains("My Domain"),
        "{}",
        wrong_host.stderr
    );
    let moved = run(
        &sf,
        &dir,
        &[
            "migrate",
            "Integration",
            "--to",
            "client-credentials",
            "--target",
            "acme",
            "--test",
        ],
    );
    assert_eq!(moved.code, 0, "{}", moved.stderr);
    let token = run(
        &sf,
        &dir,
        &["token", "--profile", "Integration", "--field", "user_id"],
    );
    assert_eq!(
        token.stdout.trim(),
        ACME_INTEGRATION.user_id,
        "{}",
        token.stderr
    );
    for name in ["Una", "Integration"] {
        run(&sf, &dir, &["profile", "rm", name]);
    }
}

#[test]
fn a_sandbox_profile_with_the_production_audience_is_told_why_the_jwt_login_fails() {
    let sf = FakeSalesforce::start();
    let (_temp, dir) = config_dir();
    let out = tempfile::tempdir().unwrap();
    let args = [
        "profile",
        "add",
        "Acme dev",
        "--target",
        "sandbox",
        "--client-id",
        ACME_DEV_APP.client_id,
        "--username",
        ACME_DEV_ADMIN.username,
        "--audience",
        "https://login.salesforce.com",
    ];
    let added = Run::new(&sf, &args)
        .env("SFTOKEN_CONFIG_DIR", &dir.display().to_string())
        .env("SFTOKEN_CLIENT_SECRET", ACME_DEV_APP.client_secret)
        .env("SFTOKEN_PASSWORD", ACME_DEV_ADMIN.password)
        .env("SFTOKEN_SECURITY_TOKEN", ACME_DEV_ADMIN.security_token)
        .run();
    assert_eq!(added.code, 0, "{}", added.stderr);
    let cert_path = out.path().join("dev.crt");
    let gen = run(
        &sf,
        &dir,
        &[
            "migrate",
            "Acme dev",
            "--to",
            "jwt",
            "--cert-out",
            cert_path.to_str().unwrap(),
        ],
    );
    assert_eq!(gen.code, 0, "{}", gen.stderr);
    sf.upload_jwt_certificate(
        ACME_DEV_APP.client_id,
        &std::fs::read_to_string(&cert_path).unwrap(),
    );
    let refused = run(&sf, &dir, &["migrate", "Acme dev", "--to", "jwt", "--test"]);
    assert_eq!(refused.code, 3, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("audience is invalid"),
        "{}",
        refused.stderr
    );
    let first_cause = refused.stderr.split("1. ").nth(1).unwrap_or_default();
    assert!(
        first_cause.starts_with("The JWT's aud was https://login.salesforce.com")
            && first_cause.contains("a sandbox user needs https://test.salesforce.com"),
        "{}",
        refused.stderr
    );
    run(&sf, &dir, &["profile", "rm", "Acme dev"]);
}

#[test]
fn the_move_to_the_browser_sign_in_keeps_its_refresh_token_for_the_next_token() {
    use std::io::BufReader;
    let sf = FakeSalesforce::start();
    let (_temp, dir) = config_dir();
    let callback = format!("http://127.0.0.1:{}/callback", fake_salesforce::free_port());
    let args = [
        "profile",
        "add",
        "Acme admin",
        "--client-id",
        ACME_APP.client_id,
        "--username",
        ACME_ADMIN.username,
        "--callback",
        &callback,
    ];
    let added = Run::new(&sf, &args)
        .env("SFTOKEN_CONFIG_DIR", &dir.display().to_string())
        .env("SFTOKEN_CLIENT_SECRET", ACME_APP.client_secret)
        .env("SFTOKEN_PASSWORD", ACME_ADMIN.password)
        .env("SFTOKEN_SECURITY_TOKEN", ACME_ADMIN.security_token)
        .run();
    assert_eq!(added.code, 0, "{}", added.stderr);
    let mut child = Run::new(
        &sf,
        &[
            "migrate",
            "Acme admin",
            "--to",
            "web",
            "--target",
            "acme",
            "--test",
            "--no-browser",
        ],
    )
    .env("SFTOKEN_CONFIG_DIR", &dir.display().to_string())
    .command()
    .spawn()
    .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let (url, seen) = common::read_authorize_url(&mut stderr);
    common::play_browser(&sf, &url);
    let status = child.wait().unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    let said = seen + &rest;
    assert_eq!(status.code(), Some(0), "{said}");
    assert!(said.contains("now uses web server + PKCE"), "{said}");
    assert!(said.contains("refresh token is kept"), "{said}");
    // The next token comes from the kept refresh token: no browser.
    let token = run(
        &sf,
        &dir,
        &[
            "token",
            "--profile",
            "Acme admin",
            "--grant",
            "refresh",
            "--field",
            "user_id",
        ],
    );
    assert_eq!(token.code, 0, "{}", token.stderr);
    assert_eq!(token.stdout.trim(), ACME_ADMIN.user_id);
    let show = run(&sf, &dir, &["profile", "show", "Acme admin"]);
    assert!(show.stdout.contains("MY DOMAIN"), "{}", show.stdout);
    run(&sf, &dir, &["profile", "rm", "Acme admin"]);
}
