//! Copying from Rust (the web view has no clipboard permission at all), and clearing the clipboard
//! after a delay if it still holds what was copied — so a token does not linger there.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use tauri::{AppHandle, Emitter, Runtime};
use tauri_plugin_clipboard_manager::ClipboardExt;

/// The event the window hears when a copied value has been cleared.
pub const CLEARED_EVENT: &str = "clipboard-cleared";

pub struct ClipboardGuard {
    /// 0 = never clear.
    delay_secs: AtomicU64,
}

impl ClipboardGuard {
    pub fn new(delay: Duration) -> ClipboardGuard {
        ClipboardGuard {
            delay_secs: AtomicU64::new(delay.as_secs()),
        }
    }

    pub fn delay_secs(&self) -> u64 {
        self.delay_secs.load(Ordering::Relaxed)
    }

    pub fn set_delay_secs(&self, secs: u64) {
        self.delay_secs.store(secs, Ordering::Relaxed);
    }

    /// Puts `text` on the clipboard and schedules its removal; returns the delay in seconds, if any.
    /// A `secret` copy carries the hint that asks clipboard managers to keep it out of their history
    /// (`x-kde-passwordManagerHint` on Linux, the concealed type on macOS, no monitoring on Windows).
    pub fn copy<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        text: SecretString,
        secret: bool,
    ) -> Result<Option<u64>, String> {
        let clear = text.expose_secret().to_string();
        let written = if secret {
            app.clipboard().write_secret(clear)
        } else {
            app.clipboard().write_text(clear)
        };
        written.map_err(|e| format!("the clipboard could not be written: {e}"))?;
        let secs = self.delay_secs();
        if secs == 0 {
            return Ok(None);
        }
        let app = app.clone();
        tauri::async_runtime::spawn(async move {
            tokio::time::sleep(Duration::from_secs(secs)).await;
            let still_ours = app
                .clipboard()
                .read_text()
                .is_ok_and(|now| now == text.expose_secret());
            if still_ours && app.clipboard().clear().is_ok() {
                tracing::debug!("clipboard cleared after {secs} s");
                let _ = app.emit(CLEARED_EVENT, ());
            }
        });
        Ok(Some(secs))
    }
}
