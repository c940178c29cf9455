//! A bulleted list: `L` > `LI` > `Lbl` + `LBody`, each item its lines.

use crate::render::pdf::*;

impl Builder<'_> {
    /// A bulleted list: each item a block of its own.
    pub(in crate::render::pdf) fn list(
        &mut self,
        items: &[MessageRef],
        segment: &str,
        out: &mut Vec<(String, Block)>,
    ) {
        let indent = 16.0;
        let list = self.node(self.current, Role::L);
        for (i, item) in items.iter().enumerate() {
            let li = self.node(list, Role::LI);
            let (lbl, body) = (self.node(li, Role::Lbl), self.node(li, Role::LBody));
            let spans = self.spans(item, &style(Face::Serif, self.body_size(), INK));
            let mut lines = self.lines(&spans, self.measure - indent, false, 1.4);
            tag(&mut lines, body);
            let mut bullet = self.lines(
                &[Span {
                    text: "•".into(),
                    style: style(Face::Serif, self.body_size(), BRAND),
                }],
                20.0,
                false,
                1.4,
            );
            tag(&mut bullet, lbl);
            // One segment for the whole list: in the bilingual edition the
            // two lists start level and each then runs on in its column, with
            // no gap between two items where the other language's item is
            // longer.
            out.push((
                segment.to_owned(),
                Block::Text(TextBlock {
                    lines,
                    indent,
                    space_after: if i + 1 == items.len() { 8.0 } else { 1.5 },
                    // The last item never alone at a page's head.
                    keep_with_next: items.len() > 2 && i + 2 == items.len(),
                    marker: bullet.into_iter().next().map(|l| (l, -11.0)),
                    ..Default::default()
                }),
            ));
        }
    }
}
