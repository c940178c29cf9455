//! The PDF edition: the publication model typeset on A4 pages by our own layout
//! engine (line breaking, hyphenation, pagination) and written with printpdf.
//! Nothing is taken from the HTML: the same model and the same messages.

mod blocks;
mod builder;
pub mod file;
pub mod fonts;
pub mod hyphenate;
pub mod layout;
pub mod paginate;
mod pairs;
pub mod tags;
pub mod write;

/// Stands for the signatory's name, content text, where a message id is expected.
const SIGNATORY: &str = "signatory";
/// Stands for the colophon's content text (the responsible publisher, the
/// contact) where a message id is expected.
const COLOPHON: &str = "colophon";

/// What content text a stand-in id names, for a diagnostic: the field to
/// correct in `content/memorandum.yaml`.
fn content_field(id: &str) -> Option<&'static str> {
    match id {
        SIGNATORY => Some("the signatory's name (`signatory: name:`)"),
        COLOPHON => Some("the colophon (`colophon: responsible-publisher:` or `contact:`)"),
        _ => None,
    }
}

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;

use super::{Backend, Edition, Format, RenderInput};
use crate::diagnostics::Diagnostic;
use crate::markup::Inline;
use crate::model::{Arg, Block as ModelBlock, Lang, MessageRef};
use fonts::{Face, Usage};
use hyphenate::Hyphenation;
use layout::{Line, Link, Rgb, Shape, Span, Style, break_lines};
use paginate::{Anchor, Block, Draw, Geometry, Page, Row, TableBlock, TextBlock};
use tags::{NodeId, Role, Tag, Tree};

use blocks::*;
use builder::*;
pub use builder::{LaidSection, SectionKey};
use pairs::*;

/// Messages the PDF uses besides the content's, with the variables it gives them.
pub const MESSAGES: [(&str, &[&str]); 17] = [
    ("publication-title", &[]),
    ("publication-description", &[]),
    ("region-name", &[]),
    ("document-kind", &[]),
    ("published-on", &["date", "period", "year"]),
    ("published-by", &[]),
    ("toc-title", &[]),
    ("project-partners", &[]),
    ("steps-col-step", &[]),
    ("steps-col-owner", &[]),
    ("steps-col-deadline", &[]),
    ("steps-col-status", &[]),
    ("detail-label", &["label"]),
    ("signature-title", &[]),
    ("pdf-page-label", &["page", "total"]),
    ("pdf-keywords", &[]),
    ("pdf-author", &[]),
];

const BRAND: Rgb = [11, 58, 111];
const ACCENT: Rgb = [242, 183, 5];
/// The gold darkened for text: 4.8:1 on white (WCAG 1.4.3), as on the web
/// pages (#946b00); the bright gold stays for rules and bars.
const ACCENT_TEXT: Rgb = [0x94, 0x6b, 0x00];
const INK: Rgb = [29, 35, 48];
const MUTED: Rgb = [90, 98, 114];
const RULE: Rgb = [205, 212, 224];
const SOFT: Rgb = [236, 241, 248];
const WHITE: Rgb = [255, 255, 255];
const UNTRANSLATED: Rgb = [176, 32, 32];

const BODY: f32 = 10.5;
/// The body's size in the bilingual edition's columns: a column of about 45
/// characters at 10.5 pt leaves too few breaks to justify evenly.
const BODY_IN_COLUMNS: f32 = 10.0;
const SMALL: f32 = 8.5;

/// Renders the PDF edition of one language.
pub struct PdfBackend;

impl Backend for PdfBackend {
    fn format(&self) -> Format {
        Format::Pdf
    }

    fn messages(&self) -> &'static [(&'static str, &'static [&'static str])] {
        &MESSAGES
    }

    fn supports_bilingual(&self) -> bool {
        true
    }

    /// fluent-pseudo's letters (Latin Extended-B) are not in the PDF fonts, and
    /// the PDF refuses a missing glyph.
    fn supports_pseudo(&self) -> bool {
        false
    }

    fn render(
        &self,
        edition: &Edition,
        input: &RenderInput<'_>,
    ) -> Result<Vec<u8>, Vec<Diagnostic>> {
        match &edition.pair {
            Some(right) => bilingual(&edition.lang, right, input),
            None => single(&edition.lang, input),
        }
    }
}

