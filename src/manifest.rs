//! `output/manifest.json`: every file the build writes, with its language(s),
//! format, size and SHA-256, sorted by path, for a website pipeline to read instead
//! of globbing. It also tells the next build which files are its own, so that files
//! of editions that no longer exist are removed and nothing else is touched.

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::output::{Output, Removal, safe, sha256_hex};

/// The manifest's path under the output folder.
pub const FILE: &str = "manifest.json";

/// One file the build wrote.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    /// Path under the output folder, with `/` separators.
    pub path: String,
    /// Languages of the file (two for a bilingual edition, all for the index).
    pub languages: Vec<String>,
    /// `html`, `md` or `pdf`.
    pub format: String,
    /// Size in bytes.
    pub bytes: usize,
    /// SHA-256 of the bytes, hex.
    pub sha256: String,
    /// The id of the publication the file belongs to (empty in manifests of
    /// earlier versions): files of another publication in the same folder are
    /// never removed.
    #[serde(default)]
    pub publication: String,
}

/// The manifest.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Manifest {
    /// Who wrote it.
    pub generator: String,
    /// The files, sorted by path.
    pub files: Vec<Entry>,
}

impl Manifest {
    /// Keeps the entries of `previous` that this build does not replace: those
    /// `keep` says this build did not concern (other languages or formats), and
    /// those of another publication whose file is still there. Returns how many
    /// entries of other publications were kept.
    pub fn carry_over(
        &mut self,
        previous: &Manifest,
        out: &Path,
        keep: impl Fn(&Entry) -> bool,
    ) -> usize {
        let mut others = 0;
        for e in &previous.files {
            if !safe(&e.path) || self.files.iter().any(|f| f.path == e.path) {
                continue;
            }
            let other = self.is_other(e);
            if (other && out.join(&e.path).is_file()) || (!other && keep(e)) {
                others += usize::from(other);
                self.files.push(e.clone());
            }
        }
        self.files.sort_by(|a, b| a.path.cmp(&b.path));
        others
    }

    /// Whether `e` belongs to another publication than this manifest's.
    fn is_other(&self, e: &Entry) -> bool {
        let mine = self.files.first().map_or("", |f| f.publication.as_str());
        !e.publication.is_empty() && !mine.is_empty() && e.publication != mine
    }

    /// The files `previous` lists that this manifest does not: to remove if they
    /// still hold what was written.
    pub fn removals(&self, previous: &Manifest) -> Vec<Removal> {
        previous
            .files
            .iter()
            .filter(|e| {
                safe(&e.path) && !self.is_other(e) && !self.files.iter().any(|f| f.path == e.path)
            })
            .map(|e| Removal {
                path: e.path.clone(),
                sha256: e.sha256.clone(),
            })
            .collect()
    }

    /// Pretty, stable JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self)
            .map(|s| s + "\n")
            .unwrap_or_default()
    }
}

