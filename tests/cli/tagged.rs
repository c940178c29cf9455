//! The tagged PDF (PDF/UA-1), read back with lopdf: the structure tree, every
//! page's marked content, the parent tree, link annotations, the catalog and
//! XMP metadata; the tagged text in reading order against the content.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Encoding, Object, ObjectId};

use crate::util::{Project, content_texts};

/// A structure element read back.
#[derive(Debug)]
struct Elem {
    role: String,
    lang: Option<String>,
    /// Kids in order: elements (by index), marked content (page, MCID), or an
    /// annotation object.
    kids: Vec<K>,
    attrs: Option<Dictionary>,
}

#[derive(Debug, Clone)]
enum K {
    Elem(usize),
    Mc(ObjectId, i64),
    Annot(ObjectId),
}

/// What a page paints, by marked-content sequence.
#[derive(Debug, Default)]
struct PageMarks {
    /// Text of each MCID.
    text: BTreeMap<i64, String>,
    /// MCIDs in paint order.
    order: Vec<i64>,
    /// Text painted as an artifact.
    artifact_text: String,
    /// Text or paths painted outside any marked sequence.
    unmarked: Vec<String>,
}

pub(crate) struct Tagged {
    doc: Document,
    elems: Vec<Elem>,
    pages: BTreeMap<ObjectId, PageMarks>,
    page_order: Vec<ObjectId>,
}

fn name(o: &Object) -> String {
    o.as_name()
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_default()
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap(),
        o => o,
    }
}

pub(crate) fn read(bytes: &[u8]) -> Tagged {
    let doc = Document::load_mem(bytes).unwrap();
    let page_order: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    let mut pages = BTreeMap::new();
    for id in &page_order {
        pages.insert(*id, page_marks(&doc, *id));
    }
    let catalog = doc.catalog().unwrap();
    let root = deref(&doc, catalog.get(b"StructTreeRoot").unwrap())
        .as_dict()
        .unwrap();
    let mut elems = Vec::new();
    let top = root.get(b"K").unwrap().clone();
    read_elem(&doc, &top, None, &mut elems);
    Tagged {
        doc,
        elems,
        pages,
        page_order,
    }
}

fn read_elem(doc: &Document, o: &Object, pg: Option<ObjectId>, out: &mut Vec<Elem>) -> usize {
    let d = deref(doc, o).as_dict().unwrap();
    assert_eq!(
        d.get(b"Type").map(name).unwrap_or("StructElem".into()),
        "StructElem"
    );
    let index = out.len();
    out.push(Elem {
        role: name(d.get(b"S").unwrap()),
        lang: d
            .get(b"Lang")
            .ok()
            .and_then(|l| l.as_str().ok())
            .map(|s| String::from_utf8_lossy(s).into_owned()),
        kids: Vec::new(),
        attrs: d
            .get(b"A")
            .ok()
            .map(|a| deref(doc, a).as_dict().unwrap().clone()),
    });
    let pg = d.get(b"Pg").ok().and_then(|p| p.as_reference().ok()).or(pg);
    let kids = match d.get(b"K") {
        Ok(Object::Array(a)) => a.clone(),
        Ok(o) => vec![o.clone()],
        Err(_) => Vec::new(),
    };
    let mut out_kids = Vec::new();
    for kid in kids {
        match &kid {
            Object::Integer(mcid) => out_kids.push(K::Mc(pg.expect("an MCID needs /Pg"), *mcid)),
            _ => {
                let kd = deref(doc, &kid).as_dict().unwrap();
                match kd.get(b"Type").map(name).as_deref() {
                    Ok("MCR") => out_kids.push(K::Mc(
                        kd.get(b"Pg").unwrap().as_reference().unwrap(),
                        kd.get(b"MCID").unwrap().as_i64().unwrap(),
                    )),
                    Ok("OBJR") => {
                        out_kids.push(K::Annot(kd.get(b"Obj").unwrap().as_reference().unwrap()))
                    }
                    _ => out_kids.push(K::Elem(read_elem(doc, &kid, pg, out))),
                }
            }
        }
    }
    out[index].kids = out_kids;
    index
}

