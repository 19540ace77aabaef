//! `sftoken import postman FILE...`: every file is read and checked first; only when all are Postman
//! environments are they saved (the core's `ProfileBook::import_postman`, all or nothing). Says, per
//! profile, what was taken and what was left out and why — never a value.

use sftoken_core::postman::{read_environment, ImportPlan};
use sftoken_core::profiles::{Keychain, SecretsKept};
use sftoken_core::Error;

use crate::args::ImportCommand;
use crate::exit::Exit;
use crate::profile_book;

pub fn run(command: ImportCommand) -> Result<(), Exit> {
    let ImportCommand::Postman { files } = command;
    let book = profile_book::open()?;
    profile_book::profiles(&book)?;
    let mut plans = Vec::new();
    let mut refused = Vec::new();
    for file in &files {
        match read_environment(file) {
            Ok(env) => plans.push(ImportPlan::from_environment(&env)),
            Err(e) => refused.push(e),
        }
    }
    if let Some(first) = refused.into_iter().next() {
        return Err(Exit::from(Error::from(first)).note("Nothing was imported."));
    }
    // What each plan took and left out, said after the save (the plans go to the book).
    let summaries: Vec<Vec<String>> = plans.iter().map(summary).collect();
    let imported = book
        .import_postman(plans)
        .map_err(|e| Exit::from(e).note("Nothing was imported."))?;
    for (done, lines) in imported.iter().zip(summaries) {
        let renamed = done
            .renamed_from
            .as_ref()
            .map(|from| format!(" (a profile named {from:?} exists already)"))
            .unwrap_or_default();
        let secrets = match done.secrets_kept {
            SecretsKept::Keychain => format!("; secrets in {}", Keychain::name()),
            _ => String::new(),
        };
        say!(
            "Imported {:?}{renamed}: {} {}{secrets}",
            done.profile.name,
            done.profile.target.badge(),
            done.profile.grant.label()
        );
        for line in lines {
            say!("  {line}");
        }
    }
    Ok(())
}

/// "taken: url, clientId, …" and a "left out VARIABLE: why" line per variable not imported.
fn summary(plan: &ImportPlan) -> Vec<String> {
    let taken = if plan.imported.is_empty() {
        "nothing".to_string()
    } else {
        plan.imported.join(", ")
    };
    std::iter::once(format!("taken: {taken}"))
        .chain(
            plan.skipped
                .iter()
                .map(|s| format!("left out {}: {}", s.variable, s.why)),
        )
        .collect()
}
