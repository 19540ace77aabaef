//! The flows that replace the password grant, end to end against the fake Salesforce: client
//! credentials, JWT bearer, the browser sign-in with PKCE, refresh (with and without rotation), and
//! what comes after: who am I, introspection, API versions, revoke.

mod common;

use std::time::Duration;

use common::*;
use fake_salesforce::fixtures::*;
use fake_salesforce::{Authorize, FakeSalesforce};
use sftoken_core::*;

fn acme() -> LoginTarget {
    "acme".parse().unwrap()
}

fn refused(err: Error) -> (String, String, Vec<String>) {
    match err {
        Error::Rejected { oauth, hints } => (
            oauth.error,
            oauth.error_description.unwrap_or_default(),
            hints.into_iter().map(|h| h.text().to_string()).collect(),
        ),
        other => panic!("not a refusal: {other:?}"),
    }
}

fn cc(app: &ConnectedApp) -> Grant {
    Grant::ClientCredentials(ClientCredentialsGrant {
        client_id: app.client_id.into(),
        client_secret: SecretString::from(app.client_secret),
    })
}

#[test]
fn client_credentials_on_the_my_domain_logs_in_as_the_run_as_user() {
    let sf = FakeSalesforce::start();
    let outcome = runtime()
        .block_on(client_via_proxy(&sf).request_token(&acme(), &cc(&ACME_APP)))
        .unwrap();
    assert_eq!(
        outcome.response.identity.clone().unwrap().user_id,
        ACME_INTEGRATION.user_id
    );
    assert_eq!(outcome.signature, SignatureVerdict::Verified);
    let r = &sf.requests()[0];
    assert_eq!(r.host, "acme.my.salesforce.com");
    let keys: Vec<&str> = r.form.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["grant_type", "client_id", "client_secret"]);
}

#[test]
fn client_credentials_elsewhere_or_without_a_run_as_user_is_explained() {
    let sf = FakeSalesforce::start();
    let rt = runtime();
    let err = rt
        .block_on(client_via_proxy(&sf).request_token(&LoginTarget::Production, &cc(&ACME_APP)))
        .unwrap_err();
    let (_, description, hints) = refused(err);
    assert_eq!(description, "request not supported on this domain");
    assert!(hints[0].contains("My Domain"));
    let err = rt
        .block_on(
            client_via_proxy(&sf).request_token(&"acme--dev".parse().unwrap(), &cc(&ACME_DEV_APP)),
        )
        .unwrap_err();
    let (_, description, hints) = refused(err);
    assert_eq!(description, "no client credentials user enabled");
    assert!(hints[0].contains("Run As"));
}

fn jwt(app: &ConnectedApp, user: &User, target: &LoginTarget, pem: &str) -> Grant {
    let dir = tempfile::tempdir().unwrap();
    let key = write_key_file(dir.path(), pem);
    Grant::JwtBearer(
        JwtBearerGrant::from_key_file(app.client_id, user.username, &audience_for(target), &key)
            .unwrap(),
    )
}

#[test]
fn jwt_bearer_signs_an_assertion_the_org_accepts() {
    let sf = FakeSalesforce::start();
    for pem in [JWT_PRIVATE_KEY_PEM, JWT_RSA_PRIVATE_KEY_PEM] {
        let grant = jwt(&ACME_APP, &ACME_ADMIN, &LoginTarget::Production, pem);
        let Grant::JwtBearer(g) = &grant else {
            unreachable!()
        };
        assert_eq!(g.claims().aud, "https://login.salesforce.com");
        assert_eq!(
            (g.claims().iss.as_str(), g.claims().sub.as_str()),
            (ACME_APP.client_id, ACME_ADMIN.username)
        );
        let outcome = runtime()
            .block_on(client_via_proxy(&sf).request_token(&LoginTarget::Production, &grant))
            .unwrap();
        assert_eq!(
            outcome.signature,
            SignatureVerdict::Absent,
            "JWT answers carry no signature"
        );
        assert_eq!(
            outcome.response.identity.clone().unwrap().user_id,
            ACME_ADMIN.user_id
        );
    }
    let keys: Vec<String> = sf.requests()[0]
        .form
        .iter()
        .map(|(k, _)| k.clone())
        .collect();
    assert_eq!(keys, ["grant_type", "assertion"], "no secret is sent");
}

