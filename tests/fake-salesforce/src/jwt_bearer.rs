//! `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`: an RS256 assertion signed with the
//! key whose certificate is on the connected app buys a token for a pre-authorized user. Checks in
//! order: the assertion parses; `iss` names an app this host serves; the signature verifies with
//! the app's certificate (uploaded at run time, see `FakeSalesforce::upload_jwt_certificate`, or
//! the fixture's); `aud` is the org's login host (or its My Domain URL when the request came
//! to the My Domain); `exp` is in the future (and not absurdly far); `sub` is a user of the org;
//! that user is pre-authorized. The answer has no `signature`, `issued_at` or refresh token.

use serde_json::{Map, Value};

use crate::client_auth::app_org;
use crate::fixtures::Org;
use crate::issue::Issue;
use crate::jwt;
use crate::oauth_errors::{self as errors, OAuthError};
use crate::registry::Grant;
use crate::scopes;
use crate::token_endpoint::{TokenOutcome, TokenRequest};

pub const GRANT_TYPE: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/// The latest `exp` accepted, in seconds from now. Salesforce wants "a few minutes"; a day is
/// lenient for clients yet refuses milliseconds-since-the-epoch (a classic mistake).
pub const MAX_EXP_AHEAD_SECS: u64 = 24 * 60 * 60;

pub(crate) fn grant(req: &TokenRequest<'_>) -> TokenOutcome {
    check(req).unwrap_or_else(TokenOutcome::Error)
}

fn check(req: &TokenRequest<'_>) -> Result<TokenOutcome, OAuthError> {
    let assertion = req.field("assertion").ok_or(errors::INVALID_ASSERTION)?;
    let claims = jwt::unverified_claims(assertion).map_err(|_| errors::INVALID_ASSERTION)?;
    let claim = |name: &str| claims.get(name).and_then(Value::as_str);
    let iss = claim("iss").ok_or(errors::INVALID_ASSERTION)?;
    let org = app_org(req.host, iss).ok_or(errors::INVALID_CLIENT_ID)?;
    if !org.active {
        return Err(errors::INACTIVE_ORG);
    }
    let certificate = req
        .state
        .uploaded_certificate(iss)
        .or_else(|| org.app.jwt_certificate_pem.map(str::to_string))
        .ok_or(errors::INVALID_ASSERTION)?;
    jwt::verify_rs256(assertion, &certificate).map_err(|_| errors::INVALID_ASSERTION)?;
    if !audience_ok(&claims, org, req.host) {
        return Err(errors::AUDIENCE_INVALID);
    }
    if !times_ok(&claims, req.state.now()) {
        return Err(errors::INVALID_ASSERTION);
    }
    let user = claim("sub")
        .and_then(|sub| org.user(sub))
        .ok_or(errors::INVALID_ASSERTION)?;
    if !org.app.is_pre_authorized(user.username) {
        return Err(errors::USER_NOT_APPROVED);
    }
    let scope = scopes::without_refresh(org.app.scopes);
    let issue = Issue {
        state: req.state,
        org,
        user,
        grant: Grant::JwtBearer,
        scope: &scope,
    };
    let access = issue.access_token(None);
    Ok(TokenOutcome::Success(issue.body(&access, None, None)))
}

/// `aud` (a string or an array of strings) names the org's login host, or its My Domain URL when
/// the request came to a My Domain host (any host serving the org other than login/test).
fn audience_ok(claims: &Map<String, Value>, org: &Org, host: &str) -> bool {
    let on_my_domain = host != "login.salesforce.com" && host != "test.salesforce.com";
    let accepted =
        |aud: &str| aud == org.login_url() || (on_my_domain && aud == org.instance_url());
    match claims.get("aud") {
        Some(Value::String(aud)) => accepted(aud),
        Some(Value::Array(auds)) => auds.iter().filter_map(Value::as_str).any(accepted),
        _ => false,
    }
}

/// `exp` (seconds) after `now` and at most [`MAX_EXP_AHEAD_SECS`] ahead; `nbf`, if any, not after
/// `now`.
fn times_ok(claims: &Map<String, Value>, now: u64) -> bool {
    let seconds = |name: &str| claims.get(name).and_then(Value::as_f64);
    let Some(exp) = seconds("exp") else {
        return false;
    };
    let now = now as f64;
    let nbf_ok = seconds("nbf").is_none_or(|nbf| nbf <= now);
    exp > now && exp <= now + MAX_EXP_AHEAD_SECS as f64 && nbf_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{ACME, ACME_DEV};
    use serde_json::json;

    fn claims(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    #[test]
    fn audiences() {
        let aud = |a: Value| claims(json!({ "aud": a }));
        let login = "login.salesforce.com";
        assert!(audience_ok(
            &aud(json!("https://login.salesforce.com")),
            &ACME,
            login
        ));
        assert!(!audience_ok(
            &aud(json!("https://test.salesforce.com")),
            &ACME,
            login
        ));
        assert!(!audience_ok(
            &aud(json!("https://login.salesforce.com/")),
            &ACME,
            login
        ));
        assert!(!audience_ok(
            &aud(json!("https://acme.my.salesforce.com")),
            &ACME,
            login
        ));
        assert!(audience_ok(
            &aud(json!("https://acme.my.salesforce.com")),
            &ACME,
            ACME.my_domain
        ));
        assert!(audience_ok(
            &aud(json!("https://acme.my.salesforce.com")),
            &ACME,
            "127.0.0.1"
        ));
        assert!(audience_ok(
            &aud(json!(["x", "https://test.salesforce.com"])),
            &ACME_DEV,
            "test.salesforce.com"
        ));
        assert!(!audience_ok(&claims(json!({})), &ACME, login));
    }

    #[test]
    fn expiry() {
        let t = |v: Value| times_ok(&claims(v), 1_000_000);
        assert!(t(json!({"exp": 1_000_180})));
        assert!(!t(json!({"exp": 1_000_000})));
        assert!(!t(json!({"exp": 999_000})));
        assert!(!t(json!({"exp": 1_000_000_000_u64})));
        assert!(!t(json!({"exp": "1000180"})));
        assert!(!t(json!({})));
        assert!(!t(json!({"exp": 1_000_180, "nbf": 1_000_010})));
        assert!(t(json!({"exp": 1_000_180, "nbf": 999_990})));
    }
}
