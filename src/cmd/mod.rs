//! One file per subcommand; this module turns what the user typed into settings,
//! runs the command, prints what happened and picks the exit status.

pub mod build;
pub mod check;
pub mod init;
pub mod l10n;
pub mod watch;

use std::io::IsTerminal;
use std::process::ExitCode;

use crate::cli::{Cli, Command, MessageFormat};
use crate::diagnostics::{Diagnostic, Sources, render_text};
use crate::model::Lang;
use crate::pipeline::Failure;

/// Exit status for problems in the content, translations or templates.
pub const EXIT_PROBLEMS: u8 = 1;
/// Exit status for a command line that asks for something impossible.
pub const EXIT_USAGE: u8 = 2;

/// Runs a parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Some(Command::Build(args)) => build::run(&args),
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Init { dir, .. }) => init::run(&dir),
        Some(Command::L10n(args)) => l10n::run(&args),
        Some(Command::Watch(args)) => watch::run(&args),
        Some(Command::Completions { shell, .. }) => {
            use clap::CommandFactory;
            let mut cmd = Cli::command();
            clap_complete::generate(shell, &mut cmd, "memorandum", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        None => build::run(&cli.build),
    }
}

/// Prints diagnostics in the chosen format.
pub fn print_diagnostics(diagnostics: &[Diagnostic], sources: &Sources, format: MessageFormat) {
    match format {
        MessageFormat::Json => {
            let mut out = String::new();
            for d in diagnostics {
                out.push_str(&d.to_json());
                out.push('\n');
            }
            print!("{out}");
        }
        MessageFormat::Human => {
            if !diagnostics.is_empty() {
                eprint!("{}", render_text(diagnostics, sources, color()));
            }
        }
    }
}

/// Colours only on a terminal, and never with `NO_COLOR` set.
fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Prints a failure and returns its exit status.
pub fn fail(failure: &Failure, format: MessageFormat) -> ExitCode {
    print_diagnostics(&failure.diagnostics, &failure.sources, format);
    let errors = failure.diagnostics.iter().filter(|d| d.is_error()).count();
    eprintln!(
        "error: stopped with {errors} problem{}; nothing was written",
        if errors == 1 { "" } else { "s" }
    );
    ExitCode::from(if failure.usage {
        EXIT_USAGE
    } else {
        EXIT_PROBLEMS
    })
}

/// Resolves what the user typed into the settings of a build or a check, once:
/// languages, formats (all when none are given), policies, templates, base URL,
/// output folder (default `ROOT/output`, never inside a source folder) and
/// `SOURCE_DATE_EPOCH`. A usage error says what is wrong.
pub fn settings(
    common: &crate::cli::Common,
    policies: &crate::cli::Policies,
    out: Option<&std::path::Path>,
    formats: &[String],
) -> Result<crate::pipeline::Settings, String> {
    use crate::render::Format;
    let languages = languages(&policies.lang)?;
    let formats: Vec<Format> = Format::ALL
        .into_iter()
        .filter(|f| formats.is_empty() || formats.iter().any(|a| a == f.extension()))
        .collect();
    let (templates, base_url) = site(&policies.site)?;
    let root = common.root.clone();
    let out = out.map_or_else(|| root.join("output"), std::path::Path::to_path_buf);
    check_out(&root, &out, templates.as_deref())?;
    crate::model::check_source_date_epoch()?;
    Ok(crate::pipeline::Settings {
        root,
        out,
        languages,
        missing: missing(policies.missing),
        stale_is_error: policies.stale == crate::cli::StalePolicy::Error,
        pseudo: policies.pseudo,
        formats,
        templates,
        base_url,
        source_date_epoch: crate::model::source_date_epoch(),
    })
}

/// Parses `--lang` values; `None` when none were given.
pub fn languages(values: &[String]) -> Result<Option<Vec<Lang>>, String> {
    if values.is_empty() {
        return Ok(None);
    }
    values
        .iter()
        .map(|v| Lang::parse(v.trim()).map_err(|e| format!("--lang: {e}")))
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// The library's policy for `--missing`.
pub fn missing(policy: crate::cli::MissingPolicy) -> crate::i18n::Missing {
    match policy {
        crate::cli::MissingPolicy::Error => crate::i18n::Missing::Error,
        crate::cli::MissingPolicy::Warn => crate::i18n::Missing::Warn,
        crate::cli::MissingPolicy::Fallback => crate::i18n::Missing::Fallback,
    }
}

/// Reports a usage error the way clap does.
pub fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(EXIT_USAGE)
}

