//! Reading `templates/`: the tera sources, and every `t(id="…")` call written in
//! them with a literal id, so that missing messages and variables can be reported
//! for every locale before anything is rendered.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use super::{Loaded, list_files, read_source};

/// A `t(…)` call in a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateCall {
    /// Where the call's id literal is: the template file (relative to the root,
    /// or `(built-in)/…`) and its byte range.
    pub at: crate::diagnostics::Loc,
    /// The message id; `msg.attr` ids are split into id and attribute.
    pub id: String,
    /// The attribute, if the id names one (`id="x", attr="y"`).
    pub attr: Option<String>,
    /// The named arguments passed besides `id`, `attr`, `lang` and `plain`.
    pub args: BTreeSet<String>,
    /// Whether the call passes `args=…`, a map whose keys are only known at render.
    pub has_arg_map: bool,
}

/// One template: its name (the path tera knows it by, e.g. `partials/style.css`),
/// the file it came from, and its text.
#[derive(Debug, Clone)]
pub struct Template {
    /// The name templates use in `include`, `extends` and `import`.
    pub name: String,
    /// Where it came from, for diagnostics: a path (`templates/index.html`, or under
    /// `--templates`), or `(built-in)/index.html` for a default.
    pub file: String,
    /// The text.
    pub source: Arc<str>,
}

/// The templates of a build, by name.
#[derive(Debug, Clone, Default)]
pub struct Templates {
    /// In name order.
    pub sources: Vec<Template>,
    /// Every `t(…)` call with a literal id.
    pub calls: Vec<TemplateCall>,
}

impl Templates {
    /// The template called `name`.
    pub fn get(&self, name: &str) -> Option<&Template> {
        self.sources.iter().find(|t| t.name == name)
    }
}

/// The prefix of the `file` of a default template.
pub const BUILT_IN: &str = "(built-in)";

/// The default templates, compiled into the binary so that an installed
/// `memorandum` works outside this repository. A project's `templates/` folder,
/// then `--templates DIR`, replace them file by file.
pub const DEFAULTS: [(&str, &str); 10] = [
    (
        "bilingual.html",
        include_str!("../../templates/bilingual.html"),
    ),
    ("index.html", include_str!("../../templates/index.html")),
    (
        "partials/alternates.html",
        include_str!("../../templates/partials/alternates.html"),
    ),
    (
        "partials/contents-sub.html",
        include_str!("../../templates/partials/contents-sub.html"),
    ),
    (
        "partials/signature-column.html",
        include_str!("../../templates/partials/signature-column.html"),
    ),
    (
        "partials/signature.html",
        include_str!("../../templates/partials/signature.html"),
    ),
    (
        "partials/signature.md",
        include_str!("../../templates/partials/signature.md"),
    ),
    (
        "partials/style.css",
        include_str!("../../templates/partials/style.css"),
    ),
    (
        "publication.html",
        include_str!("../../templates/publication.html"),
    ),
    (
        "publication.md",
        include_str!("../../templates/publication.md"),
    ),
];

/// Names of keyword arguments of `t` that are not message variables.
pub const CONTROL_ARGS: [&str; 6] = ["id", "attr", "lang", "plain", "args", "capitalize"];

/// The built-in templates, then `root/templates/` if it exists, then `overrides`
/// (`--templates DIR`) if given: a file replaces the template of the same name
/// (`partials/` included), and a file with a new name adds one.
pub fn load(root: &Path, overrides: Option<&Path>, loaded: &mut Loaded) -> Templates {
    let mut by_name: BTreeMap<String, Template> = DEFAULTS
        .iter()
        .map(|(name, source)| {
            let template = Template {
                name: (*name).to_owned(),
                file: format!("{BUILT_IN}/{name}"),
                source: Arc::from(*source),
            };
            // Read files are remembered by `read_source`; the built-in texts are
            // remembered here, so that diagnostics can quote them too.
            loaded
                .sources
                .insert(&template.file, template.source.clone());
            ((*name).to_owned(), template)
        })
        .collect();
    if root.join("templates").is_dir() {
        read_folder(root, "templates", loaded, &mut by_name);
    }
    if let Some(dir) = overrides {
        // The folder is named as the user typed it, relative to the working
        // directory, not to the root.
        let rel = dir.to_string_lossy().trim_end_matches('/').to_owned();
        read_folder(Path::new(""), &rel, loaded, &mut by_name);
    }
    let sources: Vec<Template> = by_name.into_values().collect();
    let calls = sources
        .iter()
        .flat_map(|t| scan_calls(&t.file, &t.source))
        .collect();
    Templates { sources, calls }
}

/// Reads the files of `base/rel` and of `base/rel/partials` into `by_name`.
fn read_folder(
    base: &Path,
    rel: &str,
    loaded: &mut Loaded,
    by_name: &mut BTreeMap<String, Template>,
) {
    let mut files = list_files(base, rel, "", loaded);
    let partials = format!("{rel}/partials");
    if base.join(&partials).is_dir() {
        files.extend(list_files(base, &partials, "", loaded));
    }
    for file in files {
        let Some(source) = read_source(base, &file, loaded) else {
            continue;
        };
        let name = file
            .strip_prefix(rel)
            .unwrap_or(&file)
            .trim_start_matches('/')
            .to_owned();
        by_name.insert(name.clone(), Template { name, file, source });
    }
}

