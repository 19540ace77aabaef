//! Shared set-up for the core's tests against the fake Salesforce.
#![allow(dead_code)]

use std::time::Duration;

use fake_salesforce::{FakeSalesforce, User};
use sftoken_core::{Grant, HttpConfig, LoginTarget, PasswordGrant, SecretString, TokenClient};

/// A client that trusts the fake's CA and reaches the generic hosts through its CONNECT proxy, the
/// way a corporate network would: login.salesforce.com and test.salesforce.com are real names here.
pub fn client_via_proxy(sf: &FakeSalesforce) -> TokenClient {
    TokenClient::new(HttpConfig {
        extra_root_certs_pem: vec![sf.ca_pem().to_string()],
        proxy: Some(sf.proxy_url()),
        timeout: Duration::from_secs(5),
        ..HttpConfig::default()
    })
    .unwrap()
}

/// A client that talks to the fake directly (https://127.0.0.1:PORT acts as acme's My Domain).
pub fn direct_client(sf: &FakeSalesforce, timeout: Duration) -> TokenClient {
    TokenClient::new(HttpConfig {
        extra_root_certs_pem: vec![sf.ca_pem().to_string()],
        timeout,
        ..HttpConfig::default()
    })
    .unwrap()
}

pub fn my_domain(sf: &FakeSalesforce) -> LoginTarget {
    sf.https_url().parse().unwrap()
}

/// The password grant for a fixture user, with the right password and token unless overridden.
pub fn grant(client_id: &str, secret: &str, user: &User, token: Option<&str>) -> Grant {
    Grant::Password(PasswordGrant {
        client_id: client_id.into(),
        client_secret: SecretString::from(secret.to_string()),
        username: user.username.into(),
        password: SecretString::from(user.password.to_string()),
        security_token: token.map(|t| SecretString::from(t.to_string())),
    })
}

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Asserts that no secret value appears anywhere in what an error shows.
pub fn assert_no_secret_in(shown: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(
            !shown.contains(secret),
            "secret {secret:?} leaked into: {shown}"
        );
    }
}

/// Plays the browser: opens the authorize URL at the fake (through its proxy, trusting its CA),
/// which signs in and redirects, then follows that redirect to sftoken's loopback listener.
pub async fn browser(sf: &FakeSalesforce, authorize_url: &str) -> reqwest::Response {
    let via_proxy = reqwest::Client::builder()
        .proxy(reqwest::Proxy::all(sf.proxy_url()).unwrap())
        .add_root_certificate(reqwest::Certificate::from_pem(sf.ca_pem().as_bytes()).unwrap())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let redirect = via_proxy.get(authorize_url).send().await.unwrap();
    assert_eq!(redirect.status(), 302, "the fake signs in and redirects");
    let location = redirect.headers()["location"].to_str().unwrap().to_string();
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
        .get(location)
        .send()
        .await
        .unwrap()
}
