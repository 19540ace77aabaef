//! What every network command runs on: one current-thread async runtime and the core's
//! `TokenClient` (the same locked-down HTTP client the window uses), with the `--timeout` asked for.

use std::time::Duration;

use sftoken_core::{HttpConfig, TokenClient};

use crate::exit::Exit;

pub fn start(timeout: Duration) -> Result<(tokio::runtime::Runtime, TokenClient), Exit> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Exit::internal(format!("could not start the async runtime: {e}")))?;
    let client = TokenClient::new(HttpConfig {
        timeout,
        ..HttpConfig::default()
    })?;
    Ok((runtime, client))
}
