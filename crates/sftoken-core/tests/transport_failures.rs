//! Answers that are not a token or an OAuth error, and networks that fail: each is a specific error
//! with advice, never a panic, never a secret in what is shown.

mod common;

use std::time::Duration;

use common::*;
use fake_salesforce::fixtures::{ACME_ADMIN, ACME_APP};
use fake_salesforce::{FakeSalesforce, Fault};
use sftoken_core::{Error, Grant, HttpConfig, LoginTarget, TokenClient, TransportError};

fn admin() -> Grant {
    grant(
        ACME_APP.client_id,
        ACME_APP.client_secret,
        &ACME_ADMIN,
        Some(ACME_ADMIN.security_token),
    )
}

/// Sends the admin's login to the fake's loopback My Domain with `fault` set.
fn fail_with(fault: Fault, timeout: Duration) -> (TransportError, FakeSalesforce) {
    let sf = FakeSalesforce::start();
    sf.set_fault(Some(fault));
    let err = runtime()
        .block_on(direct_client(&sf, timeout).request_token(&my_domain(&sf), &admin()))
        .unwrap_err();
    let shown = format!("{err} {err:?} {:?}", err.hints());
    assert_no_secret_in(
        &shown,
        &[
            ACME_APP.client_secret,
            ACME_ADMIN.password,
            ACME_ADMIN.security_token,
        ],
    );
    assert!(!err.hints().is_empty(), "{err:?} has no advice");
    match err {
        Error::Transport { error, .. } => (error, sf),
        other => panic!("not a transport error: {other:?}"),
    }
}

const FIVE: Duration = Duration::from_secs(5);

#[test]
fn an_html_500_page_reads_as_its_title() {
    let (e, _sf) = fail_with(Fault::Html500, FIVE);
    let TransportError::NotJson {
        status: 500,
        content_type,
        excerpt,
    } = e
    else {
        panic!("{e:?}")
    };
    assert!(content_type.unwrap().starts_with("text/html"));
    assert!(!excerpt.contains('<'), "tags are stripped: {excerpt}");
    assert!(!excerpt.is_empty());
}

#[test]
fn a_503_names_its_retry_after() {
    let (e, _sf) = fail_with(
        Fault::Unavailable503 {
            retry_after_secs: 120,
        },
        FIVE,
    );
    assert!(
        matches!(&e, TransportError::Unavailable { status: 503, retry_after: Some(r), .. } if r == "120"),
        "{e:?}"
    );
    assert!(e.to_string().contains("Retry-After: 120"));
}

#[test]
fn an_empty_body_is_named() {
    let (e, _sf) = fail_with(Fault::EmptyBody, FIVE);
    assert_eq!(e, TransportError::EmptyBody { status: 200 });
}

#[test]
fn truncated_json_is_named_and_its_excerpt_hides_the_token() {
    let (e, _sf) = fail_with(Fault::TruncatedJson, FIVE);
    let TransportError::TruncatedJson {
        status: 200,
        excerpt,
    } = e
    else {
        panic!("{e:?}")
    };
    assert!(!excerpt.contains("!AQ"), "{excerpt}");
}

#[test]
fn an_oversized_answer_is_refused_at_the_cap() {
    let (e, _sf) = fail_with(
        Fault::Oversized {
            bytes: 3 * 1024 * 1024,
        },
        FIVE,
    );
    assert_eq!(
        e,
        TransportError::TooLarge {
            limit: HttpConfig::default().max_response_bytes
        }
    );
}

#[test]
fn a_dropped_connection_is_named() {
    let (e, _sf) = fail_with(Fault::DropConnection, FIVE);
    assert!(matches!(e, TransportError::Dropped { .. }), "{e:?}");
}

#[test]
fn a_hanging_server_times_out() {
    let (e, _sf) = fail_with(Fault::Hang, Duration::from_millis(700));
    assert!(matches!(e, TransportError::Timeout { .. }), "{e:?}");
}

#[test]
fn a_slow_server_within_the_timeout_still_gives_a_token() {
    let sf = FakeSalesforce::start();
    sf.set_fault(Some(Fault::Slow(Duration::from_millis(300))));
    runtime()
        .block_on(direct_client(&sf, FIVE).request_token(&my_domain(&sf), &admin()))
        .unwrap();
}

