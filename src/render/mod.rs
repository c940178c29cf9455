//! Rendering the publication into editions: one backend per format behind a small
//! trait, the tera engine they share, and the render context every template sees.

pub mod html;

pub mod markdown;
pub mod pdf;
pub mod reuse;
pub mod t;

use std::sync::Arc;

use crate::diagnostics::Diagnostic;
use crate::i18n::Localizer;
use crate::load::Templates;
use crate::model::{Lang, Publication};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// A standalone web page.
    Html,
    /// CommonMark/GFM with YAML front matter.
    Md,
    /// A typeset A4 document.
    Pdf,
}

impl Format {
    /// Every format, in output order.
    pub const ALL: [Format; 3] = [Format::Html, Format::Md, Format::Pdf];

    /// The file extension, also the name used on the command line.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Md => "md",
            Format::Pdf => "pdf",
        }
    }

    /// Parses a command-line name.
    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.extension() == name)
    }
}

/// One file to produce: a language (or a pair of languages) in a format.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Edition {
    /// The language; for a bilingual edition, the left column's.
    pub lang: Lang,
    /// The right column's language, for a bilingual edition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pair: Option<Lang>,
    /// The format.
    pub format: Format,
    /// The path under the output folder, with `/` separators.
    pub path: String,
}

impl Edition {
    /// The edition of `publication` in `lang` and `format`: `<lang>/<id>.<ext>`
    /// (`pseudo/<id>.<ext>` for the pseudo-locale).
    pub fn new(publication: &Publication, lang: &Lang, format: Format) -> Self {
        let folder = if lang.as_str() == crate::model::PSEUDO {
            crate::model::PSEUDO_FOLDER
        } else {
            lang.as_str()
        };
        Self {
            lang: lang.clone(),
            pair: None,
            format,
            path: format!("{folder}/{}.{}", publication.id, format.extension()),
        }
    }

    /// The bilingual edition: `<left>-<right>/<id>.<ext>`.
    pub fn bilingual(publication: &Publication, left: &Lang, right: &Lang, format: Format) -> Self {
        Self {
            lang: left.clone(),
            pair: Some(right.clone()),
            format,
            path: format!("{left}-{right}/{}.{}", publication.id, format.extension()),
        }
    }
}

/// The path of `to` relative to the folder of `from` (both under the output
/// folder, with `/` separators): `x.pdf` beside `x.html`, `../nl/x.html` from `fr/`.
pub fn relative(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs
        .iter()
        .zip(&to_parts[..to_parts.len() - 1])
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from_dirs.len() - common);
    out.push_str(&to_parts[common..].join("/"));
    out
}

/// What every backend renders from.
pub struct RenderInput<'a> {
    /// The publication.
    pub publication: &'a Publication,
    /// Every edition of this build, so each can link to the others.
    pub editions: &'a [Edition],
    /// Editions a previous build left in the output folder that this one
    /// keeps (other languages or formats): the index page links them too.
    pub held: &'a [Edition],
    /// The translations.
    pub localizer: &'a Arc<Localizer>,
    /// The templates, compiled when an edition first needs them.
    pub engines: &'a LazyEngines,
    /// The template sources, for error snippets.
    pub templates: &'a Templates,
    /// `--base-url`, ending in `/`: links between editions are absolute under it.
    pub base_url: Option<&'a url::Url>,
    /// `SOURCE_DATE_EPOCH`, checked by the command line: the time stamped on what
    /// is written; else the publication date.
    pub source_date_epoch: Option<i64>,
    /// The publication as the templates see it, made once for every edition
    /// (its maps and lists are shared, not copied); `OnceLock::new()` to start.
    pub publication_value: std::sync::OnceLock<tera::Value>,
    /// `watch`: parts of the last build's outputs to reuse where no change
    /// reached them, and to keep this build's in.
    pub reuse: Option<&'a reuse::Reusing<'a>>,
    /// Warnings the backends raise while rendering (an edition is still
    /// made): taken by the pipeline after rendering.
    pub warnings: std::sync::Mutex<Vec<Diagnostic>>,
}

