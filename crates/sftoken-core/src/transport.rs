//! Everything that can go wrong between sending the request and reading a Salesforce answer:
//! the network (DNS, refused, TLS, timeout, dropped) and answers that are not a token or an OAuth
//! error (redirects, HTML pages, 503s, empty, truncated or oversized bodies). Each reads plainly.

use std::time::Duration;

/// A request that did not produce a Salesforce answer sftoken could read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    #[error("no answer from {host} within {} s", after.as_secs_f32())]
    Timeout { host: String, after: Duration },
    #[error("could not connect to {host} within {} s", after.as_secs_f32())]
    ConnectTimeout { host: String, after: Duration },
    #[error("the host name {host} could not be resolved (DNS)")]
    Dns { host: String },
    #[error("{host} refused the connection (nothing listens on that port)")]
    Refused { host: String },
    #[error("the TLS connection to {host} failed: {detail}")]
    Tls { host: String, detail: String },
    #[error("the connection to {host} was closed before a complete answer arrived")]
    Dropped { host: String },
    #[error("HTTP {status} redirect to {} (not followed: credentials are never re-sent to another address)", location.as_deref().unwrap_or("an unnamed location"))]
    Redirect {
        status: u16,
        location: Option<String>,
    },
    #[error("the answer exceeded {limit} bytes and was not read further")]
    TooLarge { limit: usize },
    #[error("HTTP {status} with an empty body")]
    EmptyBody { status: u16 },
    #[error("HTTP {status}: the JSON answer was cut off: {excerpt}")]
    TruncatedJson { status: u16, excerpt: String },
    #[error("HTTP {status}: Salesforce is unavailable{}: {excerpt}", retry_after.as_deref().map(|r| format!(" (Retry-After: {r})")).unwrap_or_default())]
    Unavailable {
        status: u16,
        retry_after: Option<String>,
        excerpt: String,
    },
    #[error("HTTP {status} answered with {} instead of JSON: {excerpt}", content_type.as_deref().unwrap_or("no content type"))]
    NotJson {
        status: u16,
        content_type: Option<String>,
        excerpt: String,
    },
    #[error("HTTP {status}: a JSON answer that is neither a token nor an OAuth error: {excerpt}")]
    Unexpected { status: u16, excerpt: String },
    #[error("the proxy refused or failed the connection: {detail}")]
    Proxy { detail: String },
    #[error("the answer from {host} is not valid HTTP: {detail}")]
    Malformed { host: String, detail: String },
    #[error("the request failed: {detail}")]
    Other { detail: String },
}

impl TransportError {
    /// Classifies a reqwest failure by walking its chain of causes.
    pub(crate) fn from_reqwest(
        error: &reqwest::Error,
        host: &str,
        config: &crate::HttpConfig,
    ) -> TransportError {
        let classified = TransportError::classify(error, host, config);
        if tracing::enabled!(tracing::Level::DEBUG) {
            let mut chain = Vec::new();
            let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
            while let Some(e) = source {
                chain.push(e.to_string());
                source = e.source();
            }
            // URLs in reqwest's messages carry no secret (secrets travel in the body only).
            tracing::debug!("request to {host} failed: {}", chain.join(" ← "));
        }
        // A connection that never reached the host went through the proxy, when one is in use:
        // name the proxy, not Salesforce.
        match (&classified, config.proxy_in_use(host)) {
            (
                TransportError::Refused { .. }
                | TransportError::Dns { .. }
                | TransportError::ConnectTimeout { .. },
                Some(proxy),
            ) => TransportError::Proxy {
                detail: format!("the proxy {proxy} could not be reached ({classified})"),
            },
            _ => classified,
        }
    }

    fn classify(error: &reqwest::Error, host: &str, config: &crate::HttpConfig) -> TransportError {
        let host = host.to_string();
        let mut causes: Vec<String> = Vec::new();
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
        let mut text = String::new();
        while let Some(e) = source {
            if let Some(tls) = e.downcast_ref::<rustls::Error>() {
                return TransportError::Tls {
                    host,
                    detail: tls_detail(tls),
                };
            }
            if let Some(io) = e.downcast_ref::<std::io::Error>() {
                if let Some(tls) = rustls_inside(io) {
                    return TransportError::Tls {
                        host,
                        detail: tls_detail(tls),
                    };
                }
                use std::io::ErrorKind::*;
                match io.kind() {
                    ConnectionRefused => return TransportError::Refused { host },
                    ConnectionReset | ConnectionAborted | UnexpectedEof | BrokenPipe => {
                        return TransportError::Dropped { host }
                    }
                    _ => {}
                }
            }
            if let Some(h) = e.downcast_ref::<hyper::Error>() {
                if h.is_incomplete_message() || h.is_closed() || h.is_canceled() {
                    return TransportError::Dropped { host };
                }
                if h.is_parse() || h.is_parse_too_large() || h.is_parse_status() {
                    return TransportError::Malformed {
                        host,
                        detail: h.to_string(),
                    };
                }
            }
            let said = e.to_string();
            if !said.is_empty() && !causes.iter().any(|c| c.contains(&said)) {
                causes.push(said.clone());
            }
            text.push_str(&said.to_ascii_lowercase());
            text.push('\n');
            source = e.source();
        }
        if error.is_timeout() {
            return if error.is_connect() {
                TransportError::ConnectTimeout {
                    host,
                    after: config.connect_timeout,
                }
            } else {
                TransportError::Timeout {
                    host,
                    after: config.timeout,
                }
            };
        }
        if text.contains("dns error") || text.contains("failed to lookup address") {
            return TransportError::Dns { host };
        }
        if text.contains("proxy") || text.contains("tunnel") {
            return TransportError::Proxy {
                detail: first_line(&text),
            };
        }
        if text.contains("connection closed") || text.contains("end of file") {
            return TransportError::Dropped { host };
        }
        // Every cause, outermost first ("error sending request" alone says nothing).
        TransportError::Other {
            detail: if causes.is_empty() {
                first_line(&text)
            } else {
                causes.join(": ")
            },
        }
    }
}

/// io::Error::source() skips the error it wraps, and TLS errors arrive as an io::Error inside an
/// io::Error: unwrap explicitly.
fn rustls_inside(mut io: &std::io::Error) -> Option<&rustls::Error> {
    loop {
        let inner = io.get_ref()?;
        if let Some(tls) = inner.downcast_ref::<rustls::Error>() {
            return Some(tls);
        }
        io = inner.downcast_ref::<std::io::Error>()?;
    }
}

/// rustls explains certificate failures well; keep its words but not its Debug noise.
fn tls_detail(e: &rustls::Error) -> String {
    match e {
        rustls::Error::InvalidCertificate(cert) => {
            format!("the server's certificate is not trusted ({cert:?})")
        }
        other => other.to_string(),
    }
}

fn first_line(text: &str) -> String {
    text.lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("unknown error")
        .trim()
        .to_string()
}
