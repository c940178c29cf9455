//! Writing a build into the output folder as one transaction.
//!
//! Every file whose bytes changed is first written into `OUT/.memorandum-staging/`
//! and flushed to disk; then a journal naming them (and the files of editions that
//! no longer exist) is committed by an atomic rename; then the files are renamed
//! into place, the manifest last, and the old files removed. A build stopped before
//! the journal is committed has changed nothing in the output; one stopped after it
//! is completed by the next run on that folder ([`recover`]), before anything else.
//! One build writes into a folder at a time: the folder is locked while it is
//! written. Nothing is ever written or removed through a symbolic link.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::diagnostics::Diagnostic;

/// A file the build produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Path under the output folder, with `/` separators.
    pub path: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// The languages of its text.
    pub languages: Vec<String>,
}

/// The folder, under the output folder, where a build stages its files.
pub const STAGING: &str = ".memorandum-staging";
/// The journal inside [`STAGING`]: once it exists, the build is committed.
const JOURNAL: &str = "journal.json";

/// A file of a previous build to remove, if it still has the bytes we wrote.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Removal {
    /// Path under the output folder.
    pub path: String,
    /// SHA-256 the file must still have, hex.
    pub sha256: String,
}

/// A file staged under [`STAGING`], with the SHA-256 of the bytes staged: a
/// build stopped after its commit is completed only with files that still hold
/// exactly what was staged.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Staged {
    path: String,
    sha256: String,
}

/// The committed intent of a build.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Journal {
    /// Files staged under [`STAGING`], to rename into place in this order.
    writes: Vec<Staged>,
    /// Files to remove once every write is in place.
    removals: Vec<Removal>,
}

/// The largest file of a previous build that is read back (to compare it with
/// what a build makes, or to check a staged file): far above any edition, and
/// a file larger than this cannot be one memorandum wrote.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// The largest journal read: a few KiB per thousand files.
const MAX_JOURNAL_BYTES: u64 = 16 << 20;

/// What a transaction did.
#[derive(Debug, Default)]
pub struct Done {
    /// Files written (renamed into place).
    pub written: Vec<String>,
    /// Files removed.
    pub removed: Vec<String>,
    /// Files that were to be removed but were left: changed by someone else, or
    /// reached through a link. Each is a warning.
    pub kept: Vec<Diagnostic>,
}

/// The output folder, locked for writing: released when dropped.
#[derive(Debug)]
pub struct Locked {
    out: PathBuf,
    _handle: File,
    created: bool,
}

impl Locked {
    /// The locked folder.
    pub fn path(&self) -> &Path {
        &self.out
    }
}

/// Creates the output folder if needed and locks it against other builds (waiting
/// for one that holds it to finish).
pub fn lock(out: &Path) -> Result<Locked, Diagnostic> {
    let created = !out.exists();
    std::fs::create_dir_all(out).map_err(|e| io_error("cannot create", out, &e))?;
    let handle = open_folder(out).map_err(|e| io_error("cannot open", out, &e))?;
    match handle.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            eprintln!(
                "waiting for another build writing into {} to finish",
                out.display()
            );
            handle
                .lock()
                .map_err(|e| io_error("cannot lock", out, &e))?;
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(io_error("cannot lock", out, &e)),
    }
    Ok(Locked {
        out: out.to_owned(),
        _handle: handle,
        created,
    })
}

/// Opens a folder as a file, to lock it (Windows needs a flag for folders).
fn open_folder(dir: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        // FILE_FLAG_BACKUP_SEMANTICS: the only way to open a directory.
        options.custom_flags(0x0200_0000);
    }
    options.open(dir)
}

