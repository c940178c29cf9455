//! Writing pages as PDF: printpdf for the content streams, fonts and links; then a
//! pass over the lopdf document for what printpdf does not do right: the version
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
    Actions, BorderArray, Color, ColorArray, Destination, DictItem, FontId, LinkAnnotation, Mm, Op,
    PaintMode, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, Rect,
    Rgb as PdfRgb, TextItem, TextMatrix,
};
use sha2::{Digest, Sha256};

use super::fonts::{self, Face, Usage};
use super::layout::{Item, Line, Link, Rgb};
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
    let mut font_ids = BTreeMap::new();
    for (n, (face, chars)) in usage.faces().enumerate() {
        let mut chars: BTreeSet<char> = chars;
        chars.insert(' ');
        let (bytes, name) = fonts::subset(face, &chars)?;
        let mut warnings = Vec::new();
        let mut parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
            .ok_or_else(|| format!("cannot read the subset of {}", face.postscript_name()))?;
        parsed.font_name = Some(name);
        let id = FontId(format!("F{}", n + 1));
        doc.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(parsed));
        font_ids.insert(face, id);
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
    let mut pdf_pages = Vec::with_capacity(pages.len());
    let mut marks = Vec::with_capacity(pages.len());
    for (number, page_draws) in all_draws.into_iter().enumerate() {
        let mut ops = Vec::new();
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
                    ops.push(Op::DrawRectangle {
                        rectangle: Rect {
                            x: Pt(*x),
                            y: Pt(geometry.height - y - h),
                            width: Pt(*w),
                            height: Pt(*h),
                            mode: Some(PaintMode::Fill),
                            winding_order: None,
                        },
                    });
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
                    line_ops(&mut ops, &mut m, tree, &at, line, &font_ids, &anchors)?;
                }
            }
        }
        m.close(&mut ops);
        m.end_text(&mut ops);
        marks.push(m);
        drop(page_draws);
        pdf_pages.push(PdfPage::new(
            Mm(geometry.width * 25.4 / 72.0),
            Mm(geometry.height * 25.4 / 72.0),
            ops,
        ));
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
    streams.par_iter_mut().for_each(|s| {
        let compressed = super::file::deflate(&s.content);
        if !compressed.is_empty() && compressed.len() + 19 < s.content.len() {
            s.dict.set("Filter", "FlateDecode");
            s.set_content(compressed);
        }
    });
}

fn color_of(c: Rgb) -> Color {
    Color::Rgb(PdfRgb::new(
        f32::from(c[0]) / 255.0,
        f32::from(c[1]) / 255.0,
        f32::from(c[2]) / 255.0,
        None,
    ))
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
        ops: &mut Vec<Op>,
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
            Open::Artifact => ops.push(Op::BeginMarkedContent {
                tag: "Artifact".into(),
            }),
            Open::Pagination => {
                let mut map = BTreeMap::new();
                map.insert("Type".to_owned(), DictItem::Name(b"Pagination".to_vec()));
                map.insert("Subtype".to_owned(), DictItem::Name(b"Footer".to_vec()));
                ops.push(Op::BeginMarkedContentWithProperties {
                    tag: "Artifact".into(),
                    properties: DictItem::Dict { map },
                });
            }
            Open::Node(owner) => {
                let mcid = self.owners.len();
                self.owners.push(owner);
                tree.nodes[owner].kids.push(Kid::Content {
                    page: self.page,
                    mcid,
                });
                let mut map = BTreeMap::new();
                map.insert("MCID".to_owned(), DictItem::Int(mcid as i64));
                // A column in another language carries its /Lang, so text
                // extraction tells the columns apart; the first line of a
                // bilingual segment also carries the segment's id.
                if let Some(lang) = lang {
                    map.insert("Lang".to_owned(), literal(lang));
                    if let Some(segment) = segment {
                        map.insert("Segment".to_owned(), literal(segment));
                    }
                }
                ops.push(Op::BeginMarkedContentWithProperties {
                    tag: tree.nodes[owner].role.name().into(),
                    properties: DictItem::Dict { map },
                });
            }
        }
    }

    /// Ends the open sequence.
    fn close(&mut self, ops: &mut Vec<Op>) {
        if self.in_text && !self.text_outer {
            self.end_text(ops);
        }
        if self.open.take().is_some() {
            ops.push(Op::EndMarkedContent);
        }
    }

    /// Opens a text object unless one is open; it belongs inside the open
    /// sequence, or holds the sequences to come if none is open.
    fn begin_text(&mut self, ops: &mut Vec<Op>) {
        if !self.in_text {
            ops.push(Op::StartTextSection);
            self.in_text = true;
            self.text_outer = self.open.is_none();
        }
    }

    fn end_text(&mut self, ops: &mut Vec<Op>) {
        if self.in_text {
            ops.push(Op::EndTextSection);
            self.in_text = false;
            self.text_outer = false;
        }
    }
}

