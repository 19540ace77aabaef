//! Reads what the token endpoint sent back: a token, Salesforce's OAuth error, or something else
//! (redirect, HTML page, 503, empty, truncated, stray JSON) named precisely.

use serde_json::{Map, Value};

use crate::error::OAuthError;
use crate::excerpt::excerpt;
use crate::http::RawAnswer;
use crate::scrub::Scrubber;
use crate::token_response::TokenResponse;
use crate::transport::TransportError;

/// What an answer turned out to be.
#[derive(Debug)]
pub(crate) enum Answer {
    Token(Box<TokenResponse>),
    Rejected(OAuthError),
}

/// Interprets an answer; `secrets` are scrubbed from any excerpt.
pub(crate) fn interpret(raw: &RawAnswer, secrets: &[&str]) -> Result<Answer, TransportError> {
    let status = raw.status;
    let scrubber = Scrubber::new(secrets);
    if (300..400).contains(&status) {
        return Err(TransportError::Redirect {
            status,
            location: raw.location.as_deref().map(|l| scrubber.shown(l)),
        });
    }
    let unavailable = matches!(status, 502..=504);
    if raw.body.iter().all(u8::is_ascii_whitespace) {
        return Err(if unavailable {
            TransportError::Unavailable {
                status,
                retry_after: raw.retry_after.clone(),
                excerpt: "(empty body)".into(),
            }
        } else {
            TransportError::EmptyBody { status }
        });
    }
    let short = || excerpt(&raw.body, secrets);
    match serde_json::from_slice::<Value>(&raw.body) {
        Ok(Value::Object(object)) => {
            from_object(status, object, &scrubber).ok_or_else(|| TransportError::Unexpected {
                status,
                excerpt: short(),
            })
        }
        Ok(_) => Err(TransportError::Unexpected {
            status,
            excerpt: short(),
        }),
        Err(e) if e.is_eof() && raw.body.trim_ascii_start().starts_with(b"{") => {
            Err(TransportError::TruncatedJson {
                status,
                excerpt: short(),
            })
        }
        Err(_) if unavailable => Err(TransportError::Unavailable {
            status,
            retry_after: raw.retry_after.clone(),
            excerpt: short(),
        }),
        Err(_) => Err(TransportError::NotJson {
            status,
            content_type: raw.content_type.clone(),
            excerpt: short(),
        }),
    }
}

fn from_object(status: u16, object: Map<String, Value>, scrubber: &Scrubber) -> Option<Answer> {
    // Server text: scrubbed of the request's secrets before anyone shows it.
    let text = |key: &str| {
        object
            .get(key)
            .and_then(Value::as_str)
            .map(|t| scrubber.shown(t))
    };
    if let Some(error) = text("error") {
        return Some(Answer::Rejected(OAuthError {
            status,
            error,
            error_description: text("error_description"),
            error_uri: text("error_uri"),
        }));
    }
    if (200..300).contains(&status) {
        return TokenResponse::from_json(object).map(|t| Answer::Token(Box::new(t)));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn raw(status: u16, body: &str) -> RawAnswer {
        RawAnswer {
            status,
            content_type: Some("text/html".into()),
            location: None,
            retry_after: Some("120".into()),
            body: body.as_bytes().to_vec(),
            elapsed: Duration::ZERO,
        }
    }

    #[test]
    fn an_error_object_is_salesforce_refusing() {
        let a = interpret(
            &raw(
                400,
                r#"{"error":"invalid_grant","error_description":"authentication failure"}"#,
            ),
            &[],
        )
        .unwrap();
        let Answer::Rejected(e) = a else {
            panic!("{a:?}")
        };
        assert_eq!(
            e.to_string(),
            "invalid_grant: authentication failure (HTTP 400)"
        );
    }

    #[test]
    fn each_kind_of_odd_answer_is_named() {
        assert!(matches!(
            interpret(&raw(200, ""), &[]),
            Err(TransportError::EmptyBody { status: 200 })
        ));
        assert!(matches!(
            interpret(&raw(200, r#"{"access_token":"00D"#), &[]),
            Err(TransportError::TruncatedJson { .. })
        ));
        assert!(matches!(
            interpret(&raw(503, "<html><title>Maintenance</title></html>"), &[]),
            Err(TransportError::Unavailable {
                status: 503,
                retry_after: Some(_),
                ..
            })
        ));
        assert!(matches!(
            interpret(&raw(500, "<html><title>Error</title></html>"), &[]),
            Err(TransportError::NotJson { status: 500, .. })
        ));
        assert!(matches!(
            interpret(&raw(200, "[1,2]"), &[]),
            Err(TransportError::Unexpected { .. })
        ));
        assert!(matches!(
            interpret(&raw(401, r#"{"x":1}"#), &[]),
            Err(TransportError::Unexpected { .. })
        ));
        assert!(matches!(
            interpret(&raw(302, ""), &[]),
            Err(TransportError::Redirect { status: 302, .. })
        ));
    }
}
