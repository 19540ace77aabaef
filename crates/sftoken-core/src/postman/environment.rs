//! Postman's environment export (v2.1): `{"name": …, "values": [{"key", "value", "type",
//! "enabled"}], "_postman_variable_scope": "environment"}`. Entries with `enabled: false` are
//! ignored, as Postman does; `type: secret` is only Postman's display hint.

use std::path::Path;

use serde_json::Value;

/// The largest environment file read (real ones are a few KB).
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// An environment as exported: its name and its enabled variables, in file order.
#[derive(Clone, PartialEq, Eq)]
pub struct PostmanEnvironment {
    pub name: String,
    pub variables: Vec<(String, String)>,
}

/// Values are secrets here (a password, a client secret): never printed.
impl std::fmt::Debug for PostmanEnvironment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let keys: Vec<&str> = self.variables.iter().map(|(k, _)| k.as_str()).collect();
        f.debug_struct("PostmanEnvironment")
            .field("name", &self.name)
            .field("keys", &keys)
            .finish()
    }
}

impl PostmanEnvironment {
    /// The variable's value, if it is set and enabled.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.variables
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PostmanError {
    #[error("{path} could not be read: {reason}")]
    Read { path: String, reason: String },
    #[error("{path} is larger than 1 MiB, which no Postman environment is")]
    TooLarge { path: String },
    #[error("{path} is not JSON ({reason}): export the environment from Postman (Environments → ⋯ → Export)")]
    NotJson { path: String, reason: String },
    #[error("{path} is a Postman collection, not an environment: export the environment instead (Environments → ⋯ → Export)")]
    Collection { path: String },
    #[error("{path} is not a Postman environment (no \"values\" list): export it from Postman (Environments → ⋯ → Export)")]
    NotEnvironment { path: String },
    #[error("{path} is a Postman environment without a name: give it one in Postman and export it again")]
    NoName { path: String },
}

/// Reads one exported environment file.
pub fn read_environment(path: &Path) -> Result<PostmanEnvironment, PostmanError> {
    use std::io::Read;
    let shown = path.display().to_string();
    let read_error = |e: std::io::Error| PostmanError::Read {
        path: shown.clone(),
        reason: e.to_string(),
    };
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(read_error)?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(PostmanError::TooLarge { path: shown });
    }
    parse(&bytes, &shown)
}

pub(super) fn parse(bytes: &[u8], path: &str) -> Result<PostmanEnvironment, PostmanError> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| PostmanError::NotJson {
        path: path.into(),
        reason: e.to_string(),
    })?;
    let Value::Object(object) = value else {
        return Err(PostmanError::NotEnvironment { path: path.into() });
    };
    if object.contains_key("item") && object.contains_key("info") {
        return Err(PostmanError::Collection { path: path.into() });
    }
    let Some(Value::Array(values)) = object.get("values") else {
        return Err(PostmanError::NotEnvironment { path: path.into() });
    };
    let name = object
        .get("name")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .ok_or_else(|| PostmanError::NoName { path: path.into() })?
        .to_string();
    let variables = values
        .iter()
        .filter(|v| v.get("enabled").and_then(Value::as_bool) != Some(false))
        .filter_map(|v| {
            let key = v.get("key")?.as_str()?.trim().to_string();
            let value = match v.get("value")? {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => return None,
            };
            (!key.is_empty()).then_some((key, value))
        })
        .collect();
    Ok(PostmanEnvironment { name, variables })
}
