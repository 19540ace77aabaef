//! What the process does about secrets in its own memory. Secrets are zeroized when dropped (every
//! secret type is `secrecy`'s, which wipes on drop); and on Linux the process is made non-dumpable,
//! so a crash writes no core file holding them and other processes of the same user cannot read
//! its memory through /proc or ptrace. Both shells call [`protect_process_memory`] first thing.
//! `SFTOKEN_ALLOW_DUMPS=1` keeps the process dumpable, for debugging and the memory benchmark
//! (which reads /proc/PID/smaps as an ordinary user).

/// Makes the process non-dumpable where the OS allows it; says why not otherwise.
pub fn protect_process_memory() -> Result<(), String> {
    if std::env::var_os("SFTOKEN_ALLOW_DUMPS").is_some_and(|v| v == "1") {
        return Ok(());
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::process::{set_dumpable_behavior, DumpableBehavior};
        set_dumpable_behavior(DumpableBehavior::NotDumpable)
            .map_err(|e| format!("the process could not be made non-dumpable: {e}"))
    }
    #[cfg(not(target_os = "linux"))]
    {
        Ok(())
    }
}

/// Whether the process may be dumped (Linux; `None` elsewhere).
pub fn is_dumpable() -> Option<bool> {
    #[cfg(target_os = "linux")]
    {
        use rustix::process::{dumpable_behavior, DumpableBehavior};
        dumpable_behavior()
            .ok()
            .map(|b| b != DumpableBehavior::NotDumpable)
    }
    #[cfg(not(target_os = "linux"))]
    {
        None
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn the_process_is_no_longer_dumpable() {
        // The test binary's own process: the same call the shells make.
        if std::env::var_os("SFTOKEN_ALLOW_DUMPS").is_some() {
            return;
        }
        protect_process_memory().unwrap();
        assert_eq!(is_dumpable(), Some(false));
    }
}
