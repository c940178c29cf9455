//! The colophon a Belgian public document carries: the responsible publisher
//! and their address, the legal deposit number (checked for its shape), a
//! contact and the date, in every edition.

use crate::util::Project;

#[test]
fn the_colophon_in_every_edition() {
    let p = Project::skeleton();
    p.run(&["build"]).ok();
    let fr = p.read("output/fr/memorandum.html");
    let footer = &fr[fr.find("<footer").unwrap()..];
    for line in [
        "<p>Éditeur responsable\u{202f}: Prénom Nom, Adresse, code postal et commune</p>",
        "<p>Dépôt légal\u{202f}: D/2026/0000/1</p>",
        "<p>Contact\u{202f}: <a href=\"https://cirb.brussels\">https://cirb.brussels</a></p>",
    ] {
        assert!(footer.contains(line), "{line}: {footer}");
    }
    let bi = p.read("output/fr-nl/memorandum.html");
    let footer = &bi[bi.find("<footer").unwrap()..];
    assert!(
        footer.contains("<div class=\"colophon\" lang=\"nl\">"),
        "{footer}"
    );
    assert!(
        footer
            .contains("<p>Verantwoordelijke uitgever: Prénom Nom, Adres, postcode en gemeente</p>")
    );
    let md = p.read("output/nl/memorandum.md");
    assert!(
        md.contains("\n---\n\nVerantwoordelijke uitgever: Prénom Nom, Adres, postcode en gemeente\\\nWettelijk depot: D/2026/0000/1\\\nContact: <https://cirb.brussels>\\\n"),
        "{md}"
    );
    // The PDF: on its last page, after the annex, the contact linked.
    let bytes = std::fs::read(p.path("output/fr/memorandum.pdf")).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let last = doc
        .extract_text(&[*pages.last().unwrap()])
        .unwrap()
        .replace('\u{a0}', " ");
    assert!(last.contains("Dépôt légal"), "{last}");
    assert!(last.contains("D/2026/0000/1"), "{last}");
    assert!(
        last.find("Glossaire") < last.find("Éditeur responsable"),
        "{last}"
    );
    let t = crate::tagged::read(&bytes);
    let ps: Vec<String> = t
        .of_role("P")
        .into_iter()
        .map(|i| t.text(i).split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert!(
        ps.iter().any(
            |p| p == "Dépôt légal : D/2026/0000/1" || p == "Dépôt légal\u{202f}: D/2026/0000/1"
        ),
        "{ps:?}"
    );
}

#[test]
fn a_legal_deposit_number_of_the_wrong_shape_is_refused_at_its_place() {
    let p = Project::skeleton();
    p.edit(
        "content/memorandum.yaml",
        "legal-deposit: D/2026/0000/1",
        "legal-deposit: 2026/0000/1",
    );
    p.edit(
        "content/memorandum.yaml",
        "contact: https://cirb.brussels",
        "contact: cirb.brussels",
    );
    let run = p.run(&["check", "--message-format", "json"]);
    assert_eq!(run.code(), 1);
    let diags = run.json();
    let d = diags
        .iter()
        .find(|d| d["code"] == "legal-deposit")
        .expect("legal-deposit");
    assert_eq!(
        d["line"],
        p.line_of("content/memorandum.yaml", "  legal-deposit: 2026/0000/1")
    );
    assert!(d["hint"].as_str().unwrap().contains("D/2019/1234/5"), "{d}");
    let c = diags
        .iter()
        .find(|d| d["code"] == "contact")
        .expect("contact");
    assert_eq!(
        c["line"],
        p.line_of("content/memorandum.yaml", "  contact: cirb.brussels")
    );
    // An e-mail address is a contact.
    let p = Project::skeleton();
    p.edit(
        "content/memorandum.yaml",
        "contact: https://cirb.brussels",
        "contact: smartcity@example.org",
    );
    p.run(&["build", "--format", "html"]).ok();
    assert!(
        p.read("output/fr/memorandum.html")
            .contains("<a href=\"mailto:smartcity@example.org\">smartcity@example.org</a>")
    );
}

#[test]
fn the_colophon_labels_are_needed_in_every_language() {
    let p = Project::skeleton();
    p.edit(
        "locales/nl/memorandum.ftl",
        "colophon-deposit = Wettelijk depot:\n",
        "",
    );
    let run = p.run(&["check", "--message-format", "json"]);
    assert_eq!(run.code(), 1);
    let d = run
        .json()
        .into_iter()
        .find(|d| d["code"] == "missing-message")
        .unwrap_or_else(|| panic!("{}", run.stdout()));
    assert_eq!(
        d["message"],
        "message `colophon-deposit` is missing in `nl`"
    );
    assert_eq!(
        d["line"],
        p.line_of("content/memorandum.yaml", "  legal-deposit: D/2026/0000/1")
    );
}

/// Paper has no links: with `printed-links: after`, the PDF prints each outside
/// link's address after its text (not where the text is the address), still
/// linked; the web pages are unchanged.
#[test]
fn printed_links_show_their_address_in_the_pdf() {
    let text = |p: &Project| {
        let out = std::process::Command::new("pdftotext")
            .arg(p.path("output/fr/memorandum.pdf"))
            .arg("-")
            .output();
        out.ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
    };
    let with = Project::skeleton();
    with.run(&["build"]).ok();
    let without = Project::skeleton();
    without.edit(
        "content/memorandum.yaml",
        "printed-links: after",
        "printed-links: none",
    );
    without.run(&["build"]).ok();
    let extract = |p: &Project| {
        let bytes = std::fs::read(p.path("output/fr/memorandum.pdf")).unwrap();
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
        doc.extract_text(&pages).unwrap()
    };
    let (a, b) = (extract(&with), extract(&without));
    assert!(a.contains("CIRB (https://cirb.brussels)"), "{a}");
    assert!(!b.contains("(https://cirb.brussels)"), "{b}");
    // The contact shows its address already: not twice.
    assert!(
        !a.contains("https://cirb.brussels (https://cirb.brussels)"),
        "{a}"
    );
    assert_eq!(
        with.read("output/fr/memorandum.html"),
        without.read("output/fr/memorandum.html")
    );
    if let (Some(a), Some(_)) = (text(&with), text(&without)) {
        assert!(a.contains("CIRB (https://cirb.brussels)"), "poppler: {a}");
    }
}

/// A character the PDF fonts lack in the colophon is named as the colophon's,
/// in the content file.
#[test]
fn a_missing_glyph_in_the_colophon_names_the_colophon() {
    let p = Project::skeleton();
    p.edit(
        "content/memorandum.yaml",
        "responsible-publisher: Prénom Nom",
        "responsible-publisher: Prénom Nom \u{2603}",
    );
    let run = p.run(&["build", "--format", "pdf", "--message-format", "json"]);
    assert_eq!(run.code(), 1);
    let d = run
        .json()
        .into_iter()
        .find(|d| d["code"] == "missing-glyph")
        .unwrap_or_else(|| panic!("{}", run.stdout()));
    assert!(
        d["message"].as_str().unwrap().starts_with("the colophon"),
        "{d}"
    );
    assert_eq!(d["file"], "content/memorandum.yaml");
}
