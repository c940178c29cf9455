//! Punctuation spacing in translations, as `l10n status` reports it.
//!
//! French puts a narrow no-break space (U+202F) before `;` `:` `!` `?` and `»`, and
//! after `«`; a plain space there lets the sign wrap onto a line of its own, and
//! no space at all is a typing slip. Other languages (Dutch, English…) put no
//! space before `;` `:` `!` `?`. Only the literal text of messages is read:
//! placeables, comments and identifiers are not, and neither are web addresses
//! (`https://…`, `mailto:…`) or times (`10:30`).

use fluent_syntax::ast;

use crate::diagnostics::{Diagnostic, Sources};
use crate::load::LocaleFiles;
use crate::load::locales::offset_in;

/// The narrow no-break space.
const NNBSP: char = '\u{202F}';

/// What is wrong at a byte offset of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slip {
    /// Byte offset in the text of the character to change (or insert before).
    pub at: usize,
    /// Byte length of the character to change; 0 for a missing space.
    pub len: usize,
    /// What to do.
    pub message: String,
}

/// The spacing slips in one text of a language whose typography is French
/// (`french`) or not.
pub fn slips(text: &str, french: bool) -> Vec<Slip> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let prev = k.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(k + 1).map(|&(_, n)| n);
        if in_address(text, i) {
            continue;
        }
        let before = matches!(c, ';' | ':' | '!' | '?') || (french && c == '»');
        if before {
            // A time (10:30), an image (`![`), or a run of signs (`?!`): no space.
            if c == ':'
                && prev.is_some_and(|(_, p)| p.is_ascii_digit())
                && next.is_some_and(|n| n.is_ascii_digit())
            {
                continue;
            }
            if c == '!' && next == Some('[') {
                continue;
            }
            let Some((pi, p)) = prev else { continue };
            if matches!(p, ';' | ':' | '!' | '?' | '«') {
                continue;
            }
            if french {
                if p == ' ' || p == '\u{A0}' {
                    out.push(Slip {
                        at: pi,
                        len: p.len_utf8(),
                        message: format!(
                            "the space before `{c}` should be a narrow no-break space (U+202F)"
                        ),
                    });
                } else if p != NNBSP && !p.is_whitespace() {
                    out.push(Slip {
                        at: i,
                        len: 0,
                        message: format!("put a narrow no-break space (U+202F) before `{c}`"),
                    });
                }
            } else if p.is_whitespace() {
                out.push(Slip {
                    at: pi,
                    len: p.len_utf8(),
                    message: format!("no space before `{c}` in this language"),
                });
            }
        } else if french && c == '«' {
            match next {
                Some(' ' | '\u{A0}') => out.push(Slip {
                    at: i + c.len_utf8(),
                    len: 1 + usize::from(next == Some('\u{A0}')),
                    message: "the space after `«` should be a narrow no-break space (U+202F)"
                        .into(),
                }),
                Some(n) if n != NNBSP && !n.is_whitespace() => out.push(Slip {
                    at: i + c.len_utf8(),
                    len: 0,
                    message: "put a narrow no-break space (U+202F) after `«`".into(),
                }),
                _ => {}
            }
        }
    }
    out
}

/// Whether byte `i` of `text` is inside a web address or a Markdown link target.
fn in_address(text: &str, i: usize) -> bool {
    let start = text[..i]
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || c == '(' || c == '<')
        .map_or(0, |(s, c)| s + c.len_utf8());
    let end = text[i..]
        .find(|c: char| c.is_whitespace() || c == ')' || c == '>')
        .map_or(text.len(), |e| i + e);
    let word = &text[start..end];
    word.contains("://") || word.starts_with("mailto:") || word.starts_with("tel:")
}

