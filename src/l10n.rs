//! The translators' view: for each language, what is translated, what is missing,
//! obsolete or out of date against the reference language, and what would print
//! wrongly (variables, references, plural categories, markup, links), with
//! file:line:column. Stale translations are found with `locales/l10n.lock`, which
//! records, for each translated message, a fingerprint and the text of the
//! reference message it was translated from.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_syntax::ast;
use sha2::{Digest, Sha256};

use crate::diagnostics::{Diagnostic, Sources};
use crate::load::locales::{EntryInfo, Loc, PatternInfo};
use crate::load::{LocaleFiles, Locales};
use crate::model::Lang;

/// The lock file, relative to the root.
pub const LOCK_FILE: &str = "locales/l10n.lock";

/// What a translator needs to know about one language.
#[derive(Debug)]
pub struct LocaleStatus {
    /// The language.
    pub lang: Lang,
    /// Messages of the reference present in this language.
    pub translated: usize,
    /// Messages of the reference.
    pub total: usize,
    /// Words of the reference's messages that are translated, and in all.
    pub words: (usize, usize),
    /// Every problem, sorted.
    pub problems: Vec<Diagnostic>,
}

/// A message's text and fingerprint, as the lock file records them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// The first 16 hex digits of the SHA-256 of the serialized message.
    pub hash: String,
    /// The serialized message (`id = …` with its attributes).
    pub text: String,
}

/// Entries of the lock file: (language, message id) → the reference it was
/// translated from.
pub type Lock = BTreeMap<(String, String), Fingerprint>;

/// Every message of a locale, serialized the way the lock file keeps them.
pub fn fingerprints(files: &LocaleFiles) -> BTreeMap<String, Fingerprint> {
    let mut out = BTreeMap::new();
    for (_, resource) in &files.resources {
        for entry in resource.entries() {
            if let ast::Entry::Message(m) = entry {
                let single = ast::Resource {
                    body: vec![ast::Entry::Message(ast::Message {
                        comment: None,
                        ..m.clone()
                    })],
                };
                let text = fluent_syntax::serializer::serialize(&single);
                let hash = Sha256::digest(text.as_bytes());
                let hash: String = hash[..8].iter().map(|b| format!("{b:02x}")).collect();
                out.entry(m.id.name.to_owned())
                    .or_insert(Fingerprint { hash, text });
            }
        }
    }
    out
}

/// Reads the lock file; a missing file is an empty lock. Malformed lines are
/// reported.
pub fn read_lock(root: &Path) -> (Lock, Vec<Diagnostic>) {
    let mut lock = Lock::new();
    let mut problems = Vec::new();
    let text = match crate::fsx::read(&root.join(LOCK_FILE), crate::load::MAX_FILE_BYTES, true) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                problems.push(crate::load::not_utf8(LOCK_FILE, &e).hint("stale translations cannot be tracked until it is fixed: restore it from version control, or run `memorandum l10n accept LANG` to write it anew"));
                return (lock, problems);
            }
        },
        Err(e) if e.is_missing() => return (lock, problems),
        Err(e) => {
            problems.push(
                Diagnostic::error("io", format!("cannot read {LOCK_FILE}: {e}"))
                    .in_file(LOCK_FILE)
                    .hint("stale translations cannot be tracked until it can be read"),
            );
            return (lock, problems);
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = line.splitn(4, '\t').collect();
        if parts.len() != 4 {
            let mut d = Diagnostic::error("lock-syntax", "a lock line has four tab-separated fields: language, message id, fingerprint, reference text")
                .in_file(LOCK_FILE)
                .hint("run `memorandum l10n accept LANG` to rewrite the lock file");
            d.line = Some(n + 1);
            d.column = Some(1);
            problems.push(d);
            continue;
        }
        lock.insert(
            (parts[0].to_owned(), parts[1].to_owned()),
            Fingerprint {
                hash: parts[2].to_owned(),
                text: unescape(parts[3]),
            },
        );
    }
    (lock, problems)
}

