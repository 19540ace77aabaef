//! A hostile server beside the fake Salesforce: it answers every connection with the exact bytes it
//! was given — garbage, HTTP/0.9, thousands of headers, a header of megabytes, a forbidden byte —
//! which a well-behaved HTTP server (the fake, built on hyper) can never send.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// The malformed answers the hostile server can give.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Malformed {
    /// Not HTTP at all.
    Garbage,
    /// A body with no status line (HTTP/0.9).
    Http09,
    /// 20,000 header lines.
    ManyHeaders,
    /// One header of 2 MB.
    HugeHeader,
    /// A header value holding a control byte.
    BadHeaderByte,
}

impl Malformed {
    pub const ALL: [Malformed; 5] = [
        Malformed::Garbage,
        Malformed::Http09,
        Malformed::ManyHeaders,
        Malformed::HugeHeader,
        Malformed::BadHeaderByte,
    ];

    fn bytes(self) -> Vec<u8> {
        match self {
            Malformed::Garbage => b"HELLO THERE\x00\x01\x02 not http at all\r\n\r\n".to_vec(),
            Malformed::Http09 => b"{\"access_token\":\"x\"}".to_vec(),
            Malformed::ManyHeaders => {
                let mut out = b"HTTP/1.1 200 OK\r\n".to_vec();
                for i in 0..20_000 {
                    out.extend_from_slice(format!("X-H{i}: v\r\n").as_bytes());
                }
                out.extend_from_slice(b"Content-Length: 2\r\n\r\n{}");
                out
            }
            Malformed::HugeHeader => {
                let mut out = b"HTTP/1.1 200 OK\r\nX-Big: ".to_vec();
                out.extend(std::iter::repeat_n(b'a', 2 * 1024 * 1024));
                out.extend_from_slice(b"\r\nContent-Length: 2\r\n\r\n{}");
                out
            }
            Malformed::BadHeaderByte => {
                b"HTTP/1.1 200 OK\r\nX-Bad: a\x01b\r\nContent-Length: 2\r\n\r\n{}".to_vec()
            }
        }
    }
}

/// A loopback server that answers every connection with one kind of malformed answer.
pub struct HostileServer {
    port: u16,
    stop: Arc<AtomicBool>,
}

impl HostileServer {
    pub fn start(answer: Malformed) -> HostileServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let port = listener.local_addr().expect("bound").port();
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::Relaxed) {
                    break;
                }
                let Ok(mut stream) = stream else { continue };
                let bytes = answer.bytes();
                std::thread::spawn(move || {
                    // Read the request head, then answer and close.
                    let mut buf = [0u8; 8192];
                    let _ = stream.read(&mut buf);
                    let _ = stream.write_all(&bytes);
                    let _ = stream.flush();
                });
            }
        });
        HostileServer { port, stop }
    }

    /// `http://127.0.0.1:PORT`, a loopback target.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for HostileServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wake the accept loop so it sees the flag.
        let _ = std::net::TcpStream::connect(("127.0.0.1", self.port));
    }
}
