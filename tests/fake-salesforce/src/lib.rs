//! A fake of Salesforce's OAuth endpoints that really listens on loopback: plain HTTP, HTTPS
//! with a throwaway CA, and an HTTP CONNECT proxy in front of it. Every crate's integration tests
//! run the real product against it (and benchmark/screenshot scripts run the `fake-salesforce`
//! binary), so it follows the project's protocol notes closely (docs/salesforce-oauth.md: "Hosts",
//! "Grants", "Token answer" with its signature, "Error catalogue", "Odd answers").
//!
//! Endpoints: the token endpoint (username-password, client credentials, JWT bearer,
//! authorization code + PKCE, refresh), authorize, revoke, introspect, the identity URL, userinfo
//! and the REST API's version list and resource map. Every token issued is kept in a registry
//! ([`IssuedToken`]) so that revoking it anywhere makes it fail everywhere.
//!
//! ```no_run
//! let sf = fake_salesforce::FakeSalesforce::start();
//! let url = format!("{}/services/oauth2/token", sf.http_url()); // acts as acme's My Domain
//! # let _ = url;
//! ```

mod authorization_code;
pub mod authorize;
mod bearer;
mod client_auth;
mod client_credentials;
pub mod faults;
pub mod fixtures;
pub mod hostile;
pub mod identity;
pub mod introspect;
mod issue;
pub mod jwt;
pub mod jwt_bearer;
pub mod login_history;
pub mod oauth_errors;
pub mod pkce;
pub mod ports;
pub mod proxy;
pub mod record;
mod refresh;
pub mod registry;
pub mod responses;
pub mod rest_api;
pub mod revoke;
mod routes;
mod rsa_pem;
pub mod scan;
mod scopes;
mod server;
mod soql;
mod state;
pub mod tls;
pub mod token_endpoint;
pub mod tokens;

use std::io;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use tempfile::TempDir;
use tokio::sync::oneshot;

pub use authorize::Authorize;
pub use faults::{EchoAs, Fault};
pub use fixtures::{ConnectedApp, Org, User, UserFlags};
pub use oauth_errors::OAuthError;
pub use ports::free_port;
pub use record::{ProxyConnect, RecordedRequest};
pub use registry::{Grant, IssuedToken, TokenKind};
pub use tls::unrelated_ca_pem;
pub use token_endpoint::TOKEN_PATH;
pub use tokens::was_issued;

use record::lock;
use server::Shared;

