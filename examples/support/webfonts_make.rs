// The web fonts, made from the shipped TrueType faces (included by
// examples/webfonts.rs and tests/cli/webfonts.rs; not an example of its own).

/// The characters kept: French and Dutch text and their punctuation.
fn web_chars() -> std::collections::BTreeSet<char> {
    let ranges = [
        ('\u{20}', '\u{7e}'),
        ('\u{a0}', '\u{ff}'),
        ('\u{100}', '\u{17f}'),
        ('\u{2010}', '\u{2027}'),
        ('\u{202f}', '\u{203a}'),
        ('\u{2044}', '\u{2044}'),
        ('\u{20ac}', '\u{20ac}'),
        ('\u{2122}', '\u{2122}'),
        ('\u{2190}', '\u{2193}'),
        ('\u{2212}', '\u{2212}'),
    ];
    ranges
        .iter()
        .flat_map(|&(a, b)| a..=b)
        .collect()
}

/// Each file's name and WOFF2 bytes.
fn make() -> Vec<(&'static str, Vec<u8>)> {
    use memorandum::render::pdf::fonts::{Face, web_subset};
    let chars = web_chars();
    [
        (Face::Serif, "source-serif-4-regular.woff2"),
        (Face::SerifItalic, "source-serif-4-italic.woff2"),
        (Face::SerifBold, "source-serif-4-bold.woff2"),
        (Face::Sans, "source-sans-3-regular.woff2"),
        (Face::SansSemiBold, "source-sans-3-semibold.woff2"),
    ]
    .into_iter()
    .map(|(face, name)| {
        let ttf = web_subset(face, &chars).unwrap_or_else(|e| panic!("{name}: {e}"));
        let woff2 = ttf2woff2::encode(&ttf, ttf2woff2::BrotliQuality::default())
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        (name, woff2)
    })
    .collect()
}
