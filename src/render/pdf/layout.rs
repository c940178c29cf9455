//! Breaking styled text into lines: break opportunities from UAX #14
//! (unicode-linebreak), hyphenation points from the language's patterns, widths
//! from the font, and a total-fit choice of breaks in the manner of Knuth and
//! Plass, so that justified lines stretch evenly and rarely end in a hyphen.
//! No-break spaces (U+00A0, U+202F) are part of the words they bind: they never
//! break and never stretch.

use std::sync::Arc;

use super::fonts::{Face, Usage};
use super::hyphenate::Hyphenation;
use super::tags::Tag;

/// An RGB colour.
pub type Rgb = [u8; 3];

/// Where a piece of text links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// An http(s) or mailto address.
    Uri(Arc<str>),
    /// An anchor inside the document.
    Anchor(Arc<str>),
}

/// How a run of text looks.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    /// The face.
    pub face: Face,
    /// Size in points.
    pub size: f32,
    /// Colour.
    pub color: Rgb,
    /// Link target, if the run is a link: shared, so that a style (one per
    /// word laid out) stays small.
    pub link: Option<Arc<Link>>,
    /// Decoration (dot leaders): drawn, not read.
    pub artifact: bool,
}

impl Style {
    /// A plain style.
    pub fn new(face: Face, size: f32, color: Rgb) -> Self {
        Self {
            face,
            size,
            color,
            link: None,
            artifact: false,
        }
    }
}

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// The text.
    pub text: String,
    /// Its style.
    pub style: Style,
}

/// A piece of a laid-out line.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Offset from the line's left edge, in points.
    pub x: f32,
    /// The text (words and the spaces after them, or an added hyphen): kept
    /// inline up to 24 bytes, so most words need no allocation of their own.
    pub text: compact_str::CompactString,
    /// Its style.
    pub style: Style,
    /// The natural width of the text.
    pub width: f32,
    /// Extra width after this piece (the stretch of its final space).
    pub extra: f32,
}

/// A laid-out line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    /// The pieces, left to right.
    pub items: Vec<Item>,
    /// The distance from the top of the line to its baseline.
    pub ascent: f32,
    /// The line's height (baseline to baseline).
    pub height: f32,
    /// The width the text occupies.
    pub width: f32,
    /// The structure element the line's text belongs to.
    pub tag: Tag,
}

impl Line {
    /// The text of the line, as a reader would copy it.
    pub fn text(&self) -> String {
        self.items.iter().map(|i| i.text.as_str()).collect()
    }
}

/// How to set a paragraph.
#[derive(Debug, Clone)]
pub struct Shape {
    /// Line width, in points.
    pub width: f32,
    /// Justify (all lines but the last) or set ragged-right.
    pub justify: bool,
    /// Line height as a multiple of the largest font size on the line.
    pub leading: f32,
    /// Hyphenation for the paragraph's language.
    pub hyphenation: Hyphenation,
    /// Whether a line may end at a hard hyphen (« Bruxelles- / Capitale »);
    /// titles keep their compounds whole (not "Smart City- / ambitienota").
    pub hyphen_breaks: bool,
}

#[derive(Debug, Clone)]
enum Elem {
    /// Text that stays together: a byte range of the paragraph's text.
    Text {
        range: std::ops::Range<usize>,
        style: usize,
        width: f32,
    },
    /// A breakable space.
    Glue {
        style: usize,
        width: f32,
        stretch: f32,
        shrink: f32,
        /// The widest it may get when justified (`MAX_SPACE`).
        max: f32,
    },
    /// A possible break: `width` is what appears if it is taken (a hyphen).
    Penalty {
        width: f32,
        cost: f32,
        hyphen: bool,
        forced: bool,
        style: usize,
        /// A break after a hard hyphen or a dash: the line ends with it.
        dash: bool,
    },
}

const HYPHEN_COST: f32 = 60.0;
const DOUBLE_HYPHEN_DEMERITS: f32 = 3000.0;
const LINE_PENALTY: f32 = 10.0;
/// The widest a justified space may get, in ems.
const MAX_SPACE: f32 = 0.48;
/// Beyond this adjustment ratio a line counts as too loose.
const TOLERANCE: f32 = 2.0;
/// Total demerits above which a break is reconsidered with too-loose lines.
const GOOD_ENOUGH: f32 = 1e6;
/// A hyphenated word split over the last two lines of a paragraph.
const FINAL_HYPHEN_DEMERITS: f32 = 1e7;
/// What a line too loose to justify costs at least, before its gap.
const LOOSE_DEMERITS: f32 = 1e6;

