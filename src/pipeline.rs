//! The build as named, timed stages: load → validate → render every
//! (language × format) in parallel → write, only if everything succeeded.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Sources};
use crate::i18n::Localizer;
use crate::load::{self, Loaded, LocaleFiles};
use crate::model::{Lang, MessageRef, Publication};
use crate::render::{self, Edition, Format, RenderInput};

/// What to build, resolved from the command line.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The project root (holds `content/`, `locales/`, `templates/`).
    pub root: PathBuf,
    /// Where editions are written.
    pub out: PathBuf,
    /// Languages to build; `None` for all the content lists.
    pub languages: Option<Vec<Lang>>,
    /// Formats to build.
    pub formats: Vec<Format>,
    /// What to show for a missing message.
    pub missing: crate::i18n::Missing,
    /// Whether stale translations fail the build.
    pub stale_is_error: bool,
    /// Also build the pseudo-locale edition into `OUT/pseudo/`.
    pub pseudo: bool,
    /// `--templates DIR`: templates replacing the built-in and root ones.
    pub templates: Option<PathBuf>,
    /// `--base-url`: links between editions are absolute under it.
    pub base_url: Option<url::Url>,
}

pub use crate::output::Output;

/// What a successful check or build produced.
#[derive(Debug)]
pub struct Report {
    /// The publication's id.
    pub publication: String,
    /// The rendered files, sorted by path.
    pub outputs: Vec<Output>,
    /// Files written (the others were already up to date).
    pub written: Vec<String>,
    /// Files of a previous build that no edition writes any more, removed.
    pub removed: Vec<String>,
    /// Warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// The sources read, to print the warnings.
    pub sources: Sources,
    /// How long each stage took.
    pub timings: Vec<(&'static str, Duration)>,
}

/// Why a build stopped: every problem found, and the sources to quote them.
#[derive(Debug)]
pub struct Failure {
    /// The problems, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// The files read.
    pub sources: Sources,
    /// `true` when the command line asked for something that does not exist.
    pub usage: bool,
}

impl Failure {
    fn new(mut diagnostics: Vec<Diagnostic>, sources: Sources) -> Self {
        crate::diagnostics::sort(&mut diagnostics);
        Self {
            diagnostics,
            sources,
            usage: false,
        }
    }
}

/// Loads, checks and renders everything in memory; writes nothing.
pub fn render_all(settings: &Settings) -> Result<Report, Failure> {
    let mut timings = Vec::new();
    let t = Instant::now();
    let loaded = load::load_with(&settings.root, settings.templates.as_deref());
    timings.push(("load", t.elapsed()));

    let Loaded {
        publication,
        locales,
        templates,
        sources,
        mut diagnostics,
    } = loaded;
    let Some(publication) = publication else {
        // Without content nothing can be rendered; the templates can still be
        // checked for syntax errors, so one run reports those too.
        diagnostics.extend(render::syntax_errors(&templates));
        return Err(Failure::new(diagnostics, sources));
    };
    let languages = match select_languages(&publication, settings.languages.as_deref()) {
        Ok(l) => l,
        Err(d) => {
            let mut f = Failure::new(vec![d], sources);
            f.usage = true;
            return Err(f);
        }
    };

    let t = Instant::now();
    let mut localizer = Localizer::new(&locales)
        .with_missing(settings.missing, publication.reference_language.clone());
    if settings.pseudo {
        localizer = localizer.with_pseudo(&publication.reference_language);
    }
    let localizer = Arc::new(localizer);
    diagnostics.extend(stale(
        &settings.root,
        &publication,
        &languages,
        &locales,
        &sources,
        settings.stale_is_error,
    ));
    diagnostics.extend(validate(
        &publication,
        &languages,
        &settings.formats,
        &localizer,
        &templates,
        &sources,
    ));
    timings.push(("validate", t.elapsed()));
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Failure::new(diagnostics, sources));
    }

    let t = Instant::now();
    let engines = match render::engine(&templates, localizer.clone()) {
        Ok(e) => e,
        Err(mut d) => {
            diagnostics.append(&mut d);
            return Err(Failure::new(diagnostics, sources));
        }
    };
    let mut editions: Vec<Edition> = languages
        .iter()
        .flat_map(|l| {
            settings
                .formats
                .iter()
                .map(|f| Edition::new(&publication, l, *f))
        })
        .collect();
    if settings.pseudo
        && let Ok(pseudo) = Lang::parse(crate::i18n::PSEUDO)
    {
        // HTML and Markdown: fluent-pseudo's letters (Latin Extended-B) are not in
        // the PDF fonts, and the PDF refuses a missing glyph.
        editions.extend(
            settings
                .formats
                .iter()
                .filter(|f| **f != Format::Pdf)
                .map(|f| Edition::new(&publication, &pseudo, *f)),
        );
    }
    // The bilingual edition, in HTML and PDF, when both its languages are built.
    if let Some((left, right)) = &publication.bilingual
        && languages.contains(left)
        && languages.contains(right)
    {
        for format in [Format::Html, Format::Pdf] {
            if settings.formats.contains(&format) {
                editions.push(Edition::bilingual(&publication, left, right, format));
            }
        }
    }
    // Two editions on one path would overwrite each other: refused before rendering
    // (the content's checks make this unreachable from YAML; templates and future
    // editions are held to it too).
    let mut paths = BTreeSet::from(["index.html", crate::manifest::FILE]);
    for e in &editions {
        if !paths.insert(e.path.as_str()) {
            diagnostics.push(
                Diagnostic::error(
                    "edition-collision",
                    format!("two editions would be written to {}", e.path),
                )
                .in_file(load::content::MAIN_FILE)
                .hint("give every language of `languages:` its own tag, distinct from the bilingual pair's folder and from `pseudo`"),
            );
        }
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Failure::new(diagnostics, sources));
    }
    let input = RenderInput {
        publication: &publication,
        editions: &editions,
        localizer: &localizer,
        engines: &engines,
        templates: &templates,
        base_url: settings.base_url.as_ref(),
    };
    let mut results: Vec<Result<Output, Vec<Diagnostic>>> = editions
        .par_iter()
        .map(|e| {
            render::backend(e.format)
                .render(e, &input)
                .map(|bytes| Output {
                    path: e.path.clone(),
                    bytes,
                    languages: [Some(&e.lang), e.pair.as_ref()]
                        .into_iter()
                        .flatten()
                        .map(Lang::to_string)
                        .collect(),
                })
        })
        .collect();
    if !editions.is_empty() {
        results.push(
            render::render_index(&input)
                .map(|bytes| Output {
                    path: "index.html".into(),
                    bytes,
                    languages: languages.iter().map(Lang::to_string).collect(),
                })
                .map_err(|d| vec![d]),
        );
    }
    timings.push(("render", t.elapsed()));
    let mut outputs = Vec::new();
    for r in results {
        match r {
            Ok(o) => outputs.push(o),
            Err(mut d) => diagnostics.append(&mut d),
        }
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Failure::new(diagnostics, sources));
    }
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    let t = Instant::now();
    diagnostics.extend(crate::links::check(
        &outputs,
        settings.base_url.as_ref(),
        &settings.out,
    ));
    timings.push(("links", t.elapsed()));
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Failure::new(diagnostics, sources));
    }
    crate::diagnostics::sort(&mut diagnostics);
    Ok(Report {
        publication: publication.id.to_string(),
        outputs,
        written: Vec::new(),
        removed: Vec::new(),
        diagnostics,
        sources,
        timings,
    })
}

