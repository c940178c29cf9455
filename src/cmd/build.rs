//! `memorandum build`: check, render every edition, write the ones that changed.

use std::process::ExitCode;

use crate::cli::BuildArgs;
use crate::pipeline::{self, Settings};

/// Runs `build`.
pub fn run(args: &BuildArgs) -> ExitCode {
    match settings(args) {
        Ok(settings) => once(args, &settings, None),
        Err(e) => super::usage_error(&e),
    }
}

/// Resolves what the user typed into build settings.
pub fn settings(args: &BuildArgs) -> Result<Settings, String> {
    super::settings(
        &args.common,
        &args.policies,
        args.out.as_deref(),
        &args.format,
    )
}

/// One build: prints the problems or the summary line; the exit status. With
/// `reuse` (`watch`), outputs that no change reached since the last build are
/// reused.
pub fn once(args: &BuildArgs, settings: &Settings, reuse: Option<&pipeline::Reuse>) -> ExitCode {
    let start = std::time::Instant::now();
    let out = &settings.out;
    // In `watch`, a build past the time limit cannot be stopped but by
    // starting the process again: `watch` goes on, waiting for a change.
    let on_timeout = if reuse.is_some() {
        super::OnTimeout::RestartWatch
    } else {
        super::OnTimeout::Exit
    };
    match super::within(
        super::Limits {
            seconds: args.policies.site.time_limit,
            memory_mib: args.policies.site.memory_limit,
        },
        args.common.message_format,
        on_timeout,
        || pipeline::build_reusing(settings, reuse),
    ) {
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
                "built {} file{} into {} in {} ms ({} written, {} unchanged{}{}; ms per stage: {})",
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
                if reuse.is_some() {
                    format!(
                        "; {} rendered, {} reused from the last build",
                        // Not the manifest, nor the fonts, which are copied.
                        report.outputs.len().saturating_sub(
                            1 + report.reused
                                + report
                                    .outputs
                                    .iter()
                                    .filter(|o| o.path.starts_with(crate::render::WEB_FONTS_DIR))
                                    .count()
                        ),
                        report.reused
                    )
                } else {
                    String::new()
                },
                stages.join(", "),
            );
            ExitCode::SUCCESS
        }
        Err(failure) => super::fail(&failure, args.common.message_format),
    }
}
