//! A successful token answer, kept whole: the well-known fields typed (`id` split into org and user,
//! `issued_at` as a time), and every field Salesforce sent, unknown ones included, in its order.
//! Token fields are secrets: `Debug` and the masked views never show them.

use chrono::{DateTime, Utc};
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Map, Value};

use crate::identity::IdentityUrl;

/// Fields whose values are credentials and are masked unless the caller explicitly exposes them.
const SECRET_FIELDS: [&str; 3] = ["access_token", "refresh_token", "id_token"];

/// Salesforce's answer to a successful token request.
pub struct TokenResponse {
    access_token: SecretString,
    /// Present when the grant and the app's scopes give one (`refresh_token` scope).
    refresh_token: Option<SecretString>,
    /// All fields in the order received (including the secret ones, hence private).
    fields: Map<String, Value>,
    pub instance_url: Option<String>,
    pub identity: Option<IdentityUrl>,
    pub token_type: Option<String>,
    pub issued_at: Option<DateTime<Utc>>,
}

impl TokenResponse {
    /// Reads a JSON object that has an `access_token`; `None` when it is not one.
    pub fn from_json(object: Map<String, Value>) -> Option<TokenResponse> {
        let access_token = object.get("access_token")?.as_str()?.to_string();
        let text = |key: &str| object.get(key).and_then(Value::as_str).map(str::to_string);
        let issued_at = text("issued_at")
            .and_then(|ms| ms.trim().parse::<i64>().ok())
            .and_then(DateTime::<Utc>::from_timestamp_millis);
        let refresh_token = text("refresh_token")
            .filter(|t| !t.is_empty())
            .map(SecretString::from);
        Some(TokenResponse {
            access_token: SecretString::from(access_token),
            refresh_token,
            instance_url: text("instance_url"),
            identity: text("id").as_deref().and_then(IdentityUrl::parse),
            token_type: text("token_type"),
            issued_at,
            fields: object,
        })
    }

    pub fn access_token(&self) -> &SecretString {
        &self.access_token
    }

    pub fn refresh_token(&self) -> Option<&SecretString> {
        self.refresh_token.as_ref()
    }

    /// A field as text (strings as-is, anything else as JSON), or `None` when absent. Exposes secrets.
    pub fn expose_field(&self, name: &str) -> Option<String> {
        match self.fields.get(name)? {
            Value::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        }
    }

    /// A non-secret field as text; secret fields read as `None`.
    pub fn field(&self, name: &str) -> Option<String> {
        if SECRET_FIELDS.contains(&name) {
            return None;
        }
        self.expose_field(name)
    }

    /// The field names, in the order Salesforce sent them.
    pub fn field_names(&self) -> impl Iterator<Item = &str> {
        self.fields.keys().map(String::as_str)
    }

    /// The whole answer as pretty JSON, secrets included (for `--json`, which the user asked for).
    pub fn expose_json_pretty(&self) -> String {
        serde_json::to_string_pretty(&self.fields).unwrap_or_default()
    }

    /// The whole answer as compact JSON, secrets included (the Raw view once revealed).
    pub fn expose_json_compact(&self) -> String {
        serde_json::to_string(&self.fields).unwrap_or_default()
    }

    /// The whole answer as pretty JSON with token values masked (for views and logs).
    pub fn masked_json_pretty(&self) -> String {
        serde_json::to_string_pretty(&self.masked_fields()).unwrap_or_default()
    }

    /// The whole answer as compact JSON with token values masked.
    pub fn masked_json_compact(&self) -> String {
        serde_json::to_string(&self.masked_fields()).unwrap_or_default()
    }

    fn masked_fields(&self) -> Map<String, Value> {
        let mut masked = self.fields.clone();
        for key in SECRET_FIELDS {
            if let Some(value) = masked.get_mut(key) {
                *value = Value::String(mask(value.as_str().unwrap_or_default()));
            }
        }
        masked
    }

