//! The bad-input corpus: every case in `tests/corpus/*.yaml` is applied to a copy
//! of the shipped project that already holds a good build, and the command run.
//! Each case asserts its exit status and diagnostic (code, file, line, column);
//! every case asserts no panic and no abort, and, when the run fails, the previous
//! output byte-identical (bytes and modification times) with no stray file.
//!
//! A case (see `tests/corpus/README.md` for every key):
//! ```yaml
//! - name: unknown-field
//!   edit: [{file: content/memorandum.yaml, from: "languages:", to: "langauges:"}]
//!   exit: 1
//!   code: unknown-field
//!   at: content/memorandum.yaml:9:1
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde::Deserialize;

use crate::util::{Project, copy_dir};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    #[serde(default)]
    about: String,
    /// The command line, `--root` and `--message-format json` added (default: build).
    #[serde(default)]
    args: Vec<String>,
    /// Replacements in project files: `from` must occur.
    #[serde(default)]
    edit: Vec<Edit>,
    /// Whole files written (text).
    #[serde(default)]
    write: BTreeMap<String, String>,
    /// Whole files written as bytes: `\xNN` stands for a byte.
    #[serde(default)]
    write_bytes: BTreeMap<String, String>,
    /// Files written with a line repeated: `{file, line, times}` appended.
    #[serde(default)]
    repeat: Vec<Repeat>,
    /// Paths removed (files or folders).
    #[serde(default)]
    remove: Vec<String>,
    /// Symbolic links made: link path → target (`{outside}` is a folder outside
    /// the project; `{root}` the project).
    #[serde(default)]
    symlink: BTreeMap<String, String>,
    /// Files written outside the project, under `{outside}`, before the run.
    #[serde(default)]
    outside: BTreeMap<String, String>,
    /// FIFOs made (named pipes: reading one blocks until someone writes), in
    /// the project, replacing what is there (Unix).
    #[serde(default)]
    fifo: Vec<String>,
    /// Expected exit status.
    exit: i32,
    /// A diagnostic with this code must be printed.
    #[serde(default)]
    code: Option<String>,
    /// Where: `file`, `file:line` or `file:line:column`.
    #[serde(default)]
    at: Option<String>,
    /// Text the diagnostic's message must contain.
    #[serde(default)]
    says: Option<String>,
    /// Text stderr must contain.
    #[serde(default)]
    stderr: Option<String>,
    /// Files (under the project or `{outside}`) that must still hold what they held.
    #[serde(default)]
    survives: Vec<String>,
    /// Files that must exist after the run, with text they must contain.
    #[serde(default)]
    contains: BTreeMap<String, String>,
    /// Files that must not contain a text after the run (if they exist).
    #[serde(default)]
    lacks: BTreeMap<String, String>,
    /// Paths that must not exist after the run.
    #[serde(default)]
    absent: Vec<String>,
    /// Environment variables of the run.
    #[serde(default)]
    env: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Edit {
    file: String,
    from: String,
    to: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Repeat {
    file: String,
    #[serde(default)]
    head: String,
    line: String,
    times: usize,
    #[serde(default)]
    tail: String,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

fn cases() -> Vec<(String, Case)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    let mut all = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let cases: Vec<Case> =
            yaml_serde::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let group = f.file_stem().unwrap().to_string_lossy().into_owned();
        all.extend(cases.into_iter().map(|c| (group.clone(), c)));
    }
    all
}

/// `\xNN` as a byte; everything else as UTF-8.
fn bytes_of(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("\\x") {
        out.extend_from_slice(&rest.as_bytes()[..i]);
        let hex = &rest[i + 2..i + 4];
        out.push(u8::from_str_radix(hex, 16).unwrap());
        rest = &rest[i + 4..];
    }
    out.extend_from_slice(rest.as_bytes());
    out
}

/// Every file under `dir` (links not followed) with its bytes and modification
/// time; links as their target.
type Tree = BTreeMap<String, (Vec<u8>, std::time::SystemTime)>;

fn tree(dir: &Path) -> Tree {
    let mut out = BTreeMap::new();
    fn walk(base: &Path, dir: &Path, out: &mut Tree) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
            let meta = std::fs::symlink_metadata(&p).unwrap();
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&p).unwrap();
                let target = target.to_string_lossy().as_bytes().to_vec();
                out.insert(format!("{rel} ->"), (target, meta.modified().unwrap()));
            } else if meta.is_dir() {
                out.insert(format!("{rel}/"), (Vec::new(), std::time::UNIX_EPOCH));
                walk(base, &p, out);
            } else if !meta.is_file() {
                // A FIFO a case made: reading it would block.
                out.insert(
                    format!("{rel} (special)"),
                    (Vec::new(), meta.modified().unwrap()),
                );
            } else {
                out.insert(rel, (std::fs::read(&p).unwrap(), meta.modified().unwrap()));
            }
        }
    }
    walk(dir, dir, &mut out);
    out
}