/// One language on full-width pages.
fn single(lang: &Lang, input: &RenderInput<'_>) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let tree = Rc::new(RefCell::new(Tree::new()));
    let mut sides = [Builder::new(lang.clone(), input, &tree, Tree::ROOT)];
    assemble(&mut sides, &Geometry::A4, &tree)
}

/// The problems every side found so far, taken.
fn problems(sides: &mut [Builder<'_>]) -> Vec<Diagnostic> {
    sides
        .iter_mut()
        .flat_map(|b| std::mem::take(&mut b.problems))
        .collect()
}

/// One PDF from one column (a language) or two (the bilingual edition, each
/// segment pair starting level): title page, contents, body, footers, written
/// once for both.
fn assemble(
    sides: &mut [Builder<'_>],
    g: &Geometry,
    tree: &RefCell<Tree>,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let laid = lay_out(sides, g)?;
    overlong_words(sides);
    let mut pages = paginate_all(laid, sides, g)?;
    write_pdf(&mut pages, sides, g, tree)
}

/// A warning for each word that was wider than its line and broken between two
/// characters.
fn overlong_words(sides: &mut [Builder<'_>]) {
    let bilingual = sides.len() > 1;
    for b in sides.iter_mut() {
        let mut words = std::mem::take(&mut b.usage.overlong);
        words.sort();
        words.dedup();
        let Ok(mut warnings) = b.input.warnings.lock() else {
            continue;
        };
        for w in words {
            let n = w.chars().count();
            let shown: String = w.chars().take(40).collect();
            warnings.push(
                Diagnostic::warning(
                    "overlong-word",
                    format!(
                        "a word of {n} characters is wider than its line in the {} and was broken between two characters: « {shown}{} »",
                        if bilingual {
                            format!("bilingual PDF's {} column", b.lang)
                        } else {
                            format!("{} PDF", b.lang)
                        },
                        if n > 40 { "…" } else { "" }
                    ),
                )
                .hint("put spaces in it, or shorten it (a long number, an address): the PDF breaks it where it must"),
            );
        }
    }
}

/// What the layout stage made: the body's blocks and the title page, every
/// paragraph broken into lines.
struct Laid {
    blocks: Vec<Block>,
    own_titles: Vec<BTreeMap<String, String>>,
    title_page: Page,
    gutter: f32,
}

/// Stage one: every text broken into lines (formatting, hyphenation, line
/// breaking).
fn lay_out(sides: &mut [Builder<'_>], g: &Geometry) -> Result<Laid, Vec<Diagnostic>> {
    let gutter = if sides.len() > 1 { GUTTER } else { 0.0 };
    let (blocks, own_titles) = body_blocks(sides);
    let title_page = title_page(sides, g);
    let found = problems(sides);
    if !found.is_empty() {
        return Err(found);
    }
    Ok(Laid {
        blocks,
        own_titles,
        title_page,
        gutter,
    })
}

/// Stage two: the body on pages, the contents with its page numbers, running
/// footers.
fn paginate_all(
    laid: Laid,
    sides: &mut [Builder<'_>],
    g: &Geometry,
) -> Result<Vec<Page>, Vec<Diagnostic>> {
    let Laid {
        blocks,
        own_titles,
        title_page,
        gutter,
    } = laid;
    // The table of contents opens page 2 and the body follows it on the same
    // page: a short publication does not spend a page on a few lines. Its
    // height does not depend on its page numbers, so it is set first with
    // placeholders (the sections are only counted), the body after it, and
    // the contents again with the body's page numbers.
    let draft = toc_blocks(sides, &own_sections(&blocks), &own_titles, 0, 99);
    let (draft, toc_end) = paginate::paginate_from(draft, g, gutter, g.top);
    let toc_pages = draft.len();
    let (mut body, _) = paginate::paginate_from(blocks, g, gutter, toc_end + TOC_AFTER);
    let sections = section_pages(&body);
    let toc = paginate::paginate(
        toc_blocks(sides, &sections, &own_titles, toc_pages, 0),
        g,
        gutter,
    );
    let mut pages = vec![title_page];
    pages.extend(toc);
    // The contents' last page and the body's first are one page.
    if let (Some(last), false) = (pages.last_mut(), body.is_empty()) {
        let first = body.remove(0);
        last.draws.extend(first.draws);
        last.anchors.extend(first.anchors);
        last.marks.extend(first.marks);
        last.pairs.extend(first.pairs);
    }
    pages.extend(body);
    // Running footers: under each column, its language's title and page label.
    let total = pages.len();
    let width = (g.measure() - gutter * (sides.len() - 1) as f32) / sides.len() as f32;
    let sides_count = sides.len();
    for (i, page) in pages.iter_mut().enumerate().skip(1) {
        for (k, b) in sides.iter_mut().enumerate() {
            let label = b.page_label(i + 1, total);
            let stacked = sides_count > 1;
            b.footer(
                page,
                label,
                g,
                (g.left + k as f32 * (width + gutter), width),
                stacked,
            );
        }
    }
    let found = problems(sides);
    if !found.is_empty() {
        return Err(found);
    }
    Ok(pages)
}

/// Stage three: the document information, the fonts' subsets, the structure
/// tree and the pages written as one file.
fn write_pdf(
    pages: &mut [Page],
    sides: &mut [Builder<'_>],
    g: &Geometry,
    tree: &RefCell<Tree>,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let (first, others) = sides.split_at_mut(1);
    let mut info = first[0].info();
    let mut usage = first[0].usage.clone();
    for b in others {
        let more = b.info();
        // Every word in both languages, in the order of the columns, with the
        // one separator the bilingual edition uses between languages.
        info.title = format!("{} / {}", info.title, more.title);
        info.titles.extend(more.titles);
        info.subject = format!("{} / {}", info.subject, more.subject);
        if more.author != info.author {
            info.author = format!("{} / {}", info.author, more.author);
        }
        for k in more.keywords {
            if !info.keywords.contains(&k) {
                info.keywords.push(k);
            }
        }
        usage.merge(&b.usage);
    }
    let mut tree = tree.borrow().clone();
    write::write(pages, g, &usage, &info, &mut tree).map_err(|e| vec![Diagnostic::error("pdf", e)])
}

/// The PDF stages of one language's edition, one at a time, for the benchmarks
/// (`benches/stages.rs`): layout (formatting, hyphenation, line breaking),
/// pagination, writing.
pub mod stages {
    use super::*;

    /// One language's edition, laid out.
    pub struct Laid<'a> {
        builder: Builder<'a>,
        tree: Rc<RefCell<Tree>>,
        laid: Option<super::Laid>,
    }

    /// Lays out the edition of `lang`: every paragraph broken into lines.
    pub fn lay_out<'a>(
        lang: &Lang,
        input: &'a RenderInput<'a>,
    ) -> Result<Laid<'a>, Vec<Diagnostic>> {
        let tree = Rc::new(RefCell::new(Tree::new()));
        let mut builder = Builder::new(lang.clone(), input, &tree, Tree::ROOT);
        let laid = super::lay_out(std::slice::from_mut(&mut builder), &Geometry::A4)?;
        Ok(Laid {
            builder,
            tree,
            laid: Some(laid),
        })
    }

    /// How many pages the body of a laid-out edition takes (pagination alone).
    pub fn paginate_body(laid: &Laid<'_>) -> usize {
        laid.laid.as_ref().map_or(0, |l| {
            paginate::paginate(l.blocks.clone(), &Geometry::A4, 0.0).len()
        })
    }

    /// A laid-out edition paginated, contents and footers included.
    pub fn paginate(mut laid: Laid<'_>) -> Result<Paged<'_>, Vec<Diagnostic>> {
        let Some(l) = laid.laid.take() else {
            return Err(Vec::new());
        };
        let pages = paginate_all(l, std::slice::from_mut(&mut laid.builder), &Geometry::A4)?;
        Ok(Paged { laid, pages })
    }

    /// A paginated edition.
    pub struct Paged<'a> {
        laid: Laid<'a>,
        pages: Vec<Page>,
    }

    /// Writes a paginated edition: the PDF's bytes. The pages' drawing is
    /// consumed, so each run writes a copy.
    pub fn write(paged: &mut Paged<'_>) -> Result<Vec<u8>, Vec<Diagnostic>> {
        let mut pages = paged.pages.clone();
        write_pdf(
            &mut pages,
            std::slice::from_mut(&mut paged.laid.builder),
            &Geometry::A4,
            &paged.laid.tree,
        )
    }
}

/// Space between the two columns of the bilingual edition.
const GUTTER: f32 = 22.0;

/// Two languages side by side, each segment pair starting level.
fn bilingual(
    left: &Lang,
    right: &Lang,
    input: &RenderInput<'_>,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let g = Geometry::BILINGUAL;
    let column = (g.measure() - GUTTER) / 2.0;
    // Each language is a part of its own, with its language: a listener hears
    // the whole text in one language, then in the other, never the two
    // alternating paragraph by paragraph.
    let tree = Rc::new(RefCell::new(Tree::new()));
    let part = |lang: &Lang| {
        let tag = Arc::from(lang_tag(lang, input).as_str());
        tree.borrow_mut().add_lang(Tree::ROOT, Role::Part, tag)
    };
    let (lp, rp) = (part(left), part(right));
    let mut sides = [
        Builder::new(left.clone(), input, &tree, lp),
        Builder::new(right.clone(), input, &tree, rp),
    ];
    for b in &mut sides {
        b.columns = true;
        b.measure = column;
    }
    assemble(&mut sides, &g, &tree)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every message id written literally in this backend's code is declared in
    /// [`MESSAGES`], so it is validated before rendering whatever templates are in
    /// use (a missing one would otherwise fail only at render time).
    #[test]
    fn every_message_the_backend_uses_is_declared() {
        let code = [
            include_str!("mod.rs"),
            include_str!("builder.rs"),
            include_str!("pairs.rs"),
            include_str!("blocks/colophon.rs"),
            include_str!("blocks/contents.rs"),
            include_str!("blocks/footer.rs"),
            include_str!("blocks/list.rs"),
            include_str!("blocks/paragraph.rs"),
            include_str!("blocks/projects.rs"),
            include_str!("blocks/quote.rs"),
            include_str!("blocks/signature.rs"),
            include_str!("blocks/steps.rs"),
            include_str!("blocks/timeline.rs"),
            include_str!("blocks/title.rs"),
        ]
        .map(|code| &code[..code.find("#[cfg(test)]").unwrap_or(code.len())])
        .concat();
        // Every block's file is read above (blocks/ holds them and its mod.rs).
        let blocks = std::fs::read_dir(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src/render/pdf/blocks"
        ))
        .map(|d| d.count())
        .unwrap_or(0);
        assert_eq!(blocks, 11 + 1, "a block's file is not read by this test");
        let declared: Vec<&str> = MESSAGES.iter().map(|(id, _)| *id).collect();
        let mut used = Vec::new();
        for call in ["text(\"", "spans_of(\"", "plain(\""] {
            for (at, _) in code.match_indices(call) {
                let rest = &code[at + call.len()..];
                used.push(&rest[..rest.find('"').unwrap_or(0)]);
            }
        }
        used.extend([
            "steps-col-step",
            "steps-col-owner",
            "steps-col-deadline",
            "steps-col-status",
        ]);
        assert!(used.len() > 10, "{used:?}");
        for id in used {
            assert!(
                declared.contains(&id),
                "`{id}` is used by the PDF backend but not in MESSAGES"
            );
        }
    }

    #[test]
    fn civil_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2019, 3, 1), 17956);
        assert_eq!(days_from_civil(2000, 2, 29), 11016);
    }
}
