//! Placing laid-out blocks on A4 pages: space before and after, headings kept with
//! what follows them, no lone first or last line of a paragraph at a page foot or
//! head (orphans and widows), blocks kept together where asked, and tables whose
//! header row repeats on every page they cross.

use super::layout::{Line, Rgb};
use super::tags::Tag;

/// Page geometry, in points.
#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    /// Page width.
    pub width: f32,
    /// Page height.
    pub height: f32,
    /// Left margin.
    pub left: f32,
    /// Right margin.
    pub right: f32,
    /// Top margin.
    pub top: f32,
    /// Bottom margin (the footer sits inside it).
    pub bottom: f32,
}

impl Geometry {
    /// A4 portrait with a reading measure of about 75 characters.
    pub const A4: Geometry = Geometry {
        width: 595.276,
        height: 841.89,
        left: 85.0,
        right: 85.0,
        top: 72.0,
        bottom: 80.0,
    };

    /// A4 with narrower margins, for two columns side by side.
    pub const BILINGUAL: Geometry = Geometry {
        width: 595.276,
        height: 841.89,
        left: 56.0,
        right: 56.0,
        top: 68.0,
        bottom: 80.0,
    };

    /// The width of the text column.
    pub fn measure(&self) -> f32 {
        self.width - self.left - self.right
    }

    fn body_bottom(&self) -> f32 {
        self.height - self.bottom
    }
}

/// Where a heading points, for the outline and the table of contents.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Anchor {
    /// The id used by internal links.
    pub id: String,
    /// Outline depth: 1 for sections, 2 for sub-sections and what a section
    /// holds (projects), and so on down.
    pub level: u8,
    /// The title shown in the outline (with its number).
    pub title: String,
    /// The number or label before the title in `title` (« 1.2 », « Annexe A
    /// »), or empty.
    pub number: String,
    /// A section's heading listed in the table of contents.
    pub contents: bool,
}

/// A text block: lines set one under the other.
#[derive(Debug, Clone, Default)]
pub struct TextBlock {
    /// The lines.
    pub lines: Vec<Line>,
    /// Extra gaps after some lines (index, points), between parts of the block.
    pub gaps: Vec<(usize, f32)>,
    /// Distance of the block's left edge from the left margin.
    pub indent: f32,
    /// Padding between the block's edge and its lines (with a background).
    pub inset: f32,
    /// Space above, dropped at the top of a page.
    pub space_before: f32,
    /// Space below.
    pub space_after: f32,
    /// Never the last thing on a page.
    pub keep_with_next: bool,
    /// Never split across pages.
    pub keep_together: bool,
    /// Never alone at the head of a page: a table before it keeps its last
    /// row with it.
    pub keep_with_previous: bool,
    /// Set at the foot of the page it falls on (the colophon on the last
    /// page), kept whole.
    pub at_foot: bool,
    /// How many lines must start the block together on a page, when more
    /// than two (a timeline entry: its date and two lines of its text).
    pub head_min: usize,
    /// Space added inside the block after its last line (its bar and
    /// background run on), so that it is as tall as its twin in the other
    /// column.
    pub extra_bottom: f32,
    /// A bullet or number set left of the first line: its line and x offset.
    pub marker: Option<(Line, f32)>,
    /// An outline entry pointing here.
    pub anchor: Option<Anchor>,
    /// A rule under the block.
    pub rule_below: Option<Rgb>,
    /// A rule above the block.
    pub rule_above: Option<Rgb>,
    /// A vertical bar at the block's left edge.
    pub bar: Option<Rgb>,
    /// A background behind the block.
    pub background: Option<Rgb>,
}

impl TextBlock {
    fn line_height(&self, i: usize) -> f32 {
        self.lines[i].height
            + self
                .gaps
                .iter()
                .filter(|(at, _)| *at == i)
                .map(|(_, g)| g)
                .sum::<f32>()
    }

    /// The block's height, its padding included.
    pub fn height(&self) -> f32 {
        (0..self.lines.len())
            .map(|i| self.line_height(i))
            .sum::<f32>()
            + 2.0 * self.vpad()
            + self.extra_bottom
    }

    /// How many of its lines must fit for the block to start on a page: two
    /// (no orphan), or `head_min`; all of a block that could not then leave
    /// two lines for the next page (all three of a three-line block: two and
    /// one would leave a widow).
    fn head_count(&self) -> usize {
        let n = self.lines.len();
        let min = self.head_min.max(2);
        if n <= min + 1 { n } else { min }
    }

