//! The timeline: dated entries, each a box with a bar, tagged as a list.

use crate::render::pdf::*;

impl Builder<'_> {
    /// A timeline: each entry kept whole, its date above its text, a bar beside.
    pub(in crate::render::pdf) fn timeline(
        &mut self,
        entries: &[crate::model::TimelineEntry],
        out: &mut Vec<(String, Block)>,
    ) {
        let indent = 14.0;
        let list = self.node(self.current, Role::L);
        for (i, e) in entries.iter().enumerate() {
            let li = self.node(list, Role::LI);
            let (lbl, body) = (self.node(li, Role::Lbl), self.node(li, Role::LBody));
            let mut when = self.spans(&e.when, &style(Face::SansSemiBold, 9.5, BRAND));
            capitalize(&mut when);
            let mut lines = self.lines(&when, self.measure - indent - 10.0, false, 1.35);
            tag(&mut lines, lbl);
            let label_lines = lines.len();
            let text = self.spans(&e.text, &style(Face::Serif, self.body_size(), INK));
            let mut text = self.lines(&text, self.measure - indent - 10.0, true, 1.45);
            tag(&mut text, body);
            lines.extend(text);
            out.push((
                e.id.to_string(),
                Block::Text(TextBlock {
                    gaps: vec![(label_lines.saturating_sub(1), 1.5)],
                    lines,
                    indent,
                    inset: 10.0,
                    space_before: if i == 0 { 4.0 } else { 0.0 },
                    space_after: if i + 1 == entries.len() { 10.0 } else { 4.0 },
                    // May go on overleaf: its date and two lines of its text
                    // together at the foot of a page, two lines at the head.
                    head_min: label_lines + 2,
                    bar: Some(ACCENT),
                    anchor: None,
                    ..Default::default()
                }),
            ));
        }
    }
}