/// Writes the lock file, sorted, one line per language and message.
pub fn write_lock(root: &Path, lock: &Lock) -> std::io::Result<()> {
    let mut out = String::from(
        "# Written by `memorandum l10n accept`: for each translated message, the reference\n# message it was last reviewed against (fingerprint and text). Do not edit by hand.\n",
    );
    for ((lang, id), f) in lock {
        out.push_str(&format!("{lang}\t{id}\t{}\t{}\n", f.hash, escape(&f.text)));
    }
    let path = root.join(LOCK_FILE);
    // A link to a lock file shared elsewhere stays a link: the file it points
    // to is the one replaced.
    let target = match std::fs::symlink_metadata(&path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(&path)?,
        _ => path.clone(),
    };
    let dir = target.parent().unwrap_or(root);
    // Replaced at once (written beside it, then renamed over it), so that a
    // reader never sees half a file, and with the mode it had.
    let mut tmp = tempfile::Builder::new()
        .prefix(".l10n.lock.")
        .tempfile_in(dir)?;
    match std::fs::metadata(&target) {
        Ok(m) => tmp.as_file().set_permissions(m.permissions())?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            #[cfg(unix)]
            {
                // The temporary file is private; a new lock file is readable
                // by all, as version control checks it out.
                use std::os::unix::fs::PermissionsExt;
                tmp.as_file()
                    .set_permissions(std::fs::Permissions::from_mode(0o644))?;
            }
        }
        Err(e) => return Err(e),
    }
    std::io::Write::write_all(&mut tmp, out.as_bytes())?;
    tmp.as_file().sync_all()?;
    tmp.persist(&target).map_err(|e| e.error)?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Locks the project's `locales/` folder against another `l10n accept` (waiting
