//! A quotation: the words set apart in italics beside a rule, who said them
//! below, tagged `BlockQuote` holding a `P` for each.

use crate::render::pdf::*;

impl Builder<'_> {
    pub(in crate::render::pdf) fn quote(
        &mut self,
        text: &MessageRef,
        by: Option<&MessageRef>,
    ) -> Block {
        let indent = 14.0;
        let width = self.measure - indent - 10.0;
        let quote = self.node(self.current, Role::BlockQuote);
        let words = self.spans(text, &style(Face::SerifItalic, self.body_size() + 0.5, INK));
        let mut lines = self.lines(&words, width, true, 1.45);
        tag(&mut lines, self.node(quote, Role::P));
        let mut gaps = Vec::new();
        if let Some(by) = by {
            // The dash before the name, as French and Dutch set an
            // attribution: drawn, not read.
            let mut dash = style(Face::Sans, 9.5, MUTED);
            dash.artifact = true;
            let mut who = vec![Span {
                text: "\u{2014}\u{a0}".into(),
                style: dash,
            }];
            who.extend(self.spans(by, &style(Face::Sans, 9.5, MUTED)));
            let mut who_lines = self.lines(&who, width, false, 1.35);
            tag(&mut who_lines, self.node(quote, Role::P));
            gaps.push((lines.len().saturating_sub(1), 4.0));
            lines.extend(who_lines);
        }
        Block::Text(TextBlock {
            lines,
            gaps,
            indent,
            inset: 10.0,
            space_before: 4.0,
            space_after: 11.0,
            keep_together: true,
            bar: Some(BRAND),
            ..Default::default()
        })
    }
}
