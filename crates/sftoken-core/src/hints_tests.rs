use super::*;
use crate::error::OAuthError;
use crate::transport::TransportError;
use std::time::Duration;

fn ctx(target: LoginTarget, username: &str) -> HintContext {
    HintContext {
        grant: Some(GrantKind::Password),
        target,
        username: Some(username.into()),
        audience: None,
    }
}

fn oauth(error: &str, description: &str) -> OAuthError {
    OAuthError {
        status: 400,
        error: error.into(),
        error_description: Some(description.into()),
        error_uri: None,
    }
}

fn texts(hints: Vec<Hint>) -> Vec<String> {
    hints.into_iter().map(|h| h.text().to_string()).collect()
}

#[test]
fn authentication_failure_on_password_lists_token_blocked_flow_host_user_and_login_history() {
    let h = texts(for_oauth(
        &oauth("invalid_grant", "authentication failure"),
        &ctx(LoginTarget::Production, "admin@acme.com"),
    ));
    assert!(h[0].contains("security token"), "{h:#?}");
    assert!(h[1].contains("Allow OAuth Username-Password Flows") && h[1].contains("2027-02-20"));
    assert!(
        h[1].contains("client credentials") && h[1].contains("JWT bearer") && h[1].contains("PKCE")
    );
    assert!(h[2].contains("Sandbox"));
    assert!(h
        .iter()
        .any(|l| l.contains("frozen") && l.contains("locked")));
    assert!(h.last().unwrap().contains("Login History"));
}

#[test]
fn a_sandbox_username_on_production_puts_the_host_first() {
    let h = texts(for_oauth(
        &oauth("invalid_grant", "authentication failure"),
        &ctx(LoginTarget::Production, "admin@acme.com.dev"),
    ));
    assert!(
        h[0].contains("ends in .dev") && h[0].contains("choose Sandbox"),
        "{h:#?}"
    );
    assert!(h[1].contains("security token"));
}

#[test]
fn a_production_username_on_sandbox_names_the_suffix_rule() {
    let h = texts(for_oauth(
        &oauth("invalid_grant", "authentication failure"),
        &ctx(LoginTarget::Sandbox, "admin@acme.com"),
    ));
    assert!(
        h.iter()
            .any(|l| l.contains("production username sent to a sandbox")),
        "{h:#?}"
    );
}

#[test]
fn sandbox_suffix_is_read_from_the_username() {
    assert_eq!(
        ctx(LoginTarget::Sandbox, "a@acme.com.uat")
            .sandbox_suffix()
            .as_deref(),
        Some("uat")
    );
    assert_eq!(
        ctx(LoginTarget::Sandbox, "a@acme.com").sandbox_suffix(),
        None
    );
    assert_eq!(
        ctx(LoginTarget::Sandbox, "a@acme.co.uk").sandbox_suffix(),
        None
    );
}

#[test]
fn every_catalogue_error_has_its_own_advice() {
    let c = ctx(LoginTarget::Production, "admin@acme.com");
    let cases = [
        (
            "invalid_client_id",
            "client identifier invalid",
            "consumer key",
        ),
        (
            "invalid_client",
            "invalid client credentials",
            "consumer secret",
        ),
        (
            "unsupported_grant_type",
            "grant type not supported",
            "grant_type is misspelled",
        ),
        (
            "invalid_grant",
            "user hasn't approved this consumer",
            "pre-authorized",
        ),
        (
            "invalid_app_access",
            "user is not admin approved to access this app",
            "not assigned",
        ),
        (
            "invalid_grant",
            "IP restricted or invalid login hours",
            "Login IP Ranges",
        ),
        ("invalid_grant", "expired access/refresh token", "rotation"),
        ("invalid_grant", "audience is invalid", "aud"),
        ("invalid_grant", "invalid assertion", "certificate"),
        (
            "invalid_grant",
            "request not supported on this domain",
            "My Domain",
        ),
        (
            "invalid_grant",
            "no client credentials user enabled",
            "Run As",
        ),
        ("inactive_user", "user is inactive", "deactivated"),
        (
            "inactive_org",
            "organization is inactive",
            "org is inactive",
        ),
        (
            "rate_limit_exceeded",
            "too many requests",
            "Too many logins",
        ),
        (
            "redirect_uri_mismatch",
            "redirect_uri must match configuration",
            "callback URL",
        ),
    ];
    for (error, description, expected) in cases {
        let h = texts(for_oauth(&oauth(error, description), &c));
        assert!(h[0].contains(expected), "{error}/{description}: {h:#?}");
    }
    let h = texts(for_oauth(&oauth("something_new", "never seen"), &c));
    assert!(h.iter().any(|l| l.contains("Login History")));
}

