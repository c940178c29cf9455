//! Every class of error: named with file, line and column, a hint, exit status 1,
//! and the previous output left exactly as it was.

use crate::util::{Project, column_of, line_of};

/// Builds once (so output/ has a previous good build), applies `breakage`, builds
/// again and returns the JSON diagnostics, after checking that the build failed
/// with status 1 and left output/ untouched.
fn broken(breakage: impl FnOnce(&Project)) -> (Vec<serde_json::Value>, String) {
    let p = Project::shipped();
    p.run(&[]).ok();
    let before = p.output_tree();
    breakage(&p);
    let run = p.run(&["build", "--message-format", "json"]);
    assert_eq!(run.code(), 1, "stderr:\n{}", run.stderr());
    assert!(
        run.stderr().contains("nothing was written"),
        "{}",
        run.stderr()
    );
    assert_eq!(p.output_tree(), before, "a failed build changed output/");
    // The human format says the same, with a snippet.
    let human = p.run(&["check"]);
    assert_eq!(human.code(), 1);
    (run.json(), human.stderr())
}

fn find<'a>(diags: &'a [serde_json::Value], code: &str) -> &'a serde_json::Value {
    diags
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no `{code}` in {diags:#?}"))
}

fn at(d: &serde_json::Value, file: &str, line: u64, column: u64) {
    assert_eq!(d["file"], file, "{d:#}");
    assert_eq!(d["line"], line, "{d:#}");
    assert_eq!(d["column"], column, "{d:#}");
    assert_eq!(d["severity"], "error");
}

#[test]
fn yaml_syntax_error() {
    let (diags, human) = broken(|p| {
        p.edit(
            "content/next-steps.yaml",
            "    owner: cirb\n",
            "    owner: \"cirb\n",
        )
    });
    let d = find(&diags, "yaml");
    assert_eq!(d["file"], "content/next-steps.yaml");
    assert!(
        d["line"].as_u64().unwrap() >= line_of("content/next-steps.yaml", "owner: cirb"),
        "{d:#}"
    );
    assert!(human.contains("content/next-steps.yaml:"), "{human}");
}

#[test]
fn unknown_key_suggests_the_nearest() {
    let (diags, human) = broken(|p| {
        p.edit(
            "content/memorandum.yaml",
            "reference-language: fr",
            "reference-langage: fr",
        )
    });
    let d = find(&diags, "unknown-field");
    at(
        d,
        "content/memorandum.yaml",
        line_of("content/memorandum.yaml", "reference-language:"),
        1,
    );
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("unknown field `reference-langage`"),
        "{d:#}"
    );
    assert_eq!(d["hint"], "did you mean `reference-language`?");
    assert!(
        human.contains("reference-langage: fr"),
        "snippet missing:\n{human}"
    );
    assert!(
        human.contains("help: did you mean `reference-language`?"),
        "{human}"
    );
}

#[test]
fn wrong_type_names_the_field_path() {
    let (diags, _) = broken(|p| {
        p.edit(
            "content/next-steps.yaml",
            "status: in-progress",
            "status: [planned]",
        )
    });
    let d = find(&diags, "wrong-type");
    assert_eq!(d["file"], "content/next-steps.yaml");
    let message = d["message"].as_str().unwrap();
    assert!(
        message.starts_with("steps[0].status: invalid type"),
        "{message}"
    );
}

#[test]
fn bad_ids_and_dates() {
    let (diags, _) = broken(|p| {
        p.edit(
            "content/memorandum.yaml",
            "  - id: process\n",
            "  - id: Process_2018\n",
        )
    });
    let d = find(&diags, "yaml");
    assert!(
        d["message"].as_str().unwrap().contains("Process_2018"),
        "{d:#}"
    );
    assert_eq!(d["file"], "content/memorandum.yaml");
    assert_eq!(
        d["line"],
        line_of("content/memorandum.yaml", "  - id: process")
    );
    let (diags, _) = broken(|p| p.edit("content/next-steps.yaml", "2019-04-30", "2019-04-31"));
    let d = find(&diags, "yaml");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("day 31 does not exist"),
        "{d:#}"
    );
    assert_eq!(d["line"], line_of("content/next-steps.yaml", "2019-04-30"));
}

