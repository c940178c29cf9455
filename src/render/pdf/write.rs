//! Writing pages as PDF: each page's content stream written directly as bytes
//! (what printpdf's translation of the same operations gave, without building
//! them), printpdf for the fonts, the page tree and the links; then a pass over
//! the lopdf document for what printpdf does not do right: the version
//! header, a content-derived `/ID`, `/Lang`, the nested outline pointing at each
//! heading, `/PageMode` as a name, and no false PDF/X claim in the Info dictionary.
//!
//! The file is tagged (PDF/UA-1): every piece of text is a marked-content
//! sequence owned by an element of the structure tree, or an artifact; every
//! rule and band is an artifact; each link annotation belongs to its `Link`
//! element; XMP metadata repeats the Info dictionary with the PDF/UA claim.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    Actions, BorderArray, ColorArray, Destination, FontId, LinkAnnotation, Mm, Op, ParsedFont,
    PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, Rect, TextItem,
};
use sha2::{Digest, Sha256};

use super::fonts::{self, Face, Usage};
use super::layout::{Item, Line, Link, Rgb, SOFT_HYPHEN};
use super::paginate::{Anchor, Draw, Geometry, Page};
use super::tags::{Kid, NodeId, Role, Tag, Tree};

/// What the Info dictionary and the catalog say about the document.
#[derive(Debug, Clone)]
pub struct Info {
    /// Title.
    pub title: String,
    /// Author (the publisher).
    pub author: String,
    /// Subject (the description).
    pub subject: String,
    /// Keywords.
    pub keywords: Vec<String>,
    /// BCP 47 language, e.g. `fr-BE`.
    pub lang: String,
    /// The title in each language of the document (two in the bilingual
    /// edition), for the XMP metadata.
    pub titles: Vec<(String, String)>,
    /// Creation and modification time, seconds since 1970; none when no day
    /// is known.
    pub timestamp: Option<i64>,
}

/// Writes `pages` into PDF bytes. Each page's drawing is dropped once it is
/// turned into operations (its anchors stay), so a long document never holds
/// its pages' layout and their operations at once.
pub fn write(
    pages: &mut [Page],
    geometry: &Geometry,
    usage: &Usage,
    info: &Info,
    tree: &mut Tree,
) -> Result<Vec<u8>, String> {
    let mut doc = PdfDocument::new(&info.title);
    let mut font_ids: BTreeMap<Face, FontUse> = BTreeMap::new();
    for (n, (face, chars)) in usage.faces().enumerate() {
        let mut chars: BTreeSet<char> = chars;
        chars.insert(' ');
        let (bytes, name) = fonts::subset(face, &chars)?;
        let mut warnings = Vec::new();
        let mut parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
            .ok_or_else(|| format!("cannot read the subset of {}", face.postscript_name()))?;
        parsed.font_name = Some(name);
        let id = FontId(format!("F{}", n + 1));
        let glyphs = parsed.codepoint_to_glyph.clone();
        doc.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(parsed));
        font_ids.insert(
            face,
            FontUse {
                id,
                glyphs,
                shown: BTreeMap::new(),
            },
        );
    }
    // Each page's drawing, taken: dropped as soon as it is written.
    let all_draws: Vec<Vec<Draw>> = pages
        .iter_mut()
        .map(|p| std::mem::take(&mut p.draws))
        .collect();
    let pages: &[Page] = pages;
    // Anchors: id → (1-based page, y from the bottom).
    let mut anchors: BTreeMap<&str, (usize, f32)> = BTreeMap::new();
    for (i, page) in pages.iter().enumerate() {
        for (a, y) in &page.anchors {
            anchors
                .entry(a.id.as_str())
                .or_insert((i + 1, geometry.height - y));
        }
        for (id, y) in &page.marks {
            anchors
                .entry(id.as_str())
                .or_insert((i + 1, geometry.height - y));
        }
    }
    // The languages of the columns, in the order of the columns.
    let mut langs: Vec<Arc<str>> = Vec::new();
    for draws in &all_draws {
        for draw in draws {
            if let Draw::Text { lang: Some(l), .. } = draw
                && !langs.contains(l)
            {
                langs.push(l.clone());
            }
        }
    }
    let column = |d: &&Draw| match d {
        Draw::Text { lang: Some(l), .. } => langs.iter().position(|x| x == l).unwrap_or(0),
        _ => 0,
    };
    // Room in the tree for an element per link run, the most the pages can
    // add: not doubled while the pages are still held.
    let link_runs: usize = all_draws
        .iter()
        .flatten()
        .map(|d| match d {
            Draw::Text { line, .. } => line
                .items
                .iter()
                .enumerate()
                .filter(|(i, item)| {
                    item.style.link.is_some()
                        && (*i == 0 || line.items[i - 1].style.link != item.style.link)
                })
                .count(),
            Draw::Rect { .. } => 0,
        })
        .sum();
    tree.nodes.reserve(link_runs);
    let mut pdf_pages = Vec::with_capacity(pages.len());
    // Each page's content, deflated a batch of pages at a time: a long
    // document never holds every page's uncompressed content at once.
    let mut contents: Vec<(Vec<u8>, bool)> = Vec::with_capacity(pages.len());
    let mut pending: Vec<Vec<u8>> = Vec::with_capacity(DEFLATE_BATCH);
    let mut marks = Vec::with_capacity(pages.len());
    for (number, page_draws) in all_draws.into_iter().enumerate() {
        let mut ops = Content::default();
        let mut m = Marks {
            page: number,
            ..Marks::default()
        };
        // The content is painted in reading order: in the bilingual edition the
        // first column's text, then the second's (rules and backgrounds first).
        let mut draws: Vec<&Draw> = page_draws.iter().collect();
        draws.sort_by_key(column);
        for draw in draws {
            match draw {
                Draw::Rect { x, y, w, h, color } => {
                    m.switch(&mut ops, tree, Open::Artifact, None, None);
                    m.end_text(&mut ops);
                    m.pen.fill(&mut ops, *color);
                    ops.rect(*x, geometry.height - y - h, *w, *h);
                }
                Draw::Text {
                    x,
                    y,
                    line,
                    lang,
                    segment,
                } => {
                    let at = At {
                        x: *x,
                        baseline: geometry.height - y,
                        lang: lang.as_deref(),
                        segment: segment.as_deref(),
                    };
                    line_ops(&mut ops, &mut m, tree, &at, line, &mut font_ids, &anchors)?;
                }
            }
        }
        m.close(&mut ops);
        m.end_text(&mut ops);
        marks.push(m);
        drop(page_draws);
        // printpdf writes the page; its content is ours, set below, and its
        // link annotations are written with the structure tree.
        pdf_pages.push(PdfPage::new(
            Mm(geometry.width * 25.4 / 72.0),
            Mm(geometry.height * 25.4 / 72.0),
            Vec::new(),
        ));
        pending.push(ops.out);
        if pending.len() == DEFLATE_BATCH {
            contents.extend(deflate_pages(std::mem::take(&mut pending), true));
        }
    }
    contents.extend(deflate_pages(pending, pages.len() > DEFLATE_BATCH));
    // printpdf makes each font's widths and `/ToUnicode` from the text its
    // pages show: the first page is given every glyph once, with the character
    // it was last shown for (its content is replaced anyway).
    if let Some(first) = pdf_pages.first_mut() {
        first.ops.push(Op::StartTextSection);
        for f in font_ids.values() {
            if f.shown.is_empty() {
                continue;
            }
            first.ops.push(Op::SetFont {
                font: PdfFontHandle::External(f.id.clone()),
                size: Pt(10.0),
            });
            first.ops.push(Op::ShowText {
                items: vec![TextItem::Text(f.shown.values().collect())],
            });
        }
        first.ops.push(Op::EndTextSection);
    }
    doc.with_pages(pdf_pages);
    let date = printpdf::DateTime::from_unix_timestamp(info.timestamp.unwrap_or(0))
        .map_err(str::to_owned)?;
    let meta = &mut doc.metadata.info;
    meta.author = info.author.clone();
    meta.subject = info.subject.clone();
    meta.keywords = info.keywords.clone();
    meta.creator = "memorandum".into();
    meta.producer = format!("memorandum {} (printpdf)", env!("CARGO_PKG_VERSION"));
    meta.creation_date = date;
    meta.modification_date = date;
    meta.metadata_date = date;
    let mut warnings = Vec::new();
    let opts = PdfSaveOptions {
        subset_fonts: false,
        image_optimization: None,
        ..Default::default()
    };
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    drop(doc);
    for ((content, deflated), page_id) in contents.into_iter().zip(lo.get_pages().into_values()) {
        let stream = lo
            .get_object(page_id)
            .and_then(Object::as_dict)
            .and_then(|d| d.get(b"Contents"))
            .and_then(Object::as_reference)
            .and_then(|id| lo.get_object_mut(id))
            .and_then(Object::as_stream_mut)
            .map_err(|e| format!("a page without its content stream: {e}"))?;
        stream.set_content(content);
        if deflated {
            stream.dict.set("Filter", "FlateDecode");
        }
    }
    compress(&mut lo);
    finish(&mut lo, pages, geometry, info)?;
    let elements = structure(&mut lo, tree, &marks)?;
    metadata(&mut lo, info)?;
    let placeholder = Object::String(ID_PLACEHOLDER.to_vec(), StringFormat::Hexadecimal);
    lo.trailer.set("ID", vec![placeholder.clone(), placeholder]);
    let mut out = super::file::save(&lo, elements);
    stable_id(&mut out)?;
    Ok(out)
}

