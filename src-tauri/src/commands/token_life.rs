//! How long the last token lasts, for the token card ("valid until 14:32 (1 h 52 min left), from
//! Salesforce's introspection"), and keeping it for the profile it was sent for, so that the
//! command (`sftoken token --profile`) reuses it instead of logging in again. The figure and its
//! source are the core's (`TokenClient::expiry`), the same the command shows.

use std::sync::Arc;

use serde::Serialize;
use sftoken_core::profiles::{Expiry, KeptToken, ProfileBook};
use sftoken_core::token_reuse::ExpiryCheck;
use tauri::State;

use crate::commands::profiles::blocking;
use crate::error::CommandError;
use crate::state::lock;
use crate::AppState;

/// The token card's validity line.
#[derive(Debug, Serialize)]
pub struct TokenLife {
    /// Until when, in ms since the epoch (for the page's countdown); `None`: unknown.
    pub until_ms: Option<i64>,
    /// `14:32`, in local time.
    pub until_local: Option<String>,
    /// Where the figure comes from (or why there is none).
    pub source: String,
    /// Kept for the profile (the command reuses it).
    pub kept: bool,
}

/// The last token's expiry (introspection when its app's secret is at hand, else the profile's
/// session timeout) and, for a profile that keeps tokens, keeps it in the keychain.
#[tauri::command]
pub async fn token_life(
    state: State<'_, AppState>,
    book: State<'_, Arc<ProfileBook>>,
    profile_id: Option<String>,
) -> Result<TokenLife, CommandError> {
    let book = book.inner().clone();
    let timeout = match &profile_id {
        Some(id) => {
            let (book, id) = (book.clone(), id.clone());
            blocking(move || Ok(book.get(&id)?.session_timeout_minutes)).await?
        }
        None => None,
    };
    let (check, mut token) = {
        let last = lock(&state.last);
        let last = last.as_ref().ok_or_else(CommandError::no_token)?;
        let token = KeptToken::new(
            &last.issued.outcome.response,
            last.login.clone(),
            last.issued.grant,
            chrono::Utc::now(),
            Expiry::Unknown,
        );
        (ExpiryCheck::of(&last.issued), token)
    };
    let expiry = state.client.expiry(&check, timeout).await;
    token.expiry = expiry;
    let kept = match profile_id {
        // The keychain is a D-Bus round trip: on a blocking thread.
        Some(id) => blocking(move || Ok(book.keep_if_own(&id, &token)?))
            .await
            .unwrap_or_else(|e| {
                tracing::warn!("the token was not kept for the profile: {}", e.title);
                false
            }),
        None => false,
    };
    Ok(TokenLife {
        until_ms: expiry.until().map(|t| t.timestamp_millis()),
        until_local: expiry
            .until()
            .map(|t| t.with_timezone(&chrono::Local).format("%H:%M").to_string()),
        source: expiry.source(),
        kept,
    })
}
