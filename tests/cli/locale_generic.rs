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
                "publication-title = Mémorandum d’objectifs Smart City",
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
