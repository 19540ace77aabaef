//! Drives the real app window: the fake Salesforce in this process, `tauri-driver` (which starts
//! WebKitWebDriver, which starts the app binary), and a WebDriver client. One window at a time:
//! they share the X display and its clipboard.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fake_salesforce::{free_port, FakeSalesforce};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util_client::client::legacy::connect::HttpConnector;
use tempfile::TempDir;

use crate::{tauri_driver, typing};

static ONE_WINDOW_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Seconds after which the app clears a copied value (shortened for tests).
pub const CLIPBOARD_CLEAR_SECS: u64 = 2;

pub struct Window {
    pub sf: FakeSalesforce,
    pub client: Client,
    driver: Child,
    home: Home,
    _turn: tokio::sync::MutexGuard<'static, ()>,
}

/// What a test may change about the app's start.
#[derive(Default)]
pub struct Options {
    /// Extra environment for the app (e.g. a D-Bus address that leads nowhere).
    pub env: Vec<(&'static str, String)>,
    /// Files to put in the app's config dir before it starts: (file name, content).
    pub config_files: Vec<(&'static str, String)>,
}

/// The app's XDG folders: a temporary folder, or — when the test command sets
/// `SFTOKEN_TEST_ARTIFACTS` — a folder kept for the secret scan that runs after the suite.
struct Home {
    path: PathBuf,
    _temp: Option<TempDir>,
}

impl Home {
    fn new() -> Home {
        static COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        match std::env::var_os("SFTOKEN_TEST_ARTIFACTS") {
            Some(root) => {
                let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let path = PathBuf::from(root).join(format!("window-{}-{n}", std::process::id()));
                Home { path, _temp: None }
            }
            None => {
                let temp = tempfile::tempdir().unwrap();
                Home {
                    path: temp.path().to_path_buf(),
                    _temp: Some(temp),
                }
            }
        }
    }
}

impl Window {
    /// Opens the app with the fake Salesforce standing in for login/test.salesforce.com and My
    /// Domains (through HTTPS_PROXY, with the fake's CA in SSL_CERT_FILE).
    pub async fn open() -> Window {
        Window::open_with(Options::default()).await
    }

    pub async fn open_with(options: Options) -> Window {
        let turn = ONE_WINDOW_AT_A_TIME.lock().await;
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "the window tests need a display: run ./scripts/test.sh, which starts Xvfb, a D-Bus session and a keyring"
        );
        let sf = FakeSalesforce::start();
        let home = Home::new();
        for dir in ["data", "config", "cache", "config/sftoken", "downloads"] {
            std::fs::create_dir_all(home.path.join(dir)).unwrap();
        }
        // A desktop's user folders (xdg-user-dirs): the app saves certificates to Downloads.
        std::fs::write(
            home.path.join("config/user-dirs.dirs"),
            format!(
                "XDG_DOWNLOAD_DIR=\"{}\"\n",
                home.path.join("downloads").display()
            ),
        )
        .unwrap();
        for (name, content) in &options.config_files {
            std::fs::write(home.path.join("config/sftoken").join(name), content).unwrap();
        }
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": env!("CARGO_BIN_EXE_sftoken-desktop") }),
        );
        // A driver that never gives a session (WebKitWebDriver lost at start, seen once in ~40
        // windows) is stopped and started again, up to three times.
        let mut attempt = 0;
        let (driver, client) = loop {
            attempt += 1;
            let mut driver = start_driver(&sf, &home, &options);
            match connect(driver.port, caps.clone()).await {
                Ok(client) => break (driver.child, client),
                Err(e) if attempt < 3 => {
                    eprintln!(
                        "no WebDriver session (attempt {attempt}): {e}; starting the driver again"
                    );
                    stop_group(&mut driver.child);
                }
                Err(e) => panic!("no WebDriver session on the app after {attempt} drivers: {e}"),
            }
        };
        let window = Window {
            sf,
            client,
            driver,
            home,
            _turn: turn,
        };
        window.wait_for("body[data-ready='true']").await;
        window
    }

    /// The Downloads folder the app sees (its xdg-user-dirs `XDG_DOWNLOAD_DIR`).
    pub fn downloads_dir(&self) -> PathBuf {
        self.home.path.join("downloads")
    }

    /// The app's profile folder (`SFTOKEN_CONFIG_DIR`).
    pub fn config_dir(&self) -> PathBuf {
        self.home.path.join("config/sftoken")
    }

    /// A field of the profile `name` as the profile file holds it (`id`, `grant`, …).
    pub fn profile_field(&self, name: &str, field: &str) -> String {
        let text = std::fs::read_to_string(self.config_dir().join("profiles.json")).unwrap();
        let file: serde_json::Value = serde_json::from_str(&text).unwrap();
        let profile = file["profiles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("{name} not in {file}"));
        profile[field]
            .as_str()
            .unwrap_or_else(|| panic!("no {field} for {name} in {file}"))
            .to_string()
    }

    /// Runs `script` in the page; it returns a list of strings.
    pub async fn strings(&self, script: &str) -> Vec<String> {
        let found = self.client.execute(script, vec![]).await.unwrap();
        found
            .as_array()
            .unwrap_or_else(|| panic!("not a list: {found}"))
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    }

    /// Runs the `sftoken` command beside the app: same profiles, same keychain, same fake.
    pub fn sftoken(&self, args: &[&str]) -> std::process::Output {
        let binary = Path::new(env!("CARGO_BIN_EXE_sftoken-desktop")).with_file_name("sftoken");
        if !binary.exists() {
            let built = Command::new(env!("CARGO"))
                .args(["build", "-p", "sftoken-cli"])
                .status()
                .unwrap();
            assert!(built.success(), "building the sftoken command failed");
        }
        Command::new(binary)
            .args(args)
            .env("SFTOKEN_CONFIG_DIR", self.config_dir())
            .env("SSL_CERT_FILE", self.sf.ca_file())
            .env("HTTPS_PROXY", self.sf.proxy_url())
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }

    pub async fn find(&self, css: &str) -> Element {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
    }

    /// Waits (up to 10 s) for an element to exist, e.g. `#error-card:not([hidden])`.
    pub async fn wait_for(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("waiting for {css}: {e}"))
    }

