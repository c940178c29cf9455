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
        let mut child = Command::new(env!("CARGO_BIN_EXE_memorandum"))
            .args(["watch", "--format", "html", "--root"])
            .arg(p.root())
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
