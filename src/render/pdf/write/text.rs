//! Lines as text objects: glyph ids shown with kerning and word spacing, fonts
//! and colours set when they change, each piece of text inside the marked-content
//! sequence of its structure element or an artifact.

use super::*;

/// An embedded font as the content streams use it: its resource name, the
/// glyph of each character, and the characters shown with each glyph (the last
/// one shown wins, as printpdf's own collection does), for its widths and
/// `/ToUnicode`.
pub(super) struct FontUse {
    pub(super) id: FontId,
    pub(super) glyphs: BTreeMap<u32, u16>,
    pub(super) shown: BTreeMap<u16, char>,
}

/// What the writer records of a page for the structure tree.
#[derive(Debug, Default)]
pub(super) struct Marks {
    /// The page's index.
    pub(super) page: usize,
    /// The element owning each MCID, in MCID order.
    pub(super) owners: Vec<NodeId>,
    /// Each link annotation's element and its alternate text, in `/Annots` order.
    pub(super) annots: Vec<(NodeId, String)>,
    /// The link annotations, written with the structure tree.
    pub(super) links: Vec<LinkAnnotation>,
    /// The marked-content sequence open on the page, if any.
    pub(super) open: Option<Open>,
    /// The font and colour in force.
    pub(super) pen: Pen,
    /// A text object is open: the lines of an element share one.
    pub(super) in_text: bool,
    /// The open text object holds the open sequences (a line of several runs),
    /// rather than the other way round.
    pub(super) text_outer: bool,
}

/// A marked-content sequence: content of an element, or an artifact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Open {
    Artifact,
    Pagination,
    Node(NodeId),
}

impl Marks {
    /// Makes `want` the open sequence: what follows the same element (the next
    /// line of a paragraph, the next rule) stays in the sequence already open,
    /// so a paragraph is one sequence per page, not one per line. A line that
    /// starts a bilingual segment always opens one, carrying the segment's id.
    pub(super) fn switch(
        &mut self,
        ops: &mut Content,
        tree: &mut Tree,
        want: Open,
        lang: Option<&str>,
        segment: Option<&str>,
    ) {
        if self.open == Some(want) && segment.is_none() {
            return;
        }
        self.close(ops);
        self.open = Some(want);
        match want {
            Open::Artifact => ops.bmc("Artifact"),
            Open::Pagination => ops.bdc(
                "Artifact",
                &[
                    ("Subtype", Prop::Name("Footer")),
                    ("Type", Prop::Name("Pagination")),
                ],
            ),
            Open::Node(owner) => {
                let mcid = self.owners.len();
                self.owners.push(owner);
                tree.nodes[owner].kids.push(Kid::Content {
                    page: index_u32(self.page),
                    mcid: index_u32(mcid),
                });
                // A column in another language carries its /Lang, so text
                // extraction tells the columns apart; the first line of a
                // bilingual segment also carries the segment's id. Keys in
                // order.
                let mcid = Prop::Int(mcid as i64);
                let props: Vec<(&str, Prop<'_>)> = match (lang, segment) {
                    (Some(l), Some(s)) => vec![
                        ("Lang", Prop::Text(l)),
                        ("MCID", mcid),
                        ("Segment", Prop::Text(s)),
                    ],
                    (Some(l), None) => vec![("Lang", Prop::Text(l)), ("MCID", mcid)],
                    (None, _) => vec![("MCID", mcid)],
                };
                ops.bdc(tree.nodes[owner].role.name(), &props);
            }
        }
    }

    /// Ends the open sequence.
    pub(super) fn close(&mut self, ops: &mut Content) {
        if self.in_text && !self.text_outer {
            self.end_text(ops);
        }
        if self.open.take().is_some() {
            ops.bare("EMC");
        }
    }

    /// Opens a text object unless one is open; it belongs inside the open
    /// sequence, or holds the sequences to come if none is open.
    pub(super) fn begin_text(&mut self, ops: &mut Content) {
        if !self.in_text {
            ops.bare("BT");
            self.in_text = true;
            self.text_outer = self.open.is_none();
        }
    }

