//! What the fake saw: every HTTP request (recorded before it is answered, faults included) and every
//! CONNECT the proxy was asked for, so tests can assert on what the client really sent — the form
//! encoding, the Host header, keep-alive reuse, whether it went through the proxy.

use std::sync::Mutex;

/// One HTTP request as the server received it.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    /// Distinct per TCP connection (or per tunnel through the proxy): equal ids mean keep-alive reuse.
    pub connection_id: u64,
    pub tls: bool,
    pub via_proxy: bool,
    /// The CONNECT target (`"login.salesforce.com:443"`) when the request came through the proxy.
    pub connect_authority: Option<String>,
    pub method: String,
    /// The Host header as sent (port included if the client sent one).
    pub host: String,
    pub path: String,
    pub query: Option<String>,
    /// Lower-cased names in the order received (hyper groups repeated names at their first place).
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The body decoded as `application/x-www-form-urlencoded`, in order (empty if not a form).
    pub form: Vec<(String, String)>,
}

impl RecordedRequest {
    /// The first value of a header (name in any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The first value of a form field.
    pub fn form_value(&self, name: &str) -> Option<&str> {
        self.form
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One CONNECT request the proxy received (accepted or refused).
#[derive(Clone, Debug)]
pub struct ProxyConnect {
    pub connection_id: u64,
    /// The request target, e.g. `"login.salesforce.com:443"` (for a non-CONNECT request, its target).
    pub authority: String,
    pub method: String,
    /// Lower-cased names, in order (`proxy-authorization` shows up here).
    pub headers: Vec<(String, String)>,
    /// Whether the proxy answered 200 and opened the tunnel.
    pub accepted: bool,
}

/// Where the connection a request arrived on came from.
#[derive(Clone, Debug)]
pub(crate) struct ConnInfo {
    pub connection_id: u64,
    pub tls: bool,
    pub connect_authority: Option<String>,
}

/// The shared logs.
#[derive(Default)]
pub(crate) struct Recorder {
    requests: Mutex<Vec<RecordedRequest>>,
    connects: Mutex<Vec<ProxyConnect>>,
}

impl Recorder {
    pub fn push(&self, request: RecordedRequest) {
        lock(&self.requests).push(request);
    }

    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.requests).clone()
    }

    pub fn clear(&self) {
        lock(&self.requests).clear();
        lock(&self.connects).clear();
    }

    pub fn push_connect(&self, connect: ProxyConnect) {
        lock(&self.connects).push(connect);
    }

    pub fn connects(&self) -> Vec<ProxyConnect> {
        lock(&self.connects).clone()
    }
}

/// Locks, ignoring poisoning: a panicking test thread must not take the server down with it.
pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Decodes a form body; empty unless the content type is `application/x-www-form-urlencoded`.
pub(crate) fn decode_form(content_type: Option<&str>, body: &[u8]) -> Vec<(String, String)> {
    if !is_form_content_type(content_type) {
        return Vec::new();
    }
    url::form_urlencoded::parse(body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// `application/x-www-form-urlencoded`, with any parameters (`; charset=UTF-8`), in any case.
pub(crate) fn is_form_content_type(content_type: Option<&str>) -> bool {
    content_type
        .and_then(|ct| ct.split(';').next())
        .is_some_and(|mime| {
            mime.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}
