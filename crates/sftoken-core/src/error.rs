//! Errors as values a user can read: what happened, and (through [`Hint`]s) what to do next.
//! Salesforce's own words (`error`, `error_description`, status) are kept intact beside our advice.

use serde::Serialize;

use crate::browser_sign_in::SignInError;
use crate::grant::GrantKind;
use crate::hints::Hint;
use crate::jwt_key::KeyError;
use crate::profiles::{KeychainError, ProfileError};
use crate::request_form::FieldIssue;
use crate::target::TargetError;
use crate::transport::TransportError;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Salesforce's OAuth error answer, as sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OAuthError {
    pub status: u16,
    pub error: String,
    pub error_description: Option<String>,
    pub error_uri: Option<String>,
}

impl std::fmt::Display for OAuthError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.error)?;
        if let Some(d) = &self.error_description {
            write!(f, ": {d}")?;
        }
        write!(f, " (HTTP {})", self.status)
    }
}

/// Every failure of the core, for every caller: why no token came back, why a profile or the
/// keychain could not be used. Each carries its likely causes ([`Error::hints`]), so the window and
/// the command explain a failure with the same words.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The target could not be used; nothing was sent.
    #[error(transparent)]
    Target(#[from] TargetError),
    /// The form cannot be sent yet: these fields need fixing (blocking issues only).
    #[error("{}", form_summary(.0))]
    Form(Vec<FieldIssue>),
    /// The browser sign-in did not come back with a code.
    #[error("{error}")]
    SignIn {
        error: SignInError,
        hints: Vec<Hint>,
    },
    /// The profile file or a profile name.
    #[error(transparent)]
    Profile(#[from] ProfileError),
    /// The OS keychain.
    #[error(transparent)]
    Keychain(#[from] KeychainError),
    /// Salesforce answered and said no.
    #[error("Salesforce refused the request: {oauth}")]
    Rejected { oauth: OAuthError, hints: Vec<Hint> },
    /// No readable answer: network, TLS, redirect, or an answer that is not Salesforce JSON.
    #[error("{error}")]
    Transport {
        error: TransportError,
        hints: Vec<Hint>,
    },
    /// A JWT key could not be made, read or exported.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// A file to import that is not what it should be (nothing was imported).
    #[error(transparent)]
    Postman(#[from] crate::postman::PostmanError),
    /// The token could not be handed on (to a shell, the Salesforce CLI).
    #[error(transparent)]
    Handoff(#[from] crate::handoff::HandoffError),
    /// A step of the move off the password grant that cannot be taken yet.
    #[error(transparent)]
    Move(#[from] MoveError),
    /// The org cannot be asked why a login failed with this helper (nothing was sent).
    #[error(transparent)]
    Why(#[from] crate::asking_why::WhyError),
    /// The HTTP client could not be set up (e.g. an unreadable extra CA certificate).
    #[error("the HTTP client could not be set up: {0}")]
    Setup(String),
    /// The user cancelled the request.
    #[error("cancelled")]
    Cancelled,
}

impl Error {
    /// A refused login of a user whose real cause the org records in Login History (a wrong
    /// password or token, a frozen, inactive, locked-out or unassigned user, IP rules, the rate
    /// limit): asking the org why (`crate::asking_why`) can name it.
    pub fn org_knows_why(&self) -> bool {
        matches!(self, Error::Rejected { oauth, .. } if matches!(
            oauth.error.as_str(),
            "invalid_grant" | "inactive_user" | "invalid_app_access" | "rate_limit_exceeded"
        ))
    }

    /// Likely causes, most likely first.
    pub fn hints(&self) -> &[Hint] {
        match self {
            Error::Rejected { hints, .. }
            | Error::Transport { hints, .. }
            | Error::SignIn { hints, .. } => hints,
            _ => &[],
        }
    }

    /// Salesforce's answer, when it gave one.
    pub fn oauth(&self) -> Option<&OAuthError> {
        match self {
            Error::Rejected { oauth, .. } => Some(oauth),
            _ => None,
        }
    }
}

impl From<SignInError> for Error {
    fn from(error: SignInError) -> Error {
        let hints = crate::hints::for_sign_in(&error);
        Error::SignIn { error, hints }
    }
}

/// Why a step of the move off the password grant cannot be taken yet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoveError {
    #[error("{} does not replace the password grant: choose JWT bearer, client credentials or the browser sign-in", .0.label())]
    NotAReplacement(GrantKind),
    #[error("{profile:?} has no key yet: generate one (and upload its certificate to the app) before testing the JWT bearer flow")]
    NoKey { profile: String },
    #[error("{profile:?} still logs in with the password grant: the password is kept until a test of the new grant succeeds")]
    StillOnPassword { profile: String },
    #[error("{profile:?} does not remember secrets, and a generated key lives in the keychain: turn on Remember secrets (or use a key file)")]
    ForgetsSecrets { profile: String },
    #[error("a new key was generated for {profile:?} while the test ran: upload its certificate and test again")]
    KeyChanged { profile: String },
    #[error("the secrets of {profile:?} could not be read ({reason}): unlock the keychain and test again")]
    SecretsUnreadable { profile: String, reason: String },
}

fn form_summary(issues: &[FieldIssue]) -> String {
    let each: Vec<String> = issues
        .iter()
        .map(|i| format!("{}: {}", i.field, i.message))
        .collect();
    format!("the form cannot be sent yet ({})", each.join(" "))
}
