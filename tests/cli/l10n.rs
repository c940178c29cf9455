//! `memorandum l10n status` and `accept`: one case per problem kind, with the ids,
//! files, lines and columns reported.

use crate::util::Project;

/// 1-based line and column of `needle` in a file of the project.
fn pos(p: &Project, rel: &str, needle: &str) -> (u64, u64) {
    let text = p.read(rel);
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{rel} has no {needle:?}"));
    let line = text[..at].matches('\n').count() as u64 + 1;
    let col = text[..at].rsplit('\n').next().unwrap().chars().count() as u64 + 1;
    (line, col)
}

fn find<'a>(diags: &'a [serde_json::Value], code: &str) -> &'a serde_json::Value {
    diags
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {diags:#?}"))
}

fn at(d: &serde_json::Value, file: &str, (line, column): (u64, u64)) {
    assert_eq!(
        (
            d["file"].as_str().unwrap(),
            d["line"].as_u64().unwrap(),
            d["column"].as_u64().unwrap()
        ),
        (file, line, column),
        "{d:#}"
    );
}

#[test]
fn the_shipped_translations_are_complete() {
    let p = Project::shipped();
    let run = p.run(&["l10n", "status"]).ok();
    assert!(
        run.stderr()
            .contains("nl: 82/82 messages translated (100.0 %)"),
        "{}",
        run.stderr()
    );
    assert!(run.stdout().is_empty());
}