    pub(super) fn end_text(&mut self, ops: &mut Content) {
        if self.in_text {
            ops.bare("ET");
            self.in_text = false;
            self.text_outer = false;
        }
    }
}

/// Where a line is drawn, and the marks of a bilingual column.
pub(super) struct At<'a> {
    pub(super) x: f32,
    pub(super) baseline: f32,
    /// The column's language, when it differs from the document's.
    pub(super) lang: Option<&'a str>,
    /// The bilingual segment this line starts.
    pub(super) segment: Option<&'a str>,
}

/// A line: its runs (same link, same artifact status) in sequences of the
/// line's element, or of a `Link` element under it, with the link's annotation;
/// or the whole line an artifact.
pub(super) fn line_ops(
    ops: &mut Content,
    marks: &mut Marks,
    tree: &mut Tree,
    at: &At<'_>,
    line: &Line,
    fonts: &mut BTreeMap<Face, FontUse>,
    anchors: &BTreeMap<&str, (usize, f32)>,
) -> Result<(), String> {
    let node = match line.tag {
        Tag::Untagged => {
            return Err(format!(
                "text without a structure element on page {}: {}",
                marks.page + 1,
                line.text()
            ));
        }
        Tag::Artifact | Tag::Pagination => {
            let want = if line.tag == Tag::Artifact {
                Open::Artifact
            } else {
                Open::Pagination
            };
            marks.switch(ops, tree, want, None, None);
            let mut text = TextObject::for_line(line);
            if let Some(first) = line.items.first() {
                text.begin(ops, marks, at.x + first.x, at.baseline);
                for item in &line.items {
                    text.show(ops, &mut marks.pen, item, fonts);
                }
                text.flush(ops, &marks.pen, fonts);
            }
            return Ok(());
        }
        Tag::Node(node) => node,
    };
    if line.items.is_empty() {
        return Ok(());
    }
    // Runs: pieces with the same link and artifact status.
    let mut runs = Vec::new();
    let mut i = 0;
    while i < line.items.len() {
        let style = &line.items[i].style;
        let mut end = i + 1;
        while end < line.items.len()
            && line.items[end].style.link == style.link
            && line.items[end].style.artifact == style.artifact
        {
            end += 1;
        }
        let action = style.link.as_ref().and_then(|l| action(l, anchors));
        // The link's element is made when its run is reached, after the text
        // before it has joined the line's element.
        let target = match (style.link.as_deref(), &action) {
            (Some(Link::Uri(uri)), Some(_)) => Some(uri.to_string()),
            (Some(Link::Anchor(id)), Some(_)) => Some(format!("#{id}")),
            _ => None,
        };
        runs.push((i..end, style.artifact, target, action));
        i = end;
    }
    let mut segment = at.segment;
    let mut text = TextObject::for_line(line);
    if let [(_, artifact, None, _)] = runs.as_slice() {
        // One run: the text object inside the element's sequence, which the
        // next lines of the element continue.
        let want = if *artifact {
            Open::Artifact
        } else {
            Open::Node(node)
        };
        marks.switch(ops, tree, want, at.lang, segment);
        text.begin(ops, marks, at.x + line.items[0].x, at.baseline);
        for item in &line.items {
            text.show(ops, &mut marks.pen, item, fonts);
        }
        text.word_break(line);
        text.flush(ops, &marks.pen, fonts);
        return Ok(());
    }
    // Several runs: one text object, a sequence per run inside it.
    marks.close(ops);
    text.begin(ops, marks, at.x + line.items[0].x, at.baseline);
    for (range, artifact, target, action) in runs {
        let want = match target {
            _ if artifact => Open::Artifact,
            Some(target) => Open::Node(tree.link(node, &target)),
            None => Open::Node(node),
        };
        text.flush(ops, &marks.pen, fonts);
        marks.switch(ops, tree, want, at.lang, segment.take());
        let range_end = range.end;
        let run = &line.items[range];
        // Each run where the layout put it: a run need not follow the one
        // before (the contents' dot leaders and page numbers are aligned).
        ops.tm(at.x + run[0].x, at.baseline);
        for item in run {
            text.show(ops, &mut marks.pen, item, fonts);
        }
        if range_end == line.items.len() {
            text.word_break(line);
        }
        text.flush(ops, &marks.pen, fonts);
        if let (Some(actions), Open::Node(owner)) = (action, want) {
            let start = run[0].x;
            let last = &run[run.len() - 1];
            let end = last.x + last.width + last.extra;
            let size = run.iter().map(|i| i.style.size).fold(0.0, f32::max);
            let rect = Rect::from_xywh(
                Pt(at.x + start),
                Pt(at.baseline - size * 0.25),
                Pt(end - start),
                Pt(size * 1.1),
            );
            marks.links.push(LinkAnnotation::new(
                rect,
                actions,
                Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                Some(ColorArray::Transparent),
                None,
            ));
            let text: String = run
                .iter()
                .flat_map(|i| i.text.chars())
                .filter(|c| *c != SOFT_HYPHEN)
                .collect();
            tree.nodes[owner].kids.push(Kid::Annot {
                page: index_u32(marks.page),
                index: index_u32(marks.annots.len()),
            });
            marks.annots.push((owner, text));
        }
    }
    text.flush(ops, &marks.pen, fonts);
    marks.close(ops);
    marks.end_text(ops);
    Ok(())
}