/// A literal string for a marked-content property list.
fn literal(text: &str) -> DictItem {
    DictItem::String {
        data: text.as_bytes().to_vec(),
        literal: true,
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
    ops: &mut Vec<Op>,
    marks: &mut Marks,
    tree: &mut Tree,
    at: &At<'_>,
    line: &Line,
    fonts: &BTreeMap<Face, FontId>,
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
            let mut text = TextObject::default();
            if let Some(first) = line.items.first() {
                text.begin(ops, marks, at.x + first.x, at.baseline);
                for item in &line.items {
                    text.show(ops, &mut marks.pen, item, fonts);
                }
                text.flush(ops);
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
        let target = match (&style.link, &action) {
            (Some(Link::Uri(uri)), Some(_)) => Some(uri.to_string()),
            (Some(Link::Anchor(id)), Some(_)) => Some(format!("#{id}")),
            _ => None,
        };
        runs.push((i..end, style.artifact, target, action));
        i = end;
    }
    let mut segment = at.segment;
    let mut text = TextObject::default();
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
        text.flush(ops);
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
        text.flush(ops);
        marks.switch(ops, tree, want, at.lang, segment.take());
        let range_end = range.end;
        let run = &line.items[range];
        // Each run where the layout put it: a run need not follow the one
        // before (the contents' dot leaders and page numbers are aligned).
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(at.x + run[0].x), Pt(at.baseline)),
        });
        for item in run {
            text.show(ops, &mut marks.pen, item, fonts);
        }
        if range_end == line.items.len() {
            text.word_break(line);
        }
        text.flush(ops);
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
            ops.push(Op::LinkAnnotation {
                link: LinkAnnotation::new(
                    rect,
                    actions,
                    Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                    Some(ColorArray::Transparent),
                    None,
                ),
            });
            let text: String = run.iter().map(|i| i.text.as_str()).collect();
            tree.nodes[owner].kids.push(Kid::Annot {
                page: marks.page,
                index: marks.annots.len(),
            });
            marks.annots.push((owner, text));
        }
    }
    text.flush(ops);
    marks.close(ops);
    marks.end_text(ops);
    Ok(())
}

