//! "Ask the org why": when Salesforce refuses a profile's login with `authentication failure`, a
//! second profile of the same org (the helper, typically an administrator's browser sign-in) reads
//! the user's Login History (`crate::login_history`), and the newest failure's status is explained
//! (`crate::login_status`). One function for the window's button and `sftoken why`.
//!
//! A helper of another org is refused before any query: when both profiles' orgs are known (from
//! earlier tokens) they must match, and a My Domain, production or sandbox target must not say
//! otherwise. The failing login is never retried: a retry can lock the user out.

use std::time::Duration;

use serde::Serialize;

use crate::error::Result;
use crate::login_history::{LoginAttempt, LoginLookup};
use crate::login_status::{explain, is_success, StatusExplanation};
use crate::profiles::{Profile, ProfileBook};
use crate::request_form::RequestForm;
use crate::send::SendObserver;
use crate::target::LoginTarget;
use crate::token_reuse::{note_org, Obtained, ReusePolicy};
use crate::TokenClient;

/// Why the org cannot be asked with this helper.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WhyError {
    #[error("{failing:?} has no username: Login History is looked up by username")]
    NoUsername { failing: String },
    #[error("{0:?} cannot ask about itself: choose another profile of the same org (an administrator's)")]
    SameProfile(String),
    #[error("{helper:?} is not of the same org as {failing:?} ({why}): choose a profile of {failing:?}'s org")]
    OtherOrg {
        failing: String,
        helper: String,
        why: String,
    },
}

/// What the org said about the failing profile's user, explained.
#[derive(Clone, Debug, Serialize)]
pub struct WhyReport {
    /// The failing profile's name and username.
    pub profile: String,
    pub username: String,
    /// The helper's name, and the org it asked (`00D…`).
    pub helper: String,
    pub org_id: Option<String>,
    /// The org's answer (the attempts, no such user, or not permitted).
    pub lookup: LoginLookup,
    /// The newest failure's status, explained; `None` when there is no failure to explain.
    pub cause: Option<StatusExplanation>,
    /// When that failure happened (as Login History has it).
    pub cause_time: Option<String>,
    /// One or two sentences: what the answer means for this profile.
    pub summary: String,
}

impl WhyReport {
    /// True when the org answered (attempts or no such user); false when it refused the lookup.
    pub fn answered(&self) -> bool {
        !matches!(self.lookup, LoginLookup::NotPermitted { .. })
    }
}

/// Refuses a helper that cannot be of the failing profile's org, before anything is sent.
pub fn check_helper(failing: &Profile, helper: &Profile) -> std::result::Result<(), WhyError> {
    if failing.username.trim().is_empty() {
        return Err(WhyError::NoUsername {
            failing: failing.name.clone(),
        });
    }
    if failing.id == helper.id {
        return Err(WhyError::SameProfile(failing.name.clone()));
    }
    let other = |why: String| WhyError::OtherOrg {
        failing: failing.name.clone(),
        helper: helper.name.clone(),
        why,
    };
    if let (Some(a), Some(b)) = (&failing.org_id, &helper.org_id) {
        return if same_id(a, b) {
            Ok(())
        } else {
            Err(other(format!("org {a} vs {b}")))
        };
    }
    match (failing.target.resolve(), helper.target.resolve()) {
        (Ok(a @ LoginTarget::MyDomain(_)), Ok(b @ LoginTarget::MyDomain(_))) => {
            let (a, b) = (a.host(), b.host());
            if a != b {
                return Err(other(format!("My Domain {a} vs {b}")));
            }
        }
        (Ok(LoginTarget::Production), Ok(LoginTarget::Sandbox))
        | (Ok(LoginTarget::Sandbox), Ok(LoginTarget::Production)) => {
            return Err(other("one is a production org, the other a sandbox".into()));
        }
        _ => {}
    }
    Ok(())
}

