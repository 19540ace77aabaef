//! How the fake's answers look on the wire: Salesforce's JSON content type, its HTML error pages,
//! and the small builders every other module uses (so headers stay the same everywhere).

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::header::{HeaderValue, CONTENT_TYPE};
use hyper::{Response, StatusCode};

pub(crate) type Body = Full<Bytes>;

/// Salesforce's exact JSON content type.
pub const JSON_CONTENT_TYPE: &str = "application/json;charset=UTF-8";
pub const HTML_CONTENT_TYPE: &str = "text/html;charset=UTF-8";
pub const TEXT_CONTENT_TYPE: &str = "text/plain;charset=UTF-8";
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// A response with a status, a content type and a body.
pub(crate) fn with_body(status: u16, content_type: &str, body: impl Into<Bytes>) -> Response<Body> {
    let mut response = Response::new(Full::new(body.into()));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    if let Ok(value) = HeaderValue::from_str(content_type) {
        response.headers_mut().insert(CONTENT_TYPE, value);
    }
    response
}

pub(crate) fn json(status: u16, body: impl Into<Bytes>) -> Response<Body> {
    with_body(status, JSON_CONTENT_TYPE, body)
}

/// An OAuth error answer: `{"error":..,"error_description":..}`.
pub(crate) fn oauth_error(status: u16, error: &str, description: &str) -> Response<Body> {
    let mut body = serde_json::Map::new();
    body.insert("error".into(), error.into());
    body.insert("error_description".into(), description.into());
    json(status, serde_json::Value::Object(body).to_string())
}

/// A body-less answer (no content type).
pub(crate) fn empty(status: u16) -> Response<Body> {
    let mut response = Response::new(Full::new(Bytes::new()));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    response
}

/// A form-encoded OAuth error (the revoke endpoint's style): `error=..&error_description=..`.
pub(crate) fn form_error(status: u16, error: &str, description: &str) -> Response<Body> {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("error", error)
        .append_pair("error_description", description)
        .finish();
    with_body(status, FORM_CONTENT_TYPE, body)
}

/// The identity URL's and userinfo's refusal: 403, `text/plain`, `Bad_OAuth_Token`.
pub(crate) fn bad_oauth_token() -> Response<Body> {
    with_body(403, TEXT_CONTENT_TYPE, "Bad_OAuth_Token")
}

pub(crate) fn html(status: u16, body: impl Into<Bytes>) -> Response<Body> {
    with_body(status, HTML_CONTENT_TYPE, body)
}

/// A 404 for a path the fake does not serve.
pub(crate) fn not_found(path: &str) -> Response<Body> {
    let path = escape_html(path);
    html(
        404,
        format!(
            "<html><head><title>URL No Longer Exists</title></head><body>\n\
             <p>You have attempted to reach a URL that no longer exists on salesforce.com.</p>\n\
             <p><code>{path}</code></p>\n</body></html>\n"
        ),
    )
}

/// Salesforce's generic 500 page.
pub(crate) fn internal_error_page() -> Response<Body> {
    html(
        500,
        "<!DOCTYPE html>\n<html><head><title>Error: Internal Server Error</title></head><body>\n\
         <h1>An internal server error has occurred</h1>\n\
         <p>An error has been reported to salesforce.com. Please retry your request in a few \
         minutes. Error ID: 1234567890-12345 (-1234567890)</p>\n</body></html>\n",
    )
}

/// A 503 maintenance page with `Retry-After`.
pub(crate) fn maintenance_page(retry_after_secs: u64) -> Response<Body> {
    let mut response = html(
        503,
        "<!DOCTYPE html>\n<html><head><title>Salesforce - Down For Maintenance</title></head>\
         <body>\n<h1>Down For Maintenance</h1>\n<p>Salesforce is down for maintenance. \
         Please check back soon. Visit status.salesforce.com for details.</p>\n</body></html>\n",
    );
    if let Ok(value) = HeaderValue::from_str(&retry_after_secs.to_string()) {
        response
            .headers_mut()
            .insert(hyper::header::RETRY_AFTER, value);
    }
    response
}

/// A 302 to `location`, with an empty body.
pub(crate) fn redirect(location: &str) -> Response<Body> {
    let mut response = with_body(302, HTML_CONTENT_TYPE, Bytes::new());
    match HeaderValue::from_str(location) {
        Ok(value) => {
            response
                .headers_mut()
                .insert(hyper::header::LOCATION, value);
            response
        }
        Err(_) => oauth_error(
            500,
            "fake_salesforce",
            "RedirectTo location is not a header value",
        ),
    }
}

pub(crate) fn escape_html(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '&' => "&amp;".to_string(),
            '"' => "&quot;".to_string(),
            c => c.to_string(),
        })
        .collect()
}
