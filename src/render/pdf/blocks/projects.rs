//! Project cards: a name, a description and the partners, each card a list item.

use crate::render::pdf::*;

impl Builder<'_> {
    /// Projects: each a shaded box with its name, description and partners.
    pub(in crate::render::pdf) fn projects(
        &mut self,
        projects: &[crate::model::Project],
        out: &mut Vec<(String, Block)>,
    ) {
        for (i, p) in projects.iter().enumerate() {
            let inset = 11.0;
            let width = self.measure - 2.0 * inset;
            let sect = self.node(self.current, Role::Sect);
            let name = self.spans(&p.name, &style(Face::SansSemiBold, 11.0, INK));
            let name_text: String = name.iter().map(|s| s.text.as_str()).collect();
            let mut lines = self.title_lines(&name, width, 1.3);
            tag(&mut lines, self.node(sect, Role::heading(self.level + 2)));
            let mut gaps = vec![(lines.len().saturating_sub(1), 2.0)];
            if let Some(description) = &p.description {
                let desc = self.spans(description, &style(Face::Serif, 10.0, INK));
                // Ragged in the bilingual columns' narrow cards, where
                // justifying leaves gaps or parts bound names.
                let mut desc = self.lines(&desc, width, !self.columns, 1.4);
                tag(&mut desc, self.node(sect, Role::P));
                lines.extend(desc);
            }
            // The organisations involved, when the content names any.
            if !p.partners.is_empty() {
                gaps.push((lines.len().saturating_sub(1), 3.0));
                let mut partners = self.text("project-partners", &style(Face::Sans, SMALL, MUTED));
                for (k, org) in p.partners.iter().enumerate() {
                    partners.push(Span {
                        text: if k == 0 { " ".into() } else { ", ".into() },
                        style: style(Face::Sans, SMALL, MUTED),
                    });
                    let mut s = style(Face::Sans, SMALL, BRAND);
                    s.link = self.org_link(org);
                    partners.extend(self.spans(&org.name, &s));
                }
                let mut partners = self.lines(&partners, width, false, 1.35);
                tag(&mut partners, self.node(sect, Role::P));
                lines.extend(partners);
            }
            out.push((
                p.id.to_string(),
                Block::Text(TextBlock {
                    lines,
                    gaps,
                    inset,
                    space_before: if i == 0 { 4.0 } else { 0.0 },
                    space_after: if i + 1 == projects.len() { 10.0 } else { 6.0 },
                    keep_together: true,
                    bar: Some(ACCENT),
                    background: Some(SOFT),
                    anchor: Some(Anchor {
                        id: p.id.to_string(),
                        level: self.level + 1,
                        title: name_text,
                        ..Default::default()
                    }),
                    ..Default::default()
                }),
            ));
        }
    }
}
