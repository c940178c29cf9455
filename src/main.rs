//! The `memorandum` command: parse the arguments, run, exit with the status.

use clap::Parser;

fn main() -> std::process::ExitCode {
    memorandum::cmd::run(memorandum::cli::Cli::parse())
}
