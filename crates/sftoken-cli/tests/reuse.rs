//! A profile's token is kept in the keychain and handed out again while it is good: `sftoken token
//! --profile` logs in only when it must. Against the fake Salesforce, whose session timeout and
//! clock the tests set, counting the logins it sees (token requests).

mod common;

use std::path::Path;
use std::time::Duration;

use common::{Done, Run};
use fake_salesforce::fixtures::*;
use fake_salesforce::FakeSalesforce;

const TOKEN_PATH: &str = "/services/oauth2/token";

fn run<'a>(sf: &'a FakeSalesforce, dir: &Path, args: &[&str]) -> Run<'a> {
    Run::new(sf, args).env("SFTOKEN_CONFIG_DIR", &dir.display().to_string())
}

/// Logins the fake saw (token requests of any grant).
fn logins(sf: &FakeSalesforce) -> usize {
    sf.requests()
        .iter()
        .filter(|r| r.path == TOKEN_PATH)
        .count()
}

/// A client-credentials profile of acme (its secret in the keychain: introspection gives `exp`).
fn add_cc_profile(sf: &FakeSalesforce, dir: &Path, name: &str, extra: &[&str]) {
    let mut args = vec![
        "profile",
        "add",
        name,
        "--grant",
        "client-credentials",
        "--target",
        "acme",
        "--client-id",
        ACME_APP.client_id,
    ];
    args.extend_from_slice(extra);
    let done = run(sf, dir, &args)
        .env("SFTOKEN_CLIENT_SECRET", ACME_APP.client_secret)
        .run();
    assert_eq!(done.code, 0, "{}", done.stderr);
}

fn token(sf: &FakeSalesforce, dir: &Path, name: &str, extra: &[&str]) -> Done {
    let mut args = vec!["token", "--profile", name, "--field", "access_token"];
    args.extend_from_slice(extra);
    let done = run(sf, dir, &args).run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    done
}

#[test]
fn a_kept_token_is_reused_while_it_lasts_and_renewed_when_it_does_not() {
    let sf = FakeSalesforce::start();
    let dir = tempfile::tempdir().unwrap();
    add_cc_profile(&sf, dir.path(), "Acme cc", &[]);

    let first = token(&sf, dir.path(), "Acme cc", &[]);
    assert_eq!(logins(&sf), 1);
    assert!(
        first.stderr.contains("Token: new, valid until")
            && first.stderr.contains("from Salesforce's introspection"),
        "{}",
        first.stderr
    );
    let second = token(&sf, dir.path(), "Acme cc", &[]);
    assert_eq!(logins(&sf), 1, "the kept token was handed out again");
    assert_eq!(
        second.stdout, first.stdout,
        "the same token, and only it, on stdout"
    );
    assert!(
        second.stderr.contains("Token: reused, valid until"),
        "{}",
        second.stderr
    );

    // --fresh logs in whatever is kept, and keeps the new token.
    let fresh = token(&sf, dir.path(), "Acme cc", &["--fresh"]);
    assert_eq!(logins(&sf), 2);
    assert_ne!(fresh.stdout, first.stdout);
    assert_eq!(token(&sf, dir.path(), "Acme cc", &[]).stdout, fresh.stdout);

    // Good for 2 hours: asked for at least 3, it logs in.
    let longer = token(&sf, dir.path(), "Acme cc", &["--min-valid", "3h"]);
    assert_eq!(logins(&sf), 3);
    assert!(
        longer.stderr.contains("ends in less than 3 h"),
        "{}",
        longer.stderr
    );

    // The session ends (the fake's clock moves past the timeout): dropped, and a new login.
    sf.advance_clock(Duration::from_secs(2 * 60 * 60 + 60));
    let renewed = token(&sf, dir.path(), "Acme cc", &[]);
    assert_eq!(logins(&sf), 4);
    assert_ne!(renewed.stdout, longer.stdout);
    assert!(
        renewed
            .stderr
            .contains("the kept token was dropped: Salesforce says it is no longer active"),
        "{}",
        renewed.stderr
    );
}

#[test]
fn a_revoked_token_is_dropped_and_replaced_once() {
    let sf = FakeSalesforce::start();
    let dir = tempfile::tempdir().unwrap();
    add_cc_profile(&sf, dir.path(), "Acme cc", &[]);
    let first = token(&sf, dir.path(), "Acme cc", &[]);
    sf.revoke_all_access_tokens();
    let second = token(&sf, dir.path(), "Acme cc", &[]);
    assert_eq!(logins(&sf), 2);
    assert_ne!(second.stdout, first.stdout);
    assert!(
        second
            .stderr
            .contains("the kept token was dropped: Salesforce says it is no longer active"),
        "{}",
        second.stderr
    );

    // `sftoken revoke --profile` revokes the kept token and drops it.
    let revoked = run(&sf, dir.path(), &["revoke", "--profile", "Acme cc"]).run();
    assert_eq!(revoked.code, 0, "{}", revoked.stderr);
    assert!(
        revoked.stderr.contains("no longer keeps it"),
        "{}",
        revoked.stderr
    );
    assert!(!sf.token_is_active(second.stdout.trim()));
    token(&sf, dir.path(), "Acme cc", &[]);
    assert_eq!(logins(&sf), 3, "nothing kept: a new login");
}

