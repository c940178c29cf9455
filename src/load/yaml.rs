//! Where each value of a YAML file is: one pass over the parser's events records
//! the byte span of every value under its path (`sections[2].blocks[0].paragraph`,
//! the form serde's errors use), so that every use found while loading carries its
//! location, and no stage searches the text again. The same pass measures what the
//! file's aliases expand to, so that a "billion laughs" is refused before serde
//! expands it.

use std::collections::HashMap;
use std::ops::Range;

use saphyr_parser::{Event, Parser};

/// The span of every value of a YAML document, by path.
#[derive(Debug, Default)]
pub struct Spans {
    by_path: HashMap<String, Range<usize>>,
    /// Every occurrence of each key, by the path it names (a duplicated key has
    /// two).
    keys: HashMap<String, Vec<Range<usize>>>,
    /// Where each document starts (a file holds one; a second is an error).
    documents: Vec<Range<usize>>,
    /// The value at which the file, its aliases expanded, passes
    /// [`MAX_EXPANDED_VALUES`]; the walk stops there.
    too_large: Option<Range<usize>>,
    /// The collection that opens deeper than [`MAX_DEPTH`]; the walk stops
    /// there.
    too_deep: Option<Range<usize>>,
}

/// How deeply a content file's collections may nest: the memorandum needs 6;
/// a hundred thousand `[[[…` would take the loader minutes (and any deeper, the
/// time limit) before saying anything.
pub const MAX_DEPTH: usize = 64;

/// How many values a content file may hold once its aliases (`*name`) are
/// expanded: about a thousand times the memorandum, far below what would exhaust
/// memory (each value costs about 100 bytes once loaded).
pub const MAX_EXPANDED_VALUES: usize = 2_000_000;

/// Where a flow collection (`[…]`, `{…}`) opens deeper than `max` levels, if
/// one does: a scan of the text that skips quoted scalars and comments, and
/// counts a bracket as an opening only where a flow collection can start (in
/// another one, after `: `, `- `, `? ` or at a line's start), so that brackets
/// in plain text do not count.
fn too_deep_flow(source: &str, max: usize) -> Option<usize> {
    let bytes = source.as_bytes();
    let mut depth = 0usize;
    // The last character that was not a space, on this line (`\n` at a line's
    // start).
    let mut prev = b'\n';
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'\n' => prev = b'\n',
            b' ' | b'\t' | b'\r' => {}
            b'#' if i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' | b'\''
                if depth > 0 || matches!(prev, b'\n' | b':' | b'-' | b',' | b'[' | b'{' | b'?') =>
            {
                // A quoted scalar: to its closing quote (`\"` and `''` escape).
                i += 1;
                while i < bytes.len() {
                    match bytes[i] {
                        b'\\' if c == b'"' => i += 1,
                        b'\'' if c == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 1,
                        q if q == c => break,
                        _ => {}
                    }
                    i += 1;
                }
                prev = c;
            }
            b'[' | b'{' if depth > 0 || matches!(prev, b'\n' | b':' | b'-' | b',' | b'?') => {
                depth += 1;
                if depth > max {
                    return Some(i);
                }
                prev = c;
            }
            b']' | b'}' if depth > 0 => {
                depth -= 1;
                prev = c;
            }
            _ => prev = c,
        }
        i += 1;
    }
    None
}

/// Where the walk is inside a collection.
enum Frame {
    /// In a mapping: the key of the value to come, once read.
    Map { key: Option<String> },
    /// In a sequence: the index of the next item.
    Seq { index: usize },
}

