use super::*;
use crate::target::TargetKind;

fn form(
    grant: &str,
    client_id: &str,
    secret: &str,
    username: &str,
    password: &str,
    token: &str,
) -> RequestForm {
    RequestForm {
        grant_type: grant.into(),
        client_id: client_id.into(),
        client_secret: SecretString::from(secret.to_string()),
        username: username.into(),
        password: SecretString::from(password.to_string()),
        security_token: SecretString::from(token.to_string()),
        ..RequestForm::default()
    }
}

fn fields(issues: &[FieldIssue]) -> Vec<&str> {
    issues.iter().map(|i| i.field).collect()
}

#[test]
fn missing_password_fields_block_in_form_order() {
    let issues = form("", "", "", " ", "", "").issues();
    assert_eq!(
        fields(&issues),
        ["client_id", "client_secret", "username", "password"]
    );
    assert!(issues.iter().all(|i| i.severity == Severity::Blocking));
    assert!(form("password", "", "s", "u", "p", "").to_grant().is_err());
}

#[test]
fn whitespace_is_trimmed_from_ids_and_flagged_on_secrets() {
    let f = form(
        "password",
        " 3MVG9 ",
        "secret ",
        "admin@acme.com\t",
        " pw",
        "TOK ",
    );
    let issues = f.issues();
    assert_eq!(issues.len(), 5, "{issues:#?}");
    assert!(issues.iter().all(|i| i.severity == Severity::Warning));
    let Ok(Grant::Password(g)) = f.to_grant() else {
        panic!()
    };
    assert_eq!(
        (g.client_id.as_str(), g.username.as_str()),
        ("3MVG9", "admin@acme.com")
    );
    assert_eq!(
        g.password.expose_secret(),
        " pw",
        "a password is sent as typed"
    );
}

#[test]
fn an_empty_security_token_means_none() {
    let Ok(Grant::Password(g)) = form("", "c", "s", "u", "p", "").to_grant() else {
        panic!()
    };
    assert!(g.security_token.is_none());
}

#[test]
fn client_credentials_needs_only_the_app_and_a_my_domain() {
    let f = form("client_credentials", "c", "s", "", "", "");
    let issues = f.issues();
    assert_eq!(fields(&issues), ["grant_type"]);
    assert!(issues[0].message.contains("My Domain"));
    let mut f = f;
    f.target = TargetSpec::from_target(&"acme".parse().unwrap());
    assert!(f.issues().is_empty(), "{:?}", f.issues());
    assert!(matches!(f.to_grant(), Ok(Grant::ClientCredentials(_))));
}

#[test]
fn jwt_needs_a_username_and_an_existing_key_file() {
    let mut f = form("jwt", "c", "", "", "", "");
    assert_eq!(fields(&f.issues()), ["username", "key_file"]);
    f.username = "u@acme.com".into();
    f.key_file = "/nonexistent/key.pem".into();
    assert!(f.issues()[0].message.starts_with("No file at"));
}

#[test]
fn refresh_needs_the_refresh_token_and_web_a_loopback_callback() {
    let f = form("refresh", "c", "", "", "", "");
    assert_eq!(fields(&f.issues()), ["refresh_token"]);
    let mut web = form("web", "c", "", "", "", "");
    assert!(
        web.issues().is_empty(),
        "defaults: scope api refresh_token, callback localhost:1717"
    );
    web.callback = "https://example.com/cb".into();
    assert_eq!(fields(&web.issues()), ["callback"]);
}

#[test]
fn an_unknown_grant_is_the_only_issue() {
    let issues = form("implicit", "", "", "", "", "").issues();
    assert_eq!(fields(&issues), ["grant_type"]);
    assert!(issues[0].message.contains("not a grant sftoken knows"));
}

#[test]
fn a_typed_audience_must_be_a_login_url_and_is_flagged_when_the_target_expects_another() {
    let form = |aud: &str, kind| RequestForm {
        target: TargetSpec {
            kind,
            host: String::new(),
        },
        grant_type: "jwt".into(),
        client_id: "c".into(),
        username: "u".into(),
        keychain_key: "p-1".into(),
        audience: aud.into(),
        ..RequestForm::default()
    };
    let issues = form("login.salesforce.com", TargetKind::Production).issues();
    assert!(
        issues
            .iter()
            .any(|i| i.field == "audience" && i.severity == Severity::Blocking),
        "{issues:?}"
    );
    assert!(form("", TargetKind::Sandbox).issues().is_empty());
    assert!(form("https://test.salesforce.com/", TargetKind::Sandbox)
        .issues()
        .is_empty());
    let mismatch = form("https://login.salesforce.com", TargetKind::Sandbox).issues();
    assert_eq!(mismatch.len(), 1, "{mismatch:?}");
    assert_eq!(mismatch[0].severity, Severity::Warning);
    let target = "sandbox".parse().unwrap();
    assert_eq!(
        form(
            "https://acme--dev.sandbox.my.salesforce.com/",
            TargetKind::Sandbox
        )
        .audience(&target),
        "https://acme--dev.sandbox.my.salesforce.com"
    );
}

#[test]
fn what_each_grant_needs_is_said_by_the_grant_itself() {
    use GrantKind::*;
    assert_eq!(
        GrantKind::ALL.map(GrantKind::is_retiring),
        [true, false, false, false, false]
    );
    assert_eq!(GrantKind::ALL[0], Password);
    assert_eq!(
        GrantKind::ALL.map(GrantKind::signs_with_key),
        GrantKind::ALL.map(|k| k == JwtBearer)
    );
    assert_eq!(
        GrantKind::ALL.map(GrantKind::needs_my_domain),
        GrantKind::ALL.map(|k| k == ClientCredentials)
    );
    assert!(Password.sends("password") && Password.sends("security_token"));
    assert!(!ClientCredentials.sends("password") && !JwtBearer.sends("client_secret"));
    assert!(Refresh.sends("refresh_token") && !Password.sends("refresh_token"));
}

#[test]
fn only_a_jwt_form_without_a_key_file_reads_the_keychain_key_first() {
    let with = |grant: &str, key_file: &str| RequestForm {
        grant_type: grant.into(),
        key_file: key_file.into(),
        keychain_key: "profile-id".into(),
        ..RequestForm::default()
    };
    assert!(with("urn:ietf:params:oauth:grant-type:jwt-bearer", "").needs_keychain_key());
    assert!(!with("urn:ietf:params:oauth:grant-type:jwt-bearer", "/k.pem").needs_keychain_key());
    // A keychain key left in the form of a profile now on another grant is not read.
    assert!(!with("password", "").needs_keychain_key());
}
