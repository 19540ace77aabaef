//! The command's way into the profiles the window also uses: the core's `ProfileBook`, without
//! session memory (a command lives for one call, so secrets go to the keychain or nowhere), and the
//! warning about a profile file that had to be set aside, said once per command.

use sftoken_core::profiles::{find, Profile, ProfileBook, ProfileError};
use sftoken_core::Error;

use crate::exit::Exit;

pub fn open() -> Result<ProfileBook, Exit> {
    Ok(ProfileBook::default_location()?.without_session_memory())
}

/// Every profile; says on stderr when the file had to be set aside to read them. Call it once per
/// command, before the book's other reads.
pub fn profiles(book: &ProfileBook) -> Result<Vec<Profile>, Exit> {
    let profiles = book.load()?;
    if let Some(kept) = book.set_aside() {
        tell!("warning: {kept}");
    }
    Ok(profiles)
}

/// The profile with this name (case-insensitive).
pub fn named(book: &ProfileBook, name: &str) -> Result<Profile, Exit> {
    find(&profiles(book)?, name)
        .cloned()
        .ok_or_else(|| Error::from(ProfileError::NotFound(name.into())).into())
}
