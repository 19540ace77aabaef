//! How WebKitGTK draws the window. A form of a few dozen fields gains nothing from WebKit's
//! accelerated compositing, and pays for it: without a GPU (VMs, remote desktops, Xvfb) WebKit
//! emulates OpenGL in software (Mesa llvmpipe) and its web process holds about 50 MB more; with some
//! GPU drivers accelerated compositing is what leaves Tauri windows blank. So the window is drawn in
//! software, unless `SFTOKEN_GPU_COMPOSITING=1` asks for WebKit's default.

use tauri::{Manager, Runtime};

/// Asks every webview of the app to draw without accelerated compositing (Linux; elsewhere the
/// system webview decides). Called from `setup`, right after the config's windows are created and
/// before their web process has drawn anything.
pub fn draw_in_software<R: Runtime>(app: &tauri::App<R>) {
    if std::env::var_os("SFTOKEN_GPU_COMPOSITING").is_some_and(|v| v == "1") {
        return;
    }
    for webview in app.webview_windows().into_values() {
        let result = webview.with_webview(|platform| {
            #[cfg(target_os = "linux")]
            {
                use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
                if let Some(settings) = WebViewExt::settings(&platform.inner()) {
                    settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
                }
            }
            #[cfg(not(target_os = "linux"))]
            let _ = platform;
        });
        if let Err(e) = result {
            tracing::warn!("could not set the window's rendering policy: {e}");
        }
    }
}
