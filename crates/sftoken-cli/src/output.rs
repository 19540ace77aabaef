//! What a successful `sftoken token` prints: a readable summary by default, Salesforce's whole answer
//! with `--json`, or one bare field with `--field` for `$(...)` in scripts. Tokens reach stdout only;
//! stderr gets the notice about the retired flow.

use chrono::{DateTime, Local, Utc};
use sftoken_core::{ExposeSecret, IssuedToken, TokenOutcome};

use crate::args::OutputArgs;
use crate::exit::Exit;

pub fn print(
    issued: &IssuedToken,
    reuse: Option<&crate::token_cmd::Reuse>,
    output: &OutputArgs,
) -> Result<(), Exit> {
    let outcome = &issued.outcome;
    if output.json {
        // Data for a program: valid JSON whatever the server put in its strings. A profile's
        // token says how it was got under "sftoken" (Salesforce never sends that key).
        let mut answer: serde_json::Value =
            serde_json::from_str(&outcome.response.expose_json_pretty()).unwrap_or_default();
        if let (Some(reuse), Some(map)) = (reuse, answer.as_object_mut()) {
            map.insert(
                "sftoken".into(),
                serde_json::json!({
                    "obtained": reuse.obtained,
                    "valid_until": reuse.expiry.until().map(|t| t.to_rfc3339()),
                    "expiry": reuse.expiry,
                    "expiry_source": reuse.expiry.source(),
                }),
            );
        }
        let pretty = serde_json::to_string_pretty(&answer).unwrap_or_default();
        crate::console::out_data(&json_safe(&pretty));
    } else if let Some(name) = &output.field {
        let value = field(outcome, name)?;
        if value.chars().any(crate::console::needs_escape) {
            return Err(Exit::internal(format!(
                "the answer's {name} holds control or direction-changing characters: not printed (--json shows it escaped)"
            )));
        }
        crate::console::out_data(&value);
    } else {
        crate::console::out(&summary(issued));
    }
    if !output.json && output.field.is_none() {
        if let Some(notice) = issued.notice() {
            tell!(
                "note: {} (sftoken token --grant client-credentials|jwt|web).",
                notice.trim_end_matches('.')
            );
        }
    }
    Ok(())
}

/// serde_json escapes the C0 controls; DEL, the C1 controls and the direction overrides it leaves
/// as they are, and they can only stand inside strings: escape those as JSON does (`\u009b`).
fn json_safe(json: &str) -> String {
    json.chars()
        .map(|c| {
            if crate::console::needs_escape(c) {
                let mut buf = [0u16; 2];
                c.encode_utf16(&mut buf)
                    .iter()
                    .map(|u| format!("\\u{u:04x}"))
                    .collect()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The fields `--field` may name: those of Salesforce's token answer, and the derived ones.
const FIELDS: [&str; 19] = [
    "username",
    "sfdc_site_url",
    "sfdc_site_id",
    "access_token",
    "refresh_token",
    "instance_url",
    "api_instance_url",
    "id",
    "token_type",
    "issued_at",
    "signature",
    "scope",
    "id_token",
    "sfdc_community_url",
    "sfdc_community_id",
    "state",
    "org_id",
    "user_id",
    "signature_verdict",
];

/// `--field` checked before anything is sent: a typo must not cost an issued token (nor, with an
/// app that rotates refresh tokens, the refresh token spent to get it).
pub fn check_field(output: &OutputArgs) -> Result<(), Exit> {
    match &output.field {
        Some(name) if !FIELDS.contains(&name.as_str()) => {
            let close = FIELDS
                .iter()
                .find(|f| f.contains(name.as_str()) || name.contains(*f))
                .map(|f| format!(" (did you mean {f}?)"))
                .unwrap_or_default();
            Err(Exit::usage(format!(
                "--field: {name:?} is not a field of Salesforce's answer{close}; choose one of {}",
                FIELDS.join(", ")
            )))
        }
        _ => Ok(()),
    }
}

/// `--field NAME`: the user asked for this value on stdout, secret or not.
fn field(outcome: &TokenOutcome, name: &str) -> Result<String, Exit> {
    let r = &outcome.response;
    let derived = match name {
        "org_id" => r.identity.as_ref().map(|i| i.org_id.clone()),
        "user_id" => r.identity.as_ref().map(|i| i.user_id.clone()),
        "signature_verdict" => Some(outcome.signature.word().to_string()),
        _ => None,
    };
    derived.or_else(|| r.expose_field(name)).ok_or_else(|| {
        let names: Vec<&str> = r.field_names().collect();
        Exit::usage(format!(
            "the answer has no field {name:?}; it has: {}, and the derived org_id, user_id, signature_verdict",
            names.join(", ")
        ))
    })
}

fn summary(issued: &IssuedToken) -> String {
    let r = &issued.outcome.response;
    let username = if issued.username.is_empty() {
        r.field("username").unwrap_or_default()
    } else {
        issued.username.clone()
    };
    let who = match (&r.identity, username.is_empty()) {
        (Some(id), false) => format!("{username} · org {} · user {}", id.org_id, id.user_id),
        (Some(id), true) => format!("org {} · user {}", id.org_id, id.user_id),
        (None, _) => username,
    };
    let mut extra = String::new();
    if let Some(scope) = r.field("scope") {
        extra.push_str(&format!("\nscope         {scope}"));
    }
    if r.refresh_token().is_some() {
        extra.push_str("\nrefresh_token present (--field refresh_token prints it)");
    }
    let issued_at = r
        .issued_at
        .map(local_time)
        .unwrap_or_else(|| "(not given)".into());
    format!(
        "{who}\ninstance_url  {}\naccess_token  {}\ntoken_type    {}\nissued_at     {issued_at}\nsignature     {}{extra}",
        r.instance_url.as_deref().unwrap_or("(not given)"),
        r.access_token().expose_secret(),
        r.token_type.as_deref().unwrap_or("(not given)"),
        issued.outcome.signature.explanation(),
    )
}

fn local_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local)
        .format("%Y-%m-%d %H:%M:%S %:z")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keeps_valid_escapes_for_what_serde_leaves_raw() {
        let raw =
            serde_json::json!({"error_description": "a\u{9b}31m\u{202e}b\u{1b}c"}).to_string();
        let safe = json_safe(&raw);
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(
            back["error_description"], "a\u{9b}31m\u{202e}b\u{1b}c",
            "the same value"
        );
        assert!(!safe.contains('\u{9b}') && !safe.contains('\u{202e}') && !safe.contains('\u{1b}'));
    }
}
