//! Handing a token on to the next tool, written once for the window and the command: the
//! environment variables scripts read (quoted for each shell, or as `.env` lines), and the
//! Salesforce CLI's own login (`sf org login access-token`, or the durable `sfdx-url` login with a
//! refresh token). What is handed on is checked first: a token or URL holding characters no
//! Salesforce token or URL has is refused rather than quoted.

mod sf_cli;
mod variables;

pub use sf_cli::{find_sf, sf_login, DurableLogin, SfLoggedIn, SfLogin, SF_TIMEOUT};
pub use variables::{Handoff, ShellFormat};

/// Why a token could not be handed on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HandoffError {
    #[error("the answer's {what} holds characters no Salesforce {what} has: it is not handed on")]
    Unfit { what: &'static str },
    #[error("the answer has no {what} to hand on")]
    Missing { what: &'static str },
    #[error("{0:?} is not a shell format: use sh, fish, powershell or dotenv")]
    UnknownFormat(String),
    #[error("the Salesforce CLI (sf) is not installed, or not on PATH: install it with `npm install --global @salesforce/cli` (Node.js 20 or later) or the installer from developer.salesforce.com/tools/salesforcecli, then try again")]
    SfMissing,
    #[error("the sf alias {0:?} cannot be used: up to 100 letters, digits, and . _ - @ characters, not starting with -")]
    BadAlias(String),
    #[error("the durable login needs a refresh token: turn on Keep refresh token for the profile and get a token with a grant that issues one (the browser sign-in)")]
    NoRefreshToken,
    #[error("the durable login cannot carry this {what}: the Salesforce CLI accepts only letters, digits and . _ - = in it")]
    UnfitForAuthUrl { what: &'static str },
    #[error("sf could not be run: {0}")]
    Spawn(String),
    #[error("sf did not finish within {0} seconds and was stopped")]
    TimedOut(u64),
    #[error("sf refused the login: {message}")]
    SfRefused { message: String },
}
