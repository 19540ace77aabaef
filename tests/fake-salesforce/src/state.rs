//! What one fake remembers between requests: the token registry, the authorization codes waiting
//! to be exchanged, what the (imaginary) user does on the authorize page, and the fake's clock
//! (real time plus an offset tests can advance, so that expiry is testable without waiting).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::authorize::{Authorize, PendingCode};
use crate::registry::Registry;

#[derive(Default)]
pub(crate) struct OAuthState {
    pub registry: Mutex<Registry>,
    /// Issued authorization codes, by code.
    pub codes: Mutex<HashMap<String, PendingCode>>,
    pub authorize: Mutex<Authorize>,
    /// Certificates uploaded for the JWT bearer flow at run time, by consumer key (an admin's
    /// upload in Setup): they replace the app's fixture certificate.
    pub certificates: Mutex<HashMap<String, String>>,
    /// Every username-password login attempt of a known user (Setup → Login History).
    pub login_history: Mutex<crate::login_history::LoginHistory>,
    clock_offset_secs: AtomicU64,
    /// The org's session timeout (Setup → Session Settings) in seconds; 0: the default, 2 hours.
    session_timeout_secs: AtomicU64,
}

impl OAuthState {
    /// Seconds since the epoch on the fake's clock.
    pub fn now(&self) -> u64 {
        let real = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        real.saturating_add(self.clock_offset_secs.load(Ordering::Relaxed))
    }

    /// The certificate the app with this consumer key verifies JWTs with, if one was uploaded.
    pub fn uploaded_certificate(&self, client_id: &str) -> Option<String> {
        self.certificates
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(client_id)
            .cloned()
    }

    /// How long an access token lasts from when it is issued.
    pub fn session_timeout_secs(&self) -> u64 {
        match self.session_timeout_secs.load(Ordering::Relaxed) {
            0 => crate::registry::ACCESS_TOKEN_LIFETIME_SECS,
            secs => secs,
        }
    }

    pub fn set_session_timeout_secs(&self, secs: u64) {
        self.session_timeout_secs.store(secs, Ordering::Relaxed);
    }

    pub fn advance_clock(&self, secs: u64) {
        self.clock_offset_secs.fetch_add(secs, Ordering::Relaxed);
    }
}