    /// `issued_at` exactly as sent (milliseconds since the epoch), for signature checks.
    pub fn issued_at_raw(&self) -> Option<&str> {
        self.fields.get("issued_at").and_then(Value::as_str)
    }

    /// `id` exactly as sent, for signature checks.
    pub fn id_raw(&self) -> Option<&str> {
        self.fields.get("id").and_then(Value::as_str)
    }

    pub fn signature(&self) -> Option<&str> {
        self.fields.get("signature").and_then(Value::as_str)
    }
}

/// Keeps a token recognisable (its org-id prefix) without revealing it: `00D5g000008AbCd!AQ4…(112 chars)`.
pub fn mask(token: &str) -> String {
    let visible: String = token.chars().take_while(|c| *c != '!').take(15).collect();
    format!("{visible}…({} chars)", token.chars().count())
}

impl std::fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenResponse")
            .field("access_token", &mask(self.access_token.expose_secret()))
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "[redacted]"),
            )
            .field("instance_url", &self.instance_url)
            .field("identity", &self.identity)
            .field("token_type", &self.token_type)
            .field("issued_at", &self.issued_at)
            .field("fields", &self.fields.keys().collect::<Vec<_>>())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = r#"{"access_token":"00D5g000008AbCd!AQ4AQsecretpart","instance_url":"https://acme.my.salesforce.com","id":"https://login.salesforce.com/id/00D5g000008AbCdEAK/0055g00000AbCdEAAV","token_type":"Bearer","issued_at":"1764322315640","signature":"c2ln","api_instance_url":"https://api.salesforce.com"}"#;

    fn parse(body: &str) -> Option<TokenResponse> {
        TokenResponse::from_json(serde_json::from_str(body).unwrap())
    }

    #[test]
    fn typed_fields_are_read_and_unknown_ones_kept_in_order() {
        let r = parse(BODY).unwrap();
        assert_eq!(
            r.instance_url.as_deref(),
            Some("https://acme.my.salesforce.com")
        );
        let id = r.identity.as_ref().unwrap();
        assert_eq!(
            (id.org_id.as_str(), id.user_id.as_str()),
            ("00D5g000008AbCdEAK", "0055g00000AbCdEAAV")
        );
        assert_eq!(r.issued_at.unwrap().timestamp_millis(), 1_764_322_315_640);
        assert_eq!(
            r.field("api_instance_url").as_deref(),
            Some("https://api.salesforce.com")
        );
        let names: Vec<&str> = r.field_names().collect();
        assert_eq!(names.first(), Some(&"access_token"));
        assert_eq!(names.last(), Some(&"api_instance_url"));
    }

    #[test]
    fn tokens_are_hidden_unless_exposed_on_purpose() {
        let r = parse(BODY).unwrap();
        assert!(!format!("{r:?}").contains("secretpart"));
        assert!(!r.masked_json_pretty().contains("secretpart"));
        assert!(r.masked_json_pretty().contains("00D5g000008AbCd…"));
        assert_eq!(r.field("access_token"), None);
        assert_eq!(
            r.expose_field("access_token").as_deref(),
            Some("00D5g000008AbCd!AQ4AQsecretpart")
        );
        assert!(r.expose_json_pretty().contains("secretpart"));
    }

    #[test]
    fn the_refresh_token_is_a_secret_of_its_own() {
        let with =
            parse(r#"{"access_token":"00Dx!AQ","refresh_token":"5Aep861secretrefresh"}"#).unwrap();
        assert_eq!(
            with.refresh_token().map(|t| t.expose_secret()),
            Some("5Aep861secretrefresh")
        );
        assert!(!format!("{with:?}").contains("5Aep861"));
        assert_eq!(with.field("refresh_token"), None);
        assert!(parse(BODY).unwrap().refresh_token().is_none());
    }

    #[test]
    fn an_object_without_access_token_is_not_a_token_response() {
        assert!(parse(r#"{"instance_url":"x"}"#).is_none());
        assert!(parse(r#"{"access_token":42}"#).is_none());
    }
}