/// How many pages' content are deflated together; a document longer than
/// that deflates its batches on every core (a short one on one thread: each
/// thread's first stream sets up a compressor).
const DEFLATE_BATCH: usize = 32;

/// Page contents deflated, each with whether it was (only when it saves, as
/// [`compress`] decides for every other stream).
fn deflate_pages(pages: Vec<Vec<u8>>, parallel: bool) -> Vec<(Vec<u8>, bool)> {
    use rayon::prelude::*;
    let one = |content: Vec<u8>| match deflated(&content) {
        Some(compressed) => (compressed, true),
        None => (content, false),
    };
    if parallel {
        pages.into_par_iter().map(one).collect()
    } else {
        pages.into_iter().map(one).collect()
    }
}

/// `content` deflated, when that saves more than the filter entry costs.
fn deflated(content: &[u8]) -> Option<Vec<u8>> {
    let compressed = super::file::deflate(content);
    (!compressed.is_empty() && compressed.len() + 19 < content.len()).then_some(compressed)
}

/// Deflates every stream not yet compressed, pages in parallel, at the fast
/// level (lopdf's own pass uses the slowest level for a few percent).
fn compress(doc: &mut lopdf::Document) {
    use rayon::prelude::*;
    let mut streams: Vec<&mut lopdf::Stream> = doc
        .objects
        .values_mut()
        .filter_map(|o| match o {
            Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => Some(s),
            _ => None,
        })
        .collect();
    let one = |s: &mut &mut lopdf::Stream| {
        if let Some(compressed) = deflated(&s.content) {
            s.dict.set("Filter", "FlateDecode");
            s.set_content(compressed);
        }
    };
    // A short document on this thread alone: each thread that deflates sets up
    // a compressor first, which costs more than a few pages.
    let total: usize = streams.iter().map(|s| s.content.len()).sum();
    if total < super::file::PARALLEL_BYTES {
        streams.iter_mut().for_each(one);
    } else {
        streams.par_iter_mut().for_each(one);
    }
}

/// A page's content stream, written directly as bytes in the form lopdf gives
/// operations (operands each followed by a space, operations separated by a
/// line feed): the same bytes printpdf's translation of the equivalent
/// operations gave, without building them.
#[derive(Default)]
struct Content {
    out: Vec<u8>,
}

impl Content {
    /// Starts an operation: a line feed after the previous one.
    fn start(&mut self) {
        if !self.out.is_empty() {
            self.out.push(b'\n');
        }
    }

    fn operator(&mut self, op: &str) {
        self.out.extend_from_slice(op.as_bytes());
    }

    fn real(&mut self, v: f32) {
        use std::io::Write as _;
        let _ = write!(self.out, "{v} ");
    }

    fn name(&mut self, name: &[u8]) {
        self.out.push(b'/');
        push_name(&mut self.out, name);
        self.out.push(b' ');
    }

    /// `BT`, `ET`, `EMC`…: an operation without operands.
    fn bare(&mut self, op: &str) {
        self.start();
        self.operator(op);
    }

    /// `/Artifact BMC`.
    fn bmc(&mut self, tag: &str) {
        self.start();
        self.name(tag.as_bytes());
        self.operator("BMC");
    }

