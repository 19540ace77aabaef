//! The token card, computed in Rust: the status line, the token (masked), the signature verdict,
//! who and when. The web view only lays it out; the clear token stays in Rust until the user asks.

use chrono::{DateTime, Local, Utc};
use serde::Serialize;
use sftoken_core::{mask_token, ExposeSecret, IssuedToken, JwtClaims, SignatureVerdict};

#[derive(Debug, Serialize)]
pub struct TokenView {
    /// `200 OK · 184 ms · 1.1 KB`
    pub status_line: String,
    pub access_token_masked: String,
    pub instance_url: Option<String>,
    pub token_type: Option<String>,
    pub issued_at_ms: Option<i64>,
    pub issued_at_local: Option<String>,
    pub org_id: Option<String>,
    pub user_id: Option<String>,
    pub signature: SignatureVerdict,
    pub signature_badge: &'static str,
    pub signature_explanation: &'static str,
    pub pretty: String,
    pub raw: String,
    pub notice: Option<&'static str>,
    /// The grant that got this token, as a person calls it.
    pub grant: &'static str,
    pub scope: Option<String>,
    pub has_refresh_token: bool,
    /// A refresh token goes with this token: in the answer, or the one the refresh grant sent
    /// (its answer usually has none). The sf CLI's durable login needs one.
    pub refresh_token_known: bool,
    /// JWT bearer: the claims that were signed and sent.
    pub jwt_claims: Option<JwtClaims>,
}

impl TokenView {
    pub fn new(issued: &IssuedToken) -> TokenView {
        let outcome = &issued.outcome;
        let r = &outcome.response;
        TokenView {
            status_line: status_line(outcome.status, outcome.elapsed, outcome.bytes),
            access_token_masked: mask_token(r.access_token().expose_secret()),
            instance_url: r.instance_url.clone(),
            token_type: r.token_type.clone(),
            issued_at_ms: r.issued_at.map(|t| t.timestamp_millis()),
            issued_at_local: r.issued_at.map(local_time),
            org_id: r.identity.as_ref().map(|i| i.org_id.clone()),
            user_id: r.identity.as_ref().map(|i| i.user_id.clone()),
            signature: outcome.signature,
            signature_badge: outcome.signature.badge(),
            signature_explanation: outcome.signature.explanation(),
            pretty: r.masked_json_pretty(),
            raw: r.masked_json_compact(),
            notice: issued.notice(),
            grant: issued.grant.label(),
            scope: r.field("scope"),
            has_refresh_token: r.refresh_token().is_some(),
            refresh_token_known: r.refresh_token().is_some(),
            jwt_claims: issued.jwt_claims.clone(),
        }
    }
}

fn local_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local).format("%H:%M:%S").to_string()
}

/// `200 OK · 184 ms · 1.1 KB`; under 10 ms with a tenth (`1.7 ms`): a loopback or LAN answer
/// would otherwise read 0 or 1 ms.
pub fn status_line(status: u16, elapsed: std::time::Duration, bytes: usize) -> String {
    let ms = elapsed.as_secs_f64() * 1000.0;
    let millis = if ms < 10.0 {
        format!("{ms:.1}")
    } else {
        format!("{}", elapsed.as_millis())
    };
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    };
    let size = if bytes < 1024 {
        format!("{bytes} B")
    } else {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    };
    format!("{status} {reason} · {millis} ms · {size}").replace("  ", " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_lines_read_like_postmans() {
        let ms = std::time::Duration::from_millis;
        assert_eq!(status_line(200, ms(184), 1126), "200 OK · 184 ms · 1.1 KB");
        assert_eq!(
            status_line(400, ms(90), 80),
            "400 Bad Request · 90 ms · 80 B"
        );
        assert_eq!(
            status_line(418, std::time::Duration::from_micros(1740), 1),
            "418 · 1.7 ms · 1 B"
        );
    }
}
