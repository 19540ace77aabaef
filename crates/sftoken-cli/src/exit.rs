//! Exit codes a script can branch on, and what is printed with each failure. Every failure of the
//! core is one `sftoken_core::Error`; it becomes an exit code here, and only here.

use std::process::ExitCode;

use sftoken_core::handoff::HandoffError;
use sftoken_core::jwt_key::KeyError;
use sftoken_core::profiles::ProfileError;
use sftoken_core::{Error, SignInError};

use crate::form_issues;

/// A failure on its way out: what to print on stderr, and the exit code.
#[derive(Debug)]
pub struct Exit {
    code: u8,
    /// Each printed as `error: …`.
    errors: Vec<String>,
    /// Likely causes, most likely first, in their command-line wording.
    hints: Vec<String>,
    /// Said last: what the failure left as it was.
    notes: Vec<String>,
}

/// Usage or input error (clap uses 2 too).
pub const USAGE: u8 = 2;
/// Salesforce (or the user at the browser) refused.
pub const REFUSED: u8 = 3;
/// Network, TLS, redirect, no sign-in came back, or an answer that is not Salesforce's JSON.
pub const TRANSPORT: u8 = 4;
/// Anything else.
pub const INTERNAL: u8 = 1;

impl Exit {
    pub fn usage(message: impl Into<String>) -> Exit {
        Exit::with_code(USAGE, message)
    }

    /// Ends with `code` and prints nothing (the exit code of a command `sftoken exec` ran).
    pub fn quiet(code: u8) -> Exit {
        Exit {
            code,
            errors: Vec::new(),
            hints: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn internal(message: impl Into<String>) -> Exit {
        Exit::with_code(INTERNAL, message)
    }

    fn with_code(code: u8, message: impl Into<String>) -> Exit {
        Exit {
            code,
            errors: vec![message.into()],
            hints: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// A line said after the causes (e.g. what stayed as it was).
    pub fn note(mut self, line: impl Into<String>) -> Exit {
        self.notes.push(line.into());
        self
    }

    /// Prints the errors and the likely causes on stderr.
    pub fn report(self) -> ExitCode {
        for error in &self.errors {
            tell!("error: {error}");
        }
        if !self.hints.is_empty() {
            tell!("\nLikely causes, most likely first:");
            for (i, hint) in self.hints.iter().enumerate() {
                tell!("  {}. {hint}", i + 1);
            }
        }
        for note in &self.notes {
            tell!("\n{note}");
        }
        ExitCode::from(self.code)
    }
}

impl From<Error> for Exit {
    fn from(error: Error) -> Exit {
        let errors = match &error {
            Error::Form(issues) => form_issues::error_lines(issues),
            other => vec![other.to_string()],
        };
        let mut hints: Vec<String> = error
            .hints()
            .iter()
            .map(|h| h.command_line_text().to_string())
            .collect();
        if let Error::Profile(ProfileError::NotFound(_)) = &error {
            hints.push("`sftoken profile list` shows the profiles there are.".into());
        }
        Exit {
            code: code(&error),
            errors,
            hints,
            notes: Vec::new(),
        }
    }
}

fn code(error: &Error) -> u8 {
    match error {
        Error::Target(_)
        | Error::Form(_)
        | Error::Move(_)
        | Error::Postman(_)
        | Error::Why(_)
        | Error::Key(KeyError::Validity(_) | KeyError::Exists { .. })
        | Error::Profile(
            ProfileError::NotFound(_)
            | ProfileError::NameTaken(_)
            | ProfileError::EmptyName
            | ProfileError::NameTooLong(_)
            | ProfileError::NameControl
            | ProfileError::NotesTooLong(_),
        ) => USAGE,
        Error::Handoff(
            HandoffError::SfMissing
            | HandoffError::BadAlias(_)
            | HandoffError::NoRefreshToken
            | HandoffError::UnknownFormat(_)
            | HandoffError::UnfitForAuthUrl { .. },
        ) => USAGE,
        Error::Handoff(HandoffError::SfRefused { .. }) => REFUSED,
        Error::Handoff(HandoffError::TimedOut(_)) => TRANSPORT,
        // Salesforce, or the user at the browser, said no.
        Error::Rejected { .. }
        | Error::SignIn {
            error: SignInError::Denied { .. } | SignInError::StateMismatch,
            ..
        } => REFUSED,
        // No answer came back at all (the browser never returned, the port was taken), like a
        // network failure.
        Error::Transport { .. } | Error::SignIn { .. } => TRANSPORT,
        Error::Profile(_)
        | Error::Keychain(_)
        | Error::Key(_)
        | Error::Setup(_)
        | Error::Handoff(_)
        | Error::Cancelled => INTERNAL,
    }
}
