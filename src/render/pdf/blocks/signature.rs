//! The signature: who signs, their role and organisation.

use crate::render::pdf::*;

impl Builder<'_> {
    pub(in crate::render::pdf) fn signature(&mut self) -> Block {
        let p = self.input.publication;
        let mut lines = Vec::new();
        let label = self.text("signature-title", &style(Face::Sans, SMALL, MUTED));
        lines.extend(self.lines(&label, self.measure, false, 1.5));
        tag(&mut lines, self.node(self.current, Role::H2));
        let name = [Span {
            text: p.signatory.name.clone(),
            style: style(Face::SansSemiBold, 11.0, INK),
        }];
        self.check_glyphs(SIGNATORY, &name, &Default::default());
        let mut name = self.lines(&name, self.measure, false, 1.35);
        tag(&mut name, self.node(self.current, Role::P));
        lines.extend(name);
        let mut role = self.spans(&p.signatory.role, &style(Face::Sans, 9.5, MUTED));
        role.push(Span {
            text: ", ".into(),
            style: style(Face::Sans, 9.5, MUTED),
        });
        // The publisher linked to its site in the edition's language.
        let mut publisher = style(Face::Sans, 9.5, BRAND);
        publisher.link = self.org_link(&p.publisher);
        if publisher.link.is_none() {
            publisher.color = MUTED;
        }
        role.extend(self.spans(&p.publisher.name, &publisher));
        let mut role = self.lines(&role, self.measure, false, 1.35);
        tag(&mut role, self.node(self.current, Role::P));
        lines.extend(role);
        Block::Text(TextBlock {
            lines,
            space_before: 26.0,
            keep_together: true,
            rule_above: Some(RULE),
            keep_with_previous: true,
            ..Default::default()
        })
    }
}
