//! `sftoken migrate`: the move off the username-password flow, for scripts and terminals. Each
//! step is a core call (`ProfileBook::generate_jwt_key`, `prepare_move`, the one Send,
//! `complete_move`, `forget_password`); this file only orders them and says what happened.
//!
//! Stdout carries the Setup checklist (the thing to act on); stderr the progress. Nothing about the
//! profile changes until a test succeeded, except that a new key replaces the profile's previous one.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use sftoken_core::jwt_key::KeyError;
use sftoken_core::migration::{self, AppKind, ChecklistFacts, REPLACEMENTS};
use sftoken_core::profiles::{KeySlot, Keychain, Profile, ProfileBook};
use sftoken_core::{Error, GrantKind, IssuedToken, MoveError};

use crate::args::MigrateArgs;
use crate::exit::Exit;
use crate::send_progress::SendProgress;
use crate::{profile_book, runtime, target_arg};

/// How long the browser sign-in of a test waits.
const SIGN_IN_WAIT: Duration = Duration::from_secs(300);

pub fn run(args: MigrateArgs) -> Result<(), Exit> {
    let book = profile_book::open()?;
    let mut profile = profile_book::named(&book, &args.name)?;
    let today = migration::today();
    let to = match &args.to {
        Some(typed) => Some(replacement(typed)?),
        None if args.forget_password => None,
        None => {
            return Err(Exit::usage(
                "say where to move: --to jwt, --to client-credentials or --to web",
            ))
        }
    };
    let app = AppKind::parse(&args.app).ok_or_else(|| {
        Exit::usage(format!(
            "--app: {:?} is not a kind of app: external-client-app or connected-app",
            args.app
        ))
    })?;
    if profile.grant.is_retiring() && to.is_some() {
        tell!(
            "{:?} uses the username-password grant, {}.",
            profile.name,
            migration::deadline_line(today)
        );
    }
    let mut certificate_file = String::new();
    if let Some(path) = &args.cert_out {
        profile = generate(&book, &profile, &args, path)?;
        certificate_file = file_name(path);
    }
    if let Some(path) = &args.save_cert {
        save_certificate(&profile, path)?;
        certificate_file = file_name(path);
    }
    if let Some(path) = &args.export_key {
        export_key(&book, &profile, path)?;
    }
    if to.is_some_and(GrantKind::signs_with_key)
        && ProfileBook::certificate_to_upload(&profile).is_none()
    {
        return Err(Exit::from(Error::from(MoveError::NoKey {
            profile: profile.name.clone(),
        }))
        .note(format!(
            "Generate one with: sftoken migrate {:?} --to jwt --cert-out FILE.crt",
            profile.name
        )));
    }
    if let Some(to) = to {
        if args.test {
            profile = test(&book, &profile, to, &args)?;
        } else {
            print_checklist(&profile, to, app, &certificate_file);
        }
    }
    if args.forget_password {
        let forgot = book.forget_password(&profile.id)?;
        if forgot.removed {
            tell!(
                "Removed the password and security token of {:?} from {}.",
                profile.name,
                Keychain::name()
            );
        } else {
            tell!(
                "{:?} had no password or security token stored.",
                profile.name
            );
        }
    }
    Ok(())
}

fn replacement(typed: &str) -> Result<GrantKind, Exit> {
    match GrantKind::parse(typed) {
        Some(kind) if REPLACEMENTS.contains(&kind) => Ok(kind),
        Some(kind) => Err(Error::from(MoveError::NotAReplacement(kind)).into()),
        None => Err(Exit::usage(format!(
            "--to: {typed:?} is not a grant: jwt, client-credentials or web"
        ))),
    }
}

/// A new key into the keychain (waiting for its test), its certificate to `path` (a new file,
/// created first, so that nothing is generated for a certificate that could not be written).
fn generate(
    book: &ProfileBook,
    profile: &Profile,
    args: &MigrateArgs,
    path: &Path,
) -> Result<Profile, Exit> {
    let mut file = create_new(path)?;
    let generated = match book.generate_jwt_key(&profile.id, args.days, migration::today()) {
        Ok(generated) => generated,
        Err(e) => {
            drop(file);
            let _ = std::fs::remove_file(path);
            return Err(e.into());
        }
    };
    let cert = &generated.certificate;
    file.write_all(cert.pem.as_bytes())
        .map_err(|e| write_failed(path, e))?;
    tell!(
        "Generated an RSA 2048 key pair; its private key is in {}, never on disk.",
        Keychain::name()
    );
    tell!(
        "Certificate written to {}: {}, {}.",
        path.display(),
        cert.subject,
        cert.expiry_line(migration::today())
    );
    if generated.replaces_a_key_in_use {
        tell!(
            "The key {:?} signs with now keeps working until a test with the new one passes.",
            profile.name
        );
    }
    Ok(generated.profile)
}

