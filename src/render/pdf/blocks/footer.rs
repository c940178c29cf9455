//! The running footer: the title and the page label under each column.

use crate::render::pdf::*;

/// `spans` as they are if they fit on one line `width` wide, else their text
/// cut after as many whole words as fit with an ellipsis (« Mémorandum
/// d’objectifs Smart City de la Région… »), in the first span's style.
pub(in crate::render::pdf) fn one_line(spans: &[Span], width: f32) -> Vec<Span> {
    let measure = |t: &str, s: &Style| s.face.metrics().width(t, s.size);
    let total: f32 = spans.iter().map(|s| measure(&s.text, &s.style)).sum();
    let Some(first) = spans.first() else {
        return Vec::new();
    };
    // A little room for the rounding of the line breaker.
    if total <= width - 0.5 {
        return spans.to_vec();
    }
    let text: String = spans.iter().map(|s| s.text.as_str()).collect();
    let style = &first.style;
    let fits = |t: &str| measure(&format!("{t}\u{2026}"), style) <= width - 0.5;
    let mut cut = String::new();
    for word in text.split_inclusive([' ', '\u{a0}']) {
        let next = format!("{cut}{word}");
        if !fits(next.trim_end()) {
            break;
        }
        cut = next;
    }
    if cut.trim().is_empty() {
        // One word longer than the room: cut inside it.
        for c in text.chars() {
            if !fits(&format!("{cut}{c}")) {
                break;
            }
            cut.push(c);
        }
    }
    let cut = cut.trim_end_matches([' ', '\u{a0}', ',', ';', ':', '\u{202f}']);
    vec![Span {
        text: format!("{cut}\u{2026}"),
        style: style.clone(),
    }]
}

impl Builder<'_> {
    /// The footer's page label: « page 3 sur 6 ».
    pub(in crate::render::pdf) fn page_label(&mut self, number: usize, total: usize) -> Vec<Span> {
        let mut args = std::collections::BTreeMap::new();
        args.insert("page".to_owned(), Arg::Number(number as f64));
        args.insert("total".to_owned(), Arg::Number(total as f64));
        self.spans_of(
            "pdf-page-label",
            None,
            &args,
            &style(Face::Sans, SMALL, MUTED),
        )
    }

    /// The running footer: the title on the left, the page label on the right.
    /// The running footer under a column from `x`, `w` wide: the title on the
    /// left, the page label on the right; a title too long to fit beside the
    /// label is left out rather than cut.
    /// The running footer of one column: the publication's title and the
    /// page label on one line; in the bilingual edition's narrow columns, the
    /// label under the title (each column's footer then reads as a running
    /// title and a folio, not as a sentence).
    pub(in crate::render::pdf) fn footer(
        &mut self,
        page: &mut Page,
        label: Vec<Span>,
        g: &Geometry,
        (x, w): (f32, f32),
        stacked: bool,
    ) {
        let title = self.spans(
            &self.input.publication.title.clone(),
            &style(Face::Sans, SMALL, MUTED),
        );
        let y = g.height - g.bottom + 36.0;
        page.draws.push(Draw::Rect {
            x,
            y: y - 14.0,
            w,
            h: 0.5,
            color: RULE,
        });
        let mut label_width = 0.0;
        let mut lines = self.title_lines(&label, w, 1.2);
        if lines.len() == 1
            && let Some(mut line) = lines.pop()
        {
            line.tag = Tag::Pagination;
            if stacked {
                page.draws.push(Draw::text(x, y + SMALL * 1.3, line));
            } else {
                label_width = line.width;
                page.draws.push(Draw::text(x + w - line.width, y, line));
            }
        }
        // A title longer than the room is shortened with an ellipsis: a
        // running title is a reminder, not the title.
        let room = w - label_width - 12.0;
        let title = one_line(&title, room);
        let mut lines = self.title_lines(&title, room, 1.2);
        if lines.len() == 1
            && let Some(mut line) = lines.pop()
        {
            line.tag = Tag::Pagination;
            page.draws.push(Draw::text(x, y, line));
        }
    }
}
