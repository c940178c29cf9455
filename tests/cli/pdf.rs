//! The PDF editions, read back with lopdf: pages, text, fonts, outline, links,
//! document information, determinism.

use std::collections::BTreeMap;

use lopdf::{Document, Object, ObjectId};

use crate::util::{Project, content_texts};

fn built() -> Project {
    let p = Project::shipped();
    p.run(&["build", "--format", "pdf"]).ok();
    p
}

fn load(p: &Project, lang: &str) -> (Document, Vec<u8>) {
    let bytes = std::fs::read(p.path(&format!("output/{lang}/smart-city-memorandum.pdf"))).unwrap();
    (Document::load_mem(&bytes).unwrap(), bytes)
}

fn page_texts(doc: &Document) -> Vec<String> {
    doc.get_pages()
        .keys()
        .map(|n| doc.extract_text(&[*n]).unwrap_or_default())
        .collect()
}

/// Without spaces and hyphens, which vary with layout, and in lower case (labels
/// may be capitalised).
fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

fn text_string(o: &Object) -> String {
    let Ok(bytes) = o.as_str() else {
        return String::new();
    };
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c.get(1).copied().unwrap_or(0)]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

fn dict<'a>(doc: &'a Document, o: &'a Object) -> &'a lopdf::Dictionary {
    match o {
        Object::Reference(id) => doc.get_dictionary(*id).unwrap(),
        Object::Dictionary(d) => d,
        other => panic!("not a dictionary: {other:?}"),
    }
}

#[test]
fn every_paragraph_is_there_with_its_accents() {
    let p = built();
    for lang in ["fr", "nl"] {
        let (doc, _) = load(&p, lang);
        let all = squeeze(&page_texts(&doc).join("\n"));
        for (id, text) in content_texts(&p, lang) {
            assert!(
                all.contains(&squeeze(&text)),
                "{lang}: `{id}` missing from the PDF: {text}"
            );
        }
    }
    // No-break spaces may share the space's glyph, and so read back as spaces.
    let (doc, _) = load(&p, "fr");
    let all = page_texts(&doc).join("\n").replace('\u{a0}', " ");
    assert!(
        all.contains("30 avril 2019") && all.contains("«\u{202f}quadruple"),
        "French dates and quotes"
    );
    let (doc, _) = load(&p, "nl");
    let all = page_texts(&doc).join("\n").replace('\u{a0}', " ");
    assert!(all.contains("30 april 2019"), "Dutch dates");
}

#[test]
fn pages_footers_and_document_information() {
    let p = built();
    for (lang, label, tag) in [("fr", "sur", "fr-BE"), ("nl", "van", "nl-BE")] {
        let (doc, bytes) = load(&p, lang);
        assert!(bytes.starts_with(b"%PDF-1.7"), "version header");
        assert!(bytes.len() < 150_000, "{lang}: {} bytes", bytes.len());
        let pages = page_texts(&doc);
        let n = pages.len();
        assert!(n >= 4, "{lang}: {n} pages");
        // Every page but the title page carries "page i sur n".
        for (i, t) in pages.iter().enumerate().skip(1) {
            let want = if lang == "fr" {
                format!("page {} {label} {n}", i + 1)
            } else {
                format!("pagina {} {label} {n}", i + 1)
            };
            assert!(
                t.contains(&want),
                "{lang} page {}: no `{want}` in {t:?}",
                i + 1
            );
        }
        let catalog = doc.catalog().unwrap();
        assert_eq!(text_string(catalog.get(b"Lang").unwrap()), tag);
        assert_eq!(
            catalog.get(b"PageMode").unwrap().as_name().unwrap(),
            b"UseOutlines"
        );
        let info = dict(&doc, doc.trailer.get(b"Info").unwrap());
        assert!(info.get(b"GTS_PDFXVersion").is_err(), "false PDF/X claim");
        let title = text_string(info.get(b"Title").unwrap());
        assert!(
            title == "Mémorandum d’objectifs Smart\u{a0}City"
                || title == "Brussels Smart\u{a0}City-ambitienota",
            "{title}"
        );
        assert!(
            text_string(info.get(b"Author").unwrap()).contains(if lang == "fr" {
                "CIRB"
            } else {
                "CIBG"
            })
        );
        assert!(!text_string(info.get(b"Keywords").unwrap()).is_empty());
        // The content gives a season and SOURCE_DATE_EPOCH is not set: no date
        // is invented (never the wall clock).
        assert!(info.get(b"CreationDate").is_err() && info.get(b"ModDate").is_err());
    }
}

