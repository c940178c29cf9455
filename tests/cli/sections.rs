//! Sub-sections and annexes, in every edition: nested headings with their
//! numbers, a nested contents list, the outline nesting in the PDF, `H3` tags,
//! annexes lettered after the signature; and the content's mistakes refused
//! at their place.

use crate::util::Project;
use lopdf::Document;

/// The init skeleton's sub-section (2.1, « Moyens ») and annex (A,
/// « Glossaire »), as the content lays them out.
fn skeleton() -> Project {
    let p = Project::skeleton();
    p.run(&["build"]).ok();
    p
}

#[test]
fn sub_sections_and_annexes_in_the_web_page() {
    let p = skeleton();
    let html = p.read("output/fr/memorandum.html");
    // The heading one level down, numbered as the content asks (`nested`).
    assert!(
        html.contains(
            r#"<h3 id="objectives-means-heading"><span class="num">2.1.</span> Moyens</h3>"#
        ),
        "{html}"
    );
    // The contents nest the sub-section under its section (depth 2).
    let toc = &html[html.find("<nav class=\"toc\"").unwrap()..];
    let toc = &toc[..toc.find("</nav>").unwrap()];
    let objectives = toc.find("href=\"#objectives\"").expect("objectives");
    let sub = toc.find("<ol class=\"sub\">").expect("a nested list");
    let means = toc
        .find("href=\"#objectives-means\"")
        .expect("the sub-section");
    assert!(objectives < sub && sub < means, "{toc}");
    assert!(toc.contains(r#"<ul class="annexes" role="list">"#), "{toc}");
    assert!(
        toc.contains(r##"<a href="#glossary">Annexe A. Glossaire</a>"##),
        "{toc}"
    );
    // The annex's heading, after the signature.
    let annex = html
        .find(r#"<h2 id="glossary-heading"><span class="num">Annexe A.</span> Glossaire</h2>"#)
        .expect("the annex's heading");
    let signature = html
        .find("<section class=\"signature\"")
        .expect("signature");
    let steps = html
        .find("id=\"next-steps-heading\"")
        .expect("last section");
    assert!(steps < signature && signature < annex);
    assert_eq!(html.matches("<section class=\"signature\"").count(), 1);
    // The Dutch page: its own label.
    let nl = p.read("output/nl/memorandum.html");
    assert!(nl.contains(r#"<span class="num">Bijlage A.</span> Woordenlijst</h2>"#));
}

#[test]
fn sub_sections_and_annexes_in_markdown() {
    let p = skeleton();
    let md = p.read("output/fr/memorandum.md");
    assert!(
        md.contains("\n### 2.1. Moyens {#objectives-means}\n"),
        "{md}"
    );
    assert!(
        md.contains("\n2. [Objectifs](#objectives)\n   - [2.1. Moyens](#objectives-means)\n"),
        "{md}"
    );
    assert!(
        md.contains("\n- [Annexe A. Glossaire](#glossary)\n"),
        "{md}"
    );
    let signature = md.find("**Signataire**").expect("signature");
    let annex = md
        .find("\n## Annexe A. Glossaire {#glossary}\n")
        .expect("annex");
    assert!(signature < annex, "{md}");
    assert_eq!(md.matches("**Signataire**").count(), 1);
}

#[test]
fn sub_sections_and_annexes_in_the_pdf() {
    let p = skeleton();
    let bytes = std::fs::read(p.path("output/fr/memorandum.pdf")).unwrap();
    let doc = Document::load_mem(&bytes).unwrap();
    let outline: Vec<(usize, String)> = crate::pdf::outline(&doc)
        .into_iter()
        .map(|(depth, title, _)| (depth, title))
        .collect();
    let at = |title: &str| {
        outline
            .iter()
            .position(|(_, t)| t == title)
            .unwrap_or_else(|| panic!("{title}: {outline:?}"))
    };
    // The sub-section nests under its section; the annex is a top entry.
    assert_eq!(outline[at("2. Objectifs")].0, 1);
    assert_eq!(outline[at("2.1. Moyens")].0, 2);
    assert_eq!(at("2.1. Moyens"), at("2. Objectifs") + 1);
    assert_eq!(outline[at("Annexe A. Glossaire")].0, 1);
    // The contents list the sub-section (depth 2) and the annex; the annex
    // starts a page of its own, after the signature.
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text: Vec<String> = pages
        .iter()
        .map(|n| doc.extract_text(&[*n]).unwrap().replace('\u{a0}', " "))
        .collect();
    let contents = &text[1];
    assert!(contents.contains("2.1. Moyens"), "{contents}");
    assert!(contents.contains("Annexe A. Glossaire"), "{contents}");
    // Tagged: the section's heading H2, the sub-section's H3, in each language.
    for (lang, section, sub) in [
        ("fr", "2. Objectifs", "2.1. Moyens"),
        ("nl", "2. Doelstellingen", "2.1. Middelen"),
    ] {
        let bytes = std::fs::read(p.path(&format!("output/{lang}/memorandum.pdf"))).unwrap();
        let t = crate::tagged::read(&bytes);
        let squeeze = |s: String| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let h2: Vec<String> = t
            .of_role("H2")
            .into_iter()
            .map(|i| squeeze(t.text(i)))
            .collect();
        let h3: Vec<String> = t
            .of_role("H3")
            .into_iter()
            .map(|i| squeeze(t.text(i)))
            .collect();
        assert!(h2.iter().any(|h| h == section), "{lang}: {h2:?}");
        assert_eq!(h3, [sub], "{lang}");
    }
    let last = text.last().unwrap();
    assert!(
        last.trim_start().starts_with("Annexe A. Glossaire"),
        "{last}"
    );
    assert!(!last.contains("Signataire"));
    assert!(text[text.len() - 2].contains("Signataire"));
}

#[test]
fn a_section_four_levels_down_is_refused_where_it_starts() {
    let p = Project::skeleton();
    p.edit(
        "content/memorandum.yaml",
        "          - paragraph: objectives-means-text\n",
        "          - paragraph: objectives-means-text\n        sections:\n          - id: deeper\n            sections:\n              - id: deepest\n",
    );
    let run = p.run(&["check", "--message-format", "json"]);
    assert_eq!(run.code(), 1);
    let d = run
        .json()
        .into_iter()
        .find(|d| d["code"] == "section-depth")
        .unwrap_or_else(|| panic!("{}", run.stdout()));
    assert_eq!(d["file"], "content/memorandum.yaml");
    let line = p.line_of("content/memorandum.yaml", "              - id: deepest");
    assert_eq!(d["line"], line, "{d}");
    assert!(d["message"].as_str().unwrap().contains("`deeper`"), "{d}");
}

#[test]
fn contents_depth_out_of_range_and_a_repeated_id_are_refused() {
    let p = Project::skeleton();
    p.edit(
        "content/memorandum.yaml",
        "contents-depth: 2",
        "contents-depth: 4",
    );
    p.edit(
        "content/memorandum.yaml",
        "      - id: objectives-means",
        "      - id: context",
    );
    let run = p.run(&["check", "--message-format", "json"]);
    assert_eq!(run.code(), 1);
    let diags = run.json();
    let depth = diags
        .iter()
        .find(|d| d["code"] == "contents-depth")
        .expect("contents-depth");
    assert_eq!(
        depth["line"],
        p.line_of("content/memorandum.yaml", "contents-depth: 4")
    );
    let dup = diags
        .iter()
        .find(|d| d["code"] == "duplicate-id")
        .expect("duplicate-id");
    // At the repeated id, the sub-section's, not the first.
    assert_eq!(
        dup["line"],
        p.line_of("content/memorandum.yaml", "      - id: context")
    );
}

#[test]
fn the_shipped_memorandum_numbers_its_sections_as_before() {
    // `numbering` and `contents-depth` left out: sections numbered, one level
    // of contents, no annex.
    let p = Project::shipped();
    p.run(&["build", "--format", "html"]).ok();
    let html = p.read("output/fr/smart-city-memorandum.html");
    assert!(
        html.contains(r#"<h2 id="background-heading"><span class="num">1.</span> Contexte</h2>"#)
    );
    assert!(!html.contains("class=\"sub\""));
    assert!(!html.contains("class=\"annexes\""));
}

#[test]
fn more_than_twenty_six_annexes_are_refused() {
    let p = Project::skeleton();
    let more: String = (0..26)
        .map(|k| format!("  - id: extra-{k}\n    blocks:\n      - paragraph: glossary-text\n"))
        .collect();
    let yaml = p.read("content/memorandum.yaml") + &more;
    p.write("content/memorandum.yaml", &yaml);
    let run = p.run(&["check", "--message-format", "json"]);
    assert_eq!(run.code(), 1);
    let d = run
        .json()
        .into_iter()
        .find(|d| d["code"] == "too-many-annexes")
        .unwrap_or_else(|| panic!("{}", run.stdout()));
    assert!(
        d["message"].as_str().unwrap().starts_with("27 annexes"),
        "{d}"
    );
    assert_eq!(d["file"], "content/memorandum.yaml");
}

/// In the web page a sub-section's `<section>` is inside its section's, so the
/// region named « 2. Objectifs » holds « 2.1. Moyens ».
#[test]
fn a_sub_section_is_nested_in_its_section_in_the_web_page() {
    let p = skeleton();
    let html = p.read("output/fr/memorandum.html");
    let parent = html.find("<section id=\"objectives\"").expect("objectives");
    let child = html
        .find("<section id=\"objectives-means\"")
        .expect("sub-section");
    let between = &html[parent..child];
    assert!(!between.contains("</section>"), "{between}");
    let after = &html[child..];
    let next = after.find("<section id=\"next-steps\"").expect("next");
    assert_eq!(
        after[..next].matches("</section>").count(),
        2,
        "{}",
        &after[..next]
    );
    // The annex opens after the body's sections and the signature, all closed.
    let opened = html.matches("<section").count();
    assert_eq!(opened, html.matches("</section>").count());
}
