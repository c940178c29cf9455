//! Reading a project root (`content/`, `locales/`, `templates/`) into memory, once,
//! with every problem found along the way.

pub mod content;
pub mod locales;
pub mod templates;
pub mod yaml;

use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Sources};
use crate::model::Publication;

pub use locales::{LocaleFiles, Locales};
pub use templates::Templates;

/// Everything read from a root, and what was wrong with it.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The publication, when the content could be read.
    pub publication: Option<Publication>,
    /// The translation files of each language the publication lists.
    pub locales: Locales,
    /// The template sources.
    pub templates: Templates,
    /// Every file read, for diagnostics.
    pub sources: Sources,
    /// Every problem found.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads and parses the whole root, with the built-in templates replaced by the
/// root's `templates/`; problems go into `diagnostics`.
pub fn load(root: &Path) -> Loaded {
    load_with(root, None)
}

/// As [`load`], with `templates` (`--templates DIR`) replacing templates file by
/// file after the root's own.
pub fn load_with(root: &Path, templates: Option<&Path>) -> Loaded {
    let mut loaded = Loaded::default();
    loaded.publication = content::load(root, &mut loaded);
    let languages = match &loaded.publication {
        Some(publication) => publication.languages.clone(),
        // The content did not say which languages: still check every locale
        // folder, so one run reports the translators' problems too.
        None => locale_folders(root),
    };
    loaded.locales = locales::load(root, &languages, &mut loaded);
    if let Some(publication) = &mut loaded.publication
        && let Some(reference) = loaded.locales.by_lang.get(&publication.reference_language)
    {
        // A project's description is optional: the reference text decides. A
        // message missing altogether is reported as such, so only a message
        // without the attribute drops it.
        publication.drop_absent_descriptions(|m| {
            reference
                .messages
                .get(m.id.as_str())
                .is_none_or(|e| e.pattern(m.attr.as_deref()).is_some())
        });
    }
    loaded.templates = templates::load(root, templates, &mut loaded);
    loaded
}

/// The language folders under `locales/`, sorted.
pub(crate) fn locale_folders(root: &Path) -> Vec<crate::model::Lang> {
    let Ok(entries) = std::fs::read_dir(root.join("locales")) else {
        return Vec::new();
    };
    let mut langs: Vec<crate::model::Lang> = entries
        .filter_map(Result::ok)
        .filter(|e| std::fs::metadata(e.path()).is_ok_and(|m| m.is_dir()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter_map(|name| crate::model::Lang::parse(&name).ok())
        .collect();
    langs.sort();
    langs
}

/// The largest file read: far above any real publication (a thousand pages of
/// text are a few MiB), low enough that a stray file cannot exhaust memory.
pub const MAX_FILE_BYTES: u64 = 32 << 20;

/// Reads `root/rel` as UTF-8, remembering it for snippets. A missing or unreadable
/// file becomes a diagnostic naming it.
pub(crate) fn read_source(root: &Path, rel: &str, loaded: &mut Loaded) -> Option<Arc<str>> {
    let path = root.join(rel);
    let bytes = match crate::fsx::read(&path, MAX_FILE_BYTES, true) {
        Ok(bytes) => bytes,
        Err(crate::fsx::ReadError::TooLarge(_)) => {
            loaded.diagnostics.push(
                Diagnostic::error(
                    "file-too-large",
                    format!(
                        "{rel} is {}; a content, translation or template file may have at most {}",
                        match std::fs::metadata(&path) {
                            Ok(m) if m.len() > MAX_FILE_BYTES =>
                                format!("{:.1} MiB", m.len() as f64 / f64::from(1 << 20)),
                            _ => format!("more than {}", crate::fsx::size(MAX_FILE_BYTES)),
                        },
                        crate::fsx::size(MAX_FILE_BYTES)
                    ),
                )
                .in_file(rel)
                .hint("split it into several files, or check that it is the file you meant"),
            );
            return None;
        }
        Err(crate::fsx::ReadError::NotAFile(what)) => {
            loaded.diagnostics.push(
                Diagnostic::error("not-a-file", format!("{rel} is {what}, not a regular file"))
                    .in_file(rel)
                    .hint("memorandum reads only regular files (or links to them): put the file itself there"),
            );
            return None;
        }
        Err(crate::fsx::ReadError::Io(e)) => {
            loaded.diagnostics.push(
                Diagnostic::error("io", format!("cannot read {}: {e}", path.display()))
                    .in_file(rel)
                    .hint("check that the file exists and that --root points at the project"),
            );
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            // A byte-order mark is not text: editors on Windows add one. More
            // than one (an editor and a script each adding theirs) is said.
            let marks = text.chars().take_while(|c| *c == '\u{feff}').count();
            text.drain(..marks * '\u{feff}'.len_utf8());
            if marks > 1 {
                loaded.diagnostics.push(
                    Diagnostic::warning(
                        "encoding",
                        format!(
                            "{rel} starts with {marks} byte-order marks (U+FEFF); they were ignored"
                        ),
                    )
                    .in_file(rel)
                    .hint("save the file as UTF-8 once more: two tools each added a mark"),
                );
            }
            // One spelling of each character: an accent typed as a combining
            // mark would be drawn on the wrong letter in the PDF and defeat
            // every comparison. Positions are counted in the text as read,
            // after this.
            if let std::borrow::Cow::Owned(normal) = crate::model::nfc(&text) {
                text = normal;
            }
            bidi_controls(rel, &text, loaded);
            let text: Arc<str> = Arc::from(text);
            loaded.sources.insert(rel, text.clone());
            Some(text)
        }
        Err(e) => {
            loaded
                .diagnostics
                .push(not_utf8(rel, &e).hint("save the file as UTF-8"));
            None
        }
    }
}

/// Every bidirectional control character of `text` (the file `rel`), as an
/// error at its place: anywhere in a source file, such a character makes the
/// file read otherwise than it is, and in a value it reorders the page.
fn bidi_controls(rel: &str, text: &str, loaded: &mut Loaded) {
    for (at, c) in text
        .char_indices()
        .filter(|(_, c)| crate::model::is_bidi_control(*c))
    {
        loaded.diagnostics.push(
            Diagnostic::error(
                "bidi-control",
                format!("{rel} contains {}", crate::model::bidi_refusal(c)),
            )
            .at(rel, text, at..at + c.len_utf8())
                .hint("remove it: an edition's direction comes from its language (`dir=\"rtl\"` for ar, he, fa…); a right-to-left text may use the marks U+200E and U+200F"),
        );
    }
}

/// `rel` is not UTF-8: an `encoding` error at the first byte that is not.
pub(crate) fn not_utf8(rel: &str, e: &std::string::FromUtf8Error) -> Diagnostic {
    let prefix = String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]);
    let (line, column) = crate::diagnostics::line_col(&prefix, prefix.len());
    let mut d = Diagnostic::error("encoding", format!("{rel} is not valid UTF-8")).in_file(rel);
    d.line = Some(line);
    d.column = Some(column);
    d
}