impl RenderInput<'_> {
    /// The compiled templates: compiled by the first edition that asks, while
    /// the others (the PDFs) go on. A failure is reported once, by
    /// [`LazyEngines::errors`]; here it is an empty list.
    pub fn engines(&self) -> Result<&Engines, Vec<Diagnostic>> {
        self.engines.get(self.templates, self.localizer)
    }

    /// The link from the file at `from` to the file at `to` (both paths under the
    /// output folder): absolute under `--base-url`, else relative.
    pub fn href(&self, from: &str, to: &str) -> String {
        match self.base_url.and_then(|base| base.join(to).ok()) {
            Some(url) => url.to_string(),
            None => relative(from, to),
        }
    }
}

/// A format's renderer. It declares what it needs and what it can make, so that
/// adding a format touches no pipeline code.
pub trait Backend: Sync {
    /// The format this backend writes.
    fn format(&self) -> Format;
    /// The messages the backend itself uses, beside the content's and the
    /// templates' (the PDF's furniture), each with the variables it supplies: they
    /// are validated like template calls, whatever templates are in use.
    fn messages(&self) -> &'static [(&'static str, &'static [&'static str])] {
        &[]
    }
    /// Whether it makes the bilingual edition (two columns).
    fn supports_bilingual(&self) -> bool {
        false
    }
    /// Whether it makes the pseudo-locale edition.
    fn supports_pseudo(&self) -> bool {
        true
    }
    /// Renders one edition into bytes.
    fn render(
        &self,
        edition: &Edition,
        input: &RenderInput<'_>,
    ) -> Result<Vec<u8>, Vec<Diagnostic>>;
}

/// The backend for `format`.
pub fn backend(format: Format) -> &'static dyn Backend {
    match format {
        Format::Html => &html::HtmlBackend,
        Format::Md => &markdown::MarkdownBackend,
        Format::Pdf => &pdf::PdfBackend,
    }
}

/// The templates compiled twice: once escaping for HTML, once escaping for Markdown,
/// each with its own `t`.
pub struct Engines {
    /// For `.html` templates: values are HTML-escaped.
    pub html: tera::Tera,
    /// For `.md` templates: values are Markdown-escaped.
    pub markdown: tera::Tera,
}

/// The template engines, compiled once, when first needed.
#[derive(Default)]
pub struct LazyEngines(std::sync::OnceLock<Result<Engines, Vec<Diagnostic>>>);

impl LazyEngines {
    /// Engines compiled already.
    pub fn ready(engines: Engines) -> Self {
        Self(std::sync::OnceLock::from(Ok(engines)))
    }

    /// The engines, compiled now if they are not yet; an empty list if they
    /// cannot be.
    pub fn get(
        &self,
        templates: &Templates,
        localizer: &Arc<Localizer>,
    ) -> Result<&Engines, Vec<Diagnostic>> {
        // Compiled on this thread alone: a thread waiting in a parallel
        // compile could take another edition's work, which would wait on this
        // very compile.
        self.0
            .get_or_init(|| compile_engines(templates, localizer.clone(), false))
            .as_ref()
            .map_err(|_| Vec::new())
    }

    /// Why the templates do not compile (compiling them if no edition did).
    pub fn errors(&self, templates: &Templates, localizer: &Arc<Localizer>) -> Vec<Diagnostic> {
        match self
            .0
            .get_or_init(|| compile_engines(templates, localizer.clone(), true))
        {
            Ok(_) => Vec::new(),
            Err(e) => e.clone(),
        }
    }
}

/// What `t` produces in an engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    /// HTML, marked safe.
    Html,
    /// Escaped Markdown, marked safe.
    Markdown,
}

/// Compiles the templates and registers `t`. Every syntax error in every template is
/// reported, not only the first.
pub fn engine(
    templates: &Templates,
    localizer: Arc<Localizer>,
) -> Result<Engines, Vec<Diagnostic>> {
    compile_engines(templates, localizer, true)
}

