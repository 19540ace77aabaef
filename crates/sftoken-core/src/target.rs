//! Where to log in: Production (`login.salesforce.com`), Sandbox (`test.salesforce.com`) or a My Domain.
//!
//! Users type all sorts of things here (a bare `acme`, a pasted Lightning URL, a URL with the token
//! path on it), so parsing normalises what is safe to normalise and refuses the rest with the fix.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use url::{Host, Url};

const PRODUCTION: &str = "https://login.salesforce.com";
const SANDBOX: &str = "https://test.salesforce.com";
const TOKEN_PATH: &str = "services/oauth2/token";

/// The Salesforce login host a request goes to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoginTarget {
    /// `https://login.salesforce.com`: production orgs, Developer Edition, Trailhead.
    Production,
    /// `https://test.salesforce.com`: sandboxes and scratch orgs.
    Sandbox,
    /// An org's own domain (`https://acme.my.salesforce.com`), an Experience Cloud site, or a
    /// loopback address for local tools and tests.
    MyDomain(Url),
}

/// Why a target was refused, with what to type instead.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    #[error("no target given: use production, sandbox, or your My Domain (e.g. https://acme.my.salesforce.com)")]
    Empty,
    #[error("{given:?} is the Lightning UI address, not the login host: use {suggestion}")]
    LightningHost { given: String, suggestion: String },
    #[error("{given:?} uses plain http: Salesforce needs https (plain http is accepted only for loopback addresses such as 127.0.0.1)")]
    NotHttps { given: String },
    #[error("{given:?} has a path or query: give the host only, e.g. {suggestion}")]
    HasPath { given: String, suggestion: String },
    /// Never echoes the input: it may hold a password.
    #[error("the target contains a user name or password: give the host only (e.g. https://acme.my.salesforce.com); credentials go in the form")]
    HasCredentials,
    #[error("{given:?} is not a host name or https URL: use production, sandbox, or e.g. https://acme.my.salesforce.com")]
    Invalid { given: String },
    #[error("{given:?} is not a valid host name ({reason}): use production, sandbox, or e.g. https://acme.my.salesforce.com")]
    BadHost { given: String, reason: String },
    #[error("{given:?} is a {scheme}:// address: Salesforce is reached over https:// (e.g. https://acme.my.salesforce.com)")]
    NotWeb { given: String, scheme: String },
}

/// The longest host name DNS allows, and the longest label in it.
const MAX_HOST_CHARS: usize = 253;
const MAX_LABEL_CHARS: usize = 63;

/// What a target error repeats of the input: enough to recognise it, never a page of it.
fn shown(given: &str) -> String {
    const MAX: usize = 80;
    if given.chars().count() <= MAX {
        given.to_string()
    } else {
        format!("{}…", given.chars().take(MAX).collect::<String>())
    }
}

/// A DNS host name: at most 253 characters, labels of 1 to 63 letters, digits and hyphens, none
/// starting or ending with a hyphen. IP addresses are checked by the URL parser.
fn check_host(given: &str, host: &str) -> Result<(), TargetError> {
    let bad = |reason: String| TargetError::BadHost {
        given: shown(given),
        reason,
    };
    if host.parse::<IpAddr>().is_ok() || host.starts_with('[') {
        return Ok(());
    }
    if host.len() > MAX_HOST_CHARS {
        return Err(bad(format!(
            "{} characters; a host name has at most {MAX_HOST_CHARS}",
            host.len()
        )));
    }
    for label in host.split('.') {
        if label.len() > MAX_LABEL_CHARS {
            return Err(bad(format!(
                "the part {:?} has {} characters; at most {MAX_LABEL_CHARS}",
                shown(label),
                label.len()
            )));
        }
        if label.is_empty() {
            return Err(bad("an empty part between dots".into()));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(bad(format!(
                "the part {label:?} starts or ends with a hyphen"
            )));
        }
        if !label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(bad(format!(
                "the part {:?} holds characters other than letters, digits and hyphens",
                shown(label)
            )));
        }
    }
    Ok(())
}

/// The three choices of the window's switch (the My Domain host is typed beside it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    #[default]
    Production,
    Sandbox,
    MyDomain,
}

impl LoginTarget {
    /// The target for a switch position; `host` matters for My Domain only and is validated as
    /// [`FromStr`] does (so `acme.lightning.force.com` is refused with its API host suggested).
    pub fn choose(kind: TargetKind, host: &str) -> Result<LoginTarget, TargetError> {
        match kind {
            TargetKind::Production => Ok(LoginTarget::Production),
            TargetKind::Sandbox => Ok(LoginTarget::Sandbox),
            TargetKind::MyDomain => match host.trim().parse()? {
                LoginTarget::MyDomain(url) => Ok(LoginTarget::MyDomain(url)),
                // login/test typed in the My Domain field: still the generic host the user meant.
                generic => Ok(generic),
            },
        }
    }

    /// The base URL requests are made against, without a trailing slash.
    pub fn base_url(&self) -> Url {
        match self {
            LoginTarget::Production => Url::parse(PRODUCTION).expect("constant URL"),
            LoginTarget::Sandbox => Url::parse(SANDBOX).expect("constant URL"),
            LoginTarget::MyDomain(url) => url.clone(),
        }
    }

    /// `{base}/services/oauth2/token`; a site URL keeps its path in front.
    pub fn token_url(&self) -> Url {
        self.endpoint(TOKEN_PATH)
    }