/// The files with extension `ext` directly inside `root/rel`, sorted by name, as
/// paths relative to the root. A missing folder is a diagnostic.
pub(crate) fn list_files(root: &Path, rel: &str, ext: &str, loaded: &mut Loaded) -> Vec<String> {
    let dir = root.join(rel);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) => {
            loaded.diagnostics.push(
                Diagnostic::error("io", format!("cannot read folder {}: {e}", dir.display()))
                    .in_file(rel)
                    .hint("create it, or check --root"),
            );
            return Vec::new();
        }
    };
    let mut files = Vec::new();
    for e in entries.filter_map(Result::ok) {
        let name = match e.file_name().into_string() {
            Ok(name) => name,
            Err(raw) => {
                // Not skipped without a word: the name cannot be shown as it is.
                let shown = raw.to_string_lossy().into_owned();
                if shown.ends_with(ext) && !shown.starts_with('.') {
                    loaded.diagnostics.push(
                        Diagnostic::error(
                            "encoding",
                            format!(
                                "{rel}/{shown} has a name that is not UTF-8, so it is not read"
                            ),
                        )
                        .in_file(format!("{rel}/{shown}"))
                        .hint("rename it with letters the project's other files use"),
                    );
                }
                continue;
            }
        };
        if !name.ends_with(ext) || name.starts_with('.') {
            continue;
        }
        let file = format!("{rel}/{name}");
        // A link to a file is read as the file (translation tools link them); a
        // link to nothing is said, not skipped, and so is a folder named like a
        // file that is read (`x.ftl/`, `publication.html/`), a FIFO or a
        // device: a folder with no extension (`partials`) is a folder.
        match crate::fsx::not_regular(&e.path()) {
            Ok(None) => files.push(file),
            Ok(Some("a folder")) if ext.is_empty() && !name.contains('.') => {}
            Ok(Some(what)) => loaded.diagnostics.push(
                Diagnostic::error("not-a-file", format!("{file} is {what}, not a regular file"))
                    .in_file(&file)
                    .hint("replace it with a file, or rename it so that it is not read as one"),
            ),
            Err(err) => loaded.diagnostics.push(
                Diagnostic::error("io", format!("cannot read {file}: {err}"))
                    .in_file(&file)
                    .hint("it is a link to a file that does not exist: restore the file or remove the link"),
            ),
        }
    }
    files.sort();
    files
}
