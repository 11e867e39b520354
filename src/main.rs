//! The `parkaudit` binary: the headless CLI (and, with the `gui` feature, the
//! desktop app in a later issue).

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
