//! The form as the window sends it over IPC: the target switch and the Body tab's fields.

use serde::Deserialize;
use sftoken_core::{LoginTarget, PasswordForm, TargetError, TargetKind};

#[derive(Debug, Deserialize)]
pub struct TargetInput {
    pub kind: TargetKind,
    #[serde(default)]
    pub host: String,
}

impl TargetInput {
    pub fn resolve(&self) -> Result<LoginTarget, TargetError> {
        LoginTarget::choose(self.kind, &self.host)
    }
}

#[derive(Debug, Deserialize)]
pub struct FormInput {
    pub target: TargetInput,
    /// Only `password` exists yet.
    #[serde(default = "password")]
    pub grant_type: String,
    #[serde(flatten)]
    pub fields: PasswordForm,
}

fn password() -> String {
    "password".into()
}
