//! An HTTP CONNECT proxy in front of the fake, so the product's proxy support (corporate networks)
//! is tested for real: it reads one `CONNECT host:port` head and, for Salesforce-looking hosts,
//! answers 200 and serves the fake directly on the tunnel (TLS, or plain HTTP if the client does
//! not start a TLS handshake) — no second TCP hop. Other hosts get 502, other methods 405.

use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::record::{ConnInfo, ProxyConnect};
use crate::routes::host_without_port;
use crate::server::{serve_http, Shared};

/// The largest CONNECT request head read.
const MAX_HEAD: usize = 16 * 1024;

/// The first byte of a TLS handshake record.
const TLS_HANDSHAKE: u8 = 0x16;

/// Serves the proxy on `listener` forever.
pub(crate) async fn serve_proxy(listener: TcpListener, shared: Arc<Shared>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            continue;
        };
        let _ = stream.set_nodelay(true);
        tokio::spawn(handle(stream, shared.clone()));
    }
}

/// Whether the proxy tunnels to this host (port already removed).
pub fn tunnels_to(host: &str) -> bool {
    let host = host_without_port(host);
    host == "localhost"
        || host == "127.0.0.1"
        || ["salesforce.com", "force.com", "site.com"]
            .iter()
            .any(|d| host == *d || host.ends_with(&format!(".{d}")))
}

async fn handle(mut stream: TcpStream, shared: Arc<Shared>) {
    let connection_id = shared.next_connection_id();
    let Some(head) = read_head(&mut stream).await else {
        return;
    };
    let Some((method, target, headers)) = parse_head(&head) else {
        let _ = stream
            .write_all(
                b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            )
            .await;
        return;
    };
    let accepted = method == "CONNECT" && tunnels_to(&target);
    shared.recorder.push_connect(ProxyConnect {
        connection_id,
        authority: target.clone(),
        method: method.clone(),
        headers,
        accepted,
    });
    if method != "CONNECT" {
        let _ = stream
            .write_all(b"HTTP/1.1 405 Method Not Allowed\r\nAllow: CONNECT\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .await;
        return;
    }
    if !accepted {
        let _ = stream
            .write_all(
                b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            )
            .await;
        return;
    }
    if stream
        .write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n")
        .await
        .is_err()
    {
        return;
    }

    let mut first = [0u8; 1];
    match stream.peek(&mut first).await {
        Ok(1) => {}
        _ => return,
    }
    let tls = first[0] == TLS_HANDSHAKE;
    let info = ConnInfo {
        connection_id,
        tls,
        connect_authority: Some(target),
    };
    if tls {
        if let Ok(tls_stream) = shared.acceptor.accept(stream).await {
            serve_http(tls_stream, info, shared).await;
        }
    } else {
        serve_http(stream, info, shared).await;
    }
}

/// Reads up to and including the blank line, one byte at a time so nothing after it is consumed.
async fn read_head(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut head = Vec::with_capacity(256);
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && !head.ends_with(b"\n\n") {
        if head.len() >= MAX_HEAD {
            return None;
        }
        match stream.read(&mut byte).await {
            Ok(1) => head.push(byte[0]),
            _ => return None,
        }
    }
    Some(head)
}

type Head = (String, String, Vec<(String, String)>);

/// Method, target and headers (lower-cased names) of a request head.
fn parse_head(head: &[u8]) -> Option<Head> {
    let text = String::from_utf8_lossy(head);
    let mut lines = text.lines();
    let mut request_line = lines.next()?.split_whitespace();
    let method = request_line.next()?.to_string();
    let target = request_line.next()?.to_string();
    request_line.next().filter(|v| v.starts_with("HTTP/"))?;
    let headers = lines
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Some((method, target, headers))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tunnels_only_to_salesforce_like_hosts() {
        assert!(tunnels_to("login.salesforce.com:443"));
        assert!(tunnels_to("acme.my.site.com:443"));
        assert!(tunnels_to("acme.lightning.force.com:443"));
        assert!(tunnels_to("127.0.0.1:8443"));
        assert!(!tunnels_to("example.com:443"));
        assert!(!tunnels_to("evilsalesforce.com:443"));
    }

    #[test]
    fn parses_a_connect_head() {
        let (m, t, h) = parse_head(b"CONNECT login.salesforce.com:443 HTTP/1.1\r\nHost: x\r\nProxy-Authorization: Basic YTpi\r\n\r\n").unwrap();
        assert_eq!(
            (m.as_str(), t.as_str()),
            ("CONNECT", "login.salesforce.com:443")
        );
        assert_eq!(
            h[1],
            ("proxy-authorization".to_string(), "Basic YTpi".to_string())
        );
        assert!(parse_head(b"garbage\r\n\r\n").is_none());
    }
}
