//! Writing pages as PDF: printpdf for the content streams, fonts and links; then a
//! pass over the lopdf document for what printpdf does not do right: the version
//! header, a content-derived `/ID`, `/Lang`, the nested outline pointing at each
//! heading, `/PageMode` as a name, and no false PDF/X claim in the Info dictionary.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    Actions, BorderArray, Color, ColorArray, Destination, DictItem, FontId, LinkAnnotation, Mm, Op,
    PaintMode, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, Rect,
    Rgb as PdfRgb, TextItem, TextMatrix,
};
use sha2::{Digest, Sha256};

use super::fonts::{self, Face, Usage};
use super::layout::{Line, Link, Rgb};
use super::paginate::{Anchor, Draw, Geometry, Page};

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
    /// Creation and modification time, seconds since 1970.
    pub timestamp: i64,
}

/// Writes `pages` into PDF bytes.
pub fn write(
    pages: &[Page],
    geometry: &Geometry,
    usage: &Usage,
    info: &Info,
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
    let mut pdf_pages = Vec::with_capacity(pages.len());
    for page in pages {
        let mut ops = Vec::new();
        for draw in &page.draws {
            match draw {
                Draw::Rect { x, y, w, h, color } => {
                    ops.push(Op::SetFillColor {
                        col: color_of(*color),
                    });
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
                    // A column in another language is marked with its /Lang, so
                    // screen readers and text extraction can tell them apart; the
                    // first line of a bilingual segment also carries its id.
                    if let Some(lang) = lang {
                        let mut map = BTreeMap::new();
                        map.insert(
                            "Lang".to_owned(),
                            DictItem::String {
                                data: lang.as_bytes().to_vec(),
                                literal: true,
                            },
                        );
                        if let Some(segment) = segment {
                            map.insert(
                                "Segment".to_owned(),
                                DictItem::String {
                                    data: segment.as_bytes().to_vec(),
                                    literal: true,
                                },
                            );
                        }
                        ops.push(Op::BeginMarkedContentWithProperties {
                            tag: "Span".into(),
                            properties: DictItem::Dict { map },
                        });
                    }
                    text_ops(&mut ops, *x, geometry.height - y, line, &font_ids);
                    if lang.is_some() {
                        ops.push(Op::EndMarkedContent);
                    }
                    link_ops(&mut ops, *x, geometry.height - y, line, &anchors);
                }
            }
        }
        pdf_pages.push(PdfPage::new(
            Mm(geometry.width * 25.4 / 72.0),
            Mm(geometry.height * 25.4 / 72.0),
            ops,
        ));
    }
    doc.with_pages(pdf_pages);
    let date = printpdf::DateTime::from_unix_timestamp(info.timestamp).map_err(str::to_owned)?;
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
    compress(&mut lo);
    finish(&mut lo, pages, geometry, info)?;
    let mut out = Vec::new();
    lo.save_to(&mut out)
        .map_err(|e| format!("cannot write the PDF: {e}"))?;
    Ok(out)
}

