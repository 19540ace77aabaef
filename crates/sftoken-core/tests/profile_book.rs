//! The profile book's rules, shared by the window and the command, against the real Secret Service
//! (gnome-keyring in the test command's private D-Bus session): fields to the file, secrets to the
//! keychain, an unreadable keychain item never overwritten, refresh tokens kept only on opt-in and
//! replaced when they rotate, session-only memory as an option.

use std::io::Write;
use std::process::{Command, Stdio};

use sftoken_core::profiles::{
    Keychain, KeychainStatus, ProfileBook, ProfileDraft, ProfileStore, SecretsKept, FILE_NAME,
};
use sftoken_core::{ExposeSecret, GrantKind, RequestForm, SecretString, TargetKind, TargetSpec};

fn book(dir: &std::path::Path) -> ProfileBook {
    let keychain = Keychain::system();
    assert!(
        matches!(keychain.status(), KeychainStatus::Available { .. }),
        "no keychain: run the tests through ./scripts/test.sh ({:?})",
        keychain.status()
    );
    ProfileBook::new(ProfileStore::at(dir), keychain)
}

fn secret(s: &str) -> SecretString {
    SecretString::from(s.to_string())
}

fn password_form() -> RequestForm {
    RequestForm {
        target: TargetSpec {
            kind: TargetKind::Sandbox,
            host: String::new(),
        },
        grant_type: "password".into(),
        client_id: " 3MVG9book ".into(),
        client_secret: secret("book-client-secret-1"),
        username: "admin@acme.com.dev".into(),
        password: secret("book-password-2"),
        security_token: secret("BOOKTOKEN3"),
        ..RequestForm::default()
    }
}

fn draft(name: &str, form: RequestForm) -> ProfileDraft {
    ProfileDraft {
        name: name.into(),
        notes: "n".into(),
        remember_secrets: true,
        keep_refresh_token: false,
        tokens: None,
        form,
    }
}

fn secret_tool(args: &[&str], stdin: Option<&str>) -> Option<String> {
    let mut child = Command::new("secret-tool")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn stored(id: &str) -> Option<String> {
    secret_tool(&["lookup", "service", "sftoken", "username", id], None)
}

#[test]
fn a_saved_form_keeps_its_fields_in_the_file_and_its_secrets_in_the_keychain() {
    let dir = tempfile::tempdir().unwrap();
    let book = book(dir.path());
    let saved = book.save(None, draft("Acme dev", password_form())).unwrap();
    assert_eq!(saved.secrets_kept, SecretsKept::Keychain);
    assert_eq!(saved.profile.grant, GrantKind::Password);
    assert_eq!(saved.profile.client_id, "3MVG9book", "trimmed");

    let file = std::fs::read_to_string(dir.path().join(FILE_NAME)).unwrap();
    for clear in ["book-client-secret-1", "book-password-2", "BOOKTOKEN3"] {
        assert!(!file.contains(clear), "{clear} in the profile file");
    }
    assert!(file.contains("\"grant\": \"password\""), "{file}");
    assert!(stored(&saved.profile.id)
        .unwrap()
        .contains("book-password-2"));

    let opened = book.open(book.named("acme DEV").unwrap());
    assert_eq!(opened.secrets_from, SecretsKept::Keychain);
    assert_eq!(opened.form.password.expose_secret(), "book-password-2");
    assert_eq!(opened.form.target.kind, TargetKind::Sandbox);
    assert!(opened.form.to_grant().is_ok());
    book.delete(&saved.profile.id).unwrap();
    assert!(stored(&saved.profile.id).is_none(), "secrets go with it");
}

#[test]
fn a_keychain_item_that_cannot_be_read_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let book = book(dir.path());
    let id = book
        .save(None, draft("Unreadable", password_form()))
        .unwrap()
        .profile
        .id;
    secret_tool(
        &[
            "store",
            "--label=broken",
            "service",
            "sftoken",
            "username",
            &id,
        ],
        Some("this is not sftoken's JSON"),
    )
    .expect("secret-tool stores");

    let opened = book.open(book.get(&id).unwrap());
    assert!(opened.warning.is_some(), "the failed read is said");
    assert!(opened.form.password.expose_secret().is_empty());

    // Saving the form as it came back (no secrets) must not replace what the keychain holds.
    let again = book
        .save(Some(&id), draft("Unreadable", opened.form))
        .unwrap();
    assert_eq!(again.secrets_kept, SecretsKept::None);
    assert!(again.warning.unwrap().contains("left as they are"));
    assert_eq!(stored(&id).unwrap(), "this is not sftoken's JSON");

    // Nor may a refresh token become the item's only content.
    let mut keeps = draft("Unreadable", RequestForm::default());
    keeps.keep_refresh_token = true;
    book.save(Some(&id), keeps).unwrap();
    assert!(book
        .keep_refresh_token(&id, &secret("5Aep-new-refresh"))
        .is_err());
    assert_eq!(stored(&id).unwrap(), "this is not sftoken's JSON");
    book.delete(&id).unwrap();
}