/// `file`, `file:line` or `file:line:column` (a file name may hold a `:`).
fn place(at: &str) -> (String, Option<u64>, Option<u64>) {
    let mut parts: Vec<&str> = at.rsplitn(3, ':').collect();
    parts.reverse();
    let nums: Vec<Option<u64>> = parts.iter().map(|p| p.parse().ok()).collect();
    match (parts.len(), nums.as_slice()) {
        (3, [_, Some(l), Some(c)]) => (parts[0].to_owned(), Some(*l), Some(*c)),
        (3, [_, _, Some(l)]) => (format!("{}:{}", parts[0], parts[1]), Some(*l), None),
        (2, [_, Some(l)]) => (parts[0].to_owned(), Some(*l), None),
        _ => (at.to_owned(), None, None),
    }
}

/// Runs one case; returns what went wrong, if anything.
fn run_case(good: &Project, case: &Case) -> Result<(), String> {
    let p = Project {
        dir: tempfile::tempdir().unwrap(),
    };
    copy_dir(good.root(), p.root());
    let outside = tempfile::tempdir().unwrap();
    let fill = |s: &str| {
        s.replace("{outside}", &outside.path().to_string_lossy())
            .replace("{root}", &p.root().to_string_lossy())
    };
    for (rel, text) in &case.outside {
        let path = outside.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, fill(text)).unwrap();
    }
    for e in &case.edit {
        let text = p.read(&e.file);
        if !text.contains(&e.from) {
            return Err(format!("{} does not contain {:?}", e.file, e.from));
        }
        p.write(&e.file, &text.replacen(&e.from, &fill(&e.to), 1));
    }
    for (rel, text) in &case.write {
        p.write(rel, &fill(text));
    }
    for (rel, text) in &case.write_bytes {
        let path = p.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes_of(text)).unwrap();
    }
    for r in &case.repeat {
        let mut text = r.head.clone();
        for _ in 0..r.times {
            text.push_str(&r.line);
        }
        text.push_str(&r.tail);
        p.write(&r.file, &text);
    }
    for rel in &case.remove {
        let path = p.path(rel);
        if path.is_dir() {
            std::fs::remove_dir_all(path).unwrap();
        } else {
            std::fs::remove_file(path).unwrap();
        }
    }
    for (link, target) in &case.symlink {
        let path = p.path(link);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        if path.is_dir() {
            std::fs::remove_dir_all(&path).unwrap();
        } else if path.exists() {
            std::fs::remove_file(&path).unwrap();
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(fill(target), &path).unwrap();
    }
    for rel in &case.fifo {
        let path = p.path(&fill(rel));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        if path.is_dir() {
            std::fs::remove_dir_all(&path).unwrap();
        } else if std::fs::symlink_metadata(&path).is_ok() {
            std::fs::remove_file(&path).unwrap();
        }
        let made = Command::new("mkfifo").arg(&path).status();
        if !made.is_ok_and(|s| s.success()) {
            return Err(format!("cannot make the FIFO {}", path.display()));
        }
    }
    let survivors: Vec<(PathBuf, Vec<u8>)> = case
        .survives
        .iter()
        .map(|s| {
            let path = PathBuf::from(fill(s));
            let path = if path.is_absolute() { path } else { p.path(s) };
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (path, bytes)
        })
        .collect();
    let before = tree(&p.path("output"));

    let mut args: Vec<String> = case.args.iter().map(|a| fill(a)).collect();
    if args.is_empty() {
        args.push("build".into());
    }
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_memorandum"));
    cmd.args(&args)
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH");
    for (k, v) in &case.env {
        cmd.env(k, fill(v));
    }
    if !args.iter().any(|a| a == "--root") && args[0] != "init" && args[0] != "completions" {
        cmd.arg("--root").arg(p.root());
    }
    let plain = ["init", "completions"].contains(&args[0].as_str())
        || (args[0] == "l10n" && args.get(1).is_some_and(|a| a == "accept"));
    if !plain && !args.iter().any(|a| a.starts_with("--message-format")) {
        cmd.args(["--message-format", "json"]);
    }
    cmd.current_dir(p.root());
    let run = crate::util::Run(output_within(cmd, Duration::from_secs(120))?);
    let stderr = run.stderr();
    let stdout = run.stdout();
    let shown = || format!("exit {}\nstderr:\n{stderr}\nstdout:\n{stdout}", run.code());
    if stderr.contains("panicked") || stderr.contains("overflow") || run.0.status.code().is_none() {
        return Err(format!("panic or abort: {}", shown()));
    }
    if run.code() != case.exit {
        return Err(format!("expected exit {}: {}", case.exit, shown()));
    }
    let diags: Vec<serde_json::Value> = stdout
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    if let Some(code) = &case.code {
        let found: Vec<&serde_json::Value> = diags.iter().filter(|d| d["code"] == *code).collect();
        if found.is_empty() {
            return Err(format!("no `{code}` diagnostic: {}", shown()));
        }
        let matches = |d: &&serde_json::Value| {
            let at_ok = case.at.as_deref().map(&fill).is_none_or(|at| {
                let (file, line, column) = place(&at);
                d["file"] == file.as_str()
                    && line.is_none_or(|l| d["line"].as_u64() == Some(l))
                    && column.is_none_or(|c| d["column"].as_u64() == Some(c))
            });
            let says_ok = case
                .says
                .as_deref()
                .is_none_or(|s| d["message"].as_str().is_some_and(|m| m.contains(s)));
            at_ok && says_ok
        };
        if !found.iter().any(matches) {
            return Err(format!(
                "no `{code}` at {:?} saying {:?}: {found:#?}",
                case.at, case.says
            ));
        }
    }
    if let Some(s) = &case.stderr
        && !stderr.contains(s.as_str())
    {
        return Err(format!("stderr lacks {s:?}: {}", shown()));
    }
    if case.exit != 0 {
        let after = tree(&p.path("output"));
        if after != before {
            let changed: Vec<&String> = before
                .keys()
                .chain(after.keys())
                .filter(|k| before.get(*k) != after.get(*k))
                .collect();
            return Err(format!("output changed: {changed:?}"));
        }
    }
    for (path, bytes) in survivors {
        if std::fs::read(&path).ok().as_ref() != Some(&bytes) {
            return Err(format!("{} was changed or removed", path.display()));
        }
    }
    for (rel, text) in &case.lacks {
        let got = std::fs::read_to_string(p.path(rel)).unwrap_or_default();
        if got.contains(&fill(text)) {
            return Err(format!("{rel} contains {text:?}"));
        }
    }
    for rel in &case.absent {
        if std::fs::symlink_metadata(p.path(&fill(rel))).is_ok() {
            return Err(format!("{rel} exists"));
        }
    }
    for (rel, text) in &case.contains {
        let got = std::fs::read_to_string(p.path(rel)).unwrap_or_default();
        if !got.contains(&fill(text)) {
            return Err(format!("{rel} does not contain {text:?}"));
        }
    }
    if p.path("output").join(".memorandum-staging").exists() {
        return Err("a staging folder was left in output/".into());
    }
    Ok(())
}

