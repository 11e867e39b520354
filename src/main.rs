//! The `parkaudit` binary: the headless CLI and, with the `gui` feature (on by
//! default), the desktop app when no command is given.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to its default at start-up, before
    // any thread exists, is sound; it makes a closed pipe end the process quietly.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    cli::main()
}
