//! A project root in a temporary folder, and running the binary on it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::SystemTime;

/// A copy of the shipped project (content, locales, templates) in a temp folder.
pub struct Project {
    pub dir: tempfile::TempDir,
}

impl Project {
    /// Copies the repository's content/, locales/ and templates/.
    pub fn shipped() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let src = Path::new(env!("CARGO_MANIFEST_DIR"));
        for sub in ["content", "locales", "templates"] {
            copy_dir(&src.join(sub), &dir.path().join(sub));
        }
        Self { dir }
    }

    /// The 1-based number of the line of `rel` that is exactly `line`.
    pub fn line_of(&self, rel: &str, line: &str) -> u64 {
        self.read(rel)
            .lines()
            .position(|l| l == line)
            .unwrap_or_else(|| panic!("no line `{line}` in {rel}")) as u64
            + 1
    }

    /// A new publication written by `memorandum init`: every kind of block.
    pub fn skeleton() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = Command::new(env!("CARGO_BIN_EXE_memorandum"))
            .arg("init")
            .arg(dir.path())
            .env("SOURCE_DATE_EPOCH", "1806364800")
            .output()
            .expect("init");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        Self { dir }
    }

    /// The shipped project with `sections` more chapters, in every language,
    /// made of the shipped paragraphs and lists: about two PDF pages a chapter.
    pub fn long(sections: usize) -> Self {
        let p = Self::shipped();
        let mut yaml = String::from("\n");
        let mut titles = BTreeMap::new();
        for s in 0..sections {
            yaml.push_str(&format!(
                "  - id: long-{s}\n    blocks:\n      - paragraph: background-declaration\n      - paragraph: process-intro\n      - list: [desi-connectivity, desi-human-capital, desi-internet-use]\n      - paragraph: governance-mandate\n      - paragraph: projects-role\n"
            ));
            for (lang, word) in [("fr", "Chapitre"), ("nl", "Hoofdstuk")] {
                titles
                    .entry(lang)
                    .or_insert_with(String::new)
                    .push_str(&format!("long-{s}-title = {word} {s}\n"));
            }
        }
        for (lang, ftl) in titles {
            p.write(&format!("locales/{lang}/long.ftl"), &ftl);
        }
        let content = p.read("content/memorandum.yaml");
        p.write("content/memorandum.yaml", &(content + &yaml));
        p
    }

    /// The synthetic long publication (`examples/synthetic.rs`): the shipped
    /// sections `copies` times, in both languages, every block kind.
    pub fn synthetic(copies: usize) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        crate::synthetic::generate(dir.path(), copies).expect("synthetic publication");
        Self { dir }
    }

    /// The synthetic publication made the other way: the first copy is the
    /// body whole, with the next-steps table, so the page breaks fall elsewhere.
    pub fn synthetic_whole(copies: usize) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        crate::synthetic::generate_with(dir.path(), copies, true).expect("synthetic publication");
        Self { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// Replaces `from` (which must occur) by `to` in a project file.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    /// Runs the binary with `--root` pointing here (unless `args` sets it).
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_env(args, &[])
    }

    /// As `run`, with environment variables set.
    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_memorandum"));
        cmd.args(args);
        cmd.envs(env.iter().copied());
        if !args.contains(&"--root") {
            cmd.arg("--root").arg(self.root());
        }
        cmd.env("NO_COLOR", "1");
        Run(cmd.output().expect("run memorandum"))
    }

    /// Every file under output/ with its bytes and modification time.
    pub fn output_tree(&self) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
        let mut out = BTreeMap::new();
        let base = self.path("output");
        walk(&base, &base, &mut out);
        out
    }
}

fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, (Vec<u8>, SystemTime)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(base, &p, out);
        } else {
            let rel = p
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let bytes = std::fs::read(&p).unwrap();
            let mtime = e.metadata().unwrap().modified().unwrap();
            out.insert(rel, (bytes, mtime));
        }
    }
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

/// A finished run.
pub struct Run(pub Output);

impl Run {
    pub fn code(&self) -> i32 {
        self.0.status.code().unwrap_or(-1)
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }
    /// Asserts success and returns self.
    pub fn ok(self) -> Self {
        assert_eq!(
            self.code(),
            0,
            "stderr:\n{}\nstdout:\n{}",
            self.stderr(),
            self.stdout()
        );
        self
    }
    /// The JSON diagnostics printed with `--message-format json`.
    pub fn json(&self) -> Vec<serde_json::Value> {
        self.stdout()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
            .collect()
    }
}

/// The 1-based line of the first line of shipped file `rel` that contains `needle`.
pub fn line_of(rel: &str, needle: &str) -> u64 {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap();
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{rel} has no line with {needle:?}")) as u64
        + 1
}

/// The 1-based character column of `needle` in the first line of `rel` containing it.
pub fn column_of(rel: &str, needle: &str) -> u64 {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap();
    let line = text.lines().find(|l| l.contains(needle)).unwrap();
    line[..line.find(needle).unwrap()].chars().count() as u64 + 1
}

/// Whether `tool` is installed. Where it is not, a test that needs it says so and
/// passes, unless the environment variable `require` is set (as `.ci/run` sets it),
/// in which case it fails.
pub fn tool_or_skip(tool: &str, require: &str) -> bool {
    if Command::new(tool).arg("version").output().is_ok() {
        return true;
    }
    assert!(
        std::env::var_os(require).is_none(),
        "{require} is set but `{tool}` is not installed (apt-get install {tool})"
    );
    eprintln!("skipped: `{tool}` is not installed (apt-get install {tool})");
    false
}

/// Every message the content uses, formatted as plain text in `lang`.
pub fn content_texts(p: &Project, lang: &str) -> Vec<(String, String)> {
    let loaded = memorandum::load::load(p.root());
    let publication = loaded.publication.unwrap();
    let localizer = memorandum::i18n::Localizer::new(&loaded.locales);
    let lang = memorandum::model::Lang::parse(lang).unwrap();
    publication
        .messages()
        .into_iter()
        .map(|m| {
            let nodes = localizer.message(&lang, m).unwrap();
            (m.id.to_string(), memorandum::markup::to_plain(&nodes))
        })
        .collect()
}
