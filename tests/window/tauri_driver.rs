//! Finding and reaching tauri-driver: shared by the window tests (`harness.rs`) and the window
//! benchmark (`benches/window/main.rs`, which includes this file with `#[path]`), so both start it
//! alike. Their ports come from `fake_salesforce::free_port`.

use std::net::TcpStream;
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
