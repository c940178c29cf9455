//! Building the shipped memorandum: what a reader and a website get.

use crate::util::Project;

const FR_HTML: &str = "output/fr/smart-city-memorandum.html";
const NL_HTML: &str = "output/nl/smart-city-memorandum.html";
const FR_MD: &str = "output/fr/smart-city-memorandum.md";
const NL_MD: &str = "output/nl/smart-city-memorandum.md";

#[test]
fn builds_every_edition_and_the_index() {
    let p = Project::shipped();
    let run = p.run(&[]).ok();
    assert!(run.stderr().contains("built 16 files"), "{}", run.stderr());
    let tree = p.output_tree();
    let files: Vec<&str> = tree.keys().map(String::as_str).collect();
    assert_eq!(
        files,
        [
            "fonts/LICENSE.txt",
            "fonts/source-sans-3-regular.woff2",
            "fonts/source-sans-3-semibold.woff2",
            "fonts/source-serif-4-bold.woff2",
            "fonts/source-serif-4-italic.woff2",
            "fonts/source-serif-4-regular.woff2",
            "fr-nl/smart-city-memorandum.html",
            "fr-nl/smart-city-memorandum.pdf",
            "fr/smart-city-memorandum.html",
            "fr/smart-city-memorandum.md",
            "fr/smart-city-memorandum.pdf",
            "index.html",
            "manifest.json",
            "nl/smart-city-memorandum.html",
            "nl/smart-city-memorandum.md",
            "nl/smart-city-memorandum.pdf"
        ]
    );
    let index = p.read("output/index.html");
    for href in [
        "fr/smart-city-memorandum.html",
        "nl/smart-city-memorandum.md",
    ] {
        assert!(
            index.contains(&format!("href=\"{href}\"")),
            "index lacks {href}"
        );
    }
}

