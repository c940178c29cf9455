//! The Markdown edition: CommonMark/GFM with YAML front matter, from
//! `templates/publication.md`. `t` returns escaped Markdown there.

use super::{Backend, Edition, Format, RenderInput, context};
use crate::diagnostics::Diagnostic;

/// Renders `publication.md`.
pub struct MarkdownBackend;

impl Backend for MarkdownBackend {
    fn format(&self) -> Format {
        Format::Md
    }

    fn render(
        &self,
        edition: &Edition,
        input: &RenderInput<'_>,
    ) -> Result<Vec<u8>, Vec<Diagnostic>> {
        let cx = context(edition, input);
        let text = super::render_bounded(&input.engines()?.markdown, "publication.md", &cx)
            .map_err(|e| {
                vec![super::rendering_error(
                    &e,
                    input.templates,
                    "publication.md",
                )]
            })?;
        let text = String::from_utf8_lossy(&text);
        // Collapse the blank lines template logic leaves behind, for a tidy file.
        let mut out = String::with_capacity(text.len());
        let mut blank = 0;
        for line in text.lines() {
            let line = line.trim_end();
            if line.is_empty() {
                blank += 1;
                if blank > 1 {
                    continue;
                }
            } else {
                blank = 0;
            }
            out.push_str(line);
            out.push('\n');
        }
        Ok(out.into_bytes())
    }
}
