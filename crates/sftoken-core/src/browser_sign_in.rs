//! The web server flow with PKCE, the user's side: open the system browser at
//! `/services/oauth2/authorize`, listen on the loopback callback the connected app registers,
//! check `state`, and hand back the code (with its verifier) for the exchange. The browser gets a
//! short page saying it can be closed.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use secrecy::SecretString;
use tokio::sync::mpsc;
use url::Url;

use crate::grant::AuthorizationCodeGrant;
use crate::pkce::{random_token, Pkce};
use crate::target::LoginTarget;

/// The default scopes: API access and a refresh token.
pub const DEFAULT_SCOPE: &str = "api refresh_token";
/// Salesforce CLI's well-known callback, registered on many connected apps.
pub const DEFAULT_CALLBACK: &str = "http://localhost:1717/OauthRedirect";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SignInError {
    #[error("the callback {callback:?} must be http://localhost:PORT/path or http://127.0.0.1:PORT/path: sftoken listens there for the browser")]
    BadCallback { callback: String },
    #[error("port {port} is busy ({reason}): close what uses it, or choose another port and register that callback URL on the connected app")]
    PortBusy { port: u16, reason: String },
    #[error("only answers with a different state came back: they belong to another sign-in (or another page) and were refused")]
    StateMismatch,
    #[error("the sign-in was refused: {error}{}", description.as_deref().map(|d| format!(": {d}")).unwrap_or_default())]
    Denied {
        error: String,
        description: Option<String>,
    },
    #[error("no sign-in came back within {secs} s")]
    TimedOut { secs: u64 },
    #[error("the callback listener failed: {0}")]
    Io(String),
}

/// A sign-in in progress: the URL to open, and the listener waiting for the browser.
pub struct BrowserSignIn {
    authorize_url: Url,
    redirect_uri: String,
    state: String,
    pkce: Pkce,
    client_id: String,
    listener: tokio::net::TcpListener,
    /// `[::1]` at the same port, for a `localhost` callback.
    ipv6: Option<tokio::net::TcpListener>,
}

