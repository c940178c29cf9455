//! Reading `locales/<lang>/*.ftl`: each file parsed once with fluent-syntax, syntax
//! errors located, and an index of every message and term with its position, its
//! attributes and what it refers to (variables, messages, terms, functions), so that
//! checks can name file, line and column.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use fluent_bundle::FluentResource;
use fluent_syntax::ast;

use super::{Loaded, list_files, read_source};
use crate::diagnostics::Diagnostic;
use crate::model::Lang;

/// The functions messages may call; both are locale-aware (see `i18n`).
pub const FUNCTIONS: [&str; 2] = ["DATETIME", "NUMBER"];

pub use crate::diagnostics::Loc;

/// A reference from one pattern to a message, term or function.
#[derive(Debug, Clone)]
pub struct Reference {
    /// The id referred to (for terms, without the leading `-`).
    pub id: String,
    /// The attribute referred to, if any.
    pub attr: Option<String>,
    /// Where the reference is written.
    pub loc: Loc,
}

/// What a pattern (a message value or attribute) uses.
#[derive(Debug, Clone, Default)]
pub struct PatternInfo {
    /// Variables, with the first place each is used.
    pub vars: BTreeMap<String, Loc>,
    /// Messages referred to.
    pub messages: Vec<Reference>,
    /// Terms referred to.
    pub terms: Vec<Reference>,
    /// Functions called.
    pub functions: Vec<Reference>,
    /// Select expressions: their variant keys and where the first key is written.
    pub selectors: Vec<Selector>,
    /// Bytes of text written in the pattern itself (every variant's, and
    /// literals'): with what its references expand to, a bound on its length.
    pub text: usize,
}

/// A select expression.
#[derive(Debug, Clone)]
pub struct Selector {
    /// The variant keys (`one`, `other`, `6`…).
    pub keys: Vec<String>,
    /// Where the first key is written.
    pub loc: Loc,
}

/// A message or term definition.
#[derive(Debug, Clone)]
pub struct EntryInfo {
    /// Where its id is written.
    pub loc: Loc,
    /// Its value, if it has one.
    pub value: Option<PatternInfo>,
    /// Its attributes by name.
    pub attributes: BTreeMap<String, PatternInfo>,
}

impl EntryInfo {
    /// The value (`attr == None`) or an attribute.
    pub fn pattern(&self, attr: Option<&str>) -> Option<&PatternInfo> {
        match attr {
            None => self.value.as_ref(),
            Some(a) => self.attributes.get(a),
        }
    }
}

/// One language's translation files.
#[derive(Debug, Clone)]
pub struct LocaleFiles {
    /// The language.
    pub lang: Lang,
    /// The parsed files, in name order, with their paths relative to the root.
    pub resources: Vec<(String, Arc<FluentResource>)>,
    /// Every message, by id.
    pub messages: BTreeMap<String, EntryInfo>,
    /// Every term, by id without the `-`.
    pub terms: BTreeMap<String, EntryInfo>,
    /// Hyphenation exceptions and settings from `locales/<lang>/hyphenation.txt`.
    pub hyphenation: Arc<HyphenationRules>,
}

/// A language's hyphenation rules, from its translators' file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HyphenationRules {
    /// Each word in lower case, with the character positions where it may
    /// break (none: never broken).
    pub exceptions: BTreeMap<String, Vec<usize>>,
    /// The fewest letters a hyphen leaves before it (`min-before`).
    pub min_before: usize,
    /// The fewest letters a hyphen leaves after it (`min-after`).
    pub min_after: usize,
}

impl Default for HyphenationRules {
    fn default() -> Self {
        Self {
            exceptions: BTreeMap::new(),
            min_before: 2,
            min_after: 3,
        }
    }
}

impl LocaleFiles {
    /// The variables a message needs, following the messages it refers to, each with
    /// the place it is used.
    pub fn needed_vars(&self, id: &str, attr: Option<&str>) -> BTreeMap<String, Loc> {
        let mut out = BTreeMap::new();
        let mut seen = BTreeSet::new();
        self.collect_vars(id, attr, &mut out, &mut seen);
        out
    }