    fn vpad(&self) -> f32 {
        self.inset * 0.7
    }
}

/// A table row: one list of lines per cell.
#[derive(Debug, Clone)]
pub struct Row {
    /// The cells.
    pub cells: Vec<Vec<Line>>,
    /// An id for the row (its first line's position is recorded).
    pub anchor: Option<String>,
}

/// A table with a header row.
#[derive(Debug, Clone)]
pub struct TableBlock {
    /// Column widths, summing to the measure.
    pub columns: Vec<f32>,
    /// Padding inside cells.
    pub padding: f32,
    /// The header row, repeated on every page.
    pub header: Row,
    /// Header background.
    pub header_fill: Rgb,
    /// The body rows.
    pub rows: Vec<Row>,
    /// Rule colour between rows.
    pub rule: Rgb,
    /// Space above.
    pub space_before: f32,
    /// Space below.
    pub space_after: f32,
}

impl TableBlock {
    fn row_height(&self, row: &Row) -> f32 {
        row.cells
            .iter()
            .map(|c| c.iter().map(|l| l.height).sum::<f32>())
            .fold(0.0, f32::max)
            + 2.0 * self.padding
    }
}

/// Something placed in the flow.
#[derive(Debug, Clone)]
pub enum Block {
    /// Text.
    Text(TextBlock),
    /// A table.
    Table(TableBlock),
    /// Two columns side by side.
    Pair(PairBlock),
    /// Start a new page.
    PageBreak,
}

impl TextBlock {
    /// The height needed to keep a heading with the start of this block.
    fn head_height(&self) -> f32 {
        if self.keep_together {
            self.space_before + self.height()
        } else {
            let n = self.head_count();
            self.space_before + (0..n).map(|i| self.line_height(i)).sum::<f32>() + self.vpad()
        }
    }
}

/// What must fit below a block kept with the next (a heading): the blocks
/// that follow, each kept with the next in turn (a heading, then a sentence
/// that announces a list), whole, then the start of the first that is not.
/// A chain taller than `page` asks only for the start of the next block.
fn chain_height(tail: &[Block], page: f32) -> f32 {
    let mut h = 0.0;
    for b in tail {
        if b.keep_with_next() {
            h += b.full_height();
            if h > page {
                break;
            }
        } else {
            h += b.head_height();
            if h <= page {
                return h;
            }
            break;
        }
    }
    tail.first().map_or(0.0, Block::head_height)
}

impl Block {
    /// Whether the block is never the first thing on a page after a table
    /// (the signature).
    fn keep_with_previous(&self) -> bool {
        matches!(self, Block::Text(t) if t.keep_with_previous)
    }

    /// Whether the block is never the last thing on a page.
    fn keep_with_next(&self) -> bool {
        match self {
            Block::Text(t) => t.keep_with_next,
            Block::Pair(p) => p.keep_with_next,
            Block::Table(_) | Block::PageBreak => false,
        }
    }

    /// The block whole, with its space above and below.
    fn full_height(&self) -> f32 {
        match self {
            Block::Text(t) => t.space_before + t.height() + t.space_after,
            Block::Pair(p) => p.space_before + p.height(),
            Block::Table(t) => {
                t.space_before
                    + t.row_height(&t.header)
                    + t.rows.iter().map(|r| t.row_height(r)).sum::<f32>()
                    + t.space_after
            }
            Block::PageBreak => 0.0,
        }
    }

    /// The height needed to keep a heading with the start of this block.
    fn head_height(&self) -> f32 {
        match self {
            Block::Text(t) => t.head_height(),
            Block::Table(t) => {
                t.space_before
                    + t.row_height(&t.header)
                    + t.rows.first().map_or(0.0, |r| t.row_height(r))
            }
            Block::Pair(p) => p.space_before + p.head_height(),
            Block::PageBreak => 0.0,
        }
    }
}

