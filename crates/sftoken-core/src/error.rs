//! Errors as values a user can read: what happened, and (through [`Hint`]s) what to do next.
//! Salesforce's own words (`error`, `error_description`, status) are kept intact beside our advice.

use serde::Serialize;

use crate::hints::Hint;
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

/// Why no token came back.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The target could not be used; nothing was sent.
    #[error(transparent)]
    Target(#[from] TargetError),
    /// Salesforce answered and said no.
    #[error("Salesforce refused the request: {oauth}")]
    Rejected { oauth: OAuthError, hints: Vec<Hint> },
    /// No readable answer: network, TLS, redirect, or an answer that is not Salesforce JSON.
    #[error("{error}")]
    Transport {
        error: TransportError,
        hints: Vec<Hint>,
    },
    /// The HTTP client could not be set up (e.g. an unreadable extra CA certificate).
    #[error("the HTTP client could not be set up: {0}")]
    Setup(String),
    /// The user cancelled the request.
    #[error("cancelled")]
    Cancelled,
}

impl Error {
    /// Likely causes, most likely first.
    pub fn hints(&self) -> &[Hint] {
        match self {
            Error::Rejected { hints, .. } | Error::Transport { hints, .. } => hints,
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
