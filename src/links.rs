//! The links between editions, checked on what was rendered, before anything is
//! written: every link to another file of the output points at a file this build
//! writes, and every alternate (an HTML `<link rel="alternate">`, a Markdown front
//! matter `translations` entry) is answered by one in the other direction.
//!
//! The templates build these links from one list (the build's editions, see
//! [`crate::render::context`]); this check is what keeps a site's own templates,
//! or a change to ours, from publishing a dead or one-way link.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::output::Output;

/// A link found in an output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// As written.
    pub href: String,
    /// Whether it names a translation of the page (hreflang alternate, front matter
    /// `translations`), which must be answered.
    pub alternate: bool,
}

/// The links of an HTML page: `<a href>` and `<link href>`.
pub fn html_links(text: &str) -> Vec<Link> {
    html_page(text).0
}

/// The links of an HTML page, and the ids its elements share with another.
/// The page is tokenized, not built into a tree: a start tag is all either
/// needs, and a long page's tree costs many times the page.
fn html_page(text: &str) -> (Vec<Link>, Vec<String>) {
    use html5ever::tendril::StrTendril;
    use html5ever::tokenizer::{BufferQueue, Tokenizer};
    let sink = Tags::default();
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(text));
    let tokenizer = Tokenizer::new(sink, Default::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let Tags { links, twice, .. } = tokenizer.sink;
    (links.into_inner(), twice.into_inner().into_iter().collect())
}

/// What the tokenizer hands over: each start tag's links and ids.
#[derive(Default)]
struct Tags {
    links: RefCell<Vec<Link>>,
    ids: RefCell<BTreeSet<String>>,
    twice: RefCell<BTreeSet<String>>,
}

impl html5ever::tokenizer::TokenSink for Tags {
    type Handle = ();

    fn process_token(
        &self,
        token: html5ever::tokenizer::Token,
        _line: u64,
    ) -> html5ever::tokenizer::TokenSinkResult<()> {
        use html5ever::tokenizer::states::RawKind;
        use html5ever::tokenizer::{TagKind, Token, TokenSinkResult};
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        if tag.kind != TagKind::StartTag {
            return TokenSinkResult::Continue;
        }
        let attr = |name: &str| {
            tag.attrs
                .iter()
                .find(|a| &*a.name.local == name)
                .map(|a| &*a.value)
        };
        if let Some(id) = attr("id")
            && !self.ids.borrow_mut().insert(id.to_owned())
        {
            self.twice.borrow_mut().insert(id.to_owned());
        }
        let name = &*tag.name;
        if (name == "a" || name == "link")
            && let Some(href) = attr("href")
        {
            let alternate = name == "link"
                && attr("rel")
                    .is_some_and(|r| r.split_ascii_whitespace().any(|r| r == "alternate"))
                && attr("hreflang").is_some();
            self.links.borrow_mut().push(Link {
                href: href.to_owned(),
                alternate,
            });
        }
        // What the tree builder would tell the tokenizer: these elements'
        // content is text, not markup.
        match name {
            _ if tag.self_closing => TokenSinkResult::Continue,
            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
                TokenSinkResult::RawData(RawKind::Rawtext)
            }
            "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
            "plaintext" => TokenSinkResult::Plaintext,
            _ => TokenSinkResult::Continue,
        }
    }
}

/// The links of a Markdown edition: the front matter's `translations[].url` and
/// `pdf`, and the body's links and images.
pub fn markdown_links(text: &str) -> Vec<Link> {
    let mut links = Vec::new();
    let mut body = text;
    if let Some(rest) = text.strip_prefix("---\n")
        && let Some(end) = rest.find("\n---\n")
    {
        body = &rest[end + 5..];
        if let Ok(front) = yaml_serde::from_str::<yaml_serde::Value>(&rest[..end]) {
            if let Some(list) = front.get("translations").and_then(|t| t.as_sequence()) {
                links.extend(
                    list.iter()
                        .filter_map(|t| t.get("url")?.as_str())
                        .map(|href| Link {
                            href: href.to_owned(),
                            alternate: true,
                        }),
                );
            }
            if let Some(pdf) = front.get("pdf").and_then(|p| p.as_str()) {
                links.push(Link {
                    href: pdf.to_owned(),
                    alternate: false,
                });
            }
        }
    }
    for event in pulldown_cmark::Parser::new(body) {
        if let pulldown_cmark::Event::Start(
            pulldown_cmark::Tag::Link { dest_url, .. }
            | pulldown_cmark::Tag::Image { dest_url, .. },
        ) = event
        {
            links.push(Link {
                href: dest_url.into_string(),
                alternate: false,
            });
        }
    }
    links
}

