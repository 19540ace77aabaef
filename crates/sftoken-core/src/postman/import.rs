//! What a Postman environment becomes: the official collection's variables (both generations)
//! mapped to a profile, and everything else accounted for. Current generation: `url`, `site`,
//! `version`, `clientId`, `clientSecret`, `username`, `password`, `secretToken`, `redirectUrl`,
//! `initAccessToken`; first generation: `secret_token`, `init_access_token` instead. `url` + `site`
//! make the target (login, test, a My Domain, an Experience Cloud site path).

use secrecy::SecretString;

use super::PostmanEnvironment;
use crate::grant::GrantKind;
use crate::profiles::ProfileDraft;
use crate::request_form::RequestForm;
use crate::target::{LoginTarget, TargetKind};
use crate::target_spec::TargetSpec;

/// A variable that was not imported, and why (never its value).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub variable: String,
    pub why: String,
}

/// One environment, ready to be saved as a profile.
#[derive(Debug)]
pub struct ImportPlan {
    /// The profile's name (the environment's).
    pub name: String,
    pub draft: ProfileDraft,
    /// The variables taken, by name.
    pub imported: Vec<String>,
    pub skipped: Vec<Skipped>,
}

/// The collection's variables the user sets (the rest are computed, optional or its scripts').
const INPUTS: &[&str] = &[
    "url",
    "clientId",
    "clientSecret",
    "username",
    "password",
    "secretToken",
    "secret_token",
];

impl ImportPlan {
    pub fn from_environment(env: &PostmanEnvironment) -> ImportPlan {
        let mut form = RequestForm::default();
        let mut imported = Vec::new();
        let mut skipped = Vec::new();
        let mut skip = |variable: &str, why: &str| {
            skipped.push(Skipped {
                variable: variable.to_string(),
                why: why.to_string(),
            })
        };
        let mut url = None;
        let mut site = None;
        for (key, value) in &env.variables {
            let value = value.trim();
            if value.is_empty() {
                // Said only for what the user fills in; the collection's own (`_endpoint`…) and
                // unused ones are often empty.
                if INPUTS.contains(&key.as_str()) {
                    skip(key, "empty in the file: fill it in the form");
                }
                continue;
            }
            if value.contains("{{") {
                skip(
                    key,
                    "still a Postman variable ({{…}}): set its value in Postman and export again",
                );
                continue;
            }
            let secret = || SecretString::from(value.to_string());
            match key.as_str() {
                "url" => url = Some(value.to_string()),
                "site" => site = Some(value.to_string()),
                "clientId" => form.client_id = value.to_string(),
                "clientSecret" => form.client_secret = secret(),
                "username" => form.username = value.to_string(),
                "password" => form.password = secret(),
                "secretToken" | "secret_token" => form.security_token = secret(),
                "redirectUrl" => {
                    if crate::browser_sign_in::check_callback(value).is_ok() {
                        form.callback = value.to_string();
                    } else {
                        skip(key, "not a loopback address sftoken can listen on (http://localhost:PORT/path): the browser sign-in uses its default");
                        continue;
                    }
                }
                "version" => {
                    skip(
                        key,
                        "not needed: sftoken asks each org for its newest API version",
                    );
                    continue;
                }
                "initAccessToken" | "init_access_token" | "_accessToken" | "_refreshToken" => {
                    skip(key, "tokens are not imported: Send gets a fresh one");
                    continue;
                }
                k if k.starts_with('_') => {
                    skip(
                        key,
                        "set by the collection's scripts, not by you: not imported",
                    );
                    continue;
                }
                _ => {
                    skip(
                        key,
                        "not a variable of the Salesforce Platform APIs collection",
                    );
                    continue;
                }
            }
            imported.push(key.clone());
        }
        form.target = target(url.as_deref(), site.as_deref(), &mut skipped, &mut imported);
        let has_user = !form.username.is_empty();
        form.grant_type = if !has_user
            && form.target.kind == TargetKind::MyDomain
            && !secrecy::ExposeSecret::expose_secret(&form.client_secret).is_empty()
        {
            GrantKind::ClientCredentials
        } else {
            GrantKind::Password
        }
        .grant_type()
        .to_string();
        let name = profile_name(&env.name);
        ImportPlan {
            name: name.clone(),
            draft: ProfileDraft {
                name,
                notes: "Imported from a Postman environment.".into(),
                remember_secrets: true,
                keep_refresh_token: false,
                tokens: None,
                form,
            },
            imported,
            skipped,
        }
    }
}

/// The environment's name as a profile name: control characters out, short enough to take a
/// " (2)" suffix within the profile name limit.
fn profile_name(env_name: &str) -> String {
    let clean: String = env_name
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let max = crate::profiles::MAX_NAME_CHARS - 6;
    let kept: String = clean.chars().take(max).collect();
    if kept.is_empty() {
        "Postman environment".into()
    } else {
        kept
    }
}

