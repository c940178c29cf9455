//! The inline Markdown a message may carry (emphasis, strong, code, links), parsed
//! once and written out as HTML, as Markdown or as plain text. Raw HTML is kept as
//! text; block syntax (lists, headings) and links to anything but http(s) or mailto
//! are refused, naming the problem so the translator can fix it.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// A piece of inline text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    /// Plain text (already unescaped: `<` is a less-than sign).
    Text(String),
    /// `code`.
    Code(String),
    /// *emphasis*.
    Emph(Vec<Inline>),
    /// **strong**.
    Strong(Vec<Inline>),
    /// [children](url).
    Link {
        /// The target: http(s) or mailto only.
        url: String,
        /// The link text.
        children: Vec<Inline>,
    },
    /// A line break inside the message.
    Break,
    /// A message missing in the edition's language, shown with a visible marker:
    /// the reference language's text (`lang` set), or the message id.
    Untranslated {
        /// The language of the text shown, when it is the reference's.
        lang: Option<String>,
        /// What is shown.
        children: Vec<Inline>,
    },
}

/// How deep inline markup may nest (`*emphasis* in **strong**` is 2): every
/// writer recurses once per level.
pub const MAX_NESTING: usize = 16;

/// Parses a formatted message. The error says what is not allowed, for the caller to
/// wrap with the message id.
pub fn parse(text: &str) -> Result<Vec<Inline>, String> {
    let mut stack: Vec<(Option<Tag<'_>>, Vec<Inline>)> = vec![(None, Vec::new())];
    let mut paragraphs = 0;
    for event in Parser::new(text) {
        let top = stack.last_mut().map(|(_, v)| v);
        match event {
            Event::Start(Tag::Paragraph) => {
                paragraphs += 1;
                if paragraphs > 1 {
                    return Err("a message is one paragraph: remove the blank line".into());
                }
            }
            Event::End(TagEnd::Paragraph) => {}
            Event::Start(tag @ (Tag::Emphasis | Tag::Strong | Tag::Link { .. })) => {
                if let Tag::Link { dest_url, .. } = &tag {
                    check_link(dest_url)?;
                }
                if stack.len() > MAX_NESTING {
                    return Err(format!(
                        "emphasis, strong text and links are nested more than {MAX_NESTING} deep"
                    ));
                }
                stack.push((Some(tag), Vec::new()));
            }
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link) => {
                let Some((Some(tag), children)) = stack.pop() else {
                    return Err("unbalanced inline markup".into());
                };
                let node = match tag {
                    Tag::Emphasis => Inline::Emph(children),
                    Tag::Strong => Inline::Strong(children),
                    Tag::Link { dest_url, .. } => Inline::Link {
                        url: dest_url.into_string(),
                        children,
                    },
                    _ => return Err("unbalanced inline markup".into()),
                };
                push(&mut stack, node);
            }
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                if let Some(top) = top {
                    push_text(top, &t);
                }
            }
            Event::Code(c) => push(&mut stack, Inline::Code(c.into_string())),
            Event::SoftBreak => {
                if let Some(top) = top {
                    push_text(top, " ");
                }
            }
            Event::HardBreak => push(&mut stack, Inline::Break),
            Event::Start(Tag::Image { .. }) => {
                return Err("images are not allowed in messages".into());
            }
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => {}
            Event::Start(tag) => {
                return Err(format!(
                    "block markup ({}) is not allowed in a message; write the text plainly, or escape the first character with `\\`",
                    block_name(&tag)
                ));
            }
            other => {
                return Err(format!("markup not allowed in a message: {other:?}"));
            }
        }
    }
    match stack.pop() {
        Some((None, nodes)) if stack.is_empty() => Ok(nodes),
        _ => Err("unbalanced inline markup".into()),
    }
}

