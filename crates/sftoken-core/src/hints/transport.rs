//! Advice for failures before or around Salesforce's answer: network, TLS, redirects, odd answers.

use super::{Hint, HintContext};
use crate::target::LoginTarget;
use crate::transport::TransportError;

/// Likely causes of a transport failure, most likely first.
pub(crate) fn for_transport(e: &TransportError, ctx: &HintContext) -> Vec<Hint> {
    let lines: Vec<String> = match e {
        TransportError::Timeout { .. } => {
            return vec![
                Hint::with_command_line(
                    "Salesforce or the network is slow: retry, or allow more time.",
                    "Salesforce or the network is slow: retry, or allow more time (--timeout SECONDS).",
                ),
                Hint::new("A VPN or proxy may be holding the request: check HTTPS_PROXY / NO_PROXY."),
            ]
        }
        TransportError::ConnectTimeout { .. } => vec![
            "The host cannot be reached: check the network, VPN and firewall.".into(),
            "A proxy may be required: set HTTPS_PROXY (and NO_PROXY for exceptions).".into(),
        ],
        TransportError::Dns { host } => vec![
            format!("Check the spelling of {host}: a My Domain looks like https://NAME.my.salesforce.com (sandbox: NAME--SANDBOX.sandbox.my.salesforce.com)."),
            "Check the network connection, or set HTTPS_PROXY when your network reaches the internet through a proxy.".into(),
        ],
        TransportError::Refused { .. } => vec![
            "Nothing accepts connections there: check the host and port.".into(),
            "A firewall may block it, or a proxy is required (HTTPS_PROXY).".into(),
        ],
        TransportError::Tls { .. } => vec![
            "A corporate proxy or antivirus re-signs HTTPS: add its CA certificate to the system trust store, or point SSL_CERT_FILE at a bundle that includes it. Verification is never switched off.".into(),
            "The host name may not be a Salesforce host (the certificate does not match it): check the target.".into(),
        ],
        TransportError::Dropped { .. } => vec![
            "The server or a proxy closed the connection mid-request: retry.".into(),
            "A proxy or VPN may interfere with HTTPS: check HTTPS_PROXY / NO_PROXY.".into(),
        ],
        TransportError::Redirect { location, .. } => {
            let mut lines = vec![format!(
                "The login host sent you elsewhere{}: if that address is your org's, use it as the target (orgs with \"API login requires org domain\" redirect to their My Domain).",
                location.as_deref().map(|l| format!(" ({l})")).unwrap_or_default()
            )];
            if ctx.target.base_url().scheme() == "http" {
                lines.push("Use https://: plain http is redirected, and a redirected POST loses its body.".into());
            }
            lines.push("Credentials are never re-sent to another address automatically.".into());
            lines
        }
        TransportError::TooLarge { .. } => vec![
            "Token answers are a few KB: this host is probably not a Salesforce login host, or a proxy answered instead.".into(),
        ],
        TransportError::EmptyBody { .. } => vec![
            "An empty answer usually comes from a proxy or load balancer in between: retry, then check HTTPS_PROXY.".into(),
        ],
        TransportError::TruncatedJson { .. } => vec![
            "The answer was cut off in transit: retry; a proxy or unstable connection may be truncating it.".into(),
        ],
        TransportError::Unavailable { retry_after, .. } => vec![
            format!(
                "Salesforce is down for maintenance or overloaded: retry {}; check status.salesforce.com for your instance.",
                retry_after.as_deref().map(|r| format!("after {r} s")).unwrap_or_else(|| "in a few minutes".into())
            ),
        ],
        TransportError::NotJson { .. } => vec![
            "An HTML page came back instead of JSON: Salesforce maintenance, a proxy's login or block page, or a host that is not a Salesforce login host.".into(),
            format!("Check the target ({}) and status.salesforce.com.", target_text(&ctx.target)),
        ],
        TransportError::Unexpected { .. } => vec![
            format!("The answer is JSON but not from a token endpoint: check the target ({}).", target_text(&ctx.target)),
        ],
        TransportError::Proxy { .. } => vec![
            "The proxy refused the connection or could not be reached: check HTTPS_PROXY (address, port, credentials) and NO_PROXY.".into(),
        ],
        TransportError::Malformed { .. } => vec![
            "Something that is not Salesforce answered: check the target's address and port, and any proxy, VPN or security software between you and Salesforce.".into(),
        ],
        TransportError::Other { .. } => vec!["Retry; if it persists, run with SFTOKEN_LOG=debug for details (no secrets are logged).".into()],
    };
    lines.into_iter().map(Hint::new).collect()
}

fn target_text(target: &LoginTarget) -> String {
    target.to_string()
}