/// Something drawn on a page; `y` is measured down from the top of the page.
#[derive(Debug, Clone)]
pub enum Draw {
    /// A line of text with its baseline at `y`.
    Text {
        /// Left edge.
        x: f32,
        /// Baseline.
        y: f32,
        /// The line.
        line: Line,
        /// The language of the line, when it differs from the document's.
        lang: Option<std::sync::Arc<str>>,
        /// The bilingual segment this line starts, if it starts one.
        segment: Option<std::sync::Arc<str>>,
    },
    /// A filled rectangle with its top at `y`.
    Rect {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Fill.
        color: Rgb,
    },
}

impl Draw {
    /// A line of text in the document's language, starting no segment.
    pub fn text(x: f32, y: f32, line: Line) -> Draw {
        Draw::Text {
            x,
            y,
            line,
            lang: None,
            segment: None,
        }
    }
}

/// A page of the document.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// What is drawn, in order.
    pub draws: Vec<Draw>,
    /// Headings on the page: the anchor and the y of the heading's top.
    pub anchors: Vec<(Anchor, f32)>,
    /// Rows or other ids on the page, with their y.
    pub marks: Vec<(String, f32)>,
    /// For each segment of a bilingual pair starting on this page: its id, the
    /// column (0 left, 1 right) and the baseline of its first line.
    pub pairs: Vec<(String, u8, f32)>,
}

/// Two columns of blocks whose first lines start level (a bilingual segment).
#[derive(Debug, Clone)]
pub struct PairBlock {
    /// The segment id.
    pub id: String,
    /// The left column's blocks.
    pub left: Vec<TextBlock>,
    /// The right column's blocks.
    pub right: Vec<TextBlock>,
    /// Language tags of the two columns.
    pub langs: [std::sync::Arc<str>; 2],
    /// Never the last thing on a page (a heading).
    pub keep_with_next: bool,
    /// Space above, dropped at the top of a page.
    pub space_before: f32,
}

impl PairBlock {
    fn side(&self, i: usize) -> &[TextBlock] {
        if i == 0 { &self.left } else { &self.right }
    }

    fn side_mut(&mut self, i: usize) -> &mut [TextBlock] {
        if i == 0 {
            &mut self.left
        } else {
            &mut self.right
        }
    }

    fn side_height(&self, i: usize) -> f32 {
        let blocks = self.side(i);
        blocks
            .iter()
            .enumerate()
            .map(|(k, b)| if k == 0 { 0.0 } else { b.space_before } + b.height() + b.space_after)
            .sum()
    }

    fn height(&self) -> f32 {
        self.side_height(0).max(self.side_height(1))
    }

    /// What must fit for the pair to start on a page: the first two lines of each side.
    fn head_height(&self) -> f32 {
        (0..2)
            .map(|i| match self.side(i).first() {
                Some(b) if b.keep_together => b.height(),
                Some(b) => (0..b.head_count()).map(|l| b.line_height(l)).sum::<f32>() + b.vpad(),
                None => 0.0,
            })
            .fold(0.0, f32::max)
    }
}

/// Places `blocks` on pages of `geometry`; `gutter` is the space between the two
/// columns of pairs. Each line moves from its block to its page (the layout
/// is never held twice); a table's header, repeated on every page, is copied.
pub fn paginate(blocks: Vec<Block>, geometry: &Geometry, gutter: f32) -> Vec<Page> {
    paginate_from(blocks, geometry, gutter, geometry.top).0
}

/// As [`paginate`], the first page's flow starting at `y` (below what another
/// flow put there); also returns where the last page's flow ends.
pub fn paginate_from(
    mut blocks: Vec<Block>,
    geometry: &Geometry,
    gutter: f32,
    y: f32,
) -> (Vec<Page>, f32) {
    let mut p = Paginator {
        g: *geometry,
        pages: vec![Page::default()],
        y,
        col_x: geometry.left,
        col_w: geometry.measure(),
        lang: None,
        gutter,
    };
    for i in 0..blocks.len() {
        let (head, tail) = blocks.split_at_mut(i + 1);
        match &mut head[i] {
            Block::PageBreak => p.new_page(),
            Block::Text(t) => p.text(t, tail),
            Block::Table(t) => p.table(t, tail),
            Block::Pair(pair) => p.pair(pair, tail),
        }
    }
    let end = p.y;
    (p.pages, end)
}

struct Paginator {
    g: Geometry,
    pages: Vec<Page>,
    y: f32,
    /// The column being filled: its left edge and width.
    col_x: f32,
    col_w: f32,
    /// The language of the column being filled, in a bilingual pair.
    lang: Option<std::sync::Arc<str>>,
    gutter: f32,
}

