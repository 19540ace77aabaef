//! Advice when the browser sign-in (web server flow) did not come back with a code.

use super::Hint;
use crate::browser_sign_in::SignInError;

/// Likely causes of a failed browser sign-in, most likely first.
pub(crate) fn for_sign_in(e: &SignInError) -> Vec<Hint> {
    match e {
        SignInError::PortBusy { .. } => vec![Hint::with_command_line(
            "Another program (or another sftoken) listens on that port: close it, or change the callback here and on the connected app.",
            "Another program (or another sftoken) listens on that port: close it, or pass another --callback and register it on the connected app.",
        )],
        SignInError::Denied { .. } => vec![
            Hint::new("The user declined, or the app's policies refused the user: App Manager → Manage → Permitted Users / Profiles."),
            Hint::new("If the browser showed redirect_uri_mismatch: register this exact callback URL on the connected app."),
        ],
        SignInError::TimedOut { .. } => vec![Hint::with_command_line(
            "Finish the sign-in in the browser, then come back. If the browser showed \"redirect_uri_mismatch\", the callback URL here must match the connected app's exactly.",
            "Finish the sign-in in the browser. If it showed \"redirect_uri_mismatch\", the --callback must match a callback URL of the connected app exactly.",
        )],
        SignInError::StateMismatch => vec![Hint::new(
            "Start the sign-in again; only the most recent sign-in is accepted.",
        )],
        SignInError::BadCallback { .. } | SignInError::Io(_) => Vec::new(),
    }
}
