//! `sftoken profile list|show|add|rm|rename`: the same profiles as the window, secrets in the keychain.

use sftoken_core::profiles::{
    check_name, find, Keychain, KeychainStatus, Profile, ProfileError, ProfileSecrets,
    ProfileStore, TargetSpec,
};
use sftoken_core::{GrantKind, LoginTarget};

use crate::args::{ProfileAddArgs, ProfileCommand};
use crate::exit::Exit;
use crate::secrets::SecretInput;

pub fn run(command: ProfileCommand) -> Result<(), Exit> {
    let store = ProfileStore::default_location().map_err(exit)?;
    match command {
        ProfileCommand::List => list(&store),
        ProfileCommand::Show { name } => show(&store, &name),
        ProfileCommand::Add(args) => add(&store, args),
        ProfileCommand::Rm { name } => remove(&store, &name),
        ProfileCommand::Rename { name, new_name } => rename(&store, &name, &new_name),
    }
}

/// The profiles, telling the user (once, on stderr) when the file had to be set aside.
pub fn load(store: &ProfileStore) -> Result<Vec<Profile>, Exit> {
    let loaded = store.load().map_err(exit)?;
    if let Some(kept) = &loaded.set_aside {
        eprintln!("warning: {kept}");
    }
    Ok(loaded.profiles)
}

pub fn exit(e: ProfileError) -> Exit {
    match e {
        ProfileError::NotFound(_) | ProfileError::NameTaken(_) | ProfileError::EmptyName => {
            Exit::usage(e.to_string())
        }
        other => Exit::internal(other.to_string()),
    }
}