impl Paginator {
    fn at_top(&self) -> bool {
        self.y <= self.g.top + 0.01
    }

    /// The height of a page's body.
    fn page_height(&self) -> f32 {
        self.g.body_bottom() - self.g.top
    }

    fn room(&self) -> f32 {
        self.g.body_bottom() - self.y
    }

    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Starts a block that needs `need` points after `before` points of space:
    /// on a new page if it does not fit on this one, else after its space.
    fn start(&mut self, before: f32, need: f32, space_before: f32) {
        if before + need > self.room() && !self.at_top() {
            self.new_page();
        } else {
            self.space(space_before);
        }
    }

    fn new_page(&mut self) {
        if !(self.at_top() && self.pages.last().is_some_and(|p| p.draws.is_empty())) {
            self.pages.push(Page::default());
        }
        self.y = self.g.top;
    }

    fn space(&mut self, s: f32) {
        if !self.at_top() {
            self.y += s;
        }
    }

    fn text(&mut self, t: &mut TextBlock, tail: &[Block]) {
        if t.lines.is_empty() {
            return;
        }
        let before = if self.at_top() { 0.0 } else { t.space_before };
        if t.at_foot {
            let h = t.height();
            if t.space_before + h > self.room() && !self.at_top() {
                self.new_page();
            }
            self.y = self.y.max(self.g.body_bottom() - h);
            self.place_lines(t, 0, t.lines.len(), true, true);
            return;
        }
        let mut need = if t.keep_together {
            t.height()
        } else {
            t.line_height(0) + t.vpad()
        };
        if !t.keep_together && t.lines.len() > 1 {
            // No orphan: the first two lines go together.
            need += t.line_height(1);
        }
        if t.keep_with_next {
            need = t.height() + t.space_after + chain_height(tail, self.page_height());
        }
        self.start(before, need, t.space_before);
        let mut i = 0;
        let n = t.lines.len();
        let mut first_part = true;
        while i < n {
            let take = self.lines_here(t, i);
            if take == 0 {
                self.new_page();
                continue;
            }
            self.place_lines(t, i, i + take, first_part, i + take == n);
            first_part = false;
            i += take;
            if i < n {
                self.new_page();
            }
        }
        self.y += t.space_after;
    }

    /// How many lines of `t`, from line `from`, go on this page: as many as fit,
    /// less what keeping the block whole, or two lines on each side of a break
    /// (no orphan, no widow), requires. Zero means: start a new page.
    fn lines_here(&self, t: &TextBlock, from: usize) -> usize {
        let n = t.lines.len();
        let mut fit = 0;
        let mut h = t.vpad();
        let end = t.vpad() + t.extra_bottom;
        while from + fit < n
            && h + t.line_height(from + fit) + if from + fit + 1 == n { end } else { 0.0 }
                <= self.room() + 0.01
        {
            h += t.line_height(from + fit);
            fit += 1;
        }
        let rest = n - from;
        let mut take = fit.min(rest);
        if take < rest {
            if t.keep_together {
                take = 0;
            } else {
                if rest - take < 2 {
                    take = take.saturating_sub(2 - (rest - take));
                }
                // No word split across pages: the page's last line does not
                // end with an inserted hyphen, while the lines kept together
                // on either side allow it.
                let floor = if from == 0 { t.head_count() } else { 2 };
                let hyphenated = |k: usize| t.lines[from + k - 1].ends_hyphenated();
                while take > floor && hyphenated(take) {
                    take -= 1;
                }
                if from == 0 && take > 0 && hyphenated(take) {
                    // The block's first lines cannot end otherwise: it starts
                    // on the next page.
                    take = 0;
                }
                if from == 0 && take < t.head_count() {
                    take = 0;
                }
            }
        }
        if take == 0 && self.at_top() {
            // A block taller than a page: as much as fits.
            take = fit.max(1).min(rest);
        }
        take
    }

