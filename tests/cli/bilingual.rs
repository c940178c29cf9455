//! The bilingual French–Dutch edition: segment pairs aligned in HTML and PDF.

use std::collections::BTreeMap;

use lopdf::{Document, content::Content};

use crate::util::Project;

const HTML: &str = "output/fr-nl/smart-city-memorandum.html";
const PDF: &str = "output/fr-nl/smart-city-memorandum.pdf";

/// Every `<div class="pair…" data-segment="id">` with the languages of the columns
/// that follow it, in order.
fn html_pairs(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("class=\"pair") {
        rest = &rest[i + 1..];
        let seg = attr(rest, "data-segment").unwrap_or_default();
        let mut cols = Vec::new();
        let mut scan = rest;
        for _ in 0..2 {
            let Some(j) = scan.find("class=\"col\"") else {
                break;
            };
            scan = &scan[j + 1..];
            cols.push((
                attr(scan, "lang").unwrap_or_default(),
                attr(scan, "data-segment").unwrap_or_default(),
            ));
        }
        out.push((seg, cols));
    }
    out
}

fn attr(from: &str, name: &str) -> Option<String> {
    let tag_end = from.find('>')?;
    let tag = &from[..tag_end];
    let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
    let len = tag[start..].find('"')?;
    Some(tag[start..start + len].to_owned())
}