/// The certificate to upload (the new key's, else the one in use), written again to a new file.
fn save_certificate(profile: &Profile, path: &Path) -> Result<(), Exit> {
    let cert = ProfileBook::certificate_to_upload(profile).ok_or_else(|| {
        Exit::from(Error::from(MoveError::NoKey {
            profile: profile.name.clone(),
        }))
    })?;
    create_new(path)?
        .write_all(cert.pem.as_bytes())
        .map_err(|e| write_failed(path, e))?;
    tell!(
        "Certificate written to {}: {}.",
        path.display(),
        cert.subject
    );
    Ok(())
}

fn create_new(path: &Path) -> Result<std::fs::File, Exit> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Exit::from(Error::from(KeyError::Exists {
                    path: path.display().to_string(),
                }))
            } else {
                write_failed(path, e)
            }
        })
}

fn write_failed(path: &Path, e: std::io::Error) -> Exit {
    Exit::from(Error::from(KeyError::Write {
        path: path.display().to_string(),
        reason: e.to_string(),
    }))
}

/// The newest key (the one waiting for its test, else the one in use) to a new 0600 file.
fn export_key(book: &ProfileBook, profile: &Profile, path: &Path) -> Result<(), Exit> {
    let slot = if profile.pending_certificate.is_some() {
        KeySlot::Pending
    } else {
        KeySlot::InUse
    };
    let key = book
        .keychain()
        .load_key(&profile.id, slot)
        .map_err(Error::from)?
        .ok_or_else(|| {
            Error::from(MoveError::NoKey {
                profile: profile.name.clone(),
            })
        })?;
    key.export(path).map_err(Error::from)?;
    tell!(
        "warning: the private key is now also in {}{}. Anyone with this file can log in as {}: delete it once the tool that needed it has it.",
        path.display(),
        if cfg!(unix) { " (mode 0600: readable by you only)" } else { "" },
        if profile.username.is_empty() { "the profile's user" } else { &profile.username }
    );
    Ok(())
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn print_checklist(profile: &Profile, to: GrantKind, app: AppKind, certificate_file: &str) {
    let facts = ChecklistFacts {
        certificate_file: certificate_file.to_string(),
        username: profile.username.clone(),
    };
    say!(
        "Moving {:?} to {}, for your {}:",
        profile.name,
        to.label(),
        app.label()
    );
    for (i, step) in migration::checklist(to, app, &facts).iter().enumerate() {
        say!("  {}. {step}", i + 1);
    }
    let target = if to.needs_my_domain() {
        " --target https://NAME.my.salesforce.com"
    } else {
        ""
    };
    say!(
        "Then: sftoken migrate {:?} --to {}{target} --test",
        profile.name,
        to.short_name()
    );
}

/// The new grant, sent once; on success the profile switches to it.
fn test(
    book: &ProfileBook,
    profile: &Profile,
    to: GrantKind,
    args: &MigrateArgs,
) -> Result<Profile, Exit> {
    let target = match &args.target {
        Some(typed) => Some(target_arg::chosen(Some(typed), None)?),
        None => None,
    };
    let test = book.prepare_move(&profile.id, to, target)?;
    let (runtime, client) = runtime::start(Duration::from_secs_f64(args.timeout))?;
    let progress = SendProgress::new(args.no_browser);
    let unchanged = format!(
        "{:?} still uses the {} grant.",
        profile.name,
        profile.grant.label()
    );
    let issued: IssuedToken = runtime
        .block_on(client.send_form(&test.form, SIGN_IN_WAIT, &progress, std::future::pending()))
        .map_err(|e| Exit::from(e).note(unchanged))?;
    let moved = book.complete_move(&test, issued.outcome.response.refresh_token())?;
    let who = issued
        .outcome
        .response
        .identity
        .as_ref()
        .map(|id| format!(" as user {}", id.user_id))
        .unwrap_or_default();
    tell!(
        "Test passed: Salesforce issued a token{who} through {}.",
        to.label()
    );
    tell!(
        "{:?} now uses {}: sftoken token --profile {:?}",
        moved.profile.name,
        to.label(),
        moved.profile.name
    );
    if moved.refresh_token_kept {
        tell!("Its refresh token is kept in the keychain: the next token needs no browser.");
    }
    if moved.password_kept {
        tell!(
            "Its password and security token stay in the keychain until you run: sftoken migrate {:?} --forget-password",
            moved.profile.name
        );
    }
    Ok(moved.profile)
}