#[test]
fn fonts_are_embedded_and_subset() {
    let p = built();
    let (doc, _) = load(&p, "fr");
    let mut fonts = 0;
    for object in doc.objects.values() {
        let Ok(d) = object.as_dict() else { continue };
        if d.get(b"Type").and_then(Object::as_name).ok() != Some(b"FontDescriptor") {
            continue;
        }
        fonts += 1;
        let name =
            String::from_utf8_lossy(d.get(b"FontName").unwrap().as_name().unwrap()).into_owned();
        let (tag, rest) = name
            .split_once('+')
            .unwrap_or_else(|| panic!("{name} is not subset-tagged"));
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "{name}"
        );
        assert!(rest.starts_with("Source"), "{name}");
        assert!(
            d.get(b"FontFile2").is_ok() || d.get(b"FontFile3").is_ok(),
            "{name} is not embedded"
        );
    }
    assert!(fonts >= 3, "{fonts} fonts");
}

/// The outline as (depth, title, page number), in order.
pub(crate) fn outline(doc: &Document) -> Vec<(usize, String, u32)> {
    let pages: BTreeMap<ObjectId, u32> =
        doc.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
    let mut out = Vec::new();
    let root = dict(doc, doc.catalog().unwrap().get(b"Outlines").unwrap());
    fn walk(
        doc: &Document,
        first: Option<&Object>,
        depth: usize,
        pages: &BTreeMap<ObjectId, u32>,
        out: &mut Vec<(usize, String, u32)>,
    ) {
        let mut cur = first.cloned();
        while let Some(Object::Reference(id)) = cur {
            let d = doc.get_dictionary(id).unwrap();
            let dest = d.get(b"Dest").unwrap().as_array().unwrap();
            let page = pages[&dest[0].as_reference().unwrap()];
            out.push((depth, text_string(d.get(b"Title").unwrap()), page));
            walk(doc, d.get(b"First").ok(), depth + 1, pages, out);
            cur = d.get(b"Next").ok().cloned();
        }
    }
    walk(doc, root.get(b"First").ok(), 1, &pages, &mut out);
    out
}

#[test]
fn outline_mirrors_the_headings_in_order() {
    let p = built();
    let (doc, _) = load(&p, "fr");
    let outline = outline(&doc);
    let top: Vec<&str> = outline
        .iter()
        .filter(|(d, _, _)| *d == 1)
        .map(|(_, t, _)| t.as_str())
        .collect();
    assert_eq!(
        top,
        [
            "Table des matières",
            "1. Contexte",
            "2. Une démarche participative",
            "3. Orientations stratégiques",
            "4. Projets régionaux",
            "5. Gouvernance\u{202f}: le\u{a0}Smart\u{a0}City Office",
            "6. Prochaines étapes"
        ]
    );
    let projects: Vec<&str> = outline
        .iter()
        .filter(|(d, _, _)| *d == 2)
        .map(|(_, t, _)| t.as_str())
        .collect();
    assert_eq!(projects[0], "Fiber to the School");
    assert_eq!(projects.len(), 5);
    // Each entry points at the page where its heading is printed.
    let texts = page_texts(&doc);
    for (_, title, page) in &outline {
        let text = &texts[*page as usize - 1];
        assert!(
            squeeze(text).contains(&squeeze(title)),
            "`{title}` is not on page {page}"
        );
    }
    // Pages only go forward.
    assert!(outline.windows(2).all(|w| w[0].2 <= w[1].2));
}