/// The manifest of `outputs`, the files of publication `publication`.
pub fn of(outputs: &[Output], publication: &str) -> Manifest {
    let mut files: Vec<Entry> = outputs
        .iter()
        .map(|o| {
            let name = o.path.rsplit_once('/').map_or(o.path.as_str(), |(_, n)| n);
            let languages = o.languages.clone();
            let format = name.rsplit_once('.').map_or("", |(_, e)| e).to_owned();
            Entry {
                path: o.path.clone(),
                languages,
                format,
                bytes: o.bytes.len(),
                sha256: sha256_hex(&o.bytes),
                publication: publication.to_owned(),
            }
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Manifest {
        generator: format!("memorandum {}", env!("CARGO_PKG_VERSION")),
        files,
    }
}

/// The largest manifest read.
const MAX_BYTES: u64 = 16 << 20;

/// The manifest a previous build left: `Ok(None)` when there is none, `Err` saying
/// why when there is one that cannot be read.
pub fn read(out: &Path) -> Result<Option<Manifest>, String> {
    // The manifest is a few KiB: one far larger is not ours (and is not read
    // into memory).
    let bytes = match crate::fsx::read(&out.join(FILE), MAX_BYTES, false) {
        Ok(b) => b,
        Err(e) if e.is_missing() => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    let text = String::from_utf8(bytes).map_err(|e| e.to_string())?;
    match serde_json::from_str::<Manifest>(&text) {
        Ok(m) if !m.generator.is_empty() => Ok(Some(m)),
        Ok(_) => Err("no generator named".into()),
        Err(e) => Err(e.to_string()),
    }
}

/// What a build of some languages or formats concerns: the other editions of a
/// previous build are kept as they are.
#[derive(Debug, Clone)]
pub struct Subset {
    /// The formats built (`html`, `md`, `pdf`).
    pub formats: Vec<String>,
    /// The languages built; `None` for all.
    pub languages: Option<Vec<String>>,
}

/// The manifest of a build and what it means for the files a previous build left.
#[derive(Debug)]
pub struct Plan {
    /// `manifest.json`, to write last.
    pub file: Output,
    /// Files of editions that no longer exist, to remove if unchanged.
    pub removals: Vec<Removal>,
    /// Paths the tool may replace: those the previous manifest lists.
    pub ours: Vec<String>,
    /// Warnings: a damaged previous manifest, files of another publication.
    pub warnings: Vec<Diagnostic>,
}

/// Plans the manifest of `outputs` (publication `publication`) against the one a
/// previous build left in `out`: a build of a subset keeps the other editions; a
/// full build forgets (and removes) what no longer exists; files of another
/// publication are kept; a damaged manifest is a warning, and then the edition
/// paths are taken as ours, as it named them, and nothing is removed.
pub fn plan(out: &Path, publication: &str, outputs: &[Output], subset: &Subset) -> Plan {
    let mut warnings = Vec::new();
    let previous = match read(out) {
        Ok(m) => m,
        Err(why) => {
            warnings.push(
                Diagnostic::warning(
                    "manifest-unreadable",
                    format!("{} cannot be read ({why}): no file of a previous build was removed; it is written anew", out.join(FILE).display()),
                )
                .hint("files of editions that no longer exist, if any, must be removed by hand this once"),
            );
            let mut ours: Vec<String> = outputs.iter().map(|o| o.path.clone()).collect();
            ours.push(FILE.to_owned());
            return Plan {
                file: of(outputs, publication).into_output(),
                removals: Vec::new(),
                ours,
                warnings,
            };
        }
    };
    let mut manifest = of(outputs, publication);
    let mut removals = Vec::new();
    let mut ours = Vec::new();
    if let Some(previous) = &previous {
        let others = manifest.carry_over(previous, out, |e| {
            // The web fonts go with the HTML editions: a build of HTML
            // replaces them (and removes those it no longer writes).
            let format = if e.path.starts_with(crate::render::WEB_FONTS_DIR) {
                "html"
            } else {
                e.format.as_str()
            };
            !subset.formats.iter().any(|f| f == format)
                || subset
                    .languages
                    .as_ref()
                    .is_some_and(|l| e.languages.iter().any(|x| !l.contains(x)))
        });
        if others > 0 {
            warnings.push(
                Diagnostic::warning(
                    "output-shared",
                    format!(
                        "{} also holds {others} file(s) of another publication: they are kept, and index.html now lists `{publication}` only",
                        out.display()
                    ),
                )
                .hint("give each publication its own output folder (--out)"),
            );
        }
        removals = manifest.removals(previous);
        ours = previous.files.iter().map(|f| f.path.clone()).collect();
        ours.push(FILE.to_owned());
    }
    Plan {
        file: manifest.into_output(),
        removals,
        ours,
        warnings,
    }
}

impl Manifest {
    /// The manifest as the file the build writes.
    fn into_output(self) -> Output {
        Output {
            path: FILE.to_owned(),
            bytes: self.to_json().into_bytes(),
            languages: Vec::new(),
        }
    }
}
