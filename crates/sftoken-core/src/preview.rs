//! What a request will send, for the Headers tab: method, URL, headers and body rows, with every
//! secret masked. Built from the same [`FormBody`](crate::FormBody) keys the request really uses.

use serde::Serialize;

use crate::grant::Grant;
use crate::target::LoginTarget;

/// Keys whose values are never shown.
const SECRET_KEYS: [&str; 5] = [
    "client_secret",
    "password",
    "refresh_token",
    "assertion",
    "code_verifier",
];

#[derive(Clone, Debug, Serialize)]
pub struct RequestPreview {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(String, String)>,
    /// Form keys in send order, each with its value or a mask.
    pub body: Vec<(String, String)>,
}

impl RequestPreview {
    /// What Send will post for this form: the grant as it stands; the browser sign-in's exchange;
    /// or a JWT still to be signed (its key is read only at Send).
    pub fn of_form(
        target: &LoginTarget,
        form: &crate::request_form::RequestForm,
    ) -> RequestPreview {
        match form.to_grant_unchecked() {
            Some(grant) => RequestPreview::new(target, &grant),
            None if form.kind() == crate::grant::GrantKind::JwtBearer => {
                let mut preview = RequestPreview::browser_sign_in(target, form);
                preview.body = vec![
                    (
                        "grant_type".to_string(),
                        crate::grant::GrantKind::JwtBearer.grant_type().to_string(),
                    ),
                    (
                        "assertion".to_string(),
                        format!(
                            "(signed at Send: iss {}, sub {}, aud {}, RS256)",
                            form.client_id.trim(),
                            form.username.trim(),
                            form.audience(target)
                        ),
                    ),
                ];
                preview
            }
            None => RequestPreview::browser_sign_in(target, form),
        }
    }

    pub fn new(target: &LoginTarget, grant: &Grant) -> RequestPreview {
        let form = grant.form_body();
        let body = form
            .keys()
            .iter()
            .zip(form.values_for_preview())
            .map(|(key, value)| {
                let shown = if SECRET_KEYS.contains(key) {
                    mask(&value)
                } else {
                    value
                };
                (key.to_string(), shown)
            })
            .collect();
        RequestPreview {
            method: "POST",
            url: target.token_url().to_string(),
            headers: vec![
                (
                    "Content-Type".into(),
                    "application/x-www-form-urlencoded".into(),
                ),
                ("Accept".into(), "application/json".into()),
                (
                    "User-Agent".into(),
                    concat!("sftoken/", env!("CARGO_PKG_VERSION")).into(),
                ),
                (
                    "Content-Length".into(),
                    form.expose_encoded().len().to_string(),
                ),
            ],
            body,
        }
    }
}

impl RequestPreview {
    /// The web server flow: what the code exchange will send once the browser comes back.
    pub fn browser_sign_in(
        target: &LoginTarget,
        form: &crate::request_form::RequestForm,
    ) -> RequestPreview {
        let mut body = vec![
            (
                "grant_type".to_string(),
                crate::grant::GrantKind::AuthorizationCode
                    .grant_type()
                    .to_string(),
            ),
            ("code".to_string(), "(from the browser sign-in)".to_string()),
            ("client_id".to_string(), form.client_id.trim().to_string()),
        ];
        if !secrecy::ExposeSecret::expose_secret(&form.client_secret).is_empty() {
            body.push(("client_secret".to_string(), "•••••••• (masked)".to_string()));
        }
        body.push(("redirect_uri".to_string(), form.callback_or_default()));
        body.push((
            "code_verifier".to_string(),
            "(PKCE verifier, made for each sign-in)".to_string(),
        ));
        RequestPreview {
            method: "POST",
            url: target.token_url().to_string(),
            headers: vec![
                (
                    "Content-Type".into(),
                    "application/x-www-form-urlencoded".into(),
                ),
                ("Accept".into(), "application/json".into()),
            ],
            body,
        }
    }
}

fn mask(value: &str) -> String {
    if value.is_empty() {
        "(empty)".into()
    } else {
        format!("•••••••• ({} characters)", value.chars().count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request_form::RequestForm;

    #[test]
    fn a_jwt_signed_at_send_with_the_keychain_key_previews_as_a_jwt() {
        let form = RequestForm {
            grant_type: "jwt".into(),
            client_id: "3MVG9x".into(),
            username: "admin@acme.com".into(),
            keychain_key: "acme-1".into(),
            ..RequestForm::default()
        };
        let preview = RequestPreview::of_form(&LoginTarget::Sandbox, &form);
        let keys: Vec<&str> = preview.body.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["grant_type", "assertion"]);
        assert_eq!(
            preview.body[1].1,
            "(signed at Send: iss 3MVG9x, sub admin@acme.com, aud https://test.salesforce.com, RS256)"
        );
        assert_eq!(
            preview.url,
            "https://test.salesforce.com/services/oauth2/token"
        );
    }
}
