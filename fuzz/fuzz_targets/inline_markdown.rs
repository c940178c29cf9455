//! Any text as a formatted message: inline Markdown parsing, the HTML, Markdown and
//! plain writers and PDF line breaking never panic; the Markdown written never
//! holds a shortcode delimiter.
#![no_main]

use libfuzzer_sys::fuzz_target;
use memorandum::markup as inline;
use memorandum::render::pdf::fonts::{Face, Usage};
use memorandum::render::pdf::hyphenate::Hyphenation;
use memorandum::render::pdf::layout::{Shape, Span, Style, break_lines};

fuzz_target!(|text: &str| {
    let Ok(nodes) = inline::parse(text) else { return };
    let _ = inline::to_html(&nodes);
    let md = inline::to_markdown(&nodes);
    assert!(!md.contains("{{"), "{md:?}");
    let plain = inline::to_plain(&nodes);
    for lang in ["fr", "nl"] {
        let shape = Shape {
            width: 120.0,
            justify: true,
            leading: 1.4,
            hyphenation: Hyphenation::for_language(lang),
            hyphen_breaks: true,
        };
        let span = Span {
            text: plain.clone(),
            style: Style::new(Face::Serif, 10.0, [0, 0, 0]),
        };
        let _ = break_lines(&[span], &shape, &mut Usage::default());
    }
});
