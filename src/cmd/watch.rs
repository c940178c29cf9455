//! `memorandum watch`: build, then rebuild on every change to content, locales or
//! templates. A change that breaks the build prints its problems and leaves the
//! last good output in place (a failed build writes nothing).

use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use crate::cli::BuildArgs;

/// Changes closer together than this are one rebuild (an editor's save is often
/// several events).
const SETTLE: Duration = Duration::from_millis(40);

/// Runs `watch` until interrupted.
pub fn run(args: &BuildArgs) -> ExitCode {
    let settings = match super::build::settings(args) {
        Ok(s) => s,
        Err(e) => return super::usage_error(&e),
    };
    let (tx, rx) = mpsc::channel();
    let mut watcher = match notify::recommended_watcher(tx) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch files: {e}");
            return ExitCode::from(super::EXIT_PROBLEMS);
        }
    };
    let mut dirs: Vec<std::path::PathBuf> = ["content", "locales"]
        .iter()
        .map(|d| settings.root.join(d))
        .collect();
    // The built-in templates cannot change; the folders replacing them can.
    let own = settings.root.join("templates");
    if own.is_dir() {
        dirs.push(own);
    }
    dirs.extend(settings.templates.clone());
    for path in dirs {
        if let Err(e) = watcher.watch(&path, RecursiveMode::Recursive) {
            eprintln!("error: cannot watch {}: {e}", path.display());
            return ExitCode::from(super::EXIT_PROBLEMS);
        }
    }
    let _ = super::build::once(args, &settings);
    eprintln!(
        "watching content/, locales/ and templates/ under {}{} (Ctrl-C to stop)",
        settings.root.display(),
        settings
            .templates
            .as_ref()
            .map(|t| format!(" and {}", t.display()))
            .unwrap_or_default()
    );
    let out = settings
        .out
        .canonicalize()
        .unwrap_or_else(|_| settings.out.clone());
    while let Ok(first) = rx.recv() {
        let mut relevant = is_relevant(&first, &out);
        // Let a burst of events settle into one rebuild.
        while let Ok(more) = rx.recv_timeout(SETTLE) {
            relevant |= is_relevant(&more, &out);
        }
        if relevant {
            let _ = super::build::once(args, &settings);
        }
    }
    ExitCode::SUCCESS
}

/// A change to a source file: not our own writes, not editors' temporary files.
fn is_relevant(event: &notify::Result<notify::Event>, out: &std::path::Path) -> bool {
    let Ok(event) = event else { return false };
    if matches!(event.kind, notify::EventKind::Access(_)) {
        return false;
    }
    event.paths.iter().any(|p| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        !p.starts_with(out)
            && !name.starts_with('.')
            && !name.ends_with('~')
            && !name.ends_with(".swp")
    })
}
