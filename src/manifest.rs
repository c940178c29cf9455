//! `output/manifest.json`: every file the build writes, with its language(s),
//! format, size and SHA-256, sorted by path, for a website pipeline to read instead
//! of globbing. It also tells the next build which files are its own, so that files
//! of editions that no longer exist are removed and nothing else is touched.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::pipeline::Output;

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
    /// Keeps the entries of `previous` that `keep` says this build did not concern
    /// (other languages or formats), so they are neither forgotten nor removed.
    pub fn carry_over(&mut self, previous: &Manifest, keep: impl Fn(&Entry) -> bool) {
        for e in &previous.files {
            if safe(&e.path) && !self.files.iter().any(|f| f.path == e.path) && keep(e) {
                self.files.push(e.clone());
            }
        }
        self.files.sort_by(|a, b| a.path.cmp(&b.path));
    }

    /// Pretty, stable JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self)
            .map(|s| s + "\n")
            .unwrap_or_default()
    }
}

/// The manifest of `outputs`.
pub fn of(outputs: &[Output]) -> Manifest {
    let mut files: Vec<Entry> = outputs
        .iter()
        .map(|o| {
            let name = o.path.rsplit_once('/').map_or(o.path.as_str(), |(_, n)| n);
            let languages = o.languages.clone();
            let format = name.rsplit_once('.').map_or("", |(_, e)| e).to_owned();
            let digest = Sha256::digest(&o.bytes);
            Entry {
                path: o.path.clone(),
                languages,
                format,
                bytes: o.bytes.len(),
                sha256: digest.iter().map(|b| format!("{b:02x}")).collect(),
            }
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Manifest {
        generator: format!("memorandum {}", env!("CARGO_PKG_VERSION")),
        files,
    }
}

/// The manifest a previous build left, if any and readable.
pub fn read(out: &Path) -> Option<Manifest> {
    let text = std::fs::read_to_string(out.join(FILE)).ok()?;
    serde_json::from_str(&text).ok()
}

/// A path a manifest may name: relative, inside the output folder.
fn safe(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '/'))
}

/// Removes the files `previous` lists that `current` does not, and their folders if
/// that leaves them empty. Returns what was removed.
pub fn remove_stale(out: &Path, previous: Option<&Manifest>, current: &Manifest) -> Vec<String> {
    let Some(previous) = previous else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for old in &previous.files {
        if !safe(&old.path) || current.files.iter().any(|f| f.path == old.path) {
            continue;
        }
        let path = out.join(&old.path);
        if std::fs::remove_file(&path).is_ok() {
            removed.push(old.path.clone());
            if let Some(dir) = path.parent()
                && dir != out
            {
                // Only succeeds on an empty folder.
                let _ = std::fs::remove_dir(dir);
            }
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_from_a_manifest_stay_inside_the_output_folder() {
        assert!(safe("fr/smart-city-memorandum.html"));
        assert!(!safe("../etc/passwd"));
        assert!(!safe("/etc/passwd"));
        assert!(!safe("fr/../../x"));
        assert!(!safe(""));
    }
}