#[test]
fn a_redirect_is_reported_with_its_location_and_not_followed() {
    // The redirect points back at the fake itself: a client that followed it would be seen.
    let sf = FakeSalesforce::start();
    let location = format!("{}/services/oauth2/token", sf.https_url());
    sf.set_fault(Some(Fault::RedirectTo(location.clone())));
    let err = runtime()
        .block_on(direct_client(&sf, FIVE).request_token(&my_domain(&sf), &admin()))
        .unwrap_err();
    let Error::Transport { error, hints } = err else {
        panic!("{err:?}")
    };
    assert_eq!(
        error,
        TransportError::Redirect {
            status: 302,
            location: Some(location.clone())
        }
    );
    assert!(hints[0].text().contains(&location));
    assert_eq!(
        sf.requests().len(),
        1,
        "no second request after the redirect"
    );
}

#[test]
fn cancel_stops_a_hanging_request() {
    let sf = FakeSalesforce::start();
    sf.set_fault(Some(Fault::Hang));
    let client = direct_client(&sf, Duration::from_secs(60));
    let target = my_domain(&sf);
    let grant = admin();
    let err = runtime()
        .block_on(async {
            let cancel = tokio::time::sleep(Duration::from_millis(200));
            client
                .request_token_or_cancel(&target, &grant, cancel)
                .await
        })
        .unwrap_err();
    assert!(matches!(err, Error::Cancelled), "{err:?}");
}

#[test]
fn a_certificate_from_an_unknown_ca_is_refused() {
    let sf = FakeSalesforce::start();
    let client = TokenClient::new(HttpConfig {
        extra_root_certs_pem: vec![fake_salesforce::unrelated_ca_pem()],
        ..HttpConfig::default()
    })
    .unwrap();
    let err = runtime()
        .block_on(client.request_token(&my_domain(&sf), &admin()))
        .unwrap_err();
    let Error::Transport {
        error: TransportError::Tls { detail, .. },
        hints,
    } = err
    else {
        panic!("{err:?}")
    };
    assert!(detail.contains("not trusted"), "{detail}");
    assert!(hints[0].text().contains("SSL_CERT_FILE"));
    assert!(
        sf.requests().is_empty(),
        "nothing was sent to an untrusted server"
    );
}

#[test]
fn a_refused_connection_is_named() {
    let port = fake_salesforce::free_port();
    let target: LoginTarget = format!("https://127.0.0.1:{port}").parse().unwrap();
    let err = runtime()
        .block_on(
            TokenClient::new(HttpConfig::default())
                .unwrap()
                .request_token(&target, &admin()),
        )
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                error: TransportError::Refused { .. },
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn a_host_that_does_not_resolve_is_a_dns_error() {
    let target: LoginTarget = "https://sftoken-test.invalid".parse().unwrap();
    let err = runtime()
        .block_on(
            TokenClient::new(HttpConfig::default())
                .unwrap()
                .request_token(&target, &admin()),
        )
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                error: TransportError::Dns { .. },
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn malformed_answers_say_what_was_wrong() {
    use fake_salesforce::hostile::{HostileServer, Malformed};
    for kind in Malformed::ALL {
        let server = HostileServer::start(kind);
        let target: LoginTarget = server.url().parse().unwrap();
        let err = runtime()
            .block_on(
                TokenClient::new(HttpConfig::default())
                    .unwrap()
                    .request_token(&target, &admin()),
            )
            .unwrap_err();
        let shown = err.to_string();
        assert!(
            !shown.ends_with("error sending request")
                && !shown.ends_with("error sending request for url (http://127.0.0.1)"),
            "{kind:?}: {shown}"
        );
        assert!(
            matches!(
                &err,
                Error::Transport {
                    error: TransportError::Malformed { .. }
                        | TransportError::Dropped { .. }
                        | TransportError::NotJson { .. }
                        | TransportError::TooLarge { .. },
                    ..
                }
            ),
            "{kind:?}: {err:?}"
        );
    }
}

#[test]
fn a_proxy_that_cannot_be_reached_is_named_as_the_proxy() {
    let port = fake_salesforce::free_port();
    let proxy = format!("http://127.0.0.1:{port}");
    let client = TokenClient::new(HttpConfig {
        proxy: Some(proxy.clone()),
        ..HttpConfig::default()
    })
    .unwrap();
    let err = runtime()
        .block_on(client.request_token(&LoginTarget::Production, &admin()))
        .unwrap_err();
    match &err {
        Error::Transport {
            error: TransportError::Proxy { detail },
            ..
        } => assert!(detail.contains(&proxy), "{detail}"),
        other => panic!("not named as the proxy: {other:?}"),
    }
}