/// [`engine`], both engines at once when `parallel`.
fn compile_engines(
    templates: &Templates,
    localizer: Arc<Localizer>,
    parallel: bool,
) -> Result<Engines, Vec<Diagnostic>> {
    let make = |markup: Markup| -> Result<tera::Tera, Vec<Diagnostic>> {
        let mut tera = tera::Tera::new();
        match markup {
            Markup::Html => tera.autoescape_on([".html"]),
            Markup::Markdown => {
                tera.autoescape_on([".md"]);
                tera.set_escape_fn(escape_markdown_fn);
            }
        }
        t::register(&mut tera, localizer.clone(), markup);
        tera.register_filter("yaml", yaml_string);
        // Every engine compiles every template, so both know the filter; it
        // makes HTML, for the HTML templates.
        tera.register_filter("compounds", compounds);
        tera.add_raw_templates(
            templates
                .sources
                .iter()
                .map(|t| (t.name.as_str(), &*t.source)),
        )
        .map_err(|e| every_syntax_error(&e, templates))?;
        Ok(tera)
    };
    let (html, markdown) = if parallel {
        rayon::join(|| make(Markup::Html), || make(Markup::Markdown))
    } else {
        (make(Markup::Html), make(Markup::Markdown))
    };
    Ok(Engines {
        html: html?,
        markdown: markdown?,
    })
}

/// tera stops at the first error; when it is a syntax error, compile each template
/// alone to report all of them in one run.
fn every_syntax_error(first: &tera::Error, templates: &Templates) -> Vec<Diagnostic> {
    let mut found = vec![tera_diagnostic(first, templates)];
    if matches!(first.kind(), tera::ErrorKind::SyntaxError(_)) {
        found.extend(syntax_errors(templates));
    }
    crate::diagnostics::sort(&mut found);
    found
}

/// The syntax errors of every template, each compiled alone.
pub fn syntax_errors(templates: &Templates) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for t in &templates.sources {
        let mut alone = tera::Tera::new();
        if let Err(e) = alone.add_raw_template(&t.name, &t.source)
            && matches!(e.kind(), tera::ErrorKind::SyntaxError(_))
        {
            found.push(tera_diagnostic(&e, templates));
        }
    }
    found
}

fn escape_markdown_fn(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(crate::markup::escape_markdown(text).as_bytes())
}

/// `{{ value | yaml }}`: a double-quoted YAML scalar, for front matter.
/// The `compounds` filter (HTML): each word with a hard hyphen (words joined
/// by no-break spaces count as one) in `<span class="compound">`, which the
/// stylesheet moves to the next line whole where it fits on one, so a title
/// breaks before « Smart City-ambitienota » rather than after its hyphen; in a
/// narrower heading it still breaks there. Text not marked safe is escaped first.
fn compounds(value: tera::Value, _: tera::Kwargs, _: &tera::State) -> tera::Value {
    let Some(text) = value.as_str() else {
        return value;
    };
    let html = if value.is_safe() {
        text.to_owned()
    } else {
        let mut buf = Vec::new();
        let _ = tera::escape_html(text, &mut buf);
        String::from_utf8(buf).unwrap_or_default()
    };
    let mut out = String::with_capacity(html.len() + 32);
    for (i, word) in html.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let compound = word.char_indices().any(|(at, c)| {
            c == '-'
                && word[..at]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphabetic)
                && word[at + 1..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphabetic)
        }) && !word.contains(['<', '>']);
        if compound {
            out.push_str("<span class=\"compound\">");
            out.push_str(word);
            out.push_str("</span>");
        } else {
            out.push_str(word);
        }
    }
    tera::Value::safe_string(&out)
}

fn yaml_string(value: &str, _: tera::Kwargs, _: &tera::State) -> tera::Value {
    tera::Value::safe_string(&serde_json::to_string(value).unwrap_or_else(|_| "\"\"".to_owned()))
}

/// A tera error met while rendering template `name`: located where tera says;
/// when it says nowhere (the output limit, an error of the writer), at the
/// template being rendered rather than at the folder.
pub fn rendering_error(e: &tera::Error, templates: &Templates, name: &str) -> Diagnostic {
    let d = tera_diagnostic(e, templates);
    if d.file.as_deref() != Some("templates") {
        return d;
    }
    match templates.get(name) {
        Some(t) => d.in_file(t.file.clone()),
        None => d.in_file(format!("templates/{name}")),
    }
}

