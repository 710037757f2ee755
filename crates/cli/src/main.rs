//! The `round2` command: parses arguments, opens the store, calls the core
//! and prints. Everything the user can do from a terminal starts here.

mod analysis;
mod cli;
mod clock;
mod commands;
mod demo;
mod documents;
mod input;
mod meaning;
mod output;
mod practice;
mod speech;
mod team;
mod transcript;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    match commands::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // A closed pipe (`round2 opp list | head`) is not an error.
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(std::io::stderr(), "error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
