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
    // A folder or a FIFO where a file belongs is said, never opened: reading
    // a FIFO would wait for a writer for ever.
    if let Ok(meta) = std::fs::metadata(&path)
        && !meta.is_file()
    {
        loaded.diagnostics.push(not_a_file(rel, &meta));
        return None;
    }
    if let Ok(meta) = std::fs::metadata(&path)
        && meta.len() > MAX_FILE_BYTES
    {
        loaded.diagnostics.push(
            Diagnostic::error(
                "file-too-large",
                format!(
                    "{rel} is {:.1} MiB; a content, translation or template file may have at most {} MiB",
                    meta.len() as f64 / f64::from(1 << 20),
                    MAX_FILE_BYTES >> 20
                ),
            )
            .in_file(rel)
            .hint("split it into several files, or check that it is the file you meant"),
        );
        return None;
    }
    match std::fs::read(&path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(mut text) => {
                // A byte-order mark is not text: editors on Windows add one.
                if text.starts_with('\u{feff}') {
                    text.drain(..'\u{feff}'.len_utf8());
                }
                // One spelling of each character: an accent typed as a
                // combining mark would be drawn on the wrong letter in the PDF
                // and defeat every comparison. Positions are counted in the
                // text as read, after this.
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
        },
        Err(e) => {
            loaded.diagnostics.push(
                Diagnostic::error("io", format!("cannot read {}: {e}", path.display()))
                    .in_file(rel)
                    .hint("check that the file exists and that --root points at the project"),
            );
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

/// A folder, FIFO, socket or device at `rel`, where a file belongs.
pub(crate) fn not_a_file(rel: &str, meta: &std::fs::Metadata) -> Diagnostic {
    let what = if meta.is_dir() {
        "a folder"
    } else {
        "not a regular file (a FIFO, a socket or a device)"
    };
    Diagnostic::error(
        "not-a-file",
        format!("{rel} is {what}, where a file belongs"),
    )
    .in_file(rel)
    .hint("replace it with a file, or rename it so that it is not read as one")
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
        let Ok(name) = e.file_name().into_string() else {
            continue;
        };
        if !name.ends_with(ext) || name.starts_with('.') {
            continue;
        }
        let file = format!("{rel}/{name}");
        // A link to a file is read as the file (translation tools link them); a
        // link to nothing is said, not skipped, and so is a folder named like a
        // file that is read (`x.ftl/`, `publication.html/`), or a FIFO: a
        // folder with no extension (`partials`) is a folder.
        match std::fs::metadata(e.path()) {
            Ok(m) if m.is_file() => files.push(file),
            Ok(m) if m.is_dir() && ext.is_empty() && !name.contains('.') => {}
            Ok(m) => loaded.diagnostics.push(not_a_file(&file, &m)),
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