/// What a link does: open its address, or go to its anchor (none if the anchor
/// is on no page).
fn action(link: &Link, anchors: &BTreeMap<&str, (usize, f32)>) -> Option<Actions> {
    match link {
        Link::Uri(uri) => Some(Actions::Uri(uri.to_string())),
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
    run: Vec<TextItem>,
}

/// The font and fill colour in force on a page: they outlast text objects, so
/// each is set only when it changes.
#[derive(Debug, Default)]
struct Pen {
    font: Option<(Face, u32)>,
    fill: Option<Rgb>,
}

impl Pen {
    fn fill(&mut self, ops: &mut Vec<Op>, color: Rgb) {
        if self.fill != Some(color) {
            ops.push(Op::SetFillColor {
                col: color_of(color),
            });
            self.fill = Some(color);
        }
    }
}

impl TextObject {
    fn begin(&mut self, ops: &mut Vec<Op>, marks: &mut Marks, x: f32, baseline: f32) {
        marks.begin_text(ops);
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(x), Pt(baseline)),
        });
    }

    fn show(
        &mut self,
        ops: &mut Vec<Op>,
        pen: &mut Pen,
        item: &Item,
        fonts: &BTreeMap<Face, FontId>,
    ) {
        let font = (item.style.face, item.style.size.to_bits());
        if pen.font != Some(font) || pen.fill != Some(item.style.color) {
            self.flush(ops);
        }
        if pen.font != Some(font) {
            if let Some(id) = fonts.get(&item.style.face) {
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(id.clone()),
                    size: Pt(item.style.size),
                });
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
        match self.run.last_mut() {
            Some(TextItem::Text(t)) => t.push_str(&text),
            _ => self.run.push(TextItem::Text(text.into_owned())),
        }
        if item.extra != 0.0 {
            self.run
                .push(TextItem::Offset(-item.extra / item.style.size * 1000.0));
        }
    }

    /// After a line's last word, the space the line break stands for, so the
    /// words of two lines do not run together when the text is extracted or
    /// read aloud; not after a hyphen (the word goes on) nor an existing space.
    /// It is drawn after the line's end, where nothing else is.
    fn word_break(&mut self, line: &Line) {
        let ends = line.items.last().and_then(|i| i.text.chars().last());
        if ends.is_some_and(|c| !c.is_whitespace() && c != '-' && c != '\u{ad}')
            && let Some(TextItem::Text(t)) = self.run.last_mut()
        {
            t.push(' ');
        }
    }

    /// Shows what is pending; the text object stays open for the next line.
    fn flush(&mut self, ops: &mut Vec<Op>) {
        if !self.run.is_empty() {
            ops.push(Op::ShowText {
                items: std::mem::take(&mut self.run),
            });
        }
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
    // Annotations: moved out of the pages' arrays into objects of their own.
    let mut nums: Vec<Object> = Vec::new();
    let mut annot_ids: Vec<Vec<ObjectId>> = Vec::with_capacity(marks.len());
    let mut next_key = page_ids.len() as i64;
    let mut annot_parents: Vec<(i64, ObjectId)> = Vec::new();
    for (i, (page_id, m)) in page_ids.iter().zip(marks).enumerate() {
        let annots: Vec<Object> = doc
            .get_dictionary(*page_id)
            .and_then(|d| d.get(b"Annots"))
            .and_then(Object::as_array)
            .cloned()
            .unwrap_or_default();
        if annots.len() != m.annots.len() {
            return Err(format!("page {}: the links do not match", i + 1));
        }
        let mut refs = Vec::with_capacity(annots.len());
        for (annot, (owner, _)) in annots.into_iter().zip(&m.annots) {
            let Object::Dictionary(mut d) = annot else {
                return Err(format!("page {}: a link is not a dictionary", i + 1));
            };
            d.set("StructParent", next_key);
            let text = link_text.get(owner).map_or("", |t| t.trim());
            d.set("Contents", text_string(text));
            d.set("P", *page_id);
            // Printed, like the text it covers.
            d.set("F", 4);
            annot_parents.push((next_key, element(*owner)?));
            next_key += 1;
            refs.push(doc.add_object(Object::Dictionary(d)));
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
        let owners = m
            .owners
            .iter()
            .map(|n| element(*n).map(Object::Reference))
            .collect::<Result<Vec<_>, _>>()?;
        nums.push(Object::Integer(i as i64));
        nums.push(Object::Array(owners));
        annot_ids.push(refs);
    }
    for (key, id) in annot_parents {
        nums.push(Object::Integer(key));
        nums.push(Object::Reference(id));
    }
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
    let mut raw = Vec::with_capacity(order.len());
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
            Kid::Content { page, .. } | Kid::Annot { page, .. } => Some(*page),
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
                Kid::Content { page, mcid } if Some(*page) == pg => {
                    d.extend_from_slice(itoa::Buffer::new().format(*mcid).as_bytes());
                }
                Kid::Content { page, mcid } => {
                    push_ref(&mut d, b"<</Type/MCR/Pg ", page_ids[*page]);
                    d.extend_from_slice(b"/MCID ");
                    d.extend_from_slice(itoa::Buffer::new().format(*mcid).as_bytes());
                    d.extend_from_slice(b">>");
                }
                Kid::Annot { page, index } => {
                    let obj = annot_ids
                        .get(*page)
                        .and_then(|a| a.get(*index))
                        .ok_or("a link element has no annotation")?;
                    push_ref(&mut d, b"<</Type/OBJR/Pg ", page_ids[*page]);
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
    let mut parent_tree = Dictionary::new();
    parent_tree.set("Nums", nums);
    let mut root = Dictionary::new();
    root.set("Type", Object::Name(b"StructTreeRoot".to_vec()));
    if let Some(doc_id) = ids.get(&Tree::ROOT) {
        root.set("K", *doc_id);
    }
    root.set("ParentTree", parent_tree);
    root.set("ParentTreeNextKey", next_key);
    doc.objects.insert(root_id, Object::Dictionary(root));
    let catalog = catalog(doc)?;
    let mut mark_info = Dictionary::new();
    mark_info.set("Marked", true);
    catalog.set("MarkInfo", mark_info);
    catalog.set("StructTreeRoot", root_id);
    Ok(raw)
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
