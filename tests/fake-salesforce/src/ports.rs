//! Free loopback ports for tests and benchmarks: the one `free_port` every crate's tests, the
//! window tests and the window benchmark use (the fake itself binds port 0 and keeps its listeners).

use std::net::TcpListener;

/// A `127.0.0.1` port nothing listens on right now: the OS picks one for a listener that is
/// dropped at once. For a program that must be told a port (`--port`, a callback URL) or for a
/// connection that must be refused. Another process could take it in between, which the OS makes
/// unlikely by handing out ephemeral ports in turn. Panics if no port can be bound.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free loopback port")
        .port()
}
