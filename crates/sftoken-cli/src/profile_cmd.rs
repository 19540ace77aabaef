//! `sftoken profile list|show|rm|rename` (and `add`, in `profile_add.rs`): the same profiles as the
//! window, through the core's profile book; secrets stay in the keychain and are never printed.

use sftoken_core::profiles::{Keychain, Profile, ProfileBook};

use crate::args::ProfileCommand;
use crate::exit::Exit;
use crate::{profile_add, profile_book};

pub fn run(command: ProfileCommand) -> Result<(), Exit> {
    let book = profile_book::open()?;
    match command {
        ProfileCommand::List => list(&book),
        ProfileCommand::Show { name } => show(&book, &name),
        ProfileCommand::Add(args) => profile_add::add(&book, args),
        ProfileCommand::Rm { name } => remove(&book, &name),
        ProfileCommand::Rename { name, new_name } => rename(&book, &name, &new_name),
    }
}

fn list(book: &ProfileBook) -> Result<(), Exit> {
    let profiles = profile_book::profiles(book)?;
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

fn show(book: &ProfileBook, name: &str) -> Result<(), Exit> {
    let p = profile_book::named(book, name)?;
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
    println!("grant      {}", p.grant.label());
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
    println!("secrets    {}", secrets_line(book, &p));
    Ok(())
}

/// Which secrets are kept, never their values.
fn secrets_line(book: &ProfileBook, p: &Profile) -> String {
    if !p.remember_secrets {
        return "not remembered (asked for each time)".into();
    }
    match book.secrets(p) {
        (_, _, Some(warning)) => format!("unknown: {warning}"),
        (secrets, _, None) if !secrets.present().is_empty() => {
            format!("{} in {}", secrets.present().join(", "), Keychain::name())
        }
        _ => "none stored".into(),
    }
}

fn remove(book: &ProfileBook, name: &str) -> Result<(), Exit> {
    let removed = book.delete(&profile_book::named(book, name)?.id)?;
    match removed.keychain_error {
        None => eprintln!(
            "Removed profile {:?} and its secrets.",
            removed.profile.name
        ),
        Some(e) => eprintln!(
            "Removed profile {:?}; its keychain item could not be removed: {e}",
            removed.profile.name
        ),
    }
    Ok(())
}

fn rename(book: &ProfileBook, name: &str, new_name: &str) -> Result<(), Exit> {
    let renamed = book.rename(&profile_book::named(book, name)?.id, new_name)?;
    eprintln!(
        "Renamed {name:?} to {:?}; its secrets stay with it.",
        renamed.name
    );
    Ok(())
}
