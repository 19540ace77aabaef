//! What the app remembers while it runs: the shared HTTP client, the last answer (so the token never
//! has to live in the web view), the Cancel handle of the request in flight, and the clipboard guard.
//! Nothing here is written to disk.

use std::sync::Mutex;
use std::time::Duration;

use sftoken_core::{HttpConfig, IssuedToken, SecretString, TokenClient};
use tokio::sync::oneshot;

use crate::clipboard::ClipboardGuard;

pub struct AppState {
    pub client: TokenClient,
    pub last: Mutex<Option<LastToken>>,
    inflight: Mutex<Option<oneshot::Sender<()>>>,
    pub clipboard: ClipboardGuard,
}

/// The last token (with what is needed to check or revoke it), and the org's newest API version
/// once looked up (for the curl call). No `Debug`: it holds secrets.
pub struct LastToken {
    pub issued: IssuedToken,
    pub api_version: Option<String>,
    /// The refresh token the request was sent with (a refresh grant's answer carries no new
    /// one): the sf CLI's durable login needs it.
    pub sent_refresh_token: SecretString,
    /// The password and security token the request was sent with (the client secret is in
    /// `issued`): a Postman environment holds them only when the user asks for it.
    pub sent_password: SecretString,
    pub sent_security_token: SecretString,
    /// Who logged in, where, through which app (`sftoken_core::profiles::login_of` of the form
    /// sent): the token is kept for a profile only when this is the profile's own login.
    pub login: String,
}

/// How long a copied value stays on the clipboard unless `SFTOKEN_CLIPBOARD_CLEAR_SECS` says otherwise.
const DEFAULT_CLIPBOARD_SECS: u64 = 60;

impl AppState {
    pub fn new(config: HttpConfig, clipboard_delay: Duration) -> Result<AppState, String> {
        Ok(AppState {
            client: TokenClient::new(config).map_err(|e| e.to_string())?,
            last: Mutex::new(None),
            inflight: Mutex::new(None),
            clipboard: ClipboardGuard::new(clipboard_delay),
        })
    }

    /// Defaults, with the clipboard delay from `SFTOKEN_CLIPBOARD_CLEAR_SECS` (0 = never clear).
    pub fn from_env() -> Result<AppState, String> {
        let secs = match std::env::var("SFTOKEN_CLIPBOARD_CLEAR_SECS") {
            Ok(v) => v.trim().parse::<u64>().map_err(|_| {
                format!("SFTOKEN_CLIPBOARD_CLEAR_SECS={v:?} is not a number of seconds")
            })?,
            Err(_) => DEFAULT_CLIPBOARD_SECS,
        };
        AppState::new(HttpConfig::default(), Duration::from_secs(secs))
    }

    /// Registers a new request in flight and returns what resolves when it is cancelled. A new
    /// request replaces (and so cancels) one still running.
    pub fn begin_request(&self) -> oneshot::Receiver<()> {
        let (cancel, cancelled) = oneshot::channel();
        *lock(&self.inflight) = Some(cancel);
        cancelled
    }

    /// Cancels the request in flight, if any; true when there was one.
    pub fn cancel_request(&self) -> bool {
        match lock(&self.inflight).take() {
            Some(cancel) => cancel.send(()).is_ok(),
            None => false,
        }
    }
}

/// A poisoned lock only means another command panicked; the data is still usable.
pub fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
