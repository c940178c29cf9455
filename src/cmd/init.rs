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
    let existing: Vec<PathBuf> = files
        .iter()
        .map(|(rel, _)| dir.join(rel))
        .filter(|p| p.exists())
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
    for (rel, text) in &files {
        if let Err(e) = write_new(&dir.join(rel), text) {
            eprintln!("error: cannot write {}: {e}", dir.join(rel).display());
            return ExitCode::from(super::EXIT_PROBLEMS);
        }
    }
    eprintln!(
        "wrote a new publication into {} ({} files). Build it with:\n  memorandum build --root {}",
        dir.display(),
        files.len(),
        dir.display()
    );
    ExitCode::SUCCESS
}

/// Writes a file that must not exist yet, creating its folder.
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes())
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
