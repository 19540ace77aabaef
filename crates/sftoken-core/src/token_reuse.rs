//! A profile's token reused while it is good: `sftoken token --profile` (and `env`, `exec`,
//! `sf-login`, `export`) hand out the token the profile keeps while it lasts at least `min_valid`
//! more, and log in (or refresh, when the profile keeps a refresh token) only when it does not.
//! Scripts that ask for a token on every call — `TOKEN=$(sftoken token …)` in a loop, a CI job per
//! step — then log in once, not each time: no Login History flood, no `LOGIN_RATE_EXCEEDED`.
//!
//! Before a kept token is handed out it is checked with one call: introspection when the app's
//! client secret is at hand (which also gives its expiry), else userinfo. A token Salesforce
//! rejects is dropped and a new one obtained, once. Processes asking for the same profile at once
//! take turns on a per-profile lock file, so only the first logs in; the others reuse its token.

use std::time::Duration;

use chrono::{DateTime, Utc};
use secrecy::ExposeSecret;

use crate::client::TokenOutcome;
use crate::error::Result;
use crate::grant::GrantKind;
use crate::http::get;
use crate::profiles::{login_of, Expiry, KeptToken, Profile, ProfileBook, ProfileSecrets};
use crate::request_form::RequestForm;
use crate::send::{IssuedToken, SendObserver};
use crate::signature::SignatureVerdict;
use crate::target::LoginTarget;
use crate::TokenClient;

/// How `profile_token` may answer.
#[derive(Clone, Copy, Debug)]
pub struct ReusePolicy {
    /// A kept token is handed out only when it lasts at least this much longer.
    pub min_valid: Duration,
    /// Log in whatever is kept.
    pub fresh: bool,
}

impl Default for ReusePolicy {
    fn default() -> ReusePolicy {
        ReusePolicy {
            min_valid: DEFAULT_MIN_VALID,
            fresh: false,
        }
    }
}

/// `--min-valid`'s default: five minutes.
pub const DEFAULT_MIN_VALID: Duration = Duration::from_secs(5 * 60);

/// How the token was got.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Obtained {
    /// The kept token, checked and still good.
    Reused,
    /// A new login.
    New,
    /// The profile's kept refresh token.
    Refreshed,
}

/// A profile's token with how it was got and until when it is good.
#[derive(Debug)]
pub struct ProfileToken {
    pub issued: IssuedToken,
    pub obtained: Obtained,
    pub expiry: Expiry,
    /// When a kept token was dropped on the way: why (rejected, expired, too short).
    pub dropped: Option<String>,
    /// When the new token could not be kept: why (the token was issued all the same).
    pub not_kept: Option<String>,
}

impl ProfileToken {
    /// `reused, valid until 14:32 (1 h 52 min left, from Salesforce's introspection)` and the like.
    pub fn summary(&self, now: DateTime<Utc>) -> String {
        let how = match self.obtained {
            Obtained::Reused => "reused",
            Obtained::New => "new",
            Obtained::Refreshed => "new (refreshed)",
        };
        match self.expiry.until() {
            Some(until) => format!(
                "{how}, valid until {} ({} left, {})",
                until.with_timezone(&chrono::Local).format("%H:%M"),
                left(until - now),
                self.expiry.source()
            ),
            None => format!("{how}; {}", self.expiry.source()),
        }
    }
}

/// "1 h 52 min", "12 min", "40 s".
pub fn left(d: chrono::Duration) -> String {
    let secs = d.num_seconds().max(0);
    match secs {
        s if s >= 3600 => format!("{} h {} min", s / 3600, (s % 3600) / 60),
        s if s >= 60 => format!("{} min", s / 60),
        s => format!("{s} s"),
    }
}

/// What finding a token's expiry needs, taken out of an [`IssuedToken`] (so that a caller can let
/// go of a lock before the introspection call). Holds the token: no `Debug`.
pub struct ExpiryCheck {
    target: LoginTarget,
    token: crate::SecretString,
    client_id: String,
    client_secret: Option<crate::SecretString>,
    issued_at: Option<DateTime<Utc>>,
}

impl ExpiryCheck {
    pub fn of(issued: &IssuedToken) -> ExpiryCheck {
        ExpiryCheck {
            target: issued.target.clone(),
            token: issued.outcome.response.access_token().clone(),
            client_id: issued.client_id.clone(),
            client_secret: issued.client_secret.clone(),
            issued_at: issued.outcome.response.issued_at,
        }
    }
}

