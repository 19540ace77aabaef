//! `--target` as typed, or else the profile's target, or else production — checked here so that a
//! refusal names where the bad target came from (the flag, or which profile).

use sftoken_core::profiles::Profile;
use sftoken_core::{LoginTarget, TargetSpec};

use crate::exit::Exit;

/// The target to use, as a form holds it; already checked, so it resolves.
pub fn chosen(flag: Option<&str>, profile: Option<&Profile>) -> Result<TargetSpec, Exit> {
    match (flag.filter(|t| !t.trim().is_empty()), profile) {
        (Some(typed), _) => typed
            .parse::<LoginTarget>()
            .map(|t| TargetSpec::from_target(&t))
            .map_err(|e| Exit::usage(format!("--target: {e}"))),
        (None, Some(p)) => match p.target.resolve() {
            Ok(_) => Ok(p.target.clone()),
            Err(e) => Err(Exit::usage(format!("profile {:?}: {e}", p.name))),
        },
        (None, None) => Ok(TargetSpec::default()),
    }
}
