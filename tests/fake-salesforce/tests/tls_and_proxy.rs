//! TLS with the throwaway CA and the CONNECT proxy, driven by real clients (curl and reqwest).

mod common;

use std::io::{BufReader, Write};

use common::*;
use fake_salesforce::fixtures::*;
use fake_salesforce::{unrelated_ca_pem, FakeSalesforce};

fn form_args(org: &Org, user: &User, password: &str) -> Vec<String> {
    vec!["--data-binary".into(), password_form(org, user, password)]
}

fn curl_token(extra: &[&str], url: &str, form: &[String]) -> std::process::Output {
    let mut args: Vec<&str> = extra.to_vec();
    args.extend(["-w", "\n%{http_code}", url]);
    args.extend(form.iter().map(String::as_str));
    curl(&args)
}

fn status_and_body(out: &std::process::Output) -> (String, serde_json::Value) {
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let (body, status) = text.rsplit_once('\n').unwrap_or(("", &text));
    (
        status.to_string(),
        serde_json::from_str(body).unwrap_or(serde_json::Value::Null),
    )
}

#[test]
fn sandbox_user_through_the_proxy_over_tls() {
    let sf = FakeSalesforce::start();
    let ca = sf.ca_file().to_str().unwrap();
    let proxy = sf.proxy_url();
    let form = form_args(
        &ACME_DEV,
        &ACME_DEV_ADMIN,
        &ACME_DEV_ADMIN.password_with_token(),
    );
    let out = curl_token(
        &["--proxy", &proxy, "--cacert", ca],
        "https://test.salesforce.com/services/oauth2/token",
        &form,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (status, body) = status_and_body(&out);
    assert_eq!(status, "200");
    assert_eq!(
        body["instance_url"],
        "https://acme--dev.sandbox.my.salesforce.com"
    );

    let requests = sf.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert!(r.via_proxy && r.tls);
    assert_eq!(
        r.connect_authority.as_deref(),
        Some("test.salesforce.com:443")
    );
    assert_eq!(r.host, "test.salesforce.com");
    assert_eq!(r.path, "/services/oauth2/token");
    let connects = sf.proxy_connects();
    assert_eq!(connects.len(), 1);
    assert!(connects[0].accepted);
    assert_eq!(connects[0].connection_id, r.connection_id);
}

#[test]
fn production_user_through_test_salesforce_com_fails() {
    let sf = FakeSalesforce::start();
    let ca = sf.ca_file().to_str().unwrap();
    let proxy = sf.proxy_url();
    let form = form_args(&ACME, &ACME_ADMIN, &ACME_ADMIN.password_with_token());
    let out = curl_token(
        &["--proxy", &proxy, "--cacert", ca],
        "https://test.salesforce.com/services/oauth2/token",
        &form,
    );
    let (status, body) = status_and_body(&out);
    assert_eq!(status, "400");
    assert_eq!(body["error"], "invalid_client_id");
    // And on its My Domain through the proxy it works.
    let out = curl_token(
        &["--proxy", &proxy, "--cacert", ca],
        "https://acme.my.salesforce.com/services/oauth2/token",
        &form,
    );
    assert_eq!(status_and_body(&out).0, "200");
}

#[test]
fn direct_https_verifies_with_the_ca_and_refuses_another() {
    let sf = FakeSalesforce::start();
    let url = format!("{}/services/oauth2/token", sf.https_url());
    assert_eq!(
        url,
        format!(
            "https://127.0.0.1:{}/services/oauth2/token",
            sf.https_port()
        )
    );
    let form = form_args(&ACME, &ACME_ADMIN, &ACME_ADMIN.password_with_token());
    let out = curl_token(&["--cacert", sf.ca_file().to_str().unwrap()], &url, &form);
    assert_eq!(
        status_and_body(&out).0,
        "200",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(sf.requests()[0].tls && !sf.requests()[0].via_proxy);

    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.pem");
    std::fs::write(&other, unrelated_ca_pem()).unwrap();
    let out = curl_token(&["--cacert", other.to_str().unwrap()], &url, &form);
    assert_eq!(
        out.status.code(),
        Some(60),
        "curl: peer certificate cannot be authenticated"
    );
    // No CA at all: the system store does not know the throwaway CA either.
    let out = curl_token(&[], &url, &form);
    assert_eq!(out.status.code(), Some(60));
}

#[test]
fn proxy_refuses_other_hosts_and_methods() {
    let sf = FakeSalesforce::start();
    let out = curl(&["--proxy", &sf.proxy_url(), "https://example.com/"]);
    assert_eq!(
        out.status.code(),
        Some(56),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("502"));
    let connects = sf.proxy_connects();
    assert_eq!(connects[0].authority, "example.com:443");
    assert!(!connects[0].accepted);

    let mut stream = connect(sf.proxy_url().trim_start_matches("http://"));
    stream
        .write_all(
            b"GET http://login.salesforce.com/ HTTP/1.1\r\nHost: login.salesforce.com\r\n\r\n",
        )
        .unwrap();
    let reply = read_reply(&mut BufReader::new(stream)).unwrap();
    assert_eq!(reply.status, 405);
    assert!(sf.requests().is_empty());
}

#[test]
fn plain_http_inside_a_tunnel_is_served_too() {
    let sf = FakeSalesforce::start();
    let form = form_args(&ACME, &ACME_ADMIN, &ACME_ADMIN.password_with_token());
    let out = curl_token(
        &["--proxytunnel", "--proxy", &sf.proxy_url()],
        "http://login.salesforce.com/services/oauth2/token",
        &form,
    );
    assert_eq!(
        status_and_body(&out).0,
        "200",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = &sf.requests()[0];
    assert!(r.via_proxy && !r.tls);
    assert_eq!(
        r.connect_authority.as_deref(),
        Some("login.salesforce.com:80")
    );
}

#[tokio::test]
async fn reqwest_through_the_proxy_reuses_the_tunnel() {
    let sf = FakeSalesforce::start();
    let client = reqwest::Client::builder()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(sf.ca_pem().as_bytes()).unwrap())
        .proxy(reqwest::Proxy::https(sf.proxy_url()).unwrap())
        .build()
        .unwrap();
    let body = password_form(&ACME, &ACME_ADMIN, &ACME_ADMIN.password_with_token());
    for _ in 0..2 {
        let response = client
            .post("https://login.salesforce.com/services/oauth2/token")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let v: serde_json::Value =
            serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
        assert_eq!(v["instance_url"], "https://acme.my.salesforce.com");
    }
    let requests = sf.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].connection_id, requests[1].connection_id,
        "keep-alive through the tunnel"
    );
    assert_eq!(sf.proxy_connects().len(), 1);
    assert_eq!(
        requests[0].connect_authority.as_deref(),
        Some("login.salesforce.com:443")
    );
}