/// Renders everything, then writes it under `settings.out` with its manifest as one
/// transaction, removing the files a previous build wrote for editions that no
/// longer exist (if they still hold what it wrote).
pub fn build(settings: &Settings) -> Result<Report, Failure> {
    let mut report = render_all(settings)?;
    let t = Instant::now();
    let fail = |d: Diagnostic, sources: Sources| Err(Failure::new(vec![d], sources));
    let locked = match crate::output::lock(&settings.out) {
        Ok(l) => l,
        Err(d) => return fail(d, report.sources),
    };
    match crate::output::recover(&locked) {
        Ok(said) => report.diagnostics.extend(said),
        Err(d) => return fail(d, report.sources),
    }
    let previous = match crate::manifest::read(&settings.out) {
        Ok(m) => m,
        Err(why) => {
            // Damaged (a merge conflict in a site's repository): the edition
            // paths are taken as ours, as it named them, and nothing is removed.
            report.diagnostics.push(
                Diagnostic::warning(
                    "manifest-unreadable",
                    format!("{} cannot be read ({why}): no file of a previous build was removed; it is written anew", settings.out.join(crate::manifest::FILE).display()),
                )
                .hint("files of editions that no longer exist, if any, must be removed by hand this once"),
            );
            Some(crate::manifest::Manifest {
                generator: String::new(),
                files: Vec::new(),
            })
        }
    };
    let publication = report.publication.clone();
    let mut manifest = crate::manifest::of(&report.outputs, &publication);
    let mut removals = Vec::new();
    // A build of some languages or formats leaves the other editions as they are;
    // a full build forgets (and removes) what no longer exists.
    if let Some(previous) = &previous {
        let formats: Vec<&str> = settings.formats.iter().map(|f| f.extension()).collect();
        let languages: Option<Vec<String>> = settings
            .languages
            .as_ref()
            .map(|l| l.iter().map(Lang::to_string).collect());
        let others = manifest.carry_over(previous, &settings.out, |e| {
            !formats.contains(&e.format.as_str())
                || languages
                    .as_ref()
                    .is_some_and(|l| e.languages.iter().any(|x| !l.contains(x)))
        });
        if others > 0 {
            report.diagnostics.push(
                Diagnostic::warning(
                    "output-shared",
                    format!(
                        "{} also holds {others} file(s) of another publication: they are kept, and index.html now lists `{publication}` only",
                        settings.out.display()
                    ),
                )
                .hint("give each publication its own output folder (--out)"),
            );
        }
        removals = manifest.removals(previous);
    }
    let manifest_file = Output {
        path: crate::manifest::FILE.to_owned(),
        bytes: manifest.to_json().into_bytes(),
        languages: Vec::new(),
    };
    let files: Vec<&Output> = report
        .outputs
        .iter()
        .chain(std::iter::once(&manifest_file))
        .collect();
    let damaged = previous.as_ref().is_some_and(|m| m.generator.is_empty());
    let ours: BTreeSet<&str> = previous
        .iter()
        .flat_map(|m| m.files.iter().map(|f| f.path.as_str()))
        .chain(previous.is_some().then_some(crate::manifest::FILE))
        .chain(files.iter().filter(|_| damaged).map(|o| o.path.as_str()))
        .collect();
    match crate::output::write(&locked, &files, &removals, &ours) {
        Ok(done) => {
            report.written = done.written;
            report.removed = done.removed;
            report.diagnostics.extend(done.kept);
        }
        Err(d) => return fail(d, report.sources),
    }
    drop(locked);
    report.outputs.push(manifest_file);
    report.timings.push(("write", t.elapsed()));
    Ok(report)
}

