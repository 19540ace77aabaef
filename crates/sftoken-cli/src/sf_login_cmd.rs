//! `sftoken sf-login`: the Salesforce CLI logged in with a fresh token, or durably with the
//! refresh token. The token is got as `sftoken token` gets it; the hand-off is the core's
//! (`sftoken_core::handoff`), the same the window's "Send to → sf login" uses.

use sftoken_core::handoff::{find_sf, sf_login, DurableLogin, Handoff, HandoffError, SfLogin};
use sftoken_core::{Error, ExposeSecret, SecretString};

use crate::args::SfLoginArgs;
use crate::env_cmd::token_only;
use crate::exit::Exit;
use crate::token_cmd;

pub fn run(args: SfLoginArgs) -> Result<(), Exit> {
    token_only(&args.token, "sf-login")?;
    // Before any login: a missing sf is said at once, not after a token was issued for nothing.
    let sf = find_sf().map_err(Error::from)?;
    let (issued, form) = token_cmd::issue_with_form(&args.token)?;
    let response = &issued.outcome.response;
    let refresh_token: Option<SecretString> = response.refresh_token().cloned().or_else(|| {
        (!form.refresh_token.expose_secret().is_empty()).then(|| form.refresh_token.clone())
    });
    let login = if args.durable {
        let refresh_token = refresh_token
            .clone()
            .ok_or(Error::from(HandoffError::NoRefreshToken))?;
        let instance_url =
            response
                .instance_url
                .clone()
                .ok_or(Error::from(HandoffError::Missing {
                    what: "instance_url",
                }))?;
        let secret = form.client_secret.clone();
        let secret = (!secret.expose_secret().is_empty()).then_some(secret);
        SfLogin::Durable(
            DurableLogin::new(
                &form.client_id,
                secret.as_ref(),
                &refresh_token,
                &instance_url,
            )
            .map_err(Error::from)?,
        )
    } else {
        SfLogin::AccessToken(Handoff::of(&issued).map_err(Error::from)?)
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Exit::internal(format!("could not start the async runtime: {e}")))?;
    let done = runtime
        .block_on(sf_login(&sf, &login, args.alias.as_deref()))
        .map_err(Error::from)?;
    let who = done.username.as_deref().unwrap_or("(user not given)");
    let org = done.org_id.as_deref().unwrap_or("(org not given)");
    say!(
        "sf is logged in to {org} as {who}{}{}.",
        done.alias
            .as_deref()
            .map(|a| format!(", alias {a}"))
            .unwrap_or_default(),
        if done.durable {
            " (durable: sf renews its own tokens with the refresh token)"
        } else {
            " with this token (until the session ends)"
        }
    );
    let target = done.alias.as_deref().unwrap_or(who);
    tell!("Try: sf org display --target-org {target}");
    if !args.durable && refresh_token.is_some() {
        tell!("This token came with a refresh token: `--durable` logs sf in for good (sf renews its own tokens).");
    }
    Ok(())
}
