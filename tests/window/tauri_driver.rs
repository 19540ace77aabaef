//! Finding and reaching tauri-driver: shared by the window tests (`harness.rs`) and the window
//! benchmark (`benches/window.rs`, which includes this file with `#[path]`), so both start it alike.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// tauri-driver on `PATH`, else in `~/.cargo/bin` (where `cargo install` puts it).
pub fn binary() -> PathBuf {
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|d| d.join("tauri-driver"))
        .find(|p| p.is_file());
    let in_cargo =
        std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo/bin/tauri-driver"));
    on_path.or(in_cargo.filter(|p| p.is_file())).expect(
        "tauri-driver is not installed: `cargo install tauri-driver@2.1.0 --locked` (./scripts/test.sh does it)",
    )
}

/// A loopback port nothing listens on (for `--port` and `--native-port`).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// Waits (up to 20 s) until something listens on the loopback `port`.
pub fn wait_for_port(port: u16) {
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "tauri-driver did not listen on {port}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}
