//! Problems found in the content, translations and templates: each with a code,
//! file, line and column, printed for people (with a source snippet) or as JSON lines.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Stops the build.
    Error,
    /// Reported; the build goes on.
    Warning,
}

/// One problem, located where it can be.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable, kebab-case code such as `missing-message`.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// The file, relative to the project root, with `/` separators.
    pub file: Option<String>,
    /// 1-based line.
    pub line: Option<usize>,
    /// 1-based column, in characters.
    pub column: Option<usize>,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The byte range in the file, for the snippet.
    #[serde(skip)]
    pub span: Option<Range<usize>>,
}

impl Diagnostic {
    /// An error with no location yet.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            code,
            message: message.into(),
            file: None,
            line: None,
            column: None,
            hint: None,
            span: None,
        }
    }

    /// A warning with no location yet.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(code, message)
        }
    }

    /// Names the file without a position in it.
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// Locates the problem at bytes `span` of `source`, the text of `file`.
    pub fn at(mut self, file: impl Into<String>, source: &str, span: Range<usize>) -> Self {
        let start = floor_char_boundary(source, span.start);
        let end = ceil_char_boundary(source, span.end.max(start));
        let (line, column) = line_col(source, start);
        self.file = Some(file.into());
        self.line = Some(line);
        self.column = Some(column);
        self.span = Some(start..end);
        self
    }

    /// Locates the problem at a 1-based line and column of `source`, the text of `file`.
    pub fn at_line_col(
        self,
        file: impl Into<String>,
        source: &str,
        line: usize,
        column: usize,
    ) -> Self {
        let start = offset_of(source, line, column);
        let end = source[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8());
        self.at(file, source, start..end)
    }

    /// Points the diagnostic at `loc`, quoting the file from `sources` (or naming
    /// the file alone if it was not read).
    pub fn at_loc(self, loc: &Loc, sources: &Sources) -> Self {
        match sources.get(&loc.file) {
            Some(source) => self.at(loc.file.clone(), source, loc.span.clone()),
            None => self.in_file(loc.file.clone()),
        }
    }

    /// Adds what to do about it.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `true` for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// One JSON object on one line.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| String::from("{}"))
    }

    /// The sort key: file, position, code, message, so output never depends on the
    /// order in which parallel checks finished.
    fn sort_key(&self) -> (Option<&str>, usize, usize, &str, &str) {
        (
            self.file.as_deref(),
            self.line.unwrap_or(0),
            self.column.unwrap_or(0),
            self.code,
            &self.message,
        )
    }
}

/// Sorts diagnostics into a stable order and drops exact duplicates.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
}

pub fn floor_char_boundary(source: &str, offset: usize) -> usize {
    let mut at = offset.min(source.len());
    while !source.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_char_boundary(source: &str, offset: usize) -> usize {
    let mut at = offset.min(source.len());
    while !source.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// 1-based line and character column of byte `offset` in `source`.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset);
    let before = &source[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = source[line_start..offset].chars().count() + 1;
    (line, column)
}

/// Byte offset of a 1-based line and character column (clamped to the text).
pub fn offset_of(source: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line.max(1) {
        match source[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return source.len(),
        }
    }
    let line_text = &source[start..];
    let line_end = line_text.find('\n').unwrap_or(line_text.len());
    line_text[..line_end]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(start + line_end, |(i, _)| start + i)
}

/// Where something is: a file (relative to the root) and a byte range in it. One
/// type for every location: content values, translations, template calls.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Loc {
    /// The file, relative to the root.
    pub file: String,
    /// Byte range in the file.
    pub span: Range<usize>,
}

/// The text of every file read, so that diagnostics can quote it.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    files: BTreeMap<String, Arc<str>>,
}

impl Sources {
    /// Remembers `text` as the content of `file`.
    pub fn insert(&mut self, file: impl Into<String>, text: Arc<str>) {
        self.files.insert(file.into(), text);
    }

    /// The names of the files read, sorted.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// The content of `file`, shared, if it was read.
    pub fn get_shared(&self, file: &str) -> Option<Arc<str>> {
        self.files.get(file).cloned()
    }

    /// The content of `file`, if it was read.
    pub fn get(&self, file: &str) -> Option<&str> {
        self.files.get(file).map(|t| &**t)
    }
}

/// Renders diagnostics for a person: `error[code]: message`, the snippet, the hint.
pub fn render_text(diagnostics: &[Diagnostic], sources: &Sources, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = level.primary_title(d.message.as_str()).id(d.code);
        let mut groups: Vec<Group<'_>> = Vec::new();
        let source = d.file.as_deref().and_then(|f| sources.get(f));
        match (&d.file, source, &d.span) {
            (Some(file), Some(source), Some(span)) => {
                groups.push(
                    title.element(
                        Snippet::source(source)
                            .path(file.as_str())
                            .annotation(AnnotationKind::Primary.span(span.clone())),
                    ),
                );
            }
            (Some(file), _, _) => {
                let mut origin = annotate_snippets::Origin::path(file.as_str());
                if let Some(line) = d.line {
                    origin = origin.line(line);
                    if let Some(column) = d.column {
                        origin = origin.char_column(column);
                    }
                }
                groups.push(title.element(origin));
            }
            _ => groups.push(Group::with_title(title)),
        }
        if let Some(hint) = &d.hint {
            groups.push(Group::with_title(
                Level::HELP.secondary_title(hint.as_str()),
            ));
        }
        let _ = writeln!(out, "{}\n", renderer.render(&groups));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let src = "a\nété = x\n";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 2), (2, 1));
        // byte 9 is the `=` after three 1- or 2-byte characters and a space
        let eq = src.find('=').unwrap();
        assert_eq!(line_col(src, eq), (2, 5));
        assert_eq!(offset_of(src, 2, 5), eq);
        assert_eq!(offset_of(src, 9, 1), src.len());
    }

    #[test]
    fn spans_inside_a_character_are_widened() {
        let src = "é = x";
        let d = Diagnostic::error("x", "y").at("f", src, 1..2);
        assert_eq!(d.span, Some(0..2));
        assert_eq!((d.line, d.column), (Some(1), Some(1)));
        let d = Diagnostic::error("x", "y").at("f", src, 40..50);
        assert_eq!(d.span, Some(src.len()..src.len()));
    }

    #[test]
    fn text_rendering_names_file_line_and_hint() {
        let mut sources = Sources::default();
        sources.insert("content/x.yaml", Arc::from("id: a\nlangs: [fr]\n"));
        let d = Diagnostic::error("unknown-field", "unknown field `langs`")
            .at_line_col("content/x.yaml", "id: a\nlangs: [fr]\n", 2, 1)
            .hint("did you mean `languages`?");
        let text = render_text(std::slice::from_ref(&d), &sources, false);
        assert!(
            text.contains("error[unknown-field]: unknown field `langs`"),
            "{text}"
        );
        assert!(text.contains("content/x.yaml:2:1"), "{text}");
        assert!(text.contains("did you mean `languages`?"), "{text}");
        let json: serde_json::Value = serde_json::from_str(&d.to_json()).unwrap();
        assert_eq!(json["line"], 2);
        assert_eq!(json["severity"], "error");
        assert_eq!(json["file"], "content/x.yaml");
    }
}