/// Org ids compare on their 15-character case-sensitive form (18 adds a checksum).
fn same_id(a: &str, b: &str) -> bool {
    a.get(..15) == b.get(..15)
}

impl TokenClient {
    /// Asks the org, with `helper`'s token (reused or obtained as `sftoken token` would), why
    /// `failing`'s logins fail. `helper_form` is the helper's form with its secrets. Remembers the
    /// helper for `failing` once the org answered.
    pub async fn ask_why(
        &self,
        book: &ProfileBook,
        failing: &Profile,
        helper: &Profile,
        helper_form: &mut RequestForm,
        sign_in_wait: Duration,
        observer: &dyn SendObserver,
    ) -> Result<WhyReport> {
        check_helper(failing, helper)?;
        let token = self
            .profile_token(
                book,
                helper,
                helper_form,
                ReusePolicy::default(),
                sign_in_wait,
                observer,
            )
            .await?;
        let response = &token.issued.outcome.response;
        let org_id = response.identity.as_ref().map(|i| i.org_id.clone());
        // A new token's org was noted by `profile_token`; a reused one's maybe never was (kept
        // before orgs were noted): noted here, where it decides, not on every reuse.
        if token.obtained == Obtained::Reused {
            note_org(book, helper, &token.issued);
        }
        if let (Some(theirs), Some(ours)) = (&failing.org_id, &org_id) {
            if !same_id(theirs, ours) {
                return Err(WhyError::OtherOrg {
                    failing: failing.name.clone(),
                    helper: helper.name.clone(),
                    why: format!("org {theirs} vs {ours}"),
                }
                .into());
            }
        }
        let instance = response
            .instance_url
            .clone()
            .unwrap_or_else(|| token.issued.target.base_url().to_string());
        let username = failing.username.trim();
        let lookup = self
            .login_attempts(&instance, response.access_token(), username)
            .await?;
        if !matches!(lookup, LoginLookup::NotPermitted { .. }) {
            if let Err(e) = book.set_why_helper(&failing.id, &helper.id) {
                tracing::warn!("the helper was not remembered: {e}");
            }
        }
        Ok(report(failing, helper, org_id, lookup))
    }
}

/// The answer, explained.
pub fn report(
    failing: &Profile,
    helper: &Profile,
    org_id: Option<String>,
    lookup: LoginLookup,
) -> WhyReport {
    let username = failing.username.trim().to_string();
    let (cause, cause_time, summary) = match &lookup {
        LoginLookup::Attempts { attempts, .. } => explain_attempts(attempts),
        LoginLookup::NoSuchUser => (
            None,
            None,
            format!(
                "No user {username:?} in this org. Salesforce records nothing for a username it does not know: the username is wrong (a typo) or belongs to another org (a sandbox username sent to production, or the .sandboxname suffix missing or extra)."
            ),
        ),
        LoginLookup::NotPermitted { message } => (
            None,
            None,
            format!(
                "{:?} may not read Login History ({message}). It takes the Manage Users permission, usually an administrator's: ask with an administrator's profile. The likely causes below still stand.",
                helper.name
            ),
        ),
    };
    WhyReport {
        profile: failing.name.clone(),
        username,
        helper: helper.name.clone(),
        org_id,
        lookup,
        cause,
        cause_time,
        summary,
    }
}

fn explain_attempts(
    attempts: &[LoginAttempt],
) -> (Option<StatusExplanation>, Option<String>, String) {
    let Some(newest) = attempts.first() else {
        return (
            None,
            None,
            "Salesforce recorded no login for this user: the refused request did not reach this org as this user. Check the target (production, sandbox or My Domain) and the username.".into(),
        );
    };
    let Some(failure) = attempts.iter().find(|a| !is_success(&a.status)) else {
        return (
            None,
            None,
            format!(
                "The latest logins succeeded (newest {}): Salesforce recorded no failure. A refused request may have gone to another org, or failed before the user was checked (client_id or client_secret).",
                newest.login_time
            ),
        );
    };
    let cause = explain(&failure.status);
    let summary = if is_success(&newest.status) {
        format!(
            "The latest login succeeded ({}); the failure before it was: {}.",
            newest.login_time, cause.status
        )
    } else {
        format!(
            "Salesforce refused the latest login ({}): {}.",
            failure.login_time, cause.status
        )
    };
    (Some(cause), Some(failure.login_time.clone()), summary)
}

