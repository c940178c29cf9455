//! `memorandum build`: check, render every edition, write the ones that changed.

use std::process::ExitCode;

use crate::cli::BuildArgs;
use crate::pipeline::{self, Settings};
use crate::render::Format;

/// Runs `build`.
pub fn run(args: &BuildArgs) -> ExitCode {
    match settings(args) {
        Ok(settings) => once(args, &settings),
        Err(e) => super::usage_error(&e),
    }
}

/// Resolves what the user typed into build settings.
pub fn settings(args: &BuildArgs) -> Result<Settings, String> {
    let languages = super::languages(&args.lang)?;
    let formats: Vec<Format> = if args.format.is_empty() {
        Format::ALL.to_vec()
    } else {
        Format::ALL
            .into_iter()
            .filter(|f| args.format.iter().any(|a| a == f.extension()))
            .collect()
    };
    let (templates, base_url) = super::site(&args.site)?;
    let root = args.common.root.clone();
    let out = args.out.clone().unwrap_or_else(|| root.join("output"));
    super::check_out(&root, &out, templates.as_deref())?;
    crate::model::check_source_date_epoch()?;
    Ok(Settings {
        root,
        out,
        languages,
        missing: super::missing(args.missing),
        stale_is_error: args.stale == crate::cli::StalePolicy::Error,
        pseudo: args.pseudo,
        formats,
        templates,
        base_url,
    })
}

/// One build: prints the problems or the summary line; the exit status.
pub fn once(args: &BuildArgs, settings: &Settings) -> ExitCode {
    let start = std::time::Instant::now();
    let out = &settings.out;
    match super::within(&args.site, args.common.message_format, || {
        pipeline::build(settings)
    }) {
        Ok(report) => {
            super::print_diagnostics(
                &report.diagnostics,
                &report.sources,
                args.common.message_format,
            );
            let unchanged = report.outputs.len() - report.written.len();
            let stages: Vec<String> = report
                .timings
                .iter()
                .map(|(name, d)| format!("{name} {:.1}", d.as_secs_f64() * 1000.0))
                .collect();
            eprintln!(
                "built {} file{} into {} in {} ms ({} written, {} unchanged{}; ms per stage: {})",
                report.outputs.len(),
                if report.outputs.len() == 1 { "" } else { "s" },
                out.display(),
                start.elapsed().as_millis(),
                report.written.len(),
                unchanged,
                if report.removed.is_empty() {
                    String::new()
                } else {
                    format!(", {} removed", report.removed.len())
                },
                stages.join(", "),
            );
            ExitCode::SUCCESS
        }
        Err(failure) => super::fail(&failure, args.common.message_format),
    }
}