/// What one check of a kept token found.
enum Check {
    Good(Expiry),
    Rejected(&'static str),
}

impl TokenClient {
    /// The profile's token: the kept one while good for `policy.min_valid`, else a new one
    /// (refreshed when the profile keeps a refresh token), kept in its place when the profile
    /// keeps tokens. `form` is the profile's form as assembled (flags and environment applied).
    /// Holds the profile's lock throughout, so concurrent callers log in once.
    pub async fn profile_token(
        &self,
        book: &ProfileBook,
        profile: &Profile,
        form: &mut RequestForm,
        policy: ReusePolicy,
        sign_in_wait: Duration,
        observer: &dyn SendObserver,
    ) -> Result<ProfileToken> {
        let lock = book.lock_profile(&profile.id).await?;
        let target = form.target()?;
        let login = login_of(form);
        // Flags that log in as someone else than the profile (another user, target or app) get
        // their own token: the profile's is neither used nor replaced.
        let profiles_login = login == login_of(&profile.to_form(ProfileSecrets::default()));
        let own = profile.keep_tokens && profiles_login;
        let mut dropped = None;
        if own && !policy.fresh {
            if let Some(kept) = book.kept_token(&profile.id)?.filter(|k| k.login == login) {
                match self
                    .check_kept(&kept, &target, form, profile, policy)
                    .await?
                {
                    Ok((issued, expiry)) => {
                        drop(lock);
                        return Ok(ProfileToken {
                            issued,
                            obtained: Obtained::Reused,
                            expiry,
                            dropped: None,
                            not_kept: None,
                        });
                    }
                    Err(why) => {
                        // A folder sftoken may only read cannot note it: the new login goes on.
                        if let Err(e) = book.drop_kept_token(&profile.id) {
                            tracing::warn!("the kept token could not be dropped: {e}");
                        }
                        dropped = Some(why);
                    }
                }
            }
        }
        let obtained = renew(profile, form);
        let issued = self
            .send_form(form, sign_in_wait, observer, std::future::pending())
            .await?;
        if profiles_login {
            note_org(book, profile, &issued);
        }
        let expiry = self
            .expiry_of(&issued, profile.session_timeout_minutes)
            .await;
        let not_kept = if own {
            let kept = KeptToken::new(
                &issued.outcome.response,
                login,
                issued.grant,
                Utc::now(),
                expiry,
            );
            book.keep_token(profile, &kept).err().map(|e| e.to_string())
        } else {
            None
        };
        drop(lock);
        Ok(ProfileToken {
            issued,
            obtained,
            expiry,
            dropped,
            not_kept,
        })
    }

    /// `Ok(Ok(token))` when the kept token is good for `min_valid`; `Ok(Err(why))` when it must
    /// be replaced.
    async fn check_kept(
        &self,
        kept: &KeptToken,
        target: &LoginTarget,
        form: &RequestForm,
        profile: &Profile,
        policy: ReusePolicy,
    ) -> Result<std::result::Result<(IssuedToken, Expiry), String>> {
        let Some(response) = kept.response() else {
            return Ok(Err("the kept token was unreadable".into()));
        };
        let now = Utc::now();
        if kept
            .expiry
            .until()
            .is_some_and(|_| !kept.expiry.lasts(now, policy.min_valid))
        {
            return Ok(Err(too_short(policy)));
        }
        let secret =
            (!form.client_secret.expose_secret().is_empty()).then_some(&form.client_secret);
        let introspected = match secret {
            Some(secret) => match self
                .introspect(target, response.access_token(), &form.client_id, secret)
                .await
            {
                Ok(answer) => Some(answer),
                // The app may not allow introspection, or the endpoint may fail: userinfo decides.
                Err(e) => {
                    tracing::warn!(
                        "introspection failed ({e}); the kept token is checked with userinfo"
                    );
                    None
                }
            },
            None => None,
        };
        let check = match introspected {
            Some(answer) => match (answer.active, answer.expires_at) {
                (false, _) => {
                    Check::Rejected("Salesforce says it is no longer active (introspection)")
                }
                (true, Some(until)) => Check::Good(Expiry::Introspection { until }),
                (true, None) => Check::Good(kept_timeout(kept, profile)),
            },
            None => {
                if self.userinfo_accepts(target, &response).await? {
                    Check::Good(kept_timeout(kept, profile))
                } else {
                    Check::Rejected("Salesforce rejected it (userinfo: 401 INVALID_SESSION_ID)")
                }
            }
        };
        match check {
            Check::Rejected(why) => Ok(Err(format!("the kept token was dropped: {why}"))),
            Check::Good(expiry)
                if expiry.until().is_some() && !expiry.lasts(now, policy.min_valid) =>
            {
                Ok(Err(too_short(policy)))
            }
            Check::Good(expiry) => {
                let signature = SignatureVerdict::check(
                    secret,
                    response.id_raw(),
                    response.issued_at_raw(),
                    response.signature(),
                );
                let bytes = kept_len(&response);
                let issued = IssuedToken {
                    outcome: TokenOutcome {
                        signature,
                        status: 200,
                        elapsed: Duration::ZERO,
                        bytes,
                        url: target.token_url(),
                        response,
                    },
                    target: target.clone(),
                    grant: kept.grant,
                    jwt_claims: None,
                    client_id: form.client_id.trim().to_string(),
                    client_secret: secret.cloned(),
                    username: form.username.trim().to_string(),
                };
                Ok(Ok((issued, expiry)))
            }
        }
    }

