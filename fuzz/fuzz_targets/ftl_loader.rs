//! Any text as a French translation file of the shipped project: loading, checking
//! and formatting every message never panic nor overflow the stack.
#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;
use memorandum::model::Lang;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else { return };
    let root = dir.path();
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let fr = root.join("locales/fr");
    let nl = root.join("locales/nl");
    if std::fs::create_dir_all(root.join("content")).is_err()
        || std::fs::create_dir_all(&fr).is_err()
        || std::fs::create_dir_all(&nl).is_err()
    {
        return;
    }
    for f in ["content/memorandum.yaml", "content/next-steps.yaml"] {
        let _ = std::fs::copy(shipped.join(f), root.join(f));
    }
    let _ = std::fs::write(fr.join("fuzz.ftl"), data);
    let _ = std::fs::write(nl.join("fuzz.ftl"), data);
    let loaded = memorandum::load::load_with(root, None);
    let Ok(lang) = Lang::parse("fr") else { return };
    let localizer = memorandum::i18n::Localizer::new(&loaded.locales);
    if let Some(files) = loaded.locales.by_lang.get(&lang) {
        for id in files.messages.keys() {
            let _ = localizer.format(&lang, id, None, &BTreeMap::new());
        }
    }
    let _ = memorandum::l10n::all(&loaded.locales, &lang, None, &Default::default(), &loaded.sources);
});
