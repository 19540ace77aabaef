//! Every fault mode is observable on the wire, and recorded like any request.

mod common;

use std::io::Read;
use std::time::{Duration, Instant};

use common::*;
use fake_salesforce::fixtures::*;
use fake_salesforce::token_endpoint::WRONG_SIGNING_KEY;
use fake_salesforce::{FakeSalesforce, Fault};

fn good_login(sf: &FakeSalesforce) -> Reply {
    post_token(
        sf,
        &http_addr(sf),
        &password_form(&ACME, &ACME_ADMIN, &ACME_ADMIN.password_with_token()),
    )
}

#[test]
fn slow_waits_then_answers() {
    let sf = FakeSalesforce::start();
    sf.set_fault(Some(Fault::Slow(Duration::from_millis(300))));
    let start = Instant::now();
    let reply = good_login(&sf);
    assert!(start.elapsed() >= Duration::from_millis(300));
    assert_eq!(reply.status, 200);
    sf.set_fault(None);
    let start = Instant::now();
    assert_eq!(good_login(&sf).status, 200);
    assert!(start.elapsed() < Duration::from_millis(300));
}

#[test]
fn html_pages_for_500_and_503() {
    let sf = FakeSalesforce::start();
    sf.set_fault(Some(Fault::Html500));
    let r = good_login(&sf);
    assert_eq!(r.status, 500);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert!(r.text().contains("<title>"));

    sf.set_fault(Some(Fault::Unavailable503 {
        retry_after_secs: 42,
    }));
    let r = good_login(&sf);
    assert_eq!(r.status, 503);
    assert_eq!(r.header("retry-after"), Some("42"));
    assert!(r.text().contains("Maintenance"));
}

#[test]
fn empty_truncated_and_oversized_bodies() {
    let sf = FakeSalesforce::start();
    sf.set_fault(Some(Fault::EmptyBody));
    let r = good_login(&sf);
    assert_eq!((r.status, r.body.len()), (200, 0));
    assert_eq!(
        r.header("content-type"),
        Some("application/json;charset=UTF-8")
    );

    sf.set_fault(Some(Fault::TruncatedJson));
    let r = good_login(&sf);
    assert_eq!(r.status, 200);
    assert!(
        r.text().starts_with("{\"access_token\":\"00D"),
        "{}",
        r.text()
    );
    assert!(serde_json::from_slice::<serde_json::Value>(&r.body).is_err());

    sf.set_fault(Some(Fault::Oversized { bytes: 200_000 }));
    let r = good_login(&sf);
    assert_eq!(r.status, 200);
    assert_eq!(r.body.len(), 200_000);
    let v = r.json();
    assert_eq!(v["instance_url"], "https://acme.my.salesforce.com");
    let id = v["id"].as_str().unwrap();
    assert_eq!(
        v["signature"],
        expected_signature(ACME_APP.client_secret, id, v["issued_at"].as_str().unwrap())
    );

    // Even a wrong login gets a success-shaped body: the fault is about the bytes.
    let r = post_token(&sf, "login.salesforce.com", "grant_type=password");
    assert_eq!(r.body.len(), 200_000);
}

#[test]
fn drop_connection_closes_without_an_answer() {
    let sf = FakeSalesforce::start();
    sf.set_fault(Some(Fault::DropConnection));
    let mut stream = connect(&http_addr(&sf));
    let body = password_form(&ACME, &ACME_ADMIN, &ACME_ADMIN.password_with_token());
    send(
        &mut stream,
        "POST",
        "127.0.0.1",
        TOKEN_PATH,
        Some("application/x-www-form-urlencoded"),
        &body,
    );
    let mut buf = Vec::new();
    let _ = stream.read_to_end(&mut buf);
    assert!(buf.is_empty(), "{}", String::from_utf8_lossy(&buf));
    assert_eq!(sf.requests().len(), 1, "recorded before the drop");

    let out = curl(&[
        &format!("{}/services/oauth2/token", sf.http_url()),
        "-d",
        "grant_type=password",
    ]);
    assert_eq!(out.status.code(), Some(52), "curl: empty reply from server");
}