/// Resolves `--templates` and `--base-url`.
pub fn site(
    args: &crate::cli::SiteArgs,
) -> Result<(Option<std::path::PathBuf>, Option<url::Url>), String> {
    Ok((
        templates_dir(args.templates.as_deref())?,
        base_url(args.base_url.as_deref())?,
    ))
}

/// Parses `--base-url`: an absolute http(s) URL, given a final `/` so that edition
/// paths join under it rather than replace its last segment.
fn base_url(value: Option<&str>) -> Result<Option<url::Url>, String> {
    let Some(value) = value else { return Ok(None) };
    let mut url = url::Url::parse(value.trim()).map_err(|e| {
        format!(
            "--base-url {value}: {e}; give an absolute URL such as https://example.org/memorandum/"
        )
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(format!(
            "--base-url {value}: the URL must start with http:// or https:// and name a host"
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "--base-url {value}: remove the ?query or #fragment"
        ));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(Some(url))
}

/// Refuses an output folder inside a source folder (`--out templates`): the build
/// would write among the files it reads, and read its own output next time. Also
/// refused: an empty `--out`, the root of the file system, and any folder inside
/// a `.git` folder (links resolved).
pub fn check_out(
    root: &std::path::Path,
    out: &std::path::Path,
    templates: Option<&std::path::Path>,
) -> Result<(), String> {
    if out.as_os_str().is_empty() {
        return Err(
            "--out \"\": the output folder is empty; give a folder, such as ./output (an unset variable in a script gives an empty --out)"
                .to_owned(),
        );
    }
    let out_abs = resolved(out);
    // `--out "$DIR/"` with DIR unset is `/`: the build would write its
    // folders into the root of the file system.
    if out_abs.parent().is_none() {
        return Err(format!(
            "--out {}: the output folder would be the root of the file system; give a folder of its own, such as ./output (an unset variable in `--out \"$DIR/\"` gives /)",
            out.display()
        ));
    }
    // Files written among git's own would damage the repository.
    if out_abs.components().any(|c| c.as_os_str() == ".git") {
        return Err(format!(
            "--out {}: the output folder would be inside a `.git` folder ({}), where git keeps the repository; give a folder outside it, such as ./output",
            out.display(),
            out_abs.display()
        ));
    }
    let sources = ["content", "locales", "templates"]
        .iter()
        .map(|d| root.join(d))
        .chain(templates.map(std::path::Path::to_path_buf));
    for src in sources {
        if let Ok(src) = src.canonicalize()
            && out_abs.starts_with(&src)
        {
            return Err(format!(
                "--out {}: the output folder would be inside {}, which the build reads; choose a folder of its own (the default is ROOT/output)",
                out.display(),
                src.display()
            ));
        }
    }
    Ok(())
}

/// `path` made absolute, with the links of its existing part resolved.
fn resolved(path: &std::path::Path) -> std::path::PathBuf {
    let mut existing = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_owned());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    out.extend(rest.iter().rev());
    out
}

/// Checks `--templates DIR` names a folder.
fn templates_dir(dir: Option<&std::path::Path>) -> Result<Option<std::path::PathBuf>, String> {
    match dir {
        Some(d) if !d.is_dir() => Err(format!(
            "--templates {}: no such folder; give the folder holding the templates to use instead of the built-in ones",
            d.display()
        )),
        other => Ok(other.map(std::path::Path::to_path_buf)),
    }
}

/// The bounds of one command: its time, and the memory the process may hold.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// `--time-limit`, in seconds.
    pub seconds: u64,
    /// `--memory-limit`, in MiB.
    pub memory_mib: u64,
}

impl Limits {
    /// The limits of a command that renders nothing (`l10n`): its time, and
    /// the default memory bound.
    pub fn time(seconds: u64) -> Self {
        Self {
            seconds,
            memory_mib: crate::cli::DEFAULT_MEMORY_LIMIT,
        }
    }
}

/// Which limit a command passed.
#[derive(Debug, Clone, Copy)]
enum Over {
    Time,
    Memory(u64),
}

