//! The one tauri-driver (and its WebKitWebDriver) the whole bench launches windows through, with
//! the environment the window tests give the app.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fake_salesforce::{free_port, FakeSalesforce};

use crate::procs::{alive, descendants, signal};
use crate::tauri_driver;

/// One tauri-driver (and its WebKitWebDriver) for the whole bench, with the environment the window
/// tests give the app: the fake's CA and proxy, XDG folders in a temporary folder.
pub struct Driver {
    pub child: Child,
    pub port: u16,
}

impl Driver {
    pub fn start(sf: &FakeSalesforce, home: &Path) -> Driver {
        for dir in ["data", "config", "cache"] {
            std::fs::create_dir_all(home.join(dir)).expect("XDG folders");
        }
        let (port, native_port) = (free_port(), free_port());
        let child = Command::new(tauri_driver::binary())
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            // The app is non-dumpable otherwise, and an ordinary user could not read its
            // /proc/PID/exe and smaps_rollup (the memory figures).
            .env("SFTOKEN_ALLOW_DUMPS", "1")
            .env("SSL_CERT_FILE", sf.ca_file())
            .env("HTTPS_PROXY", sf.proxy_url())
            .env("NO_PROXY", "")
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("SFTOKEN_CONFIG_DIR", home.join("config/sftoken"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            // The app's own account of each Send (`send_request` events), for the progress log.
            .env("SFTOKEN_LOG", "sftoken_desktop=debug")
            .stdout(Stdio::null())
            .stderr(app_log(home))
            .spawn()
            .expect("tauri-driver starts");
        for p in [port, native_port] {
            tauri_driver::wait_for_port(p);
        }
        Driver { child, port }
    }

    /// The pid of the process running `binary` under this driver, if there is one.
    pub fn app_pid(&self, binary: &Path) -> Option<u32> {
        let binary = std::fs::canonicalize(binary).ok()?;
        descendants(self.child.id())
            .into_iter()
            .find(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).ok() == Some(binary.clone()))
    }

    /// SIGTERM, so that tauri-driver ends its WebKitWebDriver too; then whatever is left.
    pub fn stop(&mut self) {
        let tree = descendants(self.child.id());
        signal(self.child.id(), "TERM");
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline && tree.iter().any(|pid| alive(*pid)) {
            std::thread::sleep(Duration::from_millis(20));
        }
        for pid in tree.iter().rev() {
            if alive(*pid) {
                signal(*pid, "KILL");
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Where the app's log goes: `app.log` in the bench's temporary home (`BENCH_APP_LOG` copies it
/// out at the end, see main.rs).
fn app_log(home: &Path) -> Stdio {
    std::fs::File::create(home.join("app.log"))
        .map(Stdio::from)
        .unwrap_or_else(|_| Stdio::null())
}