/// A text object being written: absolute position, then runs with font and
/// colour changes; justification as TJ offsets after spaces.
#[derive(Default)]
pub(super) struct TextObject {
    pub(super) run: Vec<Piece>,
    /// The line's font expansion (a fraction) and letter-spacing (ems per glyph).
    pub(super) expansion: f32,
    pub(super) tracking: f32,
}

/// A piece of a `TJ` array: text, or an offset in thousandths of an em
/// (negative moves right).
pub(super) enum Piece {
    Text(String),
    Offset(f32),
}

/// The font and fill colour in force on a page: they outlast text objects, so
/// each is set only when it changes.
#[derive(Debug, Default)]
pub(super) struct Pen {
    pub(super) font: Option<(Face, u32)>,
    pub(super) fill: Option<Rgb>,
    /// Horizontal scaling less 100 (`Tz`), and character spacing (`Tc`): zero
    /// at the start of a page, as in the PDF's initial text state.
    pub(super) expansion: f32,
    pub(super) spacing: f32,
}

impl Pen {
    pub(super) fn fill(&mut self, ops: &mut Content, color: Rgb) {
        if self.fill != Some(color) {
            ops.fill(color);
            self.fill = Some(color);
        }
    }
}

impl TextObject {
    /// A text object for `line`, with its micro-typography.
    pub(super) fn for_line(line: &Line) -> Self {
        Self {
            run: Vec::new(),
            expansion: line.expansion,
            tracking: line.tracking,
        }
    }

    pub(super) fn begin(&mut self, ops: &mut Content, marks: &mut Marks, x: f32, baseline: f32) {
        marks.begin_text(ops);
        ops.tm(x, baseline);
    }