/// Breaks `spans` into lines of `shape`, recording the characters used.
pub fn break_lines(spans: &[Span], shape: &Shape, usage: &mut Usage) -> Vec<Line> {
    let styles: Vec<Style> = spans.iter().map(|s| s.style.clone()).collect();
    let mut full = String::new();
    let mut starts: Vec<usize> = Vec::with_capacity(spans.len());
    for s in spans {
        starts.push(full.len());
        full.push_str(&s.text);
    }
    let elems = elements(&full, &starts, &styles, shape);
    if elems.is_empty() {
        return Vec::new();
    }
    // A forced break (a hard line break in a message) ends a paragraph of its own.
    let mut lines = Vec::new();
    for chunk in elems.split(|e| matches!(e, Elem::Penalty { forced: true, .. })) {
        if chunk.is_empty() {
            continue;
        }
        let breaks = choose_breaks(chunk, shape);
        let mut start = 0;
        for (n, &(end, ratio)) in breaks.iter().enumerate() {
            let last = n + 1 == breaks.len();
            let end = end.min(chunk.len());
            let ctx = LineCtx {
                full: &full,
                styles: &styles,
                ratio,
                shape,
                last,
            };
            lines.push(build_line(&chunk[start..end], chunk.get(end), &ctx, usage));
            start = end + 1;
        }
    }
    lines
}

/// The span (style) that owns byte `at`.
fn style_at(starts: &[usize], at: usize) -> usize {
    match starts.binary_search(&at) {
        // Several spans may start at the same byte when some are empty: take the last.
        Ok(mut i) => {
            while i + 1 < starts.len() && starts[i + 1] == at {
                i += 1;
            }
            i
        }
        Err(i) => i.saturating_sub(1),
    }
}

fn elements(full: &str, starts: &[usize], styles: &[Style], shape: &Shape) -> Vec<Elem> {
    let hyph = &shape.hyphenation;
    let mut out = Vec::new();
    let mut prev = 0;
    for (at, opportunity) in unicode_linebreak::linebreaks(full) {
        let segment = &full[prev..at];
        let forced =
            opportunity == unicode_linebreak::BreakOpportunity::Mandatory && at < full.len();
        let content = segment.trim_end_matches([' ', '\n', '\r', '\t']);
        let content_end = prev + content.len();
        // A word right after a hard hyphen (`Smart City-actoren`) breaks at
        // that hyphen, not inside.
        let after_hyphen = full[..prev].ends_with(['-', '\u{2010}', '\u{2011}']);
        let hyph_here = if after_hyphen {
            &Hyphenation::NONE
        } else {
            hyph
        };
        push_content(full, prev, content_end, starts, styles, hyph_here, &mut out);
        let spaces = full[content_end..at]
            .bytes()
            .filter(|b| *b == b' ' || *b == b'\t')
            .count();
        let style = style_at(starts, content_end.min(full.len().saturating_sub(1)));
        if forced {
            out.push(Elem::Penalty {
                width: 0.0,
                cost: 0.0,
                hyphen: false,
                forced: true,
                style,
                dash: false,
            });
        } else if spaces > 0 {
            let st = &styles[style];
            let width = st.face.metrics().width(" ", st.size) * spaces as f32;
            out.push(Elem::Glue {
                style,
                width,
                stretch: width * 0.5,
                shrink: width * 0.3,
                max: MAX_SPACE * st.size,
            });
        } else if at < full.len() && (shape.hyphen_breaks || !content.ends_with(['-', '\u{2010}']))
        {
            // A break after a hyphen or dash: nothing is added.
            out.push(Elem::Penalty {
                width: 0.0,
                cost: 0.0,
                hyphen: false,
                forced: false,
                style,
                dash: content.ends_with(['-', '\u{2010}', '\u{2013}', '\u{2014}']),
            });
        }
        prev = at;
    }
    // The final break.
    while matches!(
        out.last(),
        Some(Elem::Glue { .. }) | Some(Elem::Penalty { forced: false, .. })
    ) {
        out.pop();
    }
    out
}

