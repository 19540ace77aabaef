//! `sftoken import postman`: environments exported from Postman (both generations of the official
//! collection's variables, written here from the format) become profiles whose secrets are in the
//! real keychain, that log in at once; clashes get a new name; anything that is not an environment
//! stops the whole import with nothing imported.

mod common;

use std::path::Path;
use std::process::Command;

use common::{Done, Run};
use fake_salesforce::fixtures::*;
use fake_salesforce::FakeSalesforce;

fn run(sf: &FakeSalesforce, dir: &Path, args: &[&str]) -> Done {
    Run::new(sf, args)
        .env("SFTOKEN_CONFIG_DIR", &dir.display().to_string())
        .run()
}

fn current_generation() -> String {
    serde_json::json!({
        "id": "5d1c0e2a-0000-4000-8000-000000000001",
        "name": "Acme prod",
        "values": [
            {"key": "url", "value": "https://login.salesforce.com", "type": "default", "enabled": true},
            {"key": "site", "value": "", "type": "default", "enabled": true},
            {"key": "version", "value": "66.0", "type": "default", "enabled": true},
            {"key": "clientId", "value": ACME_APP.client_id, "type": "default", "enabled": true},
            {"key": "clientSecret", "value": ACME_APP.client_secret, "type": "secret", "enabled": true},
            {"key": "username", "value": ACME_ADMIN.username, "type": "default", "enabled": true},
            {"key": "password", "value": ACME_ADMIN.password, "type": "secret", "enabled": true},
            {"key": "password", "value": "an old password", "type": "secret", "enabled": false},
            {"key": "secretToken", "value": ACME_ADMIN.security_token, "type": "secret", "enabled": true},
            {"key": "redirectUrl", "value": "http://localhost:1717/OauthRedirect", "type": "default", "enabled": true},
            {"key": "_accessToken", "value": "00D5g000008AbCd!AQ-an-old-token-from-postman", "type": "secret", "enabled": true},
            {"key": "_endpoint", "value": "https://acme.my.salesforce.com", "type": "default", "enabled": true}
        ],
        "_postman_variable_scope": "environment",
        "_postman_exported_at": "2026-11-30T10:00:00.000Z",
        "_postman_exported_using": "Postman/11.20.0"
    })
    .to_string()
}

fn first_generation() -> String {
    serde_json::json!({
        "name": "Acme dev",
        "values": [
            {"key": "url", "value": "https://test.salesforce.com", "enabled": true},
            {"key": "clientId", "value": ACME_DEV_APP.client_id, "enabled": true},
            {"key": "clientSecret", "value": ACME_DEV_APP.client_secret, "enabled": true},
            {"key": "username", "value": ACME_DEV_ADMIN.username, "enabled": true},
            {"key": "password", "value": ACME_DEV_ADMIN.password, "enabled": true},
            {"key": "secret_token", "value": ACME_DEV_ADMIN.security_token, "enabled": true},
            {"key": "init_access_token", "value": "{{init_access_token}}", "enabled": true}
        ]
    })
    .to_string()
}

