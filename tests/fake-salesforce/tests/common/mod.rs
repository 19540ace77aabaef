//! Test helpers: a tiny blocking HTTP/1.1 client over a raw TcpStream (so tests control the Host
//! header and the exact bytes, and can see connection-level faults), form encoding, and curl.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Output};
use std::time::Duration;

use base64::Engine as _;
use fake_salesforce::fixtures::{Org, User};
use fake_salesforce::FakeSalesforce;
use hmac::{Hmac, Mac};
use sha2::Sha256;

pub const TOKEN_PATH: &str = "/services/oauth2/token";

/// A parsed answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    /// Asserts an OAuth error answer.
    pub fn assert_error(&self, error: &str, description: &str) {
        assert_eq!(self.status, 400, "{}", self.text());
        assert_eq!(
            self.header("content-type"),
            Some("application/json;charset=UTF-8")
        );
        let v = self.json();
        assert_eq!(v["error"], error, "{v}");
        assert_eq!(v["error_description"], description, "{v}");
    }
}

/// `key=value&...`, percent-encoded as a form.
pub fn form(pairs: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

/// The password-grant form for `user` of `org`, with `password` as the password field.
pub fn password_form(org: &Org, user: &User, password: &str) -> String {
    form(&[
        ("grant_type", "password"),
        ("client_id", org.app.client_id),
        ("client_secret", org.app.client_secret),
        ("username", user.username),
        ("password", password),
    ])
}

/// `127.0.0.1:PORT` of the plain listener.
pub fn http_addr(sf: &FakeSalesforce) -> String {
    sf.http_url().trim_start_matches("http://").to_string()
}

pub fn connect(addr: &str) -> TcpStream {
    let stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
}

/// Writes a request (keep-alive) on `stream`.
pub fn send(
    stream: &mut TcpStream,
    method: &str,
    host: &str,
    path: &str,
    content_type: Option<&str>,
    body: &str,
) {
    let mut head =
        format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n");
    if let Some(ct) = content_type {
        head.push_str(&format!("Content-Type: {ct}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body.as_bytes()).unwrap();
}

/// Reads one answer framed by Content-Length (the fake always sends one).
pub fn read_reply(reader: &mut BufReader<TcpStream>) -> std::io::Result<Reply> {
    let mut status_line = String::new();
    if reader.read_line(&mut status_line)? == 0 {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((n, v)) = line.split_once(':') {
            headers.push((n.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(Reply {
        status,
        headers,
        body,
    })
}

/// One request on a fresh connection to the plain listener, with this Host header.
pub fn request(
    sf: &FakeSalesforce,
    method: &str,
    host: &str,
    path: &str,
    content_type: Option<&str>,
    body: &str,
) -> Reply {
    let mut stream = connect(&http_addr(sf));
    send(&mut stream, method, host, path, content_type, body);
    read_reply(&mut BufReader::new(stream)).unwrap()
}

/// A form POST to the token endpoint on the plain listener, with this Host header.
pub fn post_token(sf: &FakeSalesforce, host: &str, body: &str) -> Reply {
    request(
        sf,
        "POST",
        host,
        TOKEN_PATH,
        Some("application/x-www-form-urlencoded"),
        body,
    )
}

/// A password-grant login on the plain listener with this Host header.
pub fn login(sf: &FakeSalesforce, host: &str, org: &Org, user: &User, password: &str) -> Reply {
    post_token(sf, host, &password_form(org, user, password))
}

/// HMAC-SHA256(key, id + issued_at), base64 — computed here, independently of the crate.
pub fn expected_signature(key: &str, id: &str, issued_at: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(format!("{id}{issued_at}").as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// Runs curl (silent, errors shown, bounded in time) with these arguments.
pub fn curl(args: &[&str]) -> Output {
    Command::new("curl")
        .args(["-sS", "--max-time", "10", "--noproxy", ""])
        .args(args)
        .env_remove("http_proxy")
        .env_remove("https_proxy")
        .env_remove("HTTPS_PROXY")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy")
        .output()
        .expect("curl runs")
}
