//! The profile file on disk: `{"version": 1, "profiles": [...]}`. Reading it never fails outright:
//! a file that does not parse, or that a newer sftoken wrote, is set aside under a timestamped name
//! (never overwritten) and whatever profiles could be read are kept.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use super::Profile;

pub const FILE_NAME: &str = "profiles.json";
/// Bumped when the format changes in a way an older sftoken cannot read.
pub const FORMAT_VERSION: u64 = 1;

#[derive(Serialize)]
pub(super) struct ProfileFile<'a> {
    pub version: u64,
    pub profiles: &'a [Profile],
}

/// A profile file that could not be used whole, and what became of it: kept aside under another
/// name (the profiles read from it written back), or left in place untouched (written by a newer
/// sftoken, or in a folder sftoken may not write).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SetAside {
    /// Where the original file is now.
    pub path: PathBuf,
    pub reason: String,
    /// How many profiles could still be read from it.
    pub salvaged: usize,
    /// The file was left as it is (and sftoken will not write over it).
    pub left_in_place: bool,
}

impl std::fmt::Display for SetAside {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.left_in_place {
            write!(
                f,
                "the profile file {} could not be used whole ({}); it is left as it is, and sftoken goes on with the {} profile(s) it could read",
                self.path.display(),
                self.reason,
                self.salvaged
            )
        } else {
            write!(
                f,
                "the profile file could not be used whole ({}); the original was kept as {}, and the {} profile(s) read from it were saved",
                self.reason,
                self.path.display(),
                self.salvaged
            )
        }
    }
}

/// What a file held.
pub(super) enum Parsed {
    Good(Vec<Profile>),
    /// Keep aside, go on with `salvaged`.
    Bad {
        reason: String,
        salvaged: Vec<Profile>,
    },
    /// Written by a newer sftoken: read what can be read, never write over it.
    Newer {
        version: u64,
        salvaged: Vec<Profile>,
    },
}

pub(super) fn parse(bytes: &[u8]) -> Parsed {
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => return bad(format!("not valid JSON: {e}"), Vec::new()),
    };
    let Some(version) = value.get("version").and_then(Value::as_u64) else {
        return bad("no format version".into(), Vec::new());
    };
    let entries = value
        .get("profiles")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let total = entries.len();
    let salvaged: Vec<Profile> = entries
        .into_iter()
        .filter_map(|e| serde_json::from_value(e).ok())
        .collect();
    if version > FORMAT_VERSION {
        return Parsed::Newer { version, salvaged };
    }
    if salvaged.len() < total {
        let unread = total - salvaged.len();
        return bad(
            format!("{unread} of {total} profile(s) could not be read"),
            salvaged,
        );
    }
    Parsed::Good(salvaged)
}

fn bad(reason: String, salvaged: Vec<Profile>) -> Parsed {
    Parsed::Bad { reason, salvaged }
}

/// Copies `file` to a new `profiles.json.kept-YYYYMMDD-HHMMSS[-N]` beside it (readable by its
/// owner only). The original stays where it is until the repaired file replaces it atomically, so
/// a failed repair (a full disk) loses nothing.
pub(super) fn set_aside(file: &Path, reason: String, salvaged: usize) -> std::io::Result<SetAside> {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let mut n = 0;
    loop {
        let suffix = if n == 0 {
            String::new()
        } else {
            format!("-{n}")
        };
        let target = file.with_file_name(format!("{FILE_NAME}.kept-{stamp}{suffix}"));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(&target) {
            Ok(mut copy) => {
                let mut original = std::fs::File::open(file)?;
                let copied = std::io::copy(&mut original, &mut copy).and_then(|_| copy.sync_all());
                if let Err(e) = copied {
                    drop(copy);
                    let _ = std::fs::remove_file(&target);
                    return Err(e);
                }
                return Ok(SetAside {
                    path: target,
                    reason,
                    salvaged,
                    left_in_place: false,
                });
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => n += 1,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(bytes: &str) -> (String, usize) {
        match parse(bytes.as_bytes()) {
            Parsed::Bad { reason, salvaged } => (reason, salvaged.len()),
            Parsed::Newer { version, salvaged } => (format!("newer {version}"), salvaged.len()),
            Parsed::Good(p) => panic!("accepted: {p:?}"),
        }
    }

    #[test]
    fn a_good_file_reads_whole() {
        let Parsed::Good(p) = parse(
            br#"{"version":1,"profiles":[{"id":"a","name":"A","target":{"kind":"production"}}]}"#,
        ) else {
            panic!()
        };
        assert_eq!(p[0].name, "A");
    }

    #[test]
    fn bad_files_say_why_and_keep_what_they_can() {
        assert!(reason("{not json").0.starts_with("not valid JSON"));
        assert_eq!(reason(r#"{"profiles":[]}"#).0, "no format version");
        let (why, kept) = reason(
            r#"{"version":7,"profiles":[{"id":"a","name":"A","target":{"kind":"sandbox"}}]}"#,
        );
        assert_eq!(why, "newer 7");
        assert_eq!(kept, 1);
        let (why, kept) = reason(
            r#"{"version":1,"profiles":[{"id":"a","name":"A","target":{"kind":"sandbox"}},{"name":5}]}"#,
        );
        assert_eq!(
            (why.as_str(), kept),
            ("1 of 2 profile(s) could not be read", 1)
        );
    }
}
