//! `memorandum l10n status` and `memorandum l10n accept`: the translators' view.

use std::process::ExitCode;

use crate::cli::{AcceptArgs, L10nArgs, L10nCommand, StatusArgs};
use crate::diagnostics::Diagnostic;
use crate::l10n;
use crate::load;
use crate::model::Lang;

/// Runs an `l10n` subcommand.
pub fn run(args: &L10nArgs) -> ExitCode {
    crate::pipeline::set_stage(crate::pipeline::Stage::Loading);
    match &args.action {
        L10nCommand::Status(a) => super::within(
            super::Limits::time(a.time_limit),
            a.common.message_format,
            super::OnTimeout::Exit,
            || status(a),
        ),
        L10nCommand::Accept(a) => super::within(
            super::Limits::time(a.time_limit),
            a.common.message_format,
            super::OnTimeout::Exit,
            || accept(a),
        ),
    }
}

fn status(args: &StatusArgs) -> ExitCode {
    let only = match super::languages(&args.lang) {
        Ok(l) => l,
        Err(e) => return super::usage_error(&e),
    };
    let root = &args.common.root;
    let loaded = match load_with_content(&args.common) {
        Ok(l) => l,
        Err(code) => {
            eprintln!("error: the content could not be read, so the reference language is unknown");
            return code;
        }
    };
    let Some(publication) = &loaded.publication else {
        return ExitCode::from(super::EXIT_PROBLEMS);
    };
    if let Some(only) = &only
        && let Some(bad) = only.iter().find(|l| !publication.languages.contains(l))
    {
        return super::usage_error(&format!(
            "--lang {bad}: the publication has no `{bad}` edition"
        ));
    }
    let (lock, mut lock_problems) = l10n::read_lock(root);
    let reports = l10n::all(
        &loaded.locales,
        &publication.reference_language,
        only.as_deref(),
        &lock,
        &loaded.sources,
    );
    // Problems beside each language's status: the lock file's, syntax errors and
    // duplicates found while reading the files, messages that cannot be resolved,
    // the reference's typography.
    let mut extra: Vec<Diagnostic> = Vec::new();
    extra.append(&mut lock_problems);
    let shown: Vec<&Lang> = reports
        .iter()
        .map(|r| &r.lang)
        .chain([&publication.reference_language])
        .collect();
    extra.extend(
        loaded
            .diagnostics
            .iter()
            .filter(|d| {
                d.file.as_deref().is_some_and(|f| {
                    shown
                        .iter()
                        .any(|l| f.starts_with(&format!("locales/{l}/")))
                })
            })
            .cloned(),
    );
    extra.extend(unresolvable(publication, &loaded, &shown));
    // The reference language has no status of its own, but its typography counts.
    if let Some(reference) = loaded.locales.by_lang.get(&publication.reference_language) {
        extra.extend(crate::typography::check(reference, &loaded.sources));
    }
    let mut all: Vec<Diagnostic> = reports
        .iter()
        .flat_map(|r| r.problems.iter().cloned())
        .chain(extra.iter().cloned())
        .collect();
    crate::diagnostics::sort(&mut all);
    super::print_diagnostics(&all, &loaded.sources, args.common.message_format);
    let in_lang = |d: &&Diagnostic, lang: &Lang| {
        d.file
            .as_deref()
            .is_some_and(|f| f.starts_with(&format!("locales/{lang}/")))
    };
    let mut summaries = Vec::new();
    for r in &reports {
        let mine: Vec<&Diagnostic> = r
            .problems
            .iter()
            .chain(extra.iter().filter(|d| in_lang(d, &r.lang)))
            .collect();
        let errors = mine.iter().filter(|d| d.is_error()).count();
        let warnings = mine.len() - errors;
        let percent = if r.total == 0 {
            100.0
        } else {
            100.0 * r.translated as f64 / r.total as f64
        };
        let line = format!(
            "{}: {}/{} messages translated ({percent:.1} %), {}/{} words; {errors} error{}, {warnings} warning{}",
            r.lang,
            r.translated,
            r.total,
            r.words.0,
            r.words.1,
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" },
        );
        // Coverage goes to stderr in both formats: stdout stays one object per line.
        eprintln!("{line}");
        // Without accepted translations in the lock, a changed French text would
        // go unnoticed: say so, and how to start tracking.
        let tracked = lock.keys().any(|(lang, _)| lang == r.lang.as_str());
        if !tracked {
            eprintln!(
                "{}: stale-translation tracking is off: {} holds no accepted translation for `{}`; once the translation is reviewed, run `memorandum l10n accept {}` and commit {}",
                r.lang,
                l10n::LOCK_FILE,
                r.lang,
                r.lang,
                l10n::LOCK_FILE
            );
        }
        if args.common.message_format == crate::cli::MessageFormat::Json {
            summaries.push(serde_json::json!({
                "kind": "summary",
                "lang": r.lang.as_str(),
                "messages": r.total,
                "translated": r.translated,
                "words": r.words.0,
                "words_total": r.words.1,
                "errors": errors,
                "warnings": warnings,
                "stale_tracking": tracked,
            }));
        }
    }
    // For a dashboard: one summary object per language, always, after the
    // problems (none when there is no problem).
    for summary in summaries {
        println!("{summary}");
    }
    let others: Vec<&Diagnostic> = extra
        .iter()
        .filter(|d| !reports.iter().any(|r| in_lang(d, &r.lang)))
        .collect();
    if !others.is_empty() {
        let errors = others.iter().filter(|d| d.is_error()).count();
        eprintln!(
            "also: {errors} error{}, {} warning{} (the reference language, the lock file)",
            if errors == 1 { "" } else { "s" },
            others.len() - errors,
            if others.len() - errors == 1 { "" } else { "s" },
        );
    }
    if all.iter().any(Diagnostic::is_error) {
        ExitCode::from(super::EXIT_PROBLEMS)
    } else {
        ExitCode::SUCCESS
    }
}