#[test]
fn dangling_reference_suggests() {
    let (diags, _) = broken(|p| p.edit("content/next-steps.yaml", "owner: cirb", "owner: cirbb"));
    let d = find(&diags, "unknown-reference");
    at(
        d,
        "content/next-steps.yaml",
        line_of("content/next-steps.yaml", "owner: cirb"),
        12,
    );
    assert!(
        d["hint"].as_str().unwrap().contains("did you mean `cirb`?"),
        "{d:#}"
    );
}

#[test]
fn ftl_syntax_error_with_exact_position() {
    let (diags, human) = broken(|p| {
        p.edit(
            "locales/nl/publication.ftl",
            "toc-title = Inhoudstafel\n",
            "toc-title = Inhoudstafel\nkapot bericht\n",
        )
    });
    let d = find(&diags, "ftl-syntax");
    let nl = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/locales/nl/publication.ftl"
    ))
    .unwrap();
    let line = nl.lines().position(|l| l.starts_with("toc-title")).unwrap() as u64 + 2;
    // At the broken entry, with the parser's own position as a note.
    at(d, "locales/nl/publication.ftl", line, 1);
    let message = d["message"].as_str().unwrap();
    assert!(
        message.contains(&format!("the parser stopped at line {line}, column 7")),
        "{message}"
    );
    assert!(human.contains("kapot bericht"), "{human}");
}

/// A placeable left open: the parser only notices on the next entry's line, but
/// the error points at the entry that is broken.
#[test]
fn ftl_syntax_error_points_at_the_broken_entry_not_the_next() {
    let (diags, _) = broken(|p| {
        p.edit(
            "locales/nl/publication.ftl",
            "toc-title = Inhoudstafel\n",
            "toc-title = Inhoudstafel\nbroken-zz = { $x\n    more text\nafter-zz = ok\n",
        )
    });
    let d = find(&diags, "ftl-syntax");
    let nl = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/locales/nl/publication.ftl"
    ))
    .unwrap();
    let toc = nl.lines().position(|l| l.starts_with("toc-title")).unwrap() as u64 + 1;
    at(d, "locales/nl/publication.ftl", toc + 1, 1);
    let message = d["message"].as_str().unwrap();
    assert!(
        message.contains(&format!("the parser stopped at line {}", toc + 2)),
        "{message}"
    );
}

#[test]
fn every_missing_message_in_every_locale_in_one_run() {
    let (diags, human) = broken(|p| {
        p.edit(
            "locales/nl/memorandum.ftl",
            "process-title = Een participatief traject\n",
            "",
        );
        p.edit(
            "locales/fr/memorandum.ftl",
            "projects-title = Projets régionaux\n",
            "",
        );
        p.edit(
            "locales/nl/publication.ftl",
            "toc-title = Inhoudstafel\n",
            "",
        );
    });
    let missing: Vec<String> = diags
        .iter()
        .filter(|d| d["code"] == "missing-message")
        .map(|d| d["message"].as_str().unwrap().to_owned())
        .collect();
    // `toc-title` is used by three templates (twice by the bilingual page: the
    // contents' heading and each column's link back to it) and by the PDF
    // backend itself, which declares its messages: five uses, each reported.
    assert_eq!(
        missing,
        [
            "message `toc-title` is missing in `nl`",
            "message `process-title` is missing in `nl`",
            "message `projects-title` is missing in `fr`",
            "message `toc-title` is missing in `nl`",
            "message `toc-title` is missing in `nl`",
            "message `toc-title` is missing in `nl`",
            "message `toc-title` is missing in `nl`",
        ]
    );
    // A content message points at its id in the YAML; a template one at the call.
    let process = diags
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("process-title"))
        .unwrap();
    at(
        process,
        "content/memorandum.yaml",
        line_of("content/memorandum.yaml", "  - id: process"),
        9,
    );
    assert!(
        process["hint"]
            .as_str()
            .unwrap()
            .contains("the fr text is at locales/fr/memorandum.ftl:"),
        "{process:#}"
    );
    let toc: Vec<&serde_json::Value> = diags
        .iter()
        .filter(|d| d["message"].as_str().unwrap().contains("toc-title"))
        .collect();
    // One for the PDF backend, then one per call in a template: the bilingual
    // page (twice), the web page, Markdown.
    assert_eq!(toc[0]["file"], "(built-in)/pdf");
    assert_eq!(toc[1]["file"], "templates/bilingual.html");
    assert_eq!(toc[2]["file"], "templates/bilingual.html");
    assert!(toc[1]["line"].as_u64() < toc[2]["line"].as_u64());
    at(
        toc[3],
        "templates/publication.html",
        line_of("templates/publication.html", "id=\"toc-title\""),
        column_of("templates/publication.html", "toc-title\")"),
    );
    at(
        toc[4],
        "templates/publication.md",
        line_of("templates/publication.md", "id=\"toc-title\""),
        column_of("templates/publication.md", "toc-title\")"),
    );
    assert!(human.contains("t(id=\"toc-title\")"), "{human}");
}

