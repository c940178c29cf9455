//! `memorandum check`: every check of a build, nothing written.

use std::process::ExitCode;

use crate::cli::CheckArgs;
use crate::pipeline;

/// Runs `check`.
pub fn run(args: &CheckArgs) -> ExitCode {
    let settings = match super::settings(&args.common, &args.policies, None, &[]) {
        Ok(s) => s,
        Err(e) => return super::usage_error(&e),
    };
    match super::within(
        super::Limits {
            seconds: args.policies.site.time_limit,
            memory_mib: args.policies.site.memory_limit,
        },
        args.common.message_format,
        super::OnTimeout::Exit,
        || pipeline::render_all(&settings),
    ) {
        Ok(report) => {
            super::print_diagnostics(
                &report.diagnostics,
                &report.sources,
                args.common.message_format,
            );
            eprintln!(
                "checked {} edition file{}: no problems",
                report.outputs.len(),
                if report.outputs.len() == 1 { "" } else { "s" }
            );
            ExitCode::SUCCESS
        }
        Err(failure) => pipeline_fail(&failure, args),
    }
}

fn pipeline_fail(failure: &pipeline::Failure, args: &CheckArgs) -> ExitCode {
    super::print_diagnostics(
        &failure.diagnostics,
        &failure.sources,
        args.common.message_format,
    );
    let errors = failure.diagnostics.iter().filter(|d| d.is_error()).count();
    eprintln!(
        "error: {errors} problem{} found",
        if errors == 1 { "" } else { "s" }
    );
    ExitCode::from(if failure.usage {
        super::EXIT_USAGE
    } else {
        super::EXIT_PROBLEMS
    })
}