/// Adds the text `full[from..to]` as pieces per style, with hyphenation points.
fn push_content(
    full: &str,
    from: usize,
    to: usize,
    starts: &[usize],
    styles: &[Style],
    hyph: &Hyphenation,
    out: &mut Vec<Elem>,
) {
    if from >= to {
        return;
    }
    let text = &full[from..to];
    // Hyphenation points of the alphabetic words in the segment; none in words
    // joined by no-break spaces (« 19 février 2018 » is one unit; a guillemet or
    // a colon held to its word is not a word), nor in a word with a hard hyphen
    // (it breaks there).
    let words_joined = text
        .split(['\u{a0}', '\u{202f}', '\u{2007}'])
        .filter(|part| part.chars().any(char::is_alphanumeric))
        .count()
        > 1;
    let hyph = if words_joined || text.contains(['-', '\u{2010}']) {
        &Hyphenation::NONE
    } else {
        hyph
    };
    let mut cuts: Vec<usize> = Vec::new();
    let mut word_start: Option<usize> = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if c.is_alphabetic() {
            word_start.get_or_insert(i);
        } else if let Some(ws) = word_start.take()
            && i - ws >= 5
        {
            cuts.extend(hyph.breaks(&text[ws..i]).into_iter().map(|b| from + ws + b));
        }
    }
    // Style boundaries: the spans that start inside the segment.
    let first = style_at(starts, from);
    let mut bounds: Vec<usize> = vec![from];
    bounds.extend(
        starts[first + 1..]
            .iter()
            .copied()
            .take_while(|s| *s < to)
            .filter(|s| *s > from),
    );
    bounds.extend(cuts.iter().copied());
    bounds.push(to);
    bounds.sort_unstable();
    bounds.dedup();
    for w in bounds.windows(2) {
        let (a, b) = (w[0], w[1]);
        if a > from && cuts.binary_search(&a).is_ok() {
            let style = style_at(starts, a - 1);
            let st = &styles[style];
            out.push(Elem::Penalty {
                width: st.face.metrics().width("-", st.size),
                cost: HYPHEN_COST,
                hyphen: true,
                forced: false,
                style,
                dash: false,
            });
        }
        let style = style_at(starts, a);
        let st = &styles[style];
        out.push(Elem::Text {
            range: a..b,
            style,
            width: st.face.metrics().width(&full[a..b], st.size),
        });
    }
}