fn select_languages(
    publication: &Publication,
    wanted: Option<&[Lang]>,
) -> Result<Vec<Lang>, Diagnostic> {
    let Some(wanted) = wanted else {
        return Ok(publication.languages.clone());
    };
    for lang in wanted {
        if !publication.languages.contains(lang) {
            let listed: Vec<&str> = publication.languages.iter().map(Lang::as_str).collect();
            return Err(Diagnostic::error(
                "usage",
                format!("--lang {lang}: the publication has no `{lang}` edition"),
            )
            .hint(format!("choose among {}", listed.join(", "))));
        }
    }
    // Keep the content's order.
    Ok(publication
        .languages
        .iter()
        .filter(|l| wanted.contains(l))
        .cloned()
        .collect())
}

/// Every check that needs the content and the translations together: messages
/// missing in a language, variables a message needs that nobody supplies, and
/// messages whose Markdown is refused.
pub fn validate(
    publication: &Publication,
    languages: &[Lang],
    formats: &[Format],
    localizer: &Localizer,
    templates: &load::Templates,
    sources: &Sources,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let reference = localizer
        .locales()
        .by_lang
        .get(&publication.reference_language);
    let content = publication.messages();
    for lang in languages {
        let Some(files) = localizer.locales().by_lang.get(lang) else {
            continue;
        };
        let mut seen = BTreeSet::new();
        for m in &content {
            if !seen.insert((
                m.id.as_str(),
                m.attr.as_deref(),
                m.args.keys().collect::<Vec<_>>(),
            )) {
                continue;
            }
            let use_site = content_use_site(m, sources);
            let supplied: BTreeSet<&str> = m.args.keys().map(String::as_str).collect();
            let ok = check_message(
                localizer.missing(),
                files,
                reference,
                lang,
                m.id.as_str(),
                m.attr.as_deref(),
                &supplied,
                false,
                &use_site,
                sources,
                &mut out,
            );
            if ok && let Err(e) = localizer.message(lang, m) {
                let hint = if e.code == "message-markup" {
                    "messages may use inline Markdown only: *emphasis*, **strong**, `code`, [links](https://…)"
                } else {
                    "correct the message, or the value the content gives it under `args:`"
                };
                let d = Diagnostic::error(e.code, e.message).hint(hint);
                out.push(at_message(files, m.id.as_str(), sources, d));
            }
        }
        if formats.contains(&Format::Pdf) {
            let use_site = Diagnostic::error("", "").in_file("src/render/pdf");
            for (id, vars) in render::pdf::MESSAGES {
                let supplied: BTreeSet<&str> = vars.iter().copied().collect();
                check_message(
                    localizer.missing(),
                    files,
                    reference,
                    lang,
                    id,
                    None,
                    &supplied,
                    false,
                    &use_site,
                    sources,
                    &mut out,
                );
            }
        }
        for call in &templates.calls {
            let src = sources.get(&call.file).unwrap_or_default();
            let use_site = Diagnostic::error("", "").at(call.file.clone(), src, call.span.clone());
            let supplied: BTreeSet<&str> = call.args.iter().map(String::as_str).collect();
            check_message(
                localizer.missing(),
                files,
                reference,
                lang,
                &call.id,
                call.attr.as_deref(),
                &supplied,
                call.has_arg_map,
                &use_site,
                sources,
                &mut out,
            );
        }
    }
    out
}