/// Walks a page's content: the text of each marked sequence, and anything
/// painted outside one.
fn page_marks(doc: &Document, page: ObjectId) -> PageMarks {
    let fonts = doc.get_page_fonts(page).unwrap();
    let encodings: BTreeMap<Vec<u8>, Encoding> = fonts
        .iter()
        .map(|(n, f)| (n.clone(), f.get_font_encoding(doc).unwrap()))
        .collect();
    let content = Content::decode(&doc.get_page_content(page)).unwrap();
    let mut marks = PageMarks::default();
    // The open sequences: Some(mcid), or None for an artifact; and the
    // replacement text of an open `/Span` with `/ActualText`, nested in one.
    let mut stack: Vec<Option<i64>> = Vec::new();
    let mut actual: Vec<(usize, String)> = Vec::new();
    let mut font = Vec::new();
    for op in &content.operations {
        match op.operator.as_str() {
            "BMC" => {
                assert_eq!(
                    name(&op.operands[0]),
                    "Artifact",
                    "BMC is only for artifacts"
                );
                stack.push(None);
            }
            "BDC" => {
                let props = op.operands[1].as_dict().unwrap();
                if name(&op.operands[0]) == "Artifact" {
                    stack.push(None);
                } else if let Ok(text) = props.get(b"ActualText") {
                    // An inserted hyphen: read as its replacement text, once,
                    // inside its element's sequence.
                    assert_eq!(name(&op.operands[0]), "Span");
                    assert!(
                        matches!(stack.last(), Some(Some(_))),
                        "/ActualText outside an element's sequence"
                    );
                    let bytes = text.as_str().unwrap();
                    // A text string: UTF-16BE after its byte-order mark.
                    assert_eq!(&bytes[..2], [0xFE, 0xFF], "ActualText in UTF-16BE");
                    let units: Vec<u16> = bytes[2..]
                        .chunks(2)
                        .map(|c| u16::from_be_bytes([c[0], c[1]]))
                        .collect();
                    let text = String::from_utf16(&units).unwrap();
                    actual.push((stack.len(), text));
                } else {
                    let mcid = props.get(b"MCID").unwrap().as_i64().unwrap();
                    assert!(!marks.order.contains(&mcid), "MCID {mcid} used twice");
                    marks.order.push(mcid);
                    stack.push(Some(mcid));
                }
            }
            "EMC" => {
                if actual
                    .last()
                    .is_some_and(|(depth, _)| *depth == stack.len())
                {
                    actual.pop();
                } else {
                    stack.pop().expect("EMC without BDC");
                }
            }
            "Tf" => font = op.operands[0].as_name().unwrap().to_vec(),
            "Tj" | "TJ" => {
                let mut text = String::new();
                let parts = match &op.operands[0] {
                    Object::Array(a) => a.clone(),
                    o => vec![o.clone()],
                };
                for part in parts {
                    if let Object::String(bytes, _) = part {
                        text.push_str(&Document::decode_text(&encodings[&font], &bytes).unwrap());
                    }
                }
                if let Some((_, replacement)) = actual.last_mut() {
                    text = std::mem::take(replacement);
                }
                match stack.last() {
                    Some(Some(mcid)) => marks.text.entry(*mcid).or_default().push_str(&text),
                    Some(None) => marks.artifact_text.push_str(&text),
                    None => marks.unmarked.push(text),
                }
            }
            "f" | "f*" | "S" | "B" if stack.is_empty() => {
                marks.unmarked.push(format!("a path ({})", op.operator));
            }
            _ => {}
        }
    }
    assert!(stack.is_empty(), "unclosed marked content");
    marks
}

impl Tagged {
    /// The text of element `i` and everything under it, in tree order; lines of
    /// one element are joined by spaces.
    pub(crate) fn text(&self, i: usize) -> String {
        let mut out = String::new();
        for kid in &self.elems[i].kids {
            match kid {
                K::Elem(e) => {
                    out.push(' ');
                    out.push_str(&self.text(*e));
                }
                K::Mc(page, mcid) => {
                    out.push(' ');
                    out.push_str(self.pages[page].text.get(mcid).map_or("", String::as_str));
                }
                K::Annot(_) => {}
            }
        }
        out
    }

    pub(crate) fn of_role(&self, role: &str) -> Vec<usize> {
        (0..self.elems.len())
            .filter(|i| self.elems[*i].role == role)
            .collect()
    }

    fn kids_of_role(&self, i: usize) -> Vec<&str> {
        self.elems[i]
            .kids
            .iter()
            .filter_map(|k| match k {
                K::Elem(e) => Some(self.elems[*e].role.as_str()),
                _ => None,
            })
            .collect()
    }
}

/// Words only, in lower case: line breaks, hyphenation and spacing vary with
/// the layout.
fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Every message of the body is in `tagged`, in the content's order. The
/// publication's own messages (title, description, publisher, signatory) come
/// first in the list but are placed elsewhere, and a step's status and deadline
/// are listed in another order than the table's columns: those are only looked
/// for.
fn assert_in_order(tagged: &str, texts: &[(String, String)], what: &str) {
    let mut at = 0;
    for (n, (id, text)) in texts.iter().enumerate() {
        let want = squeeze(text);
        if n < 4 || id.starts_with("status-") || id == "deadline" {
            assert!(
                tagged.contains(&want),
                "{what}: `{id}` not in the tagged text"
            );
            continue;
        }
        match tagged[at..].find(&want) {
            Some(i) => at += i + want.len(),
            None => panic!("{what}: `{id}` not in the tagged text after what precedes it"),
        }
    }
}

