//! The one error every window command returns, serialized once: the page reads `kind` and lays
//! out the same fields whatever failed, and never guesses the shape of what came back.

use serde::Serialize;
use sftoken_core::handoff::HandoffError;
use sftoken_core::{Error, FieldIssue, SignInError, TargetError};

/// What kind of failure, for the page's layout and wording.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// Fix the form (or the target): nothing was sent.
    Input,
    /// Salesforce (or the user, in the browser) said no.
    Rejected,
    /// No usable answer: network, TLS, an odd answer, a sign-in that never came back.
    Transport,
    /// The user cancelled.
    Cancelled,
    /// The profile file, or a profile name.
    Profile,
    /// The OS keychain.
    Keychain,
    /// Anything else (the HTTP client could not be set up, an internal failure).
    Internal,
}

/// Why a command failed: what the error card (or the profile bar) shows.
#[derive(Debug, Serialize)]
pub struct CommandError {
    pub kind: ErrorKind,
    pub title: String,
    /// Salesforce's HTTP status and words, when it answered.
    pub status: Option<u16>,
    pub error: Option<String>,
    pub description: Option<String>,
    /// Likely causes, most likely first (the window's wording: no command-line flags).
    pub hints: Vec<String>,
    /// For `input`: the fields to fix.
    pub fields: Vec<FieldIssue>,
    /// A refused login whose real cause the org's Login History knows: the error card offers
    /// "Ask the org why".
    pub org_knows_why: bool,
}

impl CommandError {
    pub fn new(kind: ErrorKind, title: impl Into<String>) -> CommandError {
        CommandError {
            kind,
            title: capitalise(&title.into()),
            status: None,
            error: None,
            description: None,
            hints: Vec::new(),
            fields: Vec::new(),
            org_knows_why: false,
        }
    }

    /// The last token is needed, and there is none.
    pub fn no_token() -> CommandError {
        CommandError::new(ErrorKind::Input, "No token yet: press Send first")
    }
}

impl From<Error> for CommandError {
    fn from(error: Error) -> CommandError {
        let hints = error.hints().iter().map(|h| h.text().to_string()).collect();
        let kind = match &error {
            Error::Target(_)
            | Error::Form(_)
            | Error::Move(_)
            | Error::Postman(_)
            | Error::Why(_) => ErrorKind::Input,
            Error::Key(_) => ErrorKind::Internal,
            Error::Handoff(HandoffError::SfRefused { .. }) => ErrorKind::Rejected,
            Error::Handoff(HandoffError::TimedOut(_)) => ErrorKind::Transport,
            Error::Handoff(_) => ErrorKind::Input,
            Error::Rejected { .. } => ErrorKind::Rejected,
            Error::SignIn {
                error: SignInError::Denied { .. } | SignInError::StateMismatch,
                ..
            } => ErrorKind::Rejected,
            Error::SignIn { .. } | Error::Transport { .. } => ErrorKind::Transport,
            Error::Cancelled => ErrorKind::Cancelled,
            Error::Profile(_) => ErrorKind::Profile,
            Error::Keychain(_) => ErrorKind::Keychain,
            Error::Setup(_) => ErrorKind::Internal,
        };
        let title = match &error {
            Error::Rejected { .. } => "Salesforce refused the login".to_string(),
            Error::Cancelled => "Request cancelled".to_string(),
            Error::Form(_) => "Fill in the highlighted fields".to_string(),
            Error::Target(TargetError::Empty) => {
                "Enter your My Domain, e.g. https://acme.my.salesforce.com".to_string()
            }
            other => other.to_string(),
        };
        let mut view = CommandError {
            hints,
            org_knows_why: error.org_knows_why(),
            ..CommandError::new(kind, title)
        };
        match error {
            Error::Rejected { oauth, .. } => {
                view.status = Some(oauth.status);
                view.error = Some(oauth.error);
                view.description = oauth.error_description;
            }
            Error::Form(issues) => view.fields = issues,
            _ => {}
        }
        view
    }
}

impl From<TargetError> for CommandError {
    fn from(error: TargetError) -> CommandError {
        Error::Target(error).into()
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
    fn a_form_error_names_its_fields_and_reads_as_input() {
        let form: sftoken_core::RequestForm = serde_json::from_value(serde_json::json!({
            "target": {"kind": "production"}, "client_id": "x"
        }))
        .unwrap();
        let error = CommandError::from(form.to_grant().unwrap_err());
        assert_eq!(error.kind, ErrorKind::Input);
        assert_eq!(error.title, "Fill in the highlighted fields");
        let fields: Vec<&str> = error.fields.iter().map(|f| f.field).collect();
        assert_eq!(fields, ["client_secret", "username", "password"]);
    }

    #[test]
    fn a_cancel_is_its_own_kind() {
        let error = CommandError::from(Error::Cancelled);
        assert_eq!(
            (error.kind, error.title.as_str()),
            (ErrorKind::Cancelled, "Request cancelled")
        );
    }
}
