//! Handing the token on from the window (the token card's "Send to…"), and profiles in from
//! Postman: the Salesforce CLI's login and the Postman import, each a few lines over the core's
//! `handoff` and `ProfileBook::import_postman_files`, the same the command uses.

use std::sync::Arc;

use serde::Serialize;
use sftoken_core::handoff::{find_sf, sf_login, DurableLogin, Handoff, HandoffError, SfLogin};
use sftoken_core::profiles::ProfileBook;
use sftoken_core::{Error, ExposeSecret};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use crate::commands::profiles::blocking;
use crate::error::CommandError;
use crate::state::lock;
use crate::AppState;

/// What the token card says after the sf login.
#[derive(Debug, Serialize)]
pub struct SfLoginView {
    pub message: String,
}

/// Logs the Salesforce CLI in with the last token, or durably with its refresh token.
#[tauri::command]
pub async fn sf_login_with_token(
    state: State<'_, AppState>,
    alias: Option<String>,
    durable: bool,
) -> Result<SfLoginView, CommandError> {
    let alias = alias
        .map(|a| a.trim().to_string())
        .filter(|a| !a.is_empty());
    let sf = find_sf().map_err(Error::from)?;
    let login = {
        let last = lock(&state.last);
        let last = last.as_ref().ok_or_else(CommandError::no_token)?;
        let issued = &last.issued;
        if durable {
            let r = &issued.outcome.response;
            let refresh = r
                .refresh_token()
                .cloned()
                .or_else(|| {
                    let sent = &last.sent_refresh_token;
                    (!sent.expose_secret().is_empty()).then(|| sent.clone())
                })
                .ok_or(Error::from(HandoffError::NoRefreshToken))?;
            let instance = r
                .instance_url
                .clone()
                .ok_or(Error::from(HandoffError::Missing {
                    what: "instance_url",
                }))?;
            let secret = issued
                .client_secret
                .clone()
                .filter(|s| !s.expose_secret().is_empty());
            SfLogin::Durable(
                DurableLogin::new(&issued.client_id, secret.as_ref(), &refresh, &instance)
                    .map_err(Error::from)?,
            )
        } else {
            SfLogin::AccessToken(Handoff::of(issued).map_err(Error::from)?)
        }
    };
    let done = sf_login(&sf, &login, alias.as_deref())
        .await
        .map_err(Error::from)?;
    let who = done.username.as_deref().unwrap_or("(user not given)");
    let target = done.alias.as_deref().unwrap_or(who);
    Ok(SfLoginView {
        message: format!(
            "sf is logged in as {who}{}: sf org display --target-org {target}",
            if done.durable {
                " for good (it renews its own tokens)"
            } else {
                " with this token, until the session ends"
            }
        ),
    })
}

/// The Postman environment files to import, chosen with the system dialog (several at once).
#[tauri::command]
pub async fn choose_postman_files<R: Runtime>(app: AppHandle<R>) -> Vec<String> {
    let picked = tauri::async_runtime::spawn_blocking(move || {
        app.dialog()
            .file()
            .set_title("Postman environments to import")
            .add_filter("Postman environment", &["json"])
            .blocking_pick_files()
    })
    .await
    .ok()
    .flatten()
    .unwrap_or_default();
    picked
        .into_iter()
        .filter_map(|p| p.into_path().ok())
        .map(|p| p.display().to_string())
        .collect()
}

/// One imported profile in the window's summary.
#[derive(Debug, Serialize)]
pub struct ImportedView {
    pub id: String,
    pub lines: Vec<String>,
}

/// Imports Postman environments (from the dialog, or dropped on the window): all or nothing.
#[tauri::command]
pub async fn import_postman_files(
    book: State<'_, Arc<ProfileBook>>,
    paths: Vec<String>,
) -> Result<Vec<ImportedView>, CommandError> {
    let book = book.inner().clone();
    blocking(move || {
        let reports = book.import_postman_files(&paths).map_err(|e| {
            let mut failure = CommandError::from(e);
            failure.title = format!(
                "{}. Nothing was imported",
                failure.title.trim_end_matches('.')
            );
            failure
        })?;
        Ok(reports
            .into_iter()
            .map(|r| ImportedView {
                lines: r.lines(),
                id: r.imported.profile.id,
            })
            .collect())
    })
    .await
}
