//! A profile's latest access token, kept in the OS keychain (item `PROFILE-ID/access-token`, beside
//! the profile's secrets) so that the next `sftoken token --profile` hands it out again instead of
//! logging in: every login fills Login History and counts against Salesforce's login rate limit
//! (`LOGIN_RATE_EXCEEDED` locks the user out for a while). Kept with it: when it was issued, and
//! until when it is good and how that is known ([`Expiry`]). Never written to a file.

use chrono::{DateTime, Duration, Utc};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::grant::GrantKind;
use crate::token_response::TokenResponse;

/// Until when a token is good, and where that comes from. Salesforce's answers carry no
/// `expires_in`: a session lasts the org's session timeout (15 minutes to 24 hours), counted from
/// its last use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum Expiry {
    /// `exp` from Salesforce's introspection (the app's client id and secret were at hand).
    Introspection { until: DateTime<Utc> },
    /// The session timeout set on the profile, counted from when the token was issued.
    SessionTimeout { until: DateTime<Utc>, minutes: u32 },
    /// Not known (no client secret to introspect with, no session timeout on the profile): the
    /// token is checked with one userinfo call before each reuse.
    Unknown,
}

impl Expiry {
    pub fn until(&self) -> Option<DateTime<Utc>> {
        match self {
            Expiry::Introspection { until } | Expiry::SessionTimeout { until, .. } => Some(*until),
            Expiry::Unknown => None,
        }
    }

    /// Where the figure comes from, as the window and the command say it.
    pub fn source(&self) -> String {
        match self {
            Expiry::Introspection { .. } => "from Salesforce's introspection".into(),
            Expiry::SessionTimeout { minutes, .. } => {
                format!("from the profile's session timeout ({minutes} min)")
            }
            Expiry::Unknown => "expiry unknown: checked with userinfo before each reuse; set the org's session timeout on the profile to know it".into(),
        }
    }

    /// The expiry a session timeout gives a token issued at `issued`.
    pub fn from_timeout(issued: DateTime<Utc>, minutes: Option<u32>) -> Expiry {
        match minutes {
            Some(minutes) => Expiry::SessionTimeout {
                until: issued + Duration::minutes(i64::from(minutes)),
                minutes,
            },
            None => Expiry::Unknown,
        }
    }

    /// Good for at least `min_valid` more at `now` (an unknown expiry is never known to be).
    pub fn lasts(&self, now: DateTime<Utc>, min_valid: std::time::Duration) -> bool {
        let min = Duration::from_std(min_valid).unwrap_or(Duration::MAX);
        self.until().is_some_and(|until| until - now >= min)
    }
}

/// The kept token: Salesforce's answer as it came (a secret: it holds the access token), when it
/// was kept, by which grant, and its [`Expiry`].
#[derive(Clone)]
pub struct KeptToken {
    answer: SecretString,
    /// Who logged in, where, through which app (see [`login_of`]): a token is reused only for
    /// the same login.
    pub login: String,
    pub kept_at: DateTime<Utc>,
    pub grant: GrantKind,
    pub expiry: Expiry,
}

impl std::fmt::Debug for KeptToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeptToken")
            .field("answer", &"[redacted]")
            .field("login", &self.login)
            .field("kept_at", &self.kept_at)
            .field("grant", &self.grant)
            .field("expiry", &self.expiry)
            .finish()
    }
}

#[derive(Serialize, Deserialize)]
struct Stored {
    answer: Map<String, Value>,
    #[serde(default)]
    login: String,
    kept_at: DateTime<Utc>,
    grant: GrantKind,
    expiry: Expiry,
}

impl KeptToken {
    pub fn new(
        response: &TokenResponse,
        login: String,
        grant: GrantKind,
        kept_at: DateTime<Utc>,
        expiry: Expiry,
    ) -> KeptToken {
        KeptToken {
            answer: SecretString::from(response.expose_json_compact()),
            login,
            kept_at,
            grant,
            expiry,
        }
    }

    /// Salesforce's answer again (`None` if what was kept is not one).
    pub fn response(&self) -> Option<TokenResponse> {
        match serde_json::from_str::<Value>(self.answer.expose_secret()) {
            Ok(Value::Object(map)) => TokenResponse::from_json(map),
            _ => None,
        }
    }

    /// What the keychain item holds (a secret).
    pub(crate) fn to_stored(&self) -> Option<SecretString> {
        let Ok(Value::Object(answer)) = serde_json::from_str::<Value>(self.answer.expose_secret())
        else {
            return None;
        };
        let stored = Stored {
            answer,
            login: self.login.clone(),
            kept_at: self.kept_at,
            grant: self.grant,
            expiry: self.expiry,
        };
        serde_json::to_string(&stored).ok().map(SecretString::from)
    }

    pub(crate) fn from_stored(text: &SecretString) -> Option<KeptToken> {
        let stored: Stored = serde_json::from_str(text.expose_secret()).ok()?;
        Some(KeptToken {
            answer: SecretString::from(Value::Object(stored.answer).to_string()),
            login: stored.login,
            kept_at: stored.kept_at,
            grant: stored.grant,
            expiry: stored.expiry,
        })
    }
}

/// Who logs in, where and through which app: the token URL, the client id, the username and the
/// grant (not secret). A kept token serves only the login it was issued to.
pub fn login_of(form: &crate::RequestForm) -> String {
    let url = form
        .target
        .resolve()
        .map(|t| t.token_url().to_string())
        .unwrap_or_default();
    // An explicit other grant (`--grant refresh` on a browser sign-in profile) is another login:
    // the user asked for it, so the profile's kept token is neither handed out nor replaced.
    format!(
        "{url} {} {} {}",
        form.client_id.trim(),
        form.username.trim(),
        form.kind().grant_type()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response() -> TokenResponse {
        let json = serde_json::json!({
            "access_token": "00Dxx!AQ.kept",
            "instance_url": "https://acme.my.salesforce.com",
            "issued_at": "1764500000000"
        });
        TokenResponse::from_json(json.as_object().unwrap().clone()).unwrap()
    }

    #[test]
    fn a_kept_token_round_trips_and_debug_hides_it() {
        let until = Utc::now() + Duration::hours(1);
        let kept = KeptToken::new(
            &response(),
            "login".into(),
            GrantKind::Password,
            Utc::now(),
            Expiry::Introspection { until },
        );
        let stored = kept.to_stored().unwrap();
        let back = KeptToken::from_stored(&stored).unwrap();
        assert_eq!(
            back.response().unwrap().access_token().expose_secret(),
            "00Dxx!AQ.kept"
        );
        assert_eq!(back.expiry, Expiry::Introspection { until });
        assert_eq!(back.login, "login");
        assert!(!format!("{kept:?}").contains("kept\""));
        assert!(!format!("{kept:?}").contains("AQ.kept"));
    }

    #[test]
    fn lasting_needs_a_known_expiry() {
        let now = Utc::now();
        let five = std::time::Duration::from_secs(300);
        assert!(Expiry::from_timeout(now, Some(10)).lasts(now, five));
        assert!(!Expiry::from_timeout(now, Some(4)).lasts(now, five));
        assert!(!Expiry::Unknown.lasts(now, five));
    }
}
