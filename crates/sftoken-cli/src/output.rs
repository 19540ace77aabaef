//! What a successful `sftoken token` prints: a readable summary by default, Salesforce's whole answer
//! with `--json`, or one bare field with `--field` for `$(...)` in scripts.

use std::io::Write;

use chrono::{DateTime, Local, Utc};
use sftoken_core::{ExposeSecret, GrantKind, SignatureVerdict, TokenOutcome};

use crate::args::OutputArgs;
use crate::exit::Exit;

pub fn print_outcome(
    outcome: &TokenOutcome,
    username: &str,
    kind: GrantKind,
    output: &OutputArgs,
) -> Result<(), Exit> {
    let text = if output.json {
        outcome.response.expose_json_pretty()
    } else if let Some(name) = &output.field {
        field(outcome, name)?
    } else {
        summary(outcome, username)
    };
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{text}")
        .map_err(|e| Exit::internal(format!("could not write the token: {e}")))?;
    if !output.json && output.field.is_none() {
        if let Some(notice) = retirement_notice(kind) {
            eprintln!("{notice}");
        }
    }
    Ok(())
}

fn field(outcome: &TokenOutcome, name: &str) -> Result<String, Exit> {
    let r = &outcome.response;
    let derived = match name {
        "org_id" => r.identity.as_ref().map(|i| i.org_id.clone()),
        "user_id" => r.identity.as_ref().map(|i| i.user_id.clone()),
        "signature_verdict" => Some(verdict_word(outcome.signature).to_string()),
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

fn summary(outcome: &TokenOutcome, username: &str) -> String {
    let r = &outcome.response;
    let who = match (&r.identity, username.is_empty()) {
        (Some(id), false) => format!("{username} · org {} · user {}", id.org_id, id.user_id),
        (Some(id), true) => format!("org {} · user {}", id.org_id, id.user_id),
        (None, _) => username.to_string(),
    };
    let mut extra = String::new();
    if let Some(scope) = r.field("scope") {
        extra.push_str(&format!("\nscope         {scope}"));
    }
    if r.expose_field("refresh_token").is_some() {
        extra.push_str("\nrefresh_token present (--field refresh_token prints it)");
    }
    let issued = r
        .issued_at
        .map(local_time)
        .unwrap_or_else(|| "(not given)".into());
    format!(
        "{who}\ninstance_url  {}\naccess_token  {}\ntoken_type    {}\nissued_at     {issued}\nsignature     {}{extra}",
        r.instance_url.as_deref().unwrap_or("(not given)"),
        r.access_token().expose_secret(),
        r.token_type.as_deref().unwrap_or("(not given)"),
        outcome.signature.explanation(),
    )
}

fn local_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local)
        .format("%Y-%m-%d %H:%M:%S %:z")
        .to_string()
}

fn verdict_word(v: SignatureVerdict) -> &'static str {
    match v {
        SignatureVerdict::Verified => "verified",
        SignatureVerdict::Mismatch => "mismatch",
        SignatureVerdict::Absent => "absent",
    }
}

fn retirement_notice(kind: GrantKind) -> Option<&'static str> {
    match kind {
        GrantKind::Password => Some(
            "note: Salesforce retires the username-password flow on 2027-02-20; plan a move to client credentials, JWT bearer or web server + PKCE (sftoken token --grant client-credentials|jwt|web).",
        ),
        _ => None,
    }
}