/// Total-fit line breaking: returns, for each line, the index of the element it
/// breaks at (`elems.len()` for the end) and its adjustment ratio.
fn choose_breaks(elems: &[Elem], shape: &Shape) -> Vec<(usize, f32)> {
    let n = elems.len();
    // Prefix sums of width, stretch and shrink.
    let mut w = vec![0.0f32; n + 1];
    let mut st = vec![0.0f32; n + 1];
    let mut sh = vec![0.0f32; n + 1];
    // How much the spaces may widen in all, each up to `MAX_SPACE`.
    let mut cap = vec![0.0f32; n + 1];
    for (i, e) in elems.iter().enumerate() {
        let (dw, dst, dsh, dcap) = match e {
            Elem::Text { width, .. } => (*width, 0.0, 0.0, 0.0),
            Elem::Glue {
                width,
                stretch,
                shrink,
                max,
                ..
            } => (*width, *stretch, *shrink, (max - width).max(0.0)),
            Elem::Penalty { .. } => (0.0, 0.0, 0.0, 0.0),
        };
        w[i + 1] = w[i] + dw;
        st[i + 1] = st[i] + dst;
        sh[i + 1] = sh[i] + dsh;
        cap[i + 1] = cap[i] + dcap;
    }
    // Candidate breaks: glue, penalties, and the end.
    let mut candidates: Vec<usize> = elems
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e, Elem::Glue { .. } | Elem::Penalty { .. }))
        .map(|(i, _)| i)
        .collect();
    candidates.push(n);
    // best[k][h]: the best way to end a line at candidate k with h lines in a
    // row ending with a hyphen there (3 standing for three or more): (demerits,
    // previous candidate or usize::MAX, its state, ratio). One best per count,
    // since what a hyphen costs depends on the lines before it: keeping only
    // the cheapest way to reach a break would lose a path with fewer hyphens
    // that the lines after need.
    type State = (f32, usize, u8, f32);
    const STATES: usize = 4;
    let mut best: Vec<[State; STATES]> =
        vec![[(f32::INFINITY, usize::MAX, 0, 0.0); STATES]; candidates.len()];
    let start_of = |prev: Option<usize>| prev.map_or(0, |p| candidates[p] + 1);
    let cheapest = |b: &[State; STATES]| b.iter().map(|s| s.0).fold(f32::INFINITY, f32::min);
    for (k, &end) in candidates.iter().enumerate() {
        let is_end = end == n;
        let (pen_width, pen_cost, hyphen, dash) = match elems.get(end) {
            Some(Elem::Penalty {
                width,
                cost,
                hyphen,
                dash,
                ..
            }) => (*width, *cost, *hyphen, *dash),
            _ => (0.0, 0.0, false, false),
        };
        let consider = |prev: Option<usize>, best: &mut Vec<[State; STATES]>| {
            let s = start_of(prev);
            if s > end {
                return;
            }
            let natural = w[end] - w[s] + pen_width;
            let last = is_end;
            let ratio = if natural < shape.width {
                if last || !shape.justify {
                    0.0
                } else {
                    let stretch = st[end] - st[s];
                    if stretch > 0.0 {
                        (shape.width - natural) / stretch
                    } else {
                        100.0
                    }
                }
            } else if natural > shape.width {
                // Ragged lines are never squeezed: they are set as they are.
                let shrink = if shape.justify { sh[end] - sh[s] } else { 0.0 };
                if shrink > 0.0 {
                    (shape.width - natural) / shrink
                } else {
                    -10.0
                }
            } else {
                0.0
            };
            // A line too loose to justify is set with spaces of at most
            // `MAX_SPACE` and left short of the measure: what a reader sees is
            // that gap at its end, so that is what it costs, growing with its
            // square (two small gaps are better than one large).
            let loose = shape.justify && !last && ratio > TOLERANCE;
            let badness = if !shape.justify && !last {
                // Ragged: prefer lines that fill the measure.
                let slack = (shape.width - natural).max(0.0) / shape.width;
                100.0 * slack * slack * 4.0
            } else if loose {
                100.0 * TOLERANCE.powi(3)
            } else {
                100.0 * ratio.abs().powi(3)
            };
            let overfull = ratio < -1.0;
            let mut line = (LINE_PENALTY + badness.min(10_000.0)).powi(2) + pen_cost * pen_cost;
            if last
                && prev.is_some_and(|p| {
                    matches!(
                        elems.get(candidates[p]),
                        Some(Elem::Penalty { hyphen: true, .. })
                    )
                })
            {
                // A paragraph does not end on the tail of a hyphenated word.
                line += FINAL_HYPHEN_DEMERITS;
            }
            if overfull {
                // Only as a last resort (a word longer than the line).
                line += 1e9 * (1.0 - ratio);
            } else if loose {
                let widened = (ratio * (st[end] - st[s])).min(cap[end] - cap[s]);
                let gap = (shape.width - natural - widened).max(0.0) / shape.width;
                line += LOOSE_DEMERITS * (1.0 + ratio.min(100.0) / 100.0) + 1e9 * gap * gap;
                if hyphen {
                    // A word is not cut to end a line that is short anyway.
                    line += LOOSE_DEMERITS;
                }
            }
            let from: &[State] = match prev {
                None => &[(0.0, usize::MAX, 0, 0.0)],
                Some(p) => &best[p][..],
            };
            let mut found: [Option<State>; STATES] = [None; STATES];
            for (hp, state) in from.iter().enumerate() {
                let base = state.0;
                if !base.is_finite() {
                    continue;
                }
                // Lines ending with a hyphen, inserted or hard, in a row.
                let h = if hyphen || dash {
                    (hp + 1).min(STATES - 1)
                } else {
                    0
                };
                let mut demerits = line;
                if (hyphen || dash) && hp > 0 {
                    demerits += DOUBLE_HYPHEN_DEMERITS;
                }
                if h >= 3 {
                    // No ladder of three: only when nothing else is possible.
                    demerits += 1e8;
                }
                let total = base + demerits;
                if found[h].is_none_or(|f| total < f.0) {
                    found[h] = Some((total, prev.unwrap_or(usize::MAX), hp as u8, ratio.max(-1.0)));
                }
            }
            for (h, f) in found.into_iter().enumerate() {
                if let Some(f) = f
                    && f.0 < best[k][h].0
                {
                    best[k][h] = f;
                }
            }
        };
        // Later starts give shorter lines: walk back from the nearest start and
        // stop at the first line that cannot shrink enough. Lines far too loose to
        // justify are skipped unless no other line is possible.
        let mut loose: Vec<usize> = Vec::new();
        let mut overfull: Option<Option<usize>> = None;
        // What a line from `s` can shrink by: nothing when it is not justified.
        let shrinkable = |s: usize| if shape.justify { sh[end] - sh[s] } else { 0.0 };
        let fits_loose = |s: usize| {
            shape.justify
                && !is_end
                && w[end] - w[s] + pen_width + (st[end] - st[s]) * TOLERANCE < shape.width
        };
        for p in (0..=k).rev() {
            let prev = if p == k { None } else { Some(p) };
            if prev.is_none() && k != 0 {
                // `p == k` stands for "from the paragraph's start", tried last.
                continue;
            }
            let s = start_of(prev);
            if s <= end && w[end] - w[s] + pen_width - shrinkable(s) > shape.width {
                overfull = Some(prev);
                break;
            }
            if fits_loose(s) {
                loose.push(p);
            } else {
                consider(prev, &mut best);
            }
        }
        if overfull.is_none() && k != 0 {
            let s = start_of(None);
            if s <= end && w[end] - w[s] + pen_width - shrinkable(s) > shape.width {
                overfull = Some(None);
            } else if fits_loose(s) {
                loose.push(k);
            } else {
                consider(None, &mut best);
            }
        }
        // Too-loose lines are worth a look only when nothing good ends here: a
        // feasible line may still carry a very bad paragraph start.
        if cheapest(&best[k]) > GOOD_ENOUGH {
            for p in loose {
                consider(if p == k { None } else { Some(p) }, &mut best);
            }
        }
        if cheapest(&best[k]).is_infinite()
            && let Some(prev) = overfull
        {
            consider(prev, &mut best);
        }
    }
    let mut out = Vec::new();
    let mut k = candidates.len() - 1;
    let mut h = (0..STATES)
        .min_by(|a, b| best[k][*a].0.total_cmp(&best[k][*b].0))
        .unwrap_or(0);
    loop {
        let (_, prev, prev_h, ratio) = best[k][h];
        out.push((candidates[k], ratio));
        if prev == usize::MAX {
            break;
        }
        k = prev;
        h = usize::from(prev_h);
    }
    out.reverse();
    out
}