/// A profile the window offers to ask with.
#[derive(Clone, Debug, Serialize)]
pub struct HelperChoice {
    pub id: String,
    pub name: String,
    pub badge: &'static str,
    /// Known to be of the same org (same org id from earlier tokens, or the same My Domain).
    pub same_org: bool,
    /// The helper chosen last time.
    pub remembered: bool,
}

/// The profiles that may ask for `failing` (any [`check_helper`] does not refuse), the remembered
/// one first, then those known to be of the same org, then the rest, by name.
pub fn helper_choices(failing: &Profile, all: &[Profile]) -> Vec<HelperChoice> {
    let mut choices: Vec<HelperChoice> = all
        .iter()
        .filter(|p| check_helper(failing, p).is_ok())
        .map(|p| HelperChoice {
            id: p.id.clone(),
            name: p.name.clone(),
            badge: p.target.badge(),
            same_org: known_same_org(failing, p),
            remembered: failing.why_helper.as_deref() == Some(p.id.as_str()),
        })
        .collect();
    choices.sort_by(|a, b| {
        (!a.remembered, !a.same_org, a.name.to_lowercase()).cmp(&(
            !b.remembered,
            !b.same_org,
            b.name.to_lowercase(),
        ))
    });
    choices
}

fn known_same_org(failing: &Profile, helper: &Profile) -> bool {
    if let (Some(a), Some(b)) = (&failing.org_id, &helper.org_id) {
        return same_id(a, b);
    }
    match (failing.target.resolve(), helper.target.resolve()) {
        (Ok(a @ LoginTarget::MyDomain(_)), Ok(b @ LoginTarget::MyDomain(_))) => {
            a.host() == b.host()
        }
        _ => false,
    }
}

impl ProfileBook {
    /// A helper for `failing` when there is none: a new profile that signs in with the browser
    /// (web server flow + PKCE) on the same target with the same app, for an administrator of the
    /// org to sign in with. Returns it, saved, with the app's secret copied from `failing`'s.
    pub fn add_sign_in_helper(&self, failing_id: &str) -> Result<Profile> {
        let profiles = self.load()?;
        let failing = profiles
            .iter()
            .find(|p| p.id == failing_id)
            .ok_or_else(|| crate::profiles::ProfileError::NotFound(failing_id.into()))?;
        let name = (1..)
            .map(|n| match n {
                1 => format!("{} (admin sign-in)", failing.name),
                n => format!("{} (admin sign-in {n})", failing.name),
            })
            .find(|candidate| crate::profiles::check_name(&profiles, candidate, None).is_ok())
            .unwrap_or_else(|| format!("{} (admin sign-in)", failing.name));
        let opened = self.open(failing.clone());
        let form = RequestForm {
            target: failing.target.clone(),
            grant_type: crate::grant::GrantKind::AuthorizationCode
                .grant_type()
                .to_string(),
            client_id: failing.client_id.clone(),
            client_secret: opened.form.client_secret.clone(),
            callback: failing.callback.clone(),
            ..RequestForm::default()
        };
        let saved = self.save(
            None,
            crate::profiles::ProfileDraft {
                name,
                notes: format!(
                    "Signs in with the browser as an administrator of {:?}'s org, to ask the org why its logins fail.",
                    failing.name
                ),
                remember_secrets: failing.remember_secrets,
                keep_refresh_token: false,
                tokens: None,
                form,
            },
        )?;
        Ok(saved.profile)
    }
}