/// for one that holds it): reading the lock file, adding to it and writing it
/// back is one step. Released when the returned file is dropped.
pub fn lock_locales(root: &Path) -> std::io::Result<std::fs::File> {
    let dir = std::fs::File::open(root.join("locales"))?;
    match dir.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            eprintln!("waiting for another `memorandum l10n accept` on this project to finish");
            dir.lock()?;
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(e),
    }
    Ok(dir)
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('\n', "\\n")
        .replace('\t', "\\t")
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Records the current reference text of the messages `lang` translates (all of
/// them, or only `ids`). Returns how many entries were written.
pub fn accept(
    lock: &mut Lock,
    reference: &LocaleFiles,
    target: &LocaleFiles,
    ids: &[String],
) -> usize {
    let prints = fingerprints(reference);
    let mut n = 0;
    for id in target.messages.keys() {
        if !ids.is_empty() && !ids.contains(id) {
            continue;
        }
        if let Some(f) = prints.get(id) {
            lock.insert((target.lang.to_string(), id.clone()), f.clone());
            n += 1;
        }
    }
    n
}

/// Compares `target` with `reference`.
pub fn status(
    reference: &LocaleFiles,
    target: &LocaleFiles,
    lock: &Lock,
    sources: &Sources,
) -> LocaleStatus {
    let mut problems = Vec::new();
    let at = |d: Diagnostic, loc: &Loc| match sources.get(&loc.file) {
        Some(src) => d.at(loc.file.clone(), src, loc.span.clone()),
        None => d.in_file(loc.file.clone()),
    };
    let texts = message_texts(reference);
    let target_texts = message_texts(target);
    let prints = fingerprints(reference);
    let lang = &target.lang;
    let categories = plural_categories(lang);
    let mut translated = 0;
    let mut words = (0, 0);
    for (id, r) in &reference.messages {
        let w = texts.get(id).map_or(0, |t| t.split_whitespace().count());
        words.1 += w;
        let Some(t) = target.messages.get(id) else {
            problems.push(at(
                Diagnostic::error("missing-message", format!("`{id}` is missing in {lang}")).hint(
                    format!(
                        "translate it into a file under locales/{lang}/; the reference text is here"
                    ),
                ),
                &r.loc,
            ));
            continue;
        };
        translated += 1;
        words.0 += w;
        for attr in r.attributes.keys() {
            if !t.attributes.contains_key(attr) {
                problems.push(at(
                    Diagnostic::error(
                        "missing-attribute",
                        format!("`{id}.{attr}` is missing in {lang}"),
                    )
                    .hint(format!("add `    .{attr} = …` under `{id}`")),
                    &t.loc,
                ));
            }
        }
        for attr in t.attributes.keys() {
            if !r.attributes.contains_key(attr) {
                problems.push(at(
                    Diagnostic::warning(
                        "obsolete-attribute",
                        format!("`{id}.{attr}` is in {lang} but not in the reference"),
                    )
                    .hint("remove it, or correct its name to the reference's"),
                    &t.loc,
                ));
            }
        }
        for (attr, rp, tp) in patterns(r, t) {
            compare_patterns(id, attr, rp, tp, lang, &at, &mut problems);
        }
        selectors(id, r, t, &categories, lang, &at, &mut problems);
        if let (Some(rt), Some(tt)) = (texts.get(id), target_texts.get(id)) {
            markup(id, rt, tt, t, lang, &at, &mut problems);
        }
        if let (Some(then), Some(now)) = (lock.get(&(lang.to_string(), id.clone())), prints.get(id))
            && then.hash != now.hash
        {
            problems.push(at(
                    Diagnostic::warning(
                        "stale-translation",
                        format!(
                            "`{id}` in {lang} was translated from a reference text that has changed since\n  then: {}\n  now:  {}",
                            then.text.trim_end().replace('\n', "\n        "),
                            now.text.trim_end().replace('\n', "\n        ")
                        ),
                    )
                    .hint(format!("update the translation, then `memorandum l10n accept {lang} {id}`")),
                    &t.loc,
                ));
        }
    }
    for (id, t) in &target.messages {
        if !reference.messages.contains_key(id) {
            problems.push(at(
                Diagnostic::warning(
                    "obsolete-message",
                    format!(
                        "`{id}` is in {lang} but not in the reference {}",
                        reference.lang
                    ),
                )
                .hint("remove it, or add it to the reference if it is meant to be used"),
                &t.loc,
            ));
        }
    }
    problems.extend(crate::typography::check(target, sources));
    crate::diagnostics::sort(&mut problems);
    LocaleStatus {
        lang: lang.clone(),
        translated,
        total: reference.messages.len(),
        words,
        problems,
    }
}

fn patterns<'a>(
    r: &'a EntryInfo,
    t: &'a EntryInfo,
) -> Vec<(Option<&'a str>, &'a PatternInfo, &'a PatternInfo)> {
    let mut out = Vec::new();
    if let (Some(rv), Some(tv)) = (&r.value, &t.value) {
        out.push((None, rv, tv));
    }
    for (name, rp) in &r.attributes {
        if let Some(tp) = t.attributes.get(name) {
            out.push((Some(name.as_str()), rp, tp));
        }
    }
    out
}

type At<'a> = dyn Fn(Diagnostic, &Loc) -> Diagnostic + 'a;

