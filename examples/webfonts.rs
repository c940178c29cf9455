//! Writes the web fonts of the HTML editions into `src/render/webfonts/`:
//! each face the stylesheet uses, cut down to the characters of French and
//! Dutch text (Basic Latin, Latin-1, Latin Extended-A, the punctuation of both
//! typographies) and compressed as WOFF2. The build embeds them and writes them
//! beside the pages. Run after changing a font or the character ranges:
//!   cargo run --example webfonts
//! `tests/cli/webfonts.rs` checks that the files are what this makes.

include!("support/webfonts_make.rs");

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/render/webfonts");
    for (name, bytes) in make() {
        let path = dir.join(name);
        std::fs::write(&path, &bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        println!("{name}: {} bytes", bytes.len());
    }
}
