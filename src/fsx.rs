//! Reading files without trusting them. Only a regular file is read, and at most
//! a given number of bytes, whatever its metadata says: a link to `/dev/zero`
//! reports a size of 0 and never ends, a FIFO blocks the reader until someone
//! writes into it. Opening never blocks (on Unix, `O_NONBLOCK`), and what was
//! opened is checked before a byte is read.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// The path is not a regular file: what it is instead ("a folder", "a FIFO",
    /// "a device", "a socket", "a symbolic link").
    NotAFile(&'static str),
    /// The file holds more than the limit, in bytes.
    TooLarge(u64),
    /// Opening or reading failed.
    Io(std::io::Error),
}

impl ReadError {
    /// Whether the file does not exist (a link to nothing included).
    pub fn is_missing(&self) -> bool {
        matches!(self, ReadError::Io(e) if e.kind() == std::io::ErrorKind::NotFound)
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotAFile(what) => write!(f, "it is {what}, not a regular file"),
            ReadError::TooLarge(limit) => write!(f, "it holds more than {}", size(*limit)),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// A size for people: "32 MiB", "512 KiB", "100 bytes".
pub fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MiB", bytes >> 20)
    } else if bytes >= 1 << 10 && bytes.is_multiple_of(1 << 10) {
        format!("{} KiB", bytes >> 10)
    } else {
        format!("{bytes} bytes")
    }
}

/// What a file type is, for a message.
fn kind(t: std::fs::FileType) -> &'static str {
    if t.is_dir() {
        return "a folder";
    }
    if t.is_symlink() {
        return "a symbolic link";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// Opens `path` for reading if it is a regular file, with its size. With
/// `follow` false, a symbolic link (as the last component) is refused rather
/// than followed.
fn open_regular(path: &Path, follow: bool) -> Result<(File, u64), ReadError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let mut flags = libc::O_NONBLOCK | libc::O_NOCTTY;
        if !follow {
            flags |= libc::O_NOFOLLOW;
        }
        options.custom_flags(flags);
    }
    #[cfg(not(unix))]
    if !follow && std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(ReadError::NotAFile("a symbolic link"));
    }
    let file = options.open(path).map_err(|e| {
        #[cfg(unix)]
        if !follow && e.raw_os_error() == Some(libc::ELOOP) {
            return ReadError::NotAFile("a symbolic link");
        }
        ReadError::Io(e)
    })?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile(kind(meta.file_type())));
    }
    Ok((file, meta.len()))
}

/// Reads the regular file at `path`, at most `limit` bytes (more is an error).
pub fn read(path: &Path, limit: u64, follow: bool) -> Result<Vec<u8>, ReadError> {
    // A regular file's size is what it holds (it may grow while read: the
    // limit still holds).
    let (file, len) = open_regular(path, follow)?;
    if len > limit {
        return Err(ReadError::TooLarge(limit));
    }
    let hint = len;
    let mut bytes = Vec::with_capacity(usize::try_from(hint).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(limit));
    }
    Ok(bytes)
}

/// What is at `path`, not following a final link: `Ok(None)` when nothing is,
/// else a description when it is not a regular file.
pub fn not_regular(path: &Path) -> std::io::Result<Option<&'static str>> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => Ok(None),
        Ok(m) => Ok(Some(kind(m.file_type()))),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_file_is_read_within_its_limit() {
        let dir = tempfile::tempdir().expect("tempdir");
        let f = dir.path().join("a.txt");
        std::fs::write(&f, b"0123456789").expect("write");
        assert_eq!(read(&f, 10, true).expect("read"), b"0123456789");
        assert!(matches!(read(&f, 9, true), Err(ReadError::TooLarge(9))));
        assert!(read(&dir.path().join("none"), 10, true).is_err_and(|e| e.is_missing()));
        // A huge (sparse) file is refused without being read into memory.
        let big = dir.path().join("big");
        std::fs::File::create(&big)
            .and_then(|f| f.set_len(3 << 30))
            .expect("sparse file");
        assert!(matches!(
            read(&big, 1 << 20, true),
            Err(ReadError::TooLarge(_))
        ));
    }

    #[test]
    fn a_folder_is_not_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(matches!(
            read(dir.path(), 10, true),
            Err(ReadError::NotAFile("a folder"))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn devices_fifos_and_unfollowed_links_are_refused_without_blocking() {
        let dir = tempfile::tempdir().expect("tempdir");
        let zero = dir.path().join("zero");
        std::os::unix::fs::symlink("/dev/zero", &zero).expect("link");
        // The size /dev/zero reports is 0: the limit must not trust it.
        assert!(matches!(
            read(&zero, 1 << 20, true),
            Err(ReadError::NotAFile("a device"))
        ));
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            // Would block for ever without O_NONBLOCK: no writer ever comes.
            assert!(matches!(
                read(&fifo, 10, true),
                Err(ReadError::NotAFile("a FIFO"))
            ));
        }
        let file = dir.path().join("file");
        std::fs::write(&file, b"x").expect("write");
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&file, &link).expect("link");
        assert_eq!(read(&link, 10, true).expect("followed"), b"x");
        assert!(matches!(
            read(&link, 10, false),
            Err(ReadError::NotAFile("a symbolic link"))
        ));
    }
}