#[test]
fn a_variable_the_content_does_not_supply() {
    let (diags, _) = broken(|p| {
        p.edit(
            "locales/nl/memorandum.ftl",
            "[one] één workshop\n       *[other] { $workshops }\u{a0}workshops",
            "[one] één workshop\n       *[other] { $count } workshops",
        )
    });
    let d = find(&diags, "missing-variable");
    assert_eq!(d["file"], "locales/nl/memorandum.ftl");
    let message = d["message"].as_str().unwrap();
    assert!(
        message.contains("`process-inventory`") && message.contains("`$count`"),
        "{message}"
    );
    assert!(
        message.contains("$workshops"),
        "supplied variables listed: {message}"
    );
    let rel = "locales/nl/memorandum.ftl";
    assert_eq!(
        d["line"],
        line_of(rel, "*[other] { $workshops }\u{a0}workshops")
    );
    assert_eq!(d["column"], column_of(rel, "$workshops }\u{a0}workshops"));
}

#[test]
fn duplicate_message_ids() {
    let (diags, _) = broken(|p| {
        p.edit(
            "locales/fr/next-steps.ftl",
            "steps-col-step = Étape\n",
            "steps-col-step = Étape\ntoc-title = Sommaire\n",
        )
    });
    let d = find(&diags, "duplicate-message");
    // Files are read in name order: the second definition is in publication.ftl.
    at(
        d,
        "locales/fr/publication.ftl",
        line_of("locales/fr/publication.ftl", "toc-title ="),
        1,
    );
    let first = line_of("locales/fr/next-steps.ftl", "steps-col-step =") + 1;
    assert!(
        d["message"].as_str().unwrap().contains(&format!(
            "first definition is at locales/fr/next-steps.ftl:{first}:1"
        )),
        "{d:#}"
    );
}

#[test]
fn template_syntax_error() {
    let (diags, human) = broken(|p| {
        p.edit(
            "templates/publication.html",
            "<h1 id=\"publication-heading\">{{ t(id=\"publication-title\") | compounds }}</h1>",
            "<h1 id=\"publication-heading\">{{ t(id=\"publication-title\") | compounds </h1>",
        )
    });
    let d = find(&diags, "template-syntax");
    assert_eq!(d["file"], "templates/publication.html");
    let src = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/publication.html"
    ))
    .unwrap();
    let line = src.lines().position(|l| l.contains("<h1 ")).unwrap() as u64 + 1;
    assert_eq!(d["line"], line);
    assert!(human.contains("templates/publication.html:"), "{human}");
}

#[test]
fn template_render_error() {
    let md = "templates/publication.md";
    let (diags, _) = broken(|p| {
        p.edit(
            md,
            "date=publication.published,",
            "date=publication.pubished,",
        )
    });
    let d = find(&diags, "template-render");
    assert_eq!(d["file"], md);
    assert_eq!(d["line"], line_of(md, "date=publication.published,"));
    // Errors raised inside `t` point at the call.
    assert_eq!(d["column"], column_of(md, "t(id=\"published-on\""));
    let message = d["message"].as_str().unwrap();
    assert!(
        message.contains("variable `date` given to message `published-on` is undefined"),
        "{message}"
    );
}

