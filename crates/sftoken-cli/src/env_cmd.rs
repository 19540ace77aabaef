//! Handing the token to scripts: `sftoken env` prints it for a shell to `eval`, `sftoken exec` runs a
//! command with it in the environment. Both get the token as `sftoken token` does. The variables
//! are SFTOKEN_ACCESS_TOKEN, SFTOKEN_INSTANCE_URL and SF_ACCESS_TOKEN (what the Salesforce CLI
//! reads); the command `exec` runs gets no other secret variable.

use sftoken_core::handoff::{Handoff, ShellFormat};
use sftoken_core::{Error, ExposeSecret, SECRET_ENV_VARS};

use crate::args::{EnvArgs, ExecArgs, TokenArgs};
use crate::exit::Exit;
use crate::token_cmd;

pub(crate) fn token_only(args: &TokenArgs, command: &str) -> Result<(), Exit> {
    if args.output.json || args.output.field.is_some() {
        return Err(Exit::usage(format!(
            "--json and --field belong to `sftoken token`; `sftoken {command}` hands on the token itself"
        )));
    }
    Ok(())
}

pub fn env(args: EnvArgs) -> Result<(), Exit> {
    token_only(&args.token, "env")?;
    let format: ShellFormat = args
        .format
        .parse()
        .map_err(|e: sftoken_core::handoff::HandoffError| Exit::usage(format!("--format: {e}")))?;
    let issued = token_cmd::issue(&args.token)?;
    let handoff = Handoff::of(&issued).map_err(Error::from)?;
    say!("{}", handoff.lines(format).expose_secret().trim_end());
    Ok(())
}

pub fn exec(args: ExecArgs) -> Result<(), Exit> {
    token_only(&args.token, "exec")?;
    let issued = token_cmd::issue(&args.token)?;
    let handoff = Handoff::of(&issued).map_err(Error::from)?;
    let (program, rest) = args
        .command
        .split_first()
        .ok_or_else(|| Exit::usage("give the command to run after --"))?;
    let mut command = tokio::process::Command::new(program);
    command.args(rest);
    for var in SECRET_ENV_VARS {
        command.env_remove(var);
    }
    command.envs(handoff.variables());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Exit::internal(format!("could not start the async runtime: {e}")))?;
    let status = runtime.block_on(run_forwarding_signals(command, program))?;
    match status.code() {
        Some(0) => Ok(()),
        Some(code) => Err(Exit::quiet(u8::try_from(code).unwrap_or(1))),
        None => Err(Exit::quiet(signal_exit_code(&status))),
    }
}

#[cfg(unix)]
fn signal_exit_code(status: &std::process::ExitStatus) -> u8 {
    use std::os::unix::process::ExitStatusExt;
    status
        .signal()
        .and_then(|s| u8::try_from(128 + s).ok())
        .unwrap_or(1)
}

#[cfg(not(unix))]
fn signal_exit_code(_: &std::process::ExitStatus) -> u8 {
    1
}

/// Runs the command to its end; SIGTERM and SIGHUP sent to sftoken are passed on to it. SIGINT
/// (Ctrl+C) already reaches it from the terminal: sftoken only waits for it to finish.
#[cfg(unix)]
async fn run_forwarding_signals(
    mut command: tokio::process::Command,
    program: &str,
) -> Result<std::process::ExitStatus, Exit> {
    use tokio::signal::unix::{signal, SignalKind};
    let listen = |kind| signal(kind).map_err(|e| Exit::internal(format!("signals: {e}")));
    let (mut term, mut hup, mut int) = (
        listen(SignalKind::terminate())?,
        listen(SignalKind::hangup())?,
        listen(SignalKind::interrupt())?,
    );
    let mut child = command.spawn().map_err(|e| spawn_failed(program, &e))?;
    let pid = child
        .id()
        .and_then(|id| rustix::process::Pid::from_raw(id as i32));
    let pass_on = |sig: rustix::process::Signal| {
        if let Some(pid) = pid {
            let _ = rustix::process::kill_process(pid, sig);
        }
    };
    loop {
        tokio::select! {
            status = child.wait() => return status.map_err(|e| Exit::internal(format!("waiting for {program}: {e}"))),
            _ = term.recv() => pass_on(rustix::process::Signal::TERM),
            _ = hup.recv() => pass_on(rustix::process::Signal::HUP),
            _ = int.recv() => {}
        }
    }
}

#[cfg(not(unix))]
async fn run_forwarding_signals(
    mut command: tokio::process::Command,
    program: &str,
) -> Result<std::process::ExitStatus, Exit> {
    let mut child = command.spawn().map_err(|e| spawn_failed(program, &e))?;
    child
        .wait()
        .await
        .map_err(|e| Exit::internal(format!("waiting for {program}: {e}")))
}

fn spawn_failed(program: &str, e: &std::io::Error) -> Exit {
    if e.kind() == std::io::ErrorKind::NotFound {
        Exit::usage(format!(
            "{program}: no such command (check the name and PATH)"
        ))
    } else {
        Exit::internal(format!("{program} could not be started: {e}"))
    }
}