    fn collect_vars(
        &self,
        id: &str,
        attr: Option<&str>,
        out: &mut BTreeMap<String, Loc>,
        seen: &mut BTreeSet<(String, Option<String>)>,
    ) {
        if !seen.insert((id.to_owned(), attr.map(str::to_owned))) {
            return;
        }
        let Some(pattern) = self.messages.get(id).and_then(|m| m.pattern(attr)) else {
            return;
        };
        for (var, loc) in &pattern.vars {
            out.entry(var.clone()).or_insert_with(|| loc.clone());
        }
        for r in &pattern.messages {
            self.collect_vars(&r.id, r.attr.as_deref(), out, seen);
        }
    }
}

/// The translation files of every language, by language.
#[derive(Debug, Clone, Default)]
pub struct Locales {
    /// By language.
    pub by_lang: BTreeMap<Lang, LocaleFiles>,
}

/// Reads `locales/<lang>/*.ftl` for each language.
pub fn load(root: &Path, languages: &[Lang], loaded: &mut Loaded) -> Locales {
    use rayon::prelude::*;
    // Each language on its own, in parallel; what each read and found is
    // added in the languages' order.
    let each: Vec<(LocaleFiles, Loaded)> = languages
        .par_iter()
        .map(|lang| {
            let mut own = Loaded::default();
            let files = load_language(root, lang, &mut own);
            (files, own)
        })
        .collect();
    let mut locales = Locales::default();
    for (files, own) in each {
        for file in own.sources.files() {
            if let Some(text) = own.sources.get_shared(file) {
                loaded.sources.insert(file, text);
            }
        }
        loaded.diagnostics.extend(own.diagnostics);
        locales.by_lang.insert(files.lang.clone(), files);
    }
    locales
}

/// Reads `locales/<lang>/`.
fn load_language(root: &Path, lang: &Lang, loaded: &mut Loaded) -> LocaleFiles {
    let dir = format!("locales/{lang}");
    let mut files = LocaleFiles {
        lang: lang.clone(),
        resources: Vec::new(),
        messages: BTreeMap::new(),
        terms: BTreeMap::new(),
        hyphenation: Arc::new(hyphenation_rules(root, &dir, loaded)),
    };
    let before = loaded.diagnostics.len();
    let paths = list_files(root, &dir, ".ftl", loaded);
    // The folder itself is missing (not one file in it).
    if !root.join(&dir).is_dir()
        && let Some(d) = loaded
            .diagnostics
            .get_mut(before..)
            .and_then(|d| d.last_mut())
    {
        d.hint = Some(format!(
            "the content lists `{lang}`: create {dir}/ with its .ftl files, or remove `{lang}` from `languages:`"
        ));
    }
    for file in paths {
        let Some(source) = read_source(root, &file, loaded) else {
            continue;
        };
        let mut text = source.to_string();
        if let Some((entry, deep)) = too_deep(&text) {
            loaded.diagnostics.push(
                Diagnostic::error(
                    "ftl-too-deep",
                    format!("placeables or calls nested more than {MAX_DEPTH} deep"),
                )
                .at(&file, &source, deep..deep + 1)
                .hint("this entry is ignored until its nesting is reduced"),
            );
            // Blank the entry (keeping every offset) so the rest of the file is read.
            let blank: String = text[entry.clone()]
                .chars()
                .map(|c| if c == '\n' { c } else { ' ' })
                .collect();
            text.replace_range(entry, &blank);
        }
        let resource = match FluentResource::try_new(text) {
            Ok(r) => r,
            Err((r, errors)) => {
                for e in errors {
                    // The broken entry is where the error is; the parser's
                    // position (often the next entry's first line) is a note.
                    let (line, column) = crate::diagnostics::line_col(&source, e.pos.start);
                    let entry = e.slice.clone().unwrap_or(e.pos.clone());
                    // The parser's offsets need not fall on a character's
                    // start: round them down before slicing.
                    let floor = |at: usize| {
                        crate::diagnostics::floor_char_boundary(&source, at.min(source.len()))
                    };
                    let (from, to) = (floor(entry.start), floor(entry.end));
                    let start = from
                        + source[from..to.max(from)]
                            .find(|c: char| !c.is_whitespace())
                            .unwrap_or(0);
                    let end = source[start..]
                        .find('\n')
                        .map_or(source.len(), |n| start + n);
                    // A negative number as a function's option (`-1`) is what
                    // the parser stops at, with a message about literals: say
                    // what it is.
                    let at = floor(e.pos.start);
                    let negative = source[at..].starts_with('-')
                        && source[at + 1..].starts_with(|c: char| c.is_ascii_digit())
                        && source[..at].trim_end().ends_with(':');
                    let d = if negative {
                        Diagnostic::error(
                            "ftl-syntax",
                            "a negative number is not accepted as a function's option here".to_owned(),
                        )
                        .at(&file, &source, at..at + 1)
                        .hint("the options of NUMBER and DATETIME (`maximumFractionDigits`…) take 0 or more; the entry is ignored until fixed")
                    } else {
                        Diagnostic::error(
                            "ftl-syntax",
                            format!(
                                "syntax error in this entry: {} (the parser stopped at line {line}, column {column})",
                                e.kind
                            ),
                        )
                        .at(&file, &source, start..end)
                        .hint("this entry is ignored until fixed; see https://projectfluent.org/fluent/guide/")
                    };
                    loaded.diagnostics.push(d);
                }
                r
            }
        };
        index(&file, &resource, &mut files, loaded);
        check_literals(&file, &source, &resource, loaded);
        files.resources.push((file, Arc::new(resource)));
    }
    check_references(&files, loaded);
    check_expansion(&files, loaded);
    files
}

