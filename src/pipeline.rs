//! The build as named, timed stages: load → validate → render every
//! (language × format) in parallel → write, only if everything succeeded.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Sources};
use crate::i18n::Localizer;
use crate::load::{self, LocaleFiles};
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
    /// `SOURCE_DATE_EPOCH`, checked: the time stamped on what is written (the
    /// PDF's dates, the front matter's `lastmod`); else the publication date.
    pub source_date_epoch: Option<i64>,
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
    /// Outputs reused from the last build, which no change reached (`watch`).
    pub reused: usize,
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

/// What `watch` keeps from one build for the next: each output, and parts of
/// them (the PDF's sections laid out), with the messages read to make them, so
/// that an edit renders again only what it reaches (see [`render::reuse`]).
#[derive(Default)]
pub struct Reuse {
    outputs: render::reuse::Pieces<String, Output>,
    parts: render::reuse::Parts,
}

impl std::fmt::Debug for Reuse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reuse")
            .field("parts", &self.parts)
            .finish_non_exhaustive()
    }
}

/// What a command is doing, so that one stopped at its time limit says why
/// it may have taken so long (a template that loops, another build holding
/// the output folder…).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading and checking the project's files.
    Loading,
    /// Rendering the editions: the templates run.
    Rendering,
    /// Waiting for another build to release the output folder.
    WaitingForOutput,
    /// Writing into the output folder.
    Writing,
    /// Waiting for another `l10n accept` to release `locales/`.
    WaitingForLocales,
}

static STAGE: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

const STAGES: [Stage; 5] = [
    Stage::Loading,
    Stage::Rendering,
    Stage::WaitingForOutput,
    Stage::Writing,
    Stage::WaitingForLocales,
];

/// Records what the command is doing now.
pub fn set_stage(stage: Stage) {
    let n = STAGES.iter().position(|s| *s == stage).unwrap_or(0);
    STAGE.store(n as u8, std::sync::atomic::Ordering::Relaxed);
}

/// What the command is doing now.
pub fn stage() -> Stage {
    STAGES
        .get(usize::from(
            STAGE.load(std::sync::atomic::Ordering::Relaxed),
        ))
        .copied()
        .unwrap_or(Stage::Loading)
}

/// Loads, checks and renders everything in memory; writes nothing.
pub fn render_all(settings: &Settings) -> Result<Report, Failure> {
    render_reusing(settings, None)
}

/// As [`render_all`], reusing the outputs of the last build that an edit did not
/// reach, and keeping this build's for the next (`watch`).
pub fn render_reusing(settings: &Settings, reuse: Option<&Reuse>) -> Result<Report, Failure> {
    let mut run = Run::default();
    set_stage(Stage::Loading);
    // A file that cannot be read does not stop the build before validation: one
    // run reports the content's, the translations' and the templates' problems.
    let loaded = run.stage_going_on("load", |d, sources| load(settings, d, sources))?;
    let checked = run.stage("validate", |d, sources| {
        validate_all(settings, loaded, d, sources)
    })?;
    let mut reused = 0;
    set_stage(Stage::Rendering);
    let outputs = run.stage("render", |d, sources| {
        let reusing = reuse.as_ref().map(|r| {
            // The editions held from a previous build are linked by the
            // index: a change among them is a change of every edition's list.
            let listed: Vec<Edition> = checked
                .editions
                .iter()
                .chain(&checked.held)
                .cloned()
                .collect();
            let shared = render::reuse::shared_digest(
                settings,
                sources,
                &checked.publication,
                &checked.templates,
                &listed,
            );
            let reusing = render::reuse::Reusing::new(
                &r.parts,
                shared,
                checked.localizer.locales(),
                &checked.publication.reference_language,
            );
            (reusing, &r.outputs)
        });
        let (outputs, n) = render(settings, &checked, d, reusing.as_ref());
        reused = n;
        // A renderer names a place by its file and bytes: its line and column
        // come from the file's text, which the renderers do not hold.
        for x in d.iter_mut() {
            if let (None, Some(file), Some(span)) = (x.line, x.file.clone(), x.span.clone())
                && let Some(source) = sources.get(&file)
            {
                *x = x.clone().at(file, source, span);
            }
        }
        outputs
    })?;
    run.stage("links", |d, sources| {
        let held: Vec<&str> = checked.held.iter().map(|e| e.path.as_str()).collect();
        let found = crate::links::check(&outputs, &held, settings.base_url.as_ref(), &settings.out);
        d.extend(at_content(found, &checked.publication, sources));
        Some(())
    })?;
    let mut report = run.report(checked.publication.id.to_string(), outputs);
    report.reused = reused;
    Ok(report)
}

