//! Building, checking and sending the request; cancelling it.

use serde::Serialize;
use sftoken_core::{FieldIssue, LoginTarget, RequestPreview, TargetError};
use tauri::State;

use crate::form::{FormInput, TargetInput};
use crate::state::lock;
use crate::view::{FailureView, TokenView};
use crate::AppState;

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
    form.fields.issues()
}

/// The Headers tab: exactly what will be sent, secrets masked.
#[tauri::command]
pub fn preview_request(form: FormInput) -> Result<RequestPreview, Box<FailureView>> {
    let target: LoginTarget = form
        .target
        .resolve()
        .map_err(|e| Box::new(FailureView::target(e)))?;
    Ok(RequestPreview::new(
        &target,
        &form.fields.to_grant_unchecked(),
    ))
}

/// Send: the token card's view, or the error card's. Cancellable with `cancel_request`.
#[tauri::command]
pub async fn send_request(
    state: State<'_, AppState>,
    form: FormInput,
) -> Result<TokenView, FailureView> {
    if form.grant_type != "password" {
        return Err(FailureView::simple(
            "input",
            &format!("grant_type {:?} is not supported yet", form.grant_type),
        ));
    }
    let target = form.target.resolve().map_err(FailureView::target)?;
    let grant = form.fields.to_grant().map_err(FailureView::fields)?;
    let cancelled = state.begin_request();
    let cancel = async {
        // Resolves on Cancel, and also when a newer Send replaced this one.
        let _ = cancelled.await;
    };
    let outcome = state
        .client
        .request_token_or_cancel(&target, &grant, cancel)
        .await;
    match outcome {
        Ok(outcome) => {
            let view = TokenView::new(&outcome);
            *lock(&state.last) = Some(outcome);
            Ok(view)
        }
        Err(e) => Err(FailureView::from_error(e)),
    }
}

#[tauri::command]
pub fn cancel_request(state: State<'_, AppState>) -> bool {
    state.cancel_request()
}
