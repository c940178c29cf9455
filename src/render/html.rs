//! The HTML edition: a standalone page per language from `templates/publication.html`.

use super::{Backend, Edition, Format, RenderInput, context};
use crate::diagnostics::Diagnostic;

/// Renders `publication.html`; `t` returns HTML-safe text there.
pub struct HtmlBackend;

impl Backend for HtmlBackend {
    fn format(&self) -> Format {
        Format::Html
    }

    fn supports_bilingual(&self) -> bool {
        true
    }

    fn render(
        &self,
        edition: &Edition,
        input: &RenderInput<'_>,
    ) -> Result<Vec<u8>, Vec<Diagnostic>> {
        let cx = context(edition, input);
        let name = if edition.pair.is_some() {
            "bilingual.html"
        } else {
            "publication.html"
        };
        super::render_bounded(&input.engines()?.html, name, &cx)
            .map_err(|e| vec![super::rendering_error(&e, input.templates, name)])
    }
}