/// Renders everything, then writes it under `settings.out` with its manifest as one
/// transaction, removing the files a previous build wrote for editions that no
/// longer exist (if they still hold what it wrote).
pub fn build(settings: &Settings) -> Result<Report, Failure> {
    build_reusing(settings, None)
}

/// As [`build`], rendering only what changed since the last build kept in
/// `reuse` (`watch`).
pub fn build_reusing(settings: &Settings, reuse: Option<&Reuse>) -> Result<Report, Failure> {
    let mut report = render_reusing(settings, reuse)?;
    let t = Instant::now();
    match write(settings, &report.publication, &report.outputs) {
        Ok(written) => {
            report.written = written.done.written;
            report.removed = written.done.removed;
            report.diagnostics.extend(written.warnings);
            report.diagnostics.extend(written.done.kept);
            report.outputs.push(written.manifest);
        }
        Err(d) => return Err(Failure::new(vec![d], report.sources)),
    }
    report.timings.push(("write", t.elapsed()));
    Ok(report)
}

/// Points each `duplicate-anchor` found in a page at the content value that gave
/// the id, when one did (a section named `content`, like the template's `<main>`).
fn at_content(
    found: Vec<Diagnostic>,
    publication: &Publication,
    sources: &Sources,
) -> Vec<Diagnostic> {
    let mut anchors: std::collections::HashMap<&str, &crate::diagnostics::Loc> =
        std::collections::HashMap::new();
    for (id, message) in publication.anchors() {
        if let Some(at) = &message.at {
            anchors.entry(id).or_insert(at);
        }
    }
    found
        .into_iter()
        .map(|d| {
            let id = d.message.rsplit('`').nth(1).unwrap_or_default().to_owned();
            match anchors.get(id.as_str()) {
                Some(at) if d.code == "duplicate-anchor" => d.at_loc(at, sources),
                _ => d,
            }
        })
        .collect()
}

/// The diagnostics, sources and timings of the stages run so far.
#[derive(Default)]
struct Run {
    diagnostics: Vec<Diagnostic>,
    sources: Sources,
    timings: Vec<(&'static str, Duration)>,
}

impl Run {
    /// Runs stage `name`, timed. The stage adds its problems to the diagnostics
    /// (and the files it read to the sources); the build stops after it if there
    /// is an error among them, or if it made nothing.
    fn stage<T>(
        &mut self,
        name: &'static str,
        f: impl FnOnce(&mut Vec<Diagnostic>, &mut Sources) -> Option<T>,
    ) -> Result<T, Failure> {
        let made = self.stage_going_on(name, f)?;
        if self.diagnostics.iter().any(Diagnostic::is_error) {
            return Err(self.failure());
        }
        Ok(made)
    }

    /// As [`Run::stage`], but the build goes on after errors if the stage made
    /// something: the next stage adds its own problems to them.
    fn stage_going_on<T>(
        &mut self,
        name: &'static str,
        f: impl FnOnce(&mut Vec<Diagnostic>, &mut Sources) -> Option<T>,
    ) -> Result<T, Failure> {
        let t = Instant::now();
        let made = f(&mut self.diagnostics, &mut self.sources);
        self.timings.push((name, t.elapsed()));
        made.ok_or_else(|| self.failure())
    }

    /// Every problem so far, as the build's failure.
    fn failure(&mut self) -> Failure {
        let mut failure = Failure::new(
            std::mem::take(&mut self.diagnostics),
            std::mem::take(&mut self.sources),
        );
        failure.usage = failure.diagnostics.iter().any(|d| d.code == "usage");
        failure
    }