    fn place_lines(&mut self, t: &mut TextBlock, from: usize, to: usize, first: bool, last: bool) {
        let x0 = self.col_x + t.indent;
        let top = self.y;
        let pad = t.vpad();
        let height: f32 = (from..to).map(|i| t.line_height(i)).sum::<f32>()
            + pad * 2.0
            + if last { t.extra_bottom } else { 0.0 };
        let full = self.col_w - t.indent;
        if let Some(bg) = t.background {
            self.page().draws.push(Draw::Rect {
                x: x0,
                y: top,
                w: full,
                h: height,
                color: bg,
            });
        }
        if let Some(bar) = t.bar {
            self.page().draws.push(Draw::Rect {
                x: x0,
                y: top,
                w: 2.5,
                h: height,
                color: bar,
            });
        }
        if first {
            if let Some(rule) = t.rule_above {
                self.page().draws.push(Draw::Rect {
                    x: x0,
                    y: top - 6.0,
                    w: full,
                    h: 0.6,
                    color: rule,
                });
            }
            if let Some(anchor) = &t.anchor {
                let a = anchor.clone();
                self.page().anchors.push((a, top));
            }
        }
        let mut y = top + pad;
        for i in from..to {
            let advance = t.line_height(i);
            let line = std::mem::take(&mut t.lines[i]);
            let baseline = y + line.ascent + (line.height - line.ascent * 1.25).max(0.0) * 0.4;
            if i == 0
                && let Some((marker, mx)) = t.marker.take()
            {
                let lang = self.lang.clone();
                self.page().draws.push(Draw::Text {
                    x: x0 + mx,
                    y: baseline,
                    line: marker,
                    lang,
                    segment: None,
                });
            }
            let lang = self.lang.clone();
            self.page().draws.push(Draw::Text {
                x: x0 + t.inset,
                y: baseline,
                line,
                lang,
                segment: None,
            });
            y += advance;
        }
        y += pad;
        if last {
            y += t.extra_bottom;
        }
        if last && let Some(rule) = t.rule_below {
            self.page().draws.push(Draw::Rect {
                x: x0,
                y: y + 1.5,
                w: full,
                h: 0.6,
                color: rule,
            });
        }
        self.y = y;
    }

    /// Places a bilingual pair: both columns start at the same height; when the pair
    /// does not fit, both columns break (each with its own widow and orphan
    /// control) and go on at the top of the next page.
    fn pair(&mut self, pair: &mut PairBlock, tail: &[Block]) {
        let before = if self.at_top() {
            0.0
        } else {
            pair.space_before
        };
        let mut need = pair.head_height();
        if pair.keep_with_next {
            need = pair.height() + chain_height(tail, self.page_height());
        }
        self.start(before, need, pair.space_before);
        // A pair set at the foot of its page (the colophon): both sides end
        // on the page's last line.
        if (0..2).all(|side| pair.side(side).first().is_some_and(|b| b.at_foot)) {
            let h = (0..2)
                .map(|side| pair.side(side).iter().map(TextBlock::height).sum::<f32>())
                .fold(0.0, f32::max);
            if h > self.room() && !self.at_top() {
                self.new_page();
            }
            self.y = self.y.max(self.g.body_bottom() - h);
        }
        let width = (self.g.measure() - self.gutter) / 2.0;
        // Both sides start on this page, or both on the next: a side whose
        // first block would not begin here (its first lines would end with
        // an inserted hyphen) takes the pair overleaf.
        if !self.at_top()
            && (0..2).any(|side| {
                pair.side(side)
                    .first()
                    .is_some_and(|b| !b.lines.is_empty() && self.lines_here(b, 0) == 0)
            })
        {
            self.new_page();
        }
        // Cursors: (block, line) per side.
        let mut cursors = [(0usize, 0usize); 2];
        let mut first = true;
        loop {
            let top = self.y;
            let mut bottom = top;
            for (side, cursor) in cursors.iter_mut().enumerate() {
                self.col_x = self.g.left + side as f32 * (width + self.gutter);
                self.col_w = width;
                self.lang = Some(pair.langs[side].clone());
                self.y = top;
                let marks_before = self.page().draws.len();
                self.fill_column(pair.side_mut(side), cursor);
                if first {
                    let id: std::sync::Arc<str> = std::sync::Arc::from(pair.id.as_str());
                    let mut baseline = None;
                    for d in &mut self.page().draws[marks_before..] {
                        if let Draw::Text { y, segment, .. } = d {
                            *segment = Some(id.clone());
                            baseline = Some(*y);
                            break;
                        }
                    }
                    if let Some(y) = baseline {
                        let id = pair.id.clone();
                        self.page().pairs.push((id, side as u8, y));
                    }
                }
                bottom = bottom.max(self.y);
            }
            self.col_x = self.g.left;
            self.col_w = self.g.measure();
            self.lang = None;
            first = false;
            let done = (0..2).all(|side| cursors[side].0 >= pair.side(side).len());
            if done {
                self.y = bottom;
                break;
            }
            self.new_page();
        }
    }

