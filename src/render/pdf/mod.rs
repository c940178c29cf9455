//! The PDF edition: the publication model typeset on A4 pages by our own layout
//! engine (line breaking, hyphenation, pagination) and written with printpdf.
//! Nothing is taken from the HTML: the same model and the same messages.

pub mod file;
pub mod fonts;
pub mod hyphenate;
pub mod layout;
pub mod paginate;
pub mod tags;
pub mod write;

/// Stands for the signatory's name, content text, where a message id is expected.
const SIGNATORY: &str = "signatory";

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

/// `spans` as they are if they fit on one line `width` wide, else their text
/// cut after as many whole words as fit with an ellipsis (« Mémorandum
/// d’objectifs Smart City de la Région… »), in the first span's style.
fn one_line(spans: &[Span], width: f32) -> Vec<Span> {
    let measure = |t: &str, s: &Style| s.face.metrics().width(t, s.size);
    let total: f32 = spans.iter().map(|s| measure(&s.text, &s.style)).sum();
    let Some(first) = spans.first() else {
        return Vec::new();
    };
    // A little room for the rounding of the line breaker.
    if total <= width - 0.5 {
        return spans.to_vec();
    }
    let text: String = spans.iter().map(|s| s.text.as_str()).collect();
    let style = &first.style;
    let fits = |t: &str| measure(&format!("{t}\u{2026}"), style) <= width - 0.5;
    let mut cut = String::new();
    for word in text.split_inclusive([' ', '\u{a0}']) {
        let next = format!("{cut}{word}");
        if !fits(next.trim_end()) {
            break;
        }
        cut = next;
    }
    if cut.trim().is_empty() {
        // One word longer than the room: cut inside it.
        for c in text.chars() {
            if !fits(&format!("{cut}{c}")) {
                break;
            }
            cut.push(c);
        }
    }
    let cut = cut.trim_end_matches([' ', '\u{a0}', ',', ';', ':', '\u{202f}']);
    vec![Span {
        text: format!("{cut}\u{2026}"),
        style: style.clone(),
    }]
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

/// The body's blocks: one column's as they are; two columns' as segment pairs,
/// each pair one outline entry with both titles. Also each column's own heading
/// titles, for its table of contents (none for one column).
fn body_blocks(sides: &mut [Builder<'_>]) -> (Vec<Block>, Vec<BTreeMap<String, String>>) {
    let [l, r] = sides else {
        let blocks = sides
            .iter_mut()
            .flat_map(|b| b.body().into_iter().map(|(_, block)| block))
            .collect();
        return (blocks, Vec::new());
    };
    let langs: [Arc<str>; 2] = [Arc::from(l.tag().as_str()), Arc::from(r.tag().as_str())];
    let (lb, rb) = (segments(l.body()), segments(r.body()));
    let mut blocks = Vec::new();
    let mut own_titles: Vec<BTreeMap<String, String>> = vec![BTreeMap::new(), BTreeMap::new()];
    for ((id, mut lblocks), (_, mut rblocks)) in lb.into_iter().zip(rb) {
        for (side, first) in [lblocks.first(), rblocks.first()].into_iter().enumerate() {
            if let Some(a) = first.and_then(|b| b.anchor.as_ref()) {
                own_titles[side].insert(a.id.clone(), a.title.clone());
            }
        }
        if let (Some(la), Some(ra)) = (
            lblocks.first_mut().and_then(|b| b.anchor.as_mut()),
            rblocks.first_mut().and_then(|b| b.anchor.take()),
        ) {
            let right_title = ra
                .title
                .split_once(". ")
                .filter(|_| ra.level == 1)
                .map_or(ra.title.as_str(), |(_, t)| t);
            // A name the same in both languages (FIDUS) is given once.
            if right_title
                != la
                    .title
                    .split_once(". ")
                    .map_or(la.title.as_str(), |(_, t)| t)
            {
                la.title = format!("{} / {right_title}", la.title);
            }
        }
        // Twin boxes (timeline entries) as tall as each other.
        if let ([l], [r]) = (lblocks.as_mut_slice(), rblocks.as_mut_slice())
            && l.bar.is_some()
            && r.bar.is_some()
        {
            let (hl, hr) = (l.height(), r.height());
            if hl < hr {
                l.extra_bottom = hr - hl;
            } else {
                r.extra_bottom = hl - hr;
            }
        }
        let first = lblocks.first();
        blocks.push(Block::Pair(paginate::PairBlock {
            keep_with_next: first.is_some_and(|b| b.keep_with_next),
            space_before: first.map_or(0.0, |b| b.space_before),
            id,
            left: lblocks,
            right: rblocks,
            langs: langs.clone(),
        }));
    }
    (blocks, own_titles)
}

/// The table of contents: one column's; or both columns' side by side, each with
/// its own titles.
fn toc_blocks(
    sides: &mut [Builder<'_>],
    sections: &[(Anchor, usize)],
    own_titles: &[BTreeMap<String, String>],
    offset: usize,
    placeholder: usize,
) -> Vec<Block> {
    let [l, r] = sides else {
        return sides
            .iter_mut()
            .flat_map(|b| b.toc(sections, offset, placeholder))
            .collect();
    };
    let own = |side: usize| -> Vec<(Anchor, usize)> {
        sections
            .iter()
            .map(|(a, page)| {
                let title = own_titles[side]
                    .get(&a.id)
                    .cloned()
                    .unwrap_or_else(|| a.title.clone());
                (Anchor { title, ..a.clone() }, *page)
            })
            .collect()
    };
    let langs: [Arc<str>; 2] = [Arc::from(l.tag().as_str()), Arc::from(r.tag().as_str())];
    let (lt, rt) = (
        l.toc(&own(0), offset, placeholder),
        r.toc(&own(1), offset, placeholder),
    );
    lt.into_iter()
        .zip(rt)
        .enumerate()
        .filter_map(|(i, pair)| match pair {
            (Block::Text(mut a), Block::Text(mut b)) => {
                // One bookmark for the pair, in both languages.
                if let (Some(la), Some(ra)) = (a.anchor.as_mut(), b.anchor.take()) {
                    la.title = format!("{} / {}", la.title, ra.title);
                }
                Some(Block::Pair(paginate::PairBlock {
                    id: format!("toc-{i}"),
                    keep_with_next: a.keep_with_next,
                    space_before: a.space_before,
                    left: vec![a],
                    right: vec![b],
                    langs: langs.clone(),
                }))
            }
            _ => None,
        })
        .collect()
}

/// Space between the table of contents and the body that follows it.
const TOC_AFTER: f32 = 18.0;

/// The level-1 headings of the body's blocks, each with page 0: what the
/// contents list, before their pages are known.
fn own_sections(blocks: &[Block]) -> Vec<(Anchor, usize)> {
    let anchor = |t: &paginate::TextBlock| t.anchor.clone().filter(|a| a.level == 1);
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Text(t) => anchor(t),
            Block::Pair(p) => p.left.first().and_then(anchor),
            _ => None,
        })
        .map(|a| (a, 0))
        .collect()
}

/// The level-1 headings of the body and the page (0-based, in the body) of each.
fn section_pages(body: &[Page]) -> Vec<(Anchor, usize)> {
    body.iter()
        .enumerate()
        .flat_map(|(i, p)| {
            p.anchors
                .iter()
                .filter(|(a, _)| a.level == 1)
                .map(move |(a, _)| (a.clone(), i))
        })
        .collect()
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

/// Consecutive text blocks with the same segment id, grouped.
fn segments(blocks: Vec<(String, Block)>) -> Vec<(String, Vec<TextBlock>)> {
    let mut out: Vec<(String, Vec<TextBlock>)> = Vec::new();
    for (id, block) in blocks {
        let Block::Text(t) = block else { continue };
        match out.last_mut() {
            Some((last, group)) if *last == id => group.push(t),
            _ => out.push((id, vec![t])),
        }
    }
    out
}

/// A band across the top of the title page in the Region's colour, with an
/// accent rule.
fn title_band(page: &mut Page, g: &Geometry) {
    page.draws.push(Draw::Rect {
        x: 0.0,
        y: 0.0,
        w: g.width,
        h: 150.0,
        color: BRAND,
    });
    page.draws.push(Draw::Rect {
        x: 0.0,
        y: 150.0,
        w: g.width,
        h: 5.0,
        color: ACCENT,
    });
}

/// How a title page's column is set: the single-language page is larger than
/// each column of the bilingual one.
struct TitleLook {
    /// Where the document kind starts.
    kind_y: f32,
    /// Sizes of the kind, the title, the lead and the date.
    kind_size: f32,
    title_size: f32,
    lead_size: f32,
    date_size: f32,
    /// Space before and after the title, and after the accent rule.
    before_title: f32,
    after_title: f32,
    after_rule: f32,
    /// Width of the accent rule.
    accent_width: f32,
    /// The lead's width, as a share of the column.
    lead_share: f32,
    /// How far above the foot the date starts.
    foot: f32,
    /// Labels (region, kind, date) hyphenated like the text, or never.
    hyphenated_labels: bool,
    /// The rule above the date, drawn with the column (one language only; the
    /// bilingual page draws one across both columns).
    rule: bool,
}

/// The single-language title page.
const TITLE_SINGLE: TitleLook = TitleLook {
    kind_y: 260.0,
    kind_size: 10.0,
    title_size: 30.0,
    lead_size: 13.0,
    date_size: 10.0,
    before_title: 14.0,
    after_title: 22.0,
    after_rule: 16.0,
    accent_width: 60.0,
    lead_share: 0.85,
    foot: 40.0,
    hyphenated_labels: true,
    rule: true,
};

/// Each column of the bilingual title page.
const TITLE_COLUMN: TitleLook = TitleLook {
    kind_y: 250.0,
    kind_size: 9.0,
    title_size: 22.0,
    lead_size: 11.0,
    date_size: 9.0,
    before_title: 12.0,
    after_title: 18.0,
    after_rule: 14.0,
    accent_width: 50.0,
    lead_share: 1.0,
    foot: 50.0,
    hyphenated_labels: false,
    rule: false,
};

/// The title page: a band in the Region's colour, then each side's column (one,
/// or two for the bilingual edition, each marked with its language).
fn title_page(sides: &mut [Builder<'_>], g: &Geometry) -> Page {
    let mut page = Page::default();
    title_band(&mut page, g);
    let two = sides.len() > 1;
    let (look, width) = if two {
        (&TITLE_COLUMN, (g.measure() - GUTTER) / 2.0)
    } else {
        (&TITLE_SINGLE, g.measure())
    };
    for (i, b) in sides.iter_mut().enumerate() {
        let x = g.left + i as f32 * (width + GUTTER);
        let lang = two.then(|| Arc::from(b.tag().as_str()));
        b.title_column(&mut page, g, x, width, look, lang);
    }
    if two {
        page.draws.push(Draw::Rect {
            x: g.left,
            y: g.height - g.bottom - 64.0,
            w: g.measure(),
            h: 0.6,
            color: RULE,
        });
    }
    page
}

/// A section laid out on its own: its blocks, its elements' tree, the
/// characters it uses and the problems it found.
pub type LaidSection = (Vec<(String, Block)>, Tree, Usage, Vec<Diagnostic>);

/// What a section's layout is kept under by `watch`: the language, whether in
/// columns, the measure (its bits) and the section's number.
pub type SectionKey = (Lang, bool, u32, usize);

/// What a section's builder takes from its side's: shared by the threads
/// that lay out sections.
struct Seed<'a> {
    lang: Lang,
    input: &'a RenderInput<'a>,
    hyphenation: Hyphenation,
    measure: f32,
    columns: bool,
}

/// Points the lines of `blocks` at the elements' ids in the tree they were
/// grafted into.
fn retag(blocks: &mut [(String, Block)], map: &impl Fn(NodeId) -> NodeId) {
    fn lines(lines: &mut [Line], map: &impl Fn(NodeId) -> NodeId) {
        for l in lines {
            if let Tag::Node(n) = l.tag {
                l.tag = Tag::Node(map(n));
            }
        }
    }
    fn text(t: &mut TextBlock, map: &impl Fn(NodeId) -> NodeId) {
        lines(&mut t.lines, map);
        if let Some((marker, _)) = &mut t.marker {
            lines(std::slice::from_mut(marker), map);
        }
    }
    for (_, block) in blocks {
        match block {
            Block::Text(t) => text(t, map),
            Block::Table(t) => {
                for row in std::iter::once(&mut t.header).chain(t.rows.iter_mut()) {
                    for cell in &mut row.cells {
                        lines(cell, map);
                    }
                }
            }
            Block::Pair(p) => {
                for t in p.left.iter_mut().chain(p.right.iter_mut()) {
                    text(t, map);
                }
            }
            Block::PageBreak => {}
        }
    }
}

struct Builder<'a> {
    lang: Lang,
    input: &'a RenderInput<'a>,
    hyphenation: Hyphenation,
    usage: Usage,
    problems: Vec<Diagnostic>,
    measure: f32,
    /// Set in one column of a bilingual edition.
    columns: bool,
    /// The structure tree, shared by both columns.
    tree: Rc<RefCell<Tree>>,
    /// Where this side's title page and contents are tagged.
    title_sect: NodeId,
    contents: NodeId,
    /// This side's root: the document, or its language's part.
    part: NodeId,
    /// The element the body's blocks go under (the current section).
    current: NodeId,
}

impl<'a> Builder<'a> {
    fn new(lang: Lang, input: &'a RenderInput<'a>, tree: &Rc<RefCell<Tree>>, part: NodeId) -> Self {
        let (title_sect, contents) = {
            let mut t = tree.borrow_mut();
            (t.add(part, Role::Sect), t.add(part, Role::Sect))
        };
        Self {
            hyphenation: {
                crate::i18n::record_use(&lang, crate::i18n::HYPHENATION_USE);
                let h = Hyphenation::for_language(lang.as_str());
                match input.localizer.locales().by_lang.get(&lang) {
                    Some(files) => h.with_exceptions(files.hyphenation.clone()),
                    None => h,
                }
            },
            lang,
            input,
            usage: Usage::default(),
            problems: Vec::new(),
            measure: Geometry::A4.measure(),
            columns: false,
            tree: tree.clone(),
            title_sect,
            contents,
            part,
            current: part,
        }
    }

    /// A new structure element of `role` under `parent`.
    fn node(&self, parent: NodeId, role: Role) -> NodeId {
        self.tree.borrow_mut().add(parent, role)
    }

    /// A message as styled spans; problems (a missing glyph) are recorded.
    fn spans(&mut self, m: &MessageRef, base: &Style) -> Vec<Span> {
        let out = self.format_spans(m.id.as_str(), m.attr.as_deref(), &m.args, base);
        // A character the fonts lack that the content's values brought in is
        // the content's: said at the content, where the value is.
        if let Some(at) = &m.at {
            for (name, arg) in &m.args {
                if let Arg::Text(value) = arg {
                    self.check_value_glyphs(m.id.as_str(), name, value, &out, at);
                }
            }
        }
        self.check_glyphs(m.id.as_str(), &out, &m.args);
        out
    }

    /// Checks the characters of `value` (content text given to message `id` as
    /// `$name`) as set in `spans`, and reports a missing one at `at`.
    fn check_value_glyphs(
        &mut self,
        id: &str,
        name: &str,
        value: &str,
        spans: &[Span],
        at: &crate::diagnostics::Loc,
    ) {
        for s in spans {
            let metrics = s.style.face.metrics();
            let Some(c) = s
                .text
                .chars()
                .find(|c| *c != '\n' && !metrics.covers(*c) && value.contains(*c))
            else {
                continue;
            };
            let mut d = Diagnostic::error(
                "missing-glyph",
                format!(
                    "the value of `{name}` that the content gives message `{id}` uses `{c}` (U+{:04X}), which the font {} does not have",
                    c as u32,
                    s.style.face.postscript_name()
                ),
            )
            .hint("replace the character in the content, or ship a font that covers it")
            .in_file(at.file.clone());
            // The line and column are filled in from the content's text once
            // the edition is made (the renderer does not hold the files).
            d.span = Some(at.span.clone());
            if !self.problems.contains(&d) {
                self.problems.push(d);
            }
            return;
        }
    }

    /// A message as styled spans, its characters checked against the fonts.
    fn spans_of(
        &mut self,
        id: &str,
        attr: Option<&str>,
        args: &std::collections::BTreeMap<String, Arg>,
        base: &Style,
    ) -> Vec<Span> {
        let out = self.format_spans(id, attr, args, base);
        self.check_glyphs(id, &out, &Default::default());
        out
    }

    /// A message as styled spans, unchecked.
    fn format_spans(
        &mut self,
        id: &str,
        attr: Option<&str>,
        args: &std::collections::BTreeMap<String, Arg>,
        base: &Style,
    ) -> Vec<Span> {
        match self.input.localizer.format(&self.lang, id, attr, args) {
            Ok(nodes) => {
                let mut out = Vec::new();
                inline_spans(&nodes, base, &mut out);
                out
            }
            Err(e) => {
                self.problems.push(Diagnostic::error(e.code, e.message));
                Vec::new()
            }
        }
    }

    fn text(&mut self, id: &str, base: &Style) -> Vec<Span> {
        self.spans_of(id, None, &Default::default(), base)
    }

    fn plain(&mut self, id: &str) -> String {
        self.text(id, &style(Face::Sans, BODY, INK))
            .into_iter()
            .map(|s| s.text)
            .collect()
    }

    /// Checks that the fonts have every character of `spans`, the text of message
    /// `id` (or [`SIGNATORY`], content text).
    fn check_glyphs(
        &mut self,
        id: &str,
        spans: &[Span],
        args: &std::collections::BTreeMap<String, Arg>,
    ) {
        // Characters the content's values brought in are reported at the
        // content ([`Self::check_value_glyphs`]).
        let from_content = |c: char| {
            args.values()
                .any(|a| matches!(a, Arg::Text(v) if v.contains(c)))
        };
        for s in spans {
            let metrics = s.style.face.metrics();
            for c in s.text.chars() {
                if c != '\n' && !metrics.covers(c) && !from_content(c) {
                    let what = if id == SIGNATORY {
                        "the signatory's name (`signatory: name:`)".to_owned()
                    } else {
                        format!("message `{id}` ({})", self.lang)
                    };
                    let d = Diagnostic::error(
                        "missing-glyph",
                        format!(
                            "{what} uses `{c}` (U+{:04X}), which the font {} does not have",
                            c as u32,
                            s.style.face.postscript_name()
                        ),
                    )
                    .hint("replace the character, or ship a font that covers it");
                    let d = if id == SIGNATORY {
                        d.in_file(crate::load::content::MAIN_FILE)
                    } else {
                        d
                    };
                    let d = match self
                        .input
                        .localizer
                        .locales()
                        .by_lang
                        .get(&self.lang)
                        .and_then(|f| f.messages.get(id))
                    {
                        Some(e) => match self
                            .input
                            .localizer
                            .locales()
                            .by_lang
                            .get(&self.lang)
                            .and_then(|f| f.resources.iter().find(|(file, _)| *file == e.loc.file))
                        {
                            Some((file, r)) => d.at(file.clone(), r.source(), e.loc.span.clone()),
                            None => d,
                        },
                        None => d,
                    };
                    if !self.problems.contains(&d) {
                        self.problems.push(d);
                    }
                }
            }
        }
    }

    /// An organisation's site in the edition's language, or its one address.
    fn org_link(&self, org: &crate::model::Organisation) -> Option<Arc<Link>> {
        org.urls
            .get(self.lang.as_str())
            .or(org.url.as_ref())
            .map(|u| Arc::new(Link::Uri(Arc::from(u.as_str()))))
    }

    /// The size of body text: smaller in the bilingual edition's columns.
    fn body_size(&self) -> f32 {
        if self.columns { BODY_IN_COLUMNS } else { BODY }
    }

    fn lines(&mut self, spans: &[Span], width: f32, justify: bool, leading: f32) -> Vec<Line> {
        let shape = Shape {
            width,
            justify,
            leading,
            hyphenation: self.hyphenation.clone(),
            hyphen_breaks: true,
        };
        break_lines(spans, &shape, &mut self.usage)
    }

    /// Titles, headings and labels: ragged, never hyphenated nor broken at a
    /// hard hyphen (« Brussels / Smart City-ambitienota »), and balanced:
    /// set to the narrowest measure that needs no more lines, so a title
    /// breaks into lines of like length and never leaves one short word alone
    /// (« Mémorandum d’objectifs / Smart City », not « … Smart / City »).
    fn title_lines(&mut self, spans: &[Span], width: f32, leading: f32) -> Vec<Line> {
        let shape = |width| Shape {
            width,
            justify: false,
            leading,
            hyphenation: Hyphenation::NONE,
            hyphen_breaks: false,
        };
        let lines = break_lines(spans, &shape(width), &mut self.usage);
        let n = lines.len();
        if n < 2 {
            return lines;
        }
        let (mut lo, mut hi) = (width / n as f32, width);
        let mut scratch = Usage::default();
        for _ in 0..10 {
            let mid = (lo + hi) / 2.0;
            if break_lines(spans, &shape(mid), &mut scratch).len() <= n {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        break_lines(spans, &shape(hi + 0.01), &mut self.usage)
    }

    fn paragraph(&mut self, m: &MessageRef) -> Block {
        let spans = self.spans(m, &style(Face::Serif, self.body_size(), INK));
        let mut lines = self.lines(&spans, self.measure, true, 1.45);
        tag(&mut lines, self.node(self.current, Role::P));
        // A sentence that announces what follows (« … en six volets : ») stays
        // with it.
        let announces = spans
            .iter()
            .rev()
            .find(|s| !s.text.trim().is_empty())
            .is_some_and(|s| s.text.trim_end().ends_with(':'));
        Block::Text(TextBlock {
            lines,
            keep_with_next: announces,
            space_after: 7.0,
            ..Default::default()
        })
    }

    /// The body as blocks, each tagged with the segment it belongs to (the same
    /// ids in every language).
    fn body(&mut self) -> Vec<(String, Block)> {
        use rayon::prelude::*;
        let publication = self.input.publication;
        // Sections are laid out in parallel, each by a builder of its own on a
        // tree of its own; their trees are grafted in order, which gives the
        // ids a sequential layout would.
        let seed = Seed {
            lang: self.lang.clone(),
            input: self.input,
            hyphenation: self.hyphenation.clone(),
            measure: self.measure,
            columns: self.columns,
        };
        // The messages each section reads are recorded for `watch` as this
        // edition's, whichever thread lays it out.
        // `watch` reuses the last build's layout of a section that no edit
        // reached.
        let uses = crate::i18n::recording_now();
        let reuse = self.input.reuse;
        let laid: Vec<LaidSection> = publication
            .sections
            .par_iter()
            .enumerate()
            .map(|(n, section)| {
                crate::i18n::recording(uses.clone(), || {
                    let key: SectionKey =
                        (seed.lang.clone(), seed.columns, seed.measure.to_bits(), n);
                    if let Some(r) = reuse
                        && let Some(laid) = r.reusable(r.sections(), &key)
                    {
                        return laid;
                    }
                    let own = reuse.map(|_| crate::i18n::Uses::default());
                    let laid = crate::i18n::recording(own.clone(), || {
                        crate::i18n::record_use(&seed.lang, crate::i18n::HYPHENATION_USE);
                        let mut b = Builder::from_seed(&seed);
                        let blocks = b.section(n, section);
                        let tree = std::mem::take(&mut *b.tree.borrow_mut());
                        (blocks, tree, b.usage, b.problems)
                    });
                    if let (Some(r), Some(own)) = (reuse, &own) {
                        crate::i18n::record_all(own);
                        r.keep(r.sections(), key, &laid, own);
                    }
                    laid
                })
            })
            .collect();
        // Room for every section's elements at once, not doubled as they come.
        let grafted: usize = laid.iter().map(|l| l.1.nodes.len()).sum();
        self.tree.borrow_mut().nodes.reserve(grafted);
        let mut blocks = Vec::with_capacity(laid.iter().map(|l| l.0.len()).sum());
        for (mut section, tree, usage, problems) in laid {
            let map = self.tree.borrow_mut().graft(tree, self.part);
            retag(&mut section, &map);
            blocks.extend(section);
            self.usage.merge(&usage);
            for d in problems {
                if !self.problems.contains(&d) {
                    self.problems.push(d);
                }
            }
        }
        self.current = self.node(self.part, Role::Sect);
        blocks.push(("signature".to_owned(), self.signature()));
        blocks
    }

    /// A builder for one section: the same language, measure and columns, on a
    /// tree of its own whose root stands for this side's part.
    fn from_seed(seed: &Seed<'a>) -> Self {
        Self {
            lang: seed.lang.clone(),
            input: seed.input,
            hyphenation: seed.hyphenation.clone(),
            usage: Usage::default(),
            problems: Vec::new(),
            measure: seed.measure,
            columns: seed.columns,
            tree: Rc::new(RefCell::new(Tree::new())),
            title_sect: Tree::ROOT,
            contents: Tree::ROOT,
            part: Tree::ROOT,
            current: Tree::ROOT,
        }
    }

    /// Section `n` (from 0): its numbered heading, then its blocks.
    fn section(&mut self, n: usize, section: &crate::model::Section) -> Vec<(String, Block)> {
        let mut blocks = Vec::new();
        let number = Span {
            text: format!("{}.\u{a0}", n + 1),
            style: style(Face::SansSemiBold, 15.0, ACCENT_TEXT),
        };
        let mut spans = vec![number];
        let title = self.spans(&section.title, &style(Face::SansSemiBold, 15.0, BRAND));
        let outline_title = format!(
            "{}. {}",
            n + 1,
            title.iter().map(|s| s.text.as_str()).collect::<String>()
        );
        spans.extend(title);
        let mut lines = self.title_lines(&spans, self.measure, 1.25);
        self.current = self.node(self.part, Role::Sect);
        tag(&mut lines, self.node(self.current, Role::H2));
        blocks.push((
            section.id.to_string(),
            Block::Text(TextBlock {
                lines,
                space_before: if n == 0 { 0.0 } else { 20.0 },
                space_after: 9.0,
                keep_with_next: true,
                anchor: Some(Anchor {
                    id: section.id.to_string(),
                    level: 1,
                    title: outline_title,
                }),
                rule_below: Some(RULE),
                ..Default::default()
            }),
        ));
        for (i, block) in section.blocks.iter().enumerate() {
            let segment = format!("{}-{}", section.id, i + 1);
            let mut out = Vec::new();
            self.model_block(block, &segment, &mut out);
            // A sentence that announces a list (« … attribué : ») and the list
            // are one segment: each list follows its own lead-in in its
            // column, with no blank line where the other language's lead-in
            // is longer.
            if let (ModelBlock::List { .. }, Some((lead_in, Block::Text(t)))) =
                (block, blocks.last())
                && t.keep_with_next
            {
                let lead_in = lead_in.clone();
                for (id, _) in &mut out {
                    id.clone_from(&lead_in);
                }
            }
            blocks.extend(out);
        }
        blocks
    }

    /// The blocks of one content block, each with its segment id (for the bilingual
    /// edition's pairs); one function per kind.
    fn model_block(&mut self, block: &ModelBlock, segment: &str, out: &mut Vec<(String, Block)>) {
        match block {
            ModelBlock::Paragraph { text } => out.push((segment.to_owned(), self.paragraph(text))),
            ModelBlock::List { items } => self.list(items, segment, out),
            ModelBlock::Timeline { entries } => self.timeline(entries, out),
            ModelBlock::Projects { projects } => self.projects(projects, out),
            ModelBlock::NextSteps { steps } if self.columns => self.steps_in_column(steps, out),
            ModelBlock::NextSteps { steps } => self.steps_table(steps, segment, out),
        }
    }

    /// A bulleted list: each item a block of its own.
    fn list(&mut self, items: &[MessageRef], segment: &str, out: &mut Vec<(String, Block)>) {
        let indent = 16.0;
        let list = self.node(self.current, Role::L);
        for (i, item) in items.iter().enumerate() {
            let li = self.node(list, Role::LI);
            let (lbl, body) = (self.node(li, Role::Lbl), self.node(li, Role::LBody));
            let spans = self.spans(item, &style(Face::Serif, self.body_size(), INK));
            let mut lines = self.lines(&spans, self.measure - indent, false, 1.4);
            tag(&mut lines, body);
            let mut bullet = self.lines(
                &[Span {
                    text: "•".into(),
                    style: style(Face::Serif, self.body_size(), BRAND),
                }],
                20.0,
                false,
                1.4,
            );
            tag(&mut bullet, lbl);
            // One segment for the whole list: in the bilingual edition the
            // two lists start level and each then runs on in its column, with
            // no gap between two items where the other language's item is
            // longer.
            out.push((
                segment.to_owned(),
                Block::Text(TextBlock {
                    lines,
                    indent,
                    space_after: if i + 1 == items.len() { 8.0 } else { 1.5 },
                    // The last item never alone at a page's head.
                    keep_with_next: items.len() > 2 && i + 2 == items.len(),
                    marker: bullet.into_iter().next().map(|l| (l, -11.0)),
                    ..Default::default()
                }),
            ));
        }
    }

    /// A timeline: each entry kept whole, its date above its text, a bar beside.
    fn timeline(
        &mut self,
        entries: &[crate::model::TimelineEntry],
        out: &mut Vec<(String, Block)>,
    ) {
        let indent = 14.0;
        let list = self.node(self.current, Role::L);
        for (i, e) in entries.iter().enumerate() {
            let li = self.node(list, Role::LI);
            let (lbl, body) = (self.node(li, Role::Lbl), self.node(li, Role::LBody));
            let mut when = self.spans(&e.when, &style(Face::SansSemiBold, 9.5, BRAND));
            capitalize(&mut when);
            let mut lines = self.lines(&when, self.measure - indent - 10.0, false, 1.35);
            tag(&mut lines, lbl);
            let label_lines = lines.len();
            let text = self.spans(&e.text, &style(Face::Serif, self.body_size(), INK));
            let mut text = self.lines(&text, self.measure - indent - 10.0, true, 1.45);
            tag(&mut text, body);
            lines.extend(text);
            out.push((
                e.id.to_string(),
                Block::Text(TextBlock {
                    gaps: vec![(label_lines.saturating_sub(1), 1.5)],
                    lines,
                    indent,
                    inset: 10.0,
                    space_before: if i == 0 { 4.0 } else { 0.0 },
                    space_after: if i + 1 == entries.len() { 10.0 } else { 4.0 },
                    // May go on overleaf: its date and two lines of its text
                    // together at the foot of a page, two lines at the head.
                    head_min: label_lines + 2,
                    bar: Some(ACCENT),
                    anchor: None,
                    ..Default::default()
                }),
            ));
        }
    }

    /// Projects: each a shaded box with its name, description and partners.
    fn projects(&mut self, projects: &[crate::model::Project], out: &mut Vec<(String, Block)>) {
        for (i, p) in projects.iter().enumerate() {
            let inset = 11.0;
            let width = self.measure - 2.0 * inset;
            let sect = self.node(self.current, Role::Sect);
            let name = self.spans(&p.name, &style(Face::SansSemiBold, 11.0, INK));
            let name_text: String = name.iter().map(|s| s.text.as_str()).collect();
            let mut lines = self.title_lines(&name, width, 1.3);
            tag(&mut lines, self.node(sect, Role::H3));
            let mut gaps = vec![(lines.len().saturating_sub(1), 2.0)];
            if let Some(description) = &p.description {
                let desc = self.spans(description, &style(Face::Serif, 10.0, INK));
                // Ragged in the bilingual columns' narrow cards, where
                // justifying leaves gaps or parts bound names.
                let mut desc = self.lines(&desc, width, !self.columns, 1.4);
                tag(&mut desc, self.node(sect, Role::P));
                lines.extend(desc);
            }
            // The organisations involved, when the content names any.
            if !p.partners.is_empty() {
                gaps.push((lines.len().saturating_sub(1), 3.0));
                let mut partners = self.text("project-partners", &style(Face::Sans, SMALL, MUTED));
                for (k, org) in p.partners.iter().enumerate() {
                    partners.push(Span {
                        text: if k == 0 { " ".into() } else { ", ".into() },
                        style: style(Face::Sans, SMALL, MUTED),
                    });
                    let mut s = style(Face::Sans, SMALL, BRAND);
                    s.link = self.org_link(org);
                    partners.extend(self.spans(&org.name, &s));
                }
                let mut partners = self.lines(&partners, width, false, 1.35);
                tag(&mut partners, self.node(sect, Role::P));
                lines.extend(partners);
            }
            out.push((
                p.id.to_string(),
                Block::Text(TextBlock {
                    lines,
                    gaps,
                    inset,
                    space_before: if i == 0 { 4.0 } else { 0.0 },
                    space_after: if i + 1 == projects.len() { 10.0 } else { 6.0 },
                    keep_together: true,
                    bar: Some(ACCENT),
                    background: Some(SOFT),
                    anchor: Some(Anchor {
                        id: p.id.to_string(),
                        level: 2,
                        title: name_text,
                    }),
                    ..Default::default()
                }),
            ));
        }
    }

    /// The next steps in one column of the bilingual edition: a four-column table
    /// has no room, so each step is a segment of its own, its owner, deadline and
    /// status on one line.
    fn steps_in_column(
        &mut self,
        steps: &[crate::model::NextStep],
        out: &mut Vec<(String, Block)>,
    ) {
        for (i, s) in steps.iter().enumerate() {
            let sect = self.node(self.current, Role::Sect);
            let title = self.spans(&s.title, &style(Face::SansSemiBold, 9.5, INK));
            let mut lines = self.title_lines(&title, self.measure, 1.3);
            tag(&mut lines, self.node(sect, Role::H3));
            let desc = self.spans(&s.description, &style(Face::Serif, self.body_size(), INK));
            // Ragged, like the project cards: a short text in a narrow column.
            let mut desc = self.lines(&desc, self.measure, false, 1.45);
            tag(&mut desc, self.node(sect, Role::P));
            lines.extend(desc);
            // A separator never starts a line.
            let sep = || Span {
                text: "\u{a0}· ".into(),
                style: style(Face::Sans, SMALL, MUTED),
            };
            // Each detail with its label, as the table's headings give them.
            let mut meta = Vec::new();
            for (n, (label, value, face)) in [
                ("steps-col-owner", &s.owner.name, Face::Sans),
                ("steps-col-deadline", &s.deadline_text, Face::Sans),
                ("steps-col-status", &s.status_text, Face::SansSemiBold),
            ]
            .into_iter()
            .enumerate()
            {
                if n == 2 {
                    // The status on a line of its own: a line never ends on
                    // a separator (« …30 avril 2019 · »).
                    meta.push(Span {
                        text: "\n".into(),
                        style: style(Face::Sans, SMALL, MUTED),
                    });
                } else if n > 0 {
                    meta.push(sep());
                }
                // A label is one unit: « Uiterste datum » is not broken.
                let label = self.plain(label).replace(' ', "\u{a0}");
                let mut args = BTreeMap::new();
                args.insert("label".to_owned(), Arg::Text(label));
                meta.extend(self.spans_of(
                    "detail-label",
                    None,
                    &args,
                    &style(Face::Sans, SMALL, MUTED),
                ));
                // The value stays on the label's line.
                meta.push(Span {
                    text: "\u{a0}".into(),
                    style: style(Face::Sans, SMALL, MUTED),
                });
                let color = if n == 2 { BRAND } else { INK };
                // The status as the table and the web pages write it
                // (« En cours »): a label's value, not running prose.
                meta.extend(self.spans(value, &style(face, SMALL, color)));
            }
            let mut meta = self.title_lines(&meta, self.measure, 1.4);
            tag(&mut meta, self.node(sect, Role::P));
            // Title and description, then the details: two blocks of one
            // segment, so the description's last line never stands alone at a
            // page's head with only the details under it.
            out.push((
                s.id.to_string(),
                Block::Text(TextBlock {
                    lines,
                    space_before: if i == 0 { 4.0 } else { 0.0 },
                    rule_above: Some(BRAND),
                    // With its details, and the last step with what follows
                    // (the signature never alone on a page).
                    keep_with_next: true,
                    ..Default::default()
                }),
            ));
            out.push((
                s.id.to_string(),
                Block::Text(TextBlock {
                    lines: meta,
                    space_before: 2.0,
                    space_after: 10.0,
                    ..Default::default()
                }),
            ));
        }
    }

    /// The next steps as a table (step, owner, deadline, status), its header row
    /// repeated on each page.
    fn steps_table(
        &mut self,
        steps: &[crate::model::NextStep],
        segment: &str,
        out: &mut Vec<(String, Block)>,
    ) {
        let m = self.measure;
        // Each header on one line in French and Dutch (« État d’avancement »,
        // "Verantwoordelijke"); the step takes the rest.
        let columns = vec![m * 0.47, m * 0.185, m * 0.155, m * 0.19];
        let padding = 5.0;
        let head_style = style(Face::SansSemiBold, 8.5, WHITE);
        let table = self.node(self.current, Role::Table);
        let head_row = {
            let head = self.node(table, Role::THead);
            self.node(head, Role::TR)
        };
        let body = self.node(table, Role::TBody);
        let mut header = Vec::new();
        for (id, w) in [
            "steps-col-step",
            "steps-col-owner",
            "steps-col-deadline",
            "steps-col-status",
        ]
        .iter()
        .zip(&columns)
        {
            let spans = self.text(id, &head_style);
            let mut lines = self.title_lines(&spans, w - 2.0 * padding, 1.3);
            tag(&mut lines, self.node(head_row, Role::TH));
            header.push(lines);
        }
        let mut rows = Vec::new();
        for s in steps {
            let tr = self.node(body, Role::TR);
            let w0 = columns[0] - 2.0 * padding;
            let title = self.spans(&s.title, &style(Face::SansSemiBold, 9.5, INK));
            let mut first = self.title_lines(&title, w0, 1.3);
            let desc = self.spans(&s.description, &style(Face::Serif, 9.5, INK));
            first.extend(self.lines(&desc, w0, false, 1.4));
            tag(&mut first, self.node(tr, Role::TD));
            let cell = |b: &mut Self, m: &MessageRef, w: f32| {
                let spans = b.spans(m, &style(Face::Sans, 9.5, INK));
                let mut lines = b.lines(&spans, w - 2.0 * padding, false, 1.3);
                tag(&mut lines, b.node(tr, Role::TD));
                lines
            };
            let owner = cell(self, &s.owner.name, columns[1]);
            let deadline = cell(self, &s.deadline_text, columns[2]);
            let status = cell(self, &s.status_text, columns[3]);
            rows.push(Row {
                cells: vec![first, owner, deadline, status],
                anchor: Some(s.id.to_string()),
            });
        }
        out.push((
            segment.to_owned(),
            Block::Table(TableBlock {
                columns,
                padding,
                header: Row {
                    cells: header,
                    anchor: None,
                },
                header_fill: BRAND,
                rows,
                rule: RULE,
                space_before: 4.0,
                space_after: 10.0,
            }),
        ));
    }

    fn signature(&mut self) -> Block {
        let p = self.input.publication;
        let mut lines = Vec::new();
        let label = self.text("signature-title", &style(Face::Sans, SMALL, MUTED));
        lines.extend(self.lines(&label, self.measure, false, 1.5));
        tag(&mut lines, self.node(self.current, Role::H2));
        let name = [Span {
            text: p.signatory.name.clone(),
            style: style(Face::SansSemiBold, 11.0, INK),
        }];
        self.check_glyphs(SIGNATORY, &name, &Default::default());
        let mut name = self.lines(&name, self.measure, false, 1.35);
        tag(&mut name, self.node(self.current, Role::P));
        lines.extend(name);
        let mut role = self.spans(&p.signatory.role, &style(Face::Sans, 9.5, MUTED));
        role.push(Span {
            text: ", ".into(),
            style: style(Face::Sans, 9.5, MUTED),
        });
        // The publisher linked to its site in the edition's language.
        let mut publisher = style(Face::Sans, 9.5, BRAND);
        publisher.link = self.org_link(&p.publisher);
        if publisher.link.is_none() {
            publisher.color = MUTED;
        }
        role.extend(self.spans(&p.publisher.name, &publisher));
        let mut role = self.lines(&role, self.measure, false, 1.35);
        tag(&mut role, self.node(self.current, Role::P));
        lines.extend(role);
        Block::Text(TextBlock {
            lines,
            space_before: 26.0,
            keep_together: true,
            rule_above: Some(RULE),
            keep_with_previous: true,
            ..Default::default()
        })
    }

    /// One language's column of the title page: region, kind, title, accent rule,
    /// lead; at the foot, date and publisher.
    fn title_column(
        &mut self,
        page: &mut Page,
        g: &Geometry,
        x: f32,
        w: f32,
        look: &TitleLook,
        lang: Option<Arc<str>>,
    ) {
        let p = self.input.publication;
        let put = |page: &mut Page, y: f32, mut line: Line, node: NodeId| {
            line.tag = Tag::Node(node);
            page.draws.push(Draw::Text {
                x,
                y,
                line,
                lang: lang.clone(),
                segment: None,
            });
        };
        let sect = self.title_sect;
        let label_lines = |b: &mut Self, spans: &[Span], leading: f32| {
            if look.hyphenated_labels {
                b.lines(spans, w, false, leading)
            } else {
                b.title_lines(spans, w, leading)
            }
        };
        let region = self.text("region-name", &style(Face::SansSemiBold, 12.0, WHITE));
        let node = self.node(sect, Role::P);
        for line in label_lines(self, &region, 1.3) {
            put(page, 92.0, line, node);
        }
        let mut y = look.kind_y;
        let kind = self.text(
            "document-kind",
            &style(Face::SansSemiBold, look.kind_size, MUTED),
        );
        let node = self.node(sect, Role::P);
        for line in label_lines(self, &upper(&kind), 1.3) {
            y += line.height;
            put(page, y, line, node);
        }
        y += look.before_title;
        let title = self.spans(&p.title, &style(Face::SansSemiBold, look.title_size, BRAND));
        let node = self.node(sect, Role::H1);
        for line in self.title_lines(&title, w, 1.15) {
            y += line.height;
            put(page, y, line, node);
        }
        y += look.after_title;
        page.draws.push(Draw::Rect {
            x,
            y,
            w: look.accent_width,
            h: 3.0,
            color: ACCENT,
        });
        y += look.after_rule;
        let lead = self.spans(&p.description, &style(Face::Serif, look.lead_size, INK));
        let node = self.node(sect, Role::P);
        // Balanced like a title: no word left alone on its last line.
        for line in self.title_lines(&lead, w * look.lead_share, 1.45) {
            y += line.height;
            put(page, y, line, node);
        }
        // At the foot: date and publisher.
        let mut args = std::collections::BTreeMap::new();
        args.insert("date".to_owned(), Arg::Date(p.published.date));
        args.insert(
            "period".to_owned(),
            Arg::Text(p.published_period.to_owned()),
        );
        args.insert("year".to_owned(), Arg::Text(p.published_year.clone()));
        let date = self.spans_of(
            "published-on",
            None,
            &args,
            &style(Face::Sans, look.date_size, INK),
        );
        let by = self.text("published-by", &style(Face::Sans, look.date_size, MUTED));
        let lead_bottom = y;
        let mut y = g.height - g.bottom - look.foot;
        // The date's rule (or, without one, the date itself) is the floor of
        // the title and the lead: a page that cannot hold them is refused, never
        // overprinted.
        if lead_bottom > y - 14.0 - 12.0 {
            self.problems.push(
                Diagnostic::error(
                    "title-page-overflow",
                    format!(
                        "the title and description do not fit on the title page of the {}: they would run {:.0} pt into the publication date",
                        if self.columns {
                            format!("bilingual PDF ({} column)", self.lang)
                        } else {
                            format!("{} PDF", self.lang)
                        },
                        lead_bottom - (y - 14.0 - 12.0)
                    ),
                )
                .hint(format!(
                    "shorten the title (`{}`) or the description (`{}`)",
                    p.title.id, p.description.id
                )),
            );
        }
        if look.rule {
            page.draws.push(Draw::Rect {
                x,
                y: y - 14.0,
                w,
                h: 0.6,
                color: RULE,
            });
        }
        for spans in [date, by] {
            let node = self.node(sect, Role::P);
            for line in label_lines(self, &spans, 1.4) {
                y += line.height;
                put(page, y, line, node);
            }
        }
    }

    /// The table of contents: each section with its page, linked to it.
    fn toc(
        &mut self,
        sections: &[(Anchor, usize)],
        offset: usize,
        placeholder: usize,
    ) -> Vec<Block> {
        // Laid out twice (to count its pages first): the draft's elements go.
        self.tree.borrow_mut().clear(self.contents);
        let title = self.text("toc-title", &style(Face::SansSemiBold, 15.0, BRAND));
        let mut title_lines = self.title_lines(&title, self.measure, 1.3);
        tag(&mut title_lines, self.node(self.contents, Role::H2));
        let toc = self.node(self.contents, Role::TOC);
        let mut blocks = vec![Block::Text(TextBlock {
            lines: title_lines,
            space_after: 14.0,
            keep_with_next: true,
            anchor: Some(Anchor {
                id: "toc".into(),
                level: 1,
                title: title.iter().map(|s| s.text.as_str()).collect(),
            }),
            rule_below: Some(RULE),
            ..Default::default()
        })];
        let number_width = 30.0;
        for (anchor, page) in sections {
            let shown = if placeholder > 0 {
                placeholder
            } else {
                page + offset + 1
            };
            let mut s = style(Face::Sans, 10.5, INK);
            s.link = Some(Arc::new(Link::Anchor(Arc::from(anchor.id.as_str()))));
            let spans = [Span {
                text: anchor.title.clone(),
                style: s.clone(),
            }];
            let mut lines = self.lines(&spans, self.measure - number_width - 20.0, false, 1.5);
            tag(&mut lines, self.node(toc, Role::TOCI));
            if let Some(last) = lines.last_mut() {
                let num = shown.to_string();
                let m = Face::Sans.metrics();
                let width = m.width(&num, 10.5);
                // Dot leaders between the title and the number.
                let dot = m.width(". ", 10.5);
                let from = last.width + 6.0;
                let to = self.measure - width - 6.0;
                let count = ((to - from) / dot).max(0.0) as usize;
                if count > 0 {
                    let leader = ". ".repeat(count);
                    self.usage.add(Face::Sans, &leader);
                    let mut leader_style = style(Face::Sans, 10.5, RULE);
                    leader_style.artifact = true;
                    last.items.push(layout::Item {
                        x: to - count as f32 * dot,
                        text: leader.into(),
                        style: leader_style,
                        width: count as f32 * dot,
                        extra: 0.0,
                    });
                }
                self.usage.add(Face::Sans, &num);
                last.items.push(layout::Item {
                    x: self.measure - width,
                    text: num.into(),
                    style: s,
                    width,
                    extra: 0.0,
                });
            }
            blocks.push(Block::Text(TextBlock {
                lines,
                space_after: 3.0,
                ..Default::default()
            }));
        }
        blocks
    }

    /// The footer's page label: « page 3 sur 6 ».
    fn page_label(&mut self, number: usize, total: usize) -> Vec<Span> {
        let mut args = std::collections::BTreeMap::new();
        args.insert("page".to_owned(), Arg::Number(number as f64));
        args.insert("total".to_owned(), Arg::Number(total as f64));
        self.spans_of(
            "pdf-page-label",
            None,
            &args,
            &style(Face::Sans, SMALL, MUTED),
        )
    }

    /// The running footer: the title on the left, the page label on the right.
    /// The running footer under a column from `x`, `w` wide: the title on the
    /// left, the page label on the right; a title too long to fit beside the
    /// label is left out rather than cut.
    /// The running footer of one column: the publication's title and the
    /// page label on one line; in the bilingual edition's narrow columns, the
    /// label under the title (each column's footer then reads as a running
    /// title and a folio, not as a sentence).
    fn footer(
        &mut self,
        page: &mut Page,
        label: Vec<Span>,
        g: &Geometry,
        (x, w): (f32, f32),
        stacked: bool,
    ) {
        let title = self.spans(
            &self.input.publication.title.clone(),
            &style(Face::Sans, SMALL, MUTED),
        );
        let y = g.height - g.bottom + 36.0;
        page.draws.push(Draw::Rect {
            x,
            y: y - 14.0,
            w,
            h: 0.5,
            color: RULE,
        });
        let mut label_width = 0.0;
        let mut lines = self.title_lines(&label, w, 1.2);
        if lines.len() == 1
            && let Some(mut line) = lines.pop()
        {
            line.tag = Tag::Pagination;
            if stacked {
                page.draws.push(Draw::text(x, y + SMALL * 1.3, line));
            } else {
                label_width = line.width;
                page.draws.push(Draw::text(x + w - line.width, y, line));
            }
        }
        // A title longer than the room is shortened with an ellipsis: a
        // running title is a reminder, not the title.
        let room = w - label_width - 12.0;
        let title = one_line(&title, room);
        let mut lines = self.title_lines(&title, room, 1.2);
        if lines.len() == 1
            && let Some(mut line) = lines.pop()
        {
            line.tag = Tag::Pagination;
            page.draws.push(Draw::text(x, y, line));
        }
    }

    /// The full language tag: `fr-BE` with the content's region.
    fn tag(&self) -> String {
        lang_tag(&self.lang, self.input)
    }

    fn info(&mut self) -> write::Info {
        let p = self.input.publication;
        let keywords = self.plain("pdf-keywords");
        // The file's dates: SOURCE_DATE_EPOCH, else the publication's day; none
        // when the content gives only a month or a period (no day is invented).
        let timestamp = self.input.source_date_epoch.or_else(|| {
            let d = p.published.date;
            d.day
                .filter(|_| p.published.period.is_none())
                .map(|day| days_from_civil(d.year, d.month, day) * 86_400)
        });
        let lang = self.tag();
        let title = self.plain("publication-title");
        write::Info {
            titles: vec![(lang.clone(), title.clone())],
            title,
            author: self.plain("pdf-author"),
            subject: self.plain("publication-description"),
            keywords: keywords
                .split(',')
                .map(|k| k.trim().to_owned())
                .filter(|k| !k.is_empty())
                .collect(),
            lang,
            timestamp,
        }
    }
}

/// The full language tag of `lang`: `fr-BE` with the content's region.
fn lang_tag(lang: &Lang, input: &RenderInput<'_>) -> String {
    match &input.publication.region {
        Some(region) => format!("{lang}-{region}"),
        None => lang.to_string(),
    }
}

/// Says which structure element `lines` belong to.
fn tag(lines: &mut [Line], node: NodeId) {
    for line in lines {
        line.tag = Tag::Node(node);
    }
}

fn style(face: Face, size: f32, color: Rgb) -> Style {
    Style::new(face, size, color)
}

/// Inline Markdown as spans: emphasis in italics, strong in bold, links coloured.
fn inline_spans(nodes: &[Inline], base: &Style, out: &mut Vec<Span>) {
    for node in nodes {
        match node {
            Inline::Text(t) | Inline::Code(t) => out.push(Span {
                text: t.clone(),
                style: base.clone(),
            }),
            Inline::Emph(c) => {
                let s = Style {
                    face: base.face.italic(),
                    ..base.clone()
                };
                inline_spans(c, &s, out);
            }
            Inline::Strong(c) => {
                let s = Style {
                    face: base.face.bold(),
                    ..base.clone()
                };
                inline_spans(c, &s, out);
            }
            Inline::Link { url, children } => {
                let s = Style {
                    color: BRAND,
                    link: Some(Arc::new(Link::Uri(Arc::from(url.as_str())))),
                    ..base.clone()
                };
                inline_spans(children, &s, out);
            }
            Inline::Untranslated { children, .. } => {
                // Missing translations stand out in print too.
                let s = Style {
                    color: UNTRANSLATED,
                    ..base.clone()
                };
                out.push(Span {
                    text: "[".into(),
                    style: s.clone(),
                });
                inline_spans(children, &s, out);
                out.push(Span {
                    text: "]".into(),
                    style: s,
                });
            }
            Inline::Break => out.push(Span {
                text: "\n".into(),
                style: base.clone(),
            }),
        }
    }
}

fn capitalize(spans: &mut [Span]) {
    if let Some(first) = spans.first_mut()
        && let Some(c) = first.text.chars().next()
    {
        let upper: String = c.to_uppercase().collect();
        first.text.replace_range(..c.len_utf8(), &upper);
    }
}

fn upper(spans: &[Span]) -> Vec<Span> {
    spans
        .iter()
        .map(|s| Span {
            text: s.text.to_uppercase(),
            style: s.style.clone(),
        })
        .collect()
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every message id written literally in this backend's code is declared in
    /// [`MESSAGES`], so it is validated before rendering whatever templates are in
    /// use (a missing one would otherwise fail only at render time).
    #[test]
    fn every_message_the_backend_uses_is_declared() {
        let code = include_str!("mod.rs");
        let code = &code[..code.find("#[cfg(test)]").unwrap_or(code.len())];
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
