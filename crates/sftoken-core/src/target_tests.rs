use super::*;

fn parse(s: &str) -> Result<LoginTarget, TargetError> {
    s.parse()
}

#[test]
fn keywords_name_the_generic_hosts() {
    assert_eq!(parse("production").unwrap(), LoginTarget::Production);
    assert_eq!(parse(" Sandbox ").unwrap(), LoginTarget::Sandbox);
    assert_eq!(
        parse("https://login.salesforce.com/").unwrap(),
        LoginTarget::Production
    );
    assert_eq!(parse("test.salesforce.com").unwrap(), LoginTarget::Sandbox);
    assert_eq!(
        LoginTarget::Production.token_url().as_str(),
        "https://login.salesforce.com/services/oauth2/token"
    );
    assert_eq!(
        LoginTarget::Sandbox.token_url().as_str(),
        "https://test.salesforce.com/services/oauth2/token"
    );
}

#[test]
fn bare_names_and_hosts_become_my_domain_urls() {
    let t = parse("acme").unwrap();
    assert_eq!(t.base_url().as_str(), "https://acme.my.salesforce.com/");
    assert_eq!(t.kind_label(), "My Domain");
    let t = parse("acme.my.salesforce.com").unwrap();
    assert_eq!(
        t.token_url().as_str(),
        "https://acme.my.salesforce.com/services/oauth2/token"
    );
    let t = parse("acme--dev").unwrap();
    assert_eq!(t.host(), "acme--dev.sandbox.my.salesforce.com");
    let t = parse("https://Acme.My.Salesforce.com").unwrap();
    assert_eq!(t.host(), "acme.my.salesforce.com");
}

#[test]
fn lightning_host_is_refused_with_the_api_host_suggested() {
    let err = parse("https://acme.lightning.force.com/lightning/page/home").unwrap_err();
    assert_eq!(
        err,
        TargetError::LightningHost {
            given: "https://acme.lightning.force.com/lightning/page/home".into(),
            suggestion: "https://acme.my.salesforce.com".into()
        }
    );
    assert!(err
        .to_string()
        .contains("use https://acme.my.salesforce.com"));
    let err = parse("acme--dev.sandbox.lightning.force.com").unwrap_err();
    assert!(
        err.to_string()
            .contains("https://acme--dev.sandbox.my.salesforce.com"),
        "{err}"
    );
}

#[test]
fn plain_http_is_refused_except_on_loopback() {
    assert!(matches!(
        parse("http://acme.my.salesforce.com"),
        Err(TargetError::NotHttps { .. })
    ));
    let t = parse("http://127.0.0.1:8080").unwrap();
    assert_eq!(
        t.token_url().as_str(),
        "http://127.0.0.1:8080/services/oauth2/token"
    );
    assert!(parse("http://localhost:1234").is_ok());
    assert!(parse("http://[::1]:1234").is_ok());
}

#[test]
fn paths_queries_and_credentials_are_refused_with_the_origin_suggested() {
    let err = parse("https://acme.my.salesforce.com/services/oauth2/token").unwrap_err();
    assert_eq!(
        err,
        TargetError::HasPath {
            given: "https://acme.my.salesforce.com/services/oauth2/token".into(),
            suggestion: "https://acme.my.salesforce.com".into()
        }
    );
    assert!(matches!(
        parse("https://acme.my.salesforce.com?x=1"),
        Err(TargetError::HasPath { .. })
    ));
    assert!(matches!(
        parse("https://user:pw@acme.my.salesforce.com"),
        Err(TargetError::HasCredentials)
    ));
}

#[test]
fn experience_cloud_sites_keep_their_path() {
    let t = parse("https://acme.my.site.com/partners").unwrap();
    assert_eq!(
        t.token_url().as_str(),
        "https://acme.my.site.com/partners/services/oauth2/token"
    );
}

#[test]
fn garbage_is_refused_with_what_to_type() {
    for bad in [
        "",
        "   ",
        "not a host",
        "ftp://x.example.com",
        "https://",
        "a@b",
        "acme.",
        "acme..com",
    ] {
        let err = parse(bad).unwrap_err();
        assert!(
            err.to_string().contains("production") || err.to_string().contains("https"),
            "{bad:?}: {err}"
        );
    }
}

#[test]
fn host_syntax_is_checked_before_anything_is_sent() {
    let long_host = format!("{}.my.salesforce.com", "a".repeat(100_000));
    let err = parse(&long_host).unwrap_err();
    assert!(matches!(err, TargetError::BadHost { .. }), "{err:?}");
    assert!(
        err.to_string().len() < 400,
        "the message does not repeat 100,000 characters"
    );
    let label = format!("https://{}.my.salesforce.com", "b".repeat(64));
    assert!(parse(&label)
        .unwrap_err()
        .to_string()
        .contains("64 characters; at most 63"));
    assert!(parse("acme-").unwrap_err().to_string().contains("hyphen"));
    assert!(parse("https://-acme.my.salesforce.com").is_err());
    assert!(parse(&format!("https://{}.my.salesforce.com", "c".repeat(63))).is_ok());
    assert!(
        parse("acme--dev").is_ok(),
        "a sandbox name keeps its double hyphen"
    );
}

#[test]
fn a_tab_or_line_break_in_a_host_is_refused_not_removed() {
    for typed in [
        "acme\t.my.salesforce.com",
        "https://ac\tme.my.salesforce.com",
        "https://acme.my.salesforce.com\n/x",
    ] {
        assert!(
            matches!(parse(typed), Err(TargetError::Invalid { .. })),
            "{typed:?}"
        );
    }
}

#[test]
fn a_non_web_scheme_is_named_for_what_it_is() {
    let err = parse("ftp://acme.my.salesforce.com").unwrap_err();
    assert!(matches!(err, TargetError::NotWeb { .. }), "{err:?}");
    assert!(err.to_string().contains("ftp://"), "{err}");
    assert!(!err.to_string().contains("plain http"), "{err}");
}