fn accept(args: &AcceptArgs) -> ExitCode {
    let lang = match Lang::parse(&args.lang) {
        Ok(l) => l,
        Err(e) => return super::usage_error(&e),
    };
    let root = &args.common.root;
    let loaded = match load_with_content(&args.common) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let Some(publication) = &loaded.publication else {
        return ExitCode::from(super::EXIT_PROBLEMS);
    };
    if lang == publication.reference_language {
        return super::usage_error(&format!(
            "`{lang}` is the reference language: there is nothing to accept"
        ));
    }
    let (Some(reference), Some(target)) = (
        loaded.locales.by_lang.get(&publication.reference_language),
        loaded.locales.by_lang.get(&lang),
    ) else {
        return super::usage_error(&format!("the publication has no `{lang}` edition"));
    };
    if let Some(unknown) = args
        .ids
        .iter()
        .find(|id| !target.messages.contains_key(*id))
    {
        return super::usage_error(&format!("`{unknown}` is not a message of {lang}"));
    }
    // Two accepts at once must not lose one: the lock file is read, added to
    // and written back under a lock.
    crate::pipeline::set_stage(crate::pipeline::Stage::WaitingForLocales);
    let _locked = match l10n::lock_locales(root) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: cannot lock {}: {e}", root.join("locales").display());
            return ExitCode::from(super::EXIT_PROBLEMS);
        }
    };
    let (mut lock, problems) = l10n::read_lock(root);
    if !problems.is_empty() {
        eprintln!(
            "warning: unreadable lines of {} are dropped",
            l10n::LOCK_FILE
        );
    }
    let n = l10n::accept(&mut lock, reference, target, &args.ids);
    match l10n::write_lock(root, &lock) {
        Ok(()) => {
            eprintln!(
                "recorded {n} message{} of {lang} as reviewed in {}",
                if n == 1 { "" } else { "s" },
                l10n::LOCK_FILE
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!(
                "error: cannot write {}: {e}",
                root.join(l10n::LOCK_FILE).display()
            );
            ExitCode::from(super::EXIT_PROBLEMS)
        }
    }
}

/// Reads the root; when the content cannot be read (so the languages are unknown),
/// prints why and gives the exit status.
fn load_with_content(common: &crate::cli::Common) -> Result<load::Loaded, ExitCode> {
    let loaded = load::load(&common.root);
    if loaded.publication.is_none() {
        super::print_diagnostics(&loaded.diagnostics, &loaded.sources, common.message_format);
        return Err(ExitCode::from(super::EXIT_PROBLEMS));
    }
    Ok(loaded)
}

/// The messages of `languages` that Fluent cannot resolve with the values the
/// content gives them (`DATETIME($workshops)` given a number, a cyclic reference),
/// or whose Markdown is refused once formatted (nested too deep, a block): a build
/// would refuse them, so the translator sees them here too.
fn unresolvable(
    publication: &crate::model::Publication,
    loaded: &load::Loaded,
    languages: &[&Lang],
) -> Vec<Diagnostic> {
    let localizer = crate::i18n::Localizer::new(&loaded.locales);
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for lang in languages {
        let Some(files) = loaded.locales.by_lang.get(*lang) else {
            continue;
        };
        for m in publication.messages() {
            let id = m.id.as_str();
            if !localizer.has(lang, id, m.attr.as_deref())
                || !seen.insert((lang.to_string(), id.to_owned(), m.attr.clone()))
            {
                continue;
            }
            if let Err(e) = localizer.format(lang, id, m.attr.as_deref(), &m.args)
                && let Some(entry) = files.messages.get(id)
            {
                let source = loaded.sources.get(&entry.loc.file).unwrap_or_default();
                out.push(
                    Diagnostic::error(e.code, e.message)
                        .at(entry.loc.file.clone(), source, entry.loc.span.clone())
                        .hint("correct the message: the build refuses it"),
                );
            }
        }
    }
    out
}
