//! Who a token belongs to: the identity URL (`GET /id/{org id}/{user id}`, the `id` of every
//! token answer) and OpenID Connect's `GET /services/oauth2/userinfo`. Both want an active access
//! token in `Authorization: Bearer`; the identity URL also wants it to be that user's. Refusals
//! are Salesforce's bare 403 `Bad_OAuth_Token`.

use hyper::Response;
use serde_json::{json, Value};

use crate::bearer::{access_token, host_serves};
use crate::fixtures::{Org, User};
use crate::responses::{bad_oauth_token, json, Body};
use crate::state::OAuthState;

pub const USERINFO_PATH: &str = "/services/oauth2/userinfo";
/// The identity URL's path prefix.
pub const IDENTITY_PATH_PREFIX: &str = "/id/";

const TIMEZONE: &str = "America/Los_Angeles";
const UTC_OFFSET_MS: i64 = -28_800_000;
const LANGUAGE: &str = "en_US";
/// When the fixture users last changed, in userinfo's (ISO 8601) and the identity URL's formats.
const LAST_MODIFIED: &str = "2025-06-02T17:04:11Z";
const LAST_MODIFIED_SALESFORCE: &str = "2025-06-02T17:04:11.000+0000";

/// Answers `GET /id/{org_id}/{user_id}`.
pub(crate) fn identity(
    host: &str,
    path: &str,
    authorization: Option<&str>,
    fake: &OAuthState,
) -> Response<Body> {
    let ids = path.strip_prefix(IDENTITY_PATH_PREFIX).unwrap_or_default();
    let (org_id, user_id) = ids.split_once('/').unwrap_or((ids, ""));
    let Some(t) = access_token(fake, authorization) else {
        return bad_oauth_token();
    };
    let own = t.org.org_id == org_id && t.user.user_id == user_id.trim_end_matches('/');
    if !own || !host_serves(host, t.org) {
        return bad_oauth_token();
    }
    let (org, user) = (t.org, t.user);
    let body = json!({
        "id": org.identity_url(user),
        "asserted_user": true,
        "user_id": user.user_id,
        "organization_id": org.org_id,
        "username": user.username,
        "nick_name": user.nick_name(),
        "display_name": user.display_name,
        "email": user.email,
        "email_verified": true,
        "first_name": user.first_name(),
        "last_name": user.last_name(),
        "timezone": TIMEZONE,
        "photos": photos(org),
        "addr_street": null,
        "addr_city": null,
        "addr_state": null,
        "addr_country": null,
        "addr_zip": null,
        "mobile_phone": null,
        "mobile_phone_verified": false,
        "is_lightning_login_user": false,
        "status": {"created_date": null, "body": null},
        "urls": urls(org, user),
        "active": true,
        "user_type": "STANDARD",
        "language": LANGUAGE,
        "locale": LANGUAGE,
        "utcOffset": UTC_OFFSET_MS,
        "last_modified_date": LAST_MODIFIED_SALESFORCE,
        "is_app_installed": true
    });
    json(200, body.to_string())
}

/// Answers `GET /services/oauth2/userinfo`.
pub(crate) fn userinfo(
    host: &str,
    authorization: Option<&str>,
    fake: &OAuthState,
) -> Response<Body> {
    let Some(t) = access_token(fake, authorization) else {
        return bad_oauth_token();
    };
    if !host_serves(host, t.org) {
        return bad_oauth_token();
    }
    let (org, user) = (t.org, t.user);
    let photos = photos(org);
    let body = json!({
        "sub": org.identity_url(user),
        "user_id": user.user_id,
        "organization_id": org.org_id,
        "preferred_username": user.username,
        "nickname": user.nick_name(),
        "name": user.display_name,
        "email": user.email,
        "email_verified": true,
        "given_name": user.first_name(),
        "family_name": user.last_name(),
        "zoneinfo": TIMEZONE,
        "photos": photos,
        "profile": format!("{}/{}", org.instance_url(), user.user_id),
        "picture": photos["picture"],
        "address": {},
        "is_salesforce_integration_user": false,
        "urls": urls(org, user),
        "active": true,
        "user_type": "STANDARD",
        "language": LANGUAGE,
        "locale": LANGUAGE,
        "utcOffset": UTC_OFFSET_MS,
        "updated_at": LAST_MODIFIED,
        "is_app_installed": true
    });
    json(200, body.to_string())
}

/// The default profile photo's URLs (every fixture user has the default photo).
fn photos(org: &Org) -> Value {
    let base = format!("{}/profilephoto/005/", org.instance_url());
    json!({"picture": format!("{base}F"), "thumbnail": format!("{base}T")})
}

/// The `urls` map, with Salesforce's literal `{version}` placeholders.
fn urls(org: &Org, user: &User) -> Value {
    let i = org.instance_url();
    let o = org.org_id_15();
    let rest = format!("{i}/services/data/v{{version}}");
    json!({
        "enterprise": format!("{i}/services/Soap/c/{{version}}/{o}"),
        "metadata": format!("{i}/services/Soap/m/{{version}}/{o}"),
        "partner": format!("{i}/services/Soap/u/{{version}}/{o}"),
        "rest": format!("{rest}/"),
        "sobjects": format!("{rest}/sobjects/"),
        "search": format!("{rest}/search/"),
        "query": format!("{rest}/query/"),
        "recent": format!("{rest}/recent/"),
        "tooling_soap": format!("{i}/services/Soap/T/{{version}}/{o}"),
        "tooling_rest": format!("{rest}/tooling/"),
        "profile": format!("{i}/{}", user.user_id),
        "feeds": format!("{rest}/chatter/feeds"),
        "groups": format!("{rest}/chatter/groups"),
        "users": format!("{rest}/chatter/users"),
        "feed_items": format!("{rest}/chatter/feed-items"),
        "feed_elements": format!("{rest}/chatter/feed-elements"),
        "custom_domain": i
    })
}
