//! Not a test of behaviour: `scripts/screenshot.sh` runs this to refresh the README's picture of the
//! window with a token (taken through WebDriver under Xvfb, against the fake Salesforce).

use crate::harness::{Options, Window};

const PROFILES: &str = r#"{"version": 1, "profiles": [
  {"id": "acme-prod-1a2b3c", "name": "Acme prod", "target": {"kind": "production", "host": ""},
   "grant": "password", "client_id": "3MVG9ACME.prod.consumer.key", "username": "admin@acme.com", "notes": ""},
  {"id": "acme-dev-4d5e6f", "name": "Acme dev", "target": {"kind": "sandbox", "host": ""},
   "grant": "password", "client_id": "3MVG9ACME.dev.consumer.key", "username": "admin@acme.com.dev", "notes": ""},
  {"id": "acme-ci-7a8b9c", "name": "Acme CI (JWT)", "target": {"kind": "my_domain", "host": "https://acme.my.salesforce.com"},
   "grant": "urn:ietf:params:oauth:grant-type:jwt-bearer", "client_id": "3MVG9ACME.prod.consumer.key", "username": "integration@acme.com", "notes": ""}
]}"#;

#[tokio::test]
#[ignore = "run by scripts/screenshot.sh"]
async fn screenshot_of_the_window_with_a_token() {
    let path = std::env::var("SFTOKEN_SCREENSHOT").unwrap_or_else(|_| "docs/screenshot.png".into());
    let options = Options {
        config_files: vec![("profiles.json", PROFILES.into())],
        ..Options::default()
    };
    let w = Window::open_with(options).await;
    if let Ok(size) = std::env::var("SFTOKEN_SCREENSHOT_SIZE") {
        let (width, height) = size
            .split_once('x')
            .expect("SFTOKEN_SCREENSHOT_SIZE is WIDTHxHEIGHT");
        w.client
            .set_window_rect(0, 0, width.parse().unwrap(), height.parse().unwrap())
            .await
            .unwrap();
    }
    w.click("#profile-list li[title^='Acme prod']").await;
    w.wait_for("#profile-list li[aria-selected='true'][title^='Acme prod']")
        .await;
    w.fill_acme_admin().await;
    w.click("#send").await;
    w.wait_for_token().await;
    w.wait_for("#dirty-note[hidden]").await;
    // The picture shows the status bar's confirmation, which comes after the copy command ran.
    w.copy("#copy-token", "access token").await;
    // SFTOKEN_SCREENSHOT_ZOOM=N: Ctrl+= N times first (5: 200%).
    let zoom: usize = std::env::var("SFTOKEN_SCREENSHOT_ZOOM")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    for _ in 0..zoom {
        crate::keyboard::press(&w, &(fantoccini::key::Key::Control + "=")).await;
    }
    // No hover tooltip in the picture.
    capture(&w, &path).await;
    w.close().await;
}

/// The move off the password grant, after a key was generated.
#[tokio::test]
#[ignore = "run by scripts/screenshot.sh"]
async fn screenshot_of_the_move_off_the_password_grant() {
    let path = std::env::var("SFTOKEN_SCREENSHOT_MOVE").unwrap_or_else(|_| "docs/move.png".into());
    let options = Options {
        config_files: vec![("profiles.json", PROFILES.into())],
        ..Options::default()
    };
    let w = Window::open_with(options).await;
    w.client.set_window_rect(0, 0, 1100, 860).await.unwrap();
    w.click("#profile-list li[title^='Acme prod']").await;
    w.wait_for("#password-deadline:not([hidden])").await;
    w.click("#move-off-password").await;
    w.wait_for("#move-dialog[open]").await;
    w.click("#move-generate").await;
    w.wait_for("#move-cert:not([hidden])").await;
    capture(&w, &path).await;
    w.close().await;
}

/// The error card after asking the org why a frozen user's login failed.
#[tokio::test]
#[ignore = "run by scripts/screenshot.sh"]
async fn screenshot_of_asking_the_org_why() {
    use fake_salesforce::fixtures::{ACME_ADMIN, ACME_FROZEN};
    let path = std::env::var("SFTOKEN_SCREENSHOT_WHY").unwrap_or_else(|_| "docs/why.png".into());
    let w = Window::open().await;
    w.client.set_window_rect(0, 0, 1100, 800).await.unwrap();
    crate::asking_why::save_profile_for(&w, "Acme admin", &ACME_ADMIN).await;
    crate::asking_why::save_profile_for(&w, "Acme integration", &ACME_FROZEN).await;
    w.click("#send").await;
    w.wait_for("#why:not([hidden])").await;
    w.client
        .execute("document.getElementById('why').scrollIntoView();", vec![])
        .await
        .unwrap();
    w.click("#why-ask").await;
    w.wait_for("#why-cause:not([hidden])").await;
    w.client
        .execute(
            "document.getElementById('why-title').scrollIntoView();",
            vec![],
        )
        .await
        .unwrap();
    capture(&w, &path).await;
    w.close().await;
}

/// The X display as a person sees it (WebDriver's own screenshot re-renders the initial page).
async fn capture(w: &Window, path: &str) {
    let _ = std::process::Command::new("xdotool")
        .args(["mousemove", "1279", "799"])
        .status();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let (x, y, width, height) = w.client.get_window_rect().await.unwrap();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let status = std::process::Command::new("import")
        .args([
            "-window",
            "root",
            "-crop",
            &format!("{width}x{height}+{x}+{y}"),
            "+repage",
        ])
        .arg(&path)
        .status()
        .unwrap();
    assert!(status.success(), "ImageMagick's import failed");
}
