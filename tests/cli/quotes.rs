//! Quotations: the words set apart, who said them below, in every edition,
//! tagged `BlockQuote` in the PDF; an attribution the reference gives is
//! needed in every language.

use crate::util::Project;

fn skeleton() -> Project {
    let p = Project::skeleton();
    p.run(&["build"]).ok();
    p
}

#[test]
fn a_quotation_in_the_web_pages_and_markdown() {
    let p = skeleton();
    let html = p.read("output/fr/memorandum.html");
    assert!(html.contains("<figure class=\"quote\">\n        <blockquote><p>Citez ici une déclaration qui éclaire la publication, telle qu’elle a été prononcée ou écrite.</p></blockquote>\n        <figcaption>Prénom Nom, Smart City Manager</figcaption>\n      </figure>"), "{html}");
    // The dash before the name is drawn, not read.
    assert!(
        html.contains(r#"figure.quote figcaption::before { content: "— "; content: "— " / ""; }"#)
    );
    let bi = p.read("output/fr-nl/memorandum.html");
    for lang in ["fr", "nl"] {
        let col = &bi[bi.find(&format!("id=\"column-{lang}\"")).unwrap()..];
        assert!(
            col.contains("<figure class=\"quote\" data-segment=\"context-2\">"),
            "{lang}"
        );
    }
    let md = p.read("output/nl/memorandum.md");
    assert!(md.contains("\n> Citeer hier een uitspraak die de publicatie toelicht, zoals ze werd uitgesproken of geschreven.\n>\n> — Prénom Nom, Smart City Manager\n"), "{md}");
}

#[test]
fn a_quotation_is_a_blockquote_in_the_pdf() {
    let p = skeleton();
    for (lang, words) in [
        ("fr", "Citez ici une déclaration"),
        ("nl", "Citeer hier een uitspraak"),
    ] {
        let bytes = std::fs::read(p.path(&format!("output/{lang}/memorandum.pdf"))).unwrap();
        let t = crate::tagged::read(&bytes);
        let quotes = t.of_role("BlockQuote");
        assert_eq!(quotes.len(), 1, "{lang}");
        let text: String = t
            .text(quotes[0])
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(text.starts_with(words), "{lang}: {text}");
        // The attribution without the dash, which is an artifact.
        assert!(
            text.ends_with("écrite. Prénom Nom, Smart City Manager")
                || text.ends_with("geschreven. Prénom Nom, Smart City Manager"),
            "{lang}: {text}"
        );
    }
}

#[test]
fn an_attribution_the_reference_gives_is_needed_in_every_language() {
    let p = Project::skeleton();
    p.edit(
        "locales/nl/memorandum.ftl",
        "\n    .by = Prénom Nom, Smart City Manager",
        "",
    );
    let run = p.run(&["check", "--message-format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stdout());
    let d = run
        .json()
        .into_iter()
        .find(|d| d["code"] == "missing-message")
        .unwrap_or_else(|| panic!("{}", run.stdout()));
    assert_eq!(
        d["message"],
        "message `context-quote.by` is missing in `nl`"
    );
    // At the quotation in the content.
    assert_eq!(d["file"], "content/memorandum.yaml");
    let line = p.line_of("content/memorandum.yaml", "      - quote: context-quote");
    assert_eq!(d["line"], line);
    // Without it in the reference, no edition shows one.
    let p = Project::skeleton();
    for lang in ["fr", "nl"] {
        p.edit(
            &format!("locales/{lang}/memorandum.ftl"),
            "\n    .by = Prénom Nom, Smart City Manager",
            "",
        );
    }
    p.run(&["build"]).ok();
    assert!(!p.read("output/fr/memorandum.html").contains("<figcaption>"));
    assert!(!p.read("output/fr/memorandum.md").contains("> —"));
}