    /// Places blocks of one column from `cursor` until the page is full, keeping
    /// blocks whole where asked and two lines on each side of a break.
    fn fill_column(&mut self, blocks: &mut [TextBlock], cursor: &mut (usize, usize)) {
        while cursor.0 < blocks.len() {
            let (head, tail) = blocks.split_at_mut(cursor.0 + 1);
            let t = &mut head[cursor.0];
            let next = tail.first();
            let from = cursor.1;
            if from == 0 && cursor.0 > 0 && !self.at_top() {
                self.y += t.space_before;
            }
            let n = t.lines.len();
            if n == 0 {
                *cursor = (cursor.0 + 1, 0);
                continue;
            }
            // A block kept with the next one (a step and its details) starts
            // where both fit, or on the next page.
            if from == 0
                && t.keep_with_next
                && !self.at_top()
                && let Some(next) = next
                && t.height() + next.head_height() > self.room()
            {
                return;
            }
            let take = self.lines_here(t, from);
            if take == 0 {
                return;
            }
            self.place_lines(t, from, from + take, from == 0, from + take == n);
            if from + take == n {
                self.y += t.space_after;
                *cursor = (cursor.0 + 1, 0);
            } else {
                *cursor = (cursor.0, from + take);
                return;
            }
        }
    }

    fn table(&mut self, t: &mut TableBlock, tail: &[Block]) {
        let header_h = t.row_height(&t.header);
        let first_h = t.rows.first().map_or(0.0, |r| t.row_height(r));
        if t.space_before + header_h + first_h > self.room() && !self.at_top() {
            self.new_page();
        } else {
            self.space(t.space_before);
        }
        let header = t.header.clone();
        self.row(t, header.clone(), Some(t.header_fill), false);
        let rows = std::mem::take(&mut t.rows);
        let n = rows.len();
        // The last row goes with what follows the table when that is kept
        // with it (the signature): never alone on the next page.
        let after = match tail.first() {
            Some(b) if b.keep_with_previous() => t.space_after + b.full_height(),
            _ => 0.0,
        };
        for (i, row) in rows.into_iter().enumerate() {
            let h = t.row_height(&row) + if i + 1 == n { after } else { 0.0 };
            if h > self.room() && !self.at_top() {
                self.new_page();
                self.row(t, header.clone(), Some(t.header_fill), true);
            }
            self.row(t, row, None, false);
        }
        self.y += t.space_after;
    }

