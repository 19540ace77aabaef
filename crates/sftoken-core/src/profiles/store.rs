//! [`ProfileStore`]: the profile file in the platform config directory (or `SFTOKEN_CONFIG_DIR`),
//! changed only under an exclusive lock, always by read-modify-write, written atomically (temp
//! file, fsync, rename) so a crash or a concurrent writer never leaves half a file or loses a change.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::file::{self, Parsed, ProfileFile, SetAside, FILE_NAME, FORMAT_VERSION};
use super::Profile;

const LOCK_NAME: &str = "profiles.lock";

#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("no config directory could be found for this user: set SFTOKEN_CONFIG_DIR to a folder for sftoken's profiles")]
    NoConfigDir,
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("there is no profile named {0:?}")]
    NotFound(String),
    #[error("a profile named {0:?} exists already: choose another name")]
    NameTaken(String),
    #[error("a profile needs a name")]
    EmptyName,
    #[error("a profile name is at most {MAX_NAME_CHARS} characters (this one has {0})")]
    NameTooLong(usize),
    #[error("a profile name cannot hold control characters (tabs, line breaks, escapes)")]
    NameControl,
    #[error("notes are at most {MAX_NOTES_CHARS} characters (these have {0})")]
    NotesTooLong(usize),
}

/// Profiles as read, plus the file that had to be set aside to read them, if any.
#[derive(Debug, Default)]
pub struct Loaded {
    pub profiles: Vec<Profile>,
    pub set_aside: Option<SetAside>,
}

#[derive(Clone, Debug)]
pub struct ProfileStore {
    dir: PathBuf,
}

impl ProfileStore {
    pub fn at(dir: impl Into<PathBuf>) -> ProfileStore {
        ProfileStore { dir: dir.into() }
    }

    /// `SFTOKEN_CONFIG_DIR`, or the platform's config directory (`~/.config/sftoken` on Linux).
    pub fn default_location() -> Result<ProfileStore, ProfileError> {
        if let Some(dir) = std::env::var_os("SFTOKEN_CONFIG_DIR").filter(|d| !d.is_empty()) {
            return Ok(ProfileStore::at(dir));
        }
        let dirs = directories::ProjectDirs::from("dev", "sftoken", "sftoken")
            .ok_or(ProfileError::NoConfigDir)?;
        Ok(ProfileStore::at(dirs.config_dir()))
    }

    pub fn file_path(&self) -> PathBuf {
        self.dir.join(FILE_NAME)
    }

    /// Reads the profiles (setting a bad file aside first).
    pub fn load(&self) -> Result<Loaded, ProfileError> {
        let _lock = self.lock()?;
        self.read_locked()
    }

    /// Applies `change` to the current profiles on disk and writes the result, all under the lock.
    /// Returns what `change` returned, and the profiles as written.
    pub fn update<T>(
        &self,
        change: impl FnOnce(&mut Vec<Profile>) -> Result<T, ProfileError>,
    ) -> Result<(T, Loaded), ProfileError> {
        let _lock = self.lock()?;
        let mut loaded = self.read_locked()?;
        let result = change(&mut loaded.profiles)?;
        self.write_locked(&loaded.profiles)?;
        Ok((result, loaded))
    }

    fn lock(&self) -> Result<File, ProfileError> {
        std::fs::create_dir_all(&self.dir).map_err(|e| io(&self.dir, e))?;
        let path = self.dir.join(LOCK_NAME);
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| io(&path, e))?;
        lock.lock().map_err(|e| io(&path, e))?;
        Ok(lock)
    }

    fn read_locked(&self) -> Result<Loaded, ProfileError> {
        let path = self.file_path();
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Loaded::default()),
            Err(e) => return Err(io(&path, e)),
        };
        match file::parse(&bytes) {
            Parsed::Good(profiles) => Ok(Loaded {
                profiles,
                set_aside: None,
            }),
            Parsed::Bad { reason, salvaged } => {
                let kept =
                    file::set_aside(&path, reason, salvaged.len()).map_err(|e| io(&path, e))?;
                tracing::warn!(path = %kept.path.display(), reason = %kept.reason, "profile file set aside");
                Ok(Loaded {
                    profiles: salvaged,
                    set_aside: Some(kept),
                })
            }
        }
    }

    fn write_locked(&self, profiles: &[Profile]) -> Result<(), ProfileError> {
        let path = self.file_path();
        let tmp = self
            .dir
            .join(format!("{FILE_NAME}.tmp-{}", std::process::id()));
        let json = serde_json::to_vec_pretty(&ProfileFile {
            version: FORMAT_VERSION,
            profiles,
        })
        .map_err(|e| io(&path, std::io::Error::other(e)))?;
        let mut options = OpenOptions::new();
        options.create(true).truncate(true).write(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut out = options.open(&tmp).map_err(|e| io(&tmp, e))?;
        out.write_all(&json)
            .and_then(|()| out.write_all(b"\n"))
            .and_then(|()| out.sync_all())
            .map_err(|e| io(&tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| io(&path, e))?;
        #[cfg(unix)]
        if let Ok(dir) = File::open(&self.dir) {
            let _ = dir.sync_all();
        }
        Ok(())
    }
}

fn io(path: &Path, source: std::io::Error) -> ProfileError {
    ProfileError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The profile with this name (names are unique, case-insensitively).
pub fn find<'a>(profiles: &'a [Profile], name: &str) -> Option<&'a Profile> {
    profiles
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(name.trim()))
}

/// Checks a new name: not empty, not taken by another profile.
/// The longest profile name accepted (a name fits a sidebar and a terminal line).
pub const MAX_NAME_CHARS: usize = 100;
/// The longest notes accepted.
pub const MAX_NOTES_CHARS: usize = 10_000;

/// Notes within [`MAX_NOTES_CHARS`].
pub fn check_notes(notes: &str) -> Result<(), ProfileError> {
    let chars = notes.chars().count();
    if chars > MAX_NOTES_CHARS {
        return Err(ProfileError::NotesTooLong(chars));
    }
    Ok(())
}

pub fn check_name(
    profiles: &[Profile],
    name: &str,
    except_id: Option<&str>,
) -> Result<(), ProfileError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(ProfileError::EmptyName);
    }
    let chars = name.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(ProfileError::NameTooLong(chars));
    }
    if name.chars().any(char::is_control) {
        return Err(ProfileError::NameControl);
    }
    match find(profiles, name) {
        Some(p) if Some(p.id.as_str()) != except_id => {
            Err(ProfileError::NameTaken(name.to_string()))
        }
        _ => Ok(()),
    }
}