/// The file of a language's hyphenation exceptions, in its folder.
pub const HYPHENATION_FILE: &str = "hyphenation.txt";

/// Reads `DIR/hyphenation.txt` when there is one: one word per line, a hyphen
/// at each place it may break (`sy-ner-gie-ën`), or none to keep it whole
/// (`Office`); `min-before = 2` and `min-after = 3` set how many letters a
/// hyphen leaves on each side; `#` starts a comment. A line that is neither
/// is an error at its position.
fn hyphenation_rules(root: &Path, dir: &str, loaded: &mut Loaded) -> HyphenationRules {
    let file = format!("{dir}/{HYPHENATION_FILE}");
    let mut out = HyphenationRules::default();
    // No file is no exceptions; anything else by that name is read, or said:
    // a link to nothing, a folder or a FIFO is not skipped in silence.
    if std::fs::symlink_metadata(root.join(&file)).is_err() {
        return out;
    }
    if let Err(e) = std::fs::metadata(root.join(&file)) {
        loaded.diagnostics.push(
            Diagnostic::error("io", format!("cannot read {file}: {e}"))
                .in_file(&file)
                .hint("it is a link to a file that does not exist: restore the file or remove the link"),
        );
        return out;
    }
    let Some(source) = read_source(root, &file, loaded) else {
        return out;
    };
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let text = line.split('#').next().unwrap_or("").trim();
        if text.is_empty() {
            continue;
        }
        let at = start + line.find(text).unwrap_or(0);
        if let Some((key, value)) = text.split_once('=') {
            let n = value
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=8).contains(n));
            match (key.trim(), n) {
                ("min-before", Some(n)) => out.min_before = n,
                ("min-after", Some(n)) => out.min_after = n,
                _ => loaded.diagnostics.push(
                    Diagnostic::error(
                        "hyphenation-exception",
                        format!("`{text}` is not a hyphenation setting"),
                    )
                    .at(&file, &source, at..at + text.len())
                    .hint("the settings are `min-before = N` and `min-after = N`, the fewest letters a hyphen leaves before and after it (1 to 8; defaults 2 and 3)"),
                ),
            }
            continue;
        }
        let parts: Vec<&str> = text.split('-').collect();
        if parts
            .iter()
            .any(|p| p.is_empty() || !p.chars().all(char::is_alphabetic))
        {
            loaded.diagnostics.push(
                Diagnostic::error(
                    "hyphenation-exception",
                    format!("`{text}` is not a word with its break points"),
                )
                .at(&file, &source, at..at + text.len())
                .hint("write one word per line, letters only, a hyphen where it may break: `sy-ner-gie-ën`, or the word alone to keep it whole"),
            );
            continue;
        }
        let mut breaks = Vec::new();
        let mut chars = 0;
        for part in &parts[..parts.len() - 1] {
            chars += part.chars().count();
            breaks.push(chars);
        }
        out.exceptions.insert(parts.concat().to_lowercase(), breaks);
    }
    out
}