#[test]
fn html_pages_are_localized_and_linked() {
    let p = Project::shipped();
    p.run(&["build"]).ok();
    let fr = p.read(FR_HTML);
    let nl = p.read(NL_HTML);
    assert!(fr.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"));
    assert!(nl.contains("<html lang=\"nl\">"));
    assert!(fr.contains("<title>Mémorandum d’objectifs Smart\u{a0}City"));
    assert!(nl.contains("<title>Brussels Smart\u{a0}City-ambitienota"));
    assert!(fr.contains(
        r#"<link rel="alternate" hreflang="nl" href="../nl/smart-city-memorandum.html">"#
    ));
    assert!(nl.contains(
        r#"<link rel="alternate" hreflang="fr" href="../fr/smart-city-memorandum.html">"#
    ));
    // Dates and numbers come from CLDR, never as 30/04/2019.
    assert!(fr.contains("30\u{a0}avril\u{a0}2019") && nl.contains("30\u{a0}april\u{a0}2019"));
    assert!(fr.contains("19\u{a0}février\u{a0}2018") && nl.contains("19\u{a0}februari\u{a0}2018"));
    // Twelve is written out in running prose.
    assert!(fr.contains("douze ateliers") && nl.contains("twaalf workshops"));
    assert!(!fr.contains("30/04/2019") && !nl.contains("30/04"));
    // Terms differ by language.
    assert!(fr.contains("Centre d’Informatique pour la Région Bruxelloise (CIRB)"));
    assert!(nl.contains("Centrum voor Informatica voor het Brussels Gewest (CIBG)"));
    // French typography: narrow no-break spaces before the colon and inside quotes.
    assert!(fr.contains("«\u{202f}quadruple hélice\u{202f}»"));
    assert!(fr.contains("Gouvernance\u{202f}: le\u{a0}Smart\u{a0}City Office"));
    // Structure: sections with ids, a table of contents, the timeline, the table.
    for id in [
        "background",
        "process",
        "directions",
        "projects",
        "governance",
        "next-steps",
    ] {
        assert!(
            fr.contains(&format!("<section id=\"{id}\"")),
            "section {id}"
        );
        assert!(
            fr.contains(&format!("<a href=\"#{id}\">")),
            "toc entry {id}"
        );
    }
    assert!(fr.contains("<ol class=\"timeline\" role=\"list\">") && fr.contains("<table>"));
    assert!(fr.contains("<time class=\"when\" datetime=\"2018-05\">Mai\u{a0}2018</time>"));
    assert!(fr.contains("@media print"));
    // No isolation marks, no external resources.
    for page in [&fr, &nl] {
        assert!(!page.contains('\u{2068}') && !page.contains('\u{2069}'));
        assert!(!page.contains("<script"));
        assert!(!page.contains("src=\"http") && !page.contains("<link rel=\"stylesheet\""));
    }
}

#[test]
fn markdown_has_front_matter_and_parses_as_commonmark() {
    let p = Project::shipped();
    p.run(&["build", "--format", "md"]).ok();
    assert!(!p.path(FR_HTML).exists(), "--format md wrote HTML");
    for (file, lang, other) in [(FR_MD, "fr", "nl"), (NL_MD, "nl", "fr")] {
        let md = p.read(file);
        let rest = md.strip_prefix("---\n").expect("front matter");
        let (front, body) = rest.split_once("\n---\n").expect("front matter end");
        let fm: serde_json::Value = yaml_serde::from_str(front).expect("front matter is YAML");
        assert_eq!(fm["lang"], lang);
        assert_eq!(fm["translationKey"], "smart-city-memorandum");
        // The content gives a season: no day is invented for the front matter.
        assert!(fm["date"].is_null(), "{front}");
        assert!(
            fm["lastmod"].is_null(),
            "no SOURCE_DATE_EPOCH and no day: {front}"
        );
        assert_eq!(fm["slug"], "smart-city-memorandum");
        assert!(fm["title"].as_str().is_some_and(|t| !t.is_empty()));
        assert!(fm["description"].as_str().is_some_and(|t| t.len() > 40));
        assert_eq!(fm["translations"][0]["lang"], other);
        assert_eq!(
            fm["translations"][0]["url"],
            format!("../{other}/smart-city-memorandum.md")
        );
        // The body: six numbered sections, one GFM table with two step rows.
        let mut headings = 0;
        let mut rows = 0;
        let mut html = 0;
        let parser = pulldown_cmark::Parser::new_ext(body, pulldown_cmark::Options::ENABLE_TABLES);
        for event in parser {
            match event {
                pulldown_cmark::Event::Start(pulldown_cmark::Tag::Heading {
                    level: pulldown_cmark::HeadingLevel::H2,
                    ..
                }) => headings += 1,
                pulldown_cmark::Event::Start(pulldown_cmark::Tag::TableRow) => rows += 1,
                pulldown_cmark::Event::Html(_) | pulldown_cmark::Event::InlineHtml(_) => html += 1,
                _ => {}
            }
        }
        assert_eq!(headings, 7, "toc + six sections in {file}");
        assert_eq!(rows, 2, "two next steps in {file}");
        assert_eq!(html, 0, "raw HTML in {file}");
    }
}

#[test]
fn output_is_deterministic_and_unchanged_files_are_not_rewritten() {
    // Two folders, one thread against four.
    let a = Project::shipped();
    let b = Project::shipped();
    a.run_env(&[], &[("RAYON_NUM_THREADS", "1")]).ok();
    b.run_env(&[], &[("RAYON_NUM_THREADS", "4")]).ok();
    let ta = a.output_tree();
    let tb = b.output_tree();
    assert_eq!(ta.len(), tb.len());
    for (path, (bytes, _)) in &ta {
        assert_eq!(
            Some(bytes),
            tb.get(path).map(|(b, _)| b),
            "{path} differs between two roots and thread counts"
        );
    }
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = a.run(&[]).ok();
    assert!(
        again.stderr().contains("(0 written, 16 unchanged;"),
        "{}",
        again.stderr()
    );
    assert_eq!(a.output_tree(), ta, "a rebuild touched unchanged files");
}

#[test]
fn lang_and_out_select_what_is_written() {
    let p = Project::shipped();
    let out = p.path("site");
    p.run(&[
        "build",
        "--lang",
        "nl",
        "--format",
        "html",
        "--out",
        out.to_str().unwrap(),
    ])
    .ok();
    assert!(out.join("nl/smart-city-memorandum.html").exists());
    assert!(!out.join("fr").exists());
    assert!(!p.path("output").exists());
    let nl = std::fs::read_to_string(out.join("nl/smart-city-memorandum.html")).unwrap();
    assert!(
        !nl.contains("hreflang=\"fr\""),
        "links to an edition this build did not write"
    );
}

#[test]
fn check_writes_nothing() {
    let p = Project::shipped();
    let run = p.run(&["check"]).ok();
    assert!(run.stderr().contains("no problems"), "{}", run.stderr());
    assert!(!p.path("output").exists());
}

#[test]
fn usage_errors_exit_2() {
    let p = Project::shipped();
    assert_eq!(p.run(&["build", "--format", "docx"]).code(), 2);
    let run = p.run(&["build", "--lang", "de"]);
    assert_eq!(run.code(), 2);
    assert!(run.stderr().contains("no `de` edition"), "{}", run.stderr());
    assert_eq!(p.run(&["frobnicate"]).code(), 2);
}

#[test]
fn the_manifest_lists_every_file_with_its_hash() {
    use sha2::Digest;
    let p = Project::shipped();
    p.run(&[]).ok();
    let manifest: serde_json::Value =
        serde_json::from_str(&p.read("output/manifest.json")).unwrap();
    let files = manifest["files"].as_array().unwrap();
    let paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert_eq!(paths.len(), 15, "every file but the manifest itself");
    for f in files {
        let bytes =
            std::fs::read(p.path(&format!("output/{}", f["path"].as_str().unwrap()))).unwrap();
        assert_eq!(f["bytes"], bytes.len());
        let hex: String = sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(f["sha256"], hex);
    }
    let bi = files
        .iter()
        .find(|f| f["path"] == "fr-nl/smart-city-memorandum.pdf")
        .unwrap();
    assert_eq!(bi["languages"], serde_json::json!(["fr", "nl"]));
    assert_eq!(bi["format"], "pdf");
}

#[test]
fn removed_editions_are_cleaned_and_nothing_else_is_touched() {
    let p = Project::shipped();
    p.run(&[]).ok();
    p.write("output/keep.txt", "a file of the site team");
    // A build of French only leaves the other editions alone.
    p.run(&["build", "--lang", "fr"]).ok();
    assert!(p.path("output/nl/smart-city-memorandum.pdf").exists());
    assert!(
        p.read("output/manifest.json")
            .contains("nl/smart-city-memorandum.pdf")
    );
    // Dropping Dutch from the publication removes its editions and the bilingual one.
    p.edit(
        "content/memorandum.yaml",
        "languages: [fr, nl]",
        "languages: [fr]",
    );
    let run = p.run(&[]).ok();
    assert!(run.stderr().contains("5 removed"), "{}", run.stderr());
    assert!(!p.path("output/nl").exists() && !p.path("output/fr-nl").exists());
    assert!(p.path("output/fr/smart-city-memorandum.pdf").exists());
    assert_eq!(p.read("output/keep.txt"), "a file of the site team");
    assert!(!p.read("output/manifest.json").contains("nl/"));
}

#[test]
fn shell_completions() {
    let p = Project::shipped();
    for shell in ["bash", "zsh", "fish"] {
        let run = p.run(&["completions", shell]).ok();
        assert!(
            run.stdout().contains("memorandum") && run.stdout().contains("missing"),
            "{shell}"
        );
    }
    assert_eq!(p.run(&["completions", "tcsh"]).code(), 2);
}

#[test]
fn front_matter_links_the_pdf_and_dates_from_source_date_epoch() {
    let p = Project::shipped();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_memorandum"));
    cmd.args(["build", "--format", "md,pdf", "--root"])
        .arg(p.root())
        .env("SOURCE_DATE_EPOCH", "1556582400");
    assert!(cmd.status().unwrap().success());
    let md = p.read(FR_MD);
    assert!(md.contains("\nlastmod: 2019-04-30\n"), "{md}");
    assert!(
        md.contains("\npdf: \"smart-city-memorandum.pdf\"\n"),
        "{md}"
    );
}

/// A season stays a season: a timeline entry or the publication date given as a
/// year and a period shows the period, and its HTML `datetime` is the year, no
/// month invented.
#[test]
fn seasons_are_not_made_into_months() {
    let p = Project::shipped();
    p.run(&["build"]).ok();
    let fr = p.read("output/fr/smart-city-memorandum.html");
    let nl = p.read("output/nl/smart-city-memorandum.html");
    assert!(
        fr.contains("<time class=\"when\" datetime=\"2018\">Printemps 2018</time> "),
        "{fr}"
    );
    assert!(nl.contains("<time class=\"when\" datetime=\"2019\">Voorjaar 2019</time> "));
    assert!(fr.contains("<time datetime=\"2019\">Parution\u{202f}: printemps 2019</time>"));
    assert!(!fr.contains("datetime=\"2018-03\"") && !fr.contains("mars\u{a0}2019"));
    // The PDF's title page says the same.
    let text = std::process::Command::new("pdftotext")
        .args([
            p.path("output/nl/smart-city-memorandum.pdf")
                .to_str()
                .unwrap(),
            "-",
        ])
        .output();
    if let Ok(out) = text {
        let text = String::from_utf8_lossy(&out.stdout).replace('\u{a0}', " ");
        assert!(text.contains("voorjaar 2019"), "{text}");
    }
    // A year alone, without its period, is refused where it is written.
    p.edit("content/memorandum.yaml", "published-period: spring\n", "");
    let run = p.run(&["check", "--message-format", "json"]);
    assert_eq!(run.code(), 1);
    let d = run.json();
    let e = d.iter().find(|d| d["code"] == "date-needs-period").unwrap();
    assert_eq!(e["file"], "content/memorandum.yaml");
    assert_eq!(
        e["line"].as_u64(),
        Some(crate::util::line_of(
            "content/memorandum.yaml",
            "published: 2019"
        ))
    );
}

/// An organisation may have a website per language: each edition links to its
/// own (the CIBG's Dutch site from the Dutch editions, HTML, Markdown and PDF).
#[test]
fn organisations_link_to_the_site_in_the_reader_s_language() {
    let p = Project::shipped();
    p.run(&["build"]).ok();
    for (lang, own, other) in [
        ("fr", "https://cirb.brussels", "https://cibg.brussels"),
        ("nl", "https://cibg.brussels", "https://cirb.brussels"),
    ] {
        for ext in ["html", "md"] {
            let text = p.read(&format!("output/{lang}/smart-city-memorandum.{ext}"));
            assert!(text.contains(own) && !text.contains(other), "{lang}.{ext}");
        }
        let pdf =
            lopdf::Document::load(p.path(&format!("output/{lang}/smart-city-memorandum.pdf")))
                .unwrap();
        let uris: Vec<Vec<u8>> = pdf
            .objects
            .values()
            .filter_map(|o| o.as_dict().ok())
            .filter_map(|d| d.get(b"A").ok().and_then(|a| a.as_dict().ok()))
            .filter_map(|d| d.get(b"URI").ok())
            .filter_map(|u| u.as_str().ok().map(<[u8]>::to_vec))
            .collect();
        assert!(
            uris.iter().any(|u| u == own.as_bytes()),
            "{lang} PDF: {uris:?}"
        );
        assert!(!uris.iter().any(|u| u == other.as_bytes()), "{lang} PDF");
    }
    // Both in the bilingual page, each in its column.
    let bi = p.read("output/fr-nl/smart-city-memorandum.html");
    assert!(bi.contains("https://cirb.brussels") && bi.contains("https://cibg.brussels"));
    // A language that is not a language tag is refused.
    p.edit(
        "content/memorandum.yaml",
        "      nl: https://cibg.brussels",
        "      n_l: https://cibg.brussels",
    );
    let run = p.run(&["check", "--message-format", "json"]);
    assert_eq!(run.code(), 1);
    assert!(run.json().iter().any(|d| d["code"] == "bad-language"));
}

#[test]
fn a_project_s_description_is_optional() {
    let p = Project::shipped();
    let fr_text = "L’échange de données provenant de sources authentiques.";
    let nl_text = "De uitwisseling van gegevens uit authentieke bronnen.";
    p.run(&["build"]).ok();
    assert!(
        p.read("output/fr/smart-city-memorandum.md")
            .contains(fr_text)
    );
    // Without a description in the reference language, no edition shows one,
    // even the Dutch one whose translation still has it, and nothing is missing.
    p.edit(
        "locales/fr/memorandum.ftl",
        &format!("    .description = {fr_text}\n"),
        "",
    );
    let run = p.run(&["build", "--message-format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(!run.json().iter().any(|d| d["code"] == "missing-attribute"));
    for (lang, text) in [("fr", fr_text), ("nl", nl_text)] {
        let html = p.read(&format!("output/{lang}/smart-city-memorandum.html"));
        let (_, fidus) = html.split_once("id=\"project-fidus\"").unwrap();
        let (fidus, _) = fidus.split_once("</li>").unwrap();
        assert!(
            fidus.contains("<h3>FIDUS</h3>") && !fidus.contains(text),
            "{fidus}"
        );
        assert_eq!(
            fidus.matches("<p").count(),
            0,
            "nothing under the name: {fidus}"
        );
        let md = p.read(&format!("output/{lang}/smart-city-memorandum.md"));
        assert!(md.contains("- **FIDUS**\n") && !md.contains(text), "{md}");
    }
    let bi = p.read("output/fr-nl/smart-city-memorandum.html");
    assert!(!bi.contains(fr_text) && !bi.contains(nl_text));
    if let Ok(out) = std::process::Command::new("pdftotext")
        .args([
            p.path("output/nl/smart-city-memorandum.pdf")
                .to_str()
                .unwrap(),
            "-",
        ])
        .output()
    {
        let text = String::from_utf8_lossy(&out.stdout).replace('\n', " ");
        assert!(
            text.contains("FIDUS") && !text.contains("authentieke"),
            "{text}"
        );
    }
}

/// A project's organisations are listed under it when the content names
/// them, with links to their sites, in every edition; the shipped projects
/// list none (the paragraph before them says who carries them).
#[test]
fn a_project_lists_its_organisations_when_the_content_names_them() {
    let p = Project::shipped();
    p.run(&["build"]).ok();
    let html = p.read("output/fr/smart-city-memorandum.html");
    assert!(!html.contains("class=\"partners\""));
    p.edit(
        "content/memorandum.yaml",
        "- id: project-fidus\n",
        "- id: project-fidus\n            partners: [cirb, irisnet]\n",
    );
    let run = p.run(&["build"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let html = p.read("output/fr/smart-city-memorandum.html");
    assert_eq!(html.matches("class=\"partners\"").count(), 1);
    assert!(html.contains("Organisations impliquées\u{202f}: <a href=\"https://cirb.brussels\">CIRB</a>, <a href=\"https://www.irisnet.be\">IRISnet</a>"), "{html}");
    let md = p.read("output/nl/smart-city-memorandum.md");
    assert!(md.contains("- **FIDUS** — "), "{md}");
    assert!(md.contains("\n  *Betrokken organisaties: [CIBG](<https://cibg.brussels>), [IRISnet](<https://www.irisnet.be>)*"), "{md}");
}