/// Where `href`, written in the file at `from`, points under the output folder:
/// `None` for a link within the page or outside the output (another site, mail),
/// `Some(Err)` for a relative link that climbs out of the output folder.
pub fn resolve(from: &str, href: &str, base: Option<&url::Url>) -> Option<Result<String, ()>> {
    let href = href.split(['#', '?']).next().unwrap_or_default();
    if href.is_empty() {
        return None;
    }
    // Where the path starts, and the path from there; an absolute address is
    // compared with --base-url decoded, since either may have a character
    // percent-encoded (a `)` in a Markdown link) that the other has not.
    let (mut parts, rest, decoded): (Vec<String>, std::borrow::Cow<'_, str>, bool) =
        if url::Url::parse(href).is_ok() {
            // Absolute: ours only when under --base-url.
            let (href, base) = (decode(href), decode(base?.as_str()));
            let rest = href.strip_prefix(base.as_str())?.to_owned();
            (Vec::new(), rest.into(), true)
        } else if let Some(rest) = href.strip_prefix('/') {
            // Site-absolute: under the base URL's path, else the output's root.
            let prefix = base.map_or("", |b| b.path().trim_start_matches('/'));
            (
                Vec::new(),
                rest.strip_prefix(prefix).unwrap_or(rest).into(),
                false,
            )
        } else {
            let mut dirs: Vec<String> = from.split('/').map(str::to_owned).collect();
            dirs.pop();
            (dirs, href.into(), false)
        };
    for segment in rest.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Some(Err(()));
                }
            }
            s if decoded => parts.push(s.to_owned()),
            s => parts.push(decode(s)),
        }
    }
    // A folder stands for its index page.
    if rest.is_empty() || rest.ends_with('/') {
        parts.push("index.html".to_owned());
    }
    Some(Ok(parts.join("/")))
}

fn decode(segment: &str) -> String {
    percent_encoding::percent_decode_str(segment)
        .decode_utf8_lossy()
        .into_owned()
}

