//! How to log in: the OAuth grants sftoken speaks, each turned into the form body it sends.
//!
//! The username-password grant is retired by Salesforce on 2027-02-20; client credentials, JWT
//! bearer, the web server flow with PKCE and refresh replace it. [`GrantKind`] is separate from the
//! values because hints, profiles and the window reason about the kind alone.

mod authorization_code;
mod client_credentials;
mod jwt;
mod password;
mod refresh;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::form_body::FormBody;

pub use authorization_code::AuthorizationCodeGrant;
pub use client_credentials::ClientCredentialsGrant;
pub use jwt::{audience_for, JwtBearerGrant, JwtClaims, JwtError};
pub use password::PasswordGrant;
pub use refresh::RefreshGrant;

/// The OAuth flow, without its values. Written (in profiles, over IPC) as its `grant_type` value, and
/// read from that or any name [`GrantKind::parse`] knows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum GrantKind {
    /// `grant_type=password` (username-password flow, retired 2027-02-20).
    #[default]
    Password,
    /// `grant_type=client_credentials` (My Domain only; the app's Run As user).
    ClientCredentials,
    /// `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer` (a signed assertion, no secret sent).
    JwtBearer,
    /// `grant_type=authorization_code` after a browser sign-in (web server flow with PKCE).
    AuthorizationCode,
    /// `grant_type=refresh_token`.
    Refresh,
}

impl GrantKind {
    pub const ALL: [GrantKind; 5] = [
        GrantKind::Password,
        GrantKind::ClientCredentials,
        GrantKind::JwtBearer,
        GrantKind::AuthorizationCode,
        GrantKind::Refresh,
    ];

    /// The `grant_type` value on the wire.
    pub fn grant_type(self) -> &'static str {
        match self {
            GrantKind::Password => "password",
            GrantKind::ClientCredentials => "client_credentials",
            GrantKind::JwtBearer => "urn:ietf:params:oauth:grant-type:jwt-bearer",
            GrantKind::AuthorizationCode => "authorization_code",
            GrantKind::Refresh => "refresh_token",
        }
    }

    /// Reads a `grant_type` value or one of the CLI's short names (`client-credentials`, `jwt`, `web`, `refresh`).
    pub fn parse(s: &str) -> Option<GrantKind> {
        let s = s.trim();
        GrantKind::ALL
            .into_iter()
            .find(|k| k.grant_type() == s || k.short_name() == s)
            .or(match s {
                "client_credentials" | "cc" => Some(GrantKind::ClientCredentials),
                "jwt-bearer" | "jwt_bearer" => Some(GrantKind::JwtBearer),
                "authorization-code" | "web-server" | "pkce" => Some(GrantKind::AuthorizationCode),
                "refresh-token" => Some(GrantKind::Refresh),
                _ => None,
            })
    }

    /// The CLI's name for it.
    pub fn short_name(self) -> &'static str {
        match self {
            GrantKind::Password => "password",
            GrantKind::ClientCredentials => "client-credentials",
            GrantKind::JwtBearer => "jwt",
            GrantKind::AuthorizationCode => "web",
            GrantKind::Refresh => "refresh",
        }
    }

    /// One line on when to choose it, as the grant menu and the help show it.
    pub fn description(self) -> &'static str {
        match self {
            GrantKind::Password => {
                "Username, password and security token (retired by Salesforce on 2027-02-20)"
            }
            GrantKind::ClientCredentials => "The app logs in as its Run As user (My Domain only)",
            GrantKind::JwtBearer => {
                "A signed assertion for the same user: no password or secret is sent"
            }
            GrantKind::AuthorizationCode => "Sign in with the browser; PKCE protects the code",
            GrantKind::Refresh => "A new access token from a refresh token",
        }
    }

    /// The form's fields this grant reads, in form order (`security_token` rides with `password`).
    /// The window shows these rows and hides the others.
    pub fn form_fields(self) -> &'static [&'static str] {
        match self {
            GrantKind::Password => &[
                "client_id",
                "client_secret",
                "username",
                "password",
                "security_token",
            ],
            GrantKind::ClientCredentials => &["client_id", "client_secret"],
            GrantKind::JwtBearer => &["client_id", "username", "key_file", "audience"],
            GrantKind::AuthorizationCode => &["client_id", "client_secret", "scope", "callback"],
            GrantKind::Refresh => &["client_id", "client_secret", "refresh_token"],
        }
    }

    /// Whether Send starts with a browser sign-in (the web server flow) rather than a request.
    pub fn starts_with_browser_sign_in(self) -> bool {
        matches!(self, GrantKind::AuthorizationCode)
    }

    /// Whether the form's `field` is sent by this grant (a value typed in another grant's row is
    /// kept in the form but never sent, shown or handed on).
    pub fn sends(self, field: &str) -> bool {
        self.form_fields().contains(&field)
    }

    /// Whether Salesforce is retiring this grant (the username-password flow, on 2027-02-20): its
    /// profiles carry the deadline and are offered the move to a replacement.
    pub fn is_retiring(self) -> bool {
        self.retirement_notice().is_some()
    }

    /// Whether the grant signs its request with a private key, whose certificate the connected
    /// app must hold (JWT bearer).
    pub fn signs_with_key(self) -> bool {
        self.form_fields().contains(&"key_file")
    }

    /// Whether the grant works only on the org's My Domain host: login and test.salesforce.com
    /// answer client credentials with "request not supported on this domain".
    pub fn needs_my_domain(self) -> bool {
        matches!(self, GrantKind::ClientCredentials)
    }

    /// Whether the client secret may be left empty (apps without "Require Secret").
    pub fn client_secret_optional(self) -> bool {
        matches!(self, GrantKind::AuthorizationCode | GrantKind::Refresh)
    }

    /// Said after every token this grant gets: the username-password flow is being retired.
    pub fn retirement_notice(self) -> Option<&'static str> {
        match self {
            GrantKind::Password => Some(
                "Salesforce retires the username-password flow on 2027-02-20: plan a move to \
client credentials, JWT bearer or web server + PKCE.",
            ),
            _ => None,
        }
    }

    /// What a person calls it.
    pub fn label(self) -> &'static str {
        match self {
            GrantKind::Password => "username-password",
            GrantKind::ClientCredentials => "client credentials",
            GrantKind::JwtBearer => "JWT bearer",
            GrantKind::AuthorizationCode => "web server + PKCE (browser sign-in)",
            GrantKind::Refresh => "refresh token",
        }
    }
}