    /// `{base}/{path}`, for any endpoint under the login host.
    pub fn endpoint(&self, path: &str) -> Url {
        let mut url = self.base_url();
        let joined = format!(
            "{}/{}",
            url.path().trim_end_matches('/'),
            path.trim_start_matches('/')
        );
        url.set_path(&joined);
        url
    }

    /// A short label for badges and messages: Production, Sandbox or My Domain.
    pub fn kind_label(&self) -> &'static str {
        match self {
            LoginTarget::Production => "Production",
            LoginTarget::Sandbox => "Sandbox",
            LoginTarget::MyDomain(_) => "My Domain",
        }
    }

    /// The host name without scheme (`login.salesforce.com`, `acme.my.salesforce.com`).
    pub fn host(&self) -> String {
        self.base_url().host_str().unwrap_or_default().to_string()
    }
}

impl fmt::Display for LoginTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let url = self.base_url();
        write!(
            f,
            "{} ({})",
            self.kind_label(),
            url.as_str().trim_end_matches('/')
        )
    }
}

impl FromStr for LoginTarget {
    type Err = TargetError;

    fn from_str(input: &str) -> Result<Self, TargetError> {
        let given = input.trim();
        match given.to_ascii_lowercase().as_str() {
            "" => return Err(TargetError::Empty),
            "production" | "prod" | "login" => return Ok(LoginTarget::Production),
            "sandbox" | "test" => return Ok(LoginTarget::Sandbox),
            _ => {}
        }
        if given.contains('@') {
            return Err(TargetError::HasCredentials);
        }
        // URL parsing would silently drop a tab or a line break inside the host.
        if given.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(TargetError::Invalid {
                given: shown(given),
            });
        }
        if let Some((scheme, _)) = given.split_once("://") {
            let scheme = scheme.to_ascii_lowercase();
            if scheme != "https" && scheme != "http" {
                return Err(TargetError::NotWeb {
                    given: shown(given),
                    scheme,
                });
            }
        }
        let url = parse_url(given)?;
        check_host(given, url.host_str().unwrap_or_default())?;
        let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
        if let Some(suggestion) = api_host_for(&host) {
            return Err(TargetError::LightningHost {
                given: shown(given),
                suggestion: format!("https://{suggestion}"),
            });
        }
        if url.scheme() != "https" && !(url.scheme() == "http" && is_loopback(&url)) {
            return Err(TargetError::NotHttps {
                given: shown(given),
            });
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(TargetError::HasCredentials);
        }
        let has_path = url.path() != "/" && !is_site_host(&host);
        if has_path || url.query().is_some() || url.fragment().is_some() {
            return Err(TargetError::HasPath {
                given: shown(given),
                suggestion: origin_of(&url),
            });
        }
        match (host.as_str(), url.port()) {
            ("login.salesforce.com", None) => Ok(LoginTarget::Production),
            ("test.salesforce.com", None) => Ok(LoginTarget::Sandbox),
            _ => Ok(LoginTarget::MyDomain(url)),
        }
    }
}

/// Accepts a full URL, a host (`acme.my.salesforce.com`) or a bare My Domain name (`acme`, `acme--dev`).
fn parse_url(given: &str) -> Result<Url, TargetError> {
    let invalid = || TargetError::Invalid {
        given: shown(given),
    };
    if given.contains("://") {
        let url = Url::parse(given).map_err(|_| invalid())?;
        return match url.host() {
            Some(Host::Domain(d)) if d.split('.').any(str::is_empty) => Err(invalid()),
            Some(_) => Ok(url),
            None => Err(invalid()),
        };
    }
    if given.chars().any(|c| c.is_whitespace() || c == '@') {
        return Err(invalid());
    }
    let is_name = !given.contains(['.', ':', '/'])
        && given.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    let host = if !is_name {
        given.to_string()
    } else if given.contains("--") {
        format!("{}.sandbox.my.salesforce.com", given.to_ascii_lowercase())
    } else {
        format!("{}.my.salesforce.com", given.to_ascii_lowercase())
    };
    let url = Url::parse(&format!("https://{host}")).map_err(|_| invalid())?;
    match url.host() {
        Some(Host::Domain(d)) if !d.contains('.') && !is_name && d != "localhost" => Err(invalid()),
        Some(Host::Domain(d)) if d.split('.').any(str::is_empty) => Err(invalid()),
        Some(_) => Ok(url),
        None => Err(invalid()),
    }
}

/// `NAME.lightning.force.com` (and its sandbox and setup cousins) → the API host to use instead.
fn api_host_for(host: &str) -> Option<String> {
    for (ui, api) in [
        (".sandbox.lightning.force.com", ".sandbox.my.salesforce.com"),
        (".lightning.force.com", ".my.salesforce.com"),
        (
            ".sandbox.my.salesforce-setup.com",
            ".sandbox.my.salesforce.com",
        ),
        (".my.salesforce-setup.com", ".my.salesforce.com"),
    ] {
        if let Some(name) = host.strip_suffix(ui) {
            return Some(format!("{name}{api}"));
        }
    }
    None
}

/// Experience Cloud sites are addressed by URL plus path (`https://acme.my.site.com/partners`).
fn is_site_host(host: &str) -> bool {
    host.ends_with(".my.site.com")
        || host.ends_with(".force.com") && !host.ends_with(".lightning.force.com")
}

fn origin_of(url: &Url) -> String {
    url.origin().ascii_serialization()
}

/// Loopback hosts are the only place plain http is allowed (local tools and tests).
pub(crate) fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

#[cfg(test)]
#[path = "target_tests.rs"]
mod tests;
