//! The bilingual French–Dutch edition: segment pairs aligned in HTML and PDF.

use std::collections::BTreeMap;

use lopdf::{Document, content::Content};

use crate::util::Project;

const HTML: &str = "output/fr-nl/smart-city-memorandum.html";
const PDF: &str = "output/fr-nl/smart-city-memorandum.pdf";

/// The `data-segment` ids in `html`, in order.
fn segments(html: &str) -> Vec<String> {
    html.split("data-segment=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_owned)
        .collect()
}

/// Each language's column is a whole document of its language, the French
/// one first: its own `h1`, its lists as lists (none of one item), the same
/// segments in the same order as the other column, so that the shared grid
/// rows pair them.
#[test]
fn each_column_is_a_whole_document_of_its_language() {
    let p = Project::shipped();
    p.run(&[]).ok();
    let html = p.read(HTML);
    assert!(html.contains("<html lang=\"fr\">"));
    let fr = html
        .find("<div class=\"column\" id=\"column-fr\" lang=\"fr\" role=\"region\" aria-label=\"Texte en français\">")
        .expect("French column");
    let nl = html
        .find("<div class=\"column\" id=\"column-nl\" lang=\"nl\" role=\"region\" aria-label=\"Tekst in het Nederlands\">")
        .expect("Dutch column");
    assert!(fr < nl, "French first, then Dutch");
    let end = html.find("</main>").expect("main");
    let (fr_col, nl_col) = (&html[fr..nl], &html[nl..end]);
    for (lang, col) in [("fr", fr_col), ("nl", nl_col)] {
        assert_eq!(col.matches("<h1").count(), 1, "{lang}: one h1");
        assert!(
            !col.contains("class=\"h1\""),
            "{lang}: a title that is not a heading"
        );
        // A list of one item is announced as such: none.
        for list in col.split("<ul").chain(col.split("<ol")).skip(1) {
            let body = &list[..list
                .find("</ul>")
                .or(list.find("</ol>"))
                .unwrap_or(list.len())];
            assert!(
                body.matches("<li").count() != 1,
                "{lang}: a list of one item: {body}"
            );
        }
        assert!(
            col.contains("<ol class=\"timeline rows\""),
            "{lang}: the timeline is a list"
        );
    }
    let (a, b) = (segments(fr_col), segments(nl_col));
    assert!(a.len() > 30, "{} segments", a.len());
    assert_eq!(
        a, b,
        "the same segments, in the same order, in both columns"
    );
    let mut seen = std::collections::BTreeSet::new();
    assert!(a.iter().all(|s| seen.insert(s)), "a segment twice: {a:?}");
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

/// What the measuring script finds in Chromium at one window width: for each
/// segment, the two columns' tops; for each column, the left edges of its
/// blocks and of its paragraphs; the page's width against the window's; and
/// where each column starts and ends.
const MEASURE: &str = r#"<script>
addEventListener('load', () => {
  const cols = [...document.querySelectorAll('.column')];
  const box = e => e.getBoundingClientRect();
  const segs = {};
  cols.forEach((c, i) => c.querySelectorAll('[data-segment]').forEach(e => {
    (segs[e.dataset.segment] ||= [])[i] = Math.round(box(e).top * 10) / 10;
  }));
  const lefts = cols.map(c => ({
    p: [...c.querySelectorAll(':scope > section > p, :scope > .title-block > p')].map(e => box(e).left),
    blocks: [...c.querySelectorAll(':scope > section > ul, :scope > section > ol, :scope > section > h2, .timeline > li, .projects > li, .steps > li, :scope > .toc, :scope > .signature')].map(e => [e.tagName + '.' + e.className, box(e).left]),
  }));
  const spans = cols.map(c => [box(c).top, box(c).bottom]);
  // A compound of a title (« Smart City-ambitienota ») broken at its hyphen
  // where it fits whole on a line of its heading.
  const split = [...document.querySelectorAll('h1 .compound')].filter(c => {
    const h = c.closest('h1');
    const line = parseFloat(getComputedStyle(h).lineHeight);
    const broken = c.getBoundingClientRect().height > line * 1.5;
    c.style.maxWidth = 'none';
    c.style.whiteSpace = 'nowrap';
    const whole = c.getBoundingClientRect().width;
    c.style.maxWidth = c.style.whiteSpace = '';
    return broken && whole <= h.clientWidth;
  }).map(c => c.textContent);
  report('measure', {
    segs, lefts, spans, split,
    scroll: document.scrollingElement.scrollWidth, width: innerWidth,
  });
});
</script>"#;

/// Loads the bilingual page with [`MEASURE`] in Chromium at `width` px.
fn measure(p: &Project, width: u32, spacing: bool) -> serde_json::Value {
    let html = p.read(HTML);
    // WCAG 2.2's text-spacing test (1.4.12), applied to everything.
    let style = if spacing {
        "<style>* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }</style>"
    } else {
        ""
    };
    let page = html.replace("</body>", &format!("{style}{REPORT}{MEASURE}</body>"));
    let file = p.path("output/fr-nl/measure.html");
    std::fs::write(&file, page).expect("write");
    in_chromium(&file, &format!("{width},900"), "measure")
}

/// Loads `file` in headless Chromium in a viewport of `size` (`W,H`) and
/// returns the JSON its script reported under `NAME` (see [`REPORT`]).
///
/// Headless Chromium will not make its window narrower than 500 px, so the
/// page is loaded in an iframe of exactly that size, in a frame page written
/// beside it; the page's script posts its result to the frame page, whose
/// DOM Chromium dumps.
fn in_chromium(file: &std::path::Path, size: &str, name: &str) -> serde_json::Value {
    let (w, h) = size.split_once(',').expect("W,H");
    let page = file.file_name().and_then(|n| n.to_str()).expect("name");
    let frame = file.with_file_name(format!("frame-{name}-{w}.html"));
    std::fs::write(
        &frame,
        format!(
            "<!DOCTYPE html><html><body style=\"margin:0\">\
             <iframe src=\"{page}\" style=\"border:0;display:block;width:{w}px;height:{h}px\"></iframe>\
             <script>addEventListener('message', e => {{ document.body.dataset[e.data.name] = e.data.json; }});</script>\
             </body></html>"
        ),
    )
    .expect("write the frame page");
    let out = std::process::Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--dump-dom",
            "--virtual-time-budget=4000",
        ])
        .arg("--window-size=1400,1000")
        .arg(format!("file://{}", frame.display()))
        .output()
        .expect("chromium");
    let dom = String::from_utf8_lossy(&out.stdout);
    let json = dom
        .split(&format!("data-{name}=\""))
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_else(|| {
            panic!(
                "no {name} at {size}: {}",
                String::from_utf8_lossy(&out.stderr)
            )
        })
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    let value: serde_json::Value = serde_json::from_str(&json).expect("json");
    // The viewport is the one asked for.
    assert_eq!(
        value["viewport"].as_str(),
        Some(format!("{w}x{h}").as_str()),
        "{name}: {value}"
    );
    value
}