/// How deep placeables and function calls may nest in a message. The parser and
/// every walk over a message recurse once per level; real messages use two or three.
pub const MAX_DEPTH: usize = 32;

/// Where the entry around `at` ends: the next line that starts an entry.
pub(crate) fn entry_end(source: &str, at: usize) -> usize {
    let bytes = source.as_bytes();
    source[at..]
        .match_indices('\n')
        .map(|(n, _)| at + n + 1)
        .find(|&n| {
            n >= bytes.len()
                || bytes[n].is_ascii_alphabetic()
                || bytes[n] == b'-'
                || bytes[n] == b'#'
        })
        .unwrap_or(bytes.len())
}

/// The first entry of `source` whose placeables or call arguments nest more than
/// [`MAX_DEPTH`] deep: the entry's byte range and the offset of the opening that
/// goes too deep. Follows Fluent's grammar far enough to tell text from expressions:
/// quotes are string literals only inside expressions, variant patterns are text.
fn too_deep(source: &str) -> Option<(std::ops::Range<usize>, usize)> {
    #[derive(Clone, Copy, PartialEq)]
    enum Ctx {
        /// Inside `{ … }`.
        Expr,
        /// Inside `FUNC( … )`.
        Call,
        /// A select variant's pattern, after `[key]`.
        Variant,
    }
    let bytes = source.as_bytes();
    let mut stack: Vec<Ctx> = Vec::new();
    let mut entry_start = 0;
    let mut line_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if line_start {
            line_start = false;
            // An entry starts at column 0; the parser recovers there too.
            if b.is_ascii_alphabetic() || b == b'-' || b == b'#' {
                stack.clear();
                entry_start = i;
            }
            // A new variant key closes the previous variant's pattern.
            let rest = source[i..].trim_start_matches([' ', '\t']);
            if stack.last() == Some(&Ctx::Variant)
                && (rest.starts_with('[') || rest.starts_with("*["))
            {
                stack.pop();
            }
        }
        let top = stack.last().copied();
        match b {
            b'\n' => line_start = true,
            b'{' => {
                stack.push(Ctx::Expr);
                if stack.len() > MAX_DEPTH {
                    return Some((entry_start..entry_end(source, i), i));
                }
            }
            b'}' if top == Some(Ctx::Variant) => {
                // Ends the variant and the select expression around it.
                stack.pop();
                stack.pop();
            }
            b'}' => {
                stack.pop();
            }
            b'(' if matches!(top, Some(Ctx::Expr | Ctx::Call)) => {
                stack.push(Ctx::Call);
                if stack.len() > MAX_DEPTH {
                    return Some((entry_start..entry_end(source, i), i));
                }
            }
            b')' if top == Some(Ctx::Call) => {
                stack.pop();
            }
            b'"' if matches!(top, Some(Ctx::Expr | Ctx::Call)) => {
                // A string literal: to its closing quote, on this line.
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if bytes.get(i) == Some(&b'\n') {
                    line_start = true;
                }
            }
            b']' if top == Some(Ctx::Expr) => stack.push(Ctx::Variant),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The byte offset of `slice` in `source`, when it is a part of it (the parsed
/// FTL borrows its text from the source).
pub(crate) fn offset_in(source: &str, slice: &str) -> Option<usize> {
    let start = source.as_ptr() as usize;
    let at = slice.as_ptr() as usize;
    (at >= start && at + slice.len() <= start + source.len()).then(|| at - start)
}

fn index(file: &str, resource: &FluentResource, files: &mut LocaleFiles, loaded: &mut Loaded) {
    let source = resource.source();
    let loc = |name: &str| Loc {
        file: file.to_owned(),
        span: {
            let at = offset_in(source, name).unwrap_or(0);
            at..at + name.len()
        },
    };
    for entry in resource.entries() {
        let (map, id, value, attributes, is_term) = match entry {
            ast::Entry::Message(m) => (
                &mut files.messages,
                &m.id,
                m.value.as_ref(),
                &m.attributes,
                false,
            ),
            ast::Entry::Term(t) => (&mut files.terms, &t.id, Some(&t.value), &t.attributes, true),
            _ => continue,
        };
        let info = EntryInfo {
            loc: loc(id.name),
            value: value.map(|p| pattern_info(p, &loc)),
            attributes: attributes
                .iter()
                .map(|a| (a.id.name.to_owned(), pattern_info(&a.value, &loc)))
                .collect(),
        };
        let shown = if is_term {
            format!("-{}", id.name)
        } else {
            id.name.to_owned()
        };
        if let Some(first) = map.get(id.name) {
            let (line, col) = loaded.sources.get(&first.loc.file).map_or((0, 0), |s| {
                crate::diagnostics::line_col(s, first.loc.span.start)
            });
            loaded.diagnostics.push(
                Diagnostic::error(
                    "duplicate-message",
                    format!(
                        "`{shown}` is defined twice in {}; the first definition is at {}:{line}:{col}",
                        files.lang, first.loc.file
                    ),
                )
                .at(file, source, info.loc.span.clone())
                .hint("remove or rename one of the two definitions"),
            );
            continue;
        }
        map.insert(id.name.to_owned(), info);
    }
}

/// The literals of a resource's entries, in order: string literals (as
/// written, escapes and all) and number literals (`false`, `true`).
fn literals(resource: &FluentResource) -> Vec<(&str, bool)> {
    fn pattern<'a>(p: &ast::Pattern<&'a str>, out: &mut Vec<(&'a str, bool)>) {
        for element in &p.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                expr(expression, out);
            }
        }
    }
    fn expr<'a>(e: &ast::Expression<&'a str>, out: &mut Vec<(&'a str, bool)>) {
        match e {
            ast::Expression::Select { selector, variants } => {
                inline(selector, out);
                for v in variants {
                    if let ast::VariantKey::NumberLiteral { value } = &v.key {
                        out.push((value, true));
                    }
                    pattern(&v.value, out);
                }
            }
            ast::Expression::Inline(i) => inline(i, out),
        }
    }
    fn inline<'a>(e: &ast::InlineExpression<&'a str>, out: &mut Vec<(&'a str, bool)>) {
        use ast::InlineExpression as I;
        match e {
            I::StringLiteral { value } => out.push((value, false)),
            I::NumberLiteral { value } => out.push((value, true)),
            I::FunctionReference { arguments, .. } => call(arguments, out),
            I::TermReference {
                arguments: Some(arguments),
                ..
            } => call(arguments, out),
            I::Placeable { expression } => expr(expression, out),
            _ => {}
        }
    }
    fn call<'a>(args: &ast::CallArguments<&'a str>, out: &mut Vec<(&'a str, bool)>) {
        for p in &args.positional {
            inline(p, out);
        }
        for n in &args.named {
            inline(&n.value, out);
        }
    }
    let mut out = Vec::new();
    for entry in resource.entries() {
        let (value, attributes) = match entry {
            ast::Entry::Message(m) => (m.value.as_ref(), &m.attributes),
            ast::Entry::Term(t) => (Some(&t.value), &t.attributes),
            _ => continue,
        };
        if let Some(v) = value {
            pattern(v, &mut out);
        }
        for a in attributes {
            pattern(&a.value, &mut out);
        }
    }
    out
}

/// Literals that would publish something else than what is written: an
/// escape naming no character (`\uD800`, which Fluent turns into U+FFFD), an
/// escape naming a bidirectional control, a number that cannot be held
/// exactly (`9007199254740993`). Each is an error at its place in `file`.
fn check_literals(file: &str, source: &str, resource: &FluentResource, loaded: &mut Loaded) {
    let text = resource.source();
    for (value, number) in literals(resource) {
        let Some(start) = offset_in(text, value) else {
            continue;
        };
        if number {
            if let Ok(n) = value.parse::<f64>()
                && crate::model::number_is_exact(value, n) == Some(false)
            {
                loaded.diagnostics.push(
                    Diagnostic::error(
                        "number-inexact",
                        format!(
                            "`{value}` cannot be held exactly: it would be shown as {}",
                            crate::model::positive_zero(n)
                        ),
                    )
                    .at(file, source, start..start + value.len())
                    .hint("a number keeps about 15 significant digits (a whole number up to 9007199254740992): write it with fewer digits, or as text"),
                );
            }
            continue;
        }
        let bytes = value.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] != b'\\' {
                i += 1;
                continue;
            }
            let len = match bytes.get(i + 1) {
                Some(b'u') => 4,
                Some(b'U') => 6,
                _ => {
                    i += 2;
                    continue;
                }
            };
            let escape = value.get(i..(i + 2 + len).min(value.len())).unwrap_or("");
            let span = start + i..start + i + escape.len();
            let named = escape
                .get(2..)
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .and_then(char::from_u32);
            match named {
                None => loaded.diagnostics.push(
                    Diagnostic::error(
                        "ftl-escape",
                        format!("`{escape}` names no character (Fluent would show U+FFFD, �, instead)"),
                    )
                    .at(file, source, span)
                    .hint("write `\\uXXXX` or `\\UXXXXXX` with the code of a character: not a surrogate (D800–DFFF), at most 10FFFF; or type the character itself"),
                ),
                Some(c) if crate::model::is_bidi_control(c) => loaded.diagnostics.push(
                    Diagnostic::error(
                        "bidi-control",
                        format!("`{escape}` is {}", crate::model::bidi_refusal(c)),
                    )
                        .at(file, source, span)
                        .hint("remove it: an edition's direction comes from its language; a right-to-left text may use the marks U+200E and U+200F"),
                ),
                Some(_) => {}
            }
            i += 2 + len;
        }
    }
}

