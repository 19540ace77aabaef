//! What the command shows while the core's one Send runs: where to sign in for the browser flow
//! (and the browser opened there, unless --no-browser or SFTOKEN_NO_BROWSER), and the claims a
//! JWT assertion carries. All on stderr, so stdout stays the token alone.

use sftoken_core::{Grant, SendObserver};
use url::Url;

pub struct SendProgress {
    open_browser: bool,
}

impl SendProgress {
    pub fn new(no_browser: bool) -> SendProgress {
        SendProgress {
            open_browser: !no_browser && std::env::var_os("SFTOKEN_NO_BROWSER").is_none(),
        }
    }
}

impl SendObserver for SendProgress {
    fn sign_in_started(&self, authorize_url: &Url, redirect_uri: &str) {
        tell!(
            "Sign in to Salesforce in your browser. If it does not open, open this URL:\n  {authorize_url}"
        );
        tell!("Waiting for the browser to come back to {redirect_uri} …");
        if self.open_browser {
            if let Err(e) = sftoken_core::open_in_browser(authorize_url.as_str()) {
                tell!("(no browser could be opened: {e})");
            }
        }
    }

    fn grant_ready(&self, grant: &Grant) {
        if let Some(c) = grant.jwt_claims() {
            tell!(
                "assertion: iss={} sub={} aud={} exp={} (RS256)",
                c.iss,
                c.sub,
                c.aud,
                c.exp
            );
        }
    }
}
