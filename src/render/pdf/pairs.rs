//! The bilingual edition's body: each column's blocks grouped by segment, and
//! the two columns joined pair by pair, each pair one outline entry in both
//! languages.

use super::*;

/// The body's blocks: one column's as they are; two columns' as segment pairs,
/// each pair one outline entry with both titles. Also each column's own heading
/// titles, for its table of contents (none for one column).
pub(super) fn body_blocks(
    sides: &mut [Builder<'_>],
) -> (Vec<Block>, Vec<BTreeMap<String, String>>) {
    let [l, r] = sides else {
        let blocks = sides
            .iter_mut()
            .flat_map(|b| b.body().into_iter().map(|(_, block)| block))
            .collect();
        return (blocks, Vec::new());
    };
    let langs: [Arc<str>; 2] = [Arc::from(l.tag().as_str()), Arc::from(r.tag().as_str())];
    let (lb, rb) = (segments(l.body()), segments(r.body()));
    let mut blocks = Vec::new();
    let mut own_titles: Vec<BTreeMap<String, String>> = vec![BTreeMap::new(), BTreeMap::new()];
    for ((id, mut lblocks), (_, mut rblocks)) in lb.into_iter().zip(rb) {
        if lblocks.is_empty() && rblocks.is_empty() {
            blocks.push(Block::PageBreak);
            continue;
        }
        for (side, first) in [lblocks.first(), rblocks.first()].into_iter().enumerate() {
            if let Some(a) = first.and_then(|b| b.anchor.as_ref()) {
                own_titles[side].insert(a.id.clone(), a.title.clone());
            }
        }
        if let (Some(la), Some(ra)) = (
            lblocks.first_mut().and_then(|b| b.anchor.as_mut()),
            rblocks.first_mut().and_then(|b| b.anchor.take()),
        ) {
            // The number once (« 1. Contexte / Context »), an annex's label in
            // each language (« Annexe A. … / Bijlage A. … »).
            let strip = |a: &Anchor| {
                a.title
                    .strip_prefix(&format!("{}. ", a.number))
                    .filter(|_| !a.number.is_empty())
                    .unwrap_or(a.title.as_str())
                    .to_owned()
            };
            let right_title = if ra.number == la.number {
                strip(&ra)
            } else {
                ra.title.clone()
            };
            // A name the same in both languages (FIDUS) is given once.
            if right_title != strip(la) {
                la.title = format!("{} / {right_title}", la.title);
            }
        }
        // Twin boxes (timeline entries) as tall as each other.
        if let ([l], [r]) = (lblocks.as_mut_slice(), rblocks.as_mut_slice())
            && l.bar.is_some()
            && r.bar.is_some()
        {
            let (hl, hr) = (l.height(), r.height());
            if hl < hr {
                l.extra_bottom = hr - hl;
            } else {
                r.extra_bottom = hl - hr;
            }
        }
        let first = lblocks.first();
        blocks.push(Block::Pair(paginate::PairBlock {
            keep_with_next: first.is_some_and(|b| b.keep_with_next),
            space_before: first.map_or(0.0, |b| b.space_before),
            id,
            left: lblocks,
            right: rblocks,
            langs: langs.clone(),
        }));
    }
    (blocks, own_titles)
}

/// Consecutive text blocks with the same segment id, grouped; a page break
/// as a group of no block.
pub(super) fn segments(blocks: Vec<(String, Block)>) -> Vec<(String, Vec<TextBlock>)> {
    let mut out: Vec<(String, Vec<TextBlock>)> = Vec::new();
    for (id, block) in blocks {
        if let Block::PageBreak = block {
            out.push((id, Vec::new()));
            continue;
        }
        let Block::Text(t) = block else { continue };
        match out.last_mut() {
            Some((last, group)) if *last == id => group.push(t),
            _ => out.push((id, vec![t])),
        }
    }
    out
}
