//! Drives the real app window: the fake Salesforce in this process, `tauri-driver` (which starts
//! WebKitWebDriver, which starts the app binary), and a WebDriver client. One window at a time:
//! they share the X display and its clipboard.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fake_salesforce::FakeSalesforce;
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util_client::client::legacy::connect::HttpConnector;
use tempfile::TempDir;

static ONE_WINDOW_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Seconds after which the app clears a copied value (shortened for tests).
pub const CLIPBOARD_CLEAR_SECS: u64 = 2;

pub struct Window {
    pub sf: FakeSalesforce,
    pub client: Client,
    driver: Child,
    _home: TempDir,
    _turn: tokio::sync::MutexGuard<'static, ()>,
}

impl Window {
    /// Opens the app with the fake Salesforce standing in for login/test.salesforce.com and My
    /// Domains (through HTTPS_PROXY, with the fake's CA in SSL_CERT_FILE).
    pub async fn open() -> Window {
        let turn = ONE_WINDOW_AT_A_TIME.lock().await;
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "the window tests need a display: run ./scripts/test.sh, which starts Xvfb, a D-Bus session and a keyring"
        );
        let sf = FakeSalesforce::start();
        let home = tempfile::tempdir().unwrap();
        for dir in ["data", "config", "cache"] {
            std::fs::create_dir_all(home.path().join(dir)).unwrap();
        }
        let (port, native_port) = (free_port(), free_port());
        let driver = Command::new(tauri_driver())
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("SSL_CERT_FILE", sf.ca_file())
            .env("HTTPS_PROXY", sf.proxy_url())
            .env("NO_PROXY", "")
            .env(
                "SFTOKEN_CLIPBOARD_CLEAR_SECS",
                CLIPBOARD_CLEAR_SECS.to_string(),
            )
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tauri-driver starts");
        wait_for_port(port);
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": env!("CARGO_BIN_EXE_sftoken-desktop") }),
        );
        let client = connect(port, caps).await;
        let window = Window {
            sf,
            client,
            driver,
            _home: home,
            _turn: turn,
        };
        window.wait_for("body[data-ready='true']").await;
        window
    }

    pub async fn find(&self, css: &str) -> Element {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
    }

    /// Waits (up to 10 s) for an element to exist, e.g. `#token-card:not([hidden])`.
    pub async fn wait_for(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("waiting for {css}: {e}"))
    }

    /// Types into a field. WebKitWebDriver cannot type characters outside the Basic Multilingual
    /// Plane (emoji), so such text is set as the field's value with an `input` event instead.
    pub async fn type_into(&self, css: &str, text: &str) {
        let input = self.find(css).await;
        input.clear().await.unwrap();
        if text.chars().all(|c| (c as u32) < 0x10000) {
            input.send_keys(text).await.unwrap();
            return;
        }
        let script = "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));";
        let element = serde_json::to_value(&input).unwrap();
        self.client
            .execute(script, vec![element, text.into()])
            .await
            .unwrap();
    }

    pub async fn click(&self, css: &str) {
        self.find(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    pub async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await.unwrap()
    }

    pub async fn value(&self, css: &str) -> String {
        self.find(css)
            .await
            .prop("value")
            .await
            .unwrap()
            .unwrap_or_default()
    }

    /// Fills the Body tab.
    pub async fn fill(
        &self,
        client_id: &str,
        secret: &str,
        username: &str,
        password: &str,
        token: &str,
    ) {
        self.type_into("#client-id", client_id).await;
        self.type_into("#client-secret", secret).await;
        self.type_into("#username", username).await;
        self.type_into("#password", password).await;
        self.type_into("#security-token", token).await;
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Window {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// What the X CLIPBOARD selection holds now (`xclip -o`), or "" when it is empty.
pub fn clipboard() -> String {
    let out = Command::new("xclip")
        .args(["-o", "-selection", "clipboard"])
        .output()
        .expect("xclip runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn tauri_driver() -> PathBuf {
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

/// A new WebDriver session; tauri-driver sometimes drops the very first request while it starts.
async fn connect(port: u16, caps: serde_json::Map<String, serde_json::Value>) -> Client {
    let mut last_error = None;
    for _ in 0..5 {
        match ClientBuilder::new(HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(client) => return client,
            Err(e) => last_error = Some(e),
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    panic!("no WebDriver session on the app: {last_error:?}");
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_for_port(port: u16) {
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "tauri-driver did not listen on {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
