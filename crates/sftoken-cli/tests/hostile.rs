//! The command against what an attacker (or a broken middlebox, or a damaged file) sends back:
//! secrets echoed in every encoding, escape sequences, huge texts, closed pipes, oversized input, a
//! browser that would inherit the environment, a typo that would cost an issued token.

mod common;

use std::io::BufReader;
use std::process::{Command, Stdio};

use common::Run;
use fake_salesforce::fixtures::*;
use fake_salesforce::scan::encoded_forms;
use fake_salesforce::{free_port, EchoAs, FakeSalesforce, Fault};

fn all_forms(secret: &str) -> Vec<String> {
    std::iter::once(secret.to_string())
        .chain(encoded_forms(secret).into_iter().map(|(_, v)| v))
        .collect()
}

#[test]
fn an_answer_that_echoes_the_request_in_any_encoding_prints_no_secret() {
    let sf = FakeSalesforce::start();
    let joined = ACME_ADMIN.password_with_token();
    for how in EchoAs::ALL {
        sf.set_fault(Some(Fault::Echo(how)));
        let done = Run::acme_admin(&sf, &[]).run();
        assert_ne!(done.code, 0, "{how:?}");
        let printed = format!("{}{}", done.stdout, done.stderr);
        let normalised =
            |s: &str| -> String { s.chars().filter(|c| c.is_alphanumeric()).collect() };
        for secret in [
            ACME_ADMIN.password,
            ACME_ADMIN.security_token,
            ACME_APP.client_secret,
        ] {
            assert!(
                !normalised(&printed).contains(&normalised(secret)),
                "{how:?}: a secret, bent, printed in:\n{printed}"
            );
        }
        for secret in [
            ACME_ADMIN.password,
            ACME_ADMIN.security_token,
            &joined,
            ACME_APP.client_secret,
        ] {
            for form in all_forms(secret) {
                assert!(
                    !printed
                        .to_ascii_lowercase()
                        .contains(&form.to_ascii_lowercase()),
                    "{how:?}: {form:?} printed in:\n{printed}"
                );
            }
        }
    }
}

#[test]
fn escape_sequences_from_a_server_are_shown_not_obeyed_and_huge_texts_are_cut() {
    let sf = FakeSalesforce::start();
    sf.set_fault(Some(Fault::JsonError {
        status: 400,
        error: "invalid_grant\u{1b}[2J".into(),
        description:
            "\u{1b}]52;c;ZWNobyBwd25lZA==\u{7}\u{1b}]0;pwned\u{7}\u{9b}31m authentication failure"
                .into(),
    }));
    let done = Run::acme_admin(&sf, &[]).run();
    assert_eq!(done.code, 3, "{}", done.stderr);
    assert!(
        !done.stderr.contains('\u{1b}')
            && !done.stderr.contains('\u{7}')
            && !done.stderr.contains('\u{9b}'),
        "a control character reached the terminal: {:?}",
        done.stderr
    );
    assert!(
        done.stderr.contains("\\u{1b}]52;c;"),
        "shown as text: {}",
        done.stderr
    );

    sf.set_fault(Some(Fault::JsonError {
        status: 400,
        error: "invalid_grant".into(),
        description: "x".repeat(900_000),
    }));
    let done = Run::acme_admin(&sf, &[]).run();
    assert_eq!(done.code, 3);
    assert!(
        done.stderr.len() < 12_000,
        "{} bytes printed",
        done.stderr.len()
    );
    assert!(done.stderr.contains("more characters"), "says it was cut");
}