    /// `/Tag <<…>> BDC`, the properties in key order.
    fn bdc(&mut self, tag: &str, properties: &[(&str, Prop<'_>)]) {
        self.start();
        self.name(tag.as_bytes());
        self.out.extend_from_slice(b"<<");
        for (key, value) in properties {
            self.out.push(b'/');
            push_name(&mut self.out, key.as_bytes());
            match value {
                Prop::Name(n) => {
                    self.out.push(b'/');
                    push_name(&mut self.out, n.as_bytes());
                }
                Prop::Int(i) => {
                    self.out.push(b' ');
                    self.out
                        .extend_from_slice(itoa::Buffer::new().format(*i).as_bytes());
                }
                Prop::Text(t) => push_literal(&mut self.out, t.as_bytes()),
                Prop::Utf16(t) => push_hex(
                    &mut self.out,
                    [0xFE, 0xFF]
                        .into_iter()
                        .chain(t.encode_utf16().flat_map(u16::to_be_bytes)),
                ),
            }
        }
        self.out.extend_from_slice(b">> ");
        self.operator("BDC");
    }

    /// `1 0 0 1 x y Tm`.
    fn tm(&mut self, x: f32, y: f32) {
        self.start();
        for v in [1.0, 0.0, 0.0, 1.0, x, y] {
            self.real(v);
        }
        self.operator("Tm");
    }

    /// `/F1 10.5 Tf`.
    fn tf(&mut self, font: &str, size: f32) {
        self.start();
        self.name(font.as_bytes());
        self.real(size);
        self.operator("Tf");
    }

    /// `scale Tz` or `spacing Tc`: a text state parameter.
    fn text_state(&mut self, value: f32, op: &str) {
        self.start();
        self.real(value);
        self.operator(op);
    }

    /// `r g b rg`.
    fn fill(&mut self, c: Rgb) {
        self.start();
        for v in c {
            self.real(f32::from(v) / 255.0);
        }
        self.operator("rg");
    }

    /// `x y w h re` then `f`.
    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32) {
        self.start();
        for v in [x, y, w, h] {
            self.real(v);
        }
        self.operator("re");
        self.bare("f");
    }
}

/// A value of a marked-content property list.
enum Prop<'a> {
    Name(&'a str),
    Int(i64),
    Text(&'a str),
    /// A text string as UTF-16BE with its byte-order mark, written in hex.
    Utf16(&'a str),
}

/// A name's bytes as lopdf writes them: delimiters, white space and bytes
/// outside `!`..`~` as `#XX`.
fn push_name(out: &mut Vec<u8>, name: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in name {
        if b" \t\n\r\x0C()<>[]{}/%#".contains(&b) || !(33..=126).contains(&b) {
            out.extend_from_slice(&[b'#', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
        } else {
            out.push(b);
        }
    }
}

/// A literal string as lopdf writes it: backslashes, carriage returns and
/// unbalanced parentheses escaped.
fn push_literal(out: &mut Vec<u8>, text: &[u8]) {
    let mut escape = Vec::new();
    let mut open = Vec::new();
    for (i, &b) in text.iter().enumerate() {
        match b {
            b'(' => open.push(i),
            b')' if open.pop().is_none() => escape.push(i),
            b'\\' | b'\r' => escape.push(i),
            _ => {}
        }
    }
    escape.append(&mut open);
    out.push(b'(');
    for (i, &b) in text.iter().enumerate() {
        if escape.contains(&i) {
            out.push(b'\\');
            out.push(if b == b'\r' { b'r' } else { b });
        } else {
            out.push(b);
        }
    }
    out.push(b')');
}

/// A hexadecimal string: `<0041…>`.
fn push_hex(out: &mut Vec<u8>, bytes: impl IntoIterator<Item = u8>) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push(b'<');
    for b in bytes {
        out.extend_from_slice(&[HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
    }
    out.push(b'>');
}

/// An embedded font as the content streams use it: its resource name, the
/// glyph of each character, and the characters shown with each glyph (the last
/// one shown wins, as printpdf's own collection does), for its widths and
/// `/ToUnicode`.
struct FontUse {
    id: FontId,
    glyphs: BTreeMap<u32, u16>,
    shown: BTreeMap<u16, char>,
}

/// What the writer records of a page for the structure tree.
#[derive(Debug, Default)]
struct Marks {
    /// The page's index.
    page: usize,
    /// The element owning each MCID, in MCID order.
    owners: Vec<NodeId>,
    /// Each link annotation's element and its alternate text, in `/Annots` order.
    annots: Vec<(NodeId, String)>,
    /// The link annotations, written with the structure tree.
    links: Vec<LinkAnnotation>,
    /// The marked-content sequence open on the page, if any.
    open: Option<Open>,
    /// The font and colour in force.
    pen: Pen,
    /// A text object is open: the lines of an element share one.
    in_text: bool,
    /// The open text object holds the open sequences (a line of several runs),
    /// rather than the other way round.
    text_outer: bool,
}

/// A marked-content sequence: content of an element, or an artifact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    Artifact,
    Pagination,
    Node(NodeId),
}

impl Marks {
    /// Makes `want` the open sequence: what follows the same element (the next
    /// line of a paragraph, the next rule) stays in the sequence already open,
    /// so a paragraph is one sequence per page, not one per line. A line that
    /// starts a bilingual segment always opens one, carrying the segment's id.
    fn switch(
        &mut self,
        ops: &mut Content,
        tree: &mut Tree,
        want: Open,
        lang: Option<&str>,
        segment: Option<&str>,
    ) {
        if self.open == Some(want) && segment.is_none() {
            return;
        }
        self.close(ops);
        self.open = Some(want);
        match want {
            Open::Artifact => ops.bmc("Artifact"),
            Open::Pagination => ops.bdc(
                "Artifact",
                &[
                    ("Subtype", Prop::Name("Footer")),
                    ("Type", Prop::Name("Pagination")),
                ],
            ),
            Open::Node(owner) => {
                let mcid = self.owners.len();
                self.owners.push(owner);
                tree.nodes[owner].kids.push(Kid::Content {
                    page: index_u32(self.page),
                    mcid: index_u32(mcid),
                });
                // A column in another language carries its /Lang, so text
                // extraction tells the columns apart; the first line of a
                // bilingual segment also carries the segment's id. Keys in
                // order.
                let mcid = Prop::Int(mcid as i64);
                let props: Vec<(&str, Prop<'_>)> = match (lang, segment) {
                    (Some(l), Some(s)) => vec![
                        ("Lang", Prop::Text(l)),
                        ("MCID", mcid),
                        ("Segment", Prop::Text(s)),
                    ],
                    (Some(l), None) => vec![("Lang", Prop::Text(l)), ("MCID", mcid)],
                    (None, _) => vec![("MCID", mcid)],
                };
                ops.bdc(tree.nodes[owner].role.name(), &props);
            }
        }
    }

    /// Ends the open sequence.
    fn close(&mut self, ops: &mut Content) {
        if self.in_text && !self.text_outer {
            self.end_text(ops);
        }
        if self.open.take().is_some() {
            ops.bare("EMC");
        }
    }

    /// Opens a text object unless one is open; it belongs inside the open
    /// sequence, or holds the sequences to come if none is open.
    fn begin_text(&mut self, ops: &mut Content) {
        if !self.in_text {
            ops.bare("BT");
            self.in_text = true;
            self.text_outer = self.open.is_none();
        }
    }

    fn end_text(&mut self, ops: &mut Content) {
        if self.in_text {
            ops.bare("ET");
            self.in_text = false;
            self.text_outer = false;
        }
    }
}

/// Where a line is drawn, and the marks of a bilingual column.
struct At<'a> {
    x: f32,
    baseline: f32,
    /// The column's language, when it differs from the document's.
    lang: Option<&'a str>,
    /// The bilingual segment this line starts.
    segment: Option<&'a str>,
}

/// A line: its runs (same link, same artifact status) in sequences of the
/// line's element, or of a `Link` element under it, with the link's annotation;
/// or the whole line an artifact.
fn line_ops(
    ops: &mut Content,
    marks: &mut Marks,
    tree: &mut Tree,
    at: &At<'_>,
    line: &Line,
    fonts: &mut BTreeMap<Face, FontUse>,
    anchors: &BTreeMap<&str, (usize, f32)>,
) -> Result<(), String> {
    let node = match line.tag {
        Tag::Untagged => {
            return Err(format!(
                "text without a structure element on page {}: {}",
                marks.page + 1,
                line.text()
            ));
        }
        Tag::Artifact | Tag::Pagination => {
            let want = if line.tag == Tag::Artifact {
                Open::Artifact
            } else {
                Open::Pagination
            };
            marks.switch(ops, tree, want, None, None);
            let mut text = TextObject::for_line(line);
            if let Some(first) = line.items.first() {
                text.begin(ops, marks, at.x + first.x, at.baseline);
                for item in &line.items {
                    text.show(ops, &mut marks.pen, item, fonts);
                }
                text.flush(ops, &marks.pen, fonts);
            }
            return Ok(());
        }
        Tag::Node(node) => node,
    };
    if line.items.is_empty() {
        return Ok(());
    }
    // Runs: pieces with the same link and artifact status.
    let mut runs = Vec::new();
    let mut i = 0;
    while i < line.items.len() {
        let style = &line.items[i].style;
        let mut end = i + 1;
        while end < line.items.len()
            && line.items[end].style.link == style.link
            && line.items[end].style.artifact == style.artifact
        {
            end += 1;
        }
        let action = style.link.as_ref().and_then(|l| action(l, anchors));
        // The link's element is made when its run is reached, after the text
        // before it has joined the line's element.
        let target = match (style.link.as_deref(), &action) {
            (Some(Link::Uri(uri)), Some(_)) => Some(uri.to_string()),
            (Some(Link::Anchor(id)), Some(_)) => Some(format!("#{id}")),
            _ => None,
        };
        runs.push((i..end, style.artifact, target, action));
        i = end;
    }
    let mut segment = at.segment;
    let mut text = TextObject::for_line(line);
    if let [(_, artifact, None, _)] = runs.as_slice() {
        // One run: the text object inside the element's sequence, which the
        // next lines of the element continue.
        let want = if *artifact {
            Open::Artifact
        } else {
            Open::Node(node)
        };
        marks.switch(ops, tree, want, at.lang, segment);
        text.begin(ops, marks, at.x + line.items[0].x, at.baseline);
        for item in &line.items {
            text.show(ops, &mut marks.pen, item, fonts);
        }
        text.word_break(line);
        text.flush(ops, &marks.pen, fonts);
        return Ok(());
    }
    // Several runs: one text object, a sequence per run inside it.
    marks.close(ops);
    text.begin(ops, marks, at.x + line.items[0].x, at.baseline);
    for (range, artifact, target, action) in runs {
        let want = match target {
            _ if artifact => Open::Artifact,
            Some(target) => Open::Node(tree.link(node, &target)),
            None => Open::Node(node),
        };
        text.flush(ops, &marks.pen, fonts);
        marks.switch(ops, tree, want, at.lang, segment.take());
        let range_end = range.end;
        let run = &line.items[range];
        // Each run where the layout put it: a run need not follow the one
        // before (the contents' dot leaders and page numbers are aligned).
        ops.tm(at.x + run[0].x, at.baseline);
        for item in run {
            text.show(ops, &mut marks.pen, item, fonts);
        }
        if range_end == line.items.len() {
            text.word_break(line);
        }
        text.flush(ops, &marks.pen, fonts);
        if let (Some(actions), Open::Node(owner)) = (action, want) {
            let start = run[0].x;
            let last = &run[run.len() - 1];
            let end = last.x + last.width + last.extra;
            let size = run.iter().map(|i| i.style.size).fold(0.0, f32::max);
            let rect = Rect::from_xywh(
                Pt(at.x + start),
                Pt(at.baseline - size * 0.25),
                Pt(end - start),
                Pt(size * 1.1),
            );
            marks.links.push(LinkAnnotation::new(
                rect,
                actions,
                Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                Some(ColorArray::Transparent),
                None,
            ));
            let text: String = run
                .iter()
                .flat_map(|i| i.text.chars())
                .filter(|c| *c != SOFT_HYPHEN)
                .collect();
            tree.nodes[owner].kids.push(Kid::Annot {
                page: index_u32(marks.page),
                index: index_u32(marks.annots.len()),
            });
            marks.annots.push((owner, text));
        }
    }
    text.flush(ops, &marks.pen, fonts);
    marks.close(ops);
    marks.end_text(ops);
    Ok(())
}

/// `uri` as a PDF URI action holds it, in 7-bit ASCII (ISO 32000-1,
/// §12.6.4.7): an internationalised host in punycode
/// (`https://xn--caf-dma.brussels`), every other character that is not
/// ASCII percent-encoded as UTF-8 (`d%C3%A9marche`), as the `url` crate
/// writes a parsed address; a byte it leaves (an address it cannot parse) is
/// percent-encoded here.
pub(crate) fn ascii_uri(uri: &str) -> String {
    if uri.bytes().all(|b| b.is_ascii_graphic()) {
        return uri.to_owned();
    }
    let written = url::Url::parse(uri).map_or_else(|_| uri.to_owned(), String::from);
    let mut out = String::with_capacity(written.len());
    for b in written.bytes() {
        if b.is_ascii_graphic() {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// What a link does: open its address, or go to its anchor (none if the anchor
/// is on no page).
fn action(link: &Link, anchors: &BTreeMap<&str, (usize, f32)>) -> Option<Actions> {
    match link {
        Link::Uri(uri) => Some(Actions::Uri(ascii_uri(uri))),
        Link::Anchor(id) => anchors.get(&**id).map(|(page, top)| {
            Actions::Goto(Destination::Xyz {
                page: *page,
                left: Some(0.0),
                top: Some(*top + 12.0),
                zoom: None,
            })
        }),
    }
}

/// A text object being written: absolute position, then runs with font and
/// colour changes; justification as TJ offsets after spaces.
#[derive(Default)]
struct TextObject {
    run: Vec<Piece>,
    /// The line's font expansion (a fraction) and letter-spacing (ems per glyph).
    expansion: f32,
    tracking: f32,
}

/// A piece of a `TJ` array: text, or an offset in thousandths of an em
/// (negative moves right).
enum Piece {
    Text(String),
    Offset(f32),
}

/// The font and fill colour in force on a page: they outlast text objects, so
/// each is set only when it changes.
#[derive(Debug, Default)]
struct Pen {
    font: Option<(Face, u32)>,
    fill: Option<Rgb>,
    /// Horizontal scaling less 100 (`Tz`), and character spacing (`Tc`): zero
    /// at the start of a page, as in the PDF's initial text state.
    expansion: f32,
    spacing: f32,
}

impl Pen {
    fn fill(&mut self, ops: &mut Content, color: Rgb) {
        if self.fill != Some(color) {
            ops.fill(color);
            self.fill = Some(color);
        }
    }
}

impl TextObject {
    /// A text object for `line`, with its micro-typography.
    fn for_line(line: &Line) -> Self {
        Self {
            run: Vec::new(),
            expansion: line.expansion,
            tracking: line.tracking,
        }
    }

    fn begin(&mut self, ops: &mut Content, marks: &mut Marks, x: f32, baseline: f32) {
        marks.begin_text(ops);
        ops.tm(x, baseline);
    }

    fn show(
        &mut self,
        ops: &mut Content,
        pen: &mut Pen,
        item: &Item,
        fonts: &mut BTreeMap<Face, FontUse>,
    ) {
        let font = (item.style.face, item.style.size.to_bits());
        let scale = 1.0 + self.expansion;
        // `Tc` is in unscaled text space: scaled by `Tz` when drawn.
        let spacing = self.tracking * item.style.size / scale;
        if pen.font != Some(font)
            || pen.fill != Some(item.style.color)
            || pen.expansion != self.expansion
            || pen.spacing != spacing
        {
            self.flush(ops, pen, fonts);
        }
        if pen.expansion != self.expansion {
            ops.text_state(100.0 * scale, "Tz");
            pen.expansion = self.expansion;
        }
        if pen.spacing != spacing {
            ops.text_state(spacing, "Tc");
            pen.spacing = spacing;
        }
        if pen.font != Some(font) {
            if let Some(f) = fonts.get(&item.style.face) {
                ops.tf(&f.id.0, item.style.size);
            }
            pen.font = Some(font);
        }
        pen.fill(ops, item.style.color);
        // A no-break space drawn with the space's glyph is written as a space:
        // one glyph maps back to one character, so text copied or read aloud
        // has plain spaces rather than every space turned into a no-break one.
        let text: std::borrow::Cow<'_, str> = if item.text.contains('\u{a0}')
            && item.style.face.metrics().same_glyph(' ', '\u{a0}')
        {
            item.text.replace('\u{a0}', " ").into()
        } else {
            item.text.as_str().into()
        };
        // A hyphen the typesetter added at a line break is not part of the
        // text: it is drawn as a hyphen, and marked as the soft hyphen it
        // stands for (ISO 32000-1, 14.8.2.2.3), so the word reads whole.
        let (text, soft_hyphen) = match text.strip_suffix(SOFT_HYPHEN) {
            Some(t) => (std::borrow::Cow::Owned(t.to_owned()), true),
            None => (text, false),
        };
        if !text.is_empty() {
            match self.run.last_mut() {
                Some(Piece::Text(t)) => t.push_str(&text),
                _ => self.run.push(Piece::Text(text.into_owned())),
            }
        }
        if soft_hyphen {
            self.flush(ops, pen, fonts);
            ops.bdc("Span", &[("ActualText", Prop::Utf16("\u{ad}"))]);
            self.run.push(Piece::Text("-".into()));
            self.flush(ops, pen, fonts);
            ops.bare("EMC");
        }
        if item.extra != 0.0 {
            self.run.push(Piece::Offset(
                -item.extra / item.style.size * 1000.0 / scale,
            ));
        }
    }

    /// After a line's last word, the space the line break stands for, so the
    /// words of two lines do not run together when the text is extracted or
    /// read aloud; not after a hyphen (the word goes on) nor an existing space.
    /// It is drawn after the line's end, where nothing else is.
    fn word_break(&mut self, line: &Line) {
        let ends = line.items.last().and_then(|i| i.text.chars().last());
        if ends.is_some_and(|c| !c.is_whitespace() && c != '-' && c != '\u{ad}')
            && let Some(Piece::Text(t)) = self.run.last_mut()
        {
            t.push(' ');
        }
    }

    /// Shows what is pending in the pen's font (`Tj`, or `TJ` with offsets),
    /// each character as its glyph id; the text object stays open for the next
    /// line.
    fn flush(&mut self, ops: &mut Content, pen: &Pen, fonts: &mut BTreeMap<Face, FontUse>) {
        if self.run.is_empty() {
            return;
        }
        let mut font = pen.font.and_then(|(face, _)| fonts.get_mut(&face));
        let mut encode = |out: &mut Vec<u8>, text: &str| {
            let glyphs = text.chars().map(|c| {
                let g = font
                    .as_ref()
                    .and_then(|f| f.glyphs.get(&(c as u32)).copied());
                if let (Some(g), Some(f)) = (g, font.as_mut()) {
                    f.shown.insert(g, c);
                }
                g.unwrap_or(0)
            });
            push_hex(out, glyphs.flat_map(u16::to_be_bytes));
        };
        ops.start();
        match self.run.as_slice() {
            [Piece::Text(t)] => {
                encode(&mut ops.out, t);
                ops.out.push(b' ');
                ops.operator("Tj");
            }
            pieces => {
                ops.out.push(b'[');
                for (i, piece) in pieces.iter().enumerate() {
                    match piece {
                        Piece::Text(t) => encode(&mut ops.out, t),
                        Piece::Offset(o) => {
                            use std::io::Write as _;
                            if i > 0 {
                                ops.out.push(b' ');
                            }
                            let _ = write!(ops.out, "{o}");
                        }
                    }
                }
                ops.out.extend_from_slice(b"] ");
                ops.operator("TJ");
            }
        }
        self.run.clear();
    }
}

/// The lopdf pass.
fn finish(
    doc: &mut lopdf::Document,
    pages: &[Page],
    geometry: &Geometry,
    info: &Info,
) -> Result<(), String> {
    doc.version = "1.7".into();
    // Info: no PDF/X claim, no empty fields.
    if let Ok(info_id) = doc.trailer.get(b"Info").and_then(Object::as_reference)
        && let Ok(dict) = doc.get_object_mut(info_id).and_then(Object::as_dict_mut)
    {
        for key in [
            &b"GTS_PDFXVersion"[..],
            b"GTS_PDFXConformance",
            b"Trapped",
            b"Identifier",
        ] {
            dict.remove(key);
        }
        dict.set("Title", text_string(&info.title));
        dict.set("Author", text_string(&info.author));
        dict.set("Subject", text_string(&info.subject));
        dict.set("Keywords", text_string(&info.keywords.join(", ")));
    }
    let page_ids: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    let outline = outline(doc, pages, &page_ids, geometry);
    let catalog_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| format!("the PDF has no catalog: {e}"))?;
    let catalog = doc
        .get_object_mut(catalog_id)
        .and_then(Object::as_dict_mut)
        .map_err(|e| format!("the PDF has no catalog: {e}"))?;
    catalog.set(
        "Lang",
        Object::String(info.lang.as_bytes().to_vec(), StringFormat::Literal),
    );
    catalog.remove(b"PageMode");
    let mut prefs = Dictionary::new();
    prefs.set("DisplayDocTitle", true);
    catalog.set("ViewerPreferences", prefs);
    if let Some(outline) = outline {
        catalog.set("Outlines", outline);
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    } else {
        catalog.remove(b"Outlines");
    }
    Ok(())
}

/// The placeholder of the file identifier, replaced once the bytes are known.
const ID_PLACEHOLDER: [u8; 16] = [0; 16];

/// A stable `/ID`: the file is written with a placeholder, then its bytes are
/// hashed and the placeholder replaced by the hash (same length, so no offset
/// moves). The same content always gives the same identifier.
fn stable_id(out: &mut [u8]) -> Result<(), String> {
    let hex = |bytes: &[u8]| -> Vec<u8> {
        let mut s = Vec::with_capacity(bytes.len() * 2 + 2);
        s.push(b'<');
        for b in bytes {
            s.extend(format!("{b:02X}").bytes());
        }
        s.push(b'>');
        s
    };
    let digest = Sha256::digest(&*out);
    let placeholder = hex(&ID_PLACEHOLDER);
    let id = hex(&digest[..16]);
    let mut found = 0;
    let mut at = out.len();
    // The identifier is in the trailer, at the end of the file: its two copies
    // are the last occurrences.
    while found < 2 {
        let Some(i) = out[..at]
            .windows(placeholder.len())
            .rposition(|w| w.eq_ignore_ascii_case(&placeholder))
        else {
            return Err("the PDF has no identifier to set".into());
        };
        out[i..i + id.len()].copy_from_slice(&id);
        at = i;
        found += 1;
    }
    Ok(())
}

/// A PDF text string: PDFDocEncoding for ASCII, UTF-16BE with a BOM otherwise.
fn text_string(s: &str) -> Object {
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            bytes.extend(u.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// Builds the outline from the headings' anchors, nested by level, each entry
/// pointing at its heading's position. Returns the outline root.
fn outline(
    doc: &mut lopdf::Document,
    pages: &[Page],
    page_ids: &[ObjectId],
    geometry: &Geometry,
) -> Option<Object> {
    let mut entries: Vec<(&Anchor, usize, f32)> = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        for (a, y) in &page.anchors {
            entries.push((a, i, geometry.height - y));
        }
    }
    if entries.is_empty() {
        return None;
    }
    let root_id = doc.new_object_id();
    // Tree: children of the root are level-1 entries; level-2 entries hang under
    // the last level-1 entry before them.
    let mut top: Vec<(ObjectId, Vec<ObjectId>)> = Vec::new();
    let mut dicts: BTreeMap<ObjectId, Dictionary> = BTreeMap::new();
    for (anchor, page, top_y) in &entries {
        let id = doc.new_object_id();
        let mut d = Dictionary::new();
        d.set("Title", text_string(&anchor.title));
        let page_ref = page_ids.get(*page).copied();
        if let Some(page_ref) = page_ref {
            d.set(
                "Dest",
                vec![
                    Object::Reference(page_ref),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Real(0.0),
                    Object::Real(top_y + 12.0),
                    Object::Null,
                ],
            );
        }
        dicts.insert(id, d);
        if anchor.level <= 1 || top.is_empty() {
            top.push((id, Vec::new()));
        } else if let Some(last) = top.last_mut() {
            last.1.push(id);
        }
    }
    let link = |dicts: &mut BTreeMap<ObjectId, Dictionary>, parent: ObjectId, kids: &[ObjectId]| {
        for (i, kid) in kids.iter().enumerate() {
            if let Some(d) = dicts.get_mut(kid) {
                d.set("Parent", parent);
                if i > 0 {
                    d.set("Prev", kids[i - 1]);
                }
                if i + 1 < kids.len() {
                    d.set("Next", kids[i + 1]);
                }
            }
        }
    };
    let level1: Vec<ObjectId> = top.iter().map(|(id, _)| *id).collect();
    link(&mut dicts, root_id, &level1);
    let mut total = level1.len() as i64;
    for (id, kids) in &top {
        if kids.is_empty() {
            continue;
        }
        link(&mut dicts, *id, kids);
        total += kids.len() as i64;
        if let Some(d) = dicts.get_mut(id) {
            d.set("First", kids[0]);
            d.set("Last", kids[kids.len() - 1]);
            d.set("Count", -(kids.len() as i64));
        }
    }
    for (id, d) in dicts {
        doc.objects.insert(id, Object::Dictionary(d));
    }
    let mut root = Dictionary::new();
    root.set("Type", Object::Name(b"Outlines".to_vec()));
    root.set("First", level1[0]);
    root.set("Last", level1[level1.len() - 1]);
    root.set("Count", total);
    doc.objects.insert(root_id, Object::Dictionary(root));
    Some(Object::Reference(root_id))
}

/// The structure tree: each reachable element with content becomes a
/// `StructElem` (returned serialized, for the object streams); pages get `/StructParents` and `/Tabs /S`; link annotations
/// become objects of their own with `/Contents` and `/StructParent`; the parent
/// tree maps both back to their elements; the catalog is marked.
fn structure(
    doc: &mut lopdf::Document,
    tree: &Tree,
    marks: &[Marks],
) -> Result<Vec<super::file::Raw>, String> {
    let page_ids: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    if page_ids.len() != marks.len() {
        return Err("the PDF's pages do not match the pages laid out".into());
    }
    let root_id = doc.new_object_id();
    // Object ids for every element with content, in reading order.
    let mut ids: BTreeMap<NodeId, ObjectId> = BTreeMap::new();
    let mut order = Vec::new();
    let mut stack = vec![Tree::ROOT];
    while let Some(n) = stack.pop() {
        if !tree.has_content(n) {
            continue;
        }
        ids.insert(n, doc.new_object_id());
        order.push(n);
        for kid in tree.nodes[n].kids.iter().rev() {
            if let Kid::Node(k) = kid {
                stack.push(*k);
            }
        }
    }
    let element = |n: NodeId| -> Result<ObjectId, String> {
        ids.get(&n)
            .copied()
            .ok_or_else(|| "a marked run belongs to no written element".to_owned())
    };
    // A link's text, all its runs (a title and its page number in the
    // contents), is each of its annotations' alternate text.
    let mut link_text: BTreeMap<NodeId, String> = BTreeMap::new();
    for m in marks {
        for (owner, text) in &m.annots {
            let t = link_text.entry(*owner).or_default();
            if !t.is_empty() && !t.ends_with(' ') {
                t.push(' ');
            }
            t.push_str(text);
        }
    }
    // Annotations: objects of their own, written as bytes (printpdf's
    // dictionary, then the keys tagging adds): thousands in a long document,
    // too many to build as dictionaries first.
    let mut raw: Vec<super::file::Raw> = Vec::new();
    // The root, with its parent tree, written as bytes too; the tree's entries
    // go straight into it as the pages are read.
    let mut root = Vec::with_capacity(16 * marks.len() + 128);
    root.extend_from_slice(b"<</Type /StructTreeRoot");
    if let Some(doc_id) = ids.get(&Tree::ROOT) {
        push_ref(&mut root, b"/K ", *doc_id);
    }
    root.extend_from_slice(b"/ParentTree <</Nums [");
    let nums = &mut root;
    let mut annot_ids: Vec<Vec<ObjectId>> = Vec::with_capacity(marks.len());
    let mut next_key = page_ids.len() as i64;
    let mut annot_parents: Vec<(i64, ObjectId)> = Vec::new();
    for (i, (page_id, m)) in page_ids.iter().zip(marks).enumerate() {
        if m.links.len() != m.annots.len() {
            return Err(format!("page {}: the links do not match", i + 1));
        }
        let mut refs = Vec::with_capacity(m.links.len());
        for (link, (owner, _)) in m.links.iter().zip(&m.annots) {
            let mut bytes = Vec::with_capacity(256);
            link_dictionary(&mut bytes, link, &page_ids);
            bytes.extend_from_slice(b"/StructParent ");
            bytes.extend_from_slice(itoa::Buffer::new().format(next_key).as_bytes());
            let text = link_text.get(owner).map_or("", |t| t.trim());
            bytes.extend_from_slice(b"/Contents ");
            super::file::write_object(&mut bytes, &text_string(text));
            push_ref(&mut bytes, b"/P ", *page_id);
            // Printed, like the text it covers.
            bytes.extend_from_slice(b"/F 4>>");
            annot_parents.push((next_key, element(*owner)?));
            next_key += 1;
            let id = doc.new_object_id();
            raw.push((id, bytes));
            refs.push(id);
        }
        let page = doc
            .get_object_mut(*page_id)
            .and_then(Object::as_dict_mut)
            .map_err(|e| format!("page {}: {e}", i + 1))?;
        page.set("StructParents", i as i64);
        page.set("Tabs", Object::Name(b"S".to_vec()));
        if refs.is_empty() {
            page.remove(b"Annots");
        } else {
            page.set(
                "Annots",
                refs.iter()
                    .map(|r| Object::Reference(*r))
                    .collect::<Vec<_>>(),
            );
        }
        // The parent tree's entry for the page: the element of each MCID.
        if i > 0 {
            nums.push(b' ');
        }
        nums.extend_from_slice(itoa::Buffer::new().format(i).as_bytes());
        nums.extend_from_slice(b" [");
        for (k, n) in m.owners.iter().enumerate() {
            push_ref(nums, if k > 0 { b" " } else { b"" }, element(*n)?);
        }
        nums.push(b']');
        annot_ids.push(refs);
    }
    for (key, id) in annot_parents {
        nums.push(b' ');
        nums.extend_from_slice(itoa::Buffer::new().format(key).as_bytes());
        push_ref(nums, b" ", id);
    }
    nums.extend_from_slice(b"]>>/ParentTreeNextKey ");
    nums.extend_from_slice(itoa::Buffer::new().format(next_key).as_bytes());
    nums.extend_from_slice(b">>");
    // The elements.
    let mut parents: BTreeMap<NodeId, ObjectId> = BTreeMap::new();
    for &n in &order {
        for kid in &tree.nodes[n].kids {
            if let Kid::Node(k) = kid
                && let Some(id) = ids.get(&n)
            {
                parents.insert(*k, *id);
            }
        }
    }
    // Each element written directly as bytes: thousands of them, too many to
    // build as dictionaries first.
    raw.reserve(order.len() + 1);
    for &n in &order {
        let node = &tree.nodes[n];
        let Some(id) = ids.get(&n) else { continue };
        let mut d = Vec::with_capacity(96);
        d.extend_from_slice(b"<</Type/StructElem/S/");
        d.extend_from_slice(node.role.name().as_bytes());
        let parent = parents.get(&n).copied().unwrap_or(root_id);
        push_ref(&mut d, b"/P ", parent);
        // The page of the element's first content: its MCIDs there are plain
        // integers, elsewhere marked-content references.
        let pg = node.kids.iter().find_map(|k| match k {
            Kid::Content { page, .. } | Kid::Annot { page, .. } => Some(*page as usize),
            Kid::Node(_) => None,
        });
        if let Some(pg) = pg {
            push_ref(&mut d, b"/Pg ", page_ids[pg]);
        }
        d.extend_from_slice(b"/K[");
        for (i, kid) in node.kids.iter().enumerate() {
            if i > 0 {
                d.push(b' ');
            }
            match kid {
                Kid::Node(k) => {
                    if let Some(id) = ids.get(k) {
                        push_ref(&mut d, b"", *id);
                    }
                }
                Kid::Content { page, mcid } if Some(*page as usize) == pg => {
                    d.extend_from_slice(itoa::Buffer::new().format(*mcid).as_bytes());
                }
                Kid::Content { page, mcid } => {
                    push_ref(&mut d, b"<</Type/MCR/Pg ", page_ids[*page as usize]);
                    d.extend_from_slice(b"/MCID ");
                    d.extend_from_slice(itoa::Buffer::new().format(*mcid).as_bytes());
                    d.extend_from_slice(b">>");
                }
                Kid::Annot { page, index } => {
                    let obj = annot_ids
                        .get(*page as usize)
                        .and_then(|a| a.get(*index as usize))
                        .ok_or("a link element has no annotation")?;
                    push_ref(&mut d, b"<</Type/OBJR/Pg ", page_ids[*page as usize]);
                    push_ref(&mut d, b"/Obj ", *obj);
                    d.extend_from_slice(b">>");
                }
            }
        }
        d.push(b']');
        if let Some(lang) = &node.lang {
            d.extend_from_slice(b"/Lang");
            super::file::write_literal(&mut d, lang.as_bytes());
        }
        if node.role == Role::TH {
            d.extend_from_slice(b"/A<</O/Table/Scope/Column>>");
        }
        d.extend_from_slice(b">>");
        raw.push((*id, d));
    }
    raw.push((root_id, root));
    let catalog = catalog(doc)?;
    let mut mark_info = Dictionary::new();
    mark_info.set("Marked", true);
    catalog.set("MarkInfo", mark_info);
    catalog.set("StructTreeRoot", root_id);
    Ok(raw)
}

/// A link annotation's dictionary without its closing `>>`: what printpdf
/// makes of it (`/Type`, `/Subtype`, `/Rect`, `/A`, `/Border`, `/C`, `/H`), for
/// the keys tagging adds to follow.
fn link_dictionary(out: &mut Vec<u8>, link: &LinkAnnotation, page_ids: &[ObjectId]) {
    let (ll, ur) = (link.rect.lower_left(), link.rect.upper_right());
    out.extend_from_slice(b"<</Type /Annot/Subtype /Link/Rect ");
    let rect = [ll.x.0, ll.y.0, ur.x.0, ur.y.0].map(Object::Real);
    super::file::write_object(out, &Object::Array(rect.to_vec()));
    out.extend_from_slice(b"/A <</S /");
    out.extend_from_slice(link.actions.get_action_type_id().as_bytes());
    match &link.actions {
        Actions::Goto(Destination::Xyz {
            page,
            left,
            top,
            zoom,
        }) => {
            let real = |v: &Option<f32>| v.map_or(Object::Null, Object::Real);
            let d = vec![
                page_ids
                    .get(page.saturating_sub(1))
                    .copied()
                    .map_or(Object::Null, Object::Reference),
                Object::Name(b"XYZ".to_vec()),
                real(left),
                real(top),
                real(zoom),
            ];
            out.extend_from_slice(b"/D ");
            super::file::write_object(out, &Object::Array(d));
        }
        // Every destination made here is an `/XYZ` one.
        Actions::Goto(_) => out.extend_from_slice(b"/D null"),
        Actions::Uri(uri) => {
            out.extend_from_slice(b"/URI ");
            super::file::write_literal(out, uri.as_bytes());
        }
    }
    out.extend_from_slice(b">>/Border ");
    let border: Vec<Object> = link
        .border
        .to_array()
        .into_iter()
        .map(Object::Real)
        .collect();
    super::file::write_object(out, &Object::Array(border));
    out.extend_from_slice(b"/C ");
    let color: Vec<Object> = match &link.color {
        ColorArray::Transparent => Vec::new(),
        ColorArray::Gray(c) => c.iter().copied().map(Object::Real).collect(),
        ColorArray::Rgb(c) => c.iter().copied().map(Object::Real).collect(),
        ColorArray::Cmyk(c) => c.iter().copied().map(Object::Real).collect(),
    };
    super::file::write_object(out, &Object::Array(color));
    out.extend_from_slice(b"/H /");
    out.extend_from_slice(link.highlighting.get_id().as_bytes());
}

/// A page's index, or an index on a page, as the structure tree keeps it: a
/// document has far fewer than 2³² pages, and a page fewer marks.
fn index_u32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// `prefix`, then a reference to `id`.
fn push_ref(out: &mut Vec<u8>, prefix: &[u8], id: ObjectId) {
    out.extend_from_slice(prefix);
    out.extend_from_slice(itoa::Buffer::new().format(id.0).as_bytes());
    out.extend_from_slice(b" 0 R");
}

fn catalog(doc: &mut lopdf::Document) -> Result<&mut Dictionary, String> {
    let catalog_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| format!("the PDF has no catalog: {e}"))?;
    doc.get_object_mut(catalog_id)
        .and_then(Object::as_dict_mut)
        .map_err(|e| format!("the PDF has no catalog: {e}"))
}

/// XMP metadata saying what the Info dictionary says (title in each language,
/// author, subject, keywords, dates, producer), with the PDF/UA-1 claim.
fn metadata(doc: &mut lopdf::Document, info: &Info) -> Result<(), String> {
    // Dates only when a day is known: Info and XMP say the same.
    let dates = match info.timestamp {
        Some(t) => {
            let date = printpdf::DateTime::from_unix_timestamp(t).map_err(str::to_owned)?;
            let (d, t) = (date.date, date.time);
            Some((
                format!(
                    "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                    d.year, d.month, d.day, t.hour, t.minute, t.second
                ),
                format!(
                    "D:{:04}{:02}{:02}{:02}{:02}{:02}Z",
                    d.year, d.month, d.day, t.hour, t.minute, t.second
                ),
            ))
        }
        None => None,
    };
    let producer = format!("memorandum {} (printpdf)", env!("CARGO_PKG_VERSION"));
    if let Ok(info_id) = doc.trailer.get(b"Info").and_then(Object::as_reference)
        && let Ok(dict) = doc.get_object_mut(info_id).and_then(Object::as_dict_mut)
    {
        for key in ["CreationDate", "ModDate"] {
            match &dates {
                Some((_, pdf_date)) => dict.set(
                    key,
                    Object::String(pdf_date.as_bytes().to_vec(), StringFormat::Literal),
                ),
                None => {
                    dict.remove(key.as_bytes());
                }
            }
        }
        dict.set("Producer", text_string(&producer));
        dict.set("Creator", text_string("memorandum"));
    }
    let xmp_dates = match &dates {
        Some((xmp_date, _)) => format!(
            "<xmp:CreateDate>{xmp_date}</xmp:CreateDate>\n<xmp:ModifyDate>{xmp_date}</xmp:ModifyDate>\n<xmp:MetadataDate>{xmp_date}</xmp:MetadataDate>\n"
        ),
        None => String::new(),
    };
    let mut titles = format!(
        "<rdf:li xml:lang=\"x-default\">{}</rdf:li>",
        xml(&info.title)
    );
    for (lang, title) in &info.titles {
        titles.push_str(&format!(
            "<rdf:li xml:lang=\"{}\">{}</rdf:li>",
            xml(lang),
            xml(title)
        ));
    }
    let languages: String = info
        .titles
        .iter()
        .map(|(lang, _)| format!("<rdf:li>{}</rdf:li>", xml(lang)))
        .collect();
    let xmp = format!(
        r#"<?xpacket begin="﻿" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt>{titles}</rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag>{languages}</rdf:Bag></dc:language>
<pdf:Keywords>{keywords}</pdf:Keywords>
<pdf:Producer>{producer}</pdf:Producer>
<xmp:CreatorTool>memorandum</xmp:CreatorTool>
{xmp_dates}<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"#,
        author = xml(&info.author),
        subject = xml(&info.subject),
        keywords = xml(&info.keywords.join(", ")),
        producer = xml(&producer),
    );
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Metadata".to_vec()));
    dict.set("Subtype", Object::Name(b"XML".to_vec()));
    let stream = lopdf::Stream::new(dict, xmp.into_bytes()).with_compression(false);
    let id = doc.add_object(Object::Stream(stream));
    catalog(doc)?.set("Metadata", id);
    Ok(())
}

/// Text escaped for XML.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::content::{Content as LoContent, Operation};

    /// A PDF link's address is 7-bit ASCII: the host in punycode, the rest
    /// percent-encoded; an ASCII address is kept as written.
    #[test]
    fn link_addresses_are_ascii() {
        assert_eq!(
            ascii_uri("https://café.brussels/démarche?q=été#ß"),
            "https://xn--caf-dma.brussels/d%C3%A9marche?q=%C3%A9t%C3%A9#%C3%9F"
        );
        assert_eq!(
            ascii_uri("mailto:smartcity@cirb.brussels"),
            "mailto:smartcity@cirb.brussels"
        );
        assert_eq!(ascii_uri("https://cirb.brussels"), "https://cirb.brussels");
        assert_eq!(ascii_uri("not a url é"), "not%20a%20url%20%C3%A9");
        assert!(ascii_uri("https://例え.テスト/パス").is_ascii());
    }

    /// The content writer gives the bytes lopdf gives for the same operations
    /// (what printpdf's translation produced before): marked content with
    /// property lists, text objects, fonts, colours, rectangles, names and
    /// strings that need escaping.
    #[test]
    fn content_bytes_are_lopdf_s() {
        let mut c = Content::default();
        c.bmc("Artifact");
        c.fill([29, 35, 48]);
        c.rect(56.0, 700.25, 483.276, 0.75);
        c.bare("EMC");
        c.bdc(
            "P",
            &[
                ("Lang", Prop::Text("nl-BE (a) \\ b)")),
                ("MCID", Prop::Int(12)),
                ("Segment", Prop::Text("x")),
            ],
        );
        c.bdc(
            "Artifact",
            &[
                ("Subtype", Prop::Name("Footer")),
                ("Type", Prop::Name("Pag ination")),
            ],
        );
        c.bare("BT");
        c.tf("F1", 10.5);
        c.tm(85.0, 741.123);
        c.bare("ET");
        let mut lang = Dictionary::new();
        lang.set("Lang", Object::string_literal("nl-BE (a) \\ b)"));
        lang.set("MCID", 12);
        lang.set("Segment", Object::string_literal("x"));
        let mut footer = Dictionary::new();
        footer.set("Subtype", Object::Name(b"Footer".to_vec()));
        footer.set("Type", Object::Name(b"Pag ination".to_vec()));
        let real = |v: f32| Object::Real(v);
        let expected = LoContent {
            operations: vec![
                Operation::new("BMC", vec![Object::Name(b"Artifact".to_vec())]),
                Operation::new(
                    "rg",
                    vec![real(29.0 / 255.0), real(35.0 / 255.0), real(48.0 / 255.0)],
                ),
                Operation::new(
                    "re",
                    vec![real(56.0), real(700.25), real(483.276), real(0.75)],
                ),
                Operation::new("f", vec![]),
                Operation::new("EMC", vec![]),
                Operation::new("BDC", vec![Object::Name(b"P".to_vec()), lang.into()]),
                Operation::new(
                    "BDC",
                    vec![Object::Name(b"Artifact".to_vec()), footer.into()],
                ),
                Operation::new("BT", vec![]),
                Operation::new("Tf", vec![Object::Name(b"F1".to_vec()), real(10.5)]),
                Operation::new(
                    "Tm",
                    vec![
                        real(1.0),
                        real(0.0),
                        real(0.0),
                        real(1.0),
                        real(85.0),
                        real(741.123),
                    ],
                ),
                Operation::new("ET", vec![]),
            ],
        }
        .encode()
        .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&c.out),
            String::from_utf8_lossy(&expected)
        );
    }

    /// Text: one piece is `Tj`; pieces with offsets a `TJ` array; each
    /// character its glyph id in hexadecimal; the glyph shown is recorded for
    /// the font's widths and `/ToUnicode`.
    #[test]
    fn text_is_shown_as_glyph_ids() {
        let mut fonts = BTreeMap::new();
        fonts.insert(
            Face::Serif,
            FontUse {
                id: FontId("F1".into()),
                glyphs: [(u32::from('a'), 3u16), (u32::from('é'), 300)].into(),
                shown: BTreeMap::new(),
            },
        );
        let pen = Pen {
            font: Some((Face::Serif, 10f32.to_bits())),
            fill: None,
            expansion: 0.0,
            spacing: 0.0,
        };
        let mut c = Content::default();
        let mut t = TextObject::default();
        t.run.push(Piece::Text("aé".into()));
        t.flush(&mut c, &pen, &mut fonts);
        t.run.push(Piece::Text("a".into()));
        t.run.push(Piece::Offset(-12.5));
        t.run.push(Piece::Text("z".into()));
        t.flush(&mut c, &pen, &mut fonts);
        let expected = LoContent {
            operations: vec![
                Operation::new(
                    "Tj",
                    vec![Object::String(vec![0, 3, 1, 44], StringFormat::Hexadecimal)],
                ),
                Operation::new(
                    "TJ",
                    vec![Object::Array(vec![
                        Object::String(vec![0, 3], StringFormat::Hexadecimal),
                        Object::Real(-12.5),
                        Object::String(vec![0, 0], StringFormat::Hexadecimal),
                    ])],
                ),
            ],
        }
        .encode()
        .unwrap();
        assert_eq!(c.out, expected);
        let shown: Vec<(u16, char)> = fonts[&Face::Serif].shown.clone().into_iter().collect();
        assert_eq!(shown, vec![(3, 'a'), (300, 'é')]);
    }
}