fn compare_patterns(
    id: &str,
    attr: Option<&str>,
    r: &PatternInfo,
    t: &PatternInfo,
    lang: &Lang,
    at: &At<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let shown = attr.map_or(id.to_owned(), |a| format!("{id}.{a}"));
    let rvars: BTreeSet<&String> = r.vars.keys().collect();
    for (var, loc) in &t.vars {
        if !rvars.contains(var) {
            let list: Vec<String> = rvars.iter().map(|v| format!("${v}")).collect();
            out.push(at(
                Diagnostic::error(
                    "variable-mismatch",
                    format!("`{shown}` in {lang} uses `${var}`, which the reference does not have: it would print as a raw placeholder"),
                )
                .hint(if list.is_empty() { "the reference uses no variable here".to_owned() } else { format!("the reference uses {}", list.join(", ")) }),
                loc,
            ));
        }
    }
    for var in rvars {
        if !t.vars.contains_key(var) {
            out.push(at(
                Diagnostic::warning(
                    "variable-unused",
                    format!("`{shown}` in {lang} does not use `${var}`, which the reference does"),
                )
                .hint("check that nothing the reader needs (a date, a number) was dropped"),
                &t_loc_or(t, r),
            ));
        }
    }
    let rrefs: BTreeSet<String> = r
        .messages
        .iter()
        .map(|m| m.id.clone())
        .chain(r.terms.iter().map(|m| format!("-{}", m.id)))
        .collect();
    let trefs: BTreeSet<String> = t
        .messages
        .iter()
        .map(|m| m.id.clone())
        .chain(t.terms.iter().map(|m| format!("-{}", m.id)))
        .collect();
    if rrefs != trefs {
        let only_r: Vec<&String> = rrefs.difference(&trefs).collect();
        let only_t: Vec<&String> = trefs.difference(&rrefs).collect();
        out.push(at(
            Diagnostic::warning(
                "reference-mismatch",
                format!("`{shown}` in {lang} refers to other messages or terms than the reference (only in the reference: {only_r:?}; only here: {only_t:?})"),
            )
            .hint("names that differ by language belong in terms (`{ -cirb }`); use the same ones as the reference"),
            &t_loc_or(t, r),
        ));
    }
}

fn t_loc_or(t: &PatternInfo, r: &PatternInfo) -> Loc {
    t.vars
        .values()
        .chain(t.messages.iter().map(|m| &m.loc))
        .chain(t.terms.iter().map(|m| &m.loc))
        .next()
        .or_else(|| r.vars.values().next())
        .cloned()
        .unwrap_or(Loc {
            file: String::new(),
            span: 0..0,
        })
}

/// The plural categories `lang` distinguishes (CLDR rules, as Fluent selects them).
fn plural_categories(lang: &Lang) -> BTreeSet<&'static str> {
    use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
    let mut out = BTreeSet::new();
    let Ok(langid) = lang.as_str().parse::<unic_langid::LanguageIdentifier>() else {
        return out;
    };
    let Ok(rules) = PluralRules::create(langid, PluralRuleType::CARDINAL) else {
        return out;
    };
    let samples = (0..=200).map(f64::from).chain([1000.0, 1e6, 0.5, 1.5, 2.5]);
    for n in samples {
        if let Ok(c) = rules.select(n) {
            out.insert(match c {
                PluralCategory::ZERO => "zero",
                PluralCategory::ONE => "one",
                PluralCategory::TWO => "two",
                PluralCategory::FEW => "few",
                PluralCategory::MANY => "many",
                PluralCategory::OTHER => "other",
            });
        }
    }
    out
}