#[test]
fn html_pairs_every_segment_in_one_grid_row() {
    let p = Project::shipped();
    p.run(&[]).ok();
    let html = p.read(HTML);
    assert!(html.contains("<html lang=\"fr\">"));
    let pairs = html_pairs(&html);
    assert!(pairs.len() > 30, "{} pairs", pairs.len());
    let mut seen = BTreeMap::new();
    for (seg, cols) in &pairs {
        assert!(!seg.is_empty(), "a pair without a segment id");
        *seen.entry(seg.clone()).or_insert(0) += 1;
        assert_eq!(
            cols,
            &vec![
                ("fr".to_owned(), seg.clone()),
                ("nl".to_owned(), seg.clone())
            ],
            "segment {seg}: French then Dutch, in the same row"
        );
    }
    assert!(
        seen.values().all(|n| *n == 1),
        "a segment appears twice: {seen:?}"
    );
    // The grid holds alignment; narrow screens stack, print stays side by side.
    assert!(
        html.contains(".pair { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr));")
    );
    // Links to both single-language pages, and back.
    assert!(html.contains(r#"hreflang="fr" href="../fr/smart-city-memorandum.html""#));
    assert!(html.contains(r#"hreflang="nl" href="../nl/smart-city-memorandum.html""#));
    for lang in ["fr", "nl"] {
        let single = p.read(&format!("output/{lang}/smart-city-memorandum.html"));
        assert!(
            single.contains(r#"href="../fr-nl/smart-city-memorandum.html""#),
            "{lang} page links to the bilingual one"
        );
    }
    // The index lists the bilingual edition first.
    let index = p.read("output/index.html");
    let bi = index.find("fr-nl/smart-city-memorandum.html").unwrap();
    assert!(bi < index.find("fr/smart-city-memorandum.html").unwrap());
    assert!(bi < index.find("nl/smart-city-memorandum.html").unwrap());
}

/// For each segment: (language, page, baseline y) of its first line in each column,
/// read from the PDF's marked content (`/Lang` and `/Segment` properties) and text
/// matrices.
fn pdf_segments(bytes: &[u8]) -> BTreeMap<String, Vec<(String, u32, f32)>> {
    let doc = Document::load_mem(bytes).unwrap();
    let mut out: BTreeMap<String, Vec<(String, u32, f32)>> = BTreeMap::new();
    for (n, page_id) in doc.get_pages() {
        let content = Content::decode(&doc.get_page_content(page_id)).unwrap();
        let mut pending: Option<(String, String)> = None;
        for op in content.operations {
            match op.operator.as_str() {
                "BDC" => {
                    let props = op.operands.get(1).and_then(|o| o.as_dict().ok());
                    let get = |k: &[u8]| {
                        props
                            .and_then(|d| d.get(k).ok())
                            .and_then(|o| o.as_str().ok())
                            .map(|s| String::from_utf8_lossy(s).into_owned())
                    };
                    pending = match (get(b"Segment"), get(b"Lang")) {
                        (Some(seg), Some(lang)) => Some((seg, lang)),
                        _ => None,
                    };
                }
                "Tm" => {
                    if let Some((seg, lang)) = pending.take() {
                        let y = op.operands[5].as_float().unwrap();
                        out.entry(seg).or_default().push((lang, n, y));
                    }
                }
                _ => {}
            }
        }
    }
    out
}

fn assert_aligned(segments: &BTreeMap<String, Vec<(String, u32, f32)>>) {
    for (seg, sides) in segments {
        assert_eq!(sides.len(), 2, "segment {seg}: {sides:?}");
        let (l, r) = (&sides[0], &sides[1]);
        assert_eq!(
            (l.0.as_str(), r.0.as_str()),
            ("fr-BE", "nl-BE"),
            "segment {seg}"
        );
        assert_eq!(
            l.1, r.1,
            "segment {seg} starts on pages {} and {}",
            l.1, r.1
        );
        assert!(
            (l.2 - r.2).abs() < 0.01,
            "segment {seg}: first lines at {} and {}",
            l.2,
            r.2
        );
    }
}

#[test]
fn pdf_segment_pairs_start_level() {
    let p = Project::shipped();
    p.run(&["build", "--format", "pdf"]).ok();
    let bytes = std::fs::read(p.path(PDF)).unwrap();
    let segments = pdf_segments(&bytes);
    assert!(segments.len() > 30, "{} segments", segments.len());
    assert_aligned(&segments);
    let doc = Document::load_mem(&bytes).unwrap();
    // Document language, both titles, both page labels.
    assert_eq!(
        doc.catalog()
            .unwrap()
            .get(b"Lang")
            .unwrap()
            .as_str()
            .unwrap(),
        b"fr-BE"
    );
    let last = doc.get_pages().len() as u32;
    let text = doc.extract_text(&[last]).unwrap();
    assert!(
        text.contains(&format!("page {last} sur {last}"))
            && text.contains(&format!("pagina {last} van {last}")),
        "{text}"
    );
}

#[test]
fn alignment_holds_when_one_side_is_three_times_longer() {
    let p = Project::shipped();
    // Long paragraphs, some three times longer in Dutch, others in French.
    let mut fr = String::new();
    let mut nl = String::new();
    let mut yaml = String::from("\n  - id: stress\n    blocks:\n");
    let base_fr = "Le Smart City Office coordonne les initiatives de la Région et veille à la réalisation des objectifs fixés par le Gouvernement.";
    let base_nl = "Het Smart City Office coördineert de initiatieven van het Gewest en ziet toe op de verwezenlijking van de doelstellingen van de Regering.";
    for i in 0..40 {
        let (f, n) = if i % 2 == 0 { (1, 3) } else { (3, 1) };
        fr.push_str(&format!(
            "stress-{i} = {}\n",
            vec![base_fr; f * 2].join(" ")
        ));
        nl.push_str(&format!(
            "stress-{i} = {}\n",
            vec![base_nl; n * 2].join(" ")
        ));
        yaml.push_str(&format!("      - paragraph: stress-{i}\n"));
        if i % 7 == 0 {
            yaml.push_str("      - list: [desi-connectivity, desi-human-capital]\n");
        }
    }
    fr.push_str("stress-title = Essai de charge\n");
    nl.push_str("stress-title = Belastingproef\n");
    p.write("locales/fr/stress.ftl", &fr);
    p.write("locales/nl/stress.ftl", &nl);
    let content = p.read("content/memorandum.yaml");
    p.write("content/memorandum.yaml", &(content + &yaml));
    p.run(&["build", "--format", "pdf"]).ok();
    let bytes = std::fs::read(p.path(PDF)).unwrap();
    let segments = pdf_segments(&bytes);
    let pages: std::collections::BTreeSet<u32> = segments
        .values()
        .flat_map(|v| v.iter().map(|s| s.1))
        .collect();
    assert!(
        pages.len() >= 10,
        "the stress publication should cross many pages: {}",
        pages.len()
    );
    assert_aligned(&segments);
    // Both columns' text is complete: every stress paragraph's words are there.
    let doc = Document::load_mem(&bytes).unwrap();
    let all: String = doc
        .get_pages()
        .keys()
        .map(|n| doc.extract_text(&[*n]).unwrap_or_default())
        .collect::<String>()
        .replace(['-', '\n', ' '], "");
    assert!(
        all.matches("coördineertdeinitiatieven").count() >= 80,
        "Dutch text lost"
    );
    assert!(
        all.matches("coordonnelesinitiatives").count() >= 80,
        "French text lost"
    );
}

#[test]
fn an_empty_message_in_one_column_does_not_stall_pagination() {
    let p = Project::shipped();
    let nl = p.read("locales/nl/memorandum.ftl");
    let line = nl
        .lines()
        .find(|l| l.starts_with("background-declaration ="))
        .unwrap()
        .to_owned();
    p.edit(
        "locales/nl/memorandum.ftl",
        &line,
        "background-declaration = { \"\" }",
    );
    p.run(&["build", "--format", "pdf"]).ok();
    let mut segments = pdf_segments(&std::fs::read(p.path(PDF)).unwrap());
    // The empty side has no line to mark; every other pair is still level.
    assert_eq!(segments.remove("background-1").map(|s| s.len()), Some(1));
    assert_aligned(&segments);
}

/// A message's plain text in `lang`.
fn plain(p: &Project, lang: &str, id: &str, args: &[(&str, &str)]) -> String {
    let loaded = memorandum::load::load(p.root());
    let localizer = memorandum::i18n::Localizer::new(&loaded.locales);
    let lang = memorandum::model::Lang::parse(lang).unwrap();
    let args = args
        .iter()
        .map(|(k, v)| (k.to_string(), memorandum::model::Arg::Text(v.to_string())))
        .collect();
    let nodes = localizer.format(&lang, id, None, &args).unwrap();
    memorandum::markup::to_plain(&nodes)
}

/// Every word of furniture in the bilingual edition is there in both languages:
/// the skip link, the switcher's label, back to top, the description, the
/// contents and signature headings; in the PDF, the running titles and page
/// labels, the steps' labels, and the document's subject and author.
#[test]
fn bilingual_furniture_is_in_both_languages() {
    let p = Project::shipped();
    p.run(&["build"]).ok();
    let html = p.read(HTML);
    for id in [
        "skip-to-content",
        "back-to-top",
        "language-switcher",
        "publication-description",
        "toc-title",
        "signature-title",
        "published-by",
        "region-name",
    ] {
        for lang in ["fr", "nl"] {
            let text = plain(&p, lang, id, &[]);
            assert!(html.contains(&text), "{id} in {lang} is missing: {text}");
        }
    }
    let bytes = std::fs::read(p.path(PDF)).unwrap();
    let doc = Document::load_mem(&bytes).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc
        .extract_text(&pages)
        .unwrap()
        .replace(['\u{a0}', '\n'], " ");
    let squeeze = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = squeeze(&text);
    for lang in ["fr", "nl"] {
        for id in [
            "publication-title",
            "steps-col-owner",
            "steps-col-deadline",
            "steps-col-status",
        ] {
            let want = squeeze(&plain(&p, lang, id, &[]).replace('\u{a0}', " "));
            assert!(text.contains(&want), "PDF: {id} in {lang}: {want}");
        }
        let total = pages.len().to_string();
        let label = plain(
            &p,
            lang,
            "pdf-page-label",
            &[("page", "2"), ("total", &total)],
        );
        assert!(
            text.contains(&squeeze(&label.replace('\u{a0}', " "))),
            "PDF: {label}"
        );
    }
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(|i| doc.get_dictionary(i.as_reference().unwrap()))
        .unwrap();
    let utf16 = |k: &[u8]| {
        let b = info.get(k).unwrap().as_str().unwrap();
        let units: Vec<u16> = b[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    };
    let subject = utf16(b"Subject");
    for lang in ["fr", "nl"] {
        assert!(
            subject.contains(&plain(&p, lang, "publication-description", &[])),
            "{subject}"
        );
    }
    let author = utf16(b"Author");
    assert!(
        author.contains(&plain(&p, "nl", "pdf-author", &[])),
        "{author}"
    );
}
