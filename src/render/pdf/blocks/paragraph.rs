//! A paragraph: its lines, justified, tagged `P`.

use crate::render::pdf::*;

impl Builder<'_> {
    pub(in crate::render::pdf) fn paragraph(&mut self, m: &MessageRef) -> Block {
        let spans = self.spans(m, &style(Face::Serif, self.body_size(), INK));
        let mut lines = self.lines(&spans, self.measure, true, 1.45);
        tag(&mut lines, self.node(self.current, Role::P));
        // A sentence that announces what follows (« … en six volets : ») stays
        // with it.
        let announces = spans
            .iter()
            .rev()
            .find(|s| !s.text.trim().is_empty())
            .is_some_and(|s| s.text.trim_end().ends_with(':'));
        Block::Text(TextBlock {
            lines,
            keep_with_next: announces,
            space_after: 7.0,
            ..Default::default()
        })
    }
}