#[test]
fn refresh_tokens_are_kept_only_on_opt_in_and_replaced_when_they_rotate() {
    let dir = tempfile::tempdir().unwrap();
    let book = book(dir.path());
    let mut form = password_form();
    form.refresh_token = secret("5Aep-typed-refresh");
    let id = book
        .save(None, draft("No opt-in", form))
        .unwrap()
        .profile
        .id;
    assert!(
        !stored(&id).unwrap().contains("5Aep-typed-refresh"),
        "not kept without the opt-in"
    );
    assert_eq!(
        book.keep_refresh_token(&id, &secret("5Aep-first")).unwrap(),
        SecretsKept::None
    );

    let mut keeps = draft("No opt-in", password_form());
    keeps.keep_refresh_token = true;
    book.save(Some(&id), keeps).unwrap();
    assert_eq!(
        book.keep_refresh_token(&id, &secret("5Aep-first")).unwrap(),
        SecretsKept::Keychain
    );
    book.keep_refresh_token(&id, &secret("5Aep-rotated"))
        .unwrap();
    let item = stored(&id).unwrap();
    assert!(
        item.contains("5Aep-rotated") && !item.contains("5Aep-first"),
        "{item}"
    );
    assert!(item.contains("book-password-2"), "the other secrets stay");

    // The form never shows the kept refresh token: saving it again must not drop it.
    let mut again = draft("No opt-in", password_form());
    again.keep_refresh_token = true;
    book.save(Some(&id), again).unwrap();
    assert!(stored(&id).unwrap().contains("5Aep-rotated"), "still kept");
    let deleted = book.delete(&id).unwrap();
    assert!(deleted.keychain_error.is_none());
}

#[test]
fn a_profile_that_forgets_secrets_keeps_them_for_the_session_only_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let window = book(dir.path());
    let mut forgets = draft("Forgets", password_form());
    forgets.remember_secrets = false;
    let saved = window.save(None, forgets).unwrap();
    assert_eq!(saved.secrets_kept, SecretsKept::Session);
    assert!(
        stored(&saved.profile.id).is_none(),
        "nothing in the keychain"
    );
    let opened = window.open(window.get(&saved.profile.id).unwrap());
    assert_eq!(opened.secrets_from, SecretsKept::Session);
    assert_eq!(
        opened.form.client_secret.expose_secret(),
        "book-client-secret-1"
    );

    let command = book(dir.path()).without_session_memory();
    let opened = command.open(command.get(&saved.profile.id).unwrap());
    assert_eq!(opened.secrets_from, SecretsKept::None);
    assert!(opened.form.client_secret.expose_secret().is_empty());
    let file = std::fs::read_to_string(dir.path().join(FILE_NAME)).unwrap();
    assert!(!file.contains("book-client-secret-1"));
}

#[test]
fn a_profile_written_with_any_grant_name_reads_as_its_grant() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(FILE_NAME),
        r#"{"version":1,"profiles":[
            {"id":"a-1","name":"A","target":{"kind":"sandbox"},"grant":"urn:ietf:params:oauth:grant-type:jwt-bearer"},
            {"id":"b-2","name":"B","target":{"kind":"production"},"grant":"client-credentials"},
            {"id":"c-3","name":"C","target":{"kind":"production"}}]}"#,
    )
    .unwrap();
    let profiles = book(dir.path()).without_session_memory().load().unwrap();
    let grants: Vec<GrantKind> = profiles.iter().map(|p| p.grant).collect();
    assert_eq!(
        grants,
        [
            GrantKind::JwtBearer,
            GrantKind::ClientCredentials,
            GrantKind::Password
        ]
    );
}

#[test]
fn token_settings_are_saved_with_the_draft_and_a_draft_without_them_keeps_them() {
    use sftoken_core::profiles::TokenSettings;
    let dir = tempfile::tempdir().unwrap();
    let book = book(dir.path());
    let mut first = draft("Timeouts", password_form());
    first.tokens = Some(TokenSettings {
        keep_tokens: false,
        session_timeout_minutes: Some(120),
    });
    let saved = book.save(None, first).unwrap().profile;
    assert!(!saved.keep_tokens);
    assert_eq!(saved.session_timeout_minutes, Some(120));
    // An import or another caller that does not edit them leaves them as they are.
    let again = book
        .save(Some(&saved.id), draft("Timeouts", password_form()))
        .unwrap()
        .profile;
    assert!(!again.keep_tokens);
    assert_eq!(again.session_timeout_minutes, Some(120));
    // Out of Salesforce's range: refused, nothing changed.
    let mut wrong = draft("Timeouts", password_form());
    wrong.tokens = Some(TokenSettings {
        keep_tokens: true,
        session_timeout_minutes: Some(2000),
    });
    let refused = book.save(Some(&saved.id), wrong).unwrap_err().to_string();
    assert!(refused.contains("1 to 1440 minutes"), "{refused}");
    assert_eq!(
        book.get(&saved.id).unwrap().session_timeout_minutes,
        Some(120)
    );
    book.delete(&saved.id).unwrap();
}
