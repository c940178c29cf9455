//! The colophon at the end of the document: the responsible publisher and
//! their address, the legal deposit number, a contact and the date, in small
//! print under a rule; a `Sect` of its own, each line a `P`.

use crate::render::pdf::*;

impl Builder<'_> {
    pub(in crate::render::pdf) fn colophon(&mut self, c: &crate::model::Colophon) -> Block {
        let sect = self.node(self.part, Role::Sect);
        let small = style(Face::Sans, SMALL, MUTED);
        let mut lines = Vec::new();
        let mut line = |b: &mut Self, spans: Vec<Span>| {
            let mut l = b.lines(&spans, b.measure, false, 1.4);
            tag(&mut l, b.node(sect, Role::P));
            lines.extend(l);
        };
        // « Éditeur responsable : Prénom Nom, Avenue des Arts 21, 1000 Bruxelles »
        let mut publisher = self.spans(&c.publisher_label, &small);
        let name = Span {
            text: format!(" {}", c.publisher),
            style: small.clone(),
        };
        self.check_glyphs(COLOPHON, std::slice::from_ref(&name), &Default::default());
        publisher.push(name);
        if let Some(address) = &c.address {
            publisher.push(Span {
                text: ", ".into(),
                style: small.clone(),
            });
            publisher.extend(self.spans(address, &small));
        }
        line(self, publisher);
        if let Some(d) = &c.deposit {
            let mut deposit = self.spans(&c.deposit_label, &small);
            deposit.push(Span {
                text: format!(" {d}"),
                style: small.clone(),
            });
            line(self, deposit);
        }
        if let Some(contact) = &c.contact {
            let mut spans = self.spans(&c.contact_label, &small);
            spans.push(Span {
                text: " ".into(),
                style: small.clone(),
            });
            let mut link = style(Face::Sans, SMALL, BRAND);
            link.link = Some(Arc::new(Link::Uri(Arc::from(contact.href.as_str()))));
            let text = Span {
                text: contact.text.clone(),
                style: link,
            };
            self.check_glyphs(COLOPHON, std::slice::from_ref(&text), &Default::default());
            spans.push(text);
            line(self, spans);
        }
        let date = self.spans(&c.published, &small);
        line(self, date);
        Block::Text(TextBlock {
            lines,
            space_before: 30.0,
            keep_together: true,
            at_foot: true,
            rule_above: Some(RULE),
            ..Default::default()
        })
    }
}