#[test]
fn a_closed_stdout_ends_with_exit_1_not_a_panic() {
    let sf = FakeSalesforce::start();
    let dir = tempfile::tempdir().unwrap();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let status = Command::new(env!("CARGO_BIN_EXE_sftoken"))
        .args(["profile", "list"])
        .env_clear()
        .env("SFTOKEN_CONFIG_DIR", dir.path())
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let _ = &sf;
    assert_eq!(
        status.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    assert!(!String::from_utf8_lossy(&status.stderr).contains("panicked"));
}

#[test]
fn a_field_typo_is_refused_before_anything_is_sent() {
    let sf = FakeSalesforce::start();
    let done = Run::acme_admin(&sf, &["--field", "acess_token"]).run();
    assert_eq!(done.code, 2, "{}", done.stderr);
    assert!(
        done.stderr
            .contains("--field: \"acess_token\" is not a field"),
        "{}",
        done.stderr
    );
    assert!(sf.requests().is_empty(), "no token was issued for nothing");
}

#[test]
fn oversized_input_is_refused_with_a_clear_message() {
    let sf = FakeSalesforce::start();
    let done = Run::acme_admin(&sf, &["--password-stdin"])
        .without_env("SFTOKEN_PASSWORD")
        .stdin(&"p".repeat(2 * 1024 * 1024))
        .run();
    assert_eq!(done.code, 2, "{}", done.stderr);
    assert!(done.stderr.contains("more than 16 KiB"), "{}", done.stderr);
    assert!(sf.requests().is_empty());

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
            "/dev/zero",
        ],
    )
    .run();
    assert_eq!(done.code, 2, "{}", done.stderr);
    assert!(
        done.stderr.contains("/dev/zero is not a regular file"),
        "{}",
        done.stderr
    );
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.pem");
    std::fs::write(&big, vec![b'A'; 1024 * 1024]).unwrap();
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
            big.to_str().unwrap(),
        ],
    )
    .run();
    assert_eq!(done.code, 2, "{}", done.stderr);
    assert!(
        done.stderr.contains("larger than 64 KiB"),
        "{}",
        done.stderr
    );
}

#[test]
fn names_are_bounded_on_input_and_a_huge_name_in_the_file_does_not_break_the_list() {
    let sf = FakeSalesforce::start();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().display().to_string();
    let long = "n".repeat(500);
    let done = Run::new(&sf, &["profile", "add", &long, "--client-id", "3MVG9x"])
        .env("SFTOKEN_CONFIG_DIR", &config)
        .run();
    assert_eq!(done.code, 2, "{}", done.stderr);
    assert!(
        done.stderr.contains("at most 100 characters"),
        "{}",
        done.stderr
    );

    let huge = "h".repeat(70_000);
    let file = serde_json::json!({"version": 1, "profiles": [
        {"id": "p-1", "name": huge, "target": {"kind": "production"}, "username": "a\u{1b}[2Jb"}
    ]});
    std::fs::write(dir.path().join("profiles.json"), file.to_string()).unwrap();
    let done = Run::new(&sf, &["profile", "list"])
        .env("SFTOKEN_CONFIG_DIR", &config)
        .run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert!(
        done.stdout.lines().all(|l| l.chars().count() < 200),
        "{}",
        done.stdout
    );
    assert!(!done.stdout.contains('\u{1b}'), "{:?}", done.stdout);
}

