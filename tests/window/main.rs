//! End-to-end tests of the desktop window: the real app binary, driven over WebDriver under Xvfb,
//! against the fake Salesforce over HTTPS. Run them through ./scripts/test.sh.

mod accessibility;
mod asking_why;
mod axe;
mod clipboard_copy;
mod failures;
mod flows;
mod handing_on;
mod harness;
mod keyboard;
mod many_profiles;
mod moving;
mod profile_fixtures;
mod profiles;
mod screenshot;
mod send;
mod small_screens;
mod tauri_driver;
mod token_life;
mod typing;