/// A tera error as a diagnostic: the template's file, 1-based line and column.
pub fn tera_diagnostic(e: &tera::Error, templates: &Templates) -> Diagnostic {
    let (code, report) = match e.kind() {
        tera::ErrorKind::SyntaxError(r) => ("template-syntax", Some(r)),
        tera::ErrorKind::RenderingError(r) => ("template-render", Some(r)),
        _ => ("template", None),
    };
    let mut message = report.map_or_else(|| e.to_string(), |r| r.message().to_owned());
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    let d = Diagnostic::error(code, message).hint(match code {
        "template-syntax" => {
            "fix the template syntax at this position (tera 2, see docs/templates.md)"
        }
        _ => "the template is right but something it uses is not; the message says what",
    });
    let Some(report) = report else {
        // Other errors name their place only in their text: `--> name:line:col`.
        let place = d.message.split("--> ").nth(1).and_then(|rest| {
            let rest = rest.split_whitespace().next()?;
            let mut parts = rest.rsplitn(3, ':');
            let col: usize = parts.next()?.parse().ok()?;
            let line: usize = parts.next()?.parse().ok()?;
            Some((parts.next()?.to_owned(), line, col))
        });
        return match place.and_then(|(name, line, col)| Some((templates.get(&name)?, line, col))) {
            Some((t, line, col)) => {
                // The snippet is shown from the location; keep the sentence.
                let first = d.message.lines().next().unwrap_or_default();
                let sentence = first.trim_start_matches("error: ").to_owned();
                let mut d = d.at_line_col(t.file.clone(), &t.source, line, col);
                d.message = sentence;
                d
            }
            // Some (a circular include) name the template in quotes.
            None => match d
                .message
                .split('\'')
                .skip(1)
                .step_by(2)
                .find_map(|name| templates.get(name))
            {
                Some(t) => d.in_file(t.file.clone()),
                None => d.in_file("templates"),
            },
        };
    };
    let span = report.span();
    match templates.get(report.filename()) {
        Some(t) => {
            let (file, src) = (t.file.clone(), &t.source);
            let start = crate::diagnostics::offset_of(src, span.start_line, span.start_col + 1);
            let end = if span.range.end > span.range.start && span.range.end <= src.len() {
                span.range.end.max(start)
            } else {
                crate::diagnostics::offset_of(src, span.end_line, span.end_col + 1).max(start)
            };
            d.at(file, src, start..end)
        }
        None => {
            let mut d = d.in_file(format!("templates/{}", report.filename()));
            d.line = Some(span.start_line);
            d.column = Some(span.start_col + 1);
            d
        }
    }
}

/// The context every edition's template sees: `lang` (for a bilingual edition, the
/// left column's), `columns` (the edition's languages, left to right),
/// `publication`, `edition`, `languages` (the single-language editions of this
/// format, each with `lang`, `href`, `path`, `current`), `alternates` (those that
/// are not this page), `bilingual_href` (the bilingual edition of this format, if
/// built), `formats` (this edition in the build's other formats, each with `format`
/// and `href`), `x_default_href` (the bilingual edition, this one included),
/// `index_href`, `published_date` (the publication day as YYYY-MM-DD, empty
/// when the content gives only a month or a period), `lastmod` (the day of
/// `SOURCE_DATE_EPOCH`, else `published_date`), `self_href`
/// (this edition's own link) and, with `--base-url`, `base_url`. Every link is
/// made by [`RenderInput::href`] from the one list of this build's editions.
/// The language a page declares (`lang`, `hreflang`): the edition's, but for
/// the pseudo-locale, which declares its reference language with the private-use
/// region `XA` (`fr-XA`), as browsers and checkers know no `qps`.
fn html_lang(lang: &Lang, input: &RenderInput<'_>) -> String {
    if lang.as_str() == crate::model::PSEUDO {
        format!("{}-XA", input.publication.reference_language)
    } else {
        lang.to_string()
    }
}