#[test]
fn links_point_where_they_should_without_borders() {
    let p = built();
    let (doc, _) = load(&p, "fr");
    let pages: BTreeMap<ObjectId, u32> =
        doc.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
    let texts = page_texts(&doc);
    let mut uris = Vec::new();
    let mut internal = Vec::new();
    for (n, page_id) in doc.get_pages() {
        let page = doc.get_dictionary(page_id).unwrap();
        let Ok(annots) = page.get(b"Annots") else {
            continue;
        };
        let annots = match annots {
            Object::Reference(id) => doc.get_object(*id).unwrap().as_array().unwrap().clone(),
            Object::Array(a) => a.clone(),
            _ => continue,
        };
        for a in annots {
            let a = dict(&doc, &a);
            assert_eq!(a.get(b"Subtype").unwrap().as_name().unwrap(), b"Link");
            if let Ok(border) = a.get(b"Border") {
                let w = border.as_array().unwrap()[2].as_float().unwrap_or(0.0);
                assert_eq!(w, 0.0, "visible link border");
            }
            let action = dict(&doc, a.get(b"A").unwrap());
            match action.get(b"S").unwrap().as_name().unwrap() {
                b"URI" => uris.push(text_string(action.get(b"URI").unwrap())),
                b"GoTo" => {
                    let dest = action.get(b"D").unwrap().as_array().unwrap();
                    let target = match &dest[0] {
                        Object::Reference(id) => pages[id],
                        Object::Integer(i) => *i as u32 + 1,
                        other => panic!("{other:?}"),
                    };
                    internal.push((n, target));
                }
                other => panic!("unexpected action {other:?}"),
            }
        }
    }
    // The publisher, under the signature, links to its site.
    assert_eq!(uris, ["https://cirb.brussels"], "{uris:?}");
    // The table of contents (page 2) links to the six sections, each on the page
    // the contents say.
    let mut from_contents: Vec<u32> = internal
        .iter()
        .filter(|(from, _)| *from == 2)
        .map(|(_, to)| *to)
        .collect();
    from_contents.dedup();
    // The page numbers printed in the contents are where the outline (checked
    // against the pages' text above) puts each section, and the links go there.
    let sections: Vec<(String, u32)> = outline(&doc)
        .into_iter()
        .filter(|(d, t, _)| *d == 1 && t.starts_with(char::is_numeric))
        .map(|(_, t, p)| (t, p))
        .collect();
    // The contents' lines (with their dot leaders): the body follows them on
    // the same page.
    let printed: Vec<u32> = texts[1]
        .lines()
        .filter(|l| l.trim_start().starts_with(char::is_numeric) && l.contains(". ."))
        .map(|l| {
            l.trim_end()
                .rsplit(' ')
                .next()
                .unwrap()
                .trim_start_matches('.')
                .parse()
                .unwrap()
        })
        .collect();
    assert_eq!(
        printed,
        sections.iter().map(|(_, p)| *p).collect::<Vec<_>>()
    );
    // The body starts under the contents, on page 2.
    assert_eq!(sections[0].1, 2, "{sections:?}");
    let mut expected: Vec<u32> = sections.iter().map(|(_, p)| *p).collect();
    expected.dedup();
    assert_eq!(from_contents, expected);
    for (_, target) in &internal {
        assert!(
            texts[*target as usize - 1]
                .lines()
                .any(|l| l.trim_start().starts_with(char::is_numeric)),
            "link to page {target}"
        );
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let a = built();
    let b = built();
    for lang in ["fr", "nl"] {
        assert_eq!(
            load(&a, lang).1,
            load(&b, lang).1,
            "{lang} PDF differs between builds"
        );
    }
    // SOURCE_DATE_EPOCH sets the dates.
    let c = Project::shipped();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_memorandum"));
    cmd.args(["build", "--format", "pdf", "--root"])
        .arg(c.root())
        .env("SOURCE_DATE_EPOCH", "1556582400");
    assert!(cmd.status().unwrap().success());
    let (doc, _) = load(&c, "fr");
    let info = dict(&doc, doc.trailer.get(b"Info").unwrap());
    assert!(text_string(info.get(b"CreationDate").unwrap()).starts_with("D:20190430"));
}

#[test]
fn a_missing_glyph_is_an_error_naming_the_character_and_message() {
    let p = Project::shipped();
    p.edit(
        "locales/nl/memorandum.ftl",
        "background-title = Context",
        "background-title = Context \u{1F680}",
    );
    let run = p.run(&["build", "--message-format", "json"]);
    assert_eq!(run.code(), 1);
    let d = run
        .json()
        .into_iter()
        .find(|d| d["code"] == "missing-glyph")
        .expect("missing-glyph");
    let message = d["message"].as_str().unwrap();
    assert!(
        message.contains("`background-title`") && message.contains("U+1F680"),
        "{message}"
    );
    assert_eq!(d["file"], "locales/nl/memorandum.ftl");
    assert!(!p.path("output/nl").exists(), "nothing is written");
}

#[test]
fn a_long_table_repeats_its_header_on_every_page() {
    let p = Project::shipped();
    // Sixty steps (ids are anchors: each its own), alternating the two shipped
    // texts.
    let mut steps = String::from("steps:\n");
    let mut ftl = String::new();
    for i in 0..60 {
        let (title, text) = if i % 2 == 0 {
            (
                "Mise en place du Smart City Office",
                "Le Smart City Office pilote le déploiement de la politique Smart City bruxelloise.",
            )
        } else {
            (
                "Indicateurs de performance et feuille de route",
                "Il s’agit de définir des indicateurs clés de performance.",
            )
        };
        steps.push_str(&format!(
            "  - id: step-{i}\n    owner: cirb\n    deadline: 2019-04-30\n    status: planned\n"
        ));
        ftl.push_str(&format!("step-{i} = {title}\n    .description = {text}\n"));
    }
    p.write("content/next-steps.yaml", &steps);
    p.write("locales/fr/steps.ftl", &ftl);
    p.write("locales/nl/steps.ftl", &ftl);
    p.run(&["build", "--format", "pdf", "--lang", "fr"]).ok();
    let (doc, _) = load(&p, "fr");
    let texts = page_texts(&doc);
    let with_rows: Vec<&String> = texts
        .iter()
        .filter(|t| t.contains("Mise en place du Smart City Office"))
        .collect();
    assert!(
        with_rows.len() >= 3,
        "the table should cross pages: {}",
        with_rows.len()
    );
    for t in with_rows {
        let head = ["Étape", "Responsable", "Échéance", "État"];
        let at: Vec<usize> = head
            .iter()
            .map(|h| {
                t.find(h)
                    .unwrap_or_else(|| panic!("no `{h}` on a page with rows"))
            })
            .collect();
        let first_row = t.find("Mise en place du Smart City Office").unwrap().min(
            t.find("Indicateurs de performance et feuille")
                .unwrap_or(usize::MAX),
        );
        assert!(
            at.iter().all(|a| *a < first_row),
            "the header comes first on every page"
        );
    }
}

/// Translators' hyphenation exceptions: a malformed line is an error at its
/// place; a word listed whole is never broken in the PDF.
#[test]
fn hyphenation_exceptions_are_read_and_checked() {
    let p = Project::shipped();
    p.write(
        "locales/nl/hyphenation.txt",
        "# comment\nsy-ner-gie-ën\nniet goed!\nmin-before = 2\n  min-after = 0\n",
    );
    let run = p.run(&["check", "--message-format", "json"]);
    assert_eq!(run.code(), 1);
    let d = run.json();
    let errors: Vec<_> = d
        .iter()
        .filter(|d| d["code"] == "hyphenation-exception")
        .map(|e| {
            assert_eq!(e["file"], "locales/nl/hyphenation.txt");
            (e["line"].as_u64(), e["column"].as_u64())
        })
        .collect();
    // The word that is not one, and the minimum out of range; the valid
    // setting is accepted.
    assert_eq!(errors, vec![(Some(3), Some(1)), (Some(5), Some(3))]);
    // Every word of the Dutch text listed whole: no line of the PDF ends with a
    // hyphen that was not typed.
    let words: std::collections::BTreeSet<String> = p
        .read("locales/nl/memorandum.ftl")
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 5)
        .map(str::to_owned)
        .collect();
    let list: String = words.iter().map(|w| format!("{w}\n")).collect();
    p.write("locales/nl/hyphenation.txt", &list);
    p.run(&["build", "--format", "pdf", "--lang", "nl"]).ok();
    let text = std::process::Command::new("pdftotext")
        .args([
            "-layout",
            p.path("output/nl/smart-city-memorandum.pdf")
                .to_str()
                .unwrap(),
            "-",
        ])
        .output();
    if let Ok(out) = text {
        let text = String::from_utf8_lossy(&out.stdout);
        for line in text.lines() {
            let last = line.trim_end().rsplit(' ').next().unwrap_or("");
            assert!(
                !(last.ends_with(['-', '\u{ad}'])
                    && last.len() > 1
                    && last.chars().rev().nth(1).is_some_and(char::is_alphabetic)
                    && !last.contains("City-")),
                "hyphenated although listed whole: {line}"
            );
        }
    }
}

