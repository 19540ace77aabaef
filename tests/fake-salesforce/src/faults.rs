//! Fault modes: the ways a real token endpoint (or what stands in front of it) misbehaves, so the
//! product's handling of slow, broken, non-JSON, oversized and dishonest answers can be tested.
//! A fault set with `FakeSalesforce::set_fault` applies to every following request, any path.

use std::time::Duration;

use hyper::Response;
use serde_json::Value;

use crate::responses::{self, json, Body};
use crate::routes::Inbound;
use crate::token_endpoint::Signing;

/// How the server misbehaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Wait, then answer normally.
    Slow(Duration),
    /// 500 with Salesforce's HTML error page (text/html).
    Html500,
    /// 503 HTML maintenance page with a `Retry-After` header.
    Unavailable503 { retry_after_secs: u64 },
    /// 200, application/json, empty body.
    EmptyBody,
    /// 200, application/json, a success body cut in the middle (valid HTTP framing, invalid JSON).
    TruncatedJson,
    /// 200, application/json, a valid success body padded with an extra `padding` field to `bytes`
    /// in total (or not padded at all when `bytes` is smaller than the body).
    Oversized { bytes: usize },
    /// Read the request, then close the connection without any answer.
    DropConnection,
    /// Read the request, never answer (until the server is dropped).
    Hang,
    /// 302 with this `Location`, empty body.
    RedirectTo(String),
    /// A normal answer, but the signature is computed with the wrong key.
    BadSignature,
    /// Forces this OAuth error body.
    JsonError {
        status: u16,
        error: String,
        description: String,
    },
}

impl Fault {
    /// Parses the binary's `--fault` spec: `slow-ms=N`, `html500`, `unavailable503[=SECS]`,
    /// `empty-body`, `truncated-json`, `oversized=BYTES`, `drop-connection`, `hang`,
    /// `redirect=URL`, `bad-signature`, `json-error=STATUS:ERROR:DESCRIPTION`.
    pub fn from_spec(spec: &str) -> Result<Fault, String> {
        let (name, value) = match spec.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (spec, None),
        };
        let number = |what: &str| -> Result<u64, String> {
            value
                .ok_or_else(|| format!("{name} needs ={what}"))?
                .parse::<u64>()
                .map_err(|e| format!("{name}: {e}"))
        };
        Ok(match name {
            "slow-ms" => Fault::Slow(Duration::from_millis(number("MILLISECONDS")?)),
            "html500" => Fault::Html500,
            "unavailable503" => Fault::Unavailable503 {
                retry_after_secs: if value.is_some() {
                    number("SECONDS")?
                } else {
                    120
                },
            },
            "empty-body" => Fault::EmptyBody,
            "truncated-json" => Fault::TruncatedJson,
            "oversized" => Fault::Oversized {
                bytes: usize::try_from(number("BYTES")?).map_err(|e| e.to_string())?,
            },
            "drop-connection" => Fault::DropConnection,
            "hang" => Fault::Hang,
            "redirect" => Fault::RedirectTo(value.ok_or("redirect needs =URL")?.to_string()),
            "bad-signature" => Fault::BadSignature,
            "json-error" => {
                let mut parts = value
                    .ok_or("json-error needs =STATUS:ERROR:DESCRIPTION")?
                    .splitn(3, ':');
                let status = parts
                    .next()
                    .unwrap_or_default()
                    .parse::<u16>()
                    .map_err(|e| format!("json-error status: {e}"))?;
                Fault::JsonError {
                    status,
                    error: parts.next().unwrap_or_default().to_string(),
                    description: parts.next().unwrap_or_default().to_string(),
                }
            }
            other => return Err(format!("unknown fault {other:?}")),
        })
    }
}

/// What the connection does with a request.
pub(crate) enum Action {
    Respond(Response<Body>),
    DropConnection,
    Hang,
}

/// The answer to `incoming` under `fault`.
pub(crate) async fn answer(fault: Option<Fault>, incoming: &Inbound) -> Action {
    let Some(fault) = fault else {
        return Action::Respond(incoming.respond(Signing::Honest));
    };
    Action::Respond(match fault {
        Fault::Slow(delay) => {
            tokio::time::sleep(delay).await;
            incoming.respond(Signing::Honest)
        }
        Fault::Html500 => responses::internal_error_page(),
        Fault::Unavailable503 { retry_after_secs } => responses::maintenance_page(retry_after_secs),
        Fault::EmptyBody => json(200, ""),
        Fault::TruncatedJson => json(200, truncated(&success_json(incoming))),
        Fault::Oversized { bytes } => json(200, padded(&success_json(incoming), bytes)),
        Fault::DropConnection => return Action::DropConnection,
        Fault::Hang => return Action::Hang,
        Fault::RedirectTo(location) => responses::redirect(&location),
        Fault::BadSignature => incoming.respond(Signing::WrongKey),
        Fault::JsonError {
            status,
            error,
            description,
        } => responses::oauth_error(status, &error, &description),
    })
}

fn success_json(incoming: &Inbound) -> String {
    Value::Object(incoming.success_fields()).to_string()
}

/// The first half of `body` (at a character boundary).
fn truncated(body: &str) -> String {
    let mut cut = body.len() / 2;
    while !body.is_char_boundary(cut) {
        cut -= 1;
    }
    body[..cut].to_string()
}

/// `body` (a JSON object) with `,"padding":"xxx…"` added before its closing brace so that the whole
/// is `total` bytes long; `body` unchanged when it is already too long for that.
fn padded(body: &str, total: usize) -> String {
    const OPEN: &str = ",\"padding\":\"";
    const CLOSE: &str = "\"}";
    let Some(head) = body.strip_suffix('}') else {
        return body.to_string();
    };
    let overhead = head.len() + OPEN.len() + CLOSE.len();
    if total < overhead {
        return body.to_string();
    }
    let mut out = String::with_capacity(total);
    out.push_str(head);
    out.push_str(OPEN);
    out.push_str(&"x".repeat(total - overhead));
    out.push_str(CLOSE);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_reaches_the_exact_size_and_stays_json() {
        let body = r#"{"a":"b"}"#;
        let out = padded(body, 1000);
        assert_eq!(out.len(), 1000);
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["a"], "b");
        assert_eq!(padded(body, 3), body);
    }

    #[test]
    fn truncation_breaks_the_json() {
        let out = truncated(r#"{"access_token":"abc","instance_url":"https://x"}"#);
        assert!(serde_json::from_str::<Value>(&out).is_err());
        assert!(!out.is_empty());
    }
}
