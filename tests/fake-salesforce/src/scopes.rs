//! Which scopes a token gets: the requested ones when the app has them selected (Salesforce
//! refuses the authorization otherwise), all of the app's when none are requested. Salesforce's
//! synonyms count: `offline_access` is `refresh_token`; `profile`, `email`, `address`, `phone` are
//! `id`. Only `refresh_token`/`offline_access` bring a refresh token (`full` does not, as
//! Salesforce documents).

/// The granted scope string, or `None` when a requested scope is not selected on the app.
pub(crate) fn grant(app_scopes: &str, requested: Option<&str>) -> Option<String> {
    let requested: Vec<&str> = requested.unwrap_or_default().split_whitespace().collect();
    if requested.is_empty() {
        return Some(app_scopes.to_string());
    }
    let selected = |s: &str| app_scopes.split_whitespace().any(|a| a == canonical(s));
    if !requested.iter().all(|s| selected(s)) {
        return None;
    }
    let mut granted: Vec<&str> = Vec::new();
    for s in requested {
        if !granted.contains(&s) {
            granted.push(s);
        }
    }
    Some(granted.join(" "))
}

/// Whether a token with this scope comes with a refresh token.
pub(crate) fn brings_refresh_token(scope: &str) -> bool {
    scope
        .split_whitespace()
        .any(|s| canonical(s) == "refresh_token")
}

/// The scope minus `refresh_token`/`offline_access` (grants that never issue a refresh token).
pub(crate) fn without_refresh(scope: &str) -> String {
    scope
        .split_whitespace()
        .filter(|s| canonical(s) != "refresh_token")
        .collect::<Vec<_>>()
        .join(" ")
}

fn canonical(scope: &str) -> &str {
    match scope {
        "offline_access" => "refresh_token",
        "profile" | "email" | "address" | "phone" => "id",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const APP: &str = "api web full id openid refresh_token";

    #[test]
    fn grants_the_requested_or_all() {
        assert_eq!(grant(APP, None).as_deref(), Some(APP));
        assert_eq!(grant(APP, Some("  ")).as_deref(), Some(APP));
        assert_eq!(
            grant(APP, Some("api offline_access api email")).as_deref(),
            Some("api offline_access email")
        );
        assert_eq!(grant(APP, Some("api chatter_api")), None);
    }

    #[test]
    fn refresh_only_for_refresh_scopes() {
        assert!(brings_refresh_token("api refresh_token"));
        assert!(brings_refresh_token("offline_access"));
        assert!(!brings_refresh_token("api full"));
        assert_eq!(without_refresh("api offline_access id"), "api id");
    }
}
