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

/// One request with extra headers (e.g. `Authorization`) on a fresh connection to the plain
/// listener.
pub fn request_with(
    sf: &FakeSalesforce,
    method: &str,
    host: &str,
    path: &str,
    headers: &[(&str, &str)],
    content_type: Option<&str>,
    body: &str,
) -> Reply {
    let mut stream = connect(&http_addr(sf));
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(ct) = content_type {
        head.push_str(&format!("Content-Type: {ct}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body.as_bytes()).unwrap();
    read_reply(&mut BufReader::new(stream)).unwrap()
}

/// A form POST to `path` with extra headers.
pub fn post_form(
    sf: &FakeSalesforce,
    host: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Reply {
    request_with(
        sf,
        "POST",
        host,
        path,
        headers,
        Some("application/x-www-form-urlencoded"),
        body,
    )
}

/// A GET with `Authorization: Bearer token` (none when `token` is `None`).
pub fn get_with_token(sf: &FakeSalesforce, host: &str, path: &str, token: Option<&str>) -> Reply {
    let bearer = token.map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = bearer
        .as_deref()
        .map(|b| vec![("Authorization", b)])
        .unwrap_or_default();
    request_with(sf, "GET", host, path, &headers, None, "")
}

/// `Basic base64(id:secret)`.
pub fn basic(id: &str, secret: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"))
    )
}

/// The access token of a success answer (asserting it is one).
pub fn access_token_of(reply: &Reply) -> String {
    assert_eq!(reply.status, 200, "{}", reply.text());
    reply.json()["access_token"].as_str().unwrap().to_string()
}

/// The keys of a JSON object answer, in order.
pub fn keys(reply: &Reply) -> Vec<String> {
    reply.json().as_object().unwrap().keys().cloned().collect()
}

/// A fresh acme admin token from the password grant.
pub fn password_token(sf: &FakeSalesforce) -> String {
    access_token_of(&login(
        sf,
        "localhost",
        &fake_salesforce::fixtures::ACME,
        &fake_salesforce::fixtures::ACME_ADMIN,
        &fake_salesforce::fixtures::ACME_ADMIN.password_with_token(),
    ))
}

/// A fresh client credentials token of acme (runs as `ACME_INTEGRATION`).
pub fn client_credentials_token(sf: &FakeSalesforce) -> String {
    let app = fake_salesforce::fixtures::ACME_APP;
    let body = form(&[
        ("grant_type", "client_credentials"),
        ("client_id", app.client_id),
        ("client_secret", app.client_secret),
    ]);
    access_token_of(&post_token(sf, "localhost", &body))
}

pub const AUTHORIZE_PATH: &str = "/services/oauth2/authorize";
/// A callback a test "listens" on (any port is registered; this one is never bound).
pub const CALLBACK: &str = "http://localhost:53682/callback";
pub const VERIFIER: &str = "a-verifier-of-forty-three-characters-at-least-0123456789";

/// base64url-no-pad(SHA-256(verifier)), computed here independently of the crate.
pub fn challenge(verifier: &str) -> String {
    use sha2::Digest as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// `GET /services/oauth2/authorize?{query}` on `host`.
pub fn authorize(sf: &FakeSalesforce, host: &str, params: &[(&str, &str)]) -> Reply {
    request(
        sf,
        "GET",
        host,
        &format!("{AUTHORIZE_PATH}?{}", form(params)),
        None,
        "",
    )
}

/// The authorize parameters of acme's app with PKCE (`extra` appended).
pub fn authorize_params<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut params = vec![
        ("response_type", "code"),
        ("client_id", fake_salesforce::fixtures::ACME_APP.client_id),
        ("redirect_uri", CALLBACK),
        ("state", "st ate+&/é"),
        ("code_challenge_method", "S256"),
    ];
    params.extend_from_slice(extra);
    params
}

/// A 302's Location split into the URL before `?` and its decoded query parameters.
pub fn redirect_params(reply: &Reply) -> (String, Vec<(String, String)>) {
    assert_eq!(reply.status, 302, "{}", reply.text());
    let location = reply.header("location").expect("Location").to_string();
    let (base, query) = location.split_once('?').unwrap_or((&location, ""));
    let params = url::form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    (base.to_string(), params)
}

pub fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// An authorization code for acme's app with `scope` and the PKCE challenge of [`VERIFIER`].
pub fn pkce_code(sf: &FakeSalesforce, scope: &str) -> String {
    let challenge = challenge(VERIFIER);
    let reply = authorize(
        sf,
        "localhost",
        &authorize_params(&[("scope", scope), ("code_challenge", &challenge)]),
    );
    let (_, params) = redirect_params(&reply);
    param(&params, "code").expect("code").to_string()
}

/// The code exchange form of acme's app (no secret: a public client with PKCE).
pub fn exchange_form(code: &str, redirect_uri: &str, verifier: &str) -> String {
    form(&[
        ("grant_type", "authorization_code"),
        ("code", code),
        ("client_id", fake_salesforce::fixtures::ACME_APP.client_id),
        ("redirect_uri", redirect_uri),
        ("code_verifier", verifier),
    ])
}
