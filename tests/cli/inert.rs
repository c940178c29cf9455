//! Injection proven inert where it runs: a project whose translations and content
//! carry script, event handlers, Hugo shortcodes and line breaks is built, then its
//! HTML editions are loaded in headless Chromium (no script may run) and its
//! Markdown editions built by Hugo (no shortcode may run: it shows as text).
//!
//! Chromium and Hugo come from Debian's packages (`.ci/run` installs them); where one
//! is missing its test says so and passes, unless `MEMORANDUM_REQUIRE_CHROMIUM` or
//! `MEMORANDUM_REQUIRE_HUGO` is set, as `.ci/run` does.

use std::path::Path;
use std::process::Command;

use crate::util::{Project, copy_dir};

/// What a live payload would leave in the page.
const MARK: &str = "pwned";

fn hostile() -> Project {
    let p = Project::shipped();
    // A translator's text: HTML with script and handlers, shortcodes (written as
    // Fluent string literals, as `{` opens a placeable), and a code span.
    p.edit(
        "locales/fr/memorandum.ftl",
        "background-title = Contexte",
        &format!(
            "background-title = Contexte <script>document.title='{MARK}'</script><img src=x onerror=\"document.body.dataset.{MARK}=1\"> {{\"{{{{\"}}% param \"title\" %{{\"}}}}\"}} `{{\"{{{{\"}}< param \"title\" >{{\"}}}}\"}}`"
        ),
    );
    // Content data: a shortcode and markup in the signatory's name.
    p.edit(
        "content/memorandum.yaml",
        "name: Céline Vanderborght",
        &format!(
            "name: \"Céline {{{{< param \\\"title\\\" >}}}} <svg onload=\\\"document.body.dataset.{MARK}=2\\\">\""
        ),
    );
    p
}

#[test]
fn no_script_runs_in_chromium() {
    if !crate::util::tool_or_skip("chromium", "MEMORANDUM_REQUIRE_CHROMIUM") {
        return;
    }
    let p = hostile();
    p.run(&["build", "--format", "html"]).ok();
    for page in [
        "fr/smart-city-memorandum.html",
        "fr-nl/smart-city-memorandum.html",
        "index.html",
    ] {
        let path = p.path("output").join(page);
        let profile = tempfile::tempdir().unwrap();
        let dom = Command::new("chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--virtual-time-budget=2000",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("--dump-dom")
            .arg(format!("file://{}", path.display()))
            .output()
            .unwrap();
        let dom = String::from_utf8_lossy(&dom.stdout);
        assert!(dom.contains("</html>"), "{page}: no DOM dumped");
        assert!(
            !dom.contains(&format!("data-{MARK}")),
            "{page}: a handler ran"
        );
        assert!(
            !dom.contains(&format!("<title>{MARK}")),
            "{page}: a script ran"
        );
        if page.starts_with("fr") {
            // The payload is there, as text a reader can see.
            assert!(dom.contains("&lt;script&gt;document.title"), "{page}");
            assert!(dom.contains("{{% param \"title\" %}}"), "{page}");
        }
    }
}

#[test]
fn no_shortcode_runs_in_hugo() {
    if !crate::util::tool_or_skip("hugo", "MEMORANDUM_REQUIRE_HUGO") {
        return;
    }
    let p = hostile();
    let site = p.path("site");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hugo"),
        &site,
    );
    let out = site.join("memorandum");
    p.run(&["build", "--out", out.to_str().unwrap()]).ok();
    let md = std::fs::read_to_string(out.join("fr/smart-city-memorandum.md")).unwrap();
    assert!(
        !md.contains("{{"),
        "a shortcode delimiter in the Markdown:\n{md}"
    );
    let hugo = Command::new("hugo")
        .arg("--source")
        .arg(&site)
        .arg("--destination")
        .arg(site.join("public"))
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&hugo.stderr);
    assert!(hugo.status.success(), "{log}");
    let page =
        std::fs::read_to_string(site.join("public/fr/smart-city-memorandum/index.html")).unwrap();
    // Shown as written, not replaced by the page's title.
    // (Hugo's typographer turns the quotes into curly ones.)
    assert!(page.contains("{{% param &ldquo;title&rdquo; %}}"), "{page}");
    assert!(page.contains("{{&lt; param"), "{page}");
    assert!(!page.contains("<script>document.title"), "{page}");
    assert!(!page.contains("<svg onload"), "{page}");
    // The signatory's name is one line: no heading, no front matter came of it.
    assert_eq!(page.matches("<h1").count(), 1, "{page}");
}