#[test]
fn jwt_bearer_errors_are_each_explained() {
    let sf = FakeSalesforce::start();
    let rt = runtime();
    let client = client_via_proxy(&sf);
    let other_key = jwt(
        &ACME_APP,
        &ACME_ADMIN,
        &LoginTarget::Production,
        JWT_OTHER_PRIVATE_KEY_PEM,
    );
    let (_, description, hints) = refused(
        rt.block_on(client.request_token(&LoginTarget::Production, &other_key))
            .unwrap_err(),
    );
    assert_eq!(description, "invalid assertion");
    assert!(hints[0].contains("certificate"));
    let unapproved = jwt(
        &ACME_APP,
        &ACME_UNASSIGNED,
        &LoginTarget::Production,
        JWT_PRIVATE_KEY_PEM,
    );
    let (_, description, hints) = refused(
        rt.block_on(client.request_token(&LoginTarget::Production, &unapproved))
            .unwrap_err(),
    );
    assert_eq!(description, "user hasn't approved this consumer");
    assert!(hints[0].contains("pre-authorized"));
    let pem = SecretString::from(JWT_PRIVATE_KEY_PEM);
    let wrong_aud = JwtBearerGrant::sign(
        ACME_APP.client_id,
        ACME_ADMIN.username,
        "https://test.salesforce.com",
        &pem,
        Duration::from_secs(120),
    )
    .unwrap();
    let (_, description, hints) = refused(
        rt.block_on(client.request_token(&LoginTarget::Production, &Grant::JwtBearer(wrong_aud)))
            .unwrap_err(),
    );
    assert_eq!(description, "audience is invalid");
    assert!(hints[0].contains("aud"));
}

#[test]
fn the_browser_sign_in_with_pkce_gets_a_token_and_a_refresh_token() {
    let sf = FakeSalesforce::start();
    let client = client_via_proxy(&sf);
    let outcome = runtime().block_on(async {
        let sign_in = BrowserSignIn::start(&acme(), ACME_APP.client_id, DEFAULT_SCOPE, "http://127.0.0.1:0/callback").await.unwrap();
        let url = sign_in.authorize_url().to_string();
        assert!(url.starts_with("https://acme.my.salesforce.com/services/oauth2/authorize?response_type=code&client_id="));
        let (grant, page) = tokio::join!(sign_in.finish(None, Duration::from_secs(10)), browser(&sf, &url));
        assert_eq!(page.status(), 200);
        assert!(page.text().await.unwrap().contains("You can close this tab"));
        client.request_token(&acme(), &Grant::AuthorizationCode(grant.unwrap())).await.unwrap()
    });
    let requests = sf.requests();
    let authorize = requests
        .iter()
        .find(|r| r.path == "/services/oauth2/authorize")
        .unwrap();
    let query = authorize.query.clone().unwrap();
    assert!(query.contains("code_challenge=") && query.contains("code_challenge_method=S256"));
    assert!(
        !query.contains("code_verifier"),
        "the verifier never goes to the browser"
    );
    let exchange = requests
        .iter()
        .find(|r| r.form_value("grant_type") == Some("authorization_code"))
        .unwrap();
    let verifier = SecretString::from(exchange.form_value("code_verifier").unwrap().to_string());
    let challenge = url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "code_challenge")
        .unwrap()
        .1
        .into_owned();
    assert!(pkce::verifies(&verifier, &challenge));
    assert!(outcome.response.expose_field("refresh_token").is_some());
    assert_eq!(
        outcome.response.identity.clone().unwrap().user_id,
        ACME_ADMIN.user_id
    );
}