/// Runs `cmd`, killing it after `limit`: a hang is a failure, not a stuck suite.
fn output_within(mut cmd: Command, limit: Duration) -> Result<std::process::Output, String> {
    let child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let id = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(limit) {
        Ok(out) => Ok(out.unwrap()),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &id.to_string()]).status();
            Err(format!("still running after {} s", limit.as_secs()))
        }
    }
}

#[test]
fn every_bad_input_is_refused_cleanly() {
    let mut cases = cases();
    // `MEMORANDUM_CORPUS=fs-trust,yaml` runs those groups only (while working
    // on them).
    let only = std::env::var("MEMORANDUM_CORPUS").ok();
    if let Some(only) = &only {
        cases.retain(|(group, _)| only.split(',').any(|g| g == group));
    }
    let mut names = std::collections::BTreeSet::new();
    for (_, c) in &cases {
        assert!(names.insert(&c.name), "two cases named {}", c.name);
        assert!(
            !c.about.is_empty() || c.code.is_some(),
            "{}: say what it checks",
            c.name
        );
    }
    let good = Project::shipped();
    good.run(&[]).ok();
    // Two at a time: each run is a process of its own.
    let failures: Vec<String> = std::thread::scope(|s| {
        let half = cases.len().div_ceil(2);
        let handles: Vec<_> = cases
            .chunks(half)
            .map(|chunk| {
                let good = &good;
                s.spawn(move || {
                    chunk
                        .iter()
                        .filter_map(|(group, c)| {
                            run_case(good, c)
                                .err()
                                .map(|e| format!("{group}/{}: {e}", c.name))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    eprintln!("corpus: {} cases, {} failed", cases.len(), failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(
        only.is_some() || cases.len() >= 60,
        "the corpus has {} cases",
        cases.len()
    );
}
