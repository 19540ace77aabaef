//! What the window shows, computed in Rust: the status line, the token card (token masked), the
//! error card with its checklist. The web view only lays these out.

use chrono::{DateTime, Local, Utc};
use serde::Serialize;
use sftoken_core::{
    mask_token, Error, ExposeSecret, FieldIssue, Grant, GrantKind, JwtClaims, SignInError,
    SignatureVerdict, TargetError, TokenOutcome,
};

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
    pub signature_explanation: &'static str,
    pub pretty: String,
    pub raw: String,
    pub notice: Option<&'static str>,
    /// The grant that got this token, as a person calls it.
    pub grant: &'static str,
    pub scope: Option<String>,
    pub has_refresh_token: bool,
    /// JWT bearer: the claims that were signed and sent.
    pub jwt_claims: Option<JwtClaims>,
}

pub const PASSWORD_FLOW_NOTICE: &str =
    "Salesforce retires the username-password flow on 2027-02-20: plan a move to \
client credentials, JWT bearer or web server + PKCE.";

impl TokenView {
    pub fn new(outcome: &TokenOutcome, grant: &Grant) -> TokenView {
        let r = &outcome.response;
        TokenView {
            status_line: status_line(outcome.status, outcome.elapsed.as_millis(), outcome.bytes),
            access_token_masked: mask_token(r.access_token().expose_secret()),
            instance_url: r.instance_url.clone(),
            token_type: r.token_type.clone(),
            issued_at_ms: r.issued_at.map(|t| t.timestamp_millis()),
            issued_at_local: r.issued_at.map(local_time),
            org_id: r.identity.as_ref().map(|i| i.org_id.clone()),
            user_id: r.identity.as_ref().map(|i| i.user_id.clone()),
            signature: outcome.signature,
            signature_explanation: outcome.signature.explanation(),
            pretty: r.masked_json_pretty(),
            raw: r.masked_json_compact(),
            notice: (grant.kind() == GrantKind::Password).then_some(PASSWORD_FLOW_NOTICE),
            grant: grant.kind().label(),
            scope: r.field("scope"),
            has_refresh_token: r.expose_field("refresh_token").is_some(),
            jwt_claims: match grant {
                Grant::JwtBearer(g) => Some(g.claims().clone()),
                _ => None,
            },
        }
    }
}

fn local_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local).format("%H:%M:%S").to_string()
}

pub fn status_line(status: u16, millis: u128, bytes: usize) -> String {
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

/// Why there is no token: what the error card shows.
#[derive(Debug, Serialize)]
pub struct FailureView {
    /// `rejected` (Salesforce said no), `transport`, `input` (fix the form), `cancelled`.
    pub kind: &'static str,
    pub title: String,
    pub status: Option<u16>,
    pub error: Option<String>,
    pub description: Option<String>,
    pub hints: Vec<String>,
    /// For `input`: the fields to fix.
    pub fields: Vec<FieldIssue>,
}

impl FailureView {
    pub fn from_error(error: Error) -> FailureView {
        let hints = error.hints().iter().map(|h| h.text().to_string()).collect();
        match error {
            Error::Rejected { oauth, .. } => FailureView {
                kind: "rejected",
                title: "Salesforce refused the login".into(),
                status: Some(oauth.status),
                error: Some(oauth.error),
                description: oauth.error_description,
                hints,
                fields: Vec::new(),
            },
            Error::Cancelled => FailureView::simple("cancelled", "Request cancelled"),
            Error::Target(t) => FailureView::target(t),
            other => FailureView {
                kind: "transport",
                title: capitalise(&other.to_string()),
                status: None,
                error: None,
                description: None,
                hints,
                fields: Vec::new(),
            },
        }
    }

    pub fn target(error: TargetError) -> FailureView {
        FailureView {
            fields: Vec::new(),
            ..FailureView::simple("input", &capitalise(&error.to_string()))
        }
    }

    /// The browser sign-in failed: the state check, a denial, a busy port, or no answer in time.
    pub fn sign_in(error: SignInError) -> FailureView {
        let hints = match &error {
            SignInError::PortBusy { .. } => vec!["Another program (or another sftoken) listens on that port: close it, or change the callback here and on the connected app.".to_string()],
            SignInError::Denied { .. } => vec![
                "The user declined, or the app's policies refused the user: App Manager → Manage → Permitted Users / Profiles.".to_string(),
                "If the browser showed redirect_uri_mismatch: register this exact callback URL on the connected app.".to_string(),
            ],
            SignInError::TimedOut { .. } => vec![
                "Finish the sign-in in the browser, then come back. If the browser showed \"redirect_uri_mismatch\", the callback URL here must match the connected app's exactly.".to_string(),
            ],
            SignInError::StateMismatch => vec!["Start the sign-in again from this window; only the most recent sign-in is accepted.".to_string()],
            _ => Vec::new(),
        };
        let kind = if matches!(
            error,
            SignInError::Denied { .. } | SignInError::StateMismatch
        ) {
            "rejected"
        } else {
            "transport"
        };
        FailureView {
            hints,
            ..FailureView::simple(kind, &capitalise(&error.to_string()))
        }
    }

    pub fn fields(issues: Vec<FieldIssue>) -> FailureView {
        FailureView {
            fields: issues,
            ..FailureView::simple("input", "Fill in the highlighted fields")
        }
    }

    pub fn simple(kind: &'static str, title: &str) -> FailureView {
        FailureView {
            kind,
            title: title.to_string(),
            status: None,
            error: None,
            description: None,
            hints: Vec::new(),
            fields: Vec::new(),
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_lines_read_like_postmans() {
        assert_eq!(status_line(200, 184, 1126), "200 OK · 184 ms · 1.1 KB");
        assert_eq!(status_line(400, 90, 80), "400 Bad Request · 90 ms · 80 B");
        assert_eq!(status_line(418, 1, 1), "418 · 1 ms · 1 B");
    }
}