/// The contrast of an sRGB colour (components 0–1) against white (WCAG 2.2).
fn contrast_on_white(rgb: [f32; 3]) -> f32 {
    let linear = |c: f32| {
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2]);
    1.05 / (l + 0.05)
}

/// Every piece of text on the body pages is painted in a colour of at least
/// 4.5:1 on the white page (WCAG 1.4.3): the section numbers' gold too
/// (#946b00, 4.8:1; the bright gold #f2b705 stays for rules and bars).
#[test]
fn text_colours_contrast_with_the_page() {
    let p = built();
    for lang in ["fr", "nl", "fr-nl"] {
        let (doc, _) = load(&p, lang);
        let mut checked = 0;
        for (n, page) in doc.get_pages().into_iter().skip(1) {
            let content = lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap();
            let mut fill = [0.0f32; 3];
            // Open sequences: whether each is a decoration (the contents'
            // dot leaders, marked `/Artifact` with no type), which 1.4.3
            // leaves aside.
            let mut decoration: Vec<bool> = Vec::new();
            for op in &content.operations {
                match op.operator.as_str() {
                    "BMC" => decoration.push(true),
                    "BDC" => decoration.push(false),
                    "EMC" => {
                        decoration.pop();
                    }
                    "Tj" | "TJ" if decoration.last() == Some(&true) => {}
                    // White text is drawn on the table header's brand blue.
                    "Tj" | "TJ" if fill == [1.0; 3] => {}
                    "rg" => {
                        for (c, o) in fill.iter_mut().zip(&op.operands) {
                            *c = o.as_float().unwrap();
                        }
                    }
                    "Tj" | "TJ" => {
                        let ratio = contrast_on_white(fill);
                        assert!(
                            ratio >= 4.5,
                            "{lang} page {n}: text in {fill:?}, {ratio:.2}:1 on white"
                        );
                        checked += 1;
                    }
                    _ => {}
                }
            }
        }
        assert!(checked > 100, "{lang}: {checked} texts");
    }
}

