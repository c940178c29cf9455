//! `memorandum watch`: build, then rebuild on every change to content, locales or
//! templates. A change that breaks the build prints its problems and leaves the
//! last good output in place (a failed build writes nothing).

use std::path::{Path, PathBuf};
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
    // The watcher reports absolute paths: the folders are compared as such (a
    // relative `--root`, the default `.`, would match none).
    let absolute = |p: PathBuf| std::path::absolute(&p).unwrap_or(p);
    let mut dirs: Vec<Watched> = ["content", "locales", "templates"]
        .iter()
        .map(|d| Watched::new(absolute(settings.root.join(d))))
        .collect();
    dirs.extend(settings.templates.clone().map(absolute).map(Watched::new));
    // The root itself, not recursively: a folder replaced (`mv locales.new
    // locales`) or created shows up there, and is then watched anew.
    if let Err(e) = watcher.watch(&settings.root, RecursiveMode::NonRecursive) {
        eprintln!("error: cannot watch {}: {e}", settings.root.display());
        return ExitCode::from(super::EXIT_PROBLEMS);
    }
    for d in &mut dirs {
        if let Err(e) = d.rewatch(&mut watcher) {
            eprintln!("error: cannot watch {}: {e}", d.path.display());
            return ExitCode::from(super::EXIT_PROBLEMS);
        }
    }
    // A command line that asks for what does not exist (`--lang de`) is a usage
    // error, not something to wait on.
    // What each build made, and from what, so that the next renders only what
    // an edit reaches.
    let reuse = crate::pipeline::Reuse::default();
    if std::env::var_os(super::WATCH_RESUMED).is_some() {
        // Started again after a build ran past the time limit: building the
        // same files would run past it again.
        eprintln!("the last build was stopped; the next change builds again");
    } else {
        let first = super::build::once(args, &settings, Some(&reuse));
        if first == ExitCode::from(super::EXIT_USAGE) {
            return first;
        }
    }
    eprintln!(
        "watching content/, locales/ and templates/ under {}{} (Ctrl-C to stop)",
        settings.root.display(),
        settings
            .templates
            .as_ref()
            .map(|t| format!(" and {}", t.display()))
            .unwrap_or_default()
    );
    let out = absolute(settings.out.clone());
    let sources: Vec<PathBuf> = dirs.iter().map(|d| d.path.clone()).collect();
    while let Ok(first) = rx.recv() {
        let mut relevant = is_relevant(&first, &out, &sources);
        // Let a burst of events settle into one rebuild.
        while let Ok(more) = rx.recv_timeout(SETTLE) {
            relevant |= is_relevant(&more, &out, &sources);
        }
        for d in &mut dirs {
            if d.replaced() {
                relevant = true;
                match d.rewatch(&mut watcher) {
                    Ok(true) => eprintln!("watching {} again (it was replaced)", d.path.display()),
                    Ok(false) => {
                        eprintln!("{} is gone; watching for it to come back", d.path.display())
                    }
                    Err(e) => eprintln!("warning: cannot watch {}: {e}", d.path.display()),
                }
            }
        }
        if relevant {
            let _ = super::build::once(args, &settings, Some(&reuse));
        }
    }
    ExitCode::SUCCESS
}

/// A source folder being watched, with the identity it had when its watch was set:
/// a folder replaced by another of the same name must be watched anew.
struct Watched {
    path: PathBuf,
    identity: Option<(u64, u64)>,
}

impl Watched {
    fn new(path: PathBuf) -> Self {
        Self {
            path,
            identity: None,
        }
    }

    /// Whether the folder at `path` is no longer the one watched.
    fn replaced(&self) -> bool {
        identity(&self.path) != self.identity
    }

    /// Watches the folder now at `path`, if any; `Ok(false)` when there is none.
    fn rewatch(&mut self, watcher: &mut impl Watcher) -> notify::Result<bool> {
        if self.identity.is_some() {
            // The old watch may already be gone with its folder.
            let _ = watcher.unwatch(&self.path);
        }
        self.identity = identity(&self.path);
        if self.identity.is_none() {
            return Ok(false);
        }
        watcher.watch(&self.path, RecursiveMode::Recursive)?;
        Ok(true)
    }
}

/// Device and inode of a folder (on other systems: its modification time).
fn identity(path: &Path) -> Option<(u64, u64)> {
    let meta = std::fs::metadata(path)
        .ok()
        .filter(std::fs::Metadata::is_dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let t = meta.created().ok()?;
        let d = t.duration_since(std::time::UNIX_EPOCH).ok()?;
        Some((d.as_secs(), u64::from(d.subsec_nanos())))
    }
}

/// A change to a source file: not our own writes, not editors' temporary files,
/// not other files beside the source folders.
fn is_relevant(event: &notify::Result<notify::Event>, out: &Path, sources: &[PathBuf]) -> bool {
    let Ok(event) = event else { return false };
    if matches!(event.kind, notify::EventKind::Access(_)) {
        return false;
    }
    event.paths.iter().any(|p| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        sources.iter().any(|s| p.starts_with(s))
            && !p.starts_with(out)
            && !name.starts_with('.')
            && !name.ends_with('~')
            && !name.ends_with(".swp")
    })
}
