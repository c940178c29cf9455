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

mod content;
mod links;
mod metadata;
mod structure;
mod text;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    Actions, BorderArray, ColorArray, Destination, FontId, LinkAnnotation, Mm, Op, ParsedFont,
    PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, Rect, TextItem,
};
use sha2::{Digest, Sha256};

use crate::render::pdf::fonts::{self, Face, Usage};
use crate::render::pdf::layout::{Item, Line, Link, Rgb, SOFT_HYPHEN};
use crate::render::pdf::paginate::{Anchor, Draw, Geometry, Page};
use crate::render::pdf::tags::{Kid, NodeId, Role, Tag, Tree};
use content::*;
use links::*;
use metadata::*;
use structure::*;
use text::*;

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
    let mut out = crate::render::pdf::file::save(&lo, elements);
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
    let compressed = crate::render::pdf::file::deflate(content);
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
    if total < crate::render::pdf::file::PARALLEL_BYTES {
        streams.iter_mut().for_each(one);
    } else {
        streams.par_iter_mut().for_each(one);
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
