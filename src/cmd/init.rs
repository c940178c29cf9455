//! `memorandum init DIR`: a new publication skeleton (content, French and Dutch
//! locales, the default templates) that builds at once.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::load::templates::DEFAULTS;
use crate::model::Date;

/// The skeleton's own files, by path under the new folder. `{{PUBLISHED}}` and
/// `{{DEADLINE}}` are replaced with this month and the end of this year.
const SKELETON: [(&str, &str); 8] = [
    (
        "content/memorandum.yaml",
        include_str!("skeleton/content/memorandum.yaml"),
    ),
    (
        "content/next-steps.yaml",
        include_str!("skeleton/content/next-steps.yaml"),
    ),
    (
        "locales/fr/publication.ftl",
        include_str!("skeleton/locales/fr/publication.ftl"),
    ),
    (
        "locales/fr/memorandum.ftl",
        include_str!("skeleton/locales/fr/memorandum.ftl"),
    ),
    (
        "locales/fr/next-steps.ftl",
        include_str!("skeleton/locales/fr/next-steps.ftl"),
    ),
    (
        "locales/nl/publication.ftl",
        include_str!("skeleton/locales/nl/publication.ftl"),
    ),
    (
        "locales/nl/memorandum.ftl",
        include_str!("skeleton/locales/nl/memorandum.ftl"),
    ),
    (
        "locales/nl/next-steps.ftl",
        include_str!("skeleton/locales/nl/next-steps.ftl"),
    ),
];

/// Every file `init` writes, with its text: the skeleton, the default templates
/// under `templates/`, and a `.gitignore` for `output/`.
pub fn files(today: Date) -> Vec<(String, String)> {
    let published = format!("{:04}-{:02}", today.year, today.month);
    let deadline = format!("{:04}-12-31", today.year);
    let mut files: Vec<(String, String)> = SKELETON
        .iter()
        .map(|(path, text)| {
            let text = text
                .replace("{{PUBLISHED}}", &published)
                .replace("{{DEADLINE}}", &deadline);
            ((*path).to_owned(), text)
        })
        .collect();
    files.extend(
        DEFAULTS
            .iter()
            .map(|(name, text)| (format!("templates/{name}"), (*text).to_owned())),
    );
    files.push((".gitignore".to_owned(), "/output/\n".to_owned()));
    files
}

/// Runs `init DIR`. Nothing is overwritten: if any of the files exists, nothing
/// is written and the exit status is 2.
pub fn run(dir: &Path) -> ExitCode {
    let today = Date::source_date_epoch().unwrap_or_else(|| {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
        Date::from_unix(secs)
    });
    let files = files(today);
    // `exists` is false for a link to nothing: that is in the way too.
    let existing: Vec<PathBuf> = files
        .iter()
        .map(|(rel, _)| dir.join(rel))
        .filter(|p| std::fs::symlink_metadata(p).is_ok())
        .collect();
    if !existing.is_empty() {
        let mut list: Vec<String> = existing
            .iter()
            .take(3)
            .map(|p| p.display().to_string())
            .collect();
        if existing.len() > 3 {
            list.push(format!("and {} more", existing.len() - 3));
        }
        return super::usage_error(&format!(
            "{} already holds a publication ({}); nothing was written. Choose a new or empty folder.",
            dir.display(),
            list.join(", ")
        ));
    }
    match write_all_or_nothing(dir, &files) {
        Ok(()) => {
            eprintln!(
                "wrote a new publication into {} ({} files). Build it with:\n  memorandum build --root {}",
                dir.display(),
                files.len(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}; nothing was written");
            ExitCode::from(super::EXIT_PROBLEMS)
        }
    }
}

/// Writes every file under `dir`, or none: each is first written and flushed
/// in a staging folder inside `dir`, then linked into place, never replacing
/// a file (a hard link fails on any name taken since the check, a link to
/// nothing included). On any failure, what was placed is removed, with the
/// folders made for it, and `dir` itself if this made it.
fn write_all_or_nothing(dir: &Path, files: &[(String, String)]) -> Result<(), String> {
    let made_dir = std::fs::symlink_metadata(dir).is_err();
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut placed: Vec<PathBuf> = Vec::new();
    let mut folders: Vec<PathBuf> = Vec::new();
    let result = (|| {
        let staging = tempfile::Builder::new()
            .prefix(".memorandum-init-")
            .tempdir_in(dir)
            .map_err(|e| format!("cannot write into {}: {e}", dir.display()))?;
        for (i, (_, text)) in files.iter().enumerate() {
            let path = staging.path().join(i.to_string());
            write_new(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
        for (i, (rel, text)) in files.iter().enumerate() {
            let target = dir.join(rel);
            if let Some(parent) = target.parent() {
                let missing: Vec<PathBuf> = parent
                    .ancestors()
                    .take_while(|a| *a != dir && std::fs::symlink_metadata(a).is_err())
                    .map(Path::to_path_buf)
                    .collect();
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
                folders.extend(missing.into_iter().rev());
            }
            match std::fs::hard_link(staging.path().join(i.to_string()), &target) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    return Err(format!("cannot write {}: {e}", target.display()));
                }
                // A file system without hard links: written in place, still
                // never over an existing file.
                Err(_) => write_new(&target, text)
                    .map_err(|e| format!("cannot write {}: {e}", target.display()))?,
            }
            placed.push(target);
        }
        Ok(())
    })();
    if result.is_err() {
        for p in &placed {
            let _ = std::fs::remove_file(p);
        }
        // Deepest first; each only if empty.
        for f in folders.iter().rev() {
            let _ = std::fs::remove_dir(f);
        }
        if made_dir {
            let _ = std::fs::remove_dir(dir);
        }
    }
    result
}

/// Writes a file that must not exist yet, flushed to disk.
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_filled_in_and_templates_included() {
        let files = files(Date {
            year: 2027,
            month: 3,
            day: Some(9),
        });
        let text = |p: &str| files.iter().find(|(n, _)| n == p).map(|(_, t)| t.clone());
        let content = text("content/memorandum.yaml").unwrap();
        assert!(content.contains("published: 2027-03\n"), "{content}");
        assert!(!content.contains("{{"));
        assert!(
            text("content/next-steps.yaml")
                .unwrap()
                .contains("deadline: 2027-12-31")
        );
        assert!(text("templates/partials/style.css").is_some());
    }
}
