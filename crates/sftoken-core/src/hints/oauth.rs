//! Advice for each error of Salesforce's catalogue (docs/salesforce-oauth.md, "Error catalogue").

use super::{Hint, HintContext};
use crate::error::OAuthError;
use crate::grant::GrantKind;
use crate::target::LoginTarget;

const LOGIN_HISTORY: &str =
    "Login History holds the exact reason Salesforce recorded for this failure: ask the org why (another profile of the same org, an administrator's, reads it for you), or open Setup → Login History and filter on this username.";
const FLOW_RETIRED: &str = "The org may block the username-password flow: Setup → OAuth and OpenID Connect Settings → \
\"Allow OAuth Username-Password Flows\" (off by default in orgs created since Summer '23). Salesforce retires this flow \
on 2027-02-20: move to client credentials, JWT bearer or web server + PKCE.";

/// Likely causes of an OAuth error, most likely first.
pub(crate) fn for_oauth(e: &OAuthError, ctx: &HintContext) -> Vec<Hint> {
    let description = e
        .error_description
        .as_deref()
        .unwrap_or("")
        .to_ascii_lowercase();
    if e.error == "rate_limit_exceeded"
        || description.contains("rate exceeded")
        || description.contains("login_rate_exceeded")
    {
        return login_rate_exceeded();
    }
    let lines: Vec<String> = match (e.error.as_str(), description.as_str()) {
        ("invalid_grant", "authentication failure") => authentication_failure(ctx),
        ("invalid_grant", d) if d.contains("ip restricted") || d.contains("login hours") => vec![
            "The user's profile restricts login IP ranges or login hours: Setup → Profiles → (profile) → Login IP Ranges / Login Hours.".into(),
            "The connected app enforces IP restrictions: App Manager → Manage → Edit Policies → IP Relaxation (\"Relax IP restrictions\" for integrations).".into(),
            LOGIN_HISTORY.into(),
        ],
        ("invalid_grant", d) if d.contains("expired access/refresh token") => vec![
            "The refresh token was revoked, expired under the app's refresh token policy, or replaced by rotation: sign in again to get a new one.".into(),
            "Each user keeps at most 5 refresh tokens per app; older ones are revoked as new ones are issued.".into(),
        ],
        ("invalid_grant", d) if d.contains("hasn't approved") || d.contains("not approved") => vec![
            "The user is not pre-authorized for the app. External Client App: Policies → Permitted Users \"Admin approved users are pre-authorized\", then App Policies → select the user's profile or a permission set. Connected app: Manage → Edit Policies → Permitted Users, then Manage → Profiles / Permission Sets.".into(),
            "Or have the user approve the app once through a browser sign-in (web server flow).".into(),
        ],
        ("invalid_grant", d) if d.contains("audience") => vec![
            format!(
                "The JWT's aud{} is not this org's login server: a sandbox user needs https://test.salesforce.com (target Sandbox), a production user https://login.salesforce.com (target Production), an Experience Cloud site its URL.",
                ctx.audience.as_deref().map(|a| format!(" was {a}: it")).unwrap_or_default()
            ),
            "Check the target and the aud field (empty follows the target): a username ending in a sandbox's name (admin@acme.com.dev) belongs to a sandbox.".into(),
        ],
        ("invalid_grant", d) if d.contains("invalid assertion") => vec![
            "The certificate on the app is not the one of this private key, or none is uploaded: upload this key's certificate (External Client App: Flow Enablement; connected app: Use digital signatures).".into(),
            "The JWT bearer flow is not enabled on the app: External Client App → Edit Settings → Flow Enablement → Enable JWT Bearer Flow; connected app → Use digital signatures.".into(),
            "The username (sub) is not a user of the org behind this target: check it, and Production / Sandbox.".into(),
            "This computer's clock is off by more than a few minutes (the assertion expires 3 minutes after signing): set the clock right.".into(),
        ],
        ("invalid_grant", d) if d.contains("not supported on this domain") => vec![
            "Client credentials only works on the org's My Domain host (https://NAME.my.salesforce.com), not on login or test.salesforce.com: choose My Domain.".into(),
        ],
        ("invalid_grant", d) if d.contains("no client credentials user") => vec![
            "The app has no Run As user: App Manager → Manage → Edit Policies → Client Credentials Flow → Run As.".into(),
            "Also check \"Enable Client Credentials Flow\" is ticked in the app's OAuth settings.".into(),
        ],
        ("invalid_client_id", _) => vec![
            "The consumer key (client_id) is wrong: copy it again from Setup → App Manager → (app) → View → Manage Consumer Details.".into(),
            format!("The app does not exist in the org behind {}: an app made in production reaches a sandbox only after a refresh; check Production / Sandbox / My Domain.", ctx.target),
            "A new or just-edited connected app takes 2–10 minutes to propagate: wait and retry.".into(),
        ],
        ("invalid_client", _) => vec![
            "The consumer secret (client_secret) is wrong or belongs to another app: copy it again from Manage Consumer Details (watch for a trailing space).".into(),
            "The secret was rotated: apps can hold a new secret that replaces the old one.".into(),
        ],
        ("unsupported_grant_type", _) => vec![
            "grant_type is misspelled, or this grant is not enabled for the app (check its OAuth settings).".into(),
            "The body was not sent form-encoded (application/x-www-form-urlencoded).".into(),
            "A redirect turned the POST into a GET (typically an http:// URL or a proxy): use https:// and the exact host.".into(),
        ],
        ("invalid_app_access", _) => vec![
            "The user is not assigned to the app: App Manager → Manage → Profiles / Permission Sets → add the user's profile or a permission set.".into(),
            "Or relax the app's policy: Permitted Users → \"All users may self-authorize\".".into(),
        ],
        ("inactive_user", _) => vec![
            "The user is deactivated: Setup → Users → (user) → tick Active, or use another user.".into(),
            LOGIN_HISTORY.into(),
        ],
        ("inactive_org", _) => vec![
            "The org is inactive (expired trial, deleted or refreshed sandbox, suspended org): check the target and the username point to a live org.".into(),
        ],
        ("Bad_OAuth_Token" | "INVALID_SESSION_ID" | "invalid_token", _) => vec![
            "The token expired (the org's session timeout), was revoked, or was issued by another org or host: get a new one.".into(),
            "Check the target: a token is checked by the org that issued it (Production, Sandbox or its My Domain).".into(),
        ],
        ("redirect_uri_mismatch", _) => vec![
            "The callback URL must exactly match one registered on the connected app (scheme, host, port and path).".into(),
        ],
        _ => vec![
            "Salesforce's description above names the problem; check the app's OAuth policies in App Manager.".into(),
            LOGIN_HISTORY.into(),
        ],
    };
    lines.into_iter().map(Hint::new).collect()
}