    /// Waits (up to 10 s) for the token card to show a token (it is laid out, empty, from the start).
    pub async fn wait_for_token(&self) -> Element {
        self.wait_for("#token-card[data-state='token']:not([hidden])")
            .await
    }

    /// Waits (up to 10 s) until the element's text contains `needle`; returns the text.
    pub async fn wait_text(&self, css: &str, needle: &str) -> String {
        let mut last = String::new();
        for _ in 0..200 {
            if let Ok(el) = self.client.find(Locator::Css(css)).await {
                last = el.text().await.unwrap_or_default();
                if last.contains(needle) {
                    return last;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{css} never contained {needle:?}; last text: {last:?}");
    }

    /// Types into a field (see [`typing::type_into`]).
    pub async fn type_into(&self, css: &str, text: &str) {
        typing::type_into(&self.client, css, text).await;
    }

    pub async fn click(&self, css: &str) {
        self.find(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    /// Clicks a copy button, waits until the status bar confirms the copy of `what` (the click
    /// returns before the app's copy command has run), then returns what the X clipboard holds.
    pub async fn copy(&self, button: &str, what: &str) -> String {
        self.click(button).await;
        self.wait_text("#clipboard-status", &format!("Copied {what}"))
            .await;
        clipboard()
    }

    /// The id of the element that has the keyboard focus.
    pub async fn focused_id(&self) -> Option<String> {
        self.client
            .active_element()
            .await
            .unwrap()
            .attr("id")
            .await
            .unwrap()
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

    /// Fills the Body tab as Acme's admin, with everything right (the password grant).
    pub async fn fill_acme_admin(&self) {
        use fake_salesforce::fixtures::{ACME_ADMIN, ACME_APP};
        self.fill(
            ACME_APP.client_id,
            ACME_APP.client_secret,
            ACME_ADMIN.username,
            ACME_ADMIN.password,
            ACME_ADMIN.security_token,
        )
        .await;
    }

    /// Fills the Body tab as Acme's admin with a wrong password (Salesforce refuses the login).
    pub async fn fill_acme_admin_wrong_password(&self) {
        use fake_salesforce::fixtures::{ACME_ADMIN, ACME_APP};
        self.fill(
            ACME_APP.client_id,
            ACME_APP.client_secret,
            ACME_ADMIN.username,
            "not-the-password",
            ACME_ADMIN.security_token,
        )
        .await;
    }

    /// Chooses a grant in the `grant_type` select (by its value).
    pub async fn choose_grant(&self, value: &str) {
        self.find("#grant-type")
            .await
            .select_by_value(value)
            .await
            .unwrap();
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
        let fields = typing::body_fields(client_id, secret, username, password, token);
        typing::fill_form(&self.client, &fields).await;
    }

    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }

    /// Ends tauri-driver and everything it started (WebKitWebDriver, the app).
    fn stop_driver(&mut self) {
        stop_group(&mut self.driver);
    }
}

impl Drop for Window {
    fn drop(&mut self) {
        self.stop_driver();
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

/// tauri-driver (and through it WebKitWebDriver and the app), with the test's environment.
struct Driver {
    child: Child,
    port: u16,
}

fn start_driver(sf: &FakeSalesforce, home: &Home, options: &Options) -> Driver {
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(home.path.join("app.log"))
        .unwrap();
    let (port, native_port) = (free_port(), free_port());
    let mut command = Command::new(tauri_driver::binary());
    command
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
        .env("SFTOKEN_LOG", "debug")
        .env("SFTOKEN_CONFIG_DIR", home.path.join("config/sftoken"))
        .env("XDG_DATA_HOME", home.path.join("data"))
        .env("XDG_CONFIG_HOME", home.path.join("config"))
        .env("XDG_CACHE_HOME", home.path.join("cache"))
        .stdout(Stdio::null())
        .stderr(log);
    for (key, value) in &options.env {
        command.env(key, value);
    }
    // Its own process group, so that WebKitWebDriver and the app go when the test ends.
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let child = command.spawn().expect("tauri-driver starts");
    tauri_driver::wait_for_port(port);
    Driver { child, port }
}

/// Stops tauri-driver's whole process group (WebKitWebDriver and the app with it).
fn stop_group(child: &mut Child) {
    let group = format!("-{}", child.id());
    let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
    let _ = child.kill();
    let _ = child.wait();
}

/// A new WebDriver session; tauri-driver sometimes drops the very first request while it starts.
async fn connect(
    port: u16,
    caps: serde_json::Map<String, serde_json::Value>,
) -> Result<Client, fantoccini::error::NewSessionError> {
    let mut last_error = None;
    for _ in 0..5 {
        match ClientBuilder::new(HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(client) => return Ok(client),
            Err(e) => last_error = Some(e),
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    Err(last_error.expect("five attempts"))
}