    fn report(mut self, publication: String, outputs: Vec<Output>) -> Report {
        crate::diagnostics::sort(&mut self.diagnostics);
        Report {
            publication,
            outputs,
            written: Vec::new(),
            removed: Vec::new(),
            reused: 0,
            diagnostics: self.diagnostics,
            sources: self.sources,
            timings: self.timings,
        }
    }
}

/// What the load stage read: the content, the translations, the templates and the
/// translators' lock file, and the languages this build makes.
struct Sourced {
    publication: Publication,
    locales: load::Locales,
    templates: load::Templates,
    lock: crate::l10n::Lock,
    languages: Vec<Lang>,
}

/// Stage `load`: reads every file (content, locales, templates, the lock file).
/// Without content nothing can be rendered; the templates are still checked for
/// syntax errors, so that one run reports those too.
fn load(settings: &Settings, d: &mut Vec<Diagnostic>, sources: &mut Sources) -> Option<Sourced> {
    let loaded = load::load_with(&settings.root, settings.templates.as_deref());
    let load::Loaded {
        publication,
        locales,
        templates,
        sources: read,
        diagnostics,
    } = loaded;
    *sources = read;
    d.extend(diagnostics);
    let (lock, lock_problems) = crate::l10n::read_lock(&settings.root);
    d.extend(lock_problems);
    let Some(publication) = publication else {
        d.extend(render::syntax_errors(&templates));
        return None;
    };
    let languages = match select_languages(&publication, settings.languages.as_deref()) {
        Ok(l) => l,
        Err(e) => {
            d.push(e);
            return None;
        }
    };
    Some(Sourced {
        publication,
        locales,
        templates,
        lock,
        languages,
    })
}

/// What the validate stage vouches for: every message each edition uses exists,
/// with its variables, and formats; the editions to render.
struct Checked {
    publication: Publication,
    localizer: Arc<Localizer>,
    templates: load::Templates,
    editions: Vec<Edition>,
    /// Editions a previous build wrote into the output folder that this one
    /// leaves in place (other languages or formats): the index links them too.
    held: Vec<Edition>,
    languages: Vec<Lang>,
}

/// Stage `validate`: stale translations, then every message use of the content,
/// the templates and the backends, in every language built.
fn validate_all(
    settings: &Settings,
    loaded: Sourced,
    d: &mut Vec<Diagnostic>,
    sources: &Sources,
) -> Option<Checked> {
    let Sourced {
        publication,
        locales,
        templates,
        lock,
        languages,
    } = loaded;
    let mut localizer = Localizer::new(&locales)
        .with_missing(settings.missing, publication.reference_language.clone());
    if settings.pseudo {
        localizer = localizer.with_pseudo(&publication.reference_language);
    }
    d.extend(stale(
        &publication,
        &languages,
        &locales,
        &lock,
        sources,
        settings.stale_is_error,
    ));
    d.extend(validate(
        &publication,
        &languages,
        &settings.formats,
        &localizer,
        &templates,
        sources,
    ));
    d.extend(locale_data(&publication, &languages, sources));
    let editions = editions(settings, &publication, &languages);
    let held = held_editions(settings, &publication, &editions);
    // Two editions on one path would overwrite each other: refused before
    // rendering (the content's checks make this unreachable from YAML).
    let mut paths = BTreeSet::from(["index.html", crate::manifest::FILE]);
    for e in &editions {
        if !paths.insert(e.path.as_str()) {
            d.push(
                Diagnostic::error(
                    "edition-collision",
                    format!("two editions would be written to {}", e.path),
                )
                .in_file(load::content::MAIN_FILE)
                .hint("give every language of `languages:` its own tag, distinct from the bilingual pair's folder and from `pseudo`"),
            );
        }
    }
    Some(Checked {
        publication,
        localizer: Arc::new(localizer),
        templates,
        editions,
        held,
        languages,
    })
}

/// The editions of this build: each language in each format; the pseudo-locale in
/// the formats whose backend supports it; the bilingual edition in the formats
/// whose backend supports it, when both its languages are built.
fn editions(settings: &Settings, publication: &Publication, languages: &[Lang]) -> Vec<Edition> {
    let mut editions: Vec<Edition> = languages
        .iter()
        .flat_map(|l| {
            settings
                .formats
                .iter()
                .map(|f| Edition::new(publication, l, *f))
        })
        .collect();
    if settings.pseudo
        && let Ok(pseudo) = Lang::parse(crate::model::PSEUDO)
    {
        editions.extend(
            settings
                .formats
                .iter()
                .filter(|f| render::backend(**f).supports_pseudo())
                .map(|f| Edition::new(publication, &pseudo, *f)),
        );
    }
    if let Some((left, right)) = &publication.bilingual
        && languages.contains(left)
        && languages.contains(right)
    {
        editions.extend(
            Format::ALL
                .into_iter()
                .filter(|f| {
                    settings.formats.contains(f) && render::backend(*f).supports_bilingual()
                })
                .map(|f| Edition::bilingual(publication, left, right, f)),
        );
    }
    editions
}

/// A warning for each language built that CLDR has no data for (`xx`, a
/// typo such as `nk`): its dates and numbers are written in the root
/// locale's way, at the place the content lists it.
fn locale_data(
    publication: &Publication,
    languages: &[Lang],
    sources: &Sources,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (k, lang) in publication.languages.iter().enumerate() {
        if !languages.contains(lang) {
            continue;
        }
        let Some(sample) = crate::i18n::locale_fallback(lang) else {
            continue;
        };
        let d = Diagnostic::warning(
            "locale-data",
            format!(
                "`{lang}` has no dates or numbers in CLDR's data: they fall back to the root locale's (26 January 2017 is written « {sample} », numbers 1,234.5)"
            ),
        )
        .hint("check the language's tag (`fr`, `nl`, `de-CH`…); for a language CLDR does not cover, write dates and numbers in its messages as text, without DATETIME or NUMBER");
        out.push(match publication.languages_at.get(k).cloned().flatten() {
            Some(at) => d.at_loc(&at, sources),
            None => d.in_file(load::content::MAIN_FILE),
        });
    }
    out
}

/// The editions a previous build wrote into `settings.out` (its manifest says
/// which) that this build leaves in place: of this publication, in a language
/// or format this build does not make (`--lang`, `--format`), still there.
/// The index page links them beside this build's, so that it links every
/// edition the folder holds, as the manifest lists them.
fn held_editions(
    settings: &Settings,
    publication: &Publication,
    built: &[Edition],
) -> Vec<Edition> {
    let Ok(Some(previous)) = crate::manifest::read(&settings.out) else {
        return Vec::new();
    };
    let mut held: Vec<Edition> = Vec::new();
    for entry in &previous.files {
        if !entry.publication.is_empty() && entry.publication != publication.id.as_str() {
            continue;
        }
        let Some(format) = Format::parse(&entry.format) else {
            continue;
        };
        // What this build makes, it writes or removes: the manifest's rule.
        let concerned = settings.formats.contains(&format)
            && settings.languages.as_ref().is_none_or(|built| {
                entry
                    .languages
                    .iter()
                    .all(|l| built.iter().any(|b| b.as_str() == l))
            });
        if concerned {
            continue;
        }
        let langs: Option<Vec<Lang>> = entry
            .languages
            .iter()
            .map(|l| {
                Lang::parse(l)
                    .ok()
                    .filter(|l| publication.languages.contains(l))
            })
            .collect();
        let edition = match langs.as_deref() {
            Some([l]) => Edition::new(publication, l, format),
            Some([l, r]) if publication.bilingual.as_ref() == Some(&(l.clone(), r.clone())) => {
                Edition::bilingual(publication, l, r, format)
            }
            _ => continue,
        };
        let there =
            std::fs::symlink_metadata(settings.out.join(&edition.path)).is_ok_and(|m| m.is_file());
        if edition.path == entry.path
            && there
            && !built.iter().chain(&held).any(|e| e.path == edition.path)
        {
            held.push(edition);
        }
    }
    held.sort();
    held
}

/// Stage `render`: every edition in parallel, then the index page; sorted by path.
/// With `reuse`, an output that no change reached is reused, and each output
/// rendered is kept with the messages it read; the second value counts the reused.
fn render(
    settings: &Settings,
    checked: &Checked,
    d: &mut Vec<Diagnostic>,
    reuse: Option<&(
        render::reuse::Reusing<'_>,
        &render::reuse::Pieces<String, Output>,
    )>,
) -> (Option<Vec<Output>>, usize) {
    let mut paths: Vec<String> = checked.editions.iter().map(|e| e.path.clone()).collect();
    if !checked.editions.is_empty() {
        paths.push(INDEX.to_owned());
    }
    if let Some((_, outputs)) = reuse {
        outputs.retain(|p| paths.contains(p));
    }
    // What can be reused is decided first.
    let reused: BTreeMap<&str, Output> = match reuse {
        Some((r, outputs)) => paths
            .iter()
            .filter_map(|p| r.reusable(outputs, p).map(|o| (p.as_str(), o)))
            .collect(),
        None => BTreeMap::new(),
    };
    let n_reused = reused.len();
    if n_reused == paths.len() {
        return (Some(reused.into_values().collect()), n_reused);
    }
    let record = || reuse.is_some().then(crate::i18n::Uses::default);
    // Compiled by the first HTML or Markdown edition, while the PDFs start.
    let engines = render::LazyEngines::default();
    let input = RenderInput {
        publication: &checked.publication,
        editions: &checked.editions,
        localizer: &checked.localizer,
        engines: &engines,
        templates: &checked.templates,
        held: &checked.held,
        base_url: settings.base_url.as_ref(),
        source_date_epoch: settings.source_date_epoch,
        publication_value: std::sync::OnceLock::new(),
        reuse: reuse.map(|(r, _)| r),
        warnings: std::sync::Mutex::default(),
    };
    type Rendered = (Result<Output, Vec<Diagnostic>>, Option<crate::i18n::Uses>);
    // The costliest first (PDFs, the bilingual one first), each its own task:
    // a core that is free takes the next, and the longest does not start last.
    let mut order: Vec<&Edition> = checked
        .editions
        .iter()
        .filter(|e| !reused.contains_key(e.path.as_str()))
        .collect();
    order.sort_by_key(|e| (e.format != Format::Pdf, e.pair.is_none()));
    let mut results: Vec<Rendered> = order
        .into_par_iter()
        .with_max_len(1)
        .map(|e| {
            let uses = record();
            let made = crate::i18n::recording(uses.clone(), || {
                render::backend(e.format).render(e, &input)
            });
            let made = made.map(|bytes| Output {
                path: e.path.clone(),
                bytes,
                languages: [Some(&e.lang), e.pair.as_ref()]
                    .into_iter()
                    .flatten()
                    .map(Lang::to_string)
                    .collect(),
            });
            (made, uses)
        })
        .collect();
    if !checked.editions.is_empty() && !reused.contains_key(INDEX) {
        let uses = record();
        let made = crate::i18n::recording(uses.clone(), || render::render_index(&input));
        // The languages the index links: those built and those held.
        let languages = checked
            .publication
            .languages
            .iter()
            .filter(|l| {
                checked.languages.contains(l)
                    || checked
                        .held
                        .iter()
                        .any(|e| &e.lang == *l || e.pair.as_ref() == Some(*l))
            })
            .map(Lang::to_string)
            .collect();
        results.push((
            made.map(|bytes| Output {
                path: INDEX.into(),
                bytes,
                languages,
            }),
            uses,
        ));
    }
    // A template that does not compile, reported once (compiled now if no
    // edition needed the templates).
    d.extend(engines.errors(&checked.templates, &checked.localizer));
    if let Ok(mut w) = input.warnings.lock() {
        d.append(&mut w);
    }
    let mut outputs: Vec<Output> = reused.into_values().collect();
    // The HTML editions' fonts, beside them.
    if checked.editions.iter().any(|e| e.format == Format::Html) {
        outputs.extend(render::WEB_FONTS.iter().map(|(path, bytes)| Output {
            path: (*path).to_owned(),
            bytes: bytes.to_vec(),
            languages: Vec::new(),
        }));
    }
    for (r, uses) in results {
        match r {
            Ok(o) => {
                if let (Some((r, kept)), Some(uses)) = (reuse, &uses) {
                    r.keep(kept, o.path.clone(), &o, uses);
                }
                outputs.push(o);
            }
            Err(mut e) => d.append(&mut e),
        }
    }
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    (Some(outputs), n_reused)
}

/// The landing page's path under the output folder.
const INDEX: &str = "index.html";

/// What the write stage did, and the manifest it wrote.
struct Written {
    done: crate::output::Done,
    warnings: Vec<Diagnostic>,
    manifest: Output,
}

/// Stage `write`: locks the output folder, completes or cleans up a build that
/// was stopped there, plans the manifest from the previous one, and writes
/// everything as one transaction.
fn write(
    settings: &Settings,
    publication: &str,
    outputs: &[Output],
) -> Result<Written, Diagnostic> {
    set_stage(Stage::WaitingForOutput);
    let locked = crate::output::lock(&settings.out)?;
    set_stage(Stage::Writing);
    let mut warnings: Vec<Diagnostic> = crate::output::recover(&locked)?.into_iter().collect();
    let subset = crate::manifest::Subset {
        formats: settings
            .formats
            .iter()
            .map(|f| f.extension().to_owned())
            .collect(),
        languages: settings
            .languages
            .as_ref()
            .map(|l| l.iter().map(Lang::to_string).collect()),
    };
    let plan = crate::manifest::plan(&settings.out, publication, outputs, &subset);
    warnings.extend(plan.warnings);
    let files: Vec<&Output> = outputs.iter().chain(std::iter::once(&plan.file)).collect();
    let ours: BTreeSet<&str> = plan.ours.iter().map(String::as_str).collect();
    let done = crate::output::write(&locked, &files, &plan.removals, &ours)?;
    Ok(Written {
        done,
        warnings,
        manifest: plan.file,
    })
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
    let reference = localizer
        .locales()
        .by_lang
        .get(&publication.reference_language);
    let content = publication.messages();
    // Each language on its own, in parallel; the problems in the languages' order.
    let each: Vec<Vec<Diagnostic>> = languages
        .par_iter()
        .map(|lang| {
            validate_language(
                lang, &content, formats, localizer, reference, templates, sources,
            )
        })
        .collect();
    each.concat()
}

/// [`validate`] for one language.
fn validate_language(
    lang: &Lang,
    content: &[&MessageRef],
    formats: &[Format],
    localizer: &Localizer,
    reference: Option<&LocaleFiles>,
    templates: &load::Templates,
    sources: &Sources,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(files) = localizer.locales().by_lang.get(lang) else {
        return out;
    };
    let mut seen = BTreeSet::new();
    for m in content {
        if !seen.insert((
            m.id.as_str(),
            m.attr.as_deref(),
            m.args.keys().collect::<Vec<_>>(),
        )) {
            continue;
        }
        let use_site = || content_use_site(m, sources);
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
        if !ok {
            continue;
        }
        match localizer.message(lang, m) {
            // An unknown function is reported where it is written, by the loader.
            Err(e) if !e.message.contains("Unknown function") => {
                let hint = if e.code == "message-markup" {
                    "messages may use inline Markdown only: *emphasis*, **strong**, `code`, [links](https://…)"
                } else {
                    "correct the message, or the value the content gives it under `args:`"
                };
                let d = Diagnostic::error(e.code, e.message).hint(hint);
                out.push(at_message(files, m.id.as_str(), sources, d));
            }
            // Every message the content uses is a text a reader needs: one
            // that shows nothing leaves a hole (« , Smart City Manager »).
            // A warning: an edition with an empty side is still laid out
            // level, and a translation in progress may leave one for now.
            Ok(nodes) if crate::model::is_blank(&crate::markup::to_plain(&nodes)) => {
                let d = Diagnostic::warning(
                    "empty-text",
                    format!(
                        "{} shows nothing: it is empty or blank",
                        localizer.describe(lang, m.id.as_str(), m.attr.as_deref())
                    ),
                )
                .hint("write the text this place of the publication needs; the edition shows a hole there until then");
                out.push(at_message(files, m.id.as_str(), sources, d));
            }
            _ => {}
        }
    }
    // The messages each backend uses itself (the PDF's furniture), whatever
    // templates are in use; the use is built into the tool.
    for format in formats {
        let use_site =
            || Diagnostic::error("", "").in_file(format!("(built-in)/{}", format.extension()));
        for (id, vars) in render::backend(*format).messages() {
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
        let use_site = || Diagnostic::error("", "").at_loc(&call.at, sources);
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
    out
}

/// Translations whose reference text changed since they were accepted
/// (`locales/l10n.lock`): warnings, or errors when `as_errors`.
fn stale(
    publication: &Publication,
    languages: &[Lang],
    locales: &crate::load::Locales,
    lock: &crate::l10n::Lock,
    sources: &Sources,
    as_errors: bool,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if lock.is_empty() {
        return out;
    }
    for status in crate::l10n::all(
        locales,
        &publication.reference_language,
        Some(languages),
        lock,
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

/// Where the content uses a message, as loading recorded it; else the main
/// content file.
fn content_use_site(m: &MessageRef, sources: &Sources) -> Diagnostic {
    let d = Diagnostic::error("", "");
    match &m.at {
        Some(loc) => d.at_loc(loc, sources),
        None => d.in_file(load::content::MAIN_FILE),
    }
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
    use_site: &dyn Fn() -> Diagnostic,
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
        let mut d = use_site();
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
        let use_site = use_site();
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
            .at_loc(loc, sources)
            .hint(format!("use one of the supplied variables, or supply `{var}` (in the content under `args:`, or in the template call)")),
        );
    }
    ok
}

fn at_message(files: &LocaleFiles, id: &str, sources: &Sources, d: Diagnostic) -> Diagnostic {
    match files.messages.get(id) {
        Some(e) => d.at_loc(&e.loc, sources),
        None => d,
    }
}
