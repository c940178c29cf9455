//! The table of contents: its entries with dot leaders and page numbers, tagged `TOC` > `TOCI` > `Link`.

use crate::render::pdf::*;

/// The table of contents: one column's; or both columns' side by side, each with
/// its own titles.
pub(in crate::render::pdf) fn toc_blocks(
    sides: &mut [Builder<'_>],
    sections: &[(Anchor, usize)],
    own_titles: &[BTreeMap<String, String>],
    offset: usize,
    placeholder: usize,
) -> Vec<Block> {
    let [l, r] = sides else {
        return sides
            .iter_mut()
            .flat_map(|b| b.toc(sections, offset, placeholder))
            .collect();
    };
    let own = |side: usize| -> Vec<(Anchor, usize)> {
        sections
            .iter()
            .map(|(a, page)| {
                let title = own_titles[side]
                    .get(&a.id)
                    .cloned()
                    .unwrap_or_else(|| a.title.clone());
                (Anchor { title, ..a.clone() }, *page)
            })
            .collect()
    };
    let langs: [Arc<str>; 2] = [Arc::from(l.tag().as_str()), Arc::from(r.tag().as_str())];
    let (lt, rt) = (
        l.toc(&own(0), offset, placeholder),
        r.toc(&own(1), offset, placeholder),
    );
    lt.into_iter()
        .zip(rt)
        .enumerate()
        .filter_map(|(i, pair)| match pair {
            (Block::Text(mut a), Block::Text(mut b)) => {
                // One bookmark for the pair, in both languages.
                if let (Some(la), Some(ra)) = (a.anchor.as_mut(), b.anchor.take()) {
                    la.title = format!("{} / {}", la.title, ra.title);
                }
                Some(Block::Pair(paginate::PairBlock {
                    id: format!("toc-{i}"),
                    keep_with_next: a.keep_with_next,
                    space_before: a.space_before,
                    left: vec![a],
                    right: vec![b],
                    langs: langs.clone(),
                }))
            }
            _ => None,
        })
        .collect()
}

/// How far a sub-section's entry is indented, per level.
const TOC_INDENT: f32 = 14.0;

/// Space between the table of contents and the body that follows it.
pub(in crate::render::pdf) const TOC_AFTER: f32 = 18.0;

/// The headings of the body's blocks the contents list, each with page 0: what the
/// contents list, before their pages are known.
pub(in crate::render::pdf) fn own_sections(blocks: &[Block]) -> Vec<(Anchor, usize)> {
    let anchor = |t: &paginate::TextBlock| t.anchor.clone().filter(|a| a.contents);
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Text(t) => anchor(t),
            Block::Pair(p) => p.left.first().and_then(anchor),
            _ => None,
        })
        .map(|a| (a, 0))
        .collect()
}

/// The headings the contents list and the page (0-based, in the body) of each.
pub(in crate::render::pdf) fn section_pages(body: &[Page]) -> Vec<(Anchor, usize)> {
    body.iter()
        .enumerate()
        .flat_map(|(i, p)| {
            p.anchors
                .iter()
                .filter(|(a, _)| a.contents)
                .map(move |(a, _)| (a.clone(), i))
        })
        .collect()
}

impl Builder<'_> {
    /// The table of contents: each section with its page, linked to it.
    pub(in crate::render::pdf) fn toc(
        &mut self,
        sections: &[(Anchor, usize)],
        offset: usize,
        placeholder: usize,
    ) -> Vec<Block> {
        // Laid out twice (to count its pages first): the draft's elements go.
        self.tree.borrow_mut().clear(self.contents);
        let title = self.text("toc-title", &style(Face::SansSemiBold, 15.0, BRAND));
        let mut title_lines = self.title_lines(&title, self.measure, 1.3);
        tag(&mut title_lines, self.node(self.contents, Role::H2));
        let toc = self.node(self.contents, Role::TOC);
        let mut blocks = vec![Block::Text(TextBlock {
            lines: title_lines,
            space_after: 14.0,
            keep_with_next: true,
            anchor: Some(Anchor {
                id: "toc".into(),
                level: 1,
                title: title.iter().map(|s| s.text.as_str()).collect(),
                ..Default::default()
            }),
            rule_below: Some(RULE),
            ..Default::default()
        })];
        let number_width = 30.0;
        for (anchor, page) in sections {
            let shown = if placeholder > 0 {
                placeholder
            } else {
                page + offset + 1
            };
            let mut s = style(Face::Sans, 10.5, INK);
            s.link = Some(Arc::new(Link::Anchor(Arc::from(anchor.id.as_str()))));
            let spans = [Span {
                text: anchor.title.clone(),
                style: s.clone(),
            }];
            // A sub-section's entry is indented under its section's.
            let indent = f32::from(anchor.level.saturating_sub(1)) * TOC_INDENT;
            let mut lines = self.lines(
                &spans,
                self.measure - indent - number_width - 20.0,
                false,
                1.5,
            );
            tag(&mut lines, self.node(toc, Role::TOCI));
            if let Some(last) = lines.last_mut() {
                let num = shown.to_string();
                let m = Face::Sans.metrics();
                let width = m.width(&num, 10.5);
                // Dot leaders between the title and the number.
                let dot = m.width(". ", 10.5);
                let from = last.width + 6.0;
                let to = self.measure - indent - width - 6.0;
                let count = ((to - from) / dot).max(0.0) as usize;
                if count > 0 {
                    let leader = ". ".repeat(count);
                    self.usage.add(Face::Sans, &leader);
                    let mut leader_style = style(Face::Sans, 10.5, RULE);
                    leader_style.artifact = true;
                    last.items.push(layout::Item {
                        x: to - count as f32 * dot,
                        text: leader.into(),
                        style: leader_style,
                        width: count as f32 * dot,
                        extra: 0.0,
                    });
                }
                self.usage.add(Face::Sans, &num);
                last.items.push(layout::Item {
                    x: self.measure - indent - width,
                    text: num.into(),
                    style: s,
                    width,
                    extra: 0.0,
                });
            }
            blocks.push(Block::Text(TextBlock {
                lines,
                indent,
                space_after: 3.0,
                ..Default::default()
            }));
        }
        blocks
    }
}
