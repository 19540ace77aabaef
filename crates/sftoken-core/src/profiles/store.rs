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
    #[error("{} was written by a newer sftoken (format version {version}, this one writes {FORMAT_VERSION}): this sftoken does not change it; update sftoken to change profiles", path.display())]
    NewerFormat { path: PathBuf, version: u64 },
    #[error("a profile name is at most {MAX_NAME_CHARS} characters (this one has {0})")]
    NameTooLong(usize),
    #[error("a profile name cannot hold control characters (tabs, line breaks, escapes)")]
    NameControl,
    #[error("notes are at most {MAX_NOTES_CHARS} characters (these have {0})")]
    NotesTooLong(usize),
    #[error("a session timeout is from 1 to 1440 minutes (Salesforce offers 15 minutes to 24 hours), not {0}")]
    SessionTimeout(u32),
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

    /// Where the per-profile lock files live (see `ProfileBook::lock_profile`).
    /// The folder the profiles live in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn lock_dir(&self) -> PathBuf {
        self.dir.join("locks")
    }

    pub fn file_path(&self) -> PathBuf {
        self.dir.join(FILE_NAME)
    }

    /// Reads the profiles. A file that cannot be used whole is kept aside and what could be read
    /// from it saved (when the folder may be written); a newer sftoken's file is only read. Works
    /// in a folder sftoken may only read.
    pub fn load(&self) -> Result<Loaded, ProfileError> {
        let lock = self.lock(Access::Read)?;
        let read = self.read_locked()?;
        self.repair(read, lock.writable())
    }

    /// Applies `change` to the current profiles on disk and writes the result, all under the lock.
    /// Returns what `change` returned, and the profiles as written.
    pub fn update<T>(
        &self,
        change: impl FnOnce(&mut Vec<Profile>) -> Result<T, ProfileError>,
    ) -> Result<(T, Loaded), ProfileError> {
        let _lock = self.lock(Access::Write)?;
        let read = self.read_locked()?;
        if let Read::Newer { version, .. } = &read {
            return Err(ProfileError::NewerFormat {
                path: self.file_path(),
                version: *version,
            });
        }
        let mut loaded = self.repair(read, true)?;
        let result = change(&mut loaded.profiles)?;
        self.write_locked(&loaded.profiles)?;
        Ok((result, loaded))
    }

    fn lock(&self, access: Access) -> Result<Lock, ProfileError> {
        let path = self.dir.join(LOCK_NAME);
        let exclusive = std::fs::create_dir_all(&self.dir).and_then(|()| {
            OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
        });
        match exclusive {
            Ok(file) => {
                file.lock().map_err(|e| io(&path, e))?;
                Ok(Lock::Exclusive(file))
            }
            // A folder sftoken may only read: reading still works, under a shared lock when the
            // lock file is there (a writer with more rights may be at work).
            Err(e) if access == Access::Read && read_only(&e) => match File::open(&path) {
                Ok(file) => {
                    file.lock_shared().map_err(|e| io(&path, e))?;
                    Ok(Lock::Shared(file))
                }
                Err(_) => Ok(Lock::None),
            },
            Err(e) => Err(io(&path, e)),
        }
    }

    fn read_locked(&self) -> Result<Read, ProfileError> {
        let path = self.file_path();
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Read::Good(Vec::new()))
            }
            Err(e) => return Err(io(&path, e)),
        };
        Ok(match file::parse(&bytes) {
            Parsed::Good(profiles) => Read::Good(profiles),
            Parsed::Bad { reason, salvaged } => Read::Bad { reason, salvaged },
            Parsed::Newer { version, salvaged } => Read::Newer { version, salvaged },
        })
    }

    /// What was read, made whole: a bad file kept aside and the profiles read from it written
    /// back (when `writable`), so that they are still there on the next run.
    fn repair(&self, read: Read, writable: bool) -> Result<Loaded, ProfileError> {
        let path = self.file_path();
        let in_place = |reason: String, salvaged: &[Profile]| SetAside {
            path: path.clone(),
            reason,
            salvaged: salvaged.len(),
            left_in_place: true,
        };
        match read {
            Read::Good(profiles) => Ok(Loaded {
                profiles,
                set_aside: None,
            }),
            Read::Newer { version, salvaged } => Ok(Loaded {
                set_aside: Some(in_place(
                    format!("written by a newer sftoken, format version {version}; this one reads {FORMAT_VERSION}"),
                    &salvaged,
                )),
                profiles: salvaged,
            }),
            Read::Bad { reason, salvaged } if !writable => Ok(Loaded {
                set_aside: Some(in_place(
                    format!("{reason}; the folder cannot be written, so nothing was repaired"),
                    &salvaged,
                )),
                profiles: salvaged,
            }),
            Read::Bad { reason, salvaged } => {
                let kept =
                    file::set_aside(&path, reason, salvaged.len()).map_err(|e| io(&path, e))?;
                tracing::warn!(path = %kept.path.display(), reason = %kept.reason, "profile file set aside");
                self.write_locked(&salvaged)?;
                Ok(Loaded {
                    profiles: salvaged,
                    set_aside: Some(kept),
                })
            }
        }
    }

    fn write_locked(&self, profiles: &[Profile]) -> Result<(), ProfileError> {
        let path = self.file_path();
        let json = serde_json::to_vec_pretty(&ProfileFile {
            version: FORMAT_VERSION,
            profiles,
        })
        .map_err(|e| io(&path, std::io::Error::other(e)))?;
        // A new file with a random name, created exclusively (never through a planted symlink),
        // readable by its owner only; removed again if anything fails before the rename.
        let mut out = tempfile::Builder::new()
            .prefix(&format!("{FILE_NAME}.tmp-"))
            .tempfile_in(&self.dir)
            .map_err(|e| io(&self.dir, e))?;
        out.write_all(&json)
            .and_then(|()| out.write_all(b"\n"))
            .and_then(|()| out.as_file().sync_all())
            .map_err(|e| io(out.path(), e))?;
        out.persist(&path).map_err(|e| io(&path, e.error))?;
        #[cfg(unix)]
        if let Ok(dir) = File::open(&self.dir) {
            let _ = dir.sync_all();
        }
        Ok(())
    }
}

/// How a profile operation uses the folder.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Access {
    Read,
    Write,
}

/// The lock held while the file is read or changed (dropped: released).
enum Lock {
    Exclusive(#[allow(dead_code, reason = "held for its lock")] File),
    Shared(#[allow(dead_code, reason = "held for its lock")] File),
    None,
}

impl Lock {
    fn writable(&self) -> bool {
        matches!(self, Lock::Exclusive(_))
    }
}

/// What the file held, before anything is repaired.
enum Read {
    Good(Vec<Profile>),
    Bad {
        reason: String,
        salvaged: Vec<Profile>,
    },
    Newer {
        version: u64,
        salvaged: Vec<Profile>,
    },
}

fn read_only(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
    )
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