fn pattern_info(pattern: &ast::Pattern<&str>, loc: &dyn Fn(&str) -> Loc) -> PatternInfo {
    let mut info = PatternInfo::default();
    walk_pattern(pattern, loc, &mut info);
    info
}

fn walk_pattern(pattern: &ast::Pattern<&str>, loc: &dyn Fn(&str) -> Loc, info: &mut PatternInfo) {
    for element in &pattern.elements {
        match element {
            ast::PatternElement::Placeable { expression } => walk_expression(expression, loc, info),
            ast::PatternElement::TextElement { value } => info.text += value.len(),
        }
    }
}

fn walk_expression(e: &ast::Expression<&str>, loc: &dyn Fn(&str) -> Loc, info: &mut PatternInfo) {
    match e {
        ast::Expression::Select { selector, variants } => {
            walk_inline(selector, loc, info);
            let keys: Vec<&str> = variants
                .iter()
                .map(|v| match &v.key {
                    ast::VariantKey::Identifier { name } => *name,
                    ast::VariantKey::NumberLiteral { value } => *value,
                })
                .collect();
            if let Some(first) = keys.first() {
                info.selectors.push(Selector {
                    keys: keys.iter().map(|k| (*k).to_owned()).collect(),
                    loc: loc(first),
                });
            }
            for v in variants {
                walk_pattern(&v.value, loc, info);
            }
        }
        ast::Expression::Inline(inline) => walk_inline(inline, loc, info),
    }
}