/// What every line of a paragraph shares.
struct LineCtx<'a> {
    full: &'a str,
    styles: &'a [Style],
    ratio: f32,
    shape: &'a Shape,
    last: bool,
}

fn build_line(
    elems: &[Elem],
    at_break: Option<&Elem>,
    cx: &LineCtx<'_>,
    usage: &mut Usage,
) -> Line {
    let mut items: Vec<Item> = Vec::new();
    let mut x = 0.0;
    // Spaces at the start of a line vanish.
    let skip = elems
        .iter()
        .take_while(|e| matches!(e, Elem::Glue { .. } | Elem::Penalty { .. }))
        .count();
    let ratio = cx.ratio;
    // A last line is not stretched, but it is squeezed when it was chosen so.
    let justify = cx.shape.justify && ratio != 0.0 && (!cx.last || ratio < 0.0);
    for e in &elems[skip..] {
        match e {
            Elem::Text {
                range,
                style,
                width,
            } => {
                push_text(
                    &mut items,
                    &cx.full[range.clone()],
                    &cx.styles[*style],
                    *width,
                    &mut x,
                    usage,
                );
            }
            Elem::Glue {
                style,
                width,
                stretch,
                shrink,
                max,
            } => {
                let st = &cx.styles[*style];
                // No space wider than half an em: a line that would need more is
                // left short of the measure (ragged) rather than gappy.
                let extra = match (justify, ratio > 0.0) {
                    (false, _) => 0.0,
                    (true, true) => (ratio * stretch).min((max - width).max(0.0)),
                    (true, false) => ratio * shrink,
                };
                usage.add(st.face, " ");
                // The space rides on the text before it, its stretch after it.
                match items.last_mut() {
                    Some(prev) if prev.style == *st && prev.extra == 0.0 => {
                        prev.text.push(' ');
                        prev.width += width;
                        prev.extra = extra;
                    }
                    _ => items.push(Item {
                        x,
                        text: " ".into(),
                        style: st.clone(),
                        width: *width,
                        extra,
                    }),
                }
                x += width + extra;
            }
            Elem::Penalty { .. } => {}
        }
    }
    if let Some(Elem::Penalty {
        hyphen: true,
        width,
        style,
        ..
    }) = at_break
    {
        push_text(&mut items, "-", &cx.styles[*style], *width, &mut x, usage);
    }
    let size = items.iter().map(|i| i.style.size).fold(0.0, f32::max);
    let ascent = items
        .iter()
        .map(|i| i.style.size * i.style.face.metrics().ascender)
        .fold(0.0, f32::max);
    Line {
        items,
        ascent,
        height: size * cx.shape.leading,
        width: x,
        tag: Tag::Untagged,
    }
}