    /// One userinfo call: true when Salesforce accepts the token, false on 401/403.
    async fn userinfo_accepts(
        &self,
        target: &LoginTarget,
        response: &crate::TokenResponse,
    ) -> Result<bool> {
        let ctx = crate::hints::HintContext::for_target(target);
        let raw = get(
            &self.http,
            &self.config,
            &target.endpoint("services/oauth2/userinfo"),
            Some(response.access_token()),
        )
        .await
        .map_err(|e| crate::client::transport(e, &ctx))?;
        Ok(!matches!(raw.status, 401 | 403))
    }

    /// Until when a token just issued is good (see [`TokenClient::expiry`]).
    pub async fn expiry_of(
        &self,
        issued: &IssuedToken,
        session_timeout_minutes: Option<u32>,
    ) -> Expiry {
        self.expiry(&ExpiryCheck::of(issued), session_timeout_minutes)
            .await
    }

    /// Until when a token is good: `exp` from introspection when the app's secret is at hand,
    /// else `session_timeout_minutes` from its issue time, else unknown. Never fails: an
    /// introspection that does not answer leaves the other sources.
    pub async fn expiry(
        &self,
        check: &ExpiryCheck,
        session_timeout_minutes: Option<u32>,
    ) -> Expiry {
        let issued_at = check.issued_at.unwrap_or_else(Utc::now);
        let by_timeout = Expiry::from_timeout(issued_at, session_timeout_minutes);
        let Some(secret) = check
            .client_secret
            .as_ref()
            .filter(|s| !s.expose_secret().is_empty())
        else {
            return by_timeout;
        };
        match self
            .introspect(&check.target, &check.token, &check.client_id, secret)
            .await
        {
            Ok(answer) => match answer.expires_at {
                Some(until) => Expiry::Introspection { until },
                None => by_timeout,
            },
            Err(e) => {
                tracing::debug!("no expiry from introspection: {e}");
                by_timeout
            }
        }
    }
}

/// Why a kept token that is still good is not handed out.
fn too_short(policy: ReusePolicy) -> String {
    format!(
        "the kept token ends in less than {}",
        left(chrono::Duration::from_std(policy.min_valid).unwrap_or_default())
    )
}

/// A kept token's expiry from the profile's session timeout, counted from when it was issued.
fn kept_timeout(kept: &KeptToken, profile: &Profile) -> Expiry {
    let issued = kept
        .response()
        .and_then(|r| r.issued_at)
        .unwrap_or(kept.kept_at);
    Expiry::from_timeout(issued, profile.session_timeout_minutes)
}

fn kept_len(response: &crate::TokenResponse) -> usize {
    response.expose_json_compact().len()
}

/// The browser sign-in is renewed with the refresh token the profile keeps, when it keeps one.
fn renew(profile: &Profile, form: &mut RequestForm) -> Obtained {
    if form.kind() == GrantKind::AuthorizationCode
        && profile.keep_refresh_token
        && !form.refresh_token.expose_secret().is_empty()
    {
        form.grant_type = GrantKind::Refresh.grant_type().to_string();
    }
    if form.kind() == GrantKind::Refresh {
        Obtained::Refreshed
    } else {
        Obtained::New
    }
}

/// Notes the org of a token issued for the profile's own login (asking the org why a later login
/// failed compares it with a helper's). A profile file that cannot be written is only logged: the
/// token is good either way.
pub fn note_org(book: &ProfileBook, profile: &Profile, issued: &IssuedToken) {
    if let Some(identity) = &issued.outcome.response.identity {
        if let Err(e) = book.note_org(profile, &identity.org_id) {
            tracing::warn!("the org of {:?} was not noted: {e}", profile.name);
        }
    }
}