/// Completes or cleans up a build that was stopped while writing into `out`:
/// a committed one is completed, an uncommitted one's staged files are removed,
/// as are temporary files left by earlier versions. Returns a warning saying what
/// was done, if anything was.
pub fn recover(out: &Locked) -> Result<Option<Diagnostic>, Diagnostic> {
    let dir = out.path();
    let mut said = remove_legacy_temporaries(dir);
    let staging = dir.join(STAGING);
    match std::fs::symlink_metadata(&staging) {
        Err(_) => {}
        Ok(meta) if !meta.is_dir() => {
            return Err(Diagnostic::error(
                "output-not-ours",
                format!(
                    "{} is not a folder memorandum made (a link or a file)",
                    staging.display()
                ),
            )
            .hint("remove it: memorandum stages its files there"));
        }
        Ok(_) => {
            let journal = crate::fsx::read(&staging.join(JOURNAL), MAX_JOURNAL_BYTES, false)
                .ok()
                .and_then(|b| serde_json::from_slice::<Journal>(&b).ok());
            let message = match journal.map(|j| (untrusted(&staging, &j), j)) {
                Some((Some(why), _)) => format!(
                    "an interrupted build's staging folder {} was removed without being completed: {why}; \
                     this build writes every edition anew",
                    staging.display()
                ),
                Some((None, journal)) => {
                    let done = apply(dir, &journal)?;
                    format!(
                        "an interrupted build into {} was completed ({} file{} written, {} removed)",
                        dir.display(),
                        done.written.len(),
                        if done.written.len() == 1 { "" } else { "s" },
                        done.removed.len()
                    )
                }
                None => format!(
                    "an interrupted build into {} had changed nothing; its staged files were removed",
                    dir.display()
                ),
            };
            std::fs::remove_dir_all(&staging)
                .map_err(|e| io_error("cannot remove", &staging, &e))?;
            said = Some(message);
        }
    }
    Ok(said.map(|m| Diagnostic::warning("interrupted-build", m)))
}

/// Why the staging folder cannot be trusted to complete `journal`, if it
/// cannot: a symbolic link or anything but folders and files at any depth, a
/// path the journal names that is not a plain path inside the output, or a
/// staged file whose bytes are not those the journal recorded. (A staged file
/// that is missing was moved into place before the interruption.)
fn untrusted(staging: &Path, journal: &Journal) -> Option<String> {
    let mut folders = vec![staging.to_owned()];
    while let Some(folder) = folders.pop() {
        let entries = match std::fs::read_dir(&folder) {
            Ok(e) => e,
            Err(e) => return Some(format!("{} cannot be read: {e}", folder.display())),
        };
        for e in entries {
            let e = match e {
                Ok(e) => e,
                Err(e) => return Some(format!("{} cannot be read: {e}", folder.display())),
            };
            match e.file_type() {
                Ok(t) if t.is_dir() => folders.push(e.path()),
                Ok(t) if t.is_file() => {}
                Ok(_) => {
                    return Some(format!(
                        "{} is a link or a special file, which memorandum never stages",
                        e.path().display()
                    ));
                }
                Err(err) => return Some(format!("{}: {err}", e.path().display())),
            }
        }
    }
    for w in &journal.writes {
        if !safe(&w.path) {
            return Some(format!(
                "the journal names `{}`, not a path memorandum writes",
                w.path
            ));
        }
        let from = staging.join(&w.path);
        match crate::fsx::read(&from, MAX_FILE_BYTES, false) {
            Ok(bytes) if sha256_hex(&bytes) == w.sha256 => {}
            Ok(_) => return Some(format!("{} changed since it was staged", from.display())),
            Err(e) if e.is_missing() => {}
            Err(e) => return Some(format!("{} cannot be checked: {e}", from.display())),
        }
    }
    journal.removals.iter().find(|r| !safe(&r.path)).map(|r| {
        format!(
            "the journal names `{}`, not a path memorandum writes",
            r.path
        )
    })
}