fn push_text(
    items: &mut Vec<Item>,
    text: &str,
    style: &Style,
    width: f32,
    x: &mut f32,
    usage: &mut Usage,
) {
    usage.add(style.face, text);
    // Join with the previous piece when the style is the same (fewer text runs).
    if let Some(prev) = items.last_mut()
        && prev.style == *style
        && prev.extra == 0.0
    {
        prev.text.push_str(text);
        prev.width += width;
        *x += width;
        return;
    }
    items.push(Item {
        x: *x,
        text: text.into(),
        style: style.clone(),
        width,
        extra: 0.0,
    });
    *x += width;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str) -> Span {
        Span {
            text: text.into(),
            style: Style::new(Face::Serif, 10.0, [0, 0, 0]),
        }
    }

    fn shape(width: f32, lang: &str) -> Shape {
        Shape {
            width,
            justify: true,
            leading: 1.4,
            hyphenation: Hyphenation::for_language(lang),
            hyphen_breaks: true,
        }
    }

    const TEXT: &str = "Pour coordonner les initiatives Smart City menées dans la Région, le Gouvernement a chargé le Centre d’Informatique pour la Région Bruxelloise de mettre sur pied un Smart City Office, dont la gouvernance fait l’objet d’un marché en six volets\u{202f}: parties prenantes, vision partagée, indicateurs de performance et feuille de route.";

    #[test]
    fn justified_lines_fill_the_measure_and_keep_every_character() {
        let mut usage = Usage::default();
        let lines = break_lines(&[span(TEXT)], &shape(200.0, "fr"), &mut usage);
        assert!(lines.len() > 5);
        for l in &lines[..lines.len() - 1] {
            let w: f32 = l.items.iter().map(|i| i.width + i.extra).sum();
            assert!((w - 200.0).abs() < 0.5, "line {:?} is {w} wide", l.text());
        }
        // Joining the lines (dropping added hyphens) gives the text back.
        let mut joined = String::new();
        for l in &lines {
            let t = l.text();
            match t.strip_suffix('-') {
                Some(t)
                    if !t.ends_with(' ')
                        && !TEXT.contains(&format!("{}-", t.rsplit(' ').next().unwrap_or(""))) =>
                {
                    joined.push_str(t)
                }
                _ => {
                    joined.push_str(&t);
                    if !t.ends_with('-') {
                        joined.push(' ');
                    }
                }
            }
        }
        assert_eq!(joined.trim_end(), TEXT);
    }

    /// `text` set in a bilingual timeline column (206.6 pt, 10.5 pt type);
    /// every line but the last fills more than 85 % of the measure.
    fn narrow_column(text: &str, lang: &str) -> Vec<Line> {
        let mut sp = span(text);
        sp.style.size = 10.5;
        let mut usage = Usage::default();
        let lines = break_lines(&[sp], &shape(206.6, lang), &mut usage);
        for l in &lines[..lines.len() - 1] {
            let w: f32 = l.items.iter().map(|i| i.width + i.extra).sum();
            assert!(w > 0.85 * 206.6, "{:?} is {w} wide", l.text());
        }
        lines
    }

    /// A paragraph too loose for a narrow column: no space grows past its cap,
    /// and the shortfall is spread over several lines rather than one line left
    /// a third short (« Inventaire approfondi des » alone on its line).
    #[test]
    fn looseness_is_spread_not_left_in_one_gap() {
        let text = "Inventaire approfondi des solutions et des plateformes existantes, dressé lors de 12\u{a0}ateliers réunissant des acteurs clés d’organisations publiques et privées bruxelloises, afin que le mémorandum s’appuie sur l’existant et sur les ressources disponibles.";
        let lines = narrow_column(text, "fr");
        for l in &lines[..lines.len() - 1] {
            for i in &l.items {
                if i.text == " " || i.text.ends_with(' ') {
                    let space = Face::Serif.metrics().width(" ", 10.5);
                    assert!(space + i.extra <= MAX_SPACE * 10.5 + 0.01);
                }
            }
        }
    }

    /// A paragraph does not end on the tail of a hyphenated word
    /// (« au- / thentiques. » in a project box of the bilingual edition).
    #[test]
    fn no_hyphen_on_the_next_to_last_line() {
        let mut usage = Usage::default();
        let text = "L’échange de données issues de sources authentiques.";
        let lines = break_lines(&[span(text)], &shape(208.6, "fr"), &mut usage);
        assert_eq!(lines.len(), 2);
        assert!(!lines[0].text().ends_with('-'), "{:?}", lines[0].text());
    }

    /// Titles keep a compound whole: « Brussels / Smart City-ambitienota »,
    /// never « Brussels Smart City- / ambitienota ».
    #[test]
    fn titles_do_not_break_at_a_hard_hyphen() {
        let mut usage = Usage::default();
        let title = "Brussels Smart\u{a0}City-ambitienota";
        let mut body_broke = false;
        for width in [60.0, 80.0, 100.0, 120.0, 140.0] {
            let mut s = shape(width, "nl");
            s.justify = false;
            s.hyphenation = Hyphenation::NONE;
            s.hyphen_breaks = false;
            let lines = break_lines(&[span(title)], &s, &mut usage);
            assert!(lines.iter().all(|l| !l.text().ends_with('-')), "{width}");
            s.hyphen_breaks = true;
            // Body text may break there.
            let body = break_lines(&[span(title)], &s, &mut usage);
            body_broke |= body.iter().any(|l| l.text().ends_with('-'));
        }
        assert!(body_broke);
    }

    /// The cost of a hyphen depends on the lines before it, so the breaker
    /// keeps a best path per count of hyphenated lines in a row: a path that
    /// keeps ‘quadruple’ whole is not lost to a cheaper one that ends in a
    /// hyphen and then forces a line half empty before the unbreakable
    /// « Smart City-actoren: ».
    #[test]
    fn a_path_with_fewer_hyphens_is_kept() {
        let text = "Bilaterale gesprekken met de \u{2018}quadruple helix\u{2019} van de Brusselse Smart\u{a0}City-actoren: het maatschappelijk middenveld, de academische wereld, de publieke en de private partners. De bedoeling was hen bij het project te betrekken, draagvlak te creëren en ideeën en projecten te identificeren en op gang te brengen.";
        let lines = narrow_column(text, "nl");
        let ladder = lines
            .windows(3)
            .any(|w| w.iter().all(|l| l.text().ends_with('-')));
        assert!(!ladder);
    }

    #[test]
    fn narrow_no_break_spaces_bind() {
        let mut usage = Usage::default();
        for width in [80.0, 95.0, 110.0, 130.0, 150.0] {
            let lines = break_lines(&[span(TEXT)], &shape(width, "fr"), &mut usage);
            for l in &lines {
                assert!(
                    !l.text().starts_with(':'),
                    "a colon starts a line at width {width}"
                );
                assert!(!l.text().trim_end().ends_with('\u{202f}'));
            }
        }
    }

    #[test]
    fn styles_survive_breaking() {
        let mut usage = Usage::default();
        let mut bold = span("Smart City Office");
        bold.style.face = Face::SerifBold;
        let lines = break_lines(
            &[
                span("Le "),
                bold,
                span(" est placé sous la responsabilité du CIRB."),
            ],
            &shape(120.0, "fr"),
            &mut usage,
        );
        let bold_text: String = lines
            .iter()
            .flat_map(|l| &l.items)
            .filter(|i| i.style.face == Face::SerifBold)
            .map(|i| i.text.as_str())
            .collect();
        assert_eq!(bold_text.replace('-', ""), "Smart City Office");
    }

    #[test]
    fn the_first_line_is_never_a_lone_short_word() {
        let mut usage = Usage::default();
        let texts = [
            "La stratégie Smart City, approuvée par le Gouvernement en février 2017, s’appuie sur les cinq dimensions de l’indice relatif à l’économie et à la société numériques (DESI) de l’Union européenne, complétées par des priorités propres à la Smart City.",
            "Rencontres bilatérales avec la «\u{202f}quadruple hélice\u{202f}» des acteurs de la Smart City bruxelloise\u{202f}: la société civile, le monde académique, les partenaires publics et les partenaires privés.",
        ];
        for (text, width) in texts.iter().flat_map(|t| {
            [
                180.0, 196.0, 200.0, 206.5, 215.0, 230.5, 260.0, 300.0, 415.0,
            ]
            .map(|w| (t, w))
        }) {
            let mut sp = span(text);
            sp.style.size = 10.5;
            let lines = break_lines(&[sp], &shape(width, "fr"), &mut usage);
            for l in &lines[..lines.len() - 1] {
                // A line short of the measure is only the last resort, when
                // filling it would open spaces wider than the cap: then its
                // spaces are at the cap, and it holds more than one word.
                let spaces = l.text().matches(' ').count();
                let at_cap = l.items.iter().any(|i| {
                    i.extra > 0.0
                        && (i.style.face.metrics().width(" ", i.style.size) + i.extra)
                            >= MAX_SPACE * i.style.size - 0.01
                });
                assert!(
                    l.width > width * 0.9 || (at_cap && spaces >= 2),
                    "width {width}: short line {:?}",
                    l.text()
                );
            }
        }
    }

    #[test]
    fn a_word_longer_than_the_line_still_sets() {
        let mut usage = Usage::default();
        let lines = break_lines(
            &[span("Smart City-doelstellingenmemorandum")],
            &shape(40.0, "nl"),
            &mut usage,
        );
        assert!(lines.len() >= 2);
    }
}