pub fn context(edition: &Edition, input: &RenderInput<'_>) -> tera::Context {
    // In Markdown a link's address is written between `(` and `)`: one from
    // `--base-url` may hold a `)` or a space, percent-encoded there.
    let href = |from: &str, to: &str| match edition.format {
        Format::Md => crate::markup::markdown_destination(&input.href(from, to)),
        Format::Html | Format::Pdf => input.href(from, to),
    };
    let mut cx = tera::Context::new();
    cx.insert("lang", edition.lang.as_str());
    cx.insert("html_lang", &html_lang(&edition.lang, input));
    insert_directions(&mut cx, &edition.lang, input);
    let mut columns = vec![edition.lang.as_str()];
    if let Some(right) = &edition.pair {
        columns.push(right.as_str());
    }
    cx.insert("columns", &columns);
    cx.insert_value(
        "publication",
        input
            .publication_value
            .get_or_init(|| tera::Value::from_serializable(input.publication))
            .clone(),
    );
    cx.insert("edition", &tera::Value::from_serializable(edition));
    // The pseudo-locale edition links to the others, never the other way round.
    let pseudo = edition.lang.as_str() == crate::model::PSEUDO;
    let languages: Vec<tera::Value> = input
        .editions
        .iter()
        .filter(|e| e.format == edition.format && e.pair.is_none())
        .filter(|e| pseudo || e.lang.as_str() != crate::model::PSEUDO)
        .map(|e| {
            let mut m = tera::Map::new();
            m.insert("lang".into(), tera::Value::from(e.lang.as_str()));
            m.insert(
                "html_lang".into(),
                tera::Value::from(html_lang(&e.lang, input)),
            );
            m.insert(
                "dir".into(),
                tera::Value::from(crate::i18n::direction(&e.lang)),
            );
            m.insert(
                "href".into(),
                tera::Value::from(href(&edition.path, &e.path)),
            );
            m.insert("path".into(), tera::Value::from(e.path.as_str()));
            m.insert(
                "current".into(),
                tera::Value::from(e.lang == edition.lang && edition.pair.is_none()),
            );
            tera::Value::from(m)
        })
        .collect();
    let alternates: Vec<tera::Value> = languages
        .iter()
        .filter(|v| v.get_from_path("current").and_then(tera::Value::as_bool) == Some(false))
        .cloned()
        .collect();
    // The bilingual edition is every page's x-default, its own included.
    if let Some(b) = input
        .editions
        .iter()
        .find(|e| e.format == edition.format && e.pair.is_some())
    {
        let link = href(&edition.path, &b.path);
        if b.path != edition.path {
            cx.insert("bilingual_href", &link);
        }
        cx.insert("x_default_href", &link);
    }
    // The same edition in the other formats of this build (e.g. the PDF to download).
    let formats: Vec<tera::Value> = input
        .editions
        .iter()
        .filter(|e| e.lang == edition.lang && e.pair == edition.pair && e.format != edition.format)
        .map(|e| format_link(e.format, &href(&edition.path, &e.path)))
        .collect();
    cx.insert("formats", &formats);
    cx.insert("languages", &languages);
    cx.insert("alternates", &alternates);
    cx.insert("index_href", &href(&edition.path, "index.html"));
    cx.insert("fonts_href", &fonts_href(input, &edition.path));
    cx.insert("self_href", &href(&edition.path, &edition.path));
    if let Some(base) = input.base_url {
        cx.insert("base_url", base.as_str());
    }
    // Front matter dates are days: the publication's day when the content
    // gives one (none is invented for a month or a season), and the day of
    // SOURCE_DATE_EPOCH for `lastmod`; empty when there is none.
    let published = input.publication.published;
    let day = published
        .date
        .day
        .filter(|_| published.period.is_none())
        .map(|_| published.date.to_string())
        .unwrap_or_default();
    let lastmod = input
        .source_date_epoch
        .map(crate::model::Date::from_unix)
        .map_or_else(|| day.clone(), |d| d.to_string());
    cx.insert("published_date", &day);
    cx.insert("lastmod", &lastmod);
    cx
}

