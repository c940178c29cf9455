//! `memorandum watch`: rebuilds on a change; a breaking change keeps the last good
//! output; a source folder replaced by another is watched anew.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::util::Project;

/// `memorandum watch` running on a project, its stderr read line by line.
struct Watching {
    child: Child,
    lines: mpsc::Receiver<String>,
}

impl Watching {
    fn start(p: &Project) -> Self {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_memorandum"));
        cmd.args(["watch", "--format", "html", "--root"])
            .arg(p.root());
        Self::spawn(cmd)
    }

    /// Every format, started in the project's folder: the default root `.`.
    fn start_here(p: &Project) -> Self {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_memorandum"));
        cmd.arg("watch").current_dir(p.root());
        Self::spawn(cmd)
    }

    fn spawn(mut cmd: Command) -> Self {
        let mut child = cmd
            .env("NO_COLOR", "1")
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let w = Self { child, lines };
        w.wait_for("watching");
        w
    }

    fn wait_for(&self, needle: &str) -> String {
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        while std::time::Instant::now() < deadline {
            if let Ok(line) = self.lines.recv_timeout(Duration::from_millis(200))
                && line.contains(needle)
            {
                return line;
            }
        }
        panic!("no line with {needle:?}");
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const HTML: &str = "output/nl/smart-city-memorandum.html";

#[test]
fn rebuilds_on_change_and_keeps_the_last_good_output() {
    let p = Project::shipped();
    let w = Watching::start(&p);
    assert!(p.read(HTML).contains("Inhoudstafel"));
    p.edit(
        "locales/nl/publication.ftl",
        "toc-title = Inhoudstafel",
        "toc-title = Inhoud",
    );
    w.wait_for("built");
    assert!(p.read(HTML).contains(">Inhoud<"), "rebuilt after the edit");
    let good = p.read(HTML);
    p.edit(
        "locales/nl/publication.ftl",
        "toc-title = Inhoud",
        "toc-title = { $broken",
    );
    w.wait_for("nothing was written");
    assert_eq!(
        p.read(HTML),
        good,
        "a broken change keeps the last good output"
    );
    p.edit(
        "locales/nl/publication.ftl",
        "toc-title = { $broken",
        "toc-title = Inhoudstafel",
    );
    w.wait_for("built");
    assert!(p.read(HTML).contains(">Inhoudstafel<"));
}

#[test]
fn a_replaced_folder_is_watched_anew() {
    let p = Project::shipped();
    let w = Watching::start(&p);
    // As a translation tool delivers: a new folder moved over the old one.
    crate::util::copy_dir(&p.path("locales"), &p.path("locales.new"));
    let file = "locales.new/nl/publication.ftl";
    p.edit(file, "toc-title = Inhoudstafel", "toc-title = Inhoud");
    std::fs::remove_dir_all(p.path("locales")).unwrap();
    std::fs::rename(p.path("locales.new"), p.path("locales")).unwrap();
    eventually(
        || p.read(HTML).contains(">Inhoud<"),
        "rebuilt after the swap",
    );
    // Later edits in the new folder are still seen.
    for (from, to) in [("Inhoud", "Overzicht"), ("Overzicht", "Inhoudstafel")] {
        p.edit(
            "locales/nl/publication.ftl",
            &format!("toc-title = {from}"),
            &format!("toc-title = {to}"),
        );
        eventually(|| p.read(HTML).contains(&format!(">{to}<")), to);
    }
    drop(w);
}

/// Waits up to a minute for `done`: a burst of events may give several builds.
fn eventually(done: impl Fn() -> bool, what: &str) {
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while !done() {
        assert!(std::time::Instant::now() < deadline, "never: {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Every file a fresh `build` makes, compared with what watch left in `output/`.
fn same_as_a_full_build(p: &Project, when: &str) {
    let fresh = tempfile::tempdir().unwrap();
    p.run(&["build", "--out", fresh.path().to_str().unwrap()])
        .ok();
    let watched = p.output_tree();
    let mut compared = 0;
    for (rel, (bytes, _)) in &watched {
        if rel.starts_with('.') {
            continue;
        }
        let full = std::fs::read(fresh.path().join(rel))
            .unwrap_or_else(|e| panic!("{when}: a full build has no {rel}: {e}"));
        assert!(&full == bytes, "{when}: {rel} differs from a full build's");
        compared += 1;
    }
    assert_eq!(
        compared, 16,
        "{when}: every edition, the index, the fonts and the manifest"
    );
}

#[test]
fn a_rebuild_renders_what_an_edit_reaches_and_makes_what_a_full_build_makes() {
    let p = Project::shipped();
    // Started in the project's folder: `--root` is the default `.`.
    let w = Watching::start_here(&p);
    same_as_a_full_build(&p, "first build");
    let pdf = "output/fr-nl/smart-city-memorandum.pdf";
    let before = std::fs::read(p.path(pdf)).unwrap();

    // A Dutch heading: the Dutch editions and the bilingual ones are rendered
    // again; the French ones and the index (which does not show it) are reused.
    p.edit(
        "locales/nl/memorandum.ftl",
        "background-title = Context",
        "background-title = Achtergrond",
    );
    let line = w.wait_for("built");
    assert!(line.contains("5 rendered, 4 reused"), "{line}");
    same_as_a_full_build(&p, "after a Dutch edit");

    // A hyphenation exception reaches the PDFs' paragraphs (« draag-⏎vlak » in
    // the bilingual PDF).
    let hyphenation = "locales/nl/hyphenation.txt";
    let text = p.read(hyphenation);
    p.write(hyphenation, &format!("{text}draagvlak\n"));
    let line = w.wait_for("built");
    assert!(line.contains("2 rendered, 7 reused"), "{line}");
    assert_ne!(std::fs::read(p.path(pdf)).unwrap(), before);
    same_as_a_full_build(&p, "after a hyphenation exception");

    // A French description removed: the reference language decides, so the
    // Dutch editions drop theirs too.
    p.edit(
        "locales/fr/memorandum.ftl",
        "    .description = Le raccordement d’écoles bruxelloises à la fibre optique.\n",
        "",
    );
    let line = w.wait_for("built");
    assert!(line.contains("0 reused"), "{line}");
    assert!(
        !p.read("output/nl/smart-city-memorandum.md")
            .contains("glasvezel")
    );
    same_as_a_full_build(&p, "after a description removed");

    // The content: everything.
    p.edit(
        "content/memorandum.yaml",
        "published: 2019",
        "published: 2020",
    );
    let line = w.wait_for("built");
    assert!(line.contains("9 rendered, 0 reused"), "{line}");
    same_as_a_full_build(&p, "after a content edit");
}

/// A template that loops without end stops a build at the time limit, which
/// says what the build was doing; `watch` goes on (started again, it waits for
/// the next change) and builds once the template is fixed.
#[cfg(unix)]
#[test]
fn a_build_past_the_time_limit_does_not_end_watch() {
    let p = Project::shipped();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_memorandum"));
    cmd.args(["watch", "--time-limit", "2", "--root"])
        .arg(p.root());
    let mut w = Watching::spawn(cmd);
    let template = "templates/publication.html";
    let good = p.read(template);
    p.write(
        template,
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}\n",
    );
    let line = w.wait_for("time-limit");
    assert!(line.contains("while rendering the editions"), "{line}");
    w.wait_for("watch starts again");
    w.wait_for("the next change builds again");
    w.wait_for("watching");
    assert!(w.child.try_wait().expect("status").is_none(), "watch ended");
    p.write(template, &good);
    w.wait_for("built");
    same_as_a_full_build(&p, "after the loop was fixed");
}