impl Serialize for GrantKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.grant_type())
    }
}

impl<'de> Deserialize<'de> for GrantKind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<GrantKind, D::Error> {
        let text = String::deserialize(deserializer)?;
        GrantKind::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("{text:?} is not a grant sftoken knows"))
        })
    }
}

/// A grant with everything it sends.
#[derive(Debug)]
pub enum Grant {
    Password(PasswordGrant),
    ClientCredentials(ClientCredentialsGrant),
    JwtBearer(JwtBearerGrant),
    AuthorizationCode(AuthorizationCodeGrant),
    Refresh(RefreshGrant),
}

impl Grant {
    pub fn kind(&self) -> GrantKind {
        match self {
            Grant::Password(_) => GrantKind::Password,
            Grant::ClientCredentials(_) => GrantKind::ClientCredentials,
            Grant::JwtBearer(_) => GrantKind::JwtBearer,
            Grant::AuthorizationCode(_) => GrantKind::AuthorizationCode,
            Grant::Refresh(_) => GrantKind::Refresh,
        }
    }

    /// The form body, keys in the order Salesforce's documentation (and Postman) lists them.
    pub fn form_body(&self) -> FormBody {
        match self {
            Grant::Password(g) => g.form_body(),
            Grant::ClientCredentials(g) => g.form_body(),
            Grant::JwtBearer(g) => g.form_body(),
            Grant::AuthorizationCode(g) => g.form_body(),
            Grant::Refresh(g) => g.form_body(),
        }
    }

    /// The client secret, when this grant sends one (the key of the answer's signature).
    pub fn client_secret(&self) -> Option<&SecretString> {
        match self {
            Grant::Password(g) => Some(&g.client_secret),
            Grant::ClientCredentials(g) => Some(&g.client_secret),
            Grant::JwtBearer(_) => None,
            Grant::AuthorizationCode(g) => g.client_secret.as_ref(),
            Grant::Refresh(g) => g.client_secret.as_ref(),
        }
    }

    /// Every secret value this grant sends, so that excerpts of server answers can be scrubbed of them.
    pub fn secret_values(&self) -> Vec<&str> {
        let all: Vec<Option<&SecretString>> = match self {
            Grant::Password(g) => vec![
                Some(&g.client_secret),
                Some(&g.password),
                g.security_token.as_ref(),
            ],
            Grant::ClientCredentials(g) => vec![Some(&g.client_secret)],
            Grant::JwtBearer(g) => vec![Some(g.assertion())],
            Grant::AuthorizationCode(g) => vec![
                g.client_secret.as_ref(),
                Some(&g.code),
                Some(&g.code_verifier),
            ],
            Grant::Refresh(g) => vec![g.client_secret.as_ref(), Some(&g.refresh_token)],
        };
        all.into_iter()
            .flatten()
            .map(|s| s.expose_secret())
            .filter(|s| !s.is_empty())
            .collect()
    }

    /// JWT bearer: the claims signed into the assertion (shown to the user as sent).
    pub fn jwt_claims(&self) -> Option<&JwtClaims> {
        match self {
            Grant::JwtBearer(g) => Some(g.claims()),
            _ => None,
        }
    }

    /// The username, for hints and messages (never a secret).
    pub fn username(&self) -> Option<&str> {
        match self {
            Grant::Password(g) => Some(&g.username),
            Grant::JwtBearer(g) => Some(&g.claims().sub),
            _ => None,
        }
    }
}
