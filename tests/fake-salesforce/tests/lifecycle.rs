//! The handle's life: ports close on drop, keep-alive and connection ids, what is recorded, and
//! the standalone binary's JSON line and exit.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use fake_salesforce::fixtures::*;
use fake_salesforce::FakeSalesforce;

#[test]
fn drop_closes_every_port() {
    let sf = FakeSalesforce::start();
    let ports = [sf.http_port(), sf.https_port(), sf.proxy_port()];
    let ca_file = sf.ca_file().to_path_buf();
    assert!(ca_file.exists());
    assert_eq!(std::fs::read_to_string(&ca_file).unwrap(), sf.ca_pem());
    assert!(sf.ca_pem().starts_with("-----BEGIN CERTIFICATE-----"));
    for port in ports {
        TcpStream::connect(("127.0.0.1", port)).unwrap();
    }
    drop(sf);
    for port in ports {
        assert!(
            TcpStream::connect(("127.0.0.1", port)).is_err(),
            "port {port} still open"
        );
    }
    assert!(!ca_file.exists());
}

#[test]
fn keep_alive_reuses_the_connection_and_ids_differ_across_connections() {
    let sf = FakeSalesforce::start();
    let body = password_form(&ACME, &ACME_ADMIN, &ACME_ADMIN.password_with_token());
    let mut stream = connect(&http_addr(&sf));
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    for _ in 0..2 {
        send(
            &mut stream,
            "POST",
            "localhost",
            TOKEN_PATH,
            Some("application/x-www-form-urlencoded"),
            &body,
        );
        assert_eq!(read_reply(&mut reader).unwrap().status, 200);
    }
    assert_eq!(post_token(&sf, "localhost", &body).status, 200);
    let ids: Vec<u64> = sf.requests().iter().map(|r| r.connection_id).collect();
    assert_eq!(ids[0], ids[1]);
    assert_ne!(ids[1], ids[2]);
}

#[test]
fn records_the_request_as_sent() {
    let sf = FakeSalesforce::start();
    let r = request(
        &sf,
        "GET",
        "Acme.My.Salesforce.com:443",
        "/services/oauth2/nope?x=1&y=%20",
        None,
        "",
    );
    assert_eq!(r.status, 404);
    let recorded = sf.requests();
    let r = &recorded[0];
    assert_eq!(r.method, "GET");
    assert_eq!(r.host, "Acme.My.Salesforce.com:443");
    assert_eq!(r.path, "/services/oauth2/nope");
    assert_eq!(r.query.as_deref(), Some("x=1&y=%20"));
    let names: Vec<&str> = r.headers.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["host", "accept", "content-length"]);
    assert_eq!(r.header("Accept"), Some("application/json"));
    assert!(r.form.is_empty() && r.body.is_empty());

    // A JSON body is kept as bytes but not decoded as a form.
    request(
        &sf,
        "POST",
        "localhost",
        TOKEN_PATH,
        Some("application/json"),
        "{\"a\":\"b\"}",
    );
    let r = &sf.requests()[1];
    assert_eq!(r.body, b"{\"a\":\"b\"}");
    assert!(r.form.is_empty());

    sf.clear_requests();
    assert!(sf.requests().is_empty());
}

#[tokio::test]
async fn starts_and_stops_inside_a_tokio_runtime() {
    let sf = FakeSalesforce::start();
    let addr = http_addr(&sf);
    let reply = tokio::task::spawn_blocking(move || {
        let mut stream = connect(&addr);
        send(&mut stream, "GET", "localhost", "/", None, "");
        read_reply(&mut BufReader::new(stream)).unwrap()
    })
    .await
    .unwrap();
    assert_eq!(reply.status, 404);
    drop(sf);
}

#[test]
fn the_binary_prints_its_urls_and_stops_when_stdin_closes() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fake-salesforce"))
        .args(["--fault", "slow-ms=1"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["http_url", "https_url", "proxy_url", "ca_file"]);
    let ca_file = v["ca_file"].as_str().unwrap().to_string();
    assert!(std::path::Path::new(&ca_file).exists());

    let url = format!("{}/services/oauth2/token", v["https_url"].as_str().unwrap());
    let body = password_form(&ACME, &ACME_ADMIN, &ACME_ADMIN.password_with_token());
    let out = curl(&[
        "--cacert",
        &ca_file,
        "-o",
        "/dev/null",
        "-w",
        "%{http_code}",
        &url,
        "--data-binary",
        &body,
    ]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "200");

    child.stdin.take().unwrap().flush().unwrap(); // dropped here: stdin closes
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success());
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "binary did not stop"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        !std::path::Path::new(&ca_file).exists(),
        "temp dir cleaned up"
    );
}