/// Translations whose reference text changed since they were accepted
/// (`locales/l10n.lock`): warnings, or errors when `as_errors`.
fn stale(
    root: &Path,
    publication: &Publication,
    languages: &[Lang],
    locales: &crate::load::Locales,
    sources: &Sources,
    as_errors: bool,
) -> Vec<Diagnostic> {
    let (lock, mut out) = crate::l10n::read_lock(root);
    if lock.is_empty() {
        return out;
    }
    for status in crate::l10n::all(
        locales,
        &publication.reference_language,
        Some(languages),
        &lock,
        sources,
    ) {
        for mut d in status
            .problems
            .into_iter()
            .filter(|d| d.code == "stale-translation")
        {
            if as_errors {
                d.severity = crate::diagnostics::Severity::Error;
            }
            out.push(d);
        }
    }
    out
}

/// Where the content uses a message: its id in the YAML where it is written there,
/// else the main content file.
fn content_use_site(m: &MessageRef, sources: &Sources) -> Diagnostic {
    let id = m.id.as_str();
    let mut candidates = vec![id];
    for prefix in ["org-", "role-", "status-"] {
        if let Some(rest) = id.strip_prefix(prefix) {
            candidates.push(rest);
        }
    }
    if let Some(rest) = id.strip_suffix("-title") {
        candidates.push(rest);
    }
    let mut files: Vec<&str> = vec![load::content::MAIN_FILE];
    files.extend(sources_in(sources, "content/"));
    for file in files {
        let Some(src) = sources.get(file) else {
            continue;
        };
        for c in &candidates {
            if let Some(span) = load::content::find_value(src, c) {
                return Diagnostic::error("", "").at(file, src, span);
            }
        }
    }
    Diagnostic::error("", "").in_file(load::content::MAIN_FILE)
}

