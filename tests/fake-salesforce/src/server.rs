//! The HTTP side: accept loops for the plain and TLS listeners, one hyper HTTP/1.1 connection per
//! stream (keep-alive on), and the per-request path — read the body, record, then answer (or not,
//! for the connection-level faults).

use std::convert::Infallible;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http_body_util::{BodyExt, LengthLimitError, Limited};
use hyper::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE, HOST};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::Notify;
use tokio_rustls::TlsAcceptor;

use crate::faults::{self, Action, Fault};
use crate::record::{decode_form, lock, ConnInfo, RecordedRequest, Recorder};
use crate::responses::{html, Body};
use crate::routes::{host_without_port, Inbound};
use crate::state::OAuthState;

/// The largest request body the fake reads (a token request is a few hundred bytes).
pub const MAX_REQUEST_BODY: usize = 1024 * 1024;

/// State shared by every listener and connection of one server.
pub(crate) struct Shared {
    pub recorder: Recorder,
    pub fault: Mutex<Option<Fault>>,
    pub acceptor: TlsAcceptor,
    /// Tokens, codes, the authorize choice and the clock.
    pub oauth: Arc<OAuthState>,
    next_connection: AtomicU64,
}

impl Shared {
    pub fn new(acceptor: TlsAcceptor) -> Shared {
        Shared {
            recorder: Recorder::default(),
            fault: Mutex::new(None),
            acceptor,
            oauth: Arc::new(OAuthState::default()),
            next_connection: AtomicU64::new(1),
        }
    }

    pub fn next_connection_id(&self) -> u64 {
        self.next_connection.fetch_add(1, Ordering::Relaxed)
    }
}

/// Waits a little after a failed accept (out of file descriptors) instead of spinning.
async fn accept_failed() {
    tokio::time::sleep(Duration::from_millis(20)).await;
}

/// Serves plain HTTP on `listener` forever.
pub(crate) async fn serve_plain(listener: TcpListener, shared: Arc<Shared>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            accept_failed().await;
            continue;
        };
        let _ = stream.set_nodelay(true);
        let info = ConnInfo {
            connection_id: shared.next_connection_id(),
            tls: false,
            connect_authority: None,
        };
        tokio::spawn(serve_http(stream, info, shared.clone()));
    }
}

/// Serves HTTPS on `listener` forever.
pub(crate) async fn serve_tls(listener: TcpListener, shared: Arc<Shared>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            accept_failed().await;
            continue;
        };
        let _ = stream.set_nodelay(true);
        let info = ConnInfo {
            connection_id: shared.next_connection_id(),
            tls: true,
            connect_authority: None,
        };
        let shared = shared.clone();
        tokio::spawn(async move {
            // A client that refuses the certificate ends the handshake: nothing to serve.
            if let Ok(tls) = shared.acceptor.accept(stream).await {
                serve_http(tls, info, shared).await;
            }
        });
    }
}

/// Serves HTTP/1.1 requests on one stream until the client closes it (or a fault drops it).
pub(crate) async fn serve_http<IO>(io: IO, info: ConnInfo, shared: Arc<Shared>)
where
    IO: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let kill = Arc::new(Notify::new());
    let service = {
        let kill = kill.clone();
        service_fn(move |req| handle_request(req, info.clone(), shared.clone(), kill.clone()))
    };
    let connection = http1::Builder::new().serve_connection(TokioIo::new(io), service);
    tokio::select! {
        _ = connection => {}
        // Dropping the connection closes the socket without a byte of answer.
        _ = kill.notified() => {}
    }
}

fn lossy(value: &HeaderValue) -> String {
    String::from_utf8_lossy(value.as_bytes()).into_owned()
}

async fn handle_request(
    req: Request<hyper::body::Incoming>,
    info: ConnInfo,
    shared: Arc<Shared>,
    kill: Arc<Notify>,
) -> Result<Response<Body>, Infallible> {
    let (parts, body) = req.into_parts();
    let (body, body_error) = match Limited::new(body, MAX_REQUEST_BODY).collect().await {
        Ok(collected) => (collected.to_bytes().to_vec(), None),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => (
            Vec::new(),
            Some(html(
                413,
                "<html><head><title>Request Entity Too Large</title></head></html>\n",
            )),
        ),
        Err(_) => (
            Vec::new(),
            Some(html(
                400,
                "<html><head><title>Bad Request</title></head></html>\n",
            )),
        ),
    };

    let host = parts
        .headers
        .get(HOST)
        .map(lossy)
        .or_else(|| parts.uri.authority().map(|a| a.to_string()))
        .unwrap_or_default();
    let content_type = parts.headers.get(CONTENT_TYPE).map(lossy);
    let form = decode_form(content_type.as_deref(), &body);
    let inbound = Inbound {
        method: parts.method.as_str().to_string(),
        host: host_without_port(&host),
        // The sf CLI keeps the instance URL it was given with a trailing slash and then asks for
        // `//services/data/…`; Salesforce's servers read it as one slash.
        path: format!("/{}", parts.uri.path().trim_start_matches('/')),
        content_type,
        form: form.clone(),
        query: parts.uri.query().map(str::to_string),
        authorization: parts.headers.get(AUTHORIZATION).map(lossy),
        state: shared.oauth.clone(),
    };
    shared.recorder.push(RecordedRequest {
        connection_id: info.connection_id,
        tls: info.tls,
        via_proxy: info.connect_authority.is_some(),
        connect_authority: info.connect_authority.clone(),
        method: inbound.method.clone(),
        host,
        path: inbound.path.clone(),
        query: parts.uri.query().map(str::to_string),
        headers: parts
            .headers
            .iter()
            .map(|(n, v)| (n.as_str().to_string(), lossy(v)))
            .collect(),
        body,
        form,
    });
    if let Some(response) = body_error {
        return Ok(response);
    }

    let fault = lock(&shared.fault).clone();
    match faults::answer(fault, &inbound).await {
        Action::Respond(response) => Ok(response),
        Action::DropConnection => {
            kill.notify_one();
            std::future::pending().await
        }
        Action::Hang => std::future::pending().await,
    }
}
