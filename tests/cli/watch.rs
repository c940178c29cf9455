//! `memorandum watch`: rebuilds on a change; a breaking change keeps the last good
//! output.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::util::Project;

#[test]
fn rebuilds_on_change_and_keeps_the_last_good_output() {
    let p = Project::shipped();
    let mut child = Command::new(env!("CARGO_BIN_EXE_memorandum"))
        .args(["watch", "--format", "html", "--root"])
        .arg(p.root())
        .env("NO_COLOR", "1")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let wait_for = |needle: &str| -> String {
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        while std::time::Instant::now() < deadline {
            if let Ok(line) = rx.recv_timeout(Duration::from_millis(200))
                && line.contains(needle)
            {
                return line;
            }
        }
        panic!("no line with {needle:?}");
    };
    wait_for("watching");
    let html = "output/nl/smart-city-memorandum.html";
    assert!(p.read(html).contains("Inhoudstafel"));
    p.edit(
        "locales/nl/publication.ftl",
        "toc-title = Inhoudstafel",
        "toc-title = Inhoud",
    );
    wait_for("built");
    assert!(p.read(html).contains(">Inhoud<"), "rebuilt after the edit");
    let good = p.read(html);
    p.edit(
        "locales/nl/publication.ftl",
        "toc-title = Inhoud",
        "toc-title = { $broken",
    );
    wait_for("nothing was written");
    assert_eq!(
        p.read(html),
        good,
        "a broken change keeps the last good output"
    );
    p.edit(
        "locales/nl/publication.ftl",
        "toc-title = { $broken",
        "toc-title = Inhoudstafel",
    );
    wait_for("built");
    assert!(p.read(html).contains(">Inhoudstafel<"));
    let _ = child.kill();
    let _ = child.wait();
}