fn walk_inline(e: &ast::InlineExpression<&str>, loc: &dyn Fn(&str) -> Loc, info: &mut PatternInfo) {
    use ast::InlineExpression as I;
    let reference = |id: &ast::Identifier<&str>, attr: &Option<ast::Identifier<&str>>| Reference {
        id: id.name.to_owned(),
        attr: attr.as_ref().map(|a| a.name.to_owned()),
        loc: loc(id.name),
    };
    match e {
        I::VariableReference { id } => {
            // Point at the `$`, just before the name.
            let mut at = loc(id.name);
            at.span.start = at.span.start.saturating_sub(1);
            info.vars.entry(id.name.to_owned()).or_insert(at);
        }
        I::MessageReference { id, attribute } => info.messages.push(reference(id, attribute)),
        I::TermReference {
            id,
            attribute,
            arguments,
        } => {
            info.terms.push(reference(id, attribute));
            // Term arguments are literals evaluated in the caller's scope.
            if let Some(args) = arguments {
                walk_arguments(args, loc, info);
            }
        }
        I::FunctionReference { id, arguments } => {
            info.functions.push(reference(id, &None));
            walk_arguments(arguments, loc, info);
        }
        I::Placeable { expression } => walk_expression(expression, loc, info),
        I::StringLiteral { value } | I::NumberLiteral { value } => info.text += value.len(),
    }
}