#[test]
fn every_transport_failure_has_advice() {
    let c = ctx(LoginTarget::Production, "admin@acme.com");
    let host = "login.salesforce.com".to_string();
    let cases = [
        (
            TransportError::Timeout {
                host: host.clone(),
                after: Duration::from_secs(30),
            },
            "allow more time",
        ),
        (
            TransportError::ConnectTimeout {
                host: host.clone(),
                after: Duration::from_secs(10),
            },
            "network",
        ),
        (TransportError::Dns { host: host.clone() }, "spelling"),
        (
            TransportError::Refused { host: host.clone() },
            "host and port",
        ),
        (
            TransportError::Tls {
                host: host.clone(),
                detail: "x".into(),
            },
            "SSL_CERT_FILE",
        ),
        (
            TransportError::Dropped { host: host.clone() },
            "closed the connection",
        ),
        (
            TransportError::Redirect {
                status: 302,
                location: Some("https://x.example".into()),
            },
            "https://x.example",
        ),
        (TransportError::TooLarge { limit: 1 }, "few KB"),
        (TransportError::EmptyBody { status: 200 }, "proxy"),
        (
            TransportError::TruncatedJson {
                status: 200,
                excerpt: "x".into(),
            },
            "cut off",
        ),
        (
            TransportError::Unavailable {
                status: 503,
                retry_after: Some("120".into()),
                excerpt: "x".into(),
            },
            "after 120 s",
        ),
        (
            TransportError::NotJson {
                status: 500,
                content_type: None,
                excerpt: "x".into(),
            },
            "HTML page",
        ),
        (
            TransportError::Unexpected {
                status: 200,
                excerpt: "x".into(),
            },
            "token endpoint",
        ),
        (TransportError::Proxy { detail: "x".into() }, "HTTPS_PROXY"),
        (TransportError::Other { detail: "x".into() }, "SFTOKEN_LOG"),
    ];
    for (error, expected) in cases {
        let h = texts(for_transport(&error, &c));
        assert!(h.iter().any(|l| l.contains(expected)), "{error:?}: {h:#?}");
    }
}

#[test]
fn the_windows_words_never_name_a_command_line_flag_and_the_commands_may() {
    let c = ctx(LoginTarget::Production, "admin@acme.com");
    let host = || "login.salesforce.com".to_string();
    let mut all: Vec<Hint> = Vec::new();
    for error in [
        TransportError::Timeout {
            host: host(),
            after: Duration::from_secs(30),
        },
        TransportError::ConnectTimeout {
            host: host(),
            after: Duration::from_secs(10),
        },
        TransportError::Dns { host: host() },
        TransportError::Refused { host: host() },
        TransportError::Tls {
            host: host(),
            detail: "x".into(),
        },
        TransportError::Dropped { host: host() },
        TransportError::Redirect {
            status: 302,
            location: None,
        },
        TransportError::TooLarge { limit: 1 },
        TransportError::EmptyBody { status: 200 },
        TransportError::TruncatedJson {
            status: 200,
            excerpt: "x".into(),
        },
        TransportError::Unavailable {
            status: 503,
            retry_after: None,
            excerpt: "x".into(),
        },
        TransportError::NotJson {
            status: 500,
            content_type: None,
            excerpt: "x".into(),
        },
        TransportError::Unexpected {
            status: 200,
            excerpt: "x".into(),
        },
        TransportError::Proxy { detail: "x".into() },
        TransportError::Other { detail: "x".into() },
    ] {
        all.extend(for_transport(&error, &c));
    }
    for (error, description) in [
        ("invalid_grant", "authentication failure"),
        ("invalid_grant", "ip restricted or invalid login hours"),
        ("invalid_grant", "expired access/refresh token"),
        ("invalid_grant", "user hasn't approved this consumer"),
        ("invalid_grant", "audience is invalid"),
        ("invalid_grant", "invalid assertion"),
        ("invalid_grant", "request not supported on this domain"),
        ("invalid_grant", "no client credentials user enabled"),
        ("invalid_client_id", "client identifier invalid"),
        ("invalid_client", "invalid client credentials"),
        ("unsupported_grant_type", "grant type not supported"),
        (
            "invalid_app_access",
            "user is not admin approved to access this app",
        ),
        ("inactive_user", "user is inactive"),
        ("inactive_org", "organization is inactive"),
        ("rate_limit_exceeded", "too many requests"),
        (
            "redirect_uri_mismatch",
            "redirect_uri must match configuration",
        ),
        ("Bad_OAuth_Token", "the token is expired"),
        ("something_new", "unknown"),
    ] {
        all.extend(for_oauth(&oauth(error, description), &c));
    }
    use crate::browser_sign_in::SignInError;
    for error in [
        SignInError::PortBusy {
            port: 1717,
            reason: "in use".into(),
        },
        SignInError::Denied {
            error: "access_denied".into(),
            description: None,
        },
        SignInError::TimedOut { secs: 300 },
        SignInError::StateMismatch,
    ] {
        all.extend(for_sign_in(&error));
    }
    let flag = |text: &str| {
        text.split_whitespace()
            .any(|w| w.trim_start_matches('(').starts_with("--"))
    };
    for hint in &all {
        assert!(
            !flag(hint.text()),
            "a flag in the window's words: {}",
            hint.text()
        );
    }
    assert!(
        all.iter().any(|h| flag(h.command_line_text())),
        "the command's words name its flags where they help"
    );
}
