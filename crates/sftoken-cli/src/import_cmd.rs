//! `sftoken import postman FILE...`: every file is read and checked first; only when all are Postman
//! environments are they saved (the core's `ProfileBook::import_postman_files`, all or nothing, the
//! same the window's import uses). Says, per profile, what was taken and what was left out and why
//! — never a value.

use crate::args::ImportCommand;
use crate::exit::Exit;
use crate::profile_book;

pub fn run(command: ImportCommand) -> Result<(), Exit> {
    let ImportCommand::Postman { files } = command;
    let book = profile_book::open()?;
    profile_book::profiles(&book)?;
    let reports = book
        .import_postman_files(&files)
        .map_err(|e| Exit::from(e).note("Nothing was imported."))?;
    for report in reports {
        let mut lines = report.lines().into_iter();
        if let Some(headline) = lines.next() {
            say!("{headline}");
        }
        for line in lines {
            say!("  {line}");
        }
    }
    Ok(())
}