impl Spans {
    /// Indexes `source`. A syntax error ends the walk: what was read before it is
    /// kept (the loader reports the error itself).
    pub fn index(source: &str) -> Self {
        // The parser counts characters; spans are bytes.
        let bytes_at: Vec<usize> = source
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(source.len()))
            .collect();
        let byte = |char_index: usize| bytes_at.get(char_index).copied().unwrap_or(source.len());
        let mut spans = Spans::default();
        // The parser reads a whole flow collection ahead before its first
        // event (to tell `[a]: b` from `[a]`): deep nesting is found by a
        // scan of the text first.
        if let Some(at) = too_deep_flow(source, MAX_DEPTH) {
            spans.too_deep = Some(at..at + 1);
            return spans;
        }
        let mut stack: Vec<Frame> = Vec::new();
        let mut path: Vec<String> = Vec::new();
        // Alias expansion: each anchored node's expanded size, recorded when it
        // closes; the expanded size of each open collection so far; the total.
        let mut anchored: HashMap<usize, usize> = HashMap::new();
        let mut open: Vec<(usize, usize)> = Vec::new();
        let mut total: usize = 0;
        for event in Parser::new_from_str(source) {
            let Ok((event, span)) = event else { break };
            let range = byte(span.start.index())..byte(span.end.index());
            // The expanded size of a value this event completes, and its anchor
            // (0 for none).
            let mut complete = None;
            match event {
                Event::Scalar(text, _, anchor, _) => {
                    complete = Some((1 + text.len() / 64, anchor));
                    if let Some(Frame::Map { key: key @ None }) = stack.last_mut() {
                        *key = Some(text.into_owned());
                        let here = join(&path, &segment(&stack));
                        spans.keys.entry(here).or_default().push(range.clone());
                    } else {
                        spans.value(&stack, &mut path, range.clone());
                        advance(&mut stack);
                    }
                }
                Event::Alias(id) => {
                    complete = Some((anchored.get(&id).copied().unwrap_or(1), 0));
                    spans.value(&stack, &mut path, range.clone());
                    advance(&mut stack);
                }
                Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                    if stack.len() >= MAX_DEPTH {
                        spans.too_deep = Some(range.start..range.start + 1);
                        break;
                    }
                    open.push((anchor, 1));
                    spans.value(&stack, &mut path, range.clone());
                    path.push(segment(&stack));
                    stack.push(if matches!(event, Event::SequenceStart(..)) {
                        Frame::Seq { index: 0 }
                    } else {
                        Frame::Map { key: None }
                    });
                }
                Event::DocumentStart(_) => spans.documents.push(range.clone()),
                Event::SequenceEnd | Event::MappingEnd => {
                    stack.pop();
                    path.pop();
                    advance(&mut stack);
                    // Counted in the total as its values were; added to its
                    // parent only.
                    if let Some((anchor, size)) = open.pop() {
                        if anchor > 0 {
                            anchored.insert(anchor, size);
                        }
                        if let Some(parent) = open.last_mut() {
                            parent.1 = parent.1.saturating_add(size);
                        }
                    }
                }
                _ => {}
            }
            let Some((size, anchor)) = complete else {
                continue;
            };
            if anchor > 0 {
                anchored.insert(anchor, size);
            }
            if let Some(parent) = open.last_mut() {
                parent.1 = parent.1.saturating_add(size);
            }
            total = total.saturating_add(size);
            if total > MAX_EXPANDED_VALUES {
                spans.too_large = Some(range.start..range.start + 1);
                break;
            }
        }
        spans
    }

    /// Records the span of the value at the current place.
    fn value(&mut self, stack: &[Frame], path: &mut [String], range: Range<usize>) {
        let here = join(path, &segment(stack));
        // A collection's span is its first token; keep the first seen.
        self.by_path.entry(here).or_insert(range);
    }

    /// The span of the value at `path`, if the file has one there.
    pub fn get(&self, path: &str) -> Option<Range<usize>> {
        self.by_path.get(path).cloned()
    }

    /// The value at which the file's expansion passes [`MAX_EXPANDED_VALUES`].
    pub fn too_large(&self) -> Option<Range<usize>> {
        self.too_large.clone()
    }

    /// The collection that opens deeper than [`MAX_DEPTH`].
    pub fn too_deep(&self) -> Option<Range<usize>> {
        self.too_deep.clone()
    }

    /// Where document `n` (0-based) starts, if the file has that many.
    pub fn document(&self, n: usize) -> Option<Range<usize>> {
        self.documents.get(n).cloned()
    }

    /// The last occurrence of the key naming `path` (for a duplicated key, the
    /// repetition).
    pub fn last_key(&self, path: &str) -> Option<Range<usize>> {
        self.keys.get(path).and_then(|v| v.last()).cloned()
    }

    /// The first value at or under `path` whose text in `source` (quotes aside)
    /// is `text`: serde names the mapping or sequence of a refused value, and its
    /// message quotes the value.
    pub fn find_under(&self, source: &str, path: &str, text: &str) -> Option<Range<usize>> {
        self.by_path
            .iter()
            .filter(|(p, _)| {
                path.is_empty()
                    || p.strip_prefix(path)
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
            })
            .map(|(_, span)| span)
            .filter(|span| {
                source.get((*span).clone()).is_some_and(|t| {
                    let t = t.trim_matches(['"', '\'']);
                    // A long value is quoted cut short, ending with `…`.
                    match text.strip_suffix('…') {
                        Some(start) => t.starts_with(start),
                        None => t == text,
                    }
                })
            })
            .min_by_key(|span| span.start)
            .cloned()
    }
}