/// Salesforce's login rate limit (`LOGIN_RATE_EXCEEDED` in Login History): a lockout of the user,
/// not of the password, that only time lifts.
fn login_rate_exceeded() -> Vec<Hint> {
    vec![
        Hint::new("Too many logins for this user in a short time (LOGIN_RATE_EXCEEDED): Salesforce refuses further logins for this user until the hour's count drops, typically up to an hour. The password and the app are fine; retrying only extends the lockout."),
        Hint::with_command_line(
            "What triggers it: a script or job that logs in for every call. Reuse the token instead: a profile keeps its latest token (Keep tokens) and sftoken hands it out again while it is good, logging in once per session.",
            "What triggers it: a script or job that logs in for every call. Reuse the token instead: `sftoken token --profile NAME` keeps the latest token in the keychain and hands it out again while it is good (--min-valid), logging in once per session.",
        ),
        Hint::new(LOGIN_HISTORY),
    ]
}

/// The dozen causes of `authentication failure`, ordered by what the context suggests.
fn authentication_failure(ctx: &HintContext) -> Vec<String> {
    let mut hints = Vec::new();
    let host = host_hint(ctx);
    let host_first = ctx.target == LoginTarget::Production && ctx.sandbox_suffix().is_some();
    if host_first {
        hints.push(host.clone());
    }
    if ctx.grant == Some(GrantKind::Password) {
        hints.push("The security token is missing or stale: the password must be followed by the user's security token \
unless the client IP is in the org's trusted ranges. A new token is emailed after every password change \
(Settings → Reset My Security Token).".into());
        hints.push(FLOW_RETIRED.into());
    }
    if !host_first {
        hints.push(host);
    }
    hints
        .push("The password is wrong, or the user is frozen or locked out: too many wrong passwords (10 by default) lock the user for the org's lockout period (15 minutes by default) unless an administrator unlocks it (Setup → Users → Unlock). Retrying with the same password only locks it again.".into());
    hints.push(LOGIN_HISTORY.into());
    hints
}

fn host_hint(ctx: &HintContext) -> String {
    match (&ctx.target, ctx.sandbox_suffix()) {
        (LoginTarget::Production, Some(suffix)) => format!(
            "Wrong host: the username ends in .{suffix}, like a sandbox user, but the request went to production (login.salesforce.com): choose Sandbox."
        ),
        (LoginTarget::Sandbox, None) => "Wrong host: this looks like a production username sent to a sandbox (test.salesforce.com); sandbox usernames usually end in .sandboxname (admin@acme.com.dev).".into(),
        (LoginTarget::Sandbox, Some(_)) => "Wrong host: check the sandbox name in the username matches a live sandbox, or try the sandbox's My Domain.".into(),
        (LoginTarget::Production, None) => "Wrong host: a sandbox user must log in on Sandbox (test.salesforce.com); an org with \"API login requires org domain\" needs its My Domain.".into(),
        (LoginTarget::MyDomain(_), _) => format!("Wrong host: check that {} is the My Domain of the org this user belongs to.", ctx.target.host()),
    }
}
