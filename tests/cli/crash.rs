//! A build is all or nothing: killed at any moment, interrupted by a full disk, or
//! racing another build into the same folder, the output folder ends as exactly the
//! previous build or exactly the new one (judged by every file's bytes and by
//! `manifest.json`), once the next run has recovered a build stopped mid-write.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{Project, copy_dir};

/// Every file under `dir` with its bytes, the staging folder left out.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
            if rel == memorandum::output::STAGING {
                continue;
            }
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Checks that `manifest.json` lists exactly the other files, with their hashes.
fn manifest_matches(tree: &BTreeMap<String, Vec<u8>>) {
    let manifest: serde_json::Value =
        serde_json::from_slice(&tree["manifest.json"]).expect("manifest.json is JSON");
    let listed: BTreeMap<String, String> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["sha256"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let present: BTreeMap<String, String> = tree
        .iter()
        .filter(|(k, _)| *k != "manifest.json")
        .map(|(k, v)| (k.clone(), memorandum::output::sha256_hex(v)))
        .collect();
    assert_eq!(
        listed, present,
        "manifest.json does not describe the folder"
    );
}

/// The old and new projects of the crash and race tests: the old one in French and
/// Dutch; the new one French only (so files are removed) with a changed French
/// title (so every remaining file changes).
fn old_and_new(sections: usize) -> (Project, Project) {
    let old = Project::long(sections);
    let new = Project::long(sections);
    new.edit(
        "content/memorandum.yaml",
        "languages: [fr, nl]",
        "languages: [fr]",
    );
    new.edit(
        "locales/fr/publication.ftl",
        "publication-title = Mémorandum",
        "publication-title = Nouveau mémorandum",
    );
    (old, new)
}

/// Builds `p` into `out`; returns the summary line's write stage in ms.
fn build_into(p: &Project, out: &Path) -> f64 {
    let run = p.run(&["build", "--out", out.to_str().unwrap()]).ok();
    let stderr = run.stderr();
    stderr
        .rsplit_once("write ")
        .and_then(|(_, ms)| ms.trim_end().trim_end_matches(')').parse().ok())
        .unwrap_or(1.0)
}

/// A small deterministic generator: the kill times are reproducible.
struct Xorshift(u64);

impl Xorshift {
    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_or_the_new_output() {
    let (old, new) = old_and_new(30);
    let work = tempfile::tempdir().unwrap();
    let old_out = work.path().join("old");
    let new_out = work.path().join("new");
    build_into(&old, &old_out);
    // The new build alone, into a copy of the old output (which it must clean up).
    copy_dir(&old_out, &new_out);
    let start = Instant::now();
    let write_ms = build_into(&new, &new_out);
    let full = start.elapsed();
    let old_files = files(&old_out);
    let new_files = files(&new_out);
    manifest_matches(&old_files);
    manifest_matches(&new_files);
    assert!(
        !new_files.keys().any(|k| k.starts_with("nl/")),
        "nl removed"
    );
    assert_ne!(old_files, new_files);

    let mut random = Xorshift(0x9e37_79b9_7f4a_7c15);
    let mut outcomes: BTreeMap<&str, usize> = BTreeMap::new();
    let out = work.path().join("out");
    const KILLS: usize = 36;
    for i in 0..KILLS {
        let _ = std::fs::remove_dir_all(&out);
        copy_dir(&old_out, &out);
        // Half the kills anywhere in the build, half in its last stage (writing),
        // whose length the summary line gave.
        // The first kill comes at once and the last well after the end: both
        // outcomes are always seen, however long a build takes on a loaded machine.
        let at = if i == 0 {
            Duration::ZERO
        } else if i + 1 == KILLS {
            full * 4
        } else if i % 2 == 0 {
            full.mul_f64(1.2 * random.unit())
        } else {
            let write = Duration::from_secs_f64(write_ms * 3.0 / 1000.0);
            full.saturating_sub(write.mul_f64(random.unit()))
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_memorandum"))
            .args(["build", "--root"])
            .arg(new.root())
            .arg("--out")
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(at);
        let _ = child.kill();
        let _ = child.wait();

        let staging = out.join(memorandum::output::STAGING);
        let committed = staging.join("journal.json").exists();
        let seen = files(&out);
        let outcome = if !staging.exists() {
            if seen == old_files {
                "old"
            } else {
                assert!(
                    seen == new_files,
                    "kill {i} at {at:?}: a mix of old and new"
                );
                "new"
            }
        } else if !committed {
            // Staged files without a journal: before the commit (nothing changed),
            // or after a finished build, while its staging folder was being
            // removed (the journal goes first).
            if seen == old_files {
                "old, staged files left"
            } else {
                assert!(
                    seen == new_files,
                    "kill {i} at {at:?}: changed before committing"
                );
                "new, staging folder being removed"
            }
        } else {
            "committed, mid-write"
        };
        *outcomes.entry(outcome).or_default() += 1;
        // The next run recovers: what was committed is completed, the rest removed.
        let locked = memorandum::output::lock(&out).unwrap();
        memorandum::output::recover(&locked).unwrap();
        drop(locked);
        let recovered = files(&out);
        assert!(
            !staging.exists(),
            "kill {i}: staging folder left after recovery"
        );
        let expected = if committed || outcome.starts_with("new") {
            &new_files
        } else {
            &old_files
        };
        assert!(
            &recovered == expected,
            "kill {i} at {at:?} ({outcome}): not exactly the {} build after recovery",
            if expected == &new_files { "new" } else { "old" }
        );
        manifest_matches(&recovered);
    }
    eprintln!("{KILLS} kills, build {full:?} (write {write_ms} ms): {outcomes:?}");
    assert!(
        outcomes.keys().any(|k| k.starts_with("old")),
        "{outcomes:?}"
    );
    assert!(
        outcomes.keys().any(|k| k.starts_with("new")),
        "{outcomes:?}"
    );
}

#[test]
fn concurrent_builds_into_one_folder_end_as_one_of_them() {
    let (a, b) = old_and_new(4);
    let work = tempfile::tempdir().unwrap();
    let (a_out, b_out) = (work.path().join("a"), work.path().join("b"));
    build_into(&a, &a_out);
    build_into(&b, &b_out);
    let (a_files, b_files) = (files(&a_out), files(&b_out));
    let out = work.path().join("out");
    for round in 0..6 {
        let spawn = |p: &Project| {
            Command::new(env!("CARGO_BIN_EXE_memorandum"))
                .args(["build", "--root"])
                .arg(p.root())
                .arg("--out")
                .arg(&out)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (first, second) = if round % 2 == 0 { (&a, &b) } else { (&b, &a) };
        let c1 = spawn(first);
        let c2 = spawn(second);
        for c in [c1, c2] {
            let o = c.wait_with_output().unwrap();
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        }
        let seen = files(&out);
        assert!(
            seen == a_files || seen == b_files,
            "round {round}: the folder is neither build"
        );
        manifest_matches(&seen);
    }
}

/// A tmpfs of `kib` KiB mounted on `dir`, unmounted when dropped; `None` where
/// mounting is not allowed (not root, or in a container that forbids it).
struct SmallDisk<'a>(&'a Path);

impl<'a> SmallDisk<'a> {
    fn mount(dir: &'a Path, kib: usize) -> Option<Self> {
        std::fs::create_dir_all(dir).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(dir)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(Self(dir))
    }
}

impl Drop for SmallDisk<'_> {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.0).status();
    }
}

#[test]
fn a_full_disk_leaves_the_previous_output_and_says_so() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("out");
    let Some(_disk) = SmallDisk::mount(&out, 640) else {
        assert!(
            std::env::var_os("MEMORANDUM_REQUIRE_MOUNT").is_none(),
            "MEMORANDUM_REQUIRE_MOUNT is set but a tmpfs cannot be mounted"
        );
        eprintln!("note: cannot mount a small tmpfs here (needs root); full-disk test skipped");
        return;
    };
    let small = Project::shipped();
    small.run(&["build", "--out", out.to_str().unwrap()]).ok();
    let before = files(&out);
    // Old: about 300 KB. New: about 800 KB, which does not fit beside it in 640 KB.
    let long = Project::long(30);
    let run = long.run(&["build", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let stderr = run.stderr();
    assert!(stderr.contains("No space left on device"), "{stderr}");
    assert!(
        stderr.contains("nothing in the output folder was changed"),
        "{stderr}"
    );
    assert_eq!(files(&out), before, "the previous output is intact");
    assert!(!out.join(memorandum::output::STAGING).exists());
    manifest_matches(&before);

    // A first build that fails leaves no folder behind, not even empty ones.
    let tiny = work.path().join("tiny");
    let Some(_tiny_disk) = SmallDisk::mount(&tiny, 64) else {
        return;
    };
    let site = tiny.join("site");
    let run = small.run(&["build", "--out", site.to_str().unwrap()]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        !site.exists(),
        "a failed first build left {}",
        site.display()
    );
}