/// How a page's script reports: `report(NAME, OBJECT)` posts the object, with
/// the viewport's size, to the frame page of [`in_chromium`].
const REPORT: &str = r#"<script>
function report(name, value) {
  value.viewport = innerWidth + 'x' + innerHeight;
  parent.postMessage({ name, json: JSON.stringify(value) }, '*');
}
</script>"#;

/// In Chromium, on the memorandum and on the long synthetic publication (×10):
/// where two columns show (1280 and 1024 px), each pair's tops are level to
/// 2 px and every block kind starts where a paragraph of its column starts, to
/// 1 px; below 60rem (800, 390 and 320 px) the columns follow each other,
/// whole; at every width, with WCAG text spacing too, nothing scrolls sideways.
#[test]
fn pairs_are_level_and_blocks_aligned_in_chromium() {
    if !crate::util::tool_or_skip("chromium", "MEMORANDUM_REQUIRE_CHROMIUM") {
        return;
    }
    let shipped = Project::shipped();
    shipped.run(&[]).ok();
    let long = Project::synthetic(10);
    long.run(&["build", "--format", "html"]).ok();
    for (name, p) in [("memorandum", &shipped), ("synthetic ×10", &long)] {
        for width in [1280, 1024, 800, 390, 320] {
            for spacing in [false, true] {
                let m = measure(p, width, spacing);
                let at = format!(
                    "{name} at {width}px{}",
                    if spacing { ", text spacing" } else { "" }
                );
                assert!(
                    m["scroll"].as_f64() <= m["width"].as_f64(),
                    "{at}: the page scrolls sideways ({} > {})",
                    m["scroll"],
                    m["width"]
                );
                assert!(
                    m["split"].as_array().is_some_and(Vec::is_empty),
                    "{at}: a title's compound broken though it fits: {}",
                    m["split"]
                );
                let spans = m["spans"].as_array().expect("spans");
                // Two columns from 60rem; below, one after the other.
                let two = width > 960;
                if !two {
                    // One language whole, then the other.
                    assert!(
                        spans[0][1].as_f64() <= spans[1][0].as_f64(),
                        "{at}: {spans:?}"
                    );
                    continue;
                }
                let segs = m["segs"].as_object().expect("segs");
                assert!(segs.len() > 30, "{at}: {} segments measured", segs.len());
                for (seg, tops) in segs {
                    let (a, b) = (
                        tops[0].as_f64().unwrap_or(f64::NAN),
                        tops[1].as_f64().unwrap_or(f64::NAN),
                    );
                    assert!((a - b).abs() <= 2.0, "{at}: segment {seg} at {a} and {b}");
                }
                for col in m["lefts"].as_array().expect("lefts") {
                    assert!(
                        col["blocks"].as_array().is_some_and(|b| b.len() > 15),
                        "{at}: {col}"
                    );
                    let p_left = col["p"][0].as_f64().expect("a paragraph");
                    for p2 in col["p"].as_array().expect("p") {
                        assert!(
                            (p2.as_f64().unwrap_or(0.0) - p_left).abs() <= 1.0,
                            "{at}: a paragraph at {p2}, another at {p_left}"
                        );
                    }
                    for block in col["blocks"].as_array().expect("blocks") {
                        let left = block[1].as_f64().unwrap_or(0.0);
                        assert!(
                            (left - p_left).abs() <= 1.0,
                            "{at}: {} at {left}, paragraphs at {p_left}",
                            block[0]
                        );
                    }
                }
            }
        }
    }
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
/// the skip links, back to top, the description, the contents and signature
/// headings; in the PDF, the running titles and page labels, the steps'
/// labels, and the document's subject and author. (The language switcher has
/// no name on this page: a name is read in one voice.)
#[test]
fn bilingual_furniture_is_in_both_languages() {
    let p = Project::shipped();
    p.run(&["build"]).ok();
    let html = p.read(HTML);
    for id in [
        "skip-to-content",
        "back-to-top",
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

/// The smaller points of the accessibility audit, on every page: the download
/// link's name without its arrow, a space between a heading's number and its
/// text, the steps table named by a caption with a header per row, « back to
/// top » going to the top, and no text turned into capitals by CSS (which
/// reaches a screen reader as capitals).
#[test]
fn small_points_of_the_accessibility_audit() {
    let p = Project::shipped();
    p.run(&[]).ok();
    for page in [
        "output/fr/smart-city-memorandum.html",
        "output/nl/smart-city-memorandum.html",
        HTML,
    ] {
        let html = p.read(page);
        assert!(
            html.contains(r#"content: "↓ " / "";"#),
            "{page}: the arrow has an empty alternative"
        );
        assert!(!html.contains("text-transform: uppercase"), "{page}");
        for h2 in html.split("<span class=\"num\">").skip(1) {
            let after = &h2[h2.find("</span>").expect("num") + "</span>".len()..];
            assert!(
                after.starts_with(' '),
                "{page}: `{}`",
                &h2[..40.min(h2.len())]
            );
        }
        assert!(
            html.contains("<body") && html.contains("id=\"top\""),
            "{page}"
        );
        assert!(
            html.contains("class=\"back-to-top") && html.contains("href=\"#top\""),
            "{page}"
        );
    }
    for lang in ["fr", "nl"] {
        let html = p.read(&format!("output/{lang}/smart-city-memorandum.html"));
        let table = &html[html.find("<table>").expect("the steps table")..];
        assert!(
            table.contains("<caption class=\"visually-hidden\">"),
            "{lang}"
        );
        assert_eq!(
            table.matches("<th scope=\"row\">").count(),
            2,
            "{lang}: a header per step"
        );
    }
}

/// The second reading of the bilingual page, by a web editor and a
/// screen-reader user: the masthead marks the bilingual edition as the page
/// shown; the links to each language's text are no landmark and their names
/// differ from the masthead's links to the single-language editions; each
/// section ends with a link to its column's contents; lines in both languages
/// are separated by the stylesheet, not by a slash that would be read; a name
/// (a link's, a landmark's) is in one language.
#[test]
fn bilingual_page_second_reading() {
    let p = Project::shipped();
    p.run(&["build", "--format", "html"]).ok();
    let html = p.read(HTML);
    let masthead =
        &html[html.find("<header").expect("header")..html.find("</header>").expect("/header")];
    let current = &masthead[masthead
        .find("aria-current=\"true\"")
        .expect("a current item")..];
    for lang in ["fr", "nl"] {
        let name = plain(&p, lang, "edition-bilingual", &[]);
        assert!(
            current.contains(&format!("<span lang=\"{lang}\">{name}</span>")),
            "the current item names the bilingual edition in {lang}: {current}"
        );
        // The masthead's links are named by the language; the column and the
        // link to it, by its text.
        let language = plain(&p, lang, "language-name", &[]);
        let text = plain(&p, lang, "column-link", &[]);
        assert_ne!(language, text);
        assert!(masthead.contains(&format!(">{language}</a>")), "{masthead}");
        assert!(
            html.contains(&format!("aria-label=\"{text}\">")),
            "{lang}: the region's name"
        );
    }
    assert!(
        !html.contains("<nav class=\"language-jump\""),
        "the in-page links are no landmark"
    );
    assert_eq!(
        html.matches("<nav").count(),
        3,
        "the language switcher and two contents lists"
    );
    for (lang, toc) in [("fr", "toc"), ("nl", "toc-nl")] {
        let col = &html[html.find(&format!("id=\"column-{lang}\"")).expect("column")..];
        let col = &col[..col.find("</main>").expect("main")];
        assert!(
            col.contains(&format!("<nav class=\"toc\" id=\"{toc}\"")),
            "{lang}"
        );
    }
    // Each section ends with a link to its column's contents; each skip link
    // and each footer link is in one language and leads to its text.
    for (lang, toc, column_top) in [("fr", "toc", "#top"), ("nl", "toc-nl", "#column-nl")] {
        let col = &html[html
            .find(&format!("<div class=\"column\" id=\"column-{lang}\""))
            .expect("column")..];
        let col = &col[..col.find("<section class=\"signature\"").expect("signature")];
        let back = format!(
            "<a href=\"#{toc}\">{}</a></p>\n      </section>",
            plain(&p, lang, "toc-title", &[])
        );
        assert_eq!(col.matches(&back).count(), 6, "{lang}: {back}");
        let skip = format!(
            "<a class=\"skip\" href=\"#column-{lang}\" lang=\"{lang}\">{}</a>",
            plain(&p, lang, "skip-to-content", &[])
        );
        assert!(html.contains(&skip), "{skip}");
        let top = format!(
            "<a href=\"{column_top}\" lang=\"{lang}\">{}</a>",
            plain(&p, lang, "back-to-top", &[])
        );
        assert!(html.contains(&top), "{top}");
    }
    assert!(
        html.contains("<nav class=\"languages\">"),
        "the switcher has no two-language name"
    );
    // The title block and the signature are no landmarks here: a reader moving
    // by landmark finds each language's text, its contents and nothing else.
    assert!(
        !html.contains("<section class=\"title-block rows\" style=\"--span: 3\" aria-labelledby")
    );
    assert!(!html.contains("<section class=\"signature\" aria-labelledby"));
    let region = format!(
        "<span class=\"region pair\"><span lang=\"fr\">{}</span> <span lang=\"nl\">{}</span></span>",
        plain(&p, "fr", "region-name", &[]),
        plain(&p, "nl", "region-name", &[])
    );
    assert!(html.contains(&region), "{region}");
    assert!(html.contains(r#".pair > * + *::before { content: "/ "; content: "/ " / ""; }"#));
}

/// The keyboard walk: every link and control, focused in turn, is on screen
/// (a sticky contents list taller than the window scrolls within it), on the
/// long synthetic publication's French page and on its bilingual page, at
/// 1280 × 800 and 390 × 800. And no box scrolls within the page's flow: only a
/// sticky one may (a contents list in the flow cut to the window's height
/// would hide its links behind the text after it).
#[test]
fn the_keyboard_walk_keeps_focus_on_screen() {
    if !crate::util::tool_or_skip("chromium", "MEMORANDUM_REQUIRE_CHROMIUM") {
        return;
    }
    let p = Project::synthetic(10);
    p.run(&["build", "--format", "html"]).ok();
    const WALK: &str = r#"<script>
addEventListener('load', () => {
  // The links to each language's text show over the page when focused: the
  // page does not move.
  const h1 = document.querySelector('h1');
  const top = () => Math.round(h1.getBoundingClientRect().top + scrollY);
  const before = top();
  let shift = 0;
  for (const a of document.querySelectorAll('.language-jump a')) {
    a.focus();
    shift = Math.max(shift, Math.abs(top() - before));
    a.blur();
  }
  const off = [];
  const all = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
    .filter(e => e.tabIndex >= 0 && e.getClientRects().length);
  for (const e of all) {
    e.focus();
    const r = e.getBoundingClientRect();
    if (r.bottom <= 0 || r.top >= innerHeight || r.right <= 0 || r.left >= innerWidth) {
      off.push((e.textContent || e.href).trim().slice(0, 40) + ' @' + Math.round(r.top));
    }
  }
  const nested = [...document.querySelectorAll('body *')].filter(e => {
    const s = getComputedStyle(e);
    return ['auto', 'scroll'].includes(s.overflowY) && e.scrollHeight > e.clientHeight + 1
      && s.position !== 'sticky' && s.position !== 'fixed';
  }).map(e => e.tagName + '.' + e.className);
  report('walk', { focusable: all.length, off, nested, shift });
});
</script>"#;
    for page in ["output/fr/smart-city-memorandum.html", HTML] {
        let html = p
            .read(page)
            .replace("</body>", &format!("{REPORT}{WALK}</body>"));
        // Beside the page, so that its links resolve as they do there.
        let file = p.path(page).with_file_name("walk.html");
        std::fs::write(&file, html).expect("write");
        for size in ["1280,800", "390,800"] {
            let walk = in_chromium(&file, size, "walk");
            assert!(
                walk["focusable"].as_u64().unwrap_or(0) > 60,
                "{page} {size}: {walk}"
            );
            assert!(
                walk["off"].as_array().is_some_and(Vec::is_empty),
                "{page} at {size}: focused off screen: {}",
                walk["off"]
            );
            assert_eq!(
                walk["shift"].as_f64(),
                Some(0.0),
                "{page} at {size}: focusing a link to a column moves the page"
            );
            assert!(
                walk["nested"].as_array().is_some_and(Vec::is_empty),
                "{page} at {size}: a box scrolls within the page's flow: {}",
                walk["nested"]
            );
        }
    }
}
