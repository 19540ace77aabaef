//! Building, checking and sending the request (every grant, the browser sign-in included); cancelling it.

use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use sftoken_core::{
    BrowserSignIn, FieldIssue, Grant, GrantKind, LoginTarget, RequestPreview, TargetError,
};
use tauri::{AppHandle, Emitter, Runtime, State};

use crate::form::{FormInput, TargetInput};
use crate::state::{lock, Issued};
use crate::view::{FailureView, TokenView};
use crate::AppState;

/// The event that carries the authorize URL while the browser sign-in waits.
pub const SIGN_IN_EVENT: &str = "sign-in-started";
/// How long the browser sign-in waits for the browser to come back.
const SIGN_IN_WAIT: std::time::Duration = std::time::Duration::from_secs(300);

/// The request bar's view of a target: the URL it will call, or why it cannot.
#[derive(Debug, Serialize)]
pub struct TargetView {
    pub ok: bool,
    pub label: &'static str,
    pub token_url: Option<String>,
    pub error: Option<String>,
    /// A corrected host to offer in one click (the Lightning → My Domain rewrite).
    pub suggestion: Option<String>,
}

#[tauri::command]
pub fn describe_target(target: TargetInput) -> TargetView {
    match target.resolve() {
        Ok(t) => TargetView {
            ok: true,
            label: t.kind_label(),
            token_url: Some(t.token_url().to_string()),
            error: None,
            suggestion: None,
        },
        Err(e) => TargetView {
            ok: false,
            label: "My Domain",
            token_url: None,
            suggestion: match &e {
                TargetError::LightningHost { suggestion, .. }
                | TargetError::HasPath { suggestion, .. } => Some(suggestion.clone()),
                _ => None,
            },
            error: Some(match e {
                TargetError::Empty => {
                    "Enter your My Domain, e.g. https://acme.my.salesforce.com".into()
                }
                other => other.to_string(),
            }),
        },
    }
}

#[tauri::command]
pub fn check_form(form: FormInput) -> Vec<FieldIssue> {
    form.fields.issues(form.target.resolve().ok().as_ref())
}

/// The Headers tab: exactly what will be sent, secrets masked.
#[tauri::command]
pub fn preview_request(form: FormInput) -> Result<RequestPreview, Box<FailureView>> {
    let target: LoginTarget = form
        .target
        .resolve()
        .map_err(|e| Box::new(FailureView::target(e)))?;
    Ok(match form.fields.to_grant_unchecked(&target) {
        Some(grant) => RequestPreview::new(&target, &grant),
        None => RequestPreview::browser_sign_in(&target, &form.fields),
    })
}

/// Send: the token card's view, or the error card's. Cancellable with `cancel_request`.
#[tauri::command]
pub async fn send_request<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    form: FormInput,
) -> Result<TokenView, FailureView> {
    let target = form.target.resolve().map_err(FailureView::target)?;
    let fields = &form.fields;
    let cancelled = state.begin_request();
    let mut cancel = Box::pin(async move {
        // Resolves on Cancel, and also when a newer Send replaced this one.
        let _ = cancelled.await;
    });
    let grant = if fields.kind() == GrantKind::AuthorizationCode {
        let issues: Vec<FieldIssue> = fields
            .issues(Some(&target))
            .into_iter()
            .filter(|i| i.severity == sftoken_core::Severity::Blocking)
            .collect();
        if !issues.is_empty() {
            return Err(FailureView::fields(issues));
        }
        let sign_in = BrowserSignIn::start(
            &target,
            &fields.client_id,
            &fields.scope_or_default(),
            &fields.callback_or_default(),
        )
        .await
        .map_err(FailureView::sign_in)?;
        let url = sign_in.authorize_url().to_string();
        let _ = app.emit(SIGN_IN_EVENT, &url);
        if std::env::var_os("SFTOKEN_NO_BROWSER").is_none() {
            if let Err(e) = open::that_detached(&url) {
                tracing::warn!("no browser could be opened: {e}");
            }
        }
        let secret = optional(&fields.client_secret);
        tokio::select! {
            grant = sign_in.finish(secret, SIGN_IN_WAIT) => Grant::AuthorizationCode(grant.map_err(FailureView::sign_in)?),
            () = &mut cancel => return Err(FailureView::from_error(sftoken_core::Error::Cancelled)),
        }
    } else {
        fields.to_grant(&target).map_err(FailureView::fields)?
    };
    let outcome = state
        .client
        .request_token_or_cancel(&target, &grant, cancel)
        .await
        .map_err(FailureView::from_error)?;
    let view = TokenView::new(&outcome, &grant);
    *lock(&state.last) = Some(Issued {
        outcome,
        target,
        client_id: fields.client_id.trim().to_string(),
        client_secret: optional(&fields.client_secret),
        api_version: None,
    });
    Ok(view)
}

fn optional(s: &SecretString) -> Option<SecretString> {
    (!s.expose_secret().is_empty()).then(|| s.clone())
}

#[tauri::command]
pub fn cancel_request(state: State<'_, AppState>) -> bool {
    state.cancel_request()
}
