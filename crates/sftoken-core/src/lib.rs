//! sftoken's brain: everything the desktop window and the `sftoken` command do, with no window around it.
//!
//! The pieces follow the request's life: a [`LoginTarget`] says where to log in, a [`Grant`] says how
//! (and becomes the exact form body Postman's Body tab would send), [`TokenClient`] sends it over one
//! shared, locked-down HTTP client, and the answer comes back either as a [`TokenResponse`] with its
//! [`SignatureVerdict`], or as an [`Error`] that knows its likely causes ([`Hint`]s).
//! Secrets travel as [`SecretString`] so that `Debug` never prints them.

mod answer;
mod browser_sign_in;
mod checks;
mod client;
mod error;
mod excerpt;
mod form;
mod grant;
mod hints;
mod http;
mod identity;
mod input;
pub mod pkce;
mod preview;
pub mod profiles;
mod response;
mod secret;
mod signature;
mod snippets;
mod target;
mod transport;

pub use browser_sign_in::{
    check_callback, BrowserSignIn, SignInError, DEFAULT_CALLBACK, DEFAULT_SCOPE,
};
pub use checks::{Introspection, WhoAmI, NO_EXPIRY};
pub use client::{TokenClient, TokenOutcome};
pub use error::{Error, OAuthError, Result};
pub use form::FormBody;
pub use grant::{
    AuthorizationCodeGrant, ClientCredentialsGrant, Grant, GrantKind, JwtBearerGrant, JwtClaims,
    JwtError, PasswordGrant, RefreshGrant,
};
pub use hints::Hint;
pub use http::HttpConfig;
pub use identity::IdentityUrl;
pub use input::{FieldIssue, RequestForm, Severity};
pub use preview::RequestPreview;
pub use response::{mask as mask_token, TokenResponse};
pub use secret::{ExposeSecret, SecretString};
pub use signature::SignatureVerdict;
pub use snippets::{bearer_header, curl_call, DEFAULT_API_VERSION};
pub use target::{LoginTarget, TargetError, TargetKind};
pub use transport::TransportError;