#[test]
fn a_denied_consent_and_a_foreign_state_are_refused() {
    let sf = FakeSalesforce::start();
    sf.set_authorize(Authorize::Deny);
    let denied = runtime().block_on(async {
        let sign_in = BrowserSignIn::start(
            &acme(),
            ACME_APP.client_id,
            DEFAULT_SCOPE,
            "http://127.0.0.1:0/callback",
        )
        .await
        .unwrap();
        let url = sign_in.authorize_url().to_string();
        tokio::join!(
            sign_in.finish(None, Duration::from_secs(10)),
            browser(&sf, &url)
        )
        .0
    });
    assert!(
        matches!(denied, Err(SignInError::Denied { ref error, .. }) if error == "access_denied"),
        "{denied:?}"
    );

    sf.set_authorize(Authorize::ApproveAsAdmin);
    let (mismatch, forged_status) = runtime().block_on(async {
        let sign_in = BrowserSignIn::start(
            &acme(),
            ACME_APP.client_id,
            DEFAULT_SCOPE,
            "http://127.0.0.1:0/callback",
        )
        .await
        .unwrap();
        let forged = format!("{}?code=stolen&state=not-ours", sign_in.redirect_uri());
        let visit = async {
            reqwest::Client::builder()
                .no_proxy()
                .build()
                .unwrap()
                .get(forged)
                .send()
                .await
                .unwrap()
                .status()
        };
        tokio::join!(sign_in.finish(None, Duration::from_millis(800)), visit)
    });
    assert_eq!(forged_status, 400, "the forged answer is refused");
    assert_eq!(mismatch.unwrap_err(), SignInError::StateMismatch);

    let after_forgery = runtime().block_on(async {
        let sign_in = BrowserSignIn::start(
            &acme(),
            ACME_APP.client_id,
            DEFAULT_SCOPE,
            "http://127.0.0.1:0/callback",
        )
        .await
        .unwrap();
        let url = sign_in.authorize_url().to_string();
        let forged = format!("{}?code=stolen&state=not-ours", sign_in.redirect_uri());
        let visits = async {
            reqwest::Client::builder()
                .no_proxy()
                .build()
                .unwrap()
                .get(forged)
                .send()
                .await
                .unwrap();
            browser(&sf, &url).await
        };
        tokio::join!(sign_in.finish(None, Duration::from_secs(10)), visits).0
    });
    assert!(
        after_forgery.is_ok(),
        "a foreign request does not end the real sign-in: {after_forgery:?}"
    );
}

#[test]
fn a_wrong_verifier_is_refused_and_a_busy_port_explained() {
    let sf = FakeSalesforce::start();
    let client = client_via_proxy(&sf);
    let err = runtime().block_on(async {
        let sign_in = BrowserSignIn::start(
            &acme(),
            ACME_APP.client_id,
            DEFAULT_SCOPE,
            "http://127.0.0.1:0/callback",
        )
        .await
        .unwrap();
        let url = sign_in.authorize_url().to_string();
        let mut grant = tokio::join!(
            sign_in.finish(None, Duration::from_secs(10)),
            browser(&sf, &url)
        )
        .0
        .unwrap();
        grant.code_verifier =
            SecretString::from(pkce::Pkce::new().verifier.expose_secret().to_string());
        client
            .request_token(&acme(), &Grant::AuthorizationCode(grant))
            .await
            .unwrap_err()
    });
    let (error, description, _) = refused(err);
    assert_eq!(
        (error.as_str(), description.as_str()),
        ("invalid_grant", "invalid code verifier")
    );

    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let callback = format!(
        "http://127.0.0.1:{}/callback",
        taken.local_addr().unwrap().port()
    );
    let busy = runtime().block_on(BrowserSignIn::start(
        &acme(),
        ACME_APP.client_id,
        DEFAULT_SCOPE,
        &callback,
    ));
    assert!(matches!(busy, Err(SignInError::PortBusy { .. })));
}

/// A refresh token from a real sign-in to `target` with `app`.
fn refresh_token_for(
    sf: &FakeSalesforce,
    target: &LoginTarget,
    app: &ConnectedApp,
) -> SecretString {
    let client = client_via_proxy(sf);
    runtime().block_on(async {
        let sign_in = BrowserSignIn::start(
            target,
            app.client_id,
            DEFAULT_SCOPE,
            "http://127.0.0.1:0/callback",
        )
        .await
        .unwrap();
        let url = sign_in.authorize_url().to_string();
        let grant = tokio::join!(
            sign_in.finish(None, Duration::from_secs(10)),
            browser(sf, &url)
        )
        .0
        .unwrap();
        let outcome = client
            .request_token(target, &Grant::AuthorizationCode(grant))
            .await
            .unwrap();
        SecretString::from(outcome.response.expose_field("refresh_token").unwrap())
    })
}

fn refresh(app: &ConnectedApp, token: &SecretString) -> Grant {
    Grant::Refresh(RefreshGrant {
        client_id: app.client_id.into(),
        client_secret: None,
        refresh_token: token.clone(),
    })
}

#[test]
fn refresh_without_rotation_keeps_the_refresh_token() {
    let sf = FakeSalesforce::start();
    let token = refresh_token_for(&sf, &acme(), &ACME_APP);
    let rt = runtime();
    for _ in 0..2 {
        let outcome = rt
            .block_on(client_via_proxy(&sf).request_token(&acme(), &refresh(&ACME_APP, &token)))
            .unwrap();
        assert!(outcome.response.expose_field("refresh_token").is_none());
        assert_eq!(
            outcome.signature,
            SignatureVerdict::Absent,
            "no client secret sent: nothing to check it with"
        );
    }
}