impl BrowserSignIn {
    /// Binds the callback listener (port 0 picks a free port) and builds the authorize URL.
    pub async fn start(
        target: &LoginTarget,
        client_id: &str,
        scope: &str,
        callback: &str,
    ) -> Result<BrowserSignIn, SignInError> {
        let mut callback_url = loopback_callback(callback)?;
        let host: IpAddr = match callback_url.host_str() {
            Some("localhost") => IpAddr::from([127, 0, 0, 1]),
            Some(h) => {
                h.trim_matches(['[', ']'])
                    .parse()
                    .map_err(|_| SignInError::BadCallback {
                        callback: callback.into(),
                    })?
            }
            None => {
                return Err(SignInError::BadCallback {
                    callback: callback.into(),
                })
            }
        };
        let wanted = callback_url.port().unwrap_or(80);
        let localhost = callback_url.host_str() == Some("localhost");
        // A random port (0) may be free on 127.0.0.1 and taken on [::1]: try another.
        let tries = if wanted == 0 && localhost { 5 } else { 1 };
        let mut attempt = 0;
        let (listener, ipv6, port) = loop {
            attempt += 1;
            let listener = tokio::net::TcpListener::bind(SocketAddr::new(host, wanted))
                .await
                .map_err(|e| SignInError::PortBusy {
                    port: wanted,
                    reason: e.to_string(),
                })?;
            let port = listener
                .local_addr()
                .map_err(|e| SignInError::Io(e.to_string()))?
                .port();
            if !localhost {
                break (listener, None, port);
            }
            // Browsers may send `localhost` to [::1] first: listen there too, and refuse to start
            // when another program already does (it would receive the code).
            let v6 = SocketAddr::new(IpAddr::from([0u16, 0, 0, 0, 0, 0, 0, 1]), port);
            match tokio::net::TcpListener::bind(v6).await {
                Ok(l) => break (listener, Some(l), port),
                Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && attempt < tries => continue,
                Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
                    return Err(SignInError::PortBusy {
                        port,
                        reason: format!("another program listens on [::1]:{port}, where browsers may send localhost"),
                    })
                }
                // No IPv6 loopback on this machine: browsers cannot use it either.
                Err(_) => break (listener, None, port),
            }
        };
        if wanted == 0 {
            let _ = callback_url.set_port(Some(port));
        }
        let redirect_uri = callback_url.to_string();
        let state = random_token(16);
        let pkce = Pkce::new();
        let mut authorize_url = target.endpoint("services/oauth2/authorize");
        authorize_url
            .query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", client_id.trim())
            .append_pair("redirect_uri", &redirect_uri)
            .append_pair("state", &state)
            .append_pair("scope", scope.trim())
            .append_pair("code_challenge", &pkce.challenge)
            .append_pair("code_challenge_method", "S256");
        Ok(BrowserSignIn {
            authorize_url,
            redirect_uri,
            state,
            pkce,
            client_id: client_id.trim().into(),
            listener,
            ipv6,
        })
    }

    /// What the browser must open (carries no secret: the verifier stays here).
    pub fn authorize_url(&self) -> &Url {
        &self.authorize_url
    }

    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// Waits for the browser's return and turns it into the code exchange.
    pub async fn finish(
        self,
        client_secret: Option<SecretString>,
        timeout: Duration,
    ) -> Result<AuthorizationCodeGrant, SignInError> {
        let (sender, mut results) = mpsc::channel::<Result<SecretString, SignInError>>(1);
        let path = Url::parse(&self.redirect_uri)
            .map(|u| u.path().to_string())
            .unwrap_or_else(|_| "/".into());
        let expected_state = self.state.clone();
        // A request with a foreign state is refused (400) without ending the sign-in: any web page
        // could send one to localhost. It is reported only if nothing valid came back in time.
        let foreign = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let serve = async {
            // Connections being served, oldest first. Beyond the cap the oldest is dropped: idle
            // connections (any local program can open them) never crowd out the browser's, which
            // is always the newest.
            let mut live: VecDeque<tokio::task::AbortHandle> = VecDeque::new();
            loop {
                let accepted = match &self.ipv6 {
                    Some(v6) => tokio::select! {
                        a = self.listener.accept() => a,
                        a = v6.accept() => a,
                    },
                    None => self.listener.accept().await,
                };
                let Ok((stream, _)) = accepted else {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                };
                live.retain(|task| !task.is_finished());
                while live.len() >= MAX_CONNECTIONS {
                    if let Some(oldest) = live.pop_front() {
                        oldest.abort();
                    }
                }
                let (sender, path, state, foreign) = (
                    sender.clone(),
                    path.clone(),
                    expected_state.clone(),
                    foreign.clone(),
                );
                let task = tokio::spawn(async move {
                    let service =
                        hyper::service::service_fn(move |req: Request<hyper::body::Incoming>| {
                            let answer = callback_answer(&req, &path, &state);
                            let sender = sender.clone();
                            let foreign = foreign.clone();
                            async move {
                                let (status, page, result) = answer;
                                match result {
                                    Some(Err(SignInError::StateMismatch)) => {
                                        foreign.store(true, std::sync::atomic::Ordering::Relaxed)
                                    }
                                    Some(result) => {
                                        let _ = sender.send(result).await;
                                    }
                                    None => {}
                                }
                                Ok::<_, Infallible>(page_response(status, page))
                            }
                        });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .timer(hyper_util::rt::TokioTimer::new())
                        .header_read_timeout(HEADER_READ_TIMEOUT)
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
                live.push_back(task.abort_handle());
            }
        };
        let outcome = tokio::select! {
            result = results.recv() => result.unwrap_or(Err(SignInError::Io("listener stopped".into()))),
            () = serve => Err(SignInError::Io("listener stopped".into())),
            () = tokio::time::sleep(timeout) => Err(if foreign.load(std::sync::atomic::Ordering::Relaxed) {
                SignInError::StateMismatch
            } else {
                SignInError::TimedOut { secs: timeout.as_secs_f64().ceil() as u64 }
            }),
        };
        let code = outcome?;
        Ok(AuthorizationCodeGrant {
            client_id: self.client_id,
            client_secret,
            code,
            redirect_uri: self.redirect_uri,
            code_verifier: self.pkce.verifier,
        })
    }
}

/// Connections served at once on the callback listener; the oldest goes first beyond this.
const MAX_CONNECTIONS: usize = 32;
/// How long a connection may take to send its request head.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

type Answer = (
    StatusCode,
    &'static str,
    Option<Result<SecretString, SignInError>>,
);

/// What the callback request means, and what the browser should see.
fn callback_answer(
    req: &Request<hyper::body::Incoming>,
    path: &str,
    expected_state: &str,
) -> Answer {
    if req.uri().path() != path {
        return (StatusCode::NOT_FOUND, "Not found.", None);
    }
    let params: Vec<(String, String)> =
        url::form_urlencoded::parse(req.uri().query().unwrap_or("").as_bytes())
            .into_owned()
            .collect();
    let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    if get("state").as_deref() != Some(expected_state) {
        return (
            StatusCode::BAD_REQUEST,
            PAGE_STATE,
            Some(Err(SignInError::StateMismatch)),
        );
    }
    if let Some(error) = get("error") {
        return (
            StatusCode::OK,
            PAGE_DENIED,
            Some(Err(SignInError::Denied {
                // Text from whoever called the callback: bounded.
                error: bounded(&error),
                description: get("error_description").map(|d| bounded(&d)),
            })),
        );
    }
    match get("code") {
        Some(code) if !code.is_empty() => (
            StatusCode::OK,
            PAGE_DONE,
            Some(Ok(SecretString::from(code))),
        ),
        _ => (
            StatusCode::BAD_REQUEST,
            PAGE_DENIED,
            Some(Err(SignInError::Denied {
                error: "no code".into(),
                description: None,
            })),
        ),
    }
}

/// At most 300 characters of text a caller of the callback sent.
fn bounded(text: &str) -> String {
    const MAX: usize = 300;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(MAX).collect::<String>())
    }
}