    pub(super) fn show(
        &mut self,
        ops: &mut Content,
        pen: &mut Pen,
        item: &Item,
        fonts: &mut BTreeMap<Face, FontUse>,
    ) {
        let font = (item.style.face, item.style.size.to_bits());
        let scale = 1.0 + self.expansion;
        // `Tc` is in unscaled text space: scaled by `Tz` when drawn.
        let spacing = self.tracking * item.style.size / scale;
        if pen.font != Some(font)
            || pen.fill != Some(item.style.color)
            || pen.expansion != self.expansion
            || pen.spacing != spacing
        {
            self.flush(ops, pen, fonts);
        }
        if pen.expansion != self.expansion {
            ops.text_state(100.0 * scale, "Tz");
            pen.expansion = self.expansion;
        }
        if pen.spacing != spacing {
            ops.text_state(spacing, "Tc");
            pen.spacing = spacing;
        }
        if pen.font != Some(font) {
            if let Some(f) = fonts.get(&item.style.face) {
                ops.tf(&f.id.0, item.style.size);
            }
            pen.font = Some(font);
        }
        pen.fill(ops, item.style.color);
        // A no-break space drawn with the space's glyph is written as a space:
        // one glyph maps back to one character, so text copied or read aloud
        // has plain spaces rather than every space turned into a no-break one.
        let text: std::borrow::Cow<'_, str> = if item.text.contains('\u{a0}')
            && item.style.face.metrics().same_glyph(' ', '\u{a0}')
        {
            item.text.replace('\u{a0}', " ").into()
        } else {
            item.text.as_str().into()
        };
        // A hyphen the typesetter added at a line break is not part of the
        // text: it is drawn as a hyphen, and marked as the soft hyphen it
        // stands for (ISO 32000-1, 14.8.2.2.3), so the word reads whole.
        let (text, soft_hyphen) = match text.strip_suffix(SOFT_HYPHEN) {
            Some(t) => (std::borrow::Cow::Owned(t.to_owned()), true),
            None => (text, false),
        };
        if !text.is_empty() {
            match self.run.last_mut() {
                Some(Piece::Text(t)) => t.push_str(&text),
                _ => self.run.push(Piece::Text(text.into_owned())),
            }
        }
        if soft_hyphen {
            self.flush(ops, pen, fonts);
            ops.bdc("Span", &[("ActualText", Prop::Utf16("\u{ad}"))]);
            self.run.push(Piece::Text("-".into()));
            self.flush(ops, pen, fonts);
            ops.bare("EMC");
        }
        if item.extra != 0.0 {
            self.run.push(Piece::Offset(
                -item.extra / item.style.size * 1000.0 / scale,
            ));
        }
    }

    /// After a line's last word, the space the line break stands for, so the
    /// words of two lines do not run together when the text is extracted or
    /// read aloud; not after a hyphen (the word goes on) nor an existing space.
    /// It is drawn after the line's end, where nothing else is.
    pub(super) fn word_break(&mut self, line: &Line) {
        let ends = line.items.last().and_then(|i| i.text.chars().last());
        if ends.is_some_and(|c| !c.is_whitespace() && c != '-' && c != '\u{ad}')
            && let Some(Piece::Text(t)) = self.run.last_mut()
        {
            t.push(' ');
        }
    }

    /// Shows what is pending in the pen's font (`Tj`, or `TJ` with offsets),
    /// each character as its glyph id; the text object stays open for the next
    /// line.
    pub(super) fn flush(
        &mut self,
        ops: &mut Content,
        pen: &Pen,
        fonts: &mut BTreeMap<Face, FontUse>,
    ) {
        if self.run.is_empty() {
            return;
        }
        let mut font = pen.font.and_then(|(face, _)| fonts.get_mut(&face));
        let mut encode = |out: &mut Vec<u8>, text: &str| {
            let glyphs = text.chars().map(|c| {
                let g = font
                    .as_ref()
                    .and_then(|f| f.glyphs.get(&(c as u32)).copied());
                if let (Some(g), Some(f)) = (g, font.as_mut()) {
                    f.shown.insert(g, c);
                }
                g.unwrap_or(0)
            });
            push_hex(out, glyphs.flat_map(u16::to_be_bytes));
        };
        ops.start();
        match self.run.as_slice() {
            [Piece::Text(t)] => {
                encode(&mut ops.out, t);
                ops.out.push(b' ');
                ops.operator("Tj");
            }
            pieces => {
                ops.out.push(b'[');
                for (i, piece) in pieces.iter().enumerate() {
                    match piece {
                        Piece::Text(t) => encode(&mut ops.out, t),
                        Piece::Offset(o) => {
                            use std::io::Write as _;
                            if i > 0 {
                                ops.out.push(b' ');
                            }
                            let _ = write!(ops.out, "{o}");
                        }
                    }
                }
                ops.out.extend_from_slice(b"] ");
                ops.operator("TJ");
            }
        }
        self.run.clear();
    }
}
