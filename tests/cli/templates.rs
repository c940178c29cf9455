//! The built-in templates, overridden file by file; `init`'s skeleton.

use std::process::Command;

use crate::util::{Project, Run};

const FR_MD: &str = "output/fr/smart-city-memorandum.md";
const FR_HTML: &str = "output/fr/smart-city-memorandum.html";

#[test]
fn without_a_templates_folder_the_built_in_ones_give_the_same_bytes() {
    let with = Project::shipped();
    with.run(&[]).ok();
    let without = Project::shipped();
    std::fs::remove_dir_all(without.path("templates")).unwrap();
    without.run(&[]).ok();
    let (a, b) = (with.output_tree(), without.output_tree());
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, (bytes, _)) in &a {
        assert!(&b[path].0 == bytes, "{path} differs");
    }
}

#[test]
fn a_root_template_then_templates_dir_replace_one_file_each() {
    let p = Project::shipped();
    // The root replaces the Markdown template only.
    std::fs::remove_dir_all(p.path("templates")).unwrap();
    p.write(
        "templates/publication.md",
        "---\nlayout: memorandum\ntitle: {{ t(id=\"publication-title\", plain=true) | yaml }}\n---\n",
    );
    p.run(&[]).ok();
    let md = p.read(FR_MD);
    assert!(
        md.starts_with(
            "---\nlayout: memorandum\ntitle: \"Mémorandum d’objectifs Smart\u{a0}City\"\n---"
        ),
        "{md}"
    );
    let html = p.read(FR_HTML);
    assert!(
        html.contains("<nav class=\"toc\""),
        "the HTML keeps the built-in template"
    );

    // --templates replaces the root's publication.md and the built-in style sheet,
    // which the built-in publication.html includes.
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("partials")).unwrap();
    std::fs::write(
        site.path().join("publication.md"),
        "# {{ t(id=\"toc-title\") }}\n",
    )
    .unwrap();
    std::fs::write(
        site.path().join("partials/style.css"),
        "body { font-family: \"Region Sans\"; }\n",
    )
    .unwrap();
    let dir = site.path().to_str().unwrap();
    p.run(&["--templates", dir]).ok();
    assert_eq!(p.read(FR_MD), "# Table des matières\n");
    let html = p.read(FR_HTML);
    assert!(
        html.contains("body { font-family: \"Region Sans\"; }"),
        "{html}"
    );
    assert!(
        !html.contains("--blue"),
        "the built-in style sheet is replaced"
    );
}

#[test]
fn an_error_in_an_override_names_its_file_and_writes_nothing() {
    let p = Project::shipped();
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("index.html"), "<p>{{ oops </p>\n").unwrap();
    let file = site.path().join("index.html");
    let run = p.run(&[
        "--templates",
        site.path().to_str().unwrap(),
        "--message-format",
        "json",
    ]);
    assert_eq!(run.code(), 1);
    let d = &run.json()[0];
    assert_eq!(d["code"], "template-syntax");
    assert_eq!(d["file"], file.to_str().unwrap());
    assert_eq!(d["line"], 1);
    assert!(!p.path("output").exists());

    let run = p.run(&["--templates", "/no/such/folder"]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr()
            .contains("--templates /no/such/folder: no such folder")
    );
}

fn memorandum(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_memorandum"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1806364800") // 2027-03-29
        .output()
        .unwrap();
    Run(out)
}

#[test]
fn init_writes_a_skeleton_that_builds_at_once_and_overwrites_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("next-memorandum");
    let d = dir.to_str().unwrap();
    memorandum(&["init", d]).ok();
    let yaml = std::fs::read_to_string(dir.join("content/memorandum.yaml")).unwrap();
    assert!(yaml.contains("published: 2027-03\n"), "{yaml}");
    for t in [
        "publication.html",
        "publication.md",
        "bilingual.html",
        "index.html",
        "partials/style.css",
    ] {
        assert!(dir.join("templates").join(t).is_file(), "templates/{t}");
    }

    let run = memorandum(&["build", "--root", d]).ok();
    assert!(run.stderr().contains("built 16 files"), "{}", run.stderr());
    assert!(!run.stderr().contains("warning"), "{}", run.stderr());
    let fr = std::fs::read_to_string(dir.join("output/fr/memorandum.html")).unwrap();
    assert!(fr.contains(">Titre de la publication</h1>"), "{fr}");
    let nl = std::fs::read_to_string(dir.join("output/nl/memorandum.md")).unwrap();
    assert!(
        nl.contains("uiterlijk op 31\u{a0}december\u{a0}2027"),
        "{nl}"
    );
    let pdf = std::fs::read(dir.join("output/fr-nl/memorandum.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-1.7"));
    let status = memorandum(&["l10n", "status", "--root", d, "--message-format", "json"]).ok();
    assert!(
        !status.stdout().contains("\"typography\""),
        "{}",
        status.stdout()
    );
    assert_eq!(
        status.stdout().matches("\"severity\":\"error\"").count(),
        0,
        "{}",
        status.stdout()
    );

    // A second init into the same folder refuses and keeps the edited files.
    std::fs::write(dir.join("content/next-steps.yaml"), "steps: []\n").unwrap();
    let run = memorandum(&["init", d]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr().contains("already holds a publication"),
        "{}",
        run.stderr()
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("content/next-steps.yaml")).unwrap(),
        "steps: []\n"
    );
}