fn page_response(status: StatusCode, message: &'static str) -> Response<Full<Bytes>> {
    let html = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>sftoken</title></head>\
         <body style=\"font-family:system-ui,sans-serif;margin:3em\"><h1>sftoken</h1><p>{message}</p></body></html>"
    );
    let mut response = Response::new(Full::new(Bytes::from(html)));
    *response.status_mut() = status;
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

const PAGE_DONE: &str = "Signed in. You can close this tab and go back to sftoken.";
const PAGE_DENIED: &str = "The sign-in did not complete. Go back to sftoken for the details.";
const PAGE_STATE: &str = "This answer does not belong to the sign-in sftoken started, so it was refused. Start again from sftoken.";

/// Checks a callback before any sign-in starts (the form uses it to flag the field).
pub fn check_callback(callback: &str) -> Result<(), SignInError> {
    loopback_callback(callback).map(|_| ())
}

/// Only a loopback `http://` callback can be listened on by this app.
fn loopback_callback(callback: &str) -> Result<Url, SignInError> {
    let bad = || SignInError::BadCallback {
        callback: callback.into(),
    };
    let url = Url::parse(callback.trim()).map_err(|_| bad())?;
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    if url.scheme() != "http" || !loopback || url.port().is_none() {
        return Err(bad());
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_http_callbacks_with_a_port_are_accepted() {
        assert!(loopback_callback("http://localhost:1717/OauthRedirect").is_ok());
        assert!(loopback_callback("http://127.0.0.1:0/callback").is_ok());
        for bad in [
            "https://localhost:1717/x",
            "http://example.com:1717/x",
            "http://localhost/x",
            "nonsense",
        ] {
            assert!(loopback_callback(bad).is_err(), "{bad}");
        }
    }
}