#[test]
fn the_browser_does_not_inherit_the_secret_variables() {
    let sf = FakeSalesforce::start();
    let bin = tempfile::tempdir().unwrap();
    let seen = bin.path().join("browser-env.txt");
    // The system browser launcher, as a script that writes down the environment it was given.
    let script = format!("#!/bin/sh\nenv > '{}'\n", seen.display());
    for launcher in ["xdg-open", "gio", "gnome-open", "kde-open", "wslview"] {
        let path = bin.path().join(launcher);
        std::fs::write(&path, &script).unwrap();
        let mut perms = std::fs::metadata(&path).unwrap().permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
        std::fs::set_permissions(&path, perms).unwrap();
    }
    let callback = format!("http://127.0.0.1:{}/callback", free_port());
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let args = [
        "token",
        "--grant",
        "web",
        "--target",
        "acme",
        "--client-id",
        ACME_APP.client_id,
        "--callback",
        &callback,
    ];
    let mut child = Run::new(&sf, &args)
        .env("PATH", &path)
        .env("SFTOKEN_CLIENT_SECRET", ACME_APP.client_secret)
        .env("SFTOKEN_PASSWORD", ACME_ADMIN.password)
        .env("SFTOKEN_SECURITY_TOKEN", ACME_ADMIN.security_token)
        .env("SFTOKEN_REFRESH_TOKEN", "a-refresh-token-value")
        .env("SFTOKEN_ACCESS_TOKEN", "an-access-token-value")
        .env("KEEP_ME", "visible")
        .command()
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let (url, _) = common::read_authorize_url(&mut stderr);
    common::play_browser(&sf, &url);
    let status = child.wait().unwrap();
    assert!(status.success());
    let env = std::fs::read_to_string(&seen).expect("the launcher ran");
    assert!(
        env.contains("KEEP_ME=visible"),
        "the rest of the environment is passed: {env}"
    );
    for (name, value) in [
        ("SFTOKEN_CLIENT_SECRET", ACME_APP.client_secret),
        ("SFTOKEN_PASSWORD", ACME_ADMIN.password),
        ("SFTOKEN_SECURITY_TOKEN", ACME_ADMIN.security_token),
        ("SFTOKEN_REFRESH_TOKEN", "a-refresh-token-value"),
        ("SFTOKEN_ACCESS_TOKEN", "an-access-token-value"),
    ] {
        assert!(
            !env.contains(name) && !env.contains(value),
            "{name} reached the browser"
        );
    }
}

#[test]
fn a_malformed_target_is_refused_before_the_network_with_exit_2() {
    let sf = FakeSalesforce::start();
    let huge = format!("{}.my.salesforce.com", "a".repeat(100_000));
    let label = format!("{}.my.salesforce.com", "b".repeat(64));
    for target in [
        "acme-",
        huge.as_str(),
        label.as_str(),
        "ftp://acme.my.salesforce.com",
        "ac\tme",
    ] {
        let done = Run::acme_admin(&sf, &["--target", target]).run();
        assert_eq!(done.code, 2, "{target:.40}: {}", done.stderr);
        assert!(
            done.stderr.len() < 2_000,
            "a bounded message for {target:.40}"
        );
    }
    assert!(
        sf.requests().is_empty() && sf.proxy_connects().is_empty(),
        "nothing reached the network"
    );
}

/// Makes a folder unwritable, even for root (CI runs as root): `chattr +i` there, `chmod 555`
/// otherwise; undone on drop. `None` when the file system allows neither.
struct ReadOnly(std::path::PathBuf, bool);

impl ReadOnly {
    fn make(dir: &std::path::Path) -> Option<ReadOnly> {
        let root = Command::new("id").arg("-u").output().ok()?.stdout == b"0\n";
        let done = if root {
            Command::new("chattr")
                .arg("+i")
                .arg(dir)
                .status()
                .ok()?
                .success()
        } else {
            Command::new("chmod")
                .arg("555")
                .arg(dir)
                .status()
                .ok()?
                .success()
        };
        let guard = ReadOnly(dir.to_path_buf(), root);
        (done && std::fs::write(dir.join("probe"), "x").is_err()).then_some(guard)
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        let _ = if self.1 {
            Command::new("chattr").arg("-i").arg(&self.0).status()
        } else {
            Command::new("chmod").arg("755").arg(&self.0).status()
        };
    }
}