/// Arbitrary text through the inline Markdown parser and the line breaker: no panic,
/// and every character either on a line or one the fonts lack (which the PDF
/// backend reports as `missing-glyph` before layout).
#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;
    use crate::markup as inline;

    /// Visible characters of `text` that the serif face covers.
    fn shown(text: &str) -> Vec<char> {
        let metrics = Face::Serif.metrics();
        let mut v: Vec<char> = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != '\u{ad}' && metrics.covers(*c))
            .collect();
        v.sort_unstable();
        v
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(400)))]

        #[test]
        fn any_text_is_laid_out_without_losing_a_character(
            text in "\\PC{0,300}",
            width in 40.0f32..400.0,
            lang in prop::sample::select(vec!["fr", "nl", "en"]),
        ) {
            let Ok(nodes) = inline::parse(&text) else {
                // Refused markup is reported to the translator; nothing to lay out.
                return Ok(());
            };
            let plain = inline::to_plain(&nodes);
            let _ = inline::to_html(&nodes);
            let md = inline::to_markdown(&nodes);
            prop_assert!(!md.contains("{{"), "shortcode delimiter in {md:?}");
            let shape = Shape { width, justify: true, leading: 1.4, hyphenation: Hyphenation::for_language(lang), hyphen_breaks: true };
            let span = Span { text: plain.clone(), style: Style::new(Face::Serif, 10.0, [0, 0, 0]) };
            let mut usage = Usage::default();
            let lines = break_lines(&[span], &shape, &mut usage);
            let laid: String = lines.iter().map(Line::text).collect();
            prop_assert_eq!(shown(&laid), shown(&plain));
        }

        #[test]
        fn markdown_output_reads_back_as_the_same_text(text in "\\PC{0,200}") {
            if let Ok(nodes) = inline::parse(&text) {
                let md = inline::to_markdown(&nodes);
                let back = inline::parse(&md).map_err(|e| TestCaseError::fail(format!("{md:?}: {e}")))?;
                prop_assert_eq!(inline::to_plain(&back), inline::to_plain(&nodes));
            }
        }
    }
}