#[test]
fn without_a_client_secret_a_kept_token_is_checked_with_userinfo() {
    let sf = FakeSalesforce::start();
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("server.key");
    std::fs::write(&key, JWT_PRIVATE_KEY_PEM).unwrap();
    let done = run(
        &sf,
        dir.path(),
        &[
            "profile",
            "add",
            "Acme jwt",
            "--grant",
            "jwt",
            "--client-id",
            ACME_APP.client_id,
            "--username",
            ACME_ADMIN.username,
            "--key-file",
            key.to_str().unwrap(),
            "--session-timeout",
            "60",
        ],
    )
    .run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    let first = token(&sf, dir.path(), "Acme jwt", &[]);
    assert!(
        first
            .stderr
            .contains("from the profile's session timeout (60 min)"),
        "{}",
        first.stderr
    );
    let second = token(&sf, dir.path(), "Acme jwt", &[]);
    assert_eq!(second.stdout, first.stdout);
    assert_eq!(logins(&sf), 1);
    assert!(
        sf.requests()
            .iter()
            .any(|r| r.path == "/services/oauth2/userinfo"),
        "checked with userinfo before reuse"
    );
    sf.revoke_all_access_tokens();
    let third = token(&sf, dir.path(), "Acme jwt", &[]);
    assert_ne!(third.stdout, first.stdout);
    assert!(third.stderr.contains("userinfo: 401"), "{}", third.stderr);
    assert_eq!(logins(&sf), 2);

    // No session timeout: the expiry is unknown, and said so.
    let set = run(
        &sf,
        dir.path(),
        &["profile", "set", "Acme jwt", "--session-timeout", "off"],
    )
    .run();
    assert_eq!(set.code, 0, "{}", set.stderr);
    let unknown = token(&sf, dir.path(), "Acme jwt", &["--fresh"]);
    assert!(
        unknown.stderr.contains("expiry unknown"),
        "{}",
        unknown.stderr
    );
    let reused = token(&sf, dir.path(), "Acme jwt", &[]);
    assert_eq!(reused.stdout, unknown.stdout);
}

#[test]
fn a_profile_that_keeps_a_refresh_token_renews_by_refreshing() {
    let sf = FakeSalesforce::start();
    let dir = tempfile::tempdir().unwrap();
    let refresh = common::refresh_token_by_browser(&sf);
    let added = run(
        &sf,
        dir.path(),
        &[
            "profile",
            "add",
            "Acme refresh",
            "--grant",
            "refresh",
            "--target",
            "acme",
            "--client-id",
            ACME_APP.client_id,
            "--keep-refresh-token",
        ],
    )
    .env("SFTOKEN_CLIENT_SECRET", ACME_APP.client_secret)
    .env("SFTOKEN_REFRESH_TOKEN", &refresh)
    .run();
    assert_eq!(added.code, 0, "{}", added.stderr);
    let before = logins(&sf);
    let first = token(&sf, dir.path(), "Acme refresh", &[]);
    assert!(
        first.stderr.contains("Token: new (refreshed)"),
        "{}",
        first.stderr
    );
    let second = token(&sf, dir.path(), "Acme refresh", &[]);
    assert_eq!(second.stdout, first.stdout);
    assert_eq!(logins(&sf), before + 1);
}

#[test]
fn twenty_scripts_at_once_log_in_once() {
    let sf = FakeSalesforce::start();
    let dir = tempfile::tempdir().unwrap();
    add_cc_profile(&sf, dir.path(), "Acme cc", &[]);
    let before = logins(&sf);
    let children: Vec<_> = (0..20)
        .map(|_| {
            run(
                &sf,
                dir.path(),
                &["token", "--profile", "Acme cc", "--field", "access_token"],
            )
            .command()
            .spawn()
            .unwrap()
        })
        .collect();
    let tokens: Vec<String> = children
        .into_iter()
        .map(|c| {
            let out = c.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8(out.stdout).unwrap()
        })
        .collect();
    assert_eq!(logins(&sf) - before, 1, "one login for twenty callers");
    assert!(tokens.iter().all(|t| t == &tokens[0]));
}

#[test]
fn the_kept_token_is_in_the_keychain_only_and_listed_by_its_expiry() {
    let sf = FakeSalesforce::start();
    let dir = tempfile::tempdir().unwrap();
    add_cc_profile(&sf, dir.path(), "Acme cc", &[]);
    let got = token(&sf, dir.path(), "Acme cc", &[]);
    let token_text = got.stdout.trim().to_string();
    for entry in walk(dir.path()) {
        let bytes = std::fs::read(&entry).unwrap_or_default();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(&token_text),
            "the token is written in {}",
            entry.display()
        );
    }
    let list = run(&sf, dir.path(), &["profile", "list"]).run();
    assert!(
        list.stdout.contains("TOKEN") && list.stdout.contains("until "),
        "{}",
        list.stdout
    );
    // --json says how the token was got, under "sftoken".
    let json = run(
        &sf,
        dir.path(),
        &["token", "--profile", "Acme cc", "--json"],
    )
    .run();
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value["sftoken"]["obtained"], "reused", "{value}");
    assert!(value["sftoken"]["valid_until"].is_string());
    assert_eq!(value["access_token"], token_text.as_str());
    // Keep tokens off: nothing kept, every call logs in.
    let set = run(
        &sf,
        dir.path(),
        &["profile", "set", "Acme cc", "--keep-tokens", "off"],
    )
    .run();
    assert_eq!(set.code, 0, "{}", set.stderr);
    let before = logins(&sf);
    token(&sf, dir.path(), "Acme cc", &[]);
    token(&sf, dir.path(), "Acme cc", &[]);
    assert_eq!(logins(&sf) - before, 2);
    let list = run(&sf, dir.path(), &["profile", "list"]).run();
    assert!(list.stdout.contains("none"), "{}", list.stdout);
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
