//! Files the window saves without asking where (a certificate to upload, a Postman environment):
//! into the Downloads folder (the home folder when there is none), under a name no other file has
//! — `name`, `name (2)`… — created new (never replacing a file) and readable by the user only.

// Its errors become the commands' one `CommandError` (see commands/mod.rs).
#![allow(
    clippy::result_large_err,
    reason = "CommandError is serialized once per failed command"
)]

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{CommandError, ErrorKind};

/// Saves `bytes` as a new file named like `file_name`; returns its path.
pub fn save(file_name: &str, bytes: &[u8]) -> Result<PathBuf, CommandError> {
    let dir = directories::UserDirs::new()
        .and_then(|d| {
            d.download_dir()
                .map(Path::to_path_buf)
                .or(Some(d.home_dir().to_path_buf()))
        })
        .ok_or_else(|| {
            CommandError::new(
                ErrorKind::Internal,
                "No Downloads or home folder was found to save the file in",
            )
        })?;
    write_new(&dir, file_name, bytes)
}

fn write_new(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, CommandError> {
    let (stem, extension) = name.split_once('.').unwrap_or((name, ""));
    let failed = |path: &Path, e: std::io::Error| {
        CommandError::new(
            ErrorKind::Internal,
            format!("{} could not be written: {e}", path.display()),
        )
    };
    for n in 1..100 {
        let candidate = match n {
            1 => dir.join(name),
            n => dir.join(format!("{stem} ({n}).{extension}")),
        };
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(&candidate) {
            Ok(mut file) => {
                file.write_all(bytes).map_err(|e| failed(&candidate, e))?;
                return Ok(candidate);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(failed(&candidate, e)),
        }
    }
    Err(CommandError::new(
        ErrorKind::Internal,
        format!("Too many files named {name} in {}", dir.display()),
    ))
}
