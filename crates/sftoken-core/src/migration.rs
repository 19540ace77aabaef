//! Moving a profile off the username-password flow before Salesforce retires it on 2027-02-20:
//! the deadline, the three replacements and when to choose each, and the Setup checklist for the
//! user's kind of app. The steps that touch a profile (generate a key, test the new grant, forget
//! the password) are [`crate::profiles::ProfileBook`]'s, in `profiles/moving.rs`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::browser_sign_in::{DEFAULT_CALLBACK, DEFAULT_SCOPE};
use crate::grant::GrantKind;

/// The day Salesforce retires the OAuth username-password flow.
pub const PASSWORD_FLOW_RETIREMENT: NaiveDate = match NaiveDate::from_ymd_opt(2027, 2, 20) {
    Some(d) => d,
    None => panic!("a valid date"),
};

/// The grants that replace the password grant, in the order they are offered.
pub const REPLACEMENTS: [GrantKind; 3] = [
    GrantKind::JwtBearer,
    GrantKind::ClientCredentials,
    GrantKind::AuthorizationCode,
];

/// Today, as the deadline and certificate expiries count it (UTC).
pub fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

/// Days from `today` to the retirement (negative after it).
pub fn days_left(today: NaiveDate) -> i64 {
    (PASSWORD_FLOW_RETIREMENT - today).num_days()
}

/// "retired by Salesforce on 2027-02-20 — 82 days left".
pub fn deadline_line(today: NaiveDate) -> String {
    match days_left(today) {
        d if d < 0 => format!(
            "retired by Salesforce on {PASSWORD_FLOW_RETIREMENT}: logins with it fail from that day"
        ),
        0 => format!("retired by Salesforce today ({PASSWORD_FLOW_RETIREMENT})"),
        1 => format!("retired by Salesforce on {PASSWORD_FLOW_RETIREMENT} — 1 day left"),
        d => format!("retired by Salesforce on {PASSWORD_FLOW_RETIREMENT} — {d} days left"),
    }
}

/// One line on when to choose a replacement (`None` for a grant that is not one).
pub fn when_to_choose(kind: GrantKind) -> Option<&'static str> {
    match kind {
        GrantKind::JwtBearer => Some(
            "The same user, no password: a key in your keychain signs each login (server-to-server, scripts, CI).",
        ),
        GrantKind::ClientCredentials => Some(
            "The app logs in as its Run As user with its key and secret: no user password. My Domain only.",
        ),
        GrantKind::AuthorizationCode => Some(
            "You sign in in the browser (MFA and SSO work); a refresh token keeps you signed in.",
        ),
        _ => None,
    }
}

/// The kind of app the profile's consumer key belongs to: Setup differs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AppKind {
    /// External Client App: the only kind new orgs can create since Spring '26.
    #[default]
    ExternalClientApp,
    /// A connected app made before that.
    ConnectedApp,
}

impl AppKind {
    pub const ALL: [AppKind; 2] = [AppKind::ExternalClientApp, AppKind::ConnectedApp];

    pub fn label(self) -> &'static str {
        match self {
            AppKind::ExternalClientApp => "External Client App",
            AppKind::ConnectedApp => "connected app",
        }
    }

    pub fn parse(s: &str) -> Option<AppKind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "external-client-app" | "external" | "eca" => Some(AppKind::ExternalClientApp),
            "connected-app" | "connected" => Some(AppKind::ConnectedApp),
            _ => None,
        }
    }
}

/// What the checklist fills in: the certificate file's name and the user.
#[derive(Clone, Debug, Default)]
pub struct ChecklistFacts {
    pub certificate_file: String,
    pub username: String,
}