/// Finds `t(…)` calls inside `{{ … }}` and `{% … %}`.
pub fn scan_calls(file: &str, source: &str) -> Vec<TemplateCall> {
    let mut calls = Vec::new();
    let bytes = source.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        let open = &bytes[i..i + 2];
        if open == b"{{" || open == b"{%" {
            let close: &[u8] = if open == b"{{" { b"}}" } else { b"%}" };
            let end = find(bytes, i + 2, close).unwrap_or(bytes.len());
            scan_tag(file, source, i + 2, end, &mut calls);
            i = end + 2;
        } else {
            i += 1;
        }
    }
    calls
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn scan_tag(file: &str, source: &str, start: usize, end: usize, calls: &mut Vec<TemplateCall>) {
    let bytes = source.as_bytes();
    let mut i = start;
    while i + 1 < end {
        let prev_is_ident = i > 0
            && (bytes[i - 1].is_ascii_alphanumeric()
                || bytes[i - 1] == b'_'
                || bytes[i - 1] == b'.');
        if bytes[i] == b't' && bytes[i + 1] == b'(' && !prev_is_ident {
            let (call, next) = parse_call(file, source, i + 2, end);
            if let Some(call) = call {
                calls.push(call);
            }
            i = next;
        } else {
            i += 1;
        }
    }
}

/// Parses `name=expr, …)` from `i`; returns the call (if its id is a literal) and
/// where parsing stopped.
fn parse_call(file: &str, source: &str, mut i: usize, end: usize) -> (Option<TemplateCall>, usize) {
    let bytes = source.as_bytes();
    let mut id: Option<(String, std::ops::Range<usize>)> = None;
    let mut attr = None;
    let mut args = BTreeSet::new();
    let mut has_arg_map = false;
    loop {
        while i < end && (bytes[i].is_ascii_whitespace() || bytes[i] == b',') {
            i += 1;
        }
        if i >= end || bytes[i] == b')' {
            break;
        }
        let name_start = i;
        while i < end && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
            i += 1;
        }
        let name = &source[name_start..i];
        while i < end && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if name.is_empty() || i >= end || bytes[i] != b'=' {
            return (None, i.max(name_start + 1));
        }
        i += 1;
        while i < end && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let value_start = i;
        let mut depth = 0usize;
        while i < end {
            match bytes[i] {
                q @ (b'"' | b'\'' | b'`') => {
                    i += 1;
                    while i < end && bytes[i] != q {
                        i += 1;
                    }
                }
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' if depth == 0 => break,
                b')' | b']' | b'}' => depth -= 1,
                b',' if depth == 0 => break,
                _ => {}
            }
            i += 1;
        }
        let value = source[value_start..i.min(end)].trim();
        let literal = string_literal(value);
        match name {
            "id" => {
                id = literal.map(|s| {
                    let at = value_start + 1;
                    (s.to_owned(), at..at + s.len())
                });
            }
            "attr" => attr = literal.map(str::to_owned),
            "args" => has_arg_map = true,
            _ if CONTROL_ARGS.contains(&name) => {}
            _ => {
                args.insert(name.to_owned());
            }
        }
    }
    let call = id.map(|(id, span)| TemplateCall {
        at: crate::diagnostics::Loc {
            file: file.to_owned(),
            span,
        },
        id,
        attr,
        args,
        has_arg_map,
    });
    (call, i + 1)
}

fn string_literal(value: &str) -> Option<&str> {
    let first = value.chars().next()?;
    if matches!(first, '"' | '\'' | '`') && value.len() >= 2 && value.ends_with(first) {
        Some(&value[1..value.len() - 1])
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in templates are read as a project's are: in NFC, with no
    /// bidirectional control.
    #[test]
    fn built_in_templates_are_composed_and_hold_no_bidi_control() {
        for (name, source) in DEFAULTS {
            assert_eq!(crate::model::nfc(source), source, "{name}");
            assert!(!source.chars().any(crate::model::is_bidi_control), "{name}");
        }
    }

    #[test]
    fn finds_literal_calls_with_their_arguments() {
        let src = "<h1>{{ t(id=\"toc-title\") }}</h1>\n{{ t(id='pages', count=n, lang=l) }} {{ x(id=\"no\") }} t(id=\"text\")\n{{ t(id=s.title.id) }}";
        let calls = scan_calls("templates/a.html", src);
        assert_eq!(calls.len(), 2, "{calls:?}");
        assert_eq!(calls[0].id, "toc-title");
        assert_eq!(&src[calls[0].at.span.clone()], "toc-title");
        assert_eq!(calls[1].id, "pages");
        assert_eq!(calls[1].args.iter().collect::<Vec<_>>(), ["count"]);
    }
}
