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
    /// A hostile or broken middlebox: an OAuth error (or a redirect) that repeats the request body.
    Echo(EchoAs),
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

/// How an [`Fault::Echo`] repeats the request body it received.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EchoAs {
    /// Form-encoded, as it was sent (`%26`, `+`), in `error_description`.
    AsSent,
    /// Percent-decoded, in `error_description`.
    Decoded,
    /// HTML-escaped with named entities (`&amp;`), in `error_description`.
    HtmlNamed,
    /// Every character but letters and digits as a decimal entity (`&#38;`).
    HtmlNumeric,
    /// Every character but letters and digits as a JSON `\uXXXX` escape, written out literally.
    JsonEscaped,
    /// Each value split by markup (`p<b></b>assword`).
    SplitByMarkup,
    /// A 302 whose `Location` carries the body as its query.
    RedirectWithBody,
    /// An HTML error page (text/html, 500) that quotes the body.
    HtmlPage,
    /// The body in `error` (not only the description), form-encoded as the revoke endpoint answers.
    FormEncodedAnswer,
}

impl EchoAs {
    pub const ALL: [EchoAs; 9] = [
        EchoAs::AsSent,
        EchoAs::Decoded,
        EchoAs::HtmlNamed,
        EchoAs::HtmlNumeric,
        EchoAs::JsonEscaped,
        EchoAs::SplitByMarkup,
        EchoAs::RedirectWithBody,
        EchoAs::HtmlPage,
        EchoAs::FormEncodedAnswer,
    ];
}

/// The answer that repeats `incoming`'s form body the way `how` says.
fn echo(how: EchoAs, incoming: &Inbound) -> Response<Body> {
    let as_sent: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(incoming.form.iter())
        .finish();
    let decoded: String = incoming
        .form
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let each_char = |f: &dyn Fn(char) -> String| -> String {
        decoded
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_string()
                } else {
                    f(c)
                }
            })
            .collect()
    };
    let description = match how {
        EchoAs::AsSent | EchoAs::RedirectWithBody | EchoAs::FormEncodedAnswer => as_sent.clone(),
        EchoAs::Decoded => decoded.clone(),
        EchoAs::HtmlNamed | EchoAs::HtmlPage => decoded
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;"),
        EchoAs::HtmlNumeric => each_char(&|c| format!("&#{};", c as u32)),
        EchoAs::JsonEscaped => decoded
            .encode_utf16()
            .map(|u| match char::from_u32(u32::from(u)) {
                Some(c) if c.is_ascii_alphanumeric() => c.to_string(),
                _ => format!("\\u{u:04x}"),
            })
            .collect(),
        EchoAs::SplitByMarkup => incoming
            .form
            .iter()
            .map(|(k, v)| {
                let mut chars = v.chars();
                let first: String = chars.next().map(String::from).unwrap_or_default();
                format!("{k}={first}<b></b>{}", chars.as_str())
            })
            .collect::<Vec<_>>()
            .join("&"),
    };
    match how {
        EchoAs::RedirectWithBody => {
            responses::redirect(&format!("https://login.salesforce.com/error?{as_sent}"))
        }
        EchoAs::HtmlPage => responses::html(
            500,
            format!("<html><head><title>Proxy error</title></head><body><p>Could not forward: {description}</p></body></html>"),
        ),
        EchoAs::FormEncodedAnswer => {
            responses::form_error(400, "unsupported_token_type", &format!("cannot use {as_sent}"))
        }
        EchoAs::JsonEscaped => {
            // Written by hand: the escapes must reach the client as literal text.
            json(
                400,
                format!(r#"{{"error":"invalid_request","error_description":"bad: {description}"}}"#),
            )
        }
        _ => responses::oauth_error(400, "invalid_request", &format!("bad request: {description}")),
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
        Fault::Echo(how) => echo(how, incoming),
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