/// Every slip in the messages and terms of `files`, located in their file.
pub fn check(files: &LocaleFiles, sources: &Sources) -> Vec<Diagnostic> {
    let french = files.lang.as_str() == "fr" || files.lang.as_str().starts_with("fr-");
    let hint = if french {
        "French typography: a narrow no-break space (U+202F) before ; : ! ? » and after «"
    } else {
        "no space before ; : ! ? in this language"
    };
    let mut out = Vec::new();
    for (file, resource) in &files.resources {
        let source = resource.source();
        let mut texts: Vec<(&str, &str)> = Vec::new();
        for entry in resource.entries() {
            match entry {
                ast::Entry::Message(m) => {
                    if let Some(v) = &m.value {
                        collect(m.id.name, v, &mut texts);
                    }
                    for a in &m.attributes {
                        collect(m.id.name, &a.value, &mut texts);
                    }
                }
                ast::Entry::Term(t) => {
                    collect(t.id.name, &t.value, &mut texts);
                    for a in &t.attributes {
                        collect(t.id.name, &a.value, &mut texts);
                    }
                }
                _ => {}
            }
        }
        for (id, text) in texts {
            let Some(base) = offset_in(source, text) else {
                continue;
            };
            for slip in slips(text, french) {
                let d = Diagnostic::warning("typography", format!("`{id}`: {}", slip.message))
                    .hint(hint);
                let span = base + slip.at..base + slip.at + slip.len;
                out.push(match sources.get(file) {
                    Some(src) if src.len() == source.len() => d.at(file.clone(), src, span),
                    _ => d.in_file(file.clone()),
                });
            }
        }
    }
    out
}

fn collect<'a>(id: &'a str, pattern: &ast::Pattern<&'a str>, out: &mut Vec<(&'a str, &'a str)>) {
    for e in &pattern.elements {
        match e {
            ast::PatternElement::TextElement { value } => out.push((id, value)),
            ast::PatternElement::Placeable {
                expression: ast::Expression::Select { variants, .. },
            } => {
                for v in variants {
                    collect(id, &v.value, out);
                }
            }
            ast::PatternElement::Placeable { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fr(text: &str) -> Vec<(usize, usize)> {
        slips(text, true).iter().map(|s| (s.at, s.len)).collect()
    }

    #[test]
    fn french_wants_narrow_no_break_spaces() {
        assert!(fr("Date\u{202F}: mars\u{202F}; «\u{202F}oui\u{202F}»\u{202F}!").is_empty());
        assert_eq!(fr("Date : x"), [(4, 1)]);
        assert_eq!(fr("Date: x"), [(4, 0)]);
        assert_eq!(fr("Date\u{A0}: x"), [(4, 2)]);
        assert_eq!(fr("« oui »"), [(2, 1), (6, 1)]);
        assert_eq!(fr("«oui»"), [(2, 0), (5, 0)]);
        assert_eq!(fr("Vraiment\u{202F}?!"), []);
    }

    #[test]
    fn addresses_times_and_images_are_left_alone() {
        assert!(fr("Voir https://be.brussels/a?b=c;d et [ceci](https://x.be/?q=1).").is_empty());
        assert!(fr("mailto:info@cirb.brussels").is_empty());
        // Multi-byte spaces before an address.
        assert!(fr("«\u{202F}x\u{202F}»\u{202F}: https://x.be/?a").is_empty());
        assert!(fr("à 10:30 ![logo](https://x.be/l.png)").is_empty());
    }

    #[test]
    fn other_languages_want_no_space() {
        let nl: Vec<usize> = slips("Datum : maart; ja !", false)
            .iter()
            .map(|s| s.at)
            .collect();
        assert_eq!(nl, [5, 17]);
        assert!(slips("Publicatiedatum: maart 2019", false).is_empty());
    }

    #[test]
    fn every_short_text_gives_slips_on_character_boundaries() {
        // Multi-byte spaces, guillemets and signs, in every order up to length 4.
        let alphabet = ['a', ' ', '\u{A0}', NNBSP, '«', '»', ':', '?', '/', 'é'];
        let n = alphabet.len();
        for len in 1..=4u32 {
            for mut k in 0..n.pow(len) {
                let mut text = String::new();
                for _ in 0..len {
                    text.push(alphabet[k % n]);
                    k /= n;
                }
                for french in [true, false] {
                    for slip in slips(&text, french) {
                        assert!(text.is_char_boundary(slip.at), "{text:?}");
                        assert!(text.is_char_boundary(slip.at + slip.len), "{text:?}");
                    }
                }
            }
        }
    }
}
