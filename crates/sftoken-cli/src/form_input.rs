//! The one `RequestForm` that `sftoken token` sends, filled in order of precedence: the flags (clap
//! merges in their `SFTOKEN_*` variables), then the secret environment variables and
//! `--password-stdin`, then the `--profile` (its fields and its keychain secrets), and last a prompt
//! without echo for a secret the chosen grant still lacks. Which grant needs which field is the
//! form's business, not the command's: it asks the form what to prompt for.

use std::collections::HashSet;

use sftoken_core::profiles::{OpenedProfile, Profile, ProfileBook};
use sftoken_core::RequestForm;

use crate::args::TokenArgs;
use crate::exit::Exit;
use crate::{form_issues, profile_book, prompt, secret_env, target_arg};

/// The form, and the profile it started from (to keep a rotated refresh token in).
pub struct FormInput {
    pub form: RequestForm,
    pub profile: Option<Profile>,
}

pub fn assemble(args: &TokenArgs, book: Option<&ProfileBook>) -> Result<FormInput, Exit> {
    let (mut form, profile) = match (&args.profile, book) {
        (Some(name), Some(book)) => {
            let opened = open_profile(book, name)?;
            (opened.form, Some(opened.profile))
        }
        _ => (RequestForm::default(), None),
    };
    take_flags(&mut form, args, profile.as_ref())?;
    let given = take_secrets(&mut form, args.password_stdin)?;
    if prompt::can_ask(args.password_stdin) {
        ask_missing(&mut form, &given)?;
    }
    Ok(FormInput { form, profile })
}

fn open_profile(book: &ProfileBook, name: &str) -> Result<OpenedProfile, Exit> {
    let opened = book.open(profile_book::named(book, name)?);
    if let Some(warning) = &opened.warning {
        tell!("warning: {warning}; using the environment or a prompt instead");
    }
    Ok(opened)
}

/// Flags beat the profile's fields; a flag left empty leaves the profile's value.
fn take_flags(
    form: &mut RequestForm,
    args: &TokenArgs,
    profile: Option<&Profile>,
) -> Result<(), Exit> {
    form.target = target_arg::chosen(args.target.as_deref(), profile)?;
    let flags = [
        (&mut form.grant_type, args.grant.clone()),
        (&mut form.client_id, args.client_id.clone()),
        (&mut form.username, args.username.clone()),
        (
            &mut form.key_file,
            args.flows
                .key_file
                .as_ref()
                .map(|p| p.display().to_string()),
        ),
        (&mut form.audience, args.flows.audience.clone()),
        (&mut form.scope, args.flows.scope.clone()),
        (&mut form.callback, args.flows.callback.clone()),
    ];
    for (field, flag) in flags {
        if let Some(value) = flag.filter(|v| !v.trim().is_empty()) {
            *field = value;
        }
    }
    Ok(())
}

/// The environment's secrets and the piped password beat the profile's keychain secrets. Returns
/// the fields they set, which are not asked for again (an empty SFTOKEN_SECURITY_TOKEN means none).
fn take_secrets(
    form: &mut RequestForm,
    password_stdin: bool,
) -> Result<HashSet<&'static str>, Exit> {
    let mut given = HashSet::new();
    for field in secret_env::fields() {
        if let Some(value) = secret_env::read(field) {
            form.set_secret(field, value);
            given.insert(field);
        }
    }
    if password_stdin {
        if form.reads("password") {
            form.set_secret("password", prompt::password_from_stdin()?);
            given.insert("password");
        } else {
            tell!(
                "warning: --password-stdin is ignored: the {} grant sends no password",
                form.kind().label()
            );
        }
    }
    Ok(given)
}

/// At a terminal: the secrets the grant still lacks, asked without echo — once the fields typed on
/// the command line are complete, so nobody types a password for a command that cannot run.
fn ask_missing(form: &mut RequestForm, given: &HashSet<&'static str>) -> Result<(), Exit> {
    let questions: Vec<_> = form
        .secrets_to_ask()
        .into_iter()
        .filter(|q| !given.contains(q.field))
        .collect();
    if questions.is_empty() {
        return Ok(());
    }
    form_issues::refuse_blocking(
        form.issues()
            .into_iter()
            .filter(|i| form.secret(i.field).is_none()),
    )?;
    for q in questions {
        let answer = prompt::ask_secret(q.question)?;
        form.set_secret(q.field, answer);
    }
    Ok(())
}