    /// Places a row; a header `repeated` on a later page is drawn as an artifact
    /// (a screen reader hears it once).
    fn row(&mut self, t: &TableBlock, row: Row, fill: Option<Rgb>, repeated: bool) {
        let h = t.row_height(&row);
        let top = self.y;
        let width: f32 = t.columns.iter().sum();
        let left = self.g.left;
        if let Some(fill) = fill {
            self.page().draws.push(Draw::Rect {
                x: left,
                y: top,
                w: width,
                h,
                color: fill,
            });
        } else {
            self.page().draws.push(Draw::Rect {
                x: left,
                y: top + h - 0.6,
                w: width,
                h: 0.6,
                color: t.rule,
            });
        }
        if let Some(id) = &row.anchor {
            let id = id.clone();
            self.page().marks.push((id, top));
        }
        let mut x = self.g.left;
        for (cell, w) in row.cells.into_iter().zip(&t.columns) {
            let mut y = top + t.padding;
            for mut line in cell {
                let baseline = y + line.ascent + (line.height - line.ascent * 1.25).max(0.0) * 0.4;
                let height = line.height;
                if repeated {
                    line.tag = Tag::Artifact;
                }
                self.page().draws.push(Draw::Text {
                    x: x + t.padding,
                    y: baseline,
                    line,
                    lang: None,
                    segment: None,
                });
                y += height;
            }
            x += w;
        }
        self.y = top + h;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::fonts::Face;
    use crate::render::pdf::layout::{Item, Style};

    fn line(text: &str) -> Line {
        Line {
            items: vec![Item {
                x: 0.0,
                text: text.into(),
                style: Style::new(Face::Serif, 10.0, [0, 0, 0]),
                width: 50.0,
                extra: 0.0,
            }],
            ascent: 8.0,
            height: 14.0,
            width: 50.0,
            tag: crate::render::pdf::tags::Tag::Untagged,
            ..Line::default()
        }
    }

    fn para(n: usize) -> Block {
        Block::Text(TextBlock {
            lines: (0..n).map(|i| line(&format!("l{i}"))).collect(),
            space_after: 6.0,
            ..Default::default()
        })
    }

    fn texts(page: &Page) -> Vec<String> {
        page.draws
            .iter()
            .filter_map(|d| match d {
                Draw::Text { line, .. } => Some(line.text()),
                Draw::Rect { .. } => None,
            })
            .collect()
    }

    #[test]
    fn no_widows_or_orphans() {
        let g = Geometry::A4;
        let per_page = ((g.height - g.top - g.bottom) / 14.0) as usize;
        for filler in 0..per_page {
            let blocks = vec![para(filler), para(7)];
            let pages = paginate(blocks.clone(), &g, 0.0);
            for (pi, page) in pages.iter().enumerate() {
                let t = texts(page);
                let of_second: Vec<&String> = if filler == 0 {
                    t.iter().collect()
                } else {
                    t.iter().skip(if pi == 0 { filler } else { 0 }).collect()
                };
                if pages.len() > 1 && !of_second.is_empty() && of_second.len() < 7 {
                    assert!(
                        of_second.len() >= 2,
                        "filler {filler}: {} line(s) of the paragraph alone on page {pi}",
                        of_second.len()
                    );
                }
            }
        }
    }

    /// A heading is kept with a sentence that announces a list, and that
    /// sentence with the list's start: the whole chain moves to the next page
    /// (a heading was left at the foot of page 13 of a long publication),
    /// and a heading's own space below counts.
    #[test]
    fn a_chain_of_kept_blocks_moves_together() {
        let g = Geometry::A4;
        let per_page = ((g.height - g.top - g.bottom) / 14.0) as usize;
        let heading = Block::Text(TextBlock {
            lines: vec![line("Heading")],
            keep_with_next: true,
            space_after: 8.0,
            ..Default::default()
        });
        let announce = Block::Text(TextBlock {
            lines: vec![line("The parts are:"), line("as follows:")],
            keep_with_next: true,
            ..Default::default()
        });
        for filler in per_page.saturating_sub(7)..per_page {
            let pages = paginate(
                vec![para(filler), heading.clone(), announce.clone(), para(4)],
                &g,
                0.0,
            );
            for page in &pages {
                let t = texts(page);
                let last = t.last().map(String::as_str);
                assert!(
                    last != Some("Heading") && last != Some("as follows:"),
                    "{last:?} at the foot (filler {filler})"
                );
            }
        }
    }

    #[test]
    fn headings_stay_with_their_text() {
        let g = Geometry::A4;
        let per_page = ((g.height - g.top - g.bottom) / 14.0) as usize;
        let heading = Block::Text(TextBlock {
            lines: vec![line("Heading")],
            keep_with_next: true,
            ..Default::default()
        });
        for filler in per_page.saturating_sub(4)..per_page {
            let pages = paginate(vec![para(filler), heading.clone(), para(5)], &g, 0.0);
            for page in &pages {
                let t = texts(page);
                assert_ne!(
                    t.last().map(String::as_str),
                    Some("Heading"),
                    "heading alone at the foot (filler {filler})"
                );
            }
        }
    }

    #[test]
    fn table_header_repeats() {
        let row = |s: &str| Row {
            cells: vec![vec![line(s)], vec![line("x")]],
            anchor: None,
        };
        let table = TableBlock {
            columns: vec![300.0, 125.0],
            padding: 4.0,
            header: row("HEAD"),
            header_fill: [0, 0, 0],
            rows: (0..120).map(|i| row(&format!("r{i}"))).collect(),
            rule: [0, 0, 0],
            space_before: 0.0,
            space_after: 0.0,
        };
        let pages = paginate(vec![Block::Table(table)], &Geometry::A4, 0.0);
        assert!(pages.len() >= 3);
        for page in &pages {
            assert_eq!(texts(page).first().map(String::as_str), Some("HEAD"));
        }
    }
}
