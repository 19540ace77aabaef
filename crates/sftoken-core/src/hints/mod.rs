//! Likely causes of a failure, most likely first, each with what to do about it.
//!
//! `authentication failure` alone has a dozen causes; the advice depends on the error, the grant and
//! the target (a sandbox username sent to login.salesforce.com moves "wrong host" to the top).

mod oauth;
mod sign_in;
mod transport;

use serde::Serialize;

use crate::grant::{Grant, GrantKind};
use crate::target::LoginTarget;

pub(crate) use oauth::for_oauth;
pub(crate) use sign_in::for_sign_in;
pub(crate) use transport::for_transport;

/// One likely cause and its remedy, in a sentence or two. The window shows [`Hint::text`], which
/// never names a command-line flag; the command shows [`Hint::command_line_text`], which may.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hint {
    text: String,
    command_line: Option<String>,
}

impl Hint {
    pub(crate) fn new(text: impl Into<String>) -> Hint {
        Hint {
            text: text.into(),
            command_line: None,
        }
    }

    /// A hint whose remedy reads differently on the command line (it names a flag there).
    pub(crate) fn with_command_line(
        text: impl Into<String>,
        command_line: impl Into<String>,
    ) -> Hint {
        Hint {
            text: text.into(),
            command_line: Some(command_line.into()),
        }
    }

    /// The words for the window: no command-line flag in them.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The words for `sftoken`: the same remedy, naming the flag where there is one.
    pub fn command_line_text(&self) -> &str {
        self.command_line.as_deref().unwrap_or(&self.text)
    }
}

impl Serialize for Hint {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl From<String> for Hint {
    fn from(text: String) -> Hint {
        Hint::new(text)
    }
}

impl std::fmt::Display for Hint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// What the hints may depend on: never a secret.
#[derive(Clone, Debug)]
pub(crate) struct HintContext {
    /// `None` for calls made with a token (who am I, revoke…).
    pub grant: Option<GrantKind>,
    pub target: LoginTarget,
    pub username: Option<String>,
    /// JWT bearer: the `aud` the assertion carried.
    pub audience: Option<String>,
}

impl HintContext {
    pub fn new(target: &LoginTarget, grant: &Grant) -> HintContext {
        HintContext {
            grant: Some(grant.kind()),
            target: target.clone(),
            username: grant.username().map(str::to_string),
            audience: grant.jwt_claims().map(|c| c.aud.clone()),
        }
    }

    /// For calls made with a token rather than a grant.
    pub fn for_target(target: &LoginTarget) -> HintContext {
        HintContext {
            grant: None,
            target: target.clone(),
            username: None,
            audience: None,
        }
    }

    /// The sandbox name when the username carries one (`admin@acme.com.dev` → `dev`).
    pub fn sandbox_suffix(&self) -> Option<String> {
        let domain = self
            .username
            .as_deref()?
            .rsplit_once('@')?
            .1
            .to_ascii_lowercase();
        let labels: Vec<&str> = domain.split('.').collect();
        match labels.as_slice() {
            [_, .., tld, suffix] if labels.len() >= 3 && COMMON_TLDS.contains(tld) => {
                Some((*suffix).to_string())
            }
            _ => None,
        }
    }
}

/// Top-level domains after which a further label is almost surely a sandbox suffix.
const COMMON_TLDS: [&str; 14] = [
    "com", "org", "net", "edu", "gov", "io", "biz", "info", "de", "fr", "it", "es", "nl", "ch",
];

#[cfg(test)]
#[path = "../hints_tests.rs"]
mod tests;
