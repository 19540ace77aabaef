//! The commands' wiring and the permission model, on Tauri's mock runtime (no window, no display):
//! what the capability grants answers, everything else — clipboard reads included — is refused.

use fake_salesforce::fixtures::{ACME_ADMIN, ACME_APP};
use fake_salesforce::FakeSalesforce;
use serde_json::{json, Value};
use sftoken_core::HttpConfig;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

use crate::AppState;

fn app() -> (
    App<tauri::test::MockRuntime>,
    WebviewWindow<tauri::test::MockRuntime>,
) {
    let state = AppState::new(HttpConfig::default(), std::time::Duration::from_secs(60)).unwrap();
    let dir = tempfile::tempdir().unwrap().keep();
    let book = crate::ProfileBook::new(
        sftoken_core::profiles::ProfileStore::at(dir),
        sftoken_core::profiles::Keychain::system(),
    );
    let app = crate::configure(mock_builder(), state, book)
        .build(tauri::generate_context!())
        .unwrap();
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    (app, window)
}

fn invoke_from(
    window: &WebviewWindow<tauri::test::MockRuntime>,
    origin: &str,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: origin.parse().unwrap(),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(window, request).map(|body| body.deserialize::<Value>().unwrap())
}

fn invoke(
    window: &WebviewWindow<tauri::test::MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    invoke_from(window, "tauri://localhost", cmd, args)
}

#[test]
fn describe_target_offers_the_my_domain_for_a_lightning_host() {
    let (_app, w) = app();
    let view = invoke(
        &w,
        "describe_target",
        json!({"target": {"kind": "my_domain", "host": "acme.lightning.force.com"}}),
    )
    .unwrap();
    assert_eq!(view["ok"], false);
    assert_eq!(view["suggestion"], "https://acme.my.salesforce.com");
    let view = invoke(
        &w,
        "describe_target",
        json!({"target": {"kind": "sandbox"}}),
    )
    .unwrap();
    assert_eq!(
        view["token_url"],
        "https://test.salesforce.com/services/oauth2/token"
    );
}

#[test]
fn check_form_reports_missing_fields_from_the_core() {
    let (_app, w) = app();
    let issues = invoke(
        &w,
        "check_form",
        json!({"form": {"target": {"kind": "production"}, "client_id": " x ", "username": "u"}}),
    )
    .unwrap();
    let fields: Vec<&str> = issues
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["client_id", "client_secret", "password"]);
}

#[test]
fn send_request_returns_the_token_card_and_reveal_gives_the_issued_token() {
    let sf = FakeSalesforce::start();
    let (_app, w) = app();
    let form = json!({"form": {
        "target": {"kind": "my_domain", "host": sf.http_url()},
        "grant_type": "password",
        "client_id": ACME_APP.client_id, "client_secret": ACME_APP.client_secret,
        "username": ACME_ADMIN.username, "password": ACME_ADMIN.password, "security_token": ACME_ADMIN.security_token,
    }});
    let card = invoke(&w, "send_request", form).unwrap();
    assert!(card["status_line"].as_str().unwrap().starts_with("200 OK"));
    assert_eq!(card["signature"], "verified");
    let masked = card["access_token_masked"].as_str().unwrap();
    assert!(!masked.contains("!AQ"));
    assert!(
        !card.to_string().contains("!AQ"),
        "no token in the card: {card}"
    );
    let revealed = invoke(&w, "reveal_answer", json!({})).unwrap();
    assert!(fake_salesforce::was_issued(
        revealed["access_token"].as_str().unwrap()
    ));
}

#[test]
fn a_refusal_comes_back_as_the_error_card() {
    let sf = FakeSalesforce::start();
    let (_app, w) = app();
    let form = json!({"form": {
        "target": {"kind": "my_domain", "host": sf.http_url()},
        "client_id": ACME_APP.client_id, "client_secret": "wrong-secret",
        "username": ACME_ADMIN.username, "password": ACME_ADMIN.password,
    }});
    let failure = invoke(&w, "send_request", form).unwrap_err();
    assert_eq!(failure["kind"], "rejected");
    assert_eq!(failure["error"], "invalid_client");
    assert!(failure["hints"][0]
        .as_str()
        .unwrap()
        .contains("consumer secret"));
    assert!(!failure.to_string().contains("wrong-secret"));
}

#[test]
fn an_undeclared_command_is_refused() {
    let (_app, w) = app();
    assert!(invoke(&w, "definitely_not_a_command", json!({})).is_err());
}

#[test]
fn the_window_may_not_touch_the_clipboard_itself() {
    let (_app, w) = app();
    let read = invoke(&w, "plugin:clipboard-manager|read_text", json!({})).unwrap_err();
    assert!(read.to_string().contains("not allowed"), "{read}");
    assert!(invoke(
        &w,
        "plugin:clipboard-manager|write_text",
        json!({"text": "x"})
    )
    .is_err());
}

#[test]
fn a_remote_origin_may_not_call_the_apps_commands() {
    let (_app, w) = app();
    assert!(invoke_from(&w, "https://evil.example.com", "app_info", json!({})).is_err());
    assert!(invoke(&w, "app_info", json!({})).is_ok());
}
