//! Profile secrets in the real Secret Service (gnome-keyring in the test command's private D-Bus
//! session): stored under the profile's id, visible to `secret-tool`, gone after delete.

use std::process::Command;

use sftoken_core::profiles::{new_id, Keychain, KeychainStatus, ProfileSecrets};
use sftoken_core::{ExposeSecret, SecretString};

fn keychain() -> Keychain {
    let k = Keychain::system();
    assert!(
        matches!(k.status(), KeychainStatus::Available { .. }),
        "no keychain: run the tests through ./scripts/test.sh, which starts a D-Bus session and gnome-keyring ({:?})",
        k.status()
    );
    k
}

fn secret_tool_lookup(account: &str) -> Option<String> {
    let out = Command::new("secret-tool")
        .args(["lookup", "service", "sftoken", "username", account])
        .output()
        .unwrap();
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn secrets_are_stored_under_the_profile_id_and_removed_with_it() {
    let k = keychain();
    let id = new_id("keychain round trip");
    let secrets = ProfileSecrets {
        client_secret: Some(SecretString::from("cs-Σ-1")),
        password: Some(SecretString::from("p&ss+w=rd %20 é😀")),
        security_token: None,
        refresh_token: Some(SecretString::from("5Aep861refresh")),
    };
    k.save(&id, "Keychain round trip", &secrets).unwrap();

    let back = k.load(&id).unwrap().unwrap();
    assert_eq!(back.client_secret.unwrap().expose_secret(), "cs-Σ-1");
    assert_eq!(back.password.unwrap().expose_secret(), "p&ss+w=rd %20 é😀");
    assert!(back.security_token.is_none());
    let seen = secret_tool_lookup(&id).expect("secret-tool finds the item");
    assert!(
        seen.contains("cs-Σ-1"),
        "the Secret Service holds it: {seen}"
    );

    assert!(k.delete(&id).unwrap());
    assert!(k.load(&id).unwrap().is_none());
    assert!(
        secret_tool_lookup(&id).is_none(),
        "gone from the Secret Service"
    );
    assert!(!k.delete(&id).unwrap(), "deleting twice is not an error");
}

#[test]
fn saving_again_replaces_and_relabelling_keeps_the_item() {
    let k = keychain();
    let id = new_id("replace");
    k.save(
        &id,
        "Old name",
        &ProfileSecrets {
            password: Some(SecretString::from("one")),
            ..Default::default()
        },
    )
    .unwrap();
    k.save(
        &id,
        "Old name",
        &ProfileSecrets {
            password: Some(SecretString::from("two")),
            ..Default::default()
        },
    )
    .unwrap();
    k.relabel(&id, "New name").unwrap();
    assert_eq!(
        k.load(&id)
            .unwrap()
            .unwrap()
            .password
            .unwrap()
            .expose_secret(),
        "two"
    );
    let out = Command::new("secret-tool")
        .args(["search", "service", "sftoken", "username", &id])
        .output()
        .unwrap();
    let listing = String::from_utf8_lossy(&out.stdout);
    assert!(listing.contains("label = sftoken — New name"), "{listing}");
    k.delete(&id).unwrap();
}
