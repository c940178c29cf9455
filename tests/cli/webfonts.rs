//! The HTML editions' web fonts: what `examples/webfonts.rs` makes from the
//! shipped faces, written beside the pages, listed in the manifest, named by
//! the stylesheet with `font-display: swap`.

use crate::util::Project;

include!("../../examples/support/webfonts_make.rs");

/// The embedded files are what the generator makes now: a font or a range
/// changed without running it would show here.
#[test]
fn the_shipped_web_fonts_are_what_the_generator_makes() {
    let made = make();
    assert_eq!(made.len(), 5);
    for (name, bytes) in made {
        let (_, shipped) = memorandum::render::WEB_FONTS
            .iter()
            .find(|(path, _)| path.ends_with(name))
            .unwrap_or_else(|| panic!("{name} is not shipped"));
        assert!(bytes.starts_with(b"wOF2"), "{name} is WOFF2");
        assert!(bytes.len() < 40_000, "{name}: {} bytes", bytes.len());
        assert!(
            *shipped == bytes.as_slice(),
            "{name}: run `cargo run --example webfonts`"
        );
    }
}

/// A build writes the fonts and their licence under `fonts/`, lists them in
/// the manifest, and every page names them relative to itself, with
/// `font-display: swap`; a build without HTML writes none.
#[test]
fn pages_name_the_fonts_written_beside_them() {
    let p = Project::shipped();
    p.run(&[]).ok();
    let manifest = p.read("output/manifest.json");
    for (path, bytes) in memorandum::render::WEB_FONTS {
        assert_eq!(
            std::fs::read(p.path(&format!("output/{path}"))).expect(path),
            bytes
        );
        assert!(
            manifest.contains(&format!("\"path\": \"{path}\"")),
            "{path} in the manifest"
        );
    }
    for (page, prefix) in [
        ("output/index.html", "fonts/"),
        ("output/fr/smart-city-memorandum.html", "../fonts/"),
        ("output/fr-nl/smart-city-memorandum.html", "../fonts/"),
    ] {
        let html = p.read(page);
        for (path, _) in memorandum::render::WEB_FONTS
            .iter()
            .filter(|(p, _)| p.ends_with(".woff2"))
        {
            let name = path.trim_start_matches("fonts/");
            assert!(
                html.contains(&format!("url(\"{prefix}{name}\")")),
                "{page}: {name}"
            );
        }
        assert_eq!(html.matches("font-display: swap").count(), 5, "{page}");
    }
    let md = Project::shipped();
    md.run(&["build", "--format", "md"]).ok();
    assert!(!md.path("output/fonts").exists());
}

/// The fonts go with the HTML editions: a build of the Markdown alone keeps
/// them; a build of the HTML removes a font file of an earlier build that it
/// no longer writes.
#[test]
fn fonts_are_kept_or_removed_with_the_html_editions() {
    let p = Project::shipped();
    p.run(&[]).ok();
    // A font file an earlier build wrote (listed in its manifest, its bytes
    // unchanged) that this build no longer makes.
    let data = b"an earlier build's font";
    std::fs::write(p.path("output/fonts/old.woff2"), data).expect("write");
    let mut manifest: serde_json::Value =
        serde_json::from_str(&p.read("output/manifest.json")).expect("manifest");
    let publication = manifest["files"][0]["publication"].clone();
    let files = manifest["files"].as_array_mut().expect("files");
    files.push(serde_json::json!({
        "path": "fonts/old.woff2",
        "languages": [],
        "format": "woff2",
        "bytes": data.len(),
        "sha256": memorandum::output::sha256_hex(data),
        "publication": publication,
    }));
    files.sort_by(|a, b| a["path"].as_str().cmp(&b["path"].as_str()));
    p.write(
        "output/manifest.json",
        &serde_json::to_string_pretty(&manifest).expect("json"),
    );
    p.run(&["build", "--format", "md"]).ok();
    assert!(
        p.path("output/fonts/old.woff2").exists(),
        "kept by a Markdown build"
    );
    assert!(p.path("output/fonts/source-serif-4-regular.woff2").exists());
    let run = p.run(&["build"]).ok();
    assert!(run.stderr().contains("1 removed"), "{}", run.stderr());
    assert!(
        !p.path("output/fonts/old.woff2").exists(),
        "removed by an HTML build"
    );
}
