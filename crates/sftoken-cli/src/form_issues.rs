//! The form's issues as the command shows them. The core finds them (the window shows the same ones
//! beside its fields); the command only says where each field is set on the command line.

use sftoken_core::{FieldIssue, RequestForm, Severity};

use crate::exit::Exit;

/// Prints the warnings on stderr, and refuses the form when a field blocks it (exit code 2).
pub fn check(form: &RequestForm) -> Result<(), Exit> {
    let issues = form.issues();
    print_warnings(&issues);
    refuse_blocking(issues.into_iter())
}

/// `warning: FIELD: MESSAGE` on stderr for each warning (stray spaces, mostly).
pub fn print_warnings(issues: &[FieldIssue]) {
    for issue in issues.iter().filter(|i| i.severity == Severity::Warning) {
        tell!("warning: {}: {}", issue.field, issue.message);
    }
}

/// An error when any of these issues blocks (warnings are ignored here).
pub fn refuse_blocking(issues: impl Iterator<Item = FieldIssue>) -> Result<(), Exit> {
    let blocking: Vec<FieldIssue> = issues
        .filter(|i| i.severity == Severity::Blocking)
        .collect();
    if blocking.is_empty() {
        Ok(())
    } else {
        Err(sftoken_core::Error::Form(blocking).into())
    }
}

/// One `error:` entry per issue: the field, the form's words, and where to set it.
pub fn error_lines(issues: &[FieldIssue]) -> Vec<String> {
    issues
        .iter()
        .map(|i| format!("{}: {}\n  → {}", i.field, i.message, where_to_set(i.field)))
        .collect()
}

/// Where each form field comes from on the command line.
fn where_to_set(field: &str) -> &'static str {
    match field {
        "grant_type" => "choose the grant with --grant (password, client-credentials, jwt, web or refresh) and the host with --target",
        "client_id" => "pass --client-id (or set SFTOKEN_CLIENT_ID), or use a --profile that has it",
        "client_secret" => "set SFTOKEN_CLIENT_SECRET, keep it in a --profile, or run in a terminal to be asked",
        "username" => "pass --username (or set SFTOKEN_USERNAME), or use a --profile that has it",
        "password" => "set SFTOKEN_PASSWORD, pipe it with --password-stdin, keep it in a --profile, or run in a terminal to be asked",
        "security_token" => "set SFTOKEN_SECURITY_TOKEN (empty when your IP is in the org's trusted ranges)",
        "key_file" => "pass --key-file (or set SFTOKEN_KEY_FILE), use a --profile that has it, or generate a key with sftoken migrate NAME --to jwt --cert-out FILE",
        "audience" => "pass --audience with a login URL, or leave it out to follow --target",
        "scope" => "pass --scope",
        "callback" => "pass --callback with a loopback URL registered on the connected app",
        "refresh_token" => "set SFTOKEN_REFRESH_TOKEN, or use a --profile that keeps refresh tokens (profile add --keep-refresh-token)",
        _ => "see sftoken token --help",
    }
}
