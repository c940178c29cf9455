//! `memorandum check`: every check of a build, nothing written.

use std::process::ExitCode;

use crate::cli::CheckArgs;
use crate::pipeline::{self, Settings};
use crate::render::Format;

/// Runs `check`.
pub fn run(args: &CheckArgs) -> ExitCode {
    let languages = match super::languages(&args.lang) {
        Ok(l) => l,
        Err(e) => return super::usage_error(&e),
    };
    let (templates, base_url) = match super::site(&args.site) {
        Ok(site) => site,
        Err(e) => return super::usage_error(&e),
    };
    if let Err(e) = crate::model::check_source_date_epoch() {
        return super::usage_error(&e);
    }
    let root = args.common.root.clone();
    let settings = Settings {
        out: root.join("output"),
        root,
        languages,
        missing: super::missing(args.missing),
        stale_is_error: args.stale == crate::cli::StalePolicy::Error,
        pseudo: args.pseudo,
        formats: Format::ALL.to_vec(),
        templates,
        base_url,
    };
    match super::within(&args.site, args.common.message_format, || {
        pipeline::render_all(&settings)
    }) {
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
