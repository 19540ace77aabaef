//! Ready-to-paste text built from a token: the Authorization header and a curl call. The text holds
//! the token, so it is returned as a secret and only ever goes to the clipboard.

use secrecy::{ExposeSecret, SecretString};

use crate::token_response::TokenResponse;

/// The REST API version used in sample calls until the org's latest is looked up
/// (Winter '25; every org of late 2026 serves it).
pub const DEFAULT_API_VERSION: &str = "62.0";

/// `Authorization: Bearer …`
pub fn bearer_header(response: &TokenResponse) -> SecretString {
    SecretString::from(format!(
        "Authorization: Bearer {}",
        response.access_token().expose_secret()
    ))
}

/// `curl '{instance_url}/services/data/vNN.0/' -H 'Authorization: Bearer …'`, single-quoted: every
/// Salesforce token holds a `!`, which double quotes would expand in an interactive bash or zsh, and
/// nothing from the answer may run as shell code.
pub fn curl_call(response: &TokenResponse, api_version: &str) -> SecretString {
    let instance = response
        .instance_url
        .as_deref()
        .unwrap_or("https://INSTANCE_URL")
        .trim_end_matches('/');
    let url = shell_quote(&format!("{instance}/services/data/v{api_version}/"));
    let header = shell_quote(&format!(
        "Authorization: Bearer {}",
        response.access_token().expose_secret()
    ));
    SecretString::from(format!("curl {url} -H {header}"))
}

/// POSIX single quotes: `'` becomes `'\''`.
fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_in_the_answer_cannot_break_out_of_the_curl_call() {
        let r = TokenResponse::from_json(
            serde_json::from_str(
                r#"{"access_token":"00Dx!AQ","instance_url":"https://x.example/'; rm -rf ~; '"}"#,
            )
            .unwrap(),
        )
        .unwrap();
        let call = curl_call(&r, "62.0");
        assert!(
            call.expose_secret()
                .starts_with("curl 'https://x.example/'\\''; rm -rf ~; '\\''/services"),
            "{}",
            call.expose_secret()
        );
    }

    #[test]
    fn header_and_curl_carry_the_token_and_instance() {
        let r = TokenResponse::from_json(
            serde_json::from_str(
                r#"{"access_token":"00Dx!AQ","instance_url":"https://acme.my.salesforce.com/"}"#,
            )
            .unwrap(),
        )
        .unwrap();
        assert_eq!(
            bearer_header(&r).expose_secret(),
            "Authorization: Bearer 00Dx!AQ"
        );
        assert_eq!(
            curl_call(&r, "62.0").expose_secret(),
            "curl 'https://acme.my.salesforce.com/services/data/v62.0/' -H 'Authorization: Bearer 00Dx!AQ'"
        );
    }
}
