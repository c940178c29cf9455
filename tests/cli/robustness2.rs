//! What the bad-input corpus cannot state (issue 21, second pass): the PDF read
//! back (a link to an internationalised address, an accent typed as a
//! combining mark), and FIFOs where files belong.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use lopdf::{Document, Object};

use crate::util::Project;

fn pdf(p: &Project, lang: &str) -> Document {
    let bytes = std::fs::read(p.path(&format!("output/{lang}/smart-city-memorandum.pdf"))).unwrap();
    Document::load_mem(&bytes).unwrap()
}

/// The address of every URI action of the document's link annotations.
fn uris(doc: &Document) -> Vec<Vec<u8>> {
    let deref = |o: &Object| -> Object {
        match o {
            Object::Reference(id) => doc.get_object(*id).unwrap().clone(),
            other => other.clone(),
        }
    };
    let mut out = Vec::new();
    for page_id in doc.get_pages().values() {
        let page = doc.get_dictionary(*page_id).unwrap();
        let Ok(annots) = page.get(b"Annots") else {
            continue;
        };
        let Object::Array(annots) = deref(annots) else {
            continue;
        };
        for a in &annots {
            let Object::Dictionary(a) = deref(a) else {
                continue;
            };
            let Ok(action) = a.get(b"A") else { continue };
            let Object::Dictionary(action) = deref(action) else {
                continue;
            };
            if let Ok(uri) = action.get(b"URI") {
                out.push(uri.as_str().unwrap().to_vec());
            }
        }
    }
    out
}

/// A PDF link's address is 7-bit ASCII (ISO 32000-1, 12.6.4.7): an
/// internationalised address was written raw. (`xn--bruxells-h1a` is
/// Python's `'bruxellés'.encode('idna')`.)
#[test]
fn a_pdf_link_to_an_international_address_is_ascii() {
    let p = Project::shipped();
    p.edit(
        "content/memorandum.yaml",
        "fr: https://cirb.brussels",
        "fr: https://bruxellés.brussels/démarche?q=été",
    );
    p.run(&["build", "--format", "pdf", "--lang", "fr"]).ok();
    let uris = uris(&pdf(&p, "fr"));
    assert_eq!(
        uris,
        [b"https://xn--bruxells-h1a.brussels/d%C3%A9marche?q=%C3%A9t%C3%A9".to_vec()],
        "{:?}",
        uris.iter()
            .map(|u| String::from_utf8_lossy(u))
            .collect::<Vec<_>>()
    );
}

/// An accent typed as a combining mark (`e` + U+0301) was drawn on the
/// wrong letter in the PDF; the text layer now holds the composed letter.
#[test]
fn a_combining_accent_is_one_letter_in_the_pdf() {
    let p = Project::shipped();
    p.edit(
        "locales/fr/memorandum.ftl",
        "process-title = Une démarche participative",
        "process-title = Une de\u{301}marche participative",
    );
    p.run(&["build", "--format", "pdf", "--lang", "fr"]).ok();
    let doc = pdf(&p, "fr");
    let text: String = doc
        .get_pages()
        .keys()
        .map(|n| doc.extract_text(&[*n]).unwrap_or_default())
        .collect();
    assert!(text.contains("démarche participative"), "{text}");
    assert!(!text.contains('\u{301}'), "a combining mark is left");
}

/// Runs `memorandum` on `p`, stopping it after `limit`: a build that reads a
/// FIFO would wait for a writer for ever.
fn run_within(p: &Project, args: &[&str], limit: Duration) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_memorandum"))
        .args(args)
        .arg("--root")
        .arg(p.root())
        .args(["--message-format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let out = child.wait_with_output().unwrap();
            return (
                status.code().unwrap_or(-1),
                String::from_utf8_lossy(&out.stdout).into_owned(),
            );
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "still running after {} s: a FIFO was opened",
                limit.as_secs()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A FIFO named like a file the build reads (the content, a translation's
/// hyphenation exceptions, a template) is an error naming it, never opened.
#[test]
fn fifos_are_named_not_read() {
    let p = Project::shipped();
    let fifos = [
        "locales/fr/hyphenation.txt",
        "templates/partials/footer.html",
        "content/next-steps.yaml",
    ];
    for rel in fifos {
        let _ = std::fs::remove_file(p.path(rel));
        let made = Command::new("mkfifo").arg(p.path(rel)).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("skipped: mkfifo is not available");
            return;
        }
    }
    let (code, stdout) = run_within(&p, &["check"], Duration::from_secs(60));
    assert_eq!(code, 1, "{stdout}");
    for rel in fifos {
        assert!(
            stdout.lines().any(|l| {
                let d: serde_json::Value = serde_json::from_str(l).unwrap();
                d["code"] == "not-a-file"
                    && d["file"] == rel
                    && d["message"]
                        .as_str()
                        .is_some_and(|m| m.contains("not a regular file"))
            }),
            "no not-a-file for {rel}: {stdout}"
        );
    }
}