/// The steps in Setup for moving to `to` with this kind of app, in order.
pub fn checklist(to: GrantKind, app: AppKind, facts: &ChecklistFacts) -> Vec<String> {
    let cert = if facts.certificate_file.is_empty() {
        "the certificate sftoken made".to_string()
    } else {
        facts.certificate_file.clone()
    };
    let user = if facts.username.is_empty() {
        "the user".to_string()
    } else {
        facts.username.clone()
    };
    let steps: Vec<String> = match (to, app) {
        (GrantKind::JwtBearer, AppKind::ExternalClientApp) => vec![
            "Setup → External Client App Manager → your app → Edit Settings.".into(),
            "OAuth Settings: Enable OAuth stays on; the scopes include api.".into(),
            format!("Flow Enablement: tick Enable JWT Bearer Flow and upload {cert}."),
            "Policies → OAuth Policies → Plugin Policies → Permitted Users: Admin approved users are pre-authorized.".into(),
            format!("Policies → App Policies: select the profile of {user}, or a permission set assigned to {user}."),
            "Save. Changes take 2–10 minutes to reach every server: then press Test.".into(),
        ],
        (GrantKind::JwtBearer, AppKind::ConnectedApp) => vec![
            "Setup → App Manager → your app → ▼ → Edit.".into(),
            format!("API (Enable OAuth Settings): tick Use digital signatures and upload {cert}; the scopes include api."),
            "Save, then Manage → Edit Policies → Permitted Users: Admin approved users are pre-authorized.".into(),
            format!("Manage → Profiles (or Permission Sets): add the profile of {user}, or a permission set assigned to {user}."),
            "Changes take 2–10 minutes to reach every server: then press Test.".into(),
        ],
        (GrantKind::ClientCredentials, AppKind::ExternalClientApp) => vec![
            "Setup → External Client App Manager → your app → Edit Settings.".into(),
            "Flow Enablement: tick Enable Client Credentials Flow.".into(),
            "Policies → OAuth Policies → OAuth Flows and External Client App Enhancements: tick Enable Client Credentials Flow and choose the Run As user (an integration user with only the permissions it needs).".into(),
            "Target: your org's My Domain (https://NAME.my.salesforce.com): login and test.salesforce.com refuse this flow.".into(),
            "The consumer key and secret stay as they are. Save, wait 2–10 minutes, then press Test.".into(),
        ],
        (GrantKind::ClientCredentials, AppKind::ConnectedApp) => vec![
            "Setup → App Manager → your app → ▼ → Edit: tick Enable Client Credentials Flow, Save.".into(),
            "Manage → Edit Policies → Client Credentials Flow → Run As: an integration user with only the permissions it needs.".into(),
            "Target: your org's My Domain (https://NAME.my.salesforce.com): login and test.salesforce.com refuse this flow.".into(),
            "The consumer key and secret stay as they are. Wait 2–10 minutes, then press Test.".into(),
        ],
        (GrantKind::AuthorizationCode, AppKind::ExternalClientApp) => vec![
            "Setup → External Client App Manager → your app → Edit Settings.".into(),
            format!("OAuth Settings: add the callback URL {DEFAULT_CALLBACK}; the scopes include {DEFAULT_SCOPE} (Perform requests at any time)."),
            "Security: Require Proof Key for Code Exchange (PKCE) may stay on: sftoken sends it.".into(),
            format!("Policies → Permitted Users: All users may self-authorize, or pre-authorize {user} (Admin approved users)."),
            "Save, wait 2–10 minutes, then press Test: your browser opens Salesforce's sign-in.".into(),
        ],
        (GrantKind::AuthorizationCode, AppKind::ConnectedApp) => vec![
            "Setup → App Manager → your app → ▼ → Edit.".into(),
            format!("API (Enable OAuth Settings): add the callback URL {DEFAULT_CALLBACK}; selected scopes include Manage user data via APIs (api) and Perform requests at any time (refresh_token, offline_access)."),
            "Require Proof Key for Code Exchange (PKCE) may stay ticked: sftoken sends it.".into(),
            "Save, wait 2–10 minutes, then press Test: your browser opens Salesforce's sign-in.".into(),
        ],
        _ => Vec::new(),
    };
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_deadline_counts_the_days_left() {
        assert_eq!(
            deadline_line(day("2026-11-30")),
            "retired by Salesforce on 2027-02-20 — 82 days left"
        );
        assert_eq!(days_left(day("2027-02-19")), 1);
        assert!(deadline_line(day("2027-02-21")).contains("logins with it fail"));
    }

    #[test]
    fn every_replacement_has_a_line_and_a_checklist_for_both_kinds_of_app() {
        let facts = ChecklistFacts {
            certificate_file: "sftoken-acme.crt".into(),
            username: "admin@acme.com".into(),
        };
        for kind in REPLACEMENTS {
            assert!(when_to_choose(kind).is_some());
            for app in AppKind::ALL {
                assert!(checklist(kind, app, &facts).len() >= 4, "{kind:?} {app:?}");
            }
        }
        let eca = checklist(GrantKind::JwtBearer, AppKind::ExternalClientApp, &facts).join("\n");
        assert!(eca.contains("Enable JWT Bearer Flow and upload sftoken-acme.crt"));
        assert!(eca.contains("Admin approved users are pre-authorized"));
        assert!(eca.contains("admin@acme.com"));
        let connected = checklist(GrantKind::JwtBearer, AppKind::ConnectedApp, &facts).join("\n");
        assert!(connected.contains("Use digital signatures"));
        assert!(when_to_choose(GrantKind::Password).is_none());
        assert_eq!(AppKind::parse("connected-app"), Some(AppKind::ConnectedApp));
    }
}