#[test]
fn hang_never_answers_until_the_server_is_dropped() {
    let sf = FakeSalesforce::start();
    sf.set_fault(Some(Fault::Hang));
    let out = curl(&[
        "--max-time",
        "0.5",
        &format!("{}/services/oauth2/token", sf.http_url()),
        "-d",
        "a=b",
    ]);
    assert_eq!(out.status.code(), Some(28), "curl: timeout");

    let mut stream = connect(&http_addr(&sf));
    send(
        &mut stream,
        "POST",
        "127.0.0.1",
        TOKEN_PATH,
        Some("application/x-www-form-urlencoded"),
        "a=b",
    );
    while sf.requests().len() < 2 {
        std::thread::sleep(Duration::from_millis(10));
    }
    let start = Instant::now();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(200));
        drop(sf);
    });
    let mut buf = Vec::new();
    let _ = stream.read_to_end(&mut buf);
    assert!(buf.is_empty());
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "closed by the drop, not by the read timeout"
    );
}

#[test]
fn redirect_bad_signature_and_forced_json_error() {
    let sf = FakeSalesforce::start();
    sf.set_fault(Some(Fault::RedirectTo(
        "https://login.salesforce.com/services/oauth2/token".into(),
    )));
    let r = good_login(&sf);
    assert_eq!(r.status, 302);
    assert_eq!(
        r.header("location"),
        Some("https://login.salesforce.com/services/oauth2/token")
    );

    sf.set_fault(Some(Fault::BadSignature));
    let v = good_login(&sf).json();
    let (id, issued_at) = (v["id"].as_str().unwrap(), v["issued_at"].as_str().unwrap());
    assert_ne!(
        v["signature"],
        expected_signature(ACME_APP.client_secret, id, issued_at)
    );
    assert_eq!(
        v["signature"],
        expected_signature(WRONG_SIGNING_KEY, id, issued_at)
    );

    sf.set_fault(Some(Fault::JsonError {
        status: 401,
        error: "invalid_client".into(),
        description: "invalid client credentials".into(),
    }));
    let r = good_login(&sf);
    assert_eq!(r.status, 401);
    assert_eq!(
        r.header("content-type"),
        Some("application/json;charset=UTF-8")
    );
    assert_eq!(
        r.json(),
        serde_json::json!({"error":"invalid_client","error_description":"invalid client credentials"})
    );
    assert_eq!(sf.requests().len(), 3);
}

#[test]
fn faults_apply_inside_the_tls_tunnel_too() {
    let sf = FakeSalesforce::start();
    sf.set_fault(Some(Fault::Html500));
    let out = curl(&[
        "-o",
        "/dev/null",
        "-w",
        "%{http_code}",
        "--proxy",
        &sf.proxy_url(),
        "--cacert",
        sf.ca_file().to_str().unwrap(),
        "https://login.salesforce.com/services/oauth2/token",
        "-d",
        "grant_type=password",
    ]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "500");
}

#[test]
fn fault_specs_parse() {
    assert_eq!(
        Fault::from_spec("slow-ms=250"),
        Ok(Fault::Slow(Duration::from_millis(250)))
    );
    assert_eq!(
        Fault::from_spec("unavailable503"),
        Ok(Fault::Unavailable503 {
            retry_after_secs: 120
        })
    );
    assert_eq!(
        Fault::from_spec("oversized=10"),
        Ok(Fault::Oversized { bytes: 10 })
    );
    assert_eq!(
        Fault::from_spec("json-error=400:invalid_grant:authentication failure"),
        Ok(Fault::JsonError {
            status: 400,
            error: "invalid_grant".into(),
            description: "authentication failure".into()
        })
    );
    assert!(Fault::from_spec("nope").is_err());
    assert!(Fault::from_spec("slow-ms").is_err());
}
