//! The title page: the band, each language's column (kind, title, lead, date).

use crate::render::pdf::*;

/// A band across the top of the title page in the Region's colour, with an
/// accent rule.
pub(in crate::render::pdf) fn title_band(page: &mut Page, g: &Geometry) {
    page.draws.push(Draw::Rect {
        x: 0.0,
        y: 0.0,
        w: g.width,
        h: 150.0,
        color: BRAND,
    });
    page.draws.push(Draw::Rect {
        x: 0.0,
        y: 150.0,
        w: g.width,
        h: 5.0,
        color: ACCENT,
    });
}

/// How a title page's column is set: the single-language page is larger than
/// each column of the bilingual one.
pub(in crate::render::pdf) struct TitleLook {
    /// Where the document kind starts.
    kind_y: f32,
    /// Sizes of the kind, the title, the lead and the date.
    kind_size: f32,
    title_size: f32,
    lead_size: f32,
    date_size: f32,
    /// Space before and after the title, and after the accent rule.
    before_title: f32,
    after_title: f32,
    after_rule: f32,
    /// Width of the accent rule.
    accent_width: f32,
    /// The lead's width, as a share of the column.
    lead_share: f32,
    /// How far above the foot the date starts.
    foot: f32,
    /// Labels (region, kind, date) hyphenated like the text, or never.
    hyphenated_labels: bool,
    /// The rule above the date, drawn with the column (one language only; the
    /// bilingual page draws one across both columns).
    rule: bool,
}

/// The single-language title page.
pub(in crate::render::pdf) const TITLE_SINGLE: TitleLook = TitleLook {
    kind_y: 260.0,
    kind_size: 10.0,
    title_size: 30.0,
    lead_size: 13.0,
    date_size: 10.0,
    before_title: 14.0,
    after_title: 22.0,
    after_rule: 16.0,
    accent_width: 60.0,
    lead_share: 0.85,
    foot: 40.0,
    hyphenated_labels: true,
    rule: true,
};

/// Each column of the bilingual title page.
pub(in crate::render::pdf) const TITLE_COLUMN: TitleLook = TitleLook {
    kind_y: 250.0,
    kind_size: 9.0,
    title_size: 22.0,
    lead_size: 11.0,
    date_size: 9.0,
    before_title: 12.0,
    after_title: 18.0,
    after_rule: 14.0,
    accent_width: 50.0,
    lead_share: 1.0,
    foot: 50.0,
    hyphenated_labels: false,
    rule: false,
};

/// The title page: a band in the Region's colour, then each side's column (one,
/// or two for the bilingual edition, each marked with its language).
pub(in crate::render::pdf) fn title_page(sides: &mut [Builder<'_>], g: &Geometry) -> Page {
    let mut page = Page::default();
    title_band(&mut page, g);
    let two = sides.len() > 1;
    let (look, width) = if two {
        (&TITLE_COLUMN, (g.measure() - GUTTER) / 2.0)
    } else {
        (&TITLE_SINGLE, g.measure())
    };
    for (i, b) in sides.iter_mut().enumerate() {
        let x = g.left + i as f32 * (width + GUTTER);
        let lang = two.then(|| Arc::from(b.tag().as_str()));
        b.title_column(&mut page, g, x, width, look, lang);
    }
    if two {
        page.draws.push(Draw::Rect {
            x: g.left,
            y: g.height - g.bottom - 64.0,
            w: g.measure(),
            h: 0.6,
            color: RULE,
        });
    }
    page
}

impl Builder<'_> {
    /// One language's column of the title page: region, kind, title, accent rule,
    /// lead; at the foot, date and publisher.
    pub(in crate::render::pdf) fn title_column(
        &mut self,
        page: &mut Page,
        g: &Geometry,
        x: f32,
        w: f32,
        look: &TitleLook,
        lang: Option<Arc<str>>,
    ) {
        let p = self.input.publication;
        let put = |page: &mut Page, y: f32, mut line: Line, node: NodeId| {
            line.tag = Tag::Node(node);
            page.draws.push(Draw::Text {
                x,
                y,
                line,
                lang: lang.clone(),
                segment: None,
            });
        };
        let sect = self.title_sect;
        let label_lines = |b: &mut Self, spans: &[Span], leading: f32| {
            if look.hyphenated_labels {
                b.lines(spans, w, false, leading)
            } else {
                b.title_lines(spans, w, leading)
            }
        };
        let region = self.text("region-name", &style(Face::SansSemiBold, 12.0, WHITE));
        let node = self.node(sect, Role::P);
        for line in label_lines(self, &region, 1.3) {
            put(page, 92.0, line, node);
        }
        let mut y = look.kind_y;
        let kind = self.text(
            "document-kind",
            &style(Face::SansSemiBold, look.kind_size, MUTED),
        );
        let node = self.node(sect, Role::P);
        for line in label_lines(self, &upper(&kind), 1.3) {
            y += line.height;
            put(page, y, line, node);
        }
        y += look.before_title;
        let title = self.spans(&p.title, &style(Face::SansSemiBold, look.title_size, BRAND));
        let node = self.node(sect, Role::H1);
        for line in self.title_lines(&title, w, 1.15) {
            y += line.height;
            put(page, y, line, node);
        }
        y += look.after_title;
        page.draws.push(Draw::Rect {
            x,
            y,
            w: look.accent_width,
            h: 3.0,
            color: ACCENT,
        });
        y += look.after_rule;
        let lead = self.spans(&p.description, &style(Face::Serif, look.lead_size, INK));
        let node = self.node(sect, Role::P);
        // Balanced like a title: no word left alone on its last line.
        for line in self.title_lines(&lead, w * look.lead_share, 1.45) {
            y += line.height;
            put(page, y, line, node);
        }
        // At the foot: date and publisher.
        let mut args = std::collections::BTreeMap::new();
        args.insert("date".to_owned(), Arg::Date(p.published.date));
        args.insert(
            "period".to_owned(),
            Arg::Text(p.published_period.to_owned()),
        );
        args.insert("year".to_owned(), Arg::Text(p.published_year.clone()));
        let date = self.spans_of(
            "published-on",
            None,
            &args,
            &style(Face::Sans, look.date_size, INK),
        );
        let by = self.text("published-by", &style(Face::Sans, look.date_size, MUTED));
        let lead_bottom = y;
        let mut y = g.height - g.bottom - look.foot;
        // The date's rule (or, without one, the date itself) is the floor of
        // the title and the lead: a page that cannot hold them is refused, never
        // overprinted.
        if lead_bottom > y - 14.0 - 12.0 {
            self.problems.push(
                Diagnostic::error(
                    "title-page-overflow",
                    format!(
                        "the title and description do not fit on the title page of the {}: they would run {:.0} pt into the publication date",
                        if self.columns {
                            format!("bilingual PDF ({} column)", self.lang)
                        } else {
                            format!("{} PDF", self.lang)
                        },
                        lead_bottom - (y - 14.0 - 12.0)
                    ),
                )
                .hint(format!(
                    "shorten the title (`{}`) or the description (`{}`)",
                    p.title.id, p.description.id
                )),
            );
        }
        if look.rule {
            page.draws.push(Draw::Rect {
                x,
                y: y - 14.0,
                w,
                h: 0.6,
                color: RULE,
            });
        }
        for spans in [date, by] {
            let node = self.node(sect, Role::P);
            for line in label_lines(self, &spans, 1.4) {
                y += line.height;
                put(page, y, line, node);
            }
        }
    }
}
