//! The next steps: a table with a repeated header on full-width pages, labelled blocks in a column of the bilingual edition.

use crate::render::pdf::*;

impl Builder<'_> {
    /// The next steps in one column of the bilingual edition: a four-column table
    /// has no room, so each step is a segment of its own, its owner, deadline and
    /// status on one line.
    pub(in crate::render::pdf) fn steps_in_column(
        &mut self,
        steps: &[crate::model::NextStep],
        out: &mut Vec<(String, Block)>,
    ) {
        for (i, s) in steps.iter().enumerate() {
            let sect = self.node(self.current, Role::Sect);
            let title = self.spans(&s.title, &style(Face::SansSemiBold, 9.5, INK));
            let mut lines = self.title_lines(&title, self.measure, 1.3);
            tag(&mut lines, self.node(sect, Role::heading(self.level + 2)));
            let desc = self.spans(&s.description, &style(Face::Serif, self.body_size(), INK));
            // Ragged, like the project cards: a short text in a narrow column.
            let mut desc = self.lines(&desc, self.measure, false, 1.45);
            tag(&mut desc, self.node(sect, Role::P));
            lines.extend(desc);
            // A separator never starts a line.
            let sep = || Span {
                text: "\u{a0}· ".into(),
                style: style(Face::Sans, SMALL, MUTED),
            };
            // Each detail with its label, as the table's headings give them.
            let mut meta = Vec::new();
            for (n, (label, value, face)) in [
                ("steps-col-owner", &s.owner.name, Face::Sans),
                ("steps-col-deadline", &s.deadline_text, Face::Sans),
                ("steps-col-status", &s.status_text, Face::SansSemiBold),
            ]
            .into_iter()
            .enumerate()
            {
                if n == 2 {
                    // The status on a line of its own: a line never ends on
                    // a separator (« …30 avril 2019 · »).
                    meta.push(Span {
                        text: "\n".into(),
                        style: style(Face::Sans, SMALL, MUTED),
                    });
                } else if n > 0 {
                    meta.push(sep());
                }
                // A label is one unit: « Uiterste datum » is not broken.
                let label = self.plain(label).replace(' ', "\u{a0}");
                let mut args = BTreeMap::new();
                args.insert("label".to_owned(), Arg::Text(label));
                meta.extend(self.spans_of(
                    "detail-label",
                    None,
                    &args,
                    &style(Face::Sans, SMALL, MUTED),
                ));
                // The value stays on the label's line.
                meta.push(Span {
                    text: "\u{a0}".into(),
                    style: style(Face::Sans, SMALL, MUTED),
                });
                let color = if n == 2 { BRAND } else { INK };
                // The status as the table and the web pages write it
                // (« En cours »): a label's value, not running prose.
                meta.extend(self.spans(value, &style(face, SMALL, color)));
            }
            let mut meta = self.title_lines(&meta, self.measure, 1.4);
            tag(&mut meta, self.node(sect, Role::P));
            // Title and description, then the details: two blocks of one
            // segment, so the description's last line never stands alone at a
            // page's head with only the details under it.
            out.push((
                s.id.to_string(),
                Block::Text(TextBlock {
                    lines,
                    space_before: if i == 0 { 4.0 } else { 0.0 },
                    rule_above: Some(BRAND),
                    // With its details, and the last step with what follows
                    // (the signature never alone on a page).
                    keep_with_next: true,
                    ..Default::default()
                }),
            ));
            out.push((
                s.id.to_string(),
                Block::Text(TextBlock {
                    lines: meta,
                    space_before: 2.0,
                    space_after: 10.0,
                    ..Default::default()
                }),
            ));
        }
    }

    /// The next steps as a table (step, owner, deadline, status), its header row
    /// repeated on each page.
    pub(in crate::render::pdf) fn steps_table(
        &mut self,
        steps: &[crate::model::NextStep],
        segment: &str,
        out: &mut Vec<(String, Block)>,
    ) {
        let m = self.measure;
        // Each header on one line in French and Dutch (« État d’avancement »,
        // "Verantwoordelijke"); the step takes the rest.
        let columns = vec![m * 0.47, m * 0.185, m * 0.155, m * 0.19];
        let padding = 5.0;
        let head_style = style(Face::SansSemiBold, 8.5, WHITE);
        let table = self.node(self.current, Role::Table);
        let head_row = {
            let head = self.node(table, Role::THead);
            self.node(head, Role::TR)
        };
        let body = self.node(table, Role::TBody);
        let mut header = Vec::new();
        for (id, w) in [
            "steps-col-step",
            "steps-col-owner",
            "steps-col-deadline",
            "steps-col-status",
        ]
        .iter()
        .zip(&columns)
        {
            let spans = self.text(id, &head_style);
            let mut lines = self.title_lines(&spans, w - 2.0 * padding, 1.3);
            tag(&mut lines, self.node(head_row, Role::TH));
            header.push(lines);
        }
        let mut rows = Vec::new();
        for s in steps {
            let tr = self.node(body, Role::TR);
            let w0 = columns[0] - 2.0 * padding;
            let title = self.spans(&s.title, &style(Face::SansSemiBold, 9.5, INK));
            let mut first = self.title_lines(&title, w0, 1.3);
            let desc = self.spans(&s.description, &style(Face::Serif, 9.5, INK));
            first.extend(self.lines(&desc, w0, false, 1.4));
            tag(&mut first, self.node(tr, Role::TD));
            let cell = |b: &mut Self, m: &MessageRef, w: f32| {
                let spans = b.spans(m, &style(Face::Sans, 9.5, INK));
                let mut lines = b.lines(&spans, w - 2.0 * padding, false, 1.3);
                tag(&mut lines, b.node(tr, Role::TD));
                lines
            };
            let owner = cell(self, &s.owner.name, columns[1]);
            let deadline = cell(self, &s.deadline_text, columns[2]);
            let status = cell(self, &s.status_text, columns[3]);
            rows.push(Row {
                cells: vec![first, owner, deadline, status],
                anchor: Some(s.id.to_string()),
            });
        }
        out.push((
            segment.to_owned(),
            Block::Table(TableBlock {
                columns,
                padding,
                header: Row {
                    cells: header,
                    anchor: None,
                },
                header_fill: BRAND,
                rows,
                rule: RULE,
                space_before: 4.0,
                space_after: 10.0,
            }),
        ));
    }
}