fn sources_in<'a>(sources: &'a Sources, prefix: &str) -> Vec<&'a str> {
    sources.files().filter(|f| f.starts_with(prefix)).collect()
}

#[allow(clippy::too_many_arguments)]
fn check_message(
    missing: crate::i18n::Missing,
    files: &LocaleFiles,
    reference: Option<&LocaleFiles>,
    lang: &Lang,
    id: &str,
    attr: Option<&str>,
    supplied: &BTreeSet<&str>,
    open_args: bool,
    use_site: &Diagnostic,
    sources: &Sources,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let shown = attr.map_or(id.to_owned(), |a| format!("{id}.{a}"));
    let entry = files.messages.get(id);
    if entry.and_then(|e| e.pattern(attr)).is_none() {
        let dir = format!("locales/{lang}/");
        let mut hint = match entry {
            Some(_) => match attr {
                Some(a) => format!("add the attribute `.{a}` to `{id}` in {dir}"),
                None => format!(
                    "`{id}` has attributes but no value: write its text after `{id} =`, before its attributes"
                ),
            },
            None => format!("add `{id} = …` to a file in {dir}"),
        };
        if let Some(r) = reference.filter(|r| r.lang != *lang)
            && let Some(e) = r.messages.get(id)
        {
            let (line, col) = sources.get(&e.loc.file).map_or((0, 0), |s| {
                crate::diagnostics::line_col(s, e.loc.span.start)
            });
            hint.push_str(&format!(
                "; the {} text is at {}:{line}:{col}",
                r.lang, e.loc.file
            ));
        }
        let mut d = use_site.clone();
        d.code = "missing-message";
        d.message = format!("message `{shown}` is missing in `{lang}`");
        d.hint = Some(hint);
        match missing {
            crate::i18n::Missing::Error => {}
            crate::i18n::Missing::Warn => {
                d.severity = crate::diagnostics::Severity::Warning;
                d.message.push_str("; shown as its id, marked");
            }
            crate::i18n::Missing::Fallback => {
                d.severity = crate::diagnostics::Severity::Warning;
                d.message
                    .push_str("; shown in the reference language, marked");
            }
        }
        out.push(d);
        return false;
    }
    if open_args {
        return true;
    }
    let needed = files.needed_vars(id, attr);
    let mut ok = true;
    for (var, loc) in &needed {
        if supplied.contains(var.as_str()) {
            continue;
        }
        ok = false;
        let list: Vec<String> = supplied.iter().map(|s| format!("${s}")).collect();
        let list = if list.is_empty() {
            "none".to_owned()
        } else {
            list.join(", ")
        };
        let src = sources.get(&loc.file).unwrap_or_default();
        let where_used = use_site
            .file
            .as_ref()
            .map(|f| {
                format!(
                    " ({}:{}:{})",
                    f,
                    use_site.line.unwrap_or(0),
                    use_site.column.unwrap_or(0)
                )
            })
            .unwrap_or_default();
        out.push(
            Diagnostic::error(
                "missing-variable",
                format!("message `{shown}` in `{lang}` uses `${var}`, which is not supplied where it is used{where_used}; supplied: {list}"),
            )
            .at(loc.file.clone(), src, loc.span.clone())
            .hint(format!("use one of the supplied variables, or supply `{var}` (in the content under `args:`, or in the template call)")),
        );
    }
    ok
}

fn at_message(files: &LocaleFiles, id: &str, sources: &Sources, d: Diagnostic) -> Diagnostic {
    match files.messages.get(id) {
        Some(e) => d.at(
            e.loc.file.clone(),
            sources.get(&e.loc.file).unwrap_or_default(),
            e.loc.span.clone(),
        ),
        None => d,
    }
}