/// Whole words: a hyphen the typesetter added at a line break reads as a
/// soft hyphen (U+00AD), which a reader or a search skips; every message reads
/// back as written, its real hyphens included (« ci-dessous »).
fn assert_whole_words(tagged: &str, texts: &[(String, String)], what: &str) {
    let words = |s: &str| {
        s.replace('\u{ad}', "")
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let read = words(tagged);
    for (id, text) in texts {
        if id.starts_with("status-") || id == "deadline" {
            continue;
        }
        assert!(
            read.contains(&words(text)),
            "{what}: `{id}` does not read back whole: {:?}",
            words(text)
        );
    }
}

fn plain(p: &Project, lang: &str, id: &str) -> String {
    let loaded = memorandum::load::load(p.root());
    let localizer = memorandum::i18n::Localizer::new(&loaded.locales);
    let lang = memorandum::model::Lang::parse(lang).unwrap();
    let nodes = localizer
        .format(&lang, id, None, &Default::default())
        .unwrap();
    memorandum::markup::to_plain(&nodes)
}

/// Every page's content is marked: text and paths are in an MCID owned by one
/// element, or an artifact; the parent tree maps each MCID back to its owner.
fn assert_all_marked(t: &Tagged, what: &str) {
    let mut owned: BTreeMap<(ObjectId, i64), usize> = BTreeMap::new();
    for (i, e) in t.elems.iter().enumerate() {
        for k in &e.kids {
            if let K::Mc(page, mcid) = k {
                assert!(
                    owned.insert((*page, *mcid), i).is_none(),
                    "{what}: MCID {mcid} owned twice"
                );
            }
        }
    }
    let root = deref(
        &t.doc,
        t.doc.catalog().unwrap().get(b"StructTreeRoot").unwrap(),
    )
    .as_dict()
    .unwrap();
    let nums = deref(
        &t.doc,
        deref(&t.doc, root.get(b"ParentTree").unwrap())
            .as_dict()
            .unwrap()
            .get(b"Nums")
            .unwrap(),
    )
    .as_array()
    .unwrap()
    .clone();
    let parent_tree: BTreeMap<i64, Object> = nums
        .chunks(2)
        .map(|c| (c[0].as_i64().unwrap(), c[1].clone()))
        .collect();
    for (n, page_id) in t.page_order.iter().enumerate() {
        let marks = &t.pages[page_id];
        assert!(
            marks.unmarked.is_empty(),
            "{what}, page {}: unmarked content {:?}",
            n + 1,
            marks.unmarked
        );
        let page = t.doc.get_dictionary(*page_id).unwrap();
        assert_eq!(name(page.get(b"Tabs").unwrap()), "S", "{what}: /Tabs /S");
        let key = page.get(b"StructParents").unwrap().as_i64().unwrap();
        let owners = deref(&t.doc, &parent_tree[&key]).as_array().unwrap();
        for mcid in &marks.order {
            assert!(
                owned.contains_key(&(*page_id, *mcid)),
                "{what}, page {}: MCID {mcid} belongs to no element",
                n + 1
            );
            assert!(
                owners.get(*mcid as usize).is_some(),
                "{what}, page {}: MCID {mcid} missing from the parent tree",
                n + 1
            );
        }
    }
    // Every MCID an element owns is painted.
    for (page, mcid) in owned.keys() {
        assert!(
            t.pages[page].order.contains(mcid),
            "{what}: an element owns MCID {mcid}, which no page paints"
        );
    }
    // Links: each annotation on a page belongs to a Link element, with its text.
    let mut objr = BTreeSet::new();
    for e in &t.elems {
        for k in &e.kids {
            if let K::Annot(id) = k {
                assert_eq!(e.role, "Link", "{what}: an annotation under {}", e.role);
                objr.insert(*id);
            }
        }
    }
    for page_id in &t.page_order {
        let page = t.doc.get_dictionary(*page_id).unwrap();
        let Ok(annots) = page.get(b"Annots") else {
            continue;
        };
        for a in deref(&t.doc, annots).as_array().unwrap() {
            let id = a.as_reference().expect("annotations are objects");
            assert!(objr.contains(&id), "{what}: an annotation without element");
            let d = t.doc.get_dictionary(id).unwrap();
            let contents = d.get(b"Contents").unwrap().as_str().unwrap();
            assert!(contents.len() > 1, "{what}: an annotation without text");
            let key = d.get(b"StructParent").unwrap().as_i64().unwrap();
            assert!(
                parent_tree.contains_key(&key),
                "{what}: link not in the parent tree"
            );
        }
    }
    assert!(!objr.is_empty(), "{what}: no links");
}

/// The single-language edition's tree, against the content.
fn assert_edition(p: &Project, lang: &str, tag: &str) {
    let bytes = std::fs::read(p.path(&format!("output/{lang}/smart-city-memorandum.pdf"))).unwrap();
    let t = read(&bytes);
    let what = format!("{lang} PDF");
    assert_eq!(t.elems[0].role, "Document");
    assert_all_marked(&t, &what);
    // Headings: the title, then the contents and each section, then projects.
    let h1: Vec<String> = t
        .of_role("H1")
        .iter()
        .map(|i| squeeze(&t.text(*i)))
        .collect();
    assert_eq!(
        h1,
        vec![squeeze(&plain(p, lang, "publication-title"))],
        "{what}"
    );
    let h2: Vec<String> = t
        .of_role("H2")
        .iter()
        .map(|i| squeeze(&t.text(*i)))
        .collect();
    assert_eq!(h2[0], squeeze(&plain(p, lang, "toc-title")), "{what}");
    assert_eq!(
        h2.last(),
        Some(&squeeze(&plain(p, lang, "signature-title")))
    );
    let loaded = memorandum::load::load(p.root());
    let publication = loaded.publication.unwrap();
    for (n, section) in publication.sections.iter().enumerate() {
        let title = plain(p, lang, &format!("{}-title", section.id));
        assert_eq!(h2[n + 1], squeeze(&format!("{}. {title}", n + 1)), "{what}");
    }
    assert!(t.of_role("H3").len() >= 5, "{what}: project names are H3");
    // Lists: L > LI > Lbl, LBody.
    let lists = t.of_role("L");
    assert!(lists.len() >= 4, "{what}: {} lists", lists.len());
    for l in lists {
        for li in &t.elems[l].kids {
            let K::Elem(li) = li else {
                panic!("{what}: content directly in L")
            };
            assert_eq!(t.elems[*li].role, "LI");
            assert_eq!(t.kids_of_role(*li), vec!["Lbl", "LBody"], "{what}");
        }
    }
    // The table: a header row of TH with a column scope, body rows of four TD.
    let tables = t.of_role("Table");
    assert_eq!(tables.len(), 1, "{what}");
    assert_eq!(t.kids_of_role(tables[0]), vec!["THead", "TBody"]);
    let th = t.of_role("TH");
    assert_eq!(th.len(), 4, "{what}: the header is tagged once");
    for i in &th {
        let a = t.elems[*i].attrs.as_ref().expect("TH attributes");
        assert_eq!(name(a.get(b"Scope").unwrap()), "Column");
        assert_eq!(name(a.get(b"O").unwrap()), "Table");
    }
    for tr in t.of_role("TR").into_iter().skip(1) {
        assert_eq!(t.kids_of_role(tr), vec!["TD"; 4], "{what}");
    }
    assert_eq!(
        squeeze(&t.text(th[0])),
        squeeze(&plain(p, lang, "steps-col-step"))
    );
    // Contents: TOC > TOCI > Link, one per section.
    let toci = t.of_role("TOCI");
    assert_eq!(toci.len(), publication.sections.len(), "{what}");
    for i in toci {
        assert_eq!(t.kids_of_role(i), vec!["Link"], "{what}");
    }
    // Reading order: the tagged text holds every content message, in the
    // content's order; and the pages paint it in that order too.
    let tagged = squeeze(&t.text(0));
    assert_in_order(&tagged, &content_texts(p, lang), &what);
    assert_whole_words(&t.text(0), &content_texts(p, lang), &what);
    let painted: String = t
        .page_order
        .iter()
        .flat_map(|p| {
            let m = &t.pages[p];
            m.order.iter().map(move |mcid| m.text[mcid].clone())
        })
        .collect();
    assert_eq!(
        squeeze(&painted),
        tagged,
        "{what}: paint order is reading order"
    );
    // Running footers are artifacts, not read.
    let footers = squeeze(&t.pages[&t.page_order[1]].artifact_text);
    assert!(footers.contains("2"), "{what}: footer artifact `{footers}`");
    // Catalog, metadata.
    let catalog = t.doc.catalog().unwrap();
    let mark = deref(&t.doc, catalog.get(b"MarkInfo").unwrap())
        .as_dict()
        .unwrap();
    assert!(mark.get(b"Marked").unwrap().as_bool().unwrap());
    assert_eq!(
        catalog.get(b"Lang").unwrap().as_str().unwrap(),
        tag.as_bytes()
    );
    let prefs = deref(&t.doc, catalog.get(b"ViewerPreferences").unwrap())
        .as_dict()
        .unwrap();
    assert!(prefs.get(b"DisplayDocTitle").unwrap().as_bool().unwrap());
    let xmp = deref(&t.doc, catalog.get(b"Metadata").unwrap())
        .as_stream()
        .unwrap();
    let xmp = String::from_utf8(xmp.content.clone()).unwrap();
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{what}");
    let title = plain(p, lang, "publication-title");
    assert!(
        xmp.contains(&format!("<rdf:li xml:lang=\"x-default\">{title}</rdf:li>"))
            && xmp.contains(&format!("<rdf:li>{tag}</rdf:li>")),
        "{what}: XMP title and language\n{xmp}"
    );
}

#[test]
fn each_language_is_tagged_in_reading_order() {
    let p = Project::shipped();
    p.run(&["build", "--format", "pdf"]).ok();
    assert_edition(&p, "fr", "fr-BE");
    assert_edition(&p, "nl", "nl-BE");
}

#[test]
fn bilingual_columns_are_parts_in_their_languages() {
    let p = Project::shipped();
    p.run(&["build", "--format", "pdf"]).ok();
    let bytes = std::fs::read(p.path("output/fr-nl/smart-city-memorandum.pdf")).unwrap();
    let t = read(&bytes);
    assert_all_marked(&t, "bilingual PDF");
    assert_eq!(t.kids_of_role(0), vec!["Part", "Part"]);
    let parts: Vec<usize> = t.of_role("Part");
    let langs: Vec<_> = parts.iter().map(|i| t.elems[*i].lang.clone()).collect();
    assert_eq!(langs, vec![Some("fr-BE".into()), Some("nl-BE".into())]);
    // Each part holds its language's whole text, in order: a listener hears the
    // French edition, then the Dutch one.
    for (part, lang) in parts.iter().zip(["fr", "nl"]) {
        let tagged = squeeze(&t.text(*part));
        assert_in_order(&tagged, &content_texts(&p, lang), &format!("{lang} part"));
        assert!(
            t.text(*part).contains('\u{ad}'),
            "{lang} part: no inserted hyphen"
        );
        assert_whole_words(
            &t.text(*part),
            &content_texts(&p, lang),
            &format!("{lang} part"),
        );
        let other = if lang == "fr" { "nl" } else { "fr" };
        let foreign = squeeze(&plain(&p, other, "publication-description"));
        assert!(!tagged.contains(&foreign), "{lang} part has {other} text");
    }
    // Both titles are H1, each in its part.
    assert_eq!(t.of_role("H1").len(), 2);
    // XMP: the title in both languages.
    let catalog = t.doc.catalog().unwrap();
    let xmp = deref(&t.doc, catalog.get(b"Metadata").unwrap())
        .as_stream()
        .unwrap();
    let xmp = String::from_utf8(xmp.content.clone()).unwrap();
    for (lang, tag) in [("fr", "fr-BE"), ("nl", "nl-BE")] {
        let title = plain(&p, lang, "publication-title");
        assert!(
            xmp.contains(&format!("<rdf:li xml:lang=\"{tag}\">{title}</rdf:li>")),
            "{xmp}"
        );
    }
}

#[test]
fn a_long_publication_is_tagged_across_pages() {
    let p = Project::synthetic(8);
    p.run(&["build", "--format", "pdf"]).ok();
    for lang in ["fr", "nl", "fr-nl"] {
        let bytes =
            std::fs::read(p.path(&format!("output/{lang}/smart-city-memorandum.pdf"))).unwrap();
        let t = read(&bytes);
        assert!(
            t.page_order.len() > 12,
            "{lang}: {} pages",
            t.page_order.len()
        );
        assert_all_marked(&t, &format!("long {lang} PDF"));
        // The next-steps table crosses pages: its header is tagged once, and
        // repeated as an artifact.
        if lang != "fr-nl" {
            assert_eq!(t.of_role("TH").len(), 4, "{lang}");
            let head = squeeze(&plain(&p, lang, "steps-col-owner"));
            let repeats = t
                .page_order
                .iter()
                .filter(|id| squeeze(&t.pages[*id].artifact_text).contains(&head))
                .count();
            assert!(repeats >= 1, "{lang}: the repeated header is an artifact");
        }
    }
}