/// The path segment of the value about to be read: `.key` or `[index]`.
fn segment(stack: &[Frame]) -> String {
    match stack.last() {
        Some(Frame::Map { key: Some(k) }) => format!(".{k}"),
        Some(Frame::Seq { index }) => format!("[{index}]"),
        _ => String::new(),
    }
}

fn join(path: &[String], last: &str) -> String {
    let mut p: String = path.concat();
    p.push_str(last);
    p.trim_start_matches('.').to_owned()
}

/// Moves past a value: the next item of a sequence, the next key of a mapping.
fn advance(stack: &mut [Frame]) {
    match stack.last_mut() {
        Some(Frame::Seq { index }) => *index += 1,
        Some(Frame::Map { key }) => *key = None,
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_nesting_is_bounded_where_it_opens() {
        let deep = format!("x: {}", "[".repeat(100));
        assert_eq!(too_deep_flow(&deep, 64), Some(3 + 64));
        let deep = format!("- {}", "{a: ".repeat(100));
        assert_eq!(too_deep_flow(&deep, 64), Some(2 + 64 * 4));
        // Brackets in plain text, in quotes or in comments are not collections.
        let text = format!(
            "a: {}\nb: \"{}\"\nc: '{}'\n# {}\n",
            "x[".repeat(100),
            "[".repeat(100),
            "{".repeat(100),
            "[".repeat(100)
        );
        assert_eq!(too_deep_flow(&text, 64), None);
        // Closed collections do not add up.
        let wide = "x: [[1], [2], [3]]\n".repeat(1000);
        assert_eq!(too_deep_flow(&wide, 2), None);
        assert!(
            Spans::index(&format!("x: {}", "[".repeat(100_000)))
                .too_deep()
                .is_some()
        );
    }

    #[test]
    fn every_value_is_found_under_its_path() {
        let src = "# é comment\nid: x\nlist: [a, bé]\nsections:\n  - id: one\n    blocks:\n      - paragraph: p1\n        args: { n: 12 }\n  - id: two\n";
        let spans = Spans::index(src);
        let text = |p: &str| &src[spans.get(p).unwrap_or_else(|| panic!("no {p}"))];
        assert_eq!(text("id"), "x");
        assert_eq!(text("list[1]"), "bé");
        assert_eq!(text("sections[0].id"), "one");
        assert_eq!(text("sections[0].blocks[0].paragraph"), "p1");
        assert_eq!(text("sections[0].blocks[0].args.n"), "12");
        assert_eq!(text("sections[1].id"), "two");
        assert!(text("sections").starts_with('-') || text("sections").is_empty());
        assert_eq!(spans.get("nope"), None);
        let at = spans.find_under(src, "sections[0]", "p1").unwrap();
        assert_eq!(&src[at], "p1");
        assert_eq!(spans.find_under(src, "sections[1]", "p1"), None);
    }
}