fn list(store: &ProfileStore) -> Result<(), Exit> {
    let profiles = load(store)?;
    if profiles.is_empty() {
        println!("No profiles yet. Add one with: sftoken profile add NAME --target sandbox --client-id ... --username ...");
        return Ok(());
    }
    let width = profiles
        .iter()
        .map(|p| p.name.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    println!("{:width$}  {:19}  USERNAME", "NAME", "TARGET");
    for p in &profiles {
        println!("{:width$}  {:19}  {}", p.name, p.target.badge(), p.username);
    }
    Ok(())
}

fn show(store: &ProfileStore, name: &str) -> Result<(), Exit> {
    let profiles = load(store)?;
    let p = find(&profiles, name).ok_or_else(|| exit(ProfileError::NotFound(name.into())))?;
    let url = p
        .target
        .resolve()
        .map(|t| t.base_url().to_string())
        .unwrap_or_else(|e| format!("(invalid: {e})"));
    println!("name       {}", p.name);
    println!(
        "target     {} {}",
        p.target.badge(),
        url.trim_end_matches('/')
    );
    println!(
        "grant      {}",
        p.grant_kind().map(|k| k.label()).unwrap_or(&p.grant)
    );
    for (label, value) in [
        ("key_file", &p.key_file),
        ("scope", &p.scope),
        ("callback", &p.callback),
    ] {
        if !value.is_empty() {
            println!("{label:<10} {value}");
        }
    }
    if p.keep_refresh_token {
        println!("refresh    kept in the keychain (replaced when it rotates)");
    }
    println!("client_id  {}", p.client_id);
    println!("username   {}", p.username);
    if !p.notes.is_empty() {
        println!("notes      {}", p.notes);
    }
    println!("secrets    {}", secrets_line(p));
    Ok(())
}

/// Which secrets are kept, never their values.
fn secrets_line(p: &Profile) -> String {
    if !p.remember_secrets {
        return "not remembered (asked for each time)".into();
    }
    match Keychain::system().load(&p.id) {
        Ok(Some(s)) if !s.present().is_empty() => {
            format!("{} in {}", s.present().join(", "), Keychain::name())
        }
        Ok(_) => "none stored".into(),
        Err(e) => format!("unknown: {e}"),
    }
}

fn add(store: &ProfileStore, args: ProfileAddArgs) -> Result<(), Exit> {
    let target: LoginTarget = args
        .target
        .parse()
        .map_err(|e| Exit::usage(format!("--target: {e}")))?;
    let mut profile = Profile::new(&args.name, TargetSpec::from_target(&target));
    profile.client_id = args.client_id.trim().to_string();
    profile.username = args.username.trim().to_string();
    profile.notes = args.notes.unwrap_or_default();
    profile.remember_secrets = !args.no_secrets;
    let kind = GrantKind::parse(&args.grant).ok_or_else(|| {
        Exit::usage(format!(
            "--grant {:?}: use password, client-credentials, jwt, web or refresh",
            args.grant
        ))
    })?;
    profile.grant = kind.grant_type().to_string();
    profile.key_file = args
        .flows
        .key_file
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    profile.scope = args.flows.scope.unwrap_or_default();
    profile.callback = args.flows.callback.unwrap_or_default();
    profile.keep_refresh_token = args.keep_refresh_token;
    check_name(&load(store)?, &profile.name, None).map_err(exit)?;

    let keychain = Keychain::system();
    let mut stored = Vec::new();
    if profile.remember_secrets {
        if let KeychainStatus::Unavailable { reason } = keychain.status() {
            return Err(Exit::internal(format!(
                "{reason}. The profile was not saved: add --no-secrets to save it without secrets (sftoken never writes secrets to a file)"
            )));
        }
        let mut input = SecretInput::new(args.password_stdin, None);
        let secrets = ProfileSecrets {
            client_secret: input.optional(
                "SFTOKEN_CLIENT_SECRET",
                "Consumer secret (client_secret, Enter to skip): ",
            )?,
            password: if kind == GrantKind::Password {
                input.optional_password()?
            } else {
                None
            },
            security_token: if kind == GrantKind::Password {
                input.security_token()?
            } else {
                None
            },
            refresh_token: if args.keep_refresh_token {
                input.optional("SFTOKEN_REFRESH_TOKEN", "Refresh token (Enter to skip): ")?
            } else {
                None
            },
        };
        stored = secrets.present();
        keychain
            .save(&profile.id, &profile.name, &secrets)
            .map_err(|e| Exit::internal(e.to_string()))?;
    }
    let id = profile.id.clone();
    let saved = store.update(|all| {
        check_name(all, &profile.name, None)?;
        all.push(profile.clone());
        Ok(())
    });
    if let Err(e) = saved {
        let _ = keychain.delete(&id);
        return Err(exit(e));
    }
    match (profile.remember_secrets, stored.is_empty()) {
        (false, _) => eprintln!(
            "Saved profile {:?} (secrets are not remembered).",
            profile.name
        ),
        (true, true) => eprintln!(
            "Saved profile {:?}; no secrets were given, so none are stored.",
            profile.name
        ),
        (true, false) => eprintln!(
            "Saved profile {:?}; {} stored in {}.",
            profile.name,
            stored.join(", "),
            Keychain::name()
        ),
    }
    Ok(())
}

fn remove(store: &ProfileStore, name: &str) -> Result<(), Exit> {
    let (removed, _) = store
        .update(|all| {
            let at = all
                .iter()
                .position(|p| p.name.eq_ignore_ascii_case(name.trim()))
                .ok_or_else(|| ProfileError::NotFound(name.into()))?;
            Ok(all.remove(at))
        })
        .map_err(exit)?;
    match Keychain::system().delete(&removed.id) {
        Ok(_) => eprintln!("Removed profile {:?} and its secrets.", removed.name),
        Err(e) => eprintln!(
            "Removed profile {:?}; its keychain item could not be removed: {e}",
            removed.name
        ),
    }
    Ok(())
}

fn rename(store: &ProfileStore, name: &str, new_name: &str) -> Result<(), Exit> {
    let (id, _) = store
        .update(|all| {
            let p = find(all, name)
                .ok_or_else(|| ProfileError::NotFound(name.into()))?
                .id
                .clone();
            check_name(all, new_name, Some(&p))?;
            let profile = all
                .iter_mut()
                .find(|x| x.id == p)
                .ok_or_else(|| ProfileError::NotFound(name.into()))?;
            profile.name = new_name.trim().to_string();
            Ok(p)
        })
        .map_err(exit)?;
    let _ = Keychain::system().relabel(&id, new_name.trim());
    eprintln!(
        "Renamed {name:?} to {:?}; its secrets stay with it.",
        new_name.trim()
    );
    Ok(())
}
