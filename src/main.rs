//! The `memorandum` command: parse the arguments, run, exit with the status.

use clap::Parser;

/// mimalloc: the build allocates many small, short-lived values (spans, lines,
/// glyph runs) from both cores; glibc's allocator spent about 15 % of a long
/// build in malloc and free.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    memorandum::cmd::run(memorandum::cli::Cli::parse())
}