fn block_name(tag: &Tag<'_>) -> &'static str {
    match tag {
        Tag::Heading { .. } => "a heading: `#` at the start",
        Tag::List(Some(_)) | Tag::Item => "a list: `-`, `*`, `+` or `1.` at the start",
        Tag::List(None) => "a list: `-`, `*` or `+` at the start",
        Tag::BlockQuote(_) => "a quotation: `>` at the start",
        Tag::CodeBlock(_) => "a code block",
        Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell => "a table",
        _ => "a block",
    }
}

fn push(stack: &mut [(Option<Tag<'_>>, Vec<Inline>)], node: Inline) {
    if let Some((_, v)) = stack.last_mut() {
        v.push(node);
    }
}

fn push_text(nodes: &mut Vec<Inline>, text: &str) {
    if let Some(Inline::Text(last)) = nodes.last_mut() {
        last.push_str(text);
    } else {
        nodes.push(Inline::Text(text.to_owned()));
    }
}

/// Accepts http(s) and mailto targets only.
pub fn check_link(url: &str) -> Result<(), String> {
    let lower = url.trim().to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
    {
        Ok(())
    } else {
        Err(format!(
            "link target `{url}` is refused: only http://, https:// and mailto: links are allowed"
        ))
    }
}

/// Upper-cases the first letter, for text that starts a label (`mai 2018` → `Mai 2018`).
pub fn capitalize_first(nodes: &mut [Inline]) {
    let Some(first) = nodes.first_mut() else {
        return;
    };
    match first {
        Inline::Text(t) | Inline::Code(t) => {
            if let Some(c) = t.chars().next() {
                let upper: String = c.to_uppercase().collect();
                t.replace_range(..c.len_utf8(), &upper);
            }
        }
        Inline::Emph(c)
        | Inline::Strong(c)
        | Inline::Link { children: c, .. }
        | Inline::Untranslated { children: c, .. } => capitalize_first(c),
        Inline::Break => {}
    }
}

/// Writes inline nodes as HTML, escaping all text.
pub fn to_html(nodes: &[Inline]) -> String {
    let mut out = String::new();
    write_html(nodes, &mut out);
    out
}

fn write_html(nodes: &[Inline], out: &mut String) {
    for node in nodes {
        match node {
            Inline::Text(t) => text_html_into(t, out),
            Inline::Code(c) => {
                out.push_str("<code>");
                escape_html_into(c, out);
                out.push_str("</code>");
            }
            Inline::Emph(c) => {
                out.push_str("<em>");
                write_html(c, out);
                out.push_str("</em>");
            }
            Inline::Strong(c) => {
                out.push_str("<strong>");
                write_html(c, out);
                out.push_str("</strong>");
            }
            Inline::Link { url, children } => {
                out.push_str("<a href=\"");
                escape_html_into(url, out);
                out.push_str("\">");
                write_html(children, out);
                out.push_str("</a>");
            }
            Inline::Break => out.push_str("<br>"),
            Inline::Untranslated { lang, children } => {
                out.push_str("<span class=\"untranslated\"");
                if let Some(lang) = lang {
                    out.push_str(" lang=\"");
                    escape_html_into(lang, out);
                    out.push('"');
                }
                out.push('>');
                write_html(children, out);
                out.push_str("</span>");
            }
        }
    }
}

/// Escapes `& < > " '` for HTML text and attribute values.
/// Text as HTML, escaped; a range of numbers (« 2014–2019 », "2014-2019") in
/// `<span class="nowrap">`, so that a browser never breaks it at its dash.
fn text_html_into(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some((start, end)) = number_range(rest) {
        escape_html_into(&rest[..start], out);
        out.push_str("<span class=\"nowrap\">");
        escape_html_into(&rest[start..end], out);
        out.push_str("</span>");
        rest = &rest[end..];
    }
    escape_html_into(rest, out);
}

/// The first range of numbers in `text`: digits, a hyphen or dash, digits;
/// its byte offsets.
fn number_range(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let digits = |from: usize| {
        from + bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let first_end = digits(i);
        let dash = text[first_end..]
            .chars()
            .next()
            .filter(|c| matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{2013}'));
        if let Some(d) = dash {
            let second = first_end + d.len_utf8();
            let end = digits(second);
            if end > second {
                return Some((i, end));
            }
        }
        i = first_end;
    }
    None
}

pub fn escape_html_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Writes inline nodes as Markdown on one line, escaped so the text cannot open a
/// block, a link or raw HTML, or break a table cell.
pub fn to_markdown(nodes: &[Inline]) -> String {
    let mut out = String::new();
    write_markdown(nodes, &mut out);
    // Text at the start of a line must not read as a list item, heading or quote.
    if let Some(first) = out.chars().next() {
        if matches!(first, '-' | '+' | '=') {
            out.insert(0, '\\');
        } else if first.is_ascii_digit() {
            let digits = out.chars().take_while(char::is_ascii_digit).count();
            if matches!(out[digits..].chars().next(), Some('.' | ')')) {
                out.insert(digits, '\\');
            }
        }
    }
    out
}

fn write_markdown(nodes: &[Inline], out: &mut String) {
    for node in &merged(nodes) {
        match node {
            Inline::Text(t) => out.push_str(&escape_markdown(t)),
            Inline::Code(c) => {
                // Code spans take no escapes: a `|` (which would end a table cell)
                // and the second brace of a `{{` (a shortcode delimiter for Hugo)
                // are written as escaped text between two spans.
                let mut piece = String::new();
                let mut prev = None;
                for ch in c.chars() {
                    if ch == '|' || (ch == '{' && prev == Some('{')) {
                        code_span(&piece, out);
                        piece.clear();
                        out.push('\\');
                        out.push(ch);
                    } else {
                        piece.push(ch);
                    }
                    prev = Some(ch);
                }
                code_span(&piece, out);
            }
            Inline::Emph(c) => {
                out.push('*');
                write_markdown(&unnested(c, |n| matches!(n, Inline::Emph(_))), out);
                out.push('*');
            }
            Inline::Strong(c) => {
                out.push_str("**");
                write_markdown(&unnested(c, |n| matches!(n, Inline::Strong(_))), out);
                out.push_str("**");
            }
            Inline::Link { url, children } => {
                out.push('[');
                write_markdown(children, out);
                out.push_str("](<");
                out.push_str(&markdown_destination(url));
                out.push_str(">)");
            }
            Inline::Break => out.push(' '),
            Inline::Untranslated { children, .. } => {
                out.push('⟦');
                write_markdown(children, out);
                out.push('⟧');
            }
        }
    }
}

/// `url` as a Markdown link destination: every character that could end the
/// destination or the link (`)`, `>`, a space, a line break), open something
/// else (`<`, `(`, `\\`), break a table cell (`|`) or a shortcode (`{`, `}`)
/// is percent-encoded, which leaves the address the same. Written bare
/// (`[x](…)`) or in angle brackets (`[x](<…>)`), it reads back as written.
pub fn markdown_destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '(' | ')' | '<' | '>' | ' ' | '|' | '{' | '}' | '\\' | '`' => {
                out.push_str(&format!("%{:02X}", u32::from(c)));
            }
            c if c.is_control() => {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// `nodes` with neighbouring emphasis of one kind joined: `*a**b*` would read
/// back as something else, and two emphases side by side look like one.
fn merged(nodes: &[Inline]) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(nodes.len());
    for n in nodes {
        match (out.last_mut(), n) {
            (Some(Inline::Emph(a)), Inline::Emph(b))
            | (Some(Inline::Strong(a)), Inline::Strong(b)) => {
                a.extend(b.iter().cloned());
            }
            _ => out.push(n.clone()),
        }
    }
    out
}

/// `nodes` with emphasis of the kind `same` inside it lifted out: emphasis within
/// emphasis looks the same, and `*a *b* c*` would read back as two spans.
fn unnested(nodes: &[Inline], same: impl Fn(&Inline) -> bool + Copy) -> Vec<Inline> {
    let mut out = Vec::new();
    for n in nodes {
        match n {
            Inline::Emph(c) | Inline::Strong(c) if same(n) => out.extend(unnested(c, same)),
            other => out.push(other.clone()),
        }
    }
    out
}

/// Writes `code` as one code span, unless empty.
fn code_span(code: &str, out: &mut String) {
    if code.is_empty() {
        return;
    }
    let ticks = "`".repeat(longest_run(code, '`') + 1);
    // A span that starts or ends with a backtick, or with a space at both ends,
    // needs a space inside its delimiters (CommonMark strips one on each side).
    let spaced = code.starts_with(' ') && code.ends_with(' ') && code.trim() != "";
    let pad = if code.starts_with('`') || code.ends_with('`') || spaced {
        " "
    } else {
        ""
    };
    out.push_str(&format!("{ticks}{pad}{code}{pad}{ticks}"));
}

fn longest_run(text: &str, ch: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for c in text.chars() {
        run = if c == ch { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

/// Escapes Markdown punctuation so `text` reads literally. `{` is escaped too, so
/// that no `{{<` or `{{%` reaches a static site generator as a shortcode (Hugo).
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '!' | '#' | '|' | '~' | '&' | '{'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The text alone, without markup.
pub fn to_plain(nodes: &[Inline]) -> String {
    let mut out = String::new();
    write_plain(nodes, &mut out);
    out
}

fn write_plain(nodes: &[Inline], out: &mut String) {
    for node in nodes {
        match node {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Link { children: c, .. }
            | Inline::Untranslated { children: c, .. } => {
                write_plain(c, out);
            }
            Inline::Break => out.push(' '),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_ranges_never_break_on_the_web() {
        let html = |s: &str| to_html(&parse(s).unwrap());
        assert_eq!(
            html("la déclaration 2014–2019, puis 2019-2024."),
            "la déclaration <span class=\"nowrap\">2014–2019</span>, puis <span class=\"nowrap\">2019-2024</span>."
        );
        // Not a range: a code with letters, a number alone, a dash alone.
        assert_eq!(
            html("A4-2019, 12 ateliers, 2019 –"),
            "A4-2019, 12 ateliers, 2019 –"
        );
        assert_eq!(
            html("<b>1-2</b>"),
            "&lt;b&gt;<span class=\"nowrap\">1-2</span>&lt;/b&gt;"
        );
    }

    #[test]
    fn emphasis_and_links_become_html() {
        let nodes = parse("Le *Smart City Office* : voir [le site](https://be.brussels).").unwrap();
        assert_eq!(
            to_html(&nodes),
            "Le <em>Smart City Office</em> : voir <a href=\"https://be.brussels\">le site</a>."
        );
    }

    #[test]
    fn raw_html_is_text() {
        let nodes = parse("a <script>alert(1)</script> <img src=x onerror=alert(1)>").unwrap();
        let html = to_html(&nodes);
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        let md = to_markdown(&nodes);
        assert!(md.contains("\\<script\\>"), "{md}");
    }

    #[test]
    fn javascript_links_are_refused() {
        let err = parse("[x](javascript:alert(1))").unwrap_err();
        assert!(err.contains("javascript:alert(1)"), "{err}");
        assert!(parse("[x](JaVaScRiPt:alert(1))").is_err());
        assert!(parse("[x](data:text/html,hi)").is_err());
        assert!(parse("[mail](mailto:smartcity@cirb.brussels)").is_ok());
        assert!(parse("![i](https://x/y.png)").is_err());
    }

    #[test]
    fn block_markup_is_refused() {
        assert!(parse("# Titre").unwrap_err().contains("heading"));
        assert!(parse("1. premier").unwrap_err().contains("list"));
        assert!(parse("un\n\ndeux").is_err());
        assert!(parse("\\# pas un titre").is_ok());
    }

    #[test]
    fn markdown_output_cannot_open_blocks_or_break_tables() {
        let nodes = vec![Inline::Text("2019. | [x](y) # - *a*".into())];
        let md = to_markdown(&nodes);
        assert_eq!(md, "2019\\. \\| \\[x\\](y) \\# - \\*a\\*");
        // Parsing the output again gives back the same text.
        assert_eq!(to_plain(&parse(&md).unwrap()), "2019. | [x](y) # - *a*");
        assert_eq!(to_markdown(&[Inline::Text("- item".into())]), "\\- item");
    }

    #[test]
    fn no_shortcode_delimiter_survives_in_markdown() {
        let nodes = vec![
            Inline::Text("{{< youtube x >}} {{% param \"title\" %}}".into()),
            Inline::Code("{{{< x >}}".into()),
            Inline::Link {
                url: "https://example.org/{{%x%}}".into(),
                children: vec![Inline::Text("a".into())],
            },
        ];
        let md = to_markdown(&nodes);
        assert!(!md.contains("{{"), "{md}");
        // The text still reads the same once parsed as Markdown.
        let back = to_plain(&parse(&md).unwrap());
        assert!(
            back.starts_with("{{< youtube x >}} {{% param \"title\" %}}{{{< x >}}"),
            "{back}"
        );
    }

    #[test]
    fn nesting_is_bounded_with_an_error() {
        let deep = format!("{}x{}", "*a ".repeat(10_000), " a*".repeat(10_000));
        let e = parse(&deep).unwrap_err();
        assert!(e.contains("nested more than"), "{e}");
        assert!(parse(&format!("{}x{}", "*a ".repeat(4), " a*".repeat(4))).is_ok());
    }
}
