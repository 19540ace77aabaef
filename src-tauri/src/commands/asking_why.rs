//! "Ask the org why" on the error card: the profiles that may ask, the lookup itself, and a
//! browser sign-in helper when there is none. The choosing, the same-org check, the lookup and the
//! explanation are the core's (`sftoken_core::asking_why`), the same `sftoken why` uses.

use std::sync::Arc;

use sftoken_core::asking_why::{check_helper, helper_choices, HelperChoice, WhyReport};
use sftoken_core::profiles::{Profile, ProfileBook};
use tauri::{AppHandle, Runtime, State};

use crate::commands::profiles::blocking;
use crate::commands::request::{WindowSignIn, SIGN_IN_WAIT};
use crate::error::CommandError;
use crate::AppState;

/// The profiles that may ask for `profile_id`: the remembered one first, then the same org's.
#[tauri::command]
pub async fn why_helpers(
    book: State<'_, Arc<ProfileBook>>,
    profile_id: String,
) -> Result<Vec<HelperChoice>, CommandError> {
    let book = book.inner().clone();
    blocking(move || {
        let all = book.load()?;
        let failing = all
            .iter()
            .find(|p| p.id == profile_id)
            .ok_or_else(|| sftoken_core::profiles::ProfileError::NotFound(profile_id.clone()))
            .map_err(sftoken_core::Error::from)?;
        Ok(helper_choices(failing, &all))
    })
    .await
}

/// A new profile that signs in with the browser (same target and app) for an administrator:
/// offered when no other profile can ask. Returns its id.
#[tauri::command]
pub async fn add_sign_in_helper(
    book: State<'_, Arc<ProfileBook>>,
    profile_id: String,
) -> Result<String, CommandError> {
    let book = book.inner().clone();
    blocking(move || Ok(book.add_sign_in_helper(&profile_id)?.id)).await
}

/// Asks the org, with `helper_id`'s token, why `profile_id`'s logins fail. The failing login is
/// not retried.
#[tauri::command]
pub async fn ask_why<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    book: State<'_, Arc<ProfileBook>>,
    profile_id: String,
    helper_id: String,
) -> Result<WhyReport, CommandError> {
    let book = book.inner().clone();
    // The profiles and the helper's secrets (keychain: D-Bus) off the async workers.
    let (failing, helper, mut form) = {
        let book = book.clone();
        blocking(move || {
            let failing: Profile = book.get(&profile_id)?;
            let helper: Profile = book.get(&helper_id)?;
            check_helper(&failing, &helper).map_err(sftoken_core::Error::from)?;
            let mut form = book.open(helper.clone()).form;
            book.load_jwt_key(&mut form)?;
            Ok((failing, helper, form))
        })
        .await?
    };
    let report = state
        .client
        .ask_why(
            &book,
            &failing,
            &helper,
            &mut form,
            SIGN_IN_WAIT,
            &WindowSignIn { app },
        )
        .await?;
    Ok(report)
}