fn keychain_item(id: &str) -> Option<String> {
    let out = Command::new("secret-tool")
        .args(["lookup", "service", "sftoken", "username", id])
        .output()
        .unwrap();
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn profiles(dir: &Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(dir.join("profiles.json")).unwrap_or_default();
    serde_json::from_str::<serde_json::Value>(&text)
        .map(|v| v["profiles"].as_array().cloned().unwrap_or_default())
        .unwrap_or_default()
}

#[test]
fn both_generations_import_with_secrets_in_the_keychain_and_log_in() {
    let sf = FakeSalesforce::start();
    let config = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let prod = files.path().join("Acme prod.postman_environment.json");
    let dev = files.path().join("Acme dev.postman_environment.json");
    std::fs::write(&prod, current_generation()).unwrap();
    std::fs::write(&dev, first_generation()).unwrap();

    let done = run(
        &sf,
        config.path(),
        &[
            "import",
            "postman",
            prod.to_str().unwrap(),
            dev.to_str().unwrap(),
        ],
    );
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert!(
        done.stdout
            .contains("Imported \"Acme prod\": PROD username-password; secrets in"),
        "{}",
        done.stdout
    );
    assert!(
        done.stdout.contains("Imported \"Acme dev\": SANDBOX"),
        "{}",
        done.stdout
    );
    assert!(
        done.stdout
            .contains("left out _accessToken: tokens are not imported"),
        "{}",
        done.stdout
    );
    assert!(
        done.stdout
            .contains("left out init_access_token: still a Postman variable"),
        "{}",
        done.stdout
    );
    for secret in [
        ACME_APP.client_secret,
        ACME_ADMIN.password,
        ACME_ADMIN.security_token,
        "an old password",
    ] {
        assert!(!done.stdout.contains(secret) && !done.stderr.contains(secret));
    }

    let saved = profiles(config.path());
    assert_eq!(saved.len(), 2);
    let file = std::fs::read_to_string(config.path().join("profiles.json")).unwrap();
    for secret in [
        ACME_APP.client_secret,
        ACME_ADMIN.password,
        ACME_ADMIN.security_token,
        "AQ-an-old-token",
    ] {
        assert!(
            !file.contains(secret),
            "no secret and no token in the profile file"
        );
    }
    let prod_id = saved.iter().find(|p| p["name"] == "Acme prod").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let item = keychain_item(&prod_id).expect("secrets in the keychain");
    assert!(
        item.contains(ACME_ADMIN.security_token) && !item.contains("an old password"),
        "the enabled password only"
    );
    assert!(!item.contains("AQ-an-old-token"), "tokens are not imported");

    for (name, user) in [
        ("Acme prod", ACME_ADMIN.user_id),
        ("Acme dev", ACME_DEV_ADMIN.user_id),
    ] {
        let token = run(
            &sf,
            config.path(),
            &["token", "--profile", name, "--field", "user_id"],
        );
        assert_eq!(token.code, 0, "{name}: {}", token.stderr);
        assert_eq!(token.stdout.trim(), user);
    }

    // Again: nothing is overwritten, the new one gets another name.
    let again = run(
        &sf,
        config.path(),
        &["import", "postman", prod.to_str().unwrap()],
    );
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again
            .stdout
            .contains("Imported \"Acme prod (2)\" (a profile named \"Acme prod\" exists already)"),
        "{}",
        again.stdout
    );
    assert_eq!(profiles(config.path()).len(), 3);
    for name in ["Acme prod", "Acme dev", "Acme prod (2)"] {
        run(&sf, config.path(), &["profile", "rm", name]);
    }
}

#[test]
fn a_collection_or_a_broken_file_stops_the_import_with_nothing_imported() {
    let sf = FakeSalesforce::start();
    let config = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let good = files.path().join("good.json");
    std::fs::write(&good, current_generation()).unwrap();
    let collection = files.path().join("collection.json");
    std::fs::write(
        &collection,
        r#"{"info":{"name":"Salesforce Platform APIs","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},"item":[]}"#,
    )
    .unwrap();
    let broken = files.path().join("broken.json");
    std::fs::write(&broken, "{\"name\": \"x\", \"values\": [").unwrap();
    for bad in [&collection, &broken] {
        let done = run(
            &sf,
            config.path(),
            &[
                "import",
                "postman",
                good.to_str().unwrap(),
                bad.to_str().unwrap(),
            ],
        );
        assert_eq!(done.code, 2, "{}", done.stderr);
        assert!(
            done.stderr.contains("Nothing was imported."),
            "{}",
            done.stderr
        );
        assert!(profiles(config.path()).is_empty(), "not even the good one");
    }
    let done = run(
        &sf,
        config.path(),
        &["import", "postman", collection.to_str().unwrap()],
    );
    assert!(
        done.stderr
            .contains("is a Postman collection, not an environment"),
        "{}",
        done.stderr
    );
}