/// Deflates every stream not yet compressed, pages in parallel, at the default
/// level (lopdf's own pass uses the slowest level for a few percent).
fn compress(doc: &mut lopdf::Document) {
    use rayon::prelude::*;
    use std::io::Write as _;
    let mut streams: Vec<&mut lopdf::Stream> = doc
        .objects
        .values_mut()
        .filter_map(|o| match o {
            Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => Some(s),
            _ => None,
        })
        .collect();
    streams.par_iter_mut().for_each(|s| {
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        if encoder.write_all(&s.content).is_ok()
            && let Ok(compressed) = encoder.finish()
            && compressed.len() + 19 < s.content.len()
        {
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

/// One text object per line: absolute position, then runs with font and colour
/// changes; justification as TJ offsets after spaces.
fn text_ops(ops: &mut Vec<Op>, x: f32, baseline: f32, line: &Line, fonts: &BTreeMap<Face, FontId>) {
    if line.items.is_empty() {
        return;
    }
    ops.push(Op::StartTextSection);
    ops.push(Op::SetTextMatrix {
        matrix: TextMatrix::Translate(Pt(x + line.items[0].x), Pt(baseline)),
    });
    let mut current: Option<(Face, u32, Rgb)> = None;
    let mut run: Vec<TextItem> = Vec::new();
    for item in &line.items {
        let key = (item.style.face, item.style.size.to_bits(), item.style.color);
        if current != Some(key) {
            if !run.is_empty() {
                ops.push(Op::ShowText {
                    items: std::mem::take(&mut run),
                });
            }
            if let Some(id) = fonts.get(&item.style.face) {
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(id.clone()),
                    size: Pt(item.style.size),
                });
            }
            ops.push(Op::SetFillColor {
                col: color_of(item.style.color),
            });
            current = Some(key);
        }
        match run.last_mut() {
            Some(TextItem::Text(t)) => t.push_str(&item.text),
            _ => run.push(TextItem::Text(item.text.clone())),
        }
        if item.extra != 0.0 {
            run.push(TextItem::Offset(-item.extra / item.style.size * 1000.0));
        }
    }
    if !run.is_empty() {
        ops.push(Op::ShowText { items: run });
    }
    ops.push(Op::EndTextSection);
}

/// Link annotations over linked runs, without a visible border.
fn link_ops(
    ops: &mut Vec<Op>,
    x: f32,
    baseline: f32,
    line: &Line,
    anchors: &BTreeMap<&str, (usize, f32)>,
) {
    let mut i = 0;
    while i < line.items.len() {
        let Some(link) = line.items[i].style.link.clone() else {
            i += 1;
            continue;
        };
        let start = line.items[i].x;
        let mut end = start;
        let mut size: f32 = 0.0;
        while i < line.items.len() && line.items[i].style.link.as_ref() == Some(&link) {
            end = line.items[i].x + line.items[i].width + line.items[i].extra;
            size = size.max(line.items[i].style.size);
            i += 1;
        }
        let actions = match &link {
            Link::Uri(uri) => Actions::Uri(uri.to_string()),
            Link::Anchor(id) => match anchors.get(&**id) {
                Some((page, top)) => Actions::Goto(Destination::Xyz {
                    page: *page,
                    left: Some(0.0),
                    top: Some(*top + 12.0),
                    zoom: None,
                }),
                None => continue,
            },
        };
        let rect = Rect::from_xywh(
            Pt(x + start),
            Pt(baseline - size * 0.25),
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
    // A stable ID: a hash of every object, in id order.
    let mut hasher = Sha256::new();
    for (id, object) in &doc.objects {
        hasher.update(id.0.to_le_bytes());
        hash_object(&mut hasher, object);
    }
    let digest = hasher.finalize();
    let id = Object::String(digest[..16].to_vec(), StringFormat::Hexadecimal);
    doc.trailer.set("ID", vec![id.clone(), id]);
    Ok(())
}

fn hash_object(h: &mut Sha256, o: &Object) {
    match o {
        Object::Stream(s) => {
            h.update(&s.content);
            hash_object(h, &Object::Dictionary(s.dict.clone()));
        }
        Object::Dictionary(d) => {
            for (k, v) in d.iter() {
                h.update(k);
                hash_object(h, v);
            }
        }
        Object::Array(a) => a.iter().for_each(|v| hash_object(h, v)),
        Object::String(s, _) | Object::Name(s) => h.update(s),
        Object::Integer(i) => h.update(i.to_le_bytes()),
        Object::Real(r) => h.update(r.to_le_bytes()),
        Object::Boolean(b) => h.update([u8::from(*b)]),
        Object::Reference(r) => h.update(r.0.to_le_bytes()),
        Object::Null => h.update([0]),
    }
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
