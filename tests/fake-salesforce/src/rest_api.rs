//! Just enough of the REST API to use a token: `GET /services/data/` lists the API versions (no
//! auth, the way clients find the latest one), `GET /services/data/vNN.0/` answers the resource
//! map with an active access token and Salesforce's 401 `INVALID_SESSION_ID` without one;
//! `limits` answers a few limits; `sobjects/User/{id}`, `query` and `tooling/query` answer what
//! `crate::soql` knows. Other paths under a version are a JSON 404. Every version from 31.0 to the
//! newest is served, as Salesforce does (clients such as the sf CLI hard-code old ones), though
//! `GET /services/data/` lists only the newest three.

use hyper::Response;
use serde_json::{json, Map, Value};

use crate::bearer::{access_token, host_serves};
use crate::record::lock;
use crate::responses::{json, Body};
use crate::soql;
use crate::state::OAuthState;

pub const DATA_PATH: &str = "/services/data";

/// The versions `GET /services/data/` lists, oldest first: (label, version).
pub const API_VERSIONS: &[(&str, &str)] = &[
    ("Summer '25", "64.0"),
    ("Winter '26", "65.0"),
    ("Spring '26", "66.0"),
];

/// The newest version the fake serves.
pub const LATEST_API_VERSION: &str = "66.0";

/// The 401 body of a missing, unknown, expired or revoked token.
pub const INVALID_SESSION_BODY: &str =
    r#"[{"errorCode":"INVALID_SESSION_ID","message":"Session expired or invalid"}]"#;

const NOT_FOUND_BODY: &str =
    r#"[{"errorCode":"NOT_FOUND","message":"The requested resource does not exist"}]"#;

/// The resources of a version (a few of the real ones, in Salesforce's style).
const RESOURCES: &[&str] = &[
    "tooling",
    "metadata",
    "chatter",
    "tabs",
    "appMenu",
    "quickActions",
    "queryAll",
    "search",
    "composite",
    "recent",
    "limits",
    "query",
    "sobjects",
    "actions",
];

/// Answers a path under `/services/data`.
pub(crate) fn handle(
    host: &str,
    path: &str,
    query: Option<&str>,
    authorization: Option<&str>,
    fake: &OAuthState,
) -> Response<Body> {
    let rest = path.strip_prefix(DATA_PATH).unwrap_or_default();
    if rest.is_empty() || rest == "/" {
        return json(200, versions().to_string());
    }
    let Some(t) = access_token(fake, authorization).filter(|t| host_serves(host, t.org)) else {
        return json(401, INVALID_SESSION_BODY);
    };
    let rest = rest.trim_start_matches('/');
    let (version, tail) = rest.split_once('/').unwrap_or((rest, ""));
    let known = version.strip_prefix('v').filter(|v| served(v));
    let Some(v) = known else {
        return json(404, NOT_FOUND_BODY);
    };
    let q = || {
        url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .find(|(k, _)| k == "q")
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    let answer = |(status, body): soql::Answer| json(status, body.to_string());
    match tail.trim_end_matches('/') {
        "" => json(200, resources(v, &t.org.identity_url(t.user)).to_string()),
        "limits" => json(200, limits().to_string()),
        "query" => answer(soql::query(v, &q(), false, &t, &lock(&fake.login_history))),
        "tooling/query" => answer(soql::query(v, &q(), true, &t, &lock(&fake.login_history))),
        other => match other.strip_prefix("sobjects/User/") {
            Some(id) if !id.contains('/') => answer(soql::user(v, id, &t)),
            _ => json(404, NOT_FOUND_BODY),
        },
    }
}

/// `NN.0` from 31.0 (the oldest Salesforce still serves) to the newest.
fn served(version: &str) -> bool {
    let latest: u32 = LATEST_API_VERSION
        .trim_end_matches(".0")
        .parse()
        .unwrap_or_default();
    version
        .strip_suffix(".0")
        .and_then(|n| n.parse::<u32>().ok())
        .is_some_and(|n| (31..=latest).contains(&n))
}

/// `GET /services/data/vNN.0/limits`: a few of the org's limits, in Salesforce's shape.
fn limits() -> Value {
    json!({
        "DailyApiRequests": {"Max": 15000, "Remaining": 14998},
        "DailyAsyncApexExecutions": {"Max": 250000, "Remaining": 250000},
        "DataStorageMB": {"Max": 1024, "Remaining": 1020},
    })
}

fn versions() -> Value {
    let list: Vec<Value> = API_VERSIONS
        .iter()
        .map(|(label, v)| json!({"label": label, "url": format!("{DATA_PATH}/v{v}"), "version": v}))
        .collect();
    Value::Array(list)
}

fn resources(version: &str, identity_url: &str) -> Value {
    let mut map = Map::new();
    for name in RESOURCES {
        map.insert(
            (*name).into(),
            format!("{DATA_PATH}/v{version}/{name}").into(),
        );
    }
    map.insert("identity".into(), identity_url.into());
    Value::Object(map)
}