/// The memory the process holds now, in MiB (resident pages), where the
/// system says (Linux: `/proc/self/status`).
fn resident_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib / 1024)
}

/// What [`within`] does when the time limit passes, once it has said so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnTimeout {
    /// End the process with exit status 1.
    Exit,
    /// `watch`: start again in a fresh process, waiting for the next change
    /// (the stuck build cannot be stopped otherwise).
    RestartWatch,
}

/// The environment variable that tells a restarted `watch` not to build before
/// the next change (its last build ran past the time limit).
pub const WATCH_RESUMED: &str = "MEMORANDUM_WATCH_RESUMED";

/// Replaces this process by the same `watch` command, told to wait for the
/// next change. Returns only if that fails.
fn restart_watch() {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let Ok(exe) = std::env::current_exe() else {
            return;
        };
        eprintln!("watch starts again and waits for the next change");
        let e = std::process::Command::new(exe)
            .args(std::env::args_os().skip(1))
            .env(WATCH_RESUMED, "1")
            .exec();
        eprintln!("error: cannot restart watch: {e}");
    }
}

/// Runs `work`; if it takes longer than `--time-limit`, prints an error and ends
/// the process with exit status 1. A template can loop for ever (tera has no bound
/// on loops), and a build that never ends must not hang a website's CI. Nothing is
/// lost: an output being written is completed by the next build.
pub fn within<T>(
    limits: Limits,
    format: MessageFormat,
    on_timeout: OnTimeout,
    work: impl FnOnce() -> T,
) -> T {
    let limit = std::time::Duration::from_secs(limits.seconds);
    let (done, wait) = std::sync::mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        let start = std::time::Instant::now();
        // Every few milliseconds: the time, and the memory the process holds
        // (a template that doubles a string in a loop asks for more at each
        // turn, copying the last; it is stopped while it copies).
        let over = loop {
            match wait.recv_timeout(std::time::Duration::from_millis(10)) {
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                _ => return,
            }
            if let Some(held) = resident_mib()
                && held > limits.memory_mib
            {
                break Over::Memory(held);
            }
            if start.elapsed() >= limit {
                break Over::Time;
            }
        };
        use crate::pipeline::Stage;
        let stage = crate::pipeline::stage();
        let (doing, hint) = match (stage, over) {
            (Stage::Loading, Over::Time) => (
                "reading the project",
                "a file may be on a drive that does not answer, or the content very large; if the publication is just long, raise --time-limit",
            ),
            (Stage::Rendering, Over::Time) => (
                "rendering the editions",
                "a template may loop or recurse without end; if the publication is just long, raise --time-limit",
            ),
            (Stage::Rendering, Over::Memory(_)) => (
                "rendering the editions",
                "a template may build a value without bound (a string joined to itself in a loop); if the publication is just very large, raise --memory-limit",
            ),
            (Stage::WaitingForOutput, _) => (
                "waiting for another build to release the output folder",
                "another `memorandum build` or `watch` is writing into the same output folder: let it finish or stop it, or choose another --out",
            ),
            (Stage::Writing, _) => (
                "writing into the output folder",
                "the disk did not take the files in time; what was written is completed by the next build",
            ),
            (Stage::WaitingForLocales, _) => (
                "waiting for another `l10n accept` to release locales/",
                "another `memorandum l10n accept` on this project is still running: let it finish or stop it",
            ),
            (Stage::Loading, Over::Memory(_)) => (
                "reading the project",
                "the content or the translations are very large; if the publication is just large, raise --memory-limit",
            ),
        };
        let d = match over {
            Over::Time => Diagnostic::error(
                "time-limit",
                format!("stopped after {} s, while {doing}", limit.as_secs()),
            ),
            Over::Memory(held) => Diagnostic::error(
                "memory-limit",
                format!(
                    "stopped holding {held} MiB of memory (the limit is {} MiB), while {doing}",
                    limits.memory_mib
                ),
            ),
        }
        .hint(hint);
        print_diagnostics(&[d], &Sources::default(), format);
        if let OnTimeout::RestartWatch = on_timeout {
            restart_watch();
        }
        std::process::exit(i32::from(EXIT_PROBLEMS));
    });
    let result = work();
    drop(done);
    let _ = watchdog.join();
    result
}