#[test]
fn script_links_are_refused_naming_the_message() {
    let (diags, _) = broken(|p| {
        p.edit(
            "locales/nl/memorandum.ftl",
            "samen met zijn partner IRISnet heeft",
            "samen met zijn partner [IRISnet](javascript:alert(1)) heeft",
        )
    });
    let d = find(&diags, "message-markup");
    assert_eq!(d["file"], "locales/nl/memorandum.ftl");
    let message = d["message"].as_str().unwrap();
    assert!(
        message.contains("projects-intro") && message.contains("javascript:alert(1)"),
        "{message}"
    );
}

#[test]
fn missing_locale_folder() {
    let (diags, _) = broken(|p| {
        p.edit(
            "content/memorandum.yaml",
            "languages: [fr, nl]",
            "languages: [fr, nl, de]",
        )
    });
    let d = find(&diags, "io");
    assert_eq!(d["file"], "locales/de");
    assert!(
        d["hint"].as_str().unwrap().contains("create locales/de/"),
        "{d:#}"
    );
}

#[test]
fn every_template_syntax_error_in_one_run() {
    let (diags, _) = broken(|p| {
        p.edit(
            "templates/publication.html",
            "{%- endfor %}\n      </ol>",
            "{%- endfo %}\n      </ol>",
        );
        p.edit(
            "templates/publication.md",
            "{{ t(id=\"document-kind\") }}",
            "{{ t(id=\"document-kind\" }}",
        );
    });
    let files: Vec<&str> = diags
        .iter()
        .filter(|d| d["code"] == "template-syntax")
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        ["templates/publication.html", "templates/publication.md"]
    );
}

#[test]
fn content_translation_and_template_errors_in_one_run() {
    let (diags, _) = broken(|p| {
        p.edit(
            "content/memorandum.yaml",
            "publisher: cirb",
            "publisher: [cirb",
        );
        p.edit(
            "locales/nl/publication.ftl",
            "toc-title = Inhoudstafel\n",
            "toc-title = Inhoudstafel\nkapot bericht\n",
        );
        p.edit(
            "templates/publication.md",
            "{{ t(id=\"document-kind\") }}",
            "{{ t(id=\"document-kind\" }}",
        );
    });
    let files: Vec<(&str, &str)> = diags
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["file"].as_str().unwrap()))
        .collect();
    assert_eq!(
        files,
        [
            ("wrong-type", "content/memorandum.yaml"),
            ("ftl-syntax", "locales/nl/publication.ftl"),
            ("template-syntax", "templates/publication.md"),
        ]
    );
}

/// A broken entry whose offsets fall inside a multi-byte character (found by the
/// `ftl_loader` fuzz target, kept in its corpus): an error, never a panic.
#[test]
fn ftl_syntax_error_inside_a_multibyte_character_does_not_panic() {
    let p = Project::shipped();
    let data = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fuzz/corpus/ftl_loader/crash-345a1bd91ddc8c7988e3696c1da6b5780e3ee486"
    ))
    .unwrap();
    std::fs::write(p.path("locales/fr/fuzz.ftl"), &data).unwrap();
    let run = p.run(&["check", "--message-format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(!run.stderr().contains("panicked"), "{}", run.stderr());
    assert!(run.json().iter().any(|d| d["code"] == "ftl-syntax"));
}

/// A translation file whose name is not UTF-8 is not skipped without a word:
/// it cannot be read, and the error says which (its name shown lossily).
#[cfg(unix)]
#[test]
fn a_translation_file_with_a_name_that_is_not_utf8_is_named() {
    use std::os::unix::ffi::OsStrExt;
    let p = Project::shipped();
    let name = std::ffi::OsStr::from_bytes(b"extra\xff.ftl");
    std::fs::write(p.path("locales/nl").join(name), "extra = x\n").expect("write");
    let run = p.run(&["check", "--message-format", "json"]);
    assert_eq!(run.code(), 1);
    let found = run
        .json()
        .into_iter()
        .find(|d| d["code"] == "encoding")
        .expect("an encoding error");
    assert!(
        found["message"].as_str().is_some_and(
            |m| m.contains("locales/nl/extra\u{fffd}.ftl has a name that is not UTF-8")
        ),
        "{found}"
    );
}