fn walk_arguments(
    args: &ast::CallArguments<&str>,
    loc: &dyn Fn(&str) -> Loc,
    info: &mut PatternInfo,
) {
    for p in &args.positional {
        walk_inline(p, loc, info);
    }
    for n in &args.named {
        walk_inline(&n.value, loc, info);
    }
}

/// The longest text a formatted message may have: far above any sentence of a
/// publication (the memorandum's longest is under 1 KiB), far below what would
/// exhaust memory when its references are expanded.
pub const MAX_MESSAGE_BYTES: usize = 1 << 20;

/// Messages (and terms) whose references, expanded, could make a text longer
/// than [`MAX_MESSAGE_BYTES`] (a long term used many times, in a term used many
/// times…): refused at their definition before anything is formatted. Each
/// reference counts as what it refers to expands to; a variable as nothing
/// (what the content gives it is bounded when the message is formatted).
fn check_expansion(files: &LocaleFiles, loaded: &mut Loaded) {
    #[derive(Clone, Copy)]
    enum Size {
        Busy,
        Done(usize),
    }
    type Key = (bool, String, Option<String>);
    fn size(files: &LocaleFiles, key: &Key, memo: &mut BTreeMap<Key, Size>) -> usize {
        match memo.get(key) {
            // A cycle: Fluent refuses it when formatting; it adds nothing here.
            Some(Size::Busy) => return 0,
            Some(&Size::Done(n)) => return n,
            None => {}
        }
        let (is_term, id, attr) = key;
        let map = if *is_term {
            &files.terms
        } else {
            &files.messages
        };
        let Some(pattern) = map.get(id).and_then(|e| e.pattern(attr.as_deref())) else {
            return 0;
        };
        memo.insert(key.clone(), Size::Busy);
        let mut n = pattern.text;
        for (is_term, refs) in [(false, &pattern.messages), (true, &pattern.terms)] {
            for r in refs {
                let k = (is_term, r.id.clone(), r.attr.clone());
                n = n.saturating_add(size(files, &k, memo));
            }
        }
        memo.insert(key.clone(), Size::Done(n));
        n
    }
    let mut memo = BTreeMap::new();
    for (is_term, map) in [(false, &files.messages), (true, &files.terms)] {
        for (id, entry) in map {
            let attrs = std::iter::once(None).chain(entry.attributes.keys().map(Some));
            for attr in attrs {
                let key = (is_term, id.clone(), attr.cloned());
                let n = size(files, &key, &mut memo);
                if n > MAX_MESSAGE_BYTES {
                    let shown = format!(
                        "{}{id}{}",
                        if is_term { "-" } else { "" },
                        attr.map(|a| format!(".{a}")).unwrap_or_default()
                    );
                    let source = loaded
                        .sources
                        .get(&entry.loc.file)
                        .unwrap_or_default()
                        .to_owned();
                    loaded.diagnostics.push(
                        Diagnostic::error(
                            "message-too-long",
                            format!(
                                "`{shown}` in {} expands to {:.1} MiB of text with its references; a message may have at most {} MiB",
                                files.lang,
                                n as f64 / f64::from(1 << 20),
                                MAX_MESSAGE_BYTES >> 20
                            ),
                        )
                        .at(&entry.loc.file, &source, entry.loc.span.clone())
                        .hint("a long term or message is used here many times over (perhaps through other terms): shorten it, or use it fewer times"),
                    );
                }
            }
        }
    }
}

