//! `sftoken completions SHELL` and `sftoken man`: the shell completions and the manual page,
//! generated from the clap definitions, so they never fall behind the flags. The packages
//! (scripts/package.sh) run them at build time and install what they print.

use clap::CommandFactory;

use crate::args::Cli;
use crate::exit::Exit;

pub fn completions(shell: clap_complete::Shell) -> Result<(), Exit> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "sftoken", &mut out);
    crate::console::out_data(String::from_utf8_lossy(&out).trim_end());
    Ok(())
}

pub fn man() -> Result<(), Exit> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(|e| Exit::internal(format!("the manual page could not be written: {e}")))?;
    // Each subcommand's page, one after another (man shows them as sections of one page).
    for sub in Cli::command()
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
    {
        clap_mangen::Man::new(sub.clone())
            .title(format!("sftoken-{}", sub.get_name()))
            .render(&mut out)
            .map_err(|e| Exit::internal(format!("the manual page could not be written: {e}")))?;
    }
    crate::console::out_data(String::from_utf8_lossy(&out).trim_end());
    Ok(())
}