/// A word wider than its line (200 digits in a bilingual column) is broken
/// between two characters, with a warning, rather than run off the page: every
/// word box stays inside the page, and every digit is there.
#[test]
fn a_word_wider_than_its_line_is_broken_with_a_warning() {
    if !crate::util::tool_or_skip("pdftotext", "MEMORANDUM_REQUIRE_POPPLER") {
        return;
    }
    let p = Project::shipped();
    let token = "1234567890".repeat(20);
    let text = p.read("locales/fr/memorandum.ftl");
    let line = text
        .lines()
        .find(|l| l.starts_with("background-declaration = "))
        .expect("the message")
        .to_owned();
    p.edit(
        "locales/fr/memorandum.ftl",
        &line,
        &line.replacen("= ", &format!("= {token} "), 1),
    );
    let run = p.run(&["build", "--message-format", "json"]).ok();
    let warned: Vec<String> = run
        .json()
        .iter()
        .filter(|d| d["code"] == "overlong-word")
        .map(|d| d["message"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(
        warned
            .iter()
            .any(|m| m.contains("bilingual PDF's fr column")),
        "{warned:?}"
    );
    assert!(
        warned.iter().any(|m| m.contains("in the fr PDF")),
        "{warned:?}"
    );
    for edition in ["fr", "fr-nl"] {
        let pdf = p.path(&format!("output/{edition}/smart-city-memorandum.pdf"));
        let out = std::process::Command::new("pdftotext")
            .args(["-bbox"])
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext");
        let xml = String::from_utf8_lossy(&out.stdout);
        let right = xml
            .split("xMax=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next()?.parse::<f32>().ok())
            .fold(0.0f32, f32::max);
        assert!(
            right <= 595.0 - 40.0,
            "{edition}: a word ends at x = {right}"
        );
        let raw = std::process::Command::new("pdftotext")
            .args(["-raw"])
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext");
        let joined: String = String::from_utf8_lossy(&raw.stdout)
            .split_whitespace()
            .collect();
        assert!(joined.contains(&token), "{edition}: digits lost");
    }
}

/// A title too long for the running footer (the Dutch note's full official
/// title) is shortened there with an ellipsis, in every column, instead of
/// being dropped.
#[test]
fn a_long_running_title_is_shortened_not_dropped() {
    if !crate::util::tool_or_skip("pdftotext", "MEMORANDUM_REQUIRE_POPPLER") {
        return;
    }
    let p = Project::shipped();
    let text = p.read("locales/nl/publication.ftl");
    let line = text
        .lines()
        .find(|l| l.starts_with("publication-title = "))
        .expect("the title")
        .to_owned();
    p.edit(
        "locales/nl/publication.ftl",
        &line,
        "publication-title = Ambitienota over de Smart City-doelstellingen van het Brussels Hoofdstedelijk Gewest 2019",
    );
    p.run(&["build", "--format", "pdf"]).ok();
    for (edition, page_word) in [("nl", "pagina 2 van"), ("fr-nl", "pagina 2 van")] {
        let pdf = p.path(&format!("output/{edition}/smart-city-memorandum.pdf"));
        let out = std::process::Command::new("pdftotext")
            .args(["-layout", "-f", "2", "-l", "2"])
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext");
        let page = String::from_utf8_lossy(&out.stdout).into_owned();
        let footer: Vec<&str> = page
            .lines()
            .rev()
            .filter(|l| !l.trim().is_empty())
            .take(2)
            .collect();
        let footer = footer.join("\n");
        assert!(footer.contains(page_word), "{edition}: {footer}");
        assert!(
            footer.contains("Ambitienota over de Smart City-doelstellingen"),
            "{edition}: the running title is missing: {footer}"
        );
        if edition == "fr-nl" {
            assert!(
                footer.contains('\u{2026}'),
                "{edition}: not shortened: {footer}"
            );
        }
    }
}
