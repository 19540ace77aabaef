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

fn mask(value: &str) -> String {
    if value.is_empty() {
        "(empty)".into()
    } else {
        format!("•••••••• ({} characters)", value.chars().count())
    }
}