/// `dir`, the direction of `lang` (`ltr`, or `rtl` for Arabic, Hebrew…),
/// and `dirs`, the direction of each language of the publication by tag, so
/// that a page and each block in another language carry their own.
fn insert_directions(cx: &mut tera::Context, lang: &Lang, input: &RenderInput<'_>) {
    cx.insert("dir", crate::i18n::direction(lang));
    let mut dirs = tera::Map::new();
    for l in input
        .publication
        .languages
        .iter()
        .chain(std::iter::once(lang))
    {
        dirs.insert(
            l.to_string().into(),
            tera::Value::from(crate::i18n::direction(l)),
        );
    }
    cx.insert("dirs", &tera::Value::from(dirs));
}

/// `{format, href}`: a link to an edition, as templates see it.
fn format_link(format: Format, href: &str) -> tera::Value {
    let mut m = tera::Map::new();
    m.insert("format".into(), tera::Value::from(format.extension()));
    m.insert("href".into(), tera::Value::from(href));
    tera::Value::from(m)
}

/// The folder of the web fonts ([`WEB_FONTS`]) as linked from the page at
/// `from`: `../fonts/`, or absolute under `--base-url`.
fn fonts_href(input: &RenderInput<'_>, from: &str) -> String {
    let file = input.href(from, "fonts/x");
    file.strip_suffix('x').unwrap_or(&file).to_owned()
}

/// Renders the landing page that links every edition.
pub fn render_index(input: &RenderInput<'_>) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let lang = &input.publication.reference_language;
    let mut cx = tera::Context::new();
    cx.insert("lang", lang.as_str());
    cx.insert("fonts_href", &fonts_href(input, "index.html"));
    insert_directions(&mut cx, lang, input);
    cx.insert_value(
        "publication",
        input
            .publication_value
            .get_or_init(|| tera::Value::from_serializable(input.publication))
            .clone(),
    );
    // This build's editions and those it leaves in place: the index links
    // every edition the output folder holds, in the formats' order.
    let mut all: Vec<&Edition> = input.editions.iter().chain(input.held).collect();
    all.sort_by_key(|e| e.format);
    let mut by_lang: Vec<tera::Value> = Vec::new();
    for l in &input.publication.languages {
        let editions: Vec<tera::Value> = all
            .iter()
            .filter(|e| &e.lang == l && e.pair.is_none())
            .map(|e| format_link(e.format, &input.href("index.html", &e.path)))
            .collect();
        if editions.is_empty() {
            continue;
        }
        let mut m = tera::Map::new();
        m.insert("lang".into(), tera::Value::from(l.as_str()));
        m.insert("dir".into(), tera::Value::from(crate::i18n::direction(l)));
        m.insert("editions".into(), tera::Value::from(editions));
        by_lang.push(tera::Value::from(m));
    }
    cx.insert("languages", &by_lang);
    let bilingual: Vec<tera::Value> = all
        .iter()
        .filter(|e| e.pair.is_some())
        .map(|e| format_link(e.format, &input.href("index.html", &e.path)))
        .collect();
    if let Some(e) = all.iter().find(|e| e.pair.is_some()) {
        let mut m = tera::Map::new();
        let columns: Vec<&str> = [Some(&e.lang), e.pair.as_ref()]
            .into_iter()
            .flatten()
            .map(Lang::as_str)
            .collect();
        m.insert("columns".into(), tera::Value::from_serializable(&columns));
        m.insert("editions".into(), tera::Value::from(bilingual));
        cx.insert("bilingual", &tera::Value::from(m));
    }
    render_bounded(&input.engines()?.html, "index.html", &cx)
        .map_err(|e| vec![rendering_error(&e, input.templates, "index.html")])
}

/// The folder, under the output, of the web fonts: its files go with the HTML
/// editions (written by a build of HTML, kept by a build of other formats).
pub const WEB_FONTS_DIR: &str = "fonts/";