/// Selectors whose variants are plural categories must cover every category the
/// language uses (the default catches the rest, but reads wrongly).
fn selectors(
    id: &str,
    r: &EntryInfo,
    t: &EntryInfo,
    categories: &BTreeSet<&str>,
    lang: &Lang,
    at: &At<'_>,
    out: &mut Vec<Diagnostic>,
) {
    const PLURAL: [&str; 5] = ["zero", "one", "two", "few", "many"];
    let reference: Vec<&crate::load::locales::Selector> = r
        .value
        .iter()
        .chain(r.attributes.values())
        .flat_map(|p| &p.selectors)
        .collect();
    let all = t
        .value
        .iter()
        .chain(t.attributes.values())
        .flat_map(|p| &p.selectors);
    for (i, sel) in all.enumerate() {
        let keys: BTreeSet<&str> = sel.keys.iter().map(String::as_str).collect();
        // A plural selector: its keys are plural categories, here or in the reference.
        let plural = keys.iter().any(|k| PLURAL.contains(k))
            || reference
                .get(i)
                .is_some_and(|s| s.keys.iter().any(|k| PLURAL.contains(&k.as_str())));
        if !plural {
            continue;
        }
        let missing: Vec<&&str> = categories
            .iter()
            .filter(|c| **c != "other" && !keys.contains(**c))
            .collect();
        if !missing.is_empty() {
            out.push(at(
                Diagnostic::warning(
                    "plural-category",
                    format!(
                        "a selector in `{id}` has no variant for the {lang} plural categor{} {}",
                        if missing.len() == 1 { "y" } else { "ies" },
                        missing
                            .iter()
                            .map(|c| format!("`{c}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
                .hint(format!(
                    "{lang} distinguishes {}",
                    categories.iter().copied().collect::<Vec<_>>().join(", ")
                )),
                &sel.loc,
            ));
        }
    }
}

/// Raw HTML in a translation, and links whose targets differ from the reference.
fn markup(
    id: &str,
    reference: &str,
    text: &str,
    t: &EntryInfo,
    lang: &Lang,
    at: &At<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let has_tag = text.char_indices().any(|(i, c)| {
        c == '<'
            && text[i + 1..]
                .chars()
                .next()
                .is_some_and(|n| n.is_ascii_alphabetic() || n == '/' || n == '!')
    });
    if has_tag {
        out.push(at(
            Diagnostic::error(
                "markup",
                format!("`{id}` in {lang} contains HTML, which is shown as text, not applied"),
            )
            .hint("use Markdown: *italics*, **bold**, [link](https://…)"),
            &t.loc,
        ));
    }
    let links = |s: &str| -> BTreeSet<String> {
        crate::markup::parse(s)
            .map(|nodes| {
                let mut urls = BTreeSet::new();
                collect_links(&nodes, &mut urls);
                urls
            })
            .unwrap_or_default()
    };
    let (r, l) = (links(reference), links(text));
    if r != l {
        out.push(at(
            Diagnostic::warning("link-mismatch", format!("`{id}` in {lang} links to {l:?}; the reference links to {r:?}"))
                .hint("translate the link text, keep the targets of the reference (or agree a localized address)"),
            &t.loc,
        ));
    }
}

fn collect_links(nodes: &[crate::markup::Inline], out: &mut BTreeSet<String>) {
    use crate::markup::Inline;
    for n in nodes {
        match n {
            Inline::Link { url, children } => {
                out.insert(url.clone());
                collect_links(children, out);
            }
            Inline::Emph(c) | Inline::Strong(c) | Inline::Untranslated { children: c, .. } => {
                collect_links(c, out)
            }
            _ => {}
        }
    }
}

/// The literal text of each message (value and attributes, placeables left out),
/// for word counts and markup checks.
fn message_texts(files: &LocaleFiles) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (_, resource) in &files.resources {
        for entry in resource.entries() {
            if let ast::Entry::Message(m) = entry {
                let mut text = String::new();
                if let Some(v) = &m.value {
                    pattern_text(v, &mut text);
                }
                for a in &m.attributes {
                    text.push(' ');
                    pattern_text(&a.value, &mut text);
                }
                out.entry(m.id.name.to_owned()).or_insert(text);
            }
        }
    }
    out
}

fn pattern_text(p: &ast::Pattern<&str>, out: &mut String) {
    for e in &p.elements {
        match e {
            ast::PatternElement::TextElement { value } => out.push_str(value),
            ast::PatternElement::Placeable {
                expression: ast::Expression::Select { variants, .. },
            } => {
                if let Some(v) = variants.iter().find(|v| v.default) {
                    pattern_text(&v.value, out);
                }
            }
            ast::PatternElement::Placeable { .. } => out.push('x'),
        }
    }
}

/// The status of every language but the reference (or only `only`).
pub fn all(
    locales: &Locales,
    reference: &Lang,
    only: Option<&[Lang]>,
    lock: &Lock,
    sources: &Sources,
) -> Vec<LocaleStatus> {
    let Some(r) = locales.by_lang.get(reference) else {
        return Vec::new();
    };
    locales
        .by_lang
        .values()
        .filter(|f| f.lang != *reference)
        .filter(|f| only.is_none_or(|o| o.contains(&f.lang)))
        .map(|f| status(r, f, lock, sources))
        .collect()
}