/// Removes the `.memorandum-` temporary files (six letters or digits after the
/// dash) that versions before the journal left beside the editions when stopped
/// mid-write.
fn remove_legacy_temporaries(dir: &Path) -> Option<String> {
    let mut removed = 0;
    let mut dirs = vec![dir.to_owned()];
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            if e.file_type().is_ok_and(|t| t.is_dir()) && e.file_name() != STAGING {
                dirs.push(e.path());
            }
        }
    }
    for d in dirs {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name();
            let name = name.to_string_lossy();
            let legacy = name.strip_prefix(".memorandum-").is_some_and(|rest| {
                rest.len() == 6 && rest.chars().all(|c| c.is_ascii_alphanumeric())
            });
            if legacy
                && e.file_type().is_ok_and(|t| t.is_file())
                && std::fs::remove_file(e.path()).is_ok()
            {
                removed += 1;
            }
        }
    }
    (removed > 0)
        .then(|| format!("{removed} temporary file(s) left by an interrupted build were removed"))
}

/// A path a manifest or journal may name: relative, inside the output folder,
/// made of plain names.
pub fn safe(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != ".." && part != STAGING)
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '/'))
}

/// Why `out/path` cannot be written or removed by us: a folder on the way that is a
/// link or a file, or the path itself a link or a folder. `None` when it can.
fn obstacle(out: &Path, path: &str) -> Option<String> {
    let mut at = out.to_owned();
    let parts: Vec<&str> = path.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        at.push(part);
        let last = i + 1 == parts.len();
        match std::fs::symlink_metadata(&at) {
            Err(_) => return None,
            Ok(m) if m.file_type().is_symlink() => {
                return Some(format!("{} is a symbolic link", at.display()));
            }
            Ok(m) if !last && !m.is_dir() => {
                return Some(format!("{} is not a folder", at.display()));
            }
            Ok(m) if last && !m.is_file() => {
                return Some(format!("{} is not a file", at.display()));
            }
            Ok(_) => {}
        }
    }
    None
}

/// SHA-256 of `bytes`, hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether `out/path` is a plain file (reached through no link) holding the bytes
/// whose SHA-256 is `sha256`; else why not, or `Ok(None)` when it does not exist.
fn still_ours(out: &Path, path: &str, sha256: &str) -> Result<bool, String> {
    if let Some(why) = obstacle(out, path) {
        return Err(why);
    }
    match crate::fsx::read(&out.join(path), MAX_FILE_BYTES, false) {
        Ok(bytes) if sha256_hex(&bytes) == sha256 => Ok(true),
        Ok(_) | Err(crate::fsx::ReadError::TooLarge(_)) => Err(format!(
            "{} changed since memorandum wrote it",
            out.join(path).display()
        )),
        Err(e) if e.is_missing() => Ok(false),
        Err(e) => Err(format!(
            "{} cannot be read ({e}), so memorandum cannot tell whether it wrote it",
            out.join(path).display()
        )),
    }
}

