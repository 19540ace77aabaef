//! sftoken's brain: everything the desktop window and the `sftoken` command do, with no window around it.
//!
//! The pieces follow the request's life: a [`LoginTarget`] says where to log in, a [`Grant`] says how
//! (and becomes the exact form body Postman's Body tab would send), [`TokenClient`] sends it over one
//! shared, locked-down HTTP client, and the answer comes back either as a [`TokenResponse`] with its
//! [`SignatureVerdict`], or as an [`Error`] that knows its likely causes ([`Hint`]s).
//! Secrets travel as [`SecretString`] so that `Debug` never prints them.
//!
//! The core never prints: what the user reads is returned as values (errors with hints, texts,
//! views) and the shells decide where it goes. `tracing` carries diagnostics, never a secret.

#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod asking_why;
mod browser;
mod browser_sign_in;
mod client;
mod endpoint_answer;
mod error;
mod excerpt;
mod form_body;
mod grant;
pub mod handoff;
mod hardening;
mod hints;
mod http;
mod identity;
pub mod jwt_key;
pub mod login_history;
pub mod login_status;
pub mod migration;
pub mod pkce;
pub mod postman;
mod preview;
pub mod profiles;
mod request_form;
mod scrub;
mod secret;
mod send;
mod signature;
mod snippets;
mod target;
mod target_spec;
mod token_checks;
mod token_response;
pub mod token_reuse;
mod transport;

pub use browser::{open_in_browser, SECRET_ENV_VARS};
pub use browser_sign_in::{
    check_callback, BrowserSignIn, SignInError, DEFAULT_CALLBACK, DEFAULT_SCOPE,
};
pub use client::{TokenClient, TokenOutcome};
pub use error::{Error, MoveError, OAuthError, Result};
pub use form_body::FormBody;
pub use grant::{
    audience_for, AuthorizationCodeGrant, ClientCredentialsGrant, Grant, GrantKind, JwtBearerGrant,
    JwtClaims, JwtError, PasswordGrant, RefreshGrant,
};
pub use hardening::{is_dumpable, protect_process_memory};
pub use hints::Hint;
pub use http::HttpConfig;
pub use identity::IdentityUrl;
pub use preview::RequestPreview;
pub use request_form::{FieldIssue, RequestForm, SecretQuestion, Severity};
pub use secret::{ExposeSecret, SecretString};
pub use send::{IssuedToken, Quietly, SendObserver};
pub use signature::SignatureVerdict;
pub use snippets::{bearer_header, curl_call, DEFAULT_API_VERSION};
pub use target::{LoginTarget, TargetError, TargetKind};
pub use target_spec::TargetSpec;
pub use token_checks::{Introspection, TokenReport, WhoAmI, NO_EXPIRY};
pub use token_response::{mask as mask_token, TokenResponse};
pub use transport::TransportError;