/// Checks the links of every HTML and Markdown output. `held` names the files
/// of a previous build that this one leaves in the output folder, which links
/// may point at too; `out` names the output folder in messages.
pub fn check(
    outputs: &[Output],
    held: &[&str],
    base: Option<&url::Url>,
    out: &Path,
) -> Vec<Diagnostic> {
    let written: BTreeSet<&str> = outputs
        .iter()
        .map(|o| o.path.as_str())
        .chain(held.iter().copied())
        .collect();
    let pages: Vec<(&str, Vec<Link>, Vec<String>)> = outputs
        .par_iter()
        .filter_map(|o| {
            let text = std::str::from_utf8(&o.bytes).ok()?;
            let (links, twice) = if o.path.ends_with(".html") {
                html_page(text)
            } else if o.path.ends_with(".md") {
                (markdown_links(text), Vec::new())
            } else {
                return None;
            };
            Some((o.path.as_str(), links, twice))
        })
        .collect();
    let file = |page: &str| out.join(page).display().to_string();
    let mut diagnostics = Vec::new();
    // Two elements with one id: the second is unreachable by its link, and the
    // page is invalid HTML.
    for (page, _, twice) in &pages {
        for id in twice {
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-anchor",
                    format!("{page} has two elements with id `{id}`"),
                )
                .in_file(file(page))
                .hint("an id of the content (a section, timeline entry, project or step) is taken twice, or takes an id the template uses (`content`, `<section>-heading`…): rename it in content/ and its messages in locales/"),
            );
        }
    }
    let links: Vec<(&str, Vec<Link>)> = pages.into_iter().map(|(p, l, _)| (p, l)).collect();
    let hint = "the link comes from the template that writes this file; build links to other \
                editions from `languages`, `alternates`, `formats`, `bilingual_href`, \
                `index_href` and `self_href`, which name only files this build writes (see \
                docs/templates.md)";
    // page → the pages its alternates point at.
    let mut alternates: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (page, links) in &links {
        let mut seen = BTreeSet::new();
        for link in links {
            match resolve(page, &link.href, base) {
                None => {}
                Some(Err(())) => diagnostics.push(
                    Diagnostic::error(
                        "link-outside",
                        format!(
                            "{page} links to `{}`, which is outside the output folder",
                            link.href
                        ),
                    )
                    .in_file(file(page))
                    .hint(hint),
                ),
                Some(Ok(target)) => {
                    if !written.contains(target.as_str()) {
                        if seen.insert(link.href.clone()) {
                            diagnostics.push(
                                Diagnostic::error(
                                    "link-broken",
                                    format!(
                                        "{page} links to `{}` ({target}), which this build does not write",
                                        link.href
                                    ),
                                )
                                .in_file(file(page))
                                .hint(hint),
                            );
                        }
                    } else if link.alternate {
                        alternates.entry(page).or_default().insert(target);
                    }
                }
            }
        }
    }
    for (page, targets) in &alternates {
        // The pseudo-locale edition links to the real ones, never the other way.
        if page.starts_with(&format!("{}/", crate::model::PSEUDO_FOLDER)) {
            continue;
        }
        for target in targets {
            if target == page {
                continue;
            }
            let answered = alternates
                .get(target.as_str())
                .is_some_and(|back| back.contains(*page));
            if !answered {
                diagnostics.push(
                    Diagnostic::error(
                        "link-one-way",
                        format!(
                            "{page} names {target} as its translation, but {target} does not name {page} back"
                        ),
                    )
                    .in_file(file(page))
                    .hint(hint),
                );
            }
        }
    }
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_absolute_and_outside_links_resolve() {
        let base = url::Url::parse("https://example.org/memo/").ok();
        let base = base.as_ref();
        let ok = |s: &str| Some(Ok(s.to_owned()));
        assert_eq!(resolve("fr/x.html", "../nl/x.html", None), ok("nl/x.html"));
        assert_eq!(resolve("fr/x.html", "x.pdf#p2", None), ok("fr/x.pdf"));
        assert_eq!(resolve("fr/x.html", "#content", None), None);
        assert_eq!(resolve("fr/x.html", "https://cirb.brussels", None), None);
        assert_eq!(resolve("fr/x.html", "mailto:a@b.be", base), None);
        assert_eq!(resolve("fr/x.html", "../../x.html", None), Some(Err(())));
        assert_eq!(
            resolve("fr/x.html", "https://example.org/memo/nl/x%20y.html", base),
            ok("nl/x y.html")
        );
        assert_eq!(
            resolve("fr/x.html", "https://example.org/other/x.html", base),
            None
        );
        assert_eq!(
            resolve("fr/x.html", "https://example.org/memo/", base),
            ok("index.html")
        );
        assert_eq!(
            resolve("fr/x.html", "/memo/fr-nl/x.pdf", base),
            ok("fr-nl/x.pdf")
        );
        assert_eq!(resolve("index.html", "fr/", None), ok("fr/index.html"));
        // A `)` percent-encoded on one side only.
        let paren = url::Url::parse("https://example.org/a)b/").ok();
        assert_eq!(
            resolve(
                "fr/x.md",
                "https://example.org/a%29b/nl/x.md",
                paren.as_ref()
            ),
            ok("nl/x.md")
        );
    }

    #[test]
    fn alternates_are_read_from_html_and_front_matter() {
        let html = r#"<html><head><link rel="alternate" hreflang="nl" href="../nl/x.html">
            <link rel="stylesheet" href="s.css"></head><body><a href="x.pdf">PDF</a></body></html>"#;
        let links = html_links(html);
        assert_eq!(links.len(), 3);
        assert!(links[0].alternate && links[0].href == "../nl/x.html");
        assert!(!links[1].alternate && !links[2].alternate);
        let md = "---\ntitle: \"x\"\npdf: \"x.pdf\"\ntranslations:\n  - lang: nl\n    url: \"../nl/x.md\"\n---\n\n[NL](../nl/x.md)\n";
        let links = markdown_links(md);
        let hrefs: Vec<(&str, bool)> = links
            .iter()
            .map(|l| (l.href.as_str(), l.alternate))
            .collect();
        assert_eq!(
            hrefs,
            [
                ("../nl/x.md", true),
                ("x.pdf", false),
                ("../nl/x.md", false)
            ]
        );
    }

    fn output(path: &str, text: &str) -> Output {
        Output {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
            languages: Vec::new(),
        }
    }

    #[test]
    fn broken_and_one_way_links_are_errors() {
        let alt = |h: &str| format!(r#"<link rel="alternate" hreflang="x" href="{h}">"#);
        let outputs = [
            output("fr/x.html", &(alt("x.html") + &alt("../nl/x.html"))),
            output("nl/x.html", &alt("x.html")),
            output("index.html", r#"<a href="de/x.html">de</a>"#),
        ];
        let d = check(&outputs, &[], None, Path::new("out"));
        let codes: Vec<(&str, &str)> = d.iter().map(|d| (d.code, d.message.as_str())).collect();
        assert_eq!(codes.len(), 2, "{codes:?}");
        assert_eq!(codes[0].0, "link-broken");
        assert!(codes[0].1.contains("index.html links to `de/x.html`"));
        assert_eq!(codes[1].0, "link-one-way");
        assert!(codes[1].1.starts_with("fr/x.html names nl/x.html"));

        let outputs = [
            output("fr/x.html", &alt("../nl/x.html")),
            output("nl/x.html", &alt("../fr/x.html")),
        ];
        assert!(check(&outputs, &[], None, Path::new("out")).is_empty());
    }
}
