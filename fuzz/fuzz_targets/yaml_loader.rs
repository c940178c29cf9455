//! Any bytes as `content/memorandum.yaml`: loading never panics, and what is
//! refused is refused with a diagnostic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else { return };
    let content = dir.path().join("content");
    if std::fs::create_dir_all(&content).is_err()
        || std::fs::write(content.join("memorandum.yaml"), data).is_err()
        || std::fs::write(content.join("next-steps.yaml"), data).is_err()
    {
        return;
    }
    let loaded = memorandum::load::load_with(dir.path(), None);
    if loaded.publication.is_none() {
        assert!(!loaded.diagnostics.is_empty(), "refused without a diagnostic");
    }
});