/// Writes `outputs` (the manifest last: give it last) and removes `removals`, as one
/// transaction. A file whose bytes are unchanged is not rewritten. An existing
/// file is replaced only if `ours` (the paths the previous manifest lists) names it.
pub fn write(
    out: &Locked,
    outputs: &[&Output],
    removals: &[Removal],
    ours: &std::collections::BTreeSet<&str>,
) -> Result<Done, Diagnostic> {
    let dir = out.path();
    let refuse = |path: &str, why: String| {
        Err(Diagnostic::error(
            "output-not-ours",
            format!("cannot write {path}: {why}; nothing was written"),
        )
        .hint("memorandum replaces only files it wrote itself (listed in the output folder's manifest.json): move that file away, or choose another --out"))
    };
    // Every obstacle is found before anything is written.
    let mut changed = Vec::new();
    for o in outputs {
        if let Some(why) = obstacle(dir, &o.path) {
            return refuse(&o.path, why);
        }
        let at = dir.join(&o.path);
        match crate::fsx::read(&at, MAX_FILE_BYTES, false) {
            Ok(old) if old == o.bytes => continue,
            Ok(_) if !ours.contains(o.path.as_str()) => {
                return refuse(
                    &o.path,
                    format!("{} exists and was not written by memorandum", at.display()),
                );
            }
            Ok(_) => changed.push(*o),
            Err(e) if e.is_missing() => changed.push(*o),
            // A file that cannot be read may be anyone's: it is not replaced.
            Err(e) => {
                return refuse(
                    &o.path,
                    format!(
                        "{} cannot be read ({e}), so memorandum cannot tell whether it wrote it",
                        at.display()
                    ),
                );
            }
        }
    }
    let mut done = Done::default();
    let mut gone = Vec::new();
    for r in removals {
        match still_ours(dir, &r.path, &r.sha256) {
            Ok(true) => gone.push(r.clone()),
            Ok(false) => {}
            Err(why) => done.kept.push(
                Diagnostic::warning("output-kept", format!("{} was not removed: {why}", r.path))
                    .hint(
                        "it belongs to no edition any more; delete it yourself if it is not needed",
                    ),
            ),
        }
    }
    if changed.is_empty() && gone.is_empty() {
        return Ok(done);
    }
    let staging = dir.join(STAGING);
    let mut made = Vec::new();
    let staged = stage(dir, &staging, &changed, &mut made).and_then(|()| {
        let journal = Journal {
            writes: changed
                .iter()
                .map(|o| Staged {
                    path: o.path.clone(),
                    sha256: sha256_hex(&o.bytes),
                })
                .collect(),
            removals: gone,
        };
        commit(&staging, &journal).map(|()| journal)
    });
    let journal = match staged {
        Ok(j) => j,
        Err(d) => {
            let _ = std::fs::remove_dir_all(&staging);
            // The folders this build made for its files, deepest first; each only
            // if empty.
            for folder in made.iter().rev() {
                let _ = std::fs::remove_dir(folder);
            }
            if out.created {
                // Only succeeds on an empty folder: one this build made.
                let _ = std::fs::remove_dir(dir);
            }
            return Err(d);
        }
    };
    let applied = apply(dir, &journal)?;
    // The journal goes first: a staging folder without one is never replayed.
    let _ = std::fs::remove_file(staging.join(JOURNAL));
    std::fs::remove_dir_all(&staging).map_err(|e| io_error("cannot remove", &staging, &e))?;
    done.written = applied.written;
    done.removed = applied.removed;
    done.kept.extend(applied.kept);
    Ok(done)
}

/// Writes every changed file under the staging folder, flushed to disk, and makes
/// the folders they go to. Nothing in the output is changed.
fn stage(
    dir: &Path,
    staging: &Path,
    changed: &[&Output],
    made: &mut Vec<PathBuf>,
) -> Result<(), Diagnostic> {
    let nothing = |d: Diagnostic| {
        let hint = d.hint.clone().unwrap_or_default();
        d.hint(format!("nothing in the output folder was changed; {hint}"))
    };
    if std::fs::symlink_metadata(staging).is_ok() {
        std::fs::remove_dir_all(staging)
            .map_err(|e| nothing(io_error("cannot remove", staging, &e)))?;
    }
    let mut paths = Vec::with_capacity(changed.len());
    for o in changed {
        let target = dir.join(&o.path);
        if let Some(parent) = target.parent() {
            let mut missing: Vec<PathBuf> = parent
                .ancestors()
                .take_while(|a| *a != dir && !a.exists())
                .map(Path::to_path_buf)
                .collect();
            std::fs::create_dir_all(parent)
                .map_err(|e| nothing(io_error("cannot create", parent, &e)))?;
            missing.reverse();
            made.extend(missing);
        }
        let path = staging.join(&o.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| nothing(io_error("cannot create", parent, &e)))?;
        }
        paths.push(path);
    }
    // Written and flushed on every core: each flush waits on the disk. The
    // first failure in the outputs' order is the one reported.
    use rayon::prelude::*;
    let failures: Vec<Option<Diagnostic>> = changed
        .par_iter()
        .zip(&paths)
        .map(|(o, path)| {
            File::create(path)
                .and_then(|mut f| f.write_all(&o.bytes).and_then(|()| f.sync_all()))
                .err()
                .map(|e| io_error("cannot write", path, &e))
        })
        .collect();
    match failures.into_iter().flatten().next() {
        Some(d) => Err(nothing(d)),
        None => Ok(()),
    }
}