/// A running fake. Dropping it stops the server: its thread ends and its ports close.
pub struct FakeSalesforce {
    shared: Arc<Shared>,
    http: SocketAddr,
    https: SocketAddr,
    proxy: SocketAddr,
    ca_pem: String,
    ca_file: PathBuf,
    _dir: TempDir,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl FakeSalesforce {
    /// Starts the server on three fresh `127.0.0.1` ports, on its own thread and tokio runtime (so it
    /// works from a plain `#[test]`, a `#[tokio::test]`, anything). Panics if that is impossible.
    pub fn start() -> FakeSalesforce {
        match FakeSalesforce::try_start() {
            Ok(sf) => sf,
            Err(e) => panic!("fake-salesforce: cannot start: {e}"),
        }
    }

    /// [`FakeSalesforce::start`], with the error instead of a panic.
    pub fn try_start() -> io::Result<FakeSalesforce> {
        let tls = tls::generate()?;
        let bind = || -> io::Result<TcpListener> {
            let listener = TcpListener::bind("127.0.0.1:0")?;
            listener.set_nonblocking(true)?;
            Ok(listener)
        };
        let (http, https, proxy) = (bind()?, bind()?, bind()?);
        let addrs = (http.local_addr()?, https.local_addr()?, proxy.local_addr()?);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let shared = Arc::new(Shared::new(tls.acceptor));
        let (stop, stopped) = oneshot::channel::<()>();

        let thread_shared = shared.clone();
        let thread = std::thread::Builder::new()
            .name(format!("fake-salesforce-{}", addrs.0.port()))
            .spawn(move || {
                runtime.block_on(async move {
                    let listeners = (
                        tokio::net::TcpListener::from_std(http),
                        tokio::net::TcpListener::from_std(https),
                        tokio::net::TcpListener::from_std(proxy),
                    );
                    let (Ok(http), Ok(https), Ok(proxy)) = listeners else {
                        return;
                    };
                    tokio::spawn(server::serve_plain(http, thread_shared.clone()));
                    tokio::spawn(server::serve_tls(https, thread_shared.clone()));
                    tokio::spawn(proxy::serve_proxy(proxy, thread_shared));
                    let _ = stopped.await;
                });
                // Dropping the runtime drops every task: listeners and connections (hung ones too) close.
                drop(runtime);
            })?;

        Ok(FakeSalesforce {
            shared,
            http: addrs.0,
            https: addrs.1,
            proxy: addrs.2,
            ca_pem: tls.ca_pem,
            ca_file: tls.ca_file,
            _dir: tls.dir,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT`, plain HTTP (the host acts as acme's My Domain).
    pub fn http_url(&self) -> String {
        format!("http://{}", self.http)
    }

    /// `https://127.0.0.1:PORT`, TLS with the throwaway CA (the host acts as acme's My Domain).
    pub fn https_url(&self) -> String {
        format!("https://{}", self.https)
    }

    pub fn http_port(&self) -> u16 {
        self.http.port()
    }

    pub fn https_port(&self) -> u16 {
        self.https.port()
    }

    pub fn proxy_port(&self) -> u16 {
        self.proxy.port()
    }

    /// `http://127.0.0.1:PORT`, the CONNECT proxy.
    pub fn proxy_url(&self) -> String {
        format!("http://{}", self.proxy)
    }

    /// The throwaway CA's certificate, PEM.
    pub fn ca_pem(&self) -> &str {
        &self.ca_pem
    }

    /// The CA's PEM in a file that lives as long as this handle (for `SSL_CERT_FILE`).
    pub fn ca_file(&self) -> &Path {
        &self.ca_file
    }

    /// Sets (or with `None` clears) the fault applied to every following request.
    pub fn set_fault(&self, fault: Option<Fault>) {
        *lock(&self.shared.fault) = fault;
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.recorder.requests()
    }

    /// Forgets the recorded requests (and CONNECTs).
    pub fn clear_requests(&self) {
        self.shared.recorder.clear();
    }

    /// Whether `token` (an access or refresh token this fake issued) is still good: not revoked
    /// and not expired on the fake's clock.
    pub fn token_is_active(&self, token: &str) -> bool {
        let now = self.shared.oauth.now();
        lock(&self.shared.oauth.registry)
            .active(token, now)
            .is_some()
    }

    /// Revokes every token issued so far (an admin revoking all sessions and app access).
    pub fn revoke_all(&self) {
        lock(&self.shared.oauth.registry).revoke_all();
    }

    /// The org's session timeout for tokens issued from now on (default 2 hours): every access
    /// token ends that long after it was issued, on the fake's clock. Introspection reports it as
    /// `exp`, except for username-password tokens, as Salesforce does.
    pub fn set_session_timeout(&self, timeout: Duration) {
        self.shared
            .oauth
            .set_session_timeout_secs(timeout.as_secs().max(1));
    }

    /// Ends every session issued so far (access tokens); refresh tokens stay good.
    pub fn revoke_all_access_tokens(&self) {
        lock(&self.shared.oauth.registry).revoke_access_tokens();
    }

    /// Every username-password login attempt of a known user so far (Login History), oldest first.
    pub fn login_attempts(&self) -> Vec<login_history::LoginAttempt> {
        lock(&self.shared.oauth.login_history).all()
    }

    /// Every access and refresh token issued so far, in issue order, with its state.
    pub fn issued_tokens(&self) -> Vec<IssuedToken> {
        lock(&self.shared.oauth.registry).all()
    }

    /// What the user does on the authorize page from now on (default:
    /// [`Authorize::ApproveAsAdmin`]).
    pub fn set_authorize(&self, authorize: Authorize) {
        *lock(&self.shared.oauth.authorize) = authorize;
    }

    /// Uploads a certificate (PEM) to the app with this consumer key for the JWT bearer flow, as an
    /// admin does in Setup: from now on JWTs for that app verify against it (and no longer against
    /// the fixture's certificate).
    pub fn upload_jwt_certificate(&self, client_id: &str, certificate_pem: &str) {
        lock(&self.shared.oauth.certificates).insert(client_id.into(), certificate_pem.into());
    }

    /// Moves the fake's clock forward (whole seconds): codes (15 minutes) and access tokens
    /// (2 hours) expire without waiting. `issued_at` in answers stays real time.
    pub fn advance_clock(&self, by: Duration) {
        self.shared.oauth.advance_clock(by.as_secs());
    }

    /// Every request the proxy received (CONNECT or not, tunnelled or refused), in arrival order.
    pub fn proxy_connects(&self) -> Vec<ProxyConnect> {
        self.shared.recorder.connects()
    }
}

impl Drop for FakeSalesforce {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl std::fmt::Debug for FakeSalesforce {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeSalesforce")
            .field("http", &self.http)
            .field("https", &self.https)
            .field("proxy", &self.proxy)
            .field("ca_file", &self.ca_file)
            .finish_non_exhaustive()
    }
}
