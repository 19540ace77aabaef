//! The target as a form holds it (the switch position and the My Domain host as typed), before
//! it is checked and becomes a [`LoginTarget`]. Profiles store it this way, so a profile whose host
//! has become invalid still opens and shows what was typed.

use serde::{Deserialize, Serialize};

use crate::target::{LoginTarget, TargetError, TargetKind};

/// Where to log in, as the window's switch shows it: Production, Sandbox, or My Domain with its host.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetSpec {
    #[serde(default)]
    pub kind: TargetKind,
    /// The My Domain host; empty otherwise.
    #[serde(default)]
    pub host: String,
}

impl TargetSpec {
    pub fn resolve(&self) -> Result<LoginTarget, TargetError> {
        LoginTarget::choose(self.kind, &self.host)
    }

    pub fn from_target(target: &LoginTarget) -> TargetSpec {
        match target {
            LoginTarget::Production => TargetSpec {
                kind: TargetKind::Production,
                host: String::new(),
            },
            LoginTarget::Sandbox => TargetSpec {
                kind: TargetKind::Sandbox,
                host: String::new(),
            },
            LoginTarget::MyDomain(url) => TargetSpec {
                kind: TargetKind::MyDomain,
                host: url.as_str().trim_end_matches('/').to_string(),
            },
        }
    }

    /// The badge that keeps a production org from being mistaken for a sandbox.
    pub fn badge(&self) -> &'static str {
        match self.kind {
            TargetKind::Production => "PROD",
            TargetKind::Sandbox => "SANDBOX",
            TargetKind::MyDomain if self.host.contains(".sandbox.") || self.host.contains("--") => {
                "SANDBOX · MY DOMAIN"
            }
            TargetKind::MyDomain => "MY DOMAIN",
        }
    }
}
