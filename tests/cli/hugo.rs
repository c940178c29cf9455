//! The Markdown editions as content of a Hugo multilingual site (the fixture in
//! tests/hugo/): each language's page exists and links to its translation through
//! Hugo's own `.Translations`, found by the `translationKey` of the front matter.
//!
//! Hugo comes from Debian's packages (`.ci/run` installs it). Where it is not
//! installed the test says so and passes, unless `MEMORANDUM_REQUIRE_HUGO` is set,
//! as `.ci/run` does: there it fails.

use std::path::Path;
use std::process::Command;

use crate::util::{Project, copy_dir};

#[test]
fn hugo_builds_each_language_page_linked_to_its_translation() {
    if !crate::util::tool_or_skip("hugo", "MEMORANDUM_REQUIRE_HUGO") {
        return;
    }
    let p = Project::shipped();
    let site = p.path("site");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hugo"),
        &site,
    );
    let out = site.join("memorandum");
    // The content gives a season, not a day: the dates come from
    // SOURCE_DATE_EPOCH, as in a pipeline (2019-04-30).
    p.run_env(
        &[
            "build",
            "--out",
            out.to_str().unwrap(),
            "--base-url",
            "https://example.org/memorandum/",
        ],
        &[("SOURCE_DATE_EPOCH", "1556582400")],
    )
    .ok();

    let hugo = Command::new("hugo")
        .arg("--source")
        .arg(&site)
        .arg("--destination")
        .arg(site.join("public"))
        .env("HUGO_ENVIRONMENT", "production")
        .output()
        .unwrap();
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&hugo.stdout),
        String::from_utf8_lossy(&hugo.stderr)
    );
    assert!(hugo.status.success(), "{log}");
    assert!(!log.contains("WARN") && !log.contains("ERROR"), "{log}");

    let page = |lang: &str| {
        let path = site.join(format!("public/{lang}/smart-city-memorandum/index.html"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let fr = page("fr");
    let nl = page("nl");
    assert!(
        fr.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"),
        "{fr}"
    );
    assert!(
        nl.starts_with("<!DOCTYPE html>\n<html lang=\"nl\">"),
        "{nl}"
    );
    // .Translations: each page links the other, with the other's title.
    assert!(
        fr.contains(r#"<a hreflang="nl" lang="nl" href="/nl/smart-city-memorandum/">Brussels Smart City-ambitienota</a>"#),
        "{fr}"
    );
    assert!(
        nl.contains(r#"<a hreflang="fr" lang="fr" href="/fr/smart-city-memorandum/">Mémorandum d’objectifs Smart City</a>"#),
        "{nl}"
    );
    assert!(fr.contains(r#"<link rel="alternate" hreflang="nl" href="https://example.org/nl/smart-city-memorandum/">"#));
    // Front matter read as Hugo reads it: title, description, dates, the PDF.
    assert!(fr.contains("<title>Mémorandum d’objectifs Smart\u{a0}City</title>"));
    assert!(nl.contains("<meta name=\"description\" content=\"Deze ambitienota"));
    assert!(
        fr.contains("<p class=\"dates\">2019-04-30 2019-04-30</p>"),
        "{fr}"
    );
    assert!(
        fr.contains(
            r#"<a class="pdf" href="https://example.org/memorandum/fr/smart-city-memorandum.pdf">"#
        ),
        "{fr}"
    );
    assert!(
        site.join("public/memorandum/fr/smart-city-memorandum.pdf")
            .is_file()
    );
    assert!(
        site.join("public/memorandum/fr-nl/smart-city-memorandum.pdf")
            .is_file()
    );
    // The body: goldmark keeps our heading ids, so the table of contents works.
    assert!(
        fr.contains("<h2 id=\"background\">1. Contexte</h2>"),
        "{fr}"
    );
    assert!(fr.contains("<a href=\"#background\">Contexte</a>"), "{fr}");
    assert!(nl.contains("<h2 id=\"background\">1. Context</h2>"), "{nl}");
}