/// `url` + `site` as a target; Production (said) when there is none or it cannot be used.
fn target(
    url: Option<&str>,
    site: Option<&str>,
    skipped: &mut Vec<Skipped>,
    imported: &mut Vec<String>,
) -> TargetSpec {
    let Some(url) = url else {
        skipped.push(Skipped {
            variable: "url".into(),
            why: "missing: the profile targets Production (login.salesforce.com); change it if needed".into(),
        });
        return TargetSpec::default();
    };
    let typed = match site.map(|s| s.trim_matches('/')).filter(|s| !s.is_empty()) {
        Some(site) => format!("{}/{site}", url.trim_end_matches('/')),
        None => url.to_string(),
    };
    match typed.parse::<LoginTarget>() {
        Ok(target) => {
            imported.push("url".into());
            if site.is_some() {
                imported.push("site".into());
            }
            TargetSpec::from_target(&target)
        }
        Err(e) => {
            skipped.push(Skipped {
                variable: if site.is_some() { "url + site" } else { "url" }.into(),
                why: format!("{e}; the profile targets Production (login.salesforce.com) until you change it"),
            });
            TargetSpec::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::environment::parse;
    use super::*;
    use secrecy::ExposeSecret;

    fn plan(json: &str) -> ImportPlan {
        ImportPlan::from_environment(&parse(json.as_bytes(), "env.json").unwrap())
    }

    #[test]
    fn the_current_generation_maps_to_a_password_profile() {
        let p = plan(
            r#"{"name":"Acme prod","values":[
            {"key":"url","value":"https://login.salesforce.com","enabled":true},
            {"key":"version","value":"66.0","enabled":true},
            {"key":"clientId","value":"3MVG9x","enabled":true},
            {"key":"clientSecret","value":"s3cr3t","type":"secret","enabled":true},
            {"key":"username","value":"admin@acme.com","enabled":true},
            {"key":"password","value":"p&ss","type":"secret","enabled":true},
            {"key":"secretToken","value":"TOK","type":"secret","enabled":true},
            {"key":"redirectUrl","value":"http://localhost:1717/OauthRedirect","enabled":true},
            {"key":"_accessToken","value":"00Dxx!AQ","enabled":true},
            {"key":"site","value":"","enabled":true},
            {"key":"password","value":"disabled","enabled":false}
        ]}"#,
        );
        assert_eq!(p.name, "Acme prod");
        let f = &p.draft.form;
        assert_eq!(f.target, TargetSpec::default());
        assert_eq!(f.kind(), GrantKind::Password);
        assert_eq!(
            (f.client_id.as_str(), f.username.as_str()),
            ("3MVG9x", "admin@acme.com")
        );
        assert_eq!(f.client_secret.expose_secret(), "s3cr3t");
        assert_eq!(f.password.expose_secret(), "p&ss", "the enabled one");
        assert_eq!(f.security_token.expose_secret(), "TOK");
        assert_eq!(f.callback, "http://localhost:1717/OauthRedirect");
        let skipped: Vec<&str> = p.skipped.iter().map(|s| s.variable.as_str()).collect();
        assert_eq!(skipped, ["version", "_accessToken"]);
    }

    #[test]
    fn the_first_generation_and_sites_and_placeholders() {
        let p = plan(
            r#"{"name":"Partners","values":[
            {"key":"url","value":"https://acme.my.site.com"},
            {"key":"site","value":"/partners"},
            {"key":"clientId","value":"{{clientId}}"},
            {"key":"secret_token","value":"OLD"},
            {"key":"init_access_token","value":"x"}
        ]}"#,
        );
        assert_eq!(
            p.draft.form.target.host,
            "https://acme.my.site.com/partners"
        );
        assert_eq!(p.draft.form.security_token.expose_secret(), "OLD");
        let why = |v: &str| {
            p.skipped
                .iter()
                .find(|s| s.variable == v)
                .unwrap()
                .why
                .clone()
        };
        assert!(why("clientId").contains("still a Postman variable"));
        assert!(why("init_access_token").contains("tokens are not imported"));
    }

    #[test]
    fn empty_inputs_and_refresh_tokens_are_said_the_collections_empty_variables_are_not() {
        let p = plan(
            r#"{"name":"Half","values":[
            {"key":"url","value":"https://test.salesforce.com"},
            {"key":"clientId","value":"3MVG9x"},
            {"key":"password","value":"  "},
            {"key":"_endpoint","value":""},
            {"key":"_refreshToken","value":"5Aep861-a-refresh-token"}
        ]}"#,
        );
        let skipped: Vec<(&str, &str)> = p
            .skipped
            .iter()
            .map(|s| (s.variable.as_str(), s.why.as_str()))
            .collect();
        assert_eq!(
            skipped,
            [
                ("password", "empty in the file: fill it in the form"),
                (
                    "_refreshToken",
                    "tokens are not imported: Send gets a fresh one"
                )
            ]
        );
        assert!(p.draft.form.refresh_token.expose_secret().is_empty());
    }

    #[test]
    fn a_url_that_cannot_be_used_is_said_and_production_assumed() {
        let p = plan(r#"{"name":"Odd","values":[{"key":"url","value":"ftp://acme.example"}]}"#);
        assert_eq!(p.draft.form.target, TargetSpec::default());
        assert!(p.skipped[0].why.contains("ftp://"), "{:?}", p.skipped);
        let p = plan(
            r#"{"name":"Sandbox","values":[{"key":"url","value":"https://test.salesforce.com/"}]}"#,
        );
        assert_eq!(p.draft.form.target.kind, TargetKind::Sandbox);
    }

    #[test]
    fn what_is_not_an_environment_is_named() {
        let err = |json: &str| parse(json.as_bytes(), "f.json").unwrap_err().to_string();
        assert!(err("{nope").contains("is not JSON"));
        assert!(
            err(r#"{"info":{"name":"Salesforce Platform APIs"},"item":[]}"#)
                .contains("a Postman collection, not an environment")
        );
        assert!(err(r#"{"name":"x"}"#).contains("no \"values\" list"));
        assert!(err(r#"{"name":" ","values":[]}"#).contains("without a name"));
        let debug = format!(
            "{:?}",
            parse(
                br#"{"name":"n","values":[{"key":"password","value":"hunter2"}]}"#,
                "f"
            )
            .unwrap()
        );
        assert!(!debug.contains("hunter2"), "{debug}");
    }
}
