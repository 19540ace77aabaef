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

/// The signals `sftoken exec` passes on to its command.
#[cfg(unix)]
const PASSED_ON: [i32; 6] = {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2};
    [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2]
};

/// Runs the command to its end, passing on the signals sftoken gets (SIGTERM, SIGHUP, SIGINT,
/// SIGQUIT, SIGUSR1, SIGUSR2), each once:
/// - Run from a terminal (stdin, stdout or stderr is one), the command shares sftoken's process
///   group, so that it can read the terminal and the terminal's Ctrl+C, Ctrl+\ and hangup reach it
///   directly; those three are passed on only when a process sent them to sftoken (`kill PID`).
/// - Otherwise (scripts, CI) the command gets a process group of its own and every signal sftoken
///   gets is passed on: a signal sent to sftoken's whole group (a CI job cancelled) reaches the
///   command once, through sftoken.
#[cfg(unix)]
async fn run_forwarding_signals(
    mut command: tokio::process::Command,
    program: &str,
) -> Result<std::process::ExitStatus, Exit> {
    use signal_hook::iterator::exfiltrator::WithOrigin;
    use signal_hook::iterator::SignalsInfo;
    use std::io::IsTerminal;
    let from_terminal = std::io::stdin().is_terminal()
        || std::io::stdout().is_terminal()
        || std::io::stderr().is_terminal();
    if !from_terminal {
        command.process_group(0);
    }
    let mut signals = SignalsInfo::<WithOrigin>::new(PASSED_ON)
        .map_err(|e| Exit::internal(format!("signals: {e}")))?;
    let handle = signals.handle();
    let mut child = command.spawn().map_err(|e| spawn_failed(program, &e))?;
    let pid = child
        .id()
        .and_then(|id| rustix::process::Pid::from_raw(id as i32));
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let listener = std::thread::spawn(move || {
        for origin in signals.forever() {
            if tx.send(origin).is_err() {
                break;
            }
        }
    });
    let status = loop {
        tokio::select! {
            status = child.wait() => break status,
            Some(origin) = rx.recv() => {
                let signal = rustix::process::Signal::from_named_raw(origin.signal);
                if let (Some(pid), Some(signal), true) = (pid, signal, pass_on(&origin, from_terminal)) {
                    let _ = rustix::process::kill_process(pid, signal);
                }
            }
        }
    };
    handle.close();
    let _ = listener.join();
    status.map_err(|e| Exit::internal(format!("waiting for {program}: {e}")))
}

/// Whether a signal sftoken got goes on to the command (see [`run_forwarding_signals`]).
#[cfg(unix)]
fn pass_on(origin: &signal_hook::low_level::siginfo::Origin, shares_terminal: bool) -> bool {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT};
    match origin.signal {
        SIGINT | SIGQUIT | SIGHUP if shares_terminal => origin.process.is_some(),
        _ => true,
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
