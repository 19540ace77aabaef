//! `sftoken export postman`: a fresh token as a Postman environment file (the core's
//! `postman::export_environment`), written to a new file readable by its owner only.

use std::io::Write;

use sftoken_core::postman::{export_environment, ExportedSecrets};
use sftoken_core::DEFAULT_API_VERSION;

use crate::args::ExportCommand;
use crate::exit::Exit;
use crate::{runtime, token_cmd};

pub fn run(command: ExportCommand) -> Result<(), Exit> {
    let ExportCommand::Postman(args) = command;
    if args.token.output.json || args.token.output.field.is_some() {
        return Err(Exit::usage(
            "--json and --field belong to `sftoken token`; `export postman` writes a file",
        ));
    }
    let name = args
        .token
        .profile
        .clone()
        .unwrap_or_else(|| "sftoken".to_string());
    let path = args.out.clone().unwrap_or_else(|| {
        let safe: String = name
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || matches!(c, ' ' | '-' | '_') {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        format!("{safe}.postman_environment.json").into()
    });
    let (issued, form) = token_cmd::issue_with_form(&args.token)?;
    let instance = issued
        .outcome
        .response
        .instance_url
        .clone()
        .unwrap_or_default();
    let (rt, client) = runtime::start(args.token.timeout())?;
    let version = rt
        .block_on(client.latest_api_version(&instance))
        .unwrap_or_else(|e| {
            tell!("warning: the org's API versions could not be read ({e}); version {DEFAULT_API_VERSION} is written");
            DEFAULT_API_VERSION.to_string()
        });
    let secrets = args.with_secrets.then_some(ExportedSecrets {
        client_secret: &form.client_secret,
        password: &form.password,
        security_token: &form.security_token,
    });
    let environment = export_environment(&name, &issued, &version, secrets);
    let text = serde_json::to_string_pretty(&environment)
        .map_err(|e| Exit::internal(format!("the environment could not be written: {e}")))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&path).map_err(|e| {
        Exit::usage(format!(
            "{}: {e}{}",
            path.display(),
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                " (sftoken never overwrites a file: choose another --out)"
            } else {
                ""
            }
        ))
    })?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.write_all(b"\n"))
        .map_err(|e| Exit::internal(format!("{}: {e}", path.display())))?;
    tell!(
        "Wrote {}: import it in Postman (Import → file), then set the collection's Authorization to Bearer Token {{{{_accessToken}}}}.",
        path.display()
    );
    if let Some(why) = sftoken_core::postman::missing_identity(&issued) {
        tell!("warning: {why}");
    }
    if args.with_secrets {
        tell!("warning: the file holds the client secret, password and security token in clear; Postman shows them to anyone who opens the environment");
    }
    Ok(())
}
