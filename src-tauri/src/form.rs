//! The form as the window sends it over IPC: the target switch and the Body tab's fields.

use serde::Deserialize;
use sftoken_core::{LoginTarget, RequestForm, TargetError, TargetKind};

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
    #[serde(flatten)]
    pub fields: RequestForm,
}