/// The web fonts the HTML editions' stylesheet names, written beside the pages
/// (under `fonts/` in the output): WOFF2 subsets of the PDF's faces, made by
/// `examples/webfonts.rs`, and the fonts' licence.
pub const WEB_FONTS: [(&str, &[u8]); 6] = [
    (
        "fonts/source-serif-4-regular.woff2",
        include_bytes!("webfonts/source-serif-4-regular.woff2"),
    ),
    (
        "fonts/source-serif-4-italic.woff2",
        include_bytes!("webfonts/source-serif-4-italic.woff2"),
    ),
    (
        "fonts/source-serif-4-bold.woff2",
        include_bytes!("webfonts/source-serif-4-bold.woff2"),
    ),
    (
        "fonts/source-sans-3-regular.woff2",
        include_bytes!("webfonts/source-sans-3-regular.woff2"),
    ),
    (
        "fonts/source-sans-3-semibold.woff2",
        include_bytes!("webfonts/source-sans-3-semibold.woff2"),
    ),
    (
        "fonts/LICENSE.txt",
        concat!(
            "The fonts in this folder are subsets of Source Serif 4 and Source Sans 3,\n",
            "made for these pages. Their licences follow.\n\n",
            include_str!("pdf/fonts/OFL-SourceSerif4.txt"),
            "\n\n",
            include_str!("pdf/fonts/OFL-SourceSans3.txt"),
        )
        .as_bytes(),
    ),
];

/// The most a template may write for one file: far above any publication (a
/// thousand-page edition is a few MiB of HTML), low enough that a template that
/// loops or recurses cannot exhaust memory; it stops with an error instead.
pub const MAX_TEMPLATE_OUTPUT: usize = 256 << 20;

/// Renders template `name`, refusing to write more than [`MAX_TEMPLATE_OUTPUT`].
pub fn render_bounded(
    tera: &tera::Tera,
    name: &str,
    cx: &tera::Context,
) -> tera::TeraResult<Vec<u8>> {
    struct Bounded(Vec<u8>);
    impl std::io::Write for Bounded {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.0.len() + buf.len() > MAX_TEMPLATE_OUTPUT {
                return Err(std::io::Error::other(format!(
                    "the template wrote more than {} MiB for one file: does it loop or recurse without end?",
                    MAX_TEMPLATE_OUTPUT >> 20
                )));
            }
            self.0.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut out = Bounded(Vec::new());
    tera.render_to(name, cx, &mut out)?;
    // Kept until the write stage: without the room its doubling left.
    out.0.shrink_to_fit();
    Ok(out.0)
}

#[cfg(test)]
mod tests {
    use super::relative;

    #[test]
    fn relative_paths_climb_only_out_of_what_differs() {
        assert_eq!(relative("fr/x.html", "fr/x.pdf"), "x.pdf");
        assert_eq!(relative("fr/x.html", "fr/x.html"), "x.html");
        assert_eq!(relative("fr/x.html", "nl/x.html"), "../nl/x.html");
        assert_eq!(relative("fr/x.html", "index.html"), "../index.html");
        assert_eq!(relative("index.html", "fr-nl/x.pdf"), "fr-nl/x.pdf");
        assert_eq!(relative("a/b/x.md", "a/c/y.md"), "../c/y.md");
    }
}

#[cfg(test)]
mod compound_tests {
    /// Words with a hard hyphen are wrapped; safe text stays as it is, text
    /// not marked safe is escaped first (a translation cannot inject markup
    /// through the filter).
    #[test]
    fn compounds_are_wrapped_and_text_escaped() {
        let mut tera = tera::Tera::new();
        tera.register_filter("compounds", super::compounds);
        tera.add_raw_template("t", "{{ a | compounds }}|{{ b | safe | compounds }}")
            .unwrap();
        let mut cx = tera::Context::new();
        cx.insert(
            "a",
            "Brussels Smart\u{a0}City-ambitienota <b>x-y</b> 2014-2019",
        );
        cx.insert("b", "Bruxelles-Capitale &amp; co");
        let out = tera.render("t", &cx).unwrap();
        assert_eq!(
            out,
            "Brussels <span class=\"compound\">Smart\u{a0}City-ambitienota</span> \
             <span class=\"compound\">&lt;b&gt;x-y&lt;/b&gt;</span> 2014-2019|\
             <span class=\"compound\">Bruxelles-Capitale</span> &amp; co"
        );
    }
}