/// References to messages, terms or functions that this locale does not define.
fn check_references(files: &LocaleFiles, loaded: &mut Loaded) {
    let mut found = Vec::new();
    let entries = files.messages.values().chain(files.terms.values());
    for entry in entries {
        let patterns = entry.value.iter().chain(entry.attributes.values());
        for p in patterns {
            for r in &p.messages {
                let target = files.messages.get(&r.id);
                let ok = target.is_some_and(|t| t.pattern(r.attr.as_deref()).is_some());
                if !ok {
                    let shown = r
                        .attr
                        .as_ref()
                        .map_or(r.id.clone(), |a| format!("{}.{a}", r.id));
                    // A message with attributes only exists, but has no text
                    // of its own to show.
                    let found_here = match target {
                        Some(t) if r.attr.is_none() && t.value.is_none() => {
                            let attrs: Vec<String> = t
                                .attributes
                                .keys()
                                .map(|a| format!("`{}.{a}`", r.id))
                                .collect();
                            (
                                format!(
                                    "message `{shown}` in {} has no value of its own, only attributes ({})",
                                    files.lang,
                                    attrs.join(", ")
                                ),
                                format!(
                                    "refer to one of its attributes ({}), or give the message a value",
                                    attrs.join(", ")
                                ),
                            )
                        }
                        Some(_) => (
                            format!(
                                "message `{}` in {} has no attribute `{}`",
                                r.id,
                                files.lang,
                                r.attr.as_deref().unwrap_or_default()
                            ),
                            "correct the attribute's name, or add it to the message".to_owned(),
                        ),
                        None => (
                            format!("message `{shown}` does not exist in {}", files.lang),
                            "define it, or correct the reference".to_owned(),
                        ),
                    };
                    found.push((
                        r.loc.clone(),
                        "unknown-reference",
                        found_here.0,
                        found_here.1,
                    ));
                }
            }
            for r in &p.terms {
                let target = files.terms.get(&r.id);
                let ok = target.is_some_and(|t| {
                    r.attr.is_none()
                        || t.attributes
                            .contains_key(r.attr.as_deref().unwrap_or_default())
                });
                if !ok {
                    found.push((
                        r.loc.clone(),
                        "unknown-reference",
                        format!("term `-{}` does not exist in {}", r.id, files.lang),
                        "define the term (`-name = …`), or correct the reference".to_owned(),
                    ));
                }
            }
            for r in &p.functions {
                if !FUNCTIONS.contains(&r.id.as_str()) {
                    found.push((
                        r.loc.clone(),
                        "unknown-function",
                        format!("function `{}` does not exist", r.id),
                        format!("the functions available are {}", FUNCTIONS.join(" and ")),
                    ));
                }
            }
        }
    }
    for (loc, code, message, hint) in found {
        let d = Diagnostic::error(code, message).hint(hint);
        let d = match loaded.sources.get(&loc.file) {
            Some(source) => d.at(loc.file.clone(), source, loc.span.clone()),
            None => d.in_file(loc.file.clone()),
        };
        loaded.diagnostics.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_depth_is_found_before_parsing() {
        let deep = format!(
            "ok = fine\nbad = {}x{}\nafter = ok\n",
            "{ ".repeat(20_000),
            " }".repeat(20_000)
        );
        let (entry, at) = too_deep(&deep).expect("too deep");
        assert_eq!(
            &deep[entry.clone()],
            &deep[10..deep.len() - "after = ok\n".len()]
        );
        assert_eq!(at, 16 + 2 * MAX_DEPTH);
        // Calls nest too.
        let calls = format!(
            "bad = {{ {}$x{} }}\n",
            "NUMBER(".repeat(100),
            ")".repeat(100)
        );
        assert!(too_deep(&calls).is_some());
        // Quotes in text, braces in string literals, and variants at every level of
        // a real message are not nesting.
        let fine = "a = He said \"{\" { \"}\" } and { $n ->\n    [one] one { $n }\n   *[other] { NUMBER($n) } \"x\"\n}\nb = { \"{\" }\n";
        assert_eq!(too_deep(fine), None);
        let selects: String = format!(
            "s = {}x{}\n",
            "{ $n -> *[other] ".repeat(20),
            " }".repeat(20)
        );
        assert!(too_deep(&selects).is_some(), "20 selects are 40 levels");
    }
}