/// Writes the journal and renames it into place: the commit point.
fn commit(staging: &Path, journal: &Journal) -> Result<(), Diagnostic> {
    let nothing = |d: Diagnostic| d.hint("nothing in the output folder was changed");
    std::fs::create_dir_all(staging)
        .map_err(|e| nothing(io_error("cannot create", staging, &e)))?;
    let tmp = staging.join(format!("{JOURNAL}.part"));
    let bytes = serde_json::to_vec(journal).unwrap_or_default();
    let mut f = File::create(&tmp).map_err(|e| nothing(io_error("cannot write", &tmp, &e)))?;
    f.write_all(&bytes)
        .and_then(|()| f.sync_all())
        .map_err(|e| nothing(io_error("cannot write", &tmp, &e)))?;
    std::fs::rename(&tmp, staging.join(JOURNAL))
        .map_err(|e| nothing(io_error("cannot write", &tmp, &e)))?;
    // The journal's name must reach the disk before the first rename into place.
    if let Ok(d) = File::open(staging) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Carries out a committed journal; may be run again on the same journal after an
/// interruption (what was moved already is skipped).
fn apply(dir: &Path, journal: &Journal) -> Result<Done, Diagnostic> {
    let staging = dir.join(STAGING);
    let mut done = Done::default();
    for Staged { path, .. } in &journal.writes {
        let from = staging.join(path);
        if !safe(path) || std::fs::symlink_metadata(&from).is_err() {
            continue;
        }
        let refused = obstacle(dir, path);
        let result = match refused {
            Some(why) => Err(std::io::Error::other(why)),
            None => std::fs::rename(&from, dir.join(path)),
        };
        if let Err(e) = result {
            let left: Vec<&str> = journal
                .writes
                .iter()
                .map(|w| w.path.as_str())
                .filter(|p| !done.written.iter().any(|w| w == p))
                .collect();
            return Err(Diagnostic::error(
                "io",
                format!(
                    "cannot write {}: {e}; written so far: {}; not yet written: {}",
                    dir.join(path).display(),
                    list(&done.written),
                    left.join(", ")
                ),
            )
            .hint(format!(
                "the build is kept in {}; once the cause is fixed, the next build completes it",
                staging.display()
            )));
        }
        done.written.push(path.clone());
    }
    for r in &journal.removals {
        if !safe(&r.path) {
            continue;
        }
        match still_ours(dir, &r.path, &r.sha256) {
            Ok(true) => {
                let path = dir.join(&r.path);
                if std::fs::remove_file(&path).is_ok() {
                    done.removed.push(r.path.clone());
                    if let Some(parent) = path.parent()
                        && parent != dir
                    {
                        // Only succeeds on an empty folder.
                        let _ = std::fs::remove_dir(parent);
                    }
                }
            }
            Ok(false) => {}
            Err(why) => done.kept.push(Diagnostic::warning(
                "output-kept",
                format!("{} was not removed: {why}", r.path),
            )),
        }
    }
    let written: Vec<String> = journal.writes.iter().map(|w| w.path.clone()).collect();
    sync_folders(dir, &written);
    Ok(done)
}

/// Flushes the folders that received files, so the renames survive a power cut.
fn sync_folders(dir: &Path, paths: &[String]) {
    let mut folders: Vec<PathBuf> = paths
        .iter()
        .filter_map(|p| dir.join(p).parent().map(Path::to_owned))
        .collect();
    folders.sort();
    folders.dedup();
    use rayon::prelude::*;
    folders.par_iter().for_each(|f| {
        if let Ok(d) = File::open(f) {
            let _ = d.sync_all();
        }
    });
}

fn list(paths: &[String]) -> String {
    if paths.is_empty() {
        "none".to_owned()
    } else {
        paths.join(", ")
    }
}

fn io_error(what: &str, path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error("io", format!("{what} {}: {e}", path.display()))
        .hint("check that the output folder is writable and has room (--out)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_we_did_not_write_is_never_replaced() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("out");
        std::fs::create_dir_all(&out).expect("mkdir");
        std::fs::write(out.join("index.html"), "the site's own page").expect("write");
        let locked = lock(&out).expect("lock");
        let e = write(
            &locked,
            &[&output("index.html", "ours")],
            &[],
            &Default::default(),
        )
        .expect_err("refused");
        assert_eq!(e.code, "output-not-ours");
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).expect("read"),
            "the site's own page"
        );
        // Listed by the previous manifest, it is ours to replace.
        let ours = std::collections::BTreeSet::from(["index.html"]);
        write(&locked, &[&output("index.html", "ours")], &[], &ours).expect("replaced");
    }

    fn output(path: &str, text: &str) -> Output {
        Output {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
            languages: vec![],
        }
    }

    #[test]
    fn paths_from_a_manifest_stay_inside_the_output_folder() {
        assert!(safe("fr/smart-city-memorandum.html"));
        assert!(!safe("../etc/passwd"));
        assert!(!safe("/etc/passwd"));
        assert!(!safe("fr/../../x"));
        assert!(!safe(""));
        assert!(!safe(".memorandum-staging/journal.json"));
    }

    #[test]
    fn a_committed_journal_is_completed_by_recovery() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("out");
        let locked = lock(&out).expect("lock");
        write(
            &locked,
            &[&output("a/x.txt", "old"), &output("gone.txt", "bye")],
            &[],
            &Default::default(),
        )
        .expect("first write");
        let staging = out.join(STAGING);
        std::fs::create_dir_all(staging.join("a")).expect("mkdir");
        std::fs::write(staging.join("a/x.txt"), "new").expect("stage");
        let journal = Journal {
            writes: vec![staged("a/x.txt", "new")],
            removals: vec![Removal {
                path: "gone.txt".into(),
                sha256: sha256_hex(b"bye"),
            }],
        };
        commit(&staging, &journal).expect("commit");
        let said = recover(&locked).expect("recover").expect("a warning");
        assert!(
            said.message
                .contains("completed (1 file written, 1 removed)"),
            "{}",
            said.message
        );
        assert_eq!(
            std::fs::read_to_string(out.join("a/x.txt")).expect("read"),
            "new"
        );
        assert!(!out.join("gone.txt").exists());
        assert!(!staging.exists());
    }

    fn staged(path: &str, text: &str) -> Staged {
        Staged {
            path: path.into(),
            sha256: sha256_hex(text.as_bytes()),
        }
    }

    /// A committed build is completed only from files that hold what was
    /// staged: a staged file changed since, or a folder of the staging that is a
    /// link to elsewhere, makes the staging untrusted, and it is removed
    /// without a file being moved (nor the link's target touched).
    #[cfg(unix)]
    #[test]
    fn an_untrusted_staging_folder_is_discarded() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("out");
        let outside = tmp.path().join("outside");
        std::fs::create_dir_all(&outside).expect("mkdir");
        std::fs::write(outside.join("x.txt"), "outside").expect("write");
        let locked = lock(&out).expect("lock");
        write(
            &locked,
            &[&output("a/x.txt", "old")],
            &[],
            &Default::default(),
        )
        .expect("first write");
        let staging = out.join(STAGING);

        // A staged folder that is a link to an outside folder.
        std::fs::create_dir_all(&staging).expect("mkdir");
        std::os::unix::fs::symlink(&outside, staging.join("a")).expect("link");
        commit(
            &staging,
            &Journal {
                writes: vec![staged("a/x.txt", "outside")],
                removals: vec![],
            },
        )
        .expect("commit");
        let said = recover(&locked).expect("recover").expect("a warning");
        assert!(
            said.message.contains("without being completed"),
            "{}",
            said.message
        );
        assert!(said.message.contains("link"), "{}", said.message);
        assert_eq!(
            std::fs::read_to_string(out.join("a/x.txt")).expect("read"),
            "old"
        );
        assert_eq!(
            std::fs::read_to_string(outside.join("x.txt")).expect("read"),
            "outside"
        );
        assert!(!staging.exists());

        // A staged file changed after the journal was committed.
        std::fs::create_dir_all(staging.join("a")).expect("mkdir");
        std::fs::write(staging.join("a/x.txt"), "tampered").expect("stage");
        commit(
            &staging,
            &Journal {
                writes: vec![staged("a/x.txt", "new")],
                removals: vec![],
            },
        )
        .expect("commit");
        let said = recover(&locked).expect("recover").expect("a warning");
        assert!(
            said.message.contains("changed since it was staged"),
            "{}",
            said.message
        );
        assert_eq!(
            std::fs::read_to_string(out.join("a/x.txt")).expect("read"),
            "old"
        );
        assert!(!staging.exists());
    }

    /// A file in the way that cannot be read may be anyone's: it is not
    /// replaced (as a readable one the manifest does not list is not).
    #[cfg(unix)]
    #[test]
    fn a_file_that_cannot_be_read_is_not_replaced() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("out");
        std::fs::create_dir_all(&out).expect("mkdir");
        // A FIFO reads as nothing and never ends: it cannot be compared.
        let fifo = out.join("index.html");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return;
        }
        let locked = lock(&out).expect("lock");
        let ours = std::collections::BTreeSet::from(["index.html"]);
        let e = write(&locked, &[&output("index.html", "new")], &[], &ours).expect_err("refused");
        assert_eq!(e.code, "output-not-ours");
    }

    #[test]
    fn an_uncommitted_build_is_discarded_by_recovery() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("out");
        let locked = lock(&out).expect("lock");
        write(
            &locked,
            &[&output("x.txt", "old")],
            &[],
            &Default::default(),
        )
        .expect("first write");
        std::fs::create_dir_all(out.join(STAGING)).expect("mkdir");
        std::fs::write(out.join(STAGING).join("x.txt"), "new").expect("stage");
        std::fs::write(out.join(".memorandum-AbC123"), "tmp").expect("legacy");
        assert!(recover(&locked).expect("recover").is_some());
        assert_eq!(
            std::fs::read_to_string(out.join("x.txt")).expect("read"),
            "old"
        );
        assert!(!out.join(STAGING).exists());
        assert!(!out.join(".memorandum-AbC123").exists());
    }

    #[test]
    fn removal_needs_the_bytes_we_wrote_and_no_link() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("out");
        let locked = lock(&out).expect("lock");
        std::fs::write(out.join("edited.txt"), "edited by hand").expect("write");
        let outside = tmp.path().join("outside");
        std::fs::create_dir_all(&outside).expect("mkdir");
        std::fs::write(outside.join("x.txt"), "ours").expect("write");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&outside, out.join("linked")).expect("symlink");
        let removals = [
            Removal {
                path: "edited.txt".into(),
                sha256: sha256_hex(b"what we wrote"),
            },
            Removal {
                path: "linked/x.txt".into(),
                sha256: sha256_hex(b"ours"),
            },
        ];
        let done = write(
            &locked,
            &[&output("manifest.json", "{}")],
            &removals,
            &Default::default(),
        )
        .expect("write");
        assert!(done.removed.is_empty());
        assert_eq!(done.kept.len(), 2);
        assert!(out.join("edited.txt").exists());
        assert!(outside.join("x.txt").exists());
    }
}