#[test]
fn every_problem_kind_with_its_position() {
    let p = Project::shipped();
    let nl = "locales/nl/memorandum.ftl";
    p.edit(nl, "process-title = Een participatief traject\n", "");
    p.edit(nl, "{ DATETIME($kickoff) }", "{ DATETIME($start) }");
    p.edit(
        nl,
        "samen met zijn partner IRISnet heeft",
        "samen met zijn partner <b>IRISnet</b> heeft",
    );
    p.edit(nl, "        [one] één workshop\n", "");
    p.edit(
        nl,
        "    .description = De uitwisseling van gegevens",
        "    .descriptio = De uitwisseling van gegevens",
    );
    p.edit(
        nl,
        "process-intro = Deze ambitienota",
        "process-intro = Deze [ambitienota](https://example.org)",
    );
    let with_old = p.read(nl) + "old-message = Niet meer gebruikt\nkapot bericht\n";
    p.write(nl, &with_old);
    let run = p.run(&["l10n", "status", "--message-format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let d = run.json();
    at(
        find(&d, "missing-message"),
        "locales/fr/memorandum.ftl",
        pos(&p, "locales/fr/memorandum.ftl", "process-title ="),
    );
    assert!(
        find(&d, "missing-message")["message"]
            .as_str()
            .unwrap()
            .contains("`process-title`")
    );
    at(find(&d, "variable-mismatch"), nl, pos(&p, nl, "$start"));
    assert_eq!(find(&d, "variable-mismatch")["severity"], "error");
    at(find(&d, "markup"), nl, pos(&p, nl, "projects-intro ="));
    at(
        find(&d, "plural-category"),
        nl,
        pos(&p, nl, "12] twaalf workshops"),
    );
    let attr = find(&d, "missing-attribute");
    assert!(
        attr["message"]
            .as_str()
            .unwrap()
            .contains("`project-fidus.description`")
    );
    at(attr, nl, pos(&p, nl, "project-fidus ="));
    at(
        find(&d, "link-mismatch"),
        nl,
        pos(&p, nl, "process-intro ="),
    );
    at(
        find(&d, "obsolete-message"),
        nl,
        pos(&p, nl, "old-message ="),
    );
    at(find(&d, "ftl-syntax"), nl, pos(&p, nl, "kapot bericht"));
    assert!(
        run.stderr().contains("nl: 81/82 messages translated"),
        "{}",
        run.stderr()
    );
    // The same problems, for people, with snippets.
    let human = p.run(&["l10n", "status", "--lang", "nl"]);
    assert!(
        human
            .stderr()
            .contains("error[variable-mismatch]: `governance-kickoff` in nl uses `$start`"),
        "{}",
        human.stderr()
    );
    assert!(human.stderr().contains("DATETIME($start)"));
    let (line, col) = pos(&p, nl, "$start");
    assert!(
        human.stderr().contains(&format!("{nl}:{line}:{col}")),
        "{}",
        human.stderr()
    );
}

/// `l10n status --message-format json` found nothing: its output is only the
/// summary of each language, with stale tracking on.
fn no_problems(p: &Project) -> bool {
    let run = p.run(&["l10n", "status", "--message-format", "json"]).ok();
    let lines = run.json();
    lines
        .iter()
        .all(|d| d["kind"] == "summary" && d["stale_tracking"] == true)
        && lines.len() == 1
}

#[test]
fn stale_translations_show_the_old_and_new_reference() {
    let p = Project::shipped();
    let run = p.run(&["l10n", "accept", "nl"]).ok();
    assert!(
        run.stderr().contains("recorded 82 messages of nl"),
        "{}",
        run.stderr()
    );
    let lock = p.read("locales/l10n.lock");
    let lines: Vec<&str> = lock.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(lines.len(), 82);
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted, "the lock file is sorted");
    assert!(no_problems(&p));
    p.edit(
        "locales/fr/memorandum.ftl",
        "background-title = Contexte",
        "background-title = Contexte général",
    );
    let run = p.run(&["l10n", "status", "--message-format", "json"]);
    assert_eq!(run.code(), 0, "stale is a warning");
    let d = run.json();
    let stale = find(&d, "stale-translation");
    at(
        stale,
        "locales/nl/memorandum.ftl",
        pos(&p, "locales/nl/memorandum.ftl", "background-title ="),
    );
    let message = stale["message"].as_str().unwrap();
    assert!(
        message.contains("then: background-title = Contexte\n")
            && message.contains("now:  background-title = Contexte général"),
        "{message}"
    );
    // Accepting that one message clears it.
    p.run(&["l10n", "accept", "nl", "background-title"]).ok();
    assert!(no_problems(&p));
    assert_eq!(
        p.run(&["l10n", "accept", "fr"]).code(),
        2,
        "the reference has nothing to accept"
    );
    assert_eq!(
        p.run(&["l10n", "accept", "nl", "no-such-message"]).code(),
        2
    );
}

#[test]
fn missing_policy_error_warn_fallback() {
    let p = Project::shipped();
    p.edit(
        "locales/nl/memorandum.ftl",
        "process-title = Een participatief traject\n",
        "",
    );
    assert_eq!(
        p.run(&["build"]).code(),
        1,
        "a missing translation fails by default"
    );
    assert!(!p.path("output").exists());
    let run = p
        .run(&["build", "--missing", "fallback", "--message-format", "json"])
        .ok();
    let d = run.json();
    let w = find(&d, "missing-message");
    assert_eq!(w["severity"], "warning");
    assert!(
        w["message"]
            .as_str()
            .unwrap()
            .contains("shown in the reference language"),
        "{w:#}"
    );
    let html = p.read("output/nl/smart-city-memorandum.html");
    assert!(
        html.contains(r#"<span class="untranslated" lang="fr">Une démarche participative</span>"#)
    );
    assert!(
        p.read("output/nl/smart-city-memorandum.md")
            .contains("## 2. ⟦Une démarche participative⟧")
    );
    let pdf = lopdf::Document::load(p.path("output/nl/smart-city-memorandum.pdf")).unwrap();
    let text: String = pdf
        .get_pages()
        .keys()
        .map(|n| pdf.extract_text(&[*n]).unwrap_or_default())
        .collect();
    assert!(
        text.contains("[Une démarche participative]"),
        "marked in the PDF"
    );
    p.run(&["build", "--missing", "warn"]).ok();
    let html = p.read("output/nl/smart-city-memorandum.html");
    assert!(html.contains(r#"<span class="untranslated">process-title</span>"#));
}

#[test]
fn stale_policy() {
    let p = Project::shipped();
    p.run(&["l10n", "accept", "nl"]).ok();
    p.edit(
        "locales/fr/memorandum.ftl",
        "background-title = Contexte",
        "background-title = Contexte général",
    );
    let run = p
        .run(&["build", "--format", "html", "--message-format", "json"])
        .ok();
    assert_eq!(
        find(&run.json(), "stale-translation")["severity"],
        "warning"
    );
    let run = p.run(&[
        "build",
        "--format",
        "html",
        "--stale",
        "error",
        "--message-format",
        "json",
    ]);
    assert_eq!(run.code(), 1);
    assert_eq!(find(&run.json(), "stale-translation")["severity"], "error");
}

#[test]
fn pseudo_locale_edition() {
    let p = Project::shipped();
    p.run(&["build", "--pseudo", "--format", "html,md"]).ok();
    let html = p.read("output/pseudo/smart-city-memorandum.html");
    // The reference language with the private-use region XA: a tag browsers
    // and checkers know (axe-core refuses `qps`).
    assert!(html.contains("<html lang=\"fr-XA\">"), "{html}");
    assert!(
        html.contains("aria-current=\"true\" lang=\"fr-XA\""),
        "{html}"
    );
    assert!(
        html.contains(">Ḿéḿoořaaƞḓuuḿ ḓ’ooƀĵeeƈŧiƒş Şḿaařŧ\u{a0}Ƈiŧẏ</h1>"),
        "accented and longer"
    );
    assert!(
        !html.contains("Mémorandum d’objectifs"),
        "no sentence escapes the translation files"
    );
    let plain = |s: &str| s.chars().filter(|c| c.is_alphabetic()).count();
    let fr = p.read("output/fr/smart-city-memorandum.md");
    let pseudo = p.read("output/pseudo/smart-city-memorandum.md");
    assert!(
        plain(&pseudo) as f64 > plain(&fr) as f64 * 1.2,
        "about 40 % longer"
    );
    // Real editions never link to it; the index does not list it.
    let fr = p.read("output/fr/smart-city-memorandum.html");
    assert!(!fr.contains("pseudo") && !fr.contains("\"qps\""));
    assert!(!p.read("output/index.html").contains("pseudo"));
}

#[test]
fn punctuation_spacing_is_checked_in_french_and_dutch() {
    let p = Project::shipped();
    // French: a plain space where a narrow no-break space belongs; Dutch: a space
    // where none belongs.
    p.edit(
        "locales/fr/publication.ftl",
        "published-on = Parution\u{202F}:",
        "published-on = Parution :",
    );
    p.edit(
        "locales/nl/publication.ftl",
        "published-on = Verschenen:",
        "published-on = Verschenen :",
    );
    let run = p.run(&["l10n", "status", "--message-format", "json"]);
    assert_eq!(run.code(), 0, "warnings only: {}", run.stderr());
    let d: Vec<_> = run
        .json()
        .into_iter()
        .filter(|d| d["code"] == "typography")
        .collect();
    assert_eq!(d.len(), 2, "{d:?}");
    let line = crate::util::line_of("locales/fr/publication.ftl", "published-on =");
    let col = crate::util::column_of("locales/fr/publication.ftl", "\u{202F}: {");
    assert_eq!(d[0]["file"], "locales/fr/publication.ftl");
    assert_eq!(
        (d[0]["line"].as_u64(), d[0]["column"].as_u64()),
        (Some(line), Some(col))
    );
    assert_eq!(
        d[0]["message"],
        "`published-on`: the space before `:` should be a narrow no-break space (U+202F)"
    );
    let line = crate::util::line_of("locales/nl/publication.ftl", "published-on =");
    let col = crate::util::column_of("locales/nl/publication.ftl", ": {");
    assert_eq!(d[1]["file"], "locales/nl/publication.ftl");
    assert_eq!(
        (d[1]["line"].as_u64(), d[1]["column"].as_u64()),
        (Some(line), Some(col))
    );
    // Its typography, and the French edit makes its translation stale.
    let stderr = run.stderr();
    let nl = stderr
        .lines()
        .find(|l| l.starts_with("nl: "))
        .unwrap_or_default();
    assert!(
        nl.starts_with("nl: 82/82 messages translated (100.0 %), ")
            && nl.ends_with(" words; 0 errors, 2 warnings"),
        "{stderr}"
    );
}

#[test]
fn status_summarises_each_language_and_says_when_stale_tracking_is_off() {
    let p = Project::shipped();
    // Without a lock, stale translations cannot be found: status says so.
    let _ = std::fs::remove_file(p.path("locales/l10n.lock"));
    let run = p.run(&["l10n", "status", "--message-format", "json"]).ok();
    let lines = run.json();
    assert_eq!(lines.len(), 1, "one summary for nl: {lines:?}");
    let s = &lines[0];
    assert_eq!(s["kind"], "summary");
    assert_eq!(s["lang"], "nl");
    assert_eq!(s["messages"], s["translated"]);
    assert!(s["words"].as_u64().unwrap() > 500, "{s}");
    assert_eq!(s["words"], s["words_total"]);
    assert_eq!(
        (s["errors"].as_u64(), s["warnings"].as_u64()),
        (Some(0), Some(0))
    );
    assert_eq!(s["stale_tracking"], false);
    let stderr = run.stderr();
    assert!(
        stderr.contains("nl: stale-translation tracking is off")
            && stderr.contains("run `memorandum l10n accept nl`"),
        "{stderr}"
    );
    // With a problem: the problem, then the summary counting it.
    p.edit(
        "locales/nl/memorandum.ftl",
        "process-title = ",
        "process-title-old = ",
    );
    let run = p.run(&["l10n", "status", "--message-format", "json"]);
    let lines = run.json();
    let last = lines.last().unwrap();
    assert_eq!(last["kind"], "summary");
    assert!(lines.len() >= 2, "{lines:?}");
    assert!(
        lines[..lines.len() - 1]
            .iter()
            .all(|d| d["code"].is_string())
    );
    assert_eq!(
        last["translated"].as_u64().unwrap() + 1,
        last["messages"].as_u64().unwrap()
    );
    // Accepting the translations turns tracking on.
    p.edit(
        "locales/nl/memorandum.ftl",
        "process-title-old = ",
        "process-title = ",
    );
    p.run(&["l10n", "accept", "nl"]).ok();
    let run = p.run(&["l10n", "status", "--message-format", "json"]).ok();
    assert_eq!(run.json()[0]["stale_tracking"], true);
    assert!(!run.stderr().contains("tracking is off"));
}

/// Two `l10n accept` at once each record their message: the lock file is read,
/// added to and replaced under a lock (without it, one of the two was lost in
/// 2 to 8 rounds of 10).
#[test]
fn concurrent_accepts_lose_nothing() {
    let p = Project::shipped();
    let stale = |p: &Project| {
        p.run(&["l10n", "status", "--message-format", "json"])
            .json()
            .iter()
            .filter(|d| d["code"] == "stale-translation")
            .count()
    };
    for round in 0..10 {
        let suffix = format!(" ({round})");
        for id in ["background-title", "process-title"] {
            let text = p.read("locales/fr/memorandum.ftl");
            let line = text
                .lines()
                .find(|l| l.starts_with(&format!("{id} = ")))
                .expect("the message")
                .to_owned();
            p.edit(
                "locales/fr/memorandum.ftl",
                &line,
                &format!("{line}{suffix}"),
            );
        }
        assert_eq!(stale(&p), 2, "round {round}");
        let spawn = |id: &str| {
            std::process::Command::new(env!("CARGO_BIN_EXE_memorandum"))
                .args(["l10n", "accept", "nl", id, "--root"])
                .arg(p.root())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn")
        };
        let a = spawn("background-title");
        let b = spawn("process-title");
        for child in [a, b] {
            let out = child.wait_with_output().expect("wait");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert_eq!(stale(&p), 0, "round {round}: an acceptance was lost");
    }
}

/// The lock file keeps its mode, and a link to a lock file shared elsewhere
/// stays a link (the file it points to is updated).
#[cfg(unix)]
#[test]
fn accept_keeps_the_lock_files_mode_and_link() {
    use std::os::unix::fs::PermissionsExt;
    let p = Project::shipped();
    let lock = p.path("locales/l10n.lock");
    std::fs::set_permissions(&lock, std::fs::Permissions::from_mode(0o664)).expect("chmod");
    p.edit(
        "locales/fr/memorandum.ftl",
        "background-title = Contexte",
        "background-title = Contexte général",
    );
    p.run(&["l10n", "accept", "nl", "background-title"]).ok();
    let mode = std::fs::metadata(&lock).expect("lock").permissions().mode() & 0o777;
    assert_eq!(mode, 0o664);
    assert!(p.read("locales/l10n.lock").contains("Contexte général"));

    let shared = tempfile::tempdir().expect("tempdir");
    let target = shared.path().join("shared.lock");
    std::fs::rename(&lock, &target).expect("move");
    std::os::unix::fs::symlink(&target, &lock).expect("link");
    p.edit(
        "locales/fr/memorandum.ftl",
        "background-title = Contexte général",
        "background-title = Contexte d’ensemble",
    );
    p.run(&["l10n", "accept", "nl", "background-title"]).ok();
    assert!(
        std::fs::symlink_metadata(&lock)
            .expect("link")
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&target)
            .expect("shared")
            .contains("Contexte d’ensemble")
    );
}
