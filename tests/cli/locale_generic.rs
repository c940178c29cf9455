//! Nothing in the code names French or Dutch: a third language is a folder and a
//! line in the content.

use crate::util::Project;

#[test]
fn adding_a_language_needs_no_code() {
    let p = Project::shipped();
    // An English locale made from the French files, with its own name.
    for file in ["publication.ftl", "memorandum.ftl", "next-steps.ftl"] {
        let text = p.read(&format!("locales/fr/{file}"));
        let text = text
            .replace("language-name = Français", "language-name = English")
            .replace(
                "publication-title = Mémorandum d’objectifs Smart\u{a0}City",
                "publication-title = Smart City memorandum of objectives",
            )
            .replace("-cirb = CIRB", "-cirb = BRIC");
        p.write(&format!("locales/en/{file}"), &text);
    }
    p.edit(
        "content/memorandum.yaml",
        "languages: [fr, nl]",
        "languages: [fr, nl, en]",
    );
    p.run(&[]).ok();
    let en = p.read("output/en/smart-city-memorandum.html");
    assert!(en.contains("<html lang=\"en\">"));
    assert!(en.contains("<title>Smart City memorandum of objectives"));
    // CLDR English dates, from the same DATETIME calls.
    assert!(
        en.contains("April\u{a0}30,\u{a0}2019"),
        "English date missing"
    );
    assert!(en.contains("(BRIC)"));
    let fr = p.read("output/fr/smart-city-memorandum.html");
    assert!(fr.contains(r#"hreflang="en" href="../en/smart-city-memorandum.html""#));
    assert!(fr.contains(">English</a>"));
    let md = p.read("output/en/smart-city-memorandum.md");
    assert!(md.contains("lang: en\n"));
    assert!(
        p.read("output/index.html")
            .contains("href=\"en/smart-city-memorandum.md\"")
    );
}

#[test]
fn the_bilingual_pair_comes_from_the_content() {
    let p = Project::shipped();
    for file in ["publication.ftl", "memorandum.ftl", "next-steps.ftl"] {
        let text = p
            .read(&format!("locales/fr/{file}"))
            .replace("language-name = Français", "language-name = English");
        p.write(&format!("locales/en/{file}"), &text);
    }
    p.edit(
        "content/memorandum.yaml",
        "languages: [fr, nl]",
        "languages: [fr, nl, en]",
    );
    p.run(&["build", "--format", "html"]).ok();
    assert!(
        p.path("output/fr-nl/smart-city-memorandum.html").exists(),
        "the first two languages by default"
    );
    assert!(!p.path("output/nl-en").exists() && !p.path("output/fr-en").exists());
    p.edit(
        "content/memorandum.yaml",
        "languages: [fr, nl, en]",
        "languages: [fr, nl, en]\nbilingual: [nl, en]",
    );
    p.run(&[
        "build",
        "--format",
        "html",
        "--out",
        p.path("other").to_str().unwrap(),
    ])
    .ok();
    let html = std::fs::read_to_string(p.path("other/nl-en/smart-city-memorandum.html")).unwrap();
    assert!(html.contains("<html lang=\"nl\">"));
    let left = html.find("id=\"column-nl\" lang=\"nl\"").unwrap();
    let right = html.find("id=\"column-en\" lang=\"en\"").unwrap();
    assert!(left < right, "Dutch on the left, as the content says");
    // A pair that is not two different listed languages is refused.
    p.edit(
        "content/memorandum.yaml",
        "bilingual: [nl, en]",
        "bilingual: [nl, de]",
    );
    let run = p.run(&["check", "--message-format", "json"]);
    assert_eq!(run.code(), 1);
    assert_eq!(run.json()[0]["code"], "bad-bilingual");
}