#[test]
fn profiles_in_a_folder_sftoken_may_not_write_can_still_be_read() {
    let sf = FakeSalesforce::start();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().display().to_string();
    let added = Run::new(
        &sf,
        &[
            "profile",
            "add",
            "Readable",
            "--client-id",
            "3MVG9x",
            "--no-secrets",
        ],
    )
    .env("SFTOKEN_CONFIG_DIR", &config)
    .run();
    assert_eq!(added.code, 0, "{}", added.stderr);
    let mut add_acme = vec!["profile", "add", "Acme"];
    add_acme.extend(common::admin_args("", &[]).into_iter().skip(1));
    let acme = Run::new(&sf, &add_acme).env("SFTOKEN_CONFIG_DIR", &config);
    let acme = common::with_admin_secrets(acme).run();
    assert_eq!(acme.code, 0, "{}", acme.stderr);
    // Without the lock file too: a folder someone else prepared.
    std::fs::remove_file(dir.path().join("profiles.lock")).unwrap();
    let Some(_read_only) = ReadOnly::make(dir.path()) else {
        panic!("the folder could not be made read-only (neither chattr nor chmod works here)");
    };
    let list = Run::new(&sf, &["profile", "list"])
        .env("SFTOKEN_CONFIG_DIR", &config)
        .run();
    assert_eq!(list.code, 0, "{}", list.stderr);
    assert!(list.stdout.contains("Readable"), "{}", list.stdout);
    let show = Run::new(&sf, &["profile", "show", "Readable"])
        .env("SFTOKEN_CONFIG_DIR", &config)
        .run();
    assert_eq!(show.code, 0, "{}", show.stderr);
    // A token too: no per-profile lock file can be made here, and the new token cannot be kept
    // (its expiry goes in the profile file), which is said, not fatal.
    let token = Run::new(
        &sf,
        &["token", "--profile", "Acme", "--field", "access_token"],
    )
    .env("SFTOKEN_CONFIG_DIR", &config)
    .run();
    assert_eq!(token.code, 0, "{}", token.stderr);
    assert_eq!(
        common::issued_tokens(&sf),
        [token.stdout.trim()],
        "{}",
        token.stderr
    );
    assert!(
        token.stderr.contains("the new token was not kept"),
        "{}",
        token.stderr
    );
    assert!(!dir.path().join("locks").exists());
    // Nothing was kept behind the note that could not be written: the next call logs in again.
    let again = Run::new(
        &sf,
        &["token", "--profile", "Acme", "--field", "access_token"],
    )
    .env("SFTOKEN_CONFIG_DIR", &config)
    .run();
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(common::issued_tokens(&sf).len(), 2, "{}", again.stderr);
    assert!(again.stderr.contains("Token: new"), "{}", again.stderr);
    let refused = Run::new(&sf, &["profile", "rm", "Readable"])
        .env("SFTOKEN_CONFIG_DIR", &config)
        .run();
    assert_ne!(
        refused.code, 0,
        "a change needs write access, and says so: {}",
        refused.stderr
    );
}

#[test]
fn a_lock_folder_sftoken_cannot_write_in_a_folder_it_can_is_an_error_not_ignored() {
    let sf = FakeSalesforce::start();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().display().to_string();
    let mut add_acme = vec!["profile", "add", "Acme"];
    add_acme.extend(common::admin_args("", &[]).into_iter().skip(1));
    let added =
        common::with_admin_secrets(Run::new(&sf, &add_acme).env("SFTOKEN_CONFIG_DIR", &config))
            .run();
    assert_eq!(added.code, 0, "{}", added.stderr);
    // A locks/ folder another user left (here: made read-only), in a folder sftoken may write.
    std::fs::create_dir(dir.path().join("locks")).unwrap();
    let Some(_read_only) = ReadOnly::make(&dir.path().join("locks")) else {
        panic!("the folder could not be made read-only (neither chattr nor chmod works here)");
    };
    let token = Run::new(&sf, &["token", "--profile", "Acme"])
        .env("SFTOKEN_CONFIG_DIR", &config)
        .run();
    assert_ne!(
        token.code, 0,
        "concurrent callers would all log in: {}",
        token.stderr
    );
    assert!(token.stderr.contains("locks"), "{}", token.stderr);
    assert!(common::issued_tokens(&sf).is_empty());
}