#[test]
fn refresh_with_rotation_replaces_the_refresh_token_and_the_old_one_dies() {
    let sf = FakeSalesforce::start();
    let dev: LoginTarget = "acme--dev".parse().unwrap();
    let first = refresh_token_for(&sf, &dev, &ACME_DEV_APP);
    let rt = runtime();
    let outcome = rt
        .block_on(client_via_proxy(&sf).request_token(&dev, &refresh(&ACME_DEV_APP, &first)))
        .unwrap();
    let second = outcome
        .response
        .expose_field("refresh_token")
        .expect("rotated");
    assert_ne!(second, first.expose_secret());
    let err = rt
        .block_on(client_via_proxy(&sf).request_token(&dev, &refresh(&ACME_DEV_APP, &first)))
        .unwrap_err();
    let (_, description, hints) = refused(err);
    assert_eq!(description, "expired access/refresh token");
    assert!(hints[0].contains("rotation"));
}

#[test]
fn whoami_introspection_and_api_versions_describe_a_token() {
    let sf = FakeSalesforce::start();
    let client = client_via_proxy(&sf);
    let rt = runtime();
    let outcome = rt
        .block_on(client.request_token(&acme(), &cc(&ACME_APP)))
        .unwrap();
    let token = outcome.response.access_token().clone();
    let who = rt.block_on(client.whoami(&acme(), &token)).unwrap();
    assert_eq!(
        (
            who.username.as_str(),
            who.org_id.as_str(),
            who.user_id.as_str()
        ),
        (
            ACME_INTEGRATION.username,
            ACME.org_id,
            ACME_INTEGRATION.user_id
        )
    );
    assert!(who.display_name.is_some());
    let info = rt
        .block_on(client.introspect(
            &acme(),
            &token,
            ACME_APP.client_id,
            &SecretString::from(ACME_APP.client_secret),
        ))
        .unwrap();
    assert!(info.active && info.expires_at.is_some(), "{info:?}");
    let version = rt
        .block_on(client.latest_api_version(&ACME.instance_url()))
        .unwrap();
    assert_eq!(version, fake_salesforce::rest_api::LATEST_API_VERSION);

    let password = grant(
        ACME_APP.client_id,
        ACME_APP.client_secret,
        &ACME_ADMIN,
        Some(ACME_ADMIN.security_token),
    );
    let pw = rt
        .block_on(client.request_token(&acme(), &password))
        .unwrap();
    let info = rt
        .block_on(client.introspect(
            &acme(),
            pw.response.access_token(),
            ACME_APP.client_id,
            &SecretString::from(ACME_APP.client_secret),
        ))
        .unwrap();
    assert!(info.active && info.expires_at.is_none());
    assert!(info.summary().contains("session timeout"));
}

#[test]
fn a_revoked_token_is_refused_afterwards() {
    let sf = FakeSalesforce::start();
    let client = client_via_proxy(&sf);
    let rt = runtime();
    let outcome = rt
        .block_on(client.request_token(&acme(), &cc(&ACME_APP)))
        .unwrap();
    let token = outcome.response.access_token().clone();
    rt.block_on(client.revoke(&acme(), &token)).unwrap();
    assert!(!sf.token_is_active(token.expose_secret()));
    let (error, _, hints) = refused(rt.block_on(client.whoami(&acme(), &token)).unwrap_err());
    assert_eq!(error, "Bad_OAuth_Token");
    assert!(hints[0].contains("revoked"));
    let info = rt
        .block_on(client.introspect(
            &acme(),
            &token,
            ACME_APP.client_id,
            &SecretString::from(ACME_APP.client_secret),
        ))
        .unwrap();
    assert!(!info.active);
    let (error, _, hints) = refused(rt.block_on(client.revoke(&acme(), &token)).unwrap_err());
    assert_eq!(error, "invalid_token", "form-encoded errors are read");
    assert!(!hints.is_empty());
}

#[test]
fn a_sign_in_that_never_comes_back_times_out_and_frees_the_port() {
    let port = fake_salesforce::free_port();
    let callback = format!("http://127.0.0.1:{port}/callback");
    let result = runtime().block_on(async {
        let sign_in = BrowserSignIn::start(&acme(), ACME_APP.client_id, DEFAULT_SCOPE, &callback)
            .await
            .unwrap();
        sign_in.finish(None, Duration::from_millis(300)).await
    });
    assert_eq!(result.unwrap_err(), SignInError::TimedOut { secs: 1 });
    assert!(
        std::net::TcpListener::bind(("127.0.0.1", port)).is_ok(),
        "the listener is closed"
    );
}
