//! The builder of one language's side: its messages formatted into styled
//! spans (with glyph checks), lines broken, the structure tree grown, and the
//! body laid out section by section (in parallel) from the model's blocks, each
//! kind laid out by its file under `blocks/`.

use super::*;

/// A section laid out on its own: its blocks, its elements' tree, the
/// characters it uses and the problems it found.
pub type LaidSection = (Vec<(String, Block)>, Tree, Usage, Vec<Diagnostic>);

/// What a section's layout is kept under by `watch`: the language, whether in
/// columns, the measure (its bits) and the section's number.
pub type SectionKey = (Lang, bool, u32, usize);

/// What a section's builder takes from its side's: shared by the threads
/// that lay out sections.
pub(super) struct Seed<'a> {
    pub(super) lang: Lang,
    pub(super) input: &'a RenderInput<'a>,
    pub(super) hyphenation: Hyphenation,
    pub(super) measure: f32,
    pub(super) columns: bool,
}

/// Points the lines of `blocks` at the elements' ids in the tree they were
/// grafted into.
pub(super) fn retag(blocks: &mut [(String, Block)], map: &impl Fn(NodeId) -> NodeId) {
    fn lines(lines: &mut [Line], map: &impl Fn(NodeId) -> NodeId) {
        for l in lines {
            if let Tag::Node(n) = l.tag {
                l.tag = Tag::Node(map(n));
            }
        }
    }
    fn text(t: &mut TextBlock, map: &impl Fn(NodeId) -> NodeId) {
        lines(&mut t.lines, map);
        if let Some((marker, _)) = &mut t.marker {
            lines(std::slice::from_mut(marker), map);
        }
    }
    for (_, block) in blocks {
        match block {
            Block::Text(t) => text(t, map),
            Block::Table(t) => {
                for row in std::iter::once(&mut t.header).chain(t.rows.iter_mut()) {
                    for cell in &mut row.cells {
                        lines(cell, map);
                    }
                }
            }
            Block::Pair(p) => {
                for t in p.left.iter_mut().chain(p.right.iter_mut()) {
                    text(t, map);
                }
            }
            Block::PageBreak => {}
        }
    }
}

pub(super) struct Builder<'a> {
    pub(super) lang: Lang,
    pub(super) input: &'a RenderInput<'a>,
    pub(super) hyphenation: Hyphenation,
    pub(super) usage: Usage,
    pub(super) problems: Vec<Diagnostic>,
    pub(super) measure: f32,
    /// Set in one column of a bilingual edition.
    pub(super) columns: bool,
    /// The structure tree, shared by both columns.
    pub(super) tree: Rc<RefCell<Tree>>,
    /// Where this side's title page and contents are tagged.
    pub(super) title_sect: NodeId,
    pub(super) contents: NodeId,
    /// This side's root: the document, or its language's part.
    pub(super) part: NodeId,
    /// The element the body's blocks go under (the current section).
    pub(super) current: NodeId,
    /// The level of the section being laid out (1 for a section, 2 for a
    /// sub-section…): its blocks' headings go one level below its own.
    pub(super) level: u8,
}

impl<'a> Builder<'a> {
    pub(super) fn new(
        lang: Lang,
        input: &'a RenderInput<'a>,
        tree: &Rc<RefCell<Tree>>,
        part: NodeId,
    ) -> Self {
        let (title_sect, contents) = {
            let mut t = tree.borrow_mut();
            (t.add(part, Role::Sect), t.add(part, Role::Sect))
        };
        Self {
            hyphenation: {
                crate::i18n::record_use(&lang, crate::i18n::HYPHENATION_USE);
                let h = Hyphenation::for_language(lang.as_str());
                match input.localizer.locales().by_lang.get(&lang) {
                    Some(files) => h.with_exceptions(files.hyphenation.clone()),
                    None => h,
                }
            },
            lang,
            input,
            usage: Usage::default(),
            problems: Vec::new(),
            measure: Geometry::A4.measure(),
            columns: false,
            tree: tree.clone(),
            title_sect,
            contents,
            part,
            current: part,
            level: 1,
        }
    }

    /// A new structure element of `role` under `parent`.
    pub(super) fn node(&self, parent: NodeId, role: Role) -> NodeId {
        self.tree.borrow_mut().add(parent, role)
    }

    /// A message as styled spans; problems (a missing glyph) are recorded.
    pub(super) fn spans(&mut self, m: &MessageRef, base: &Style) -> Vec<Span> {
        let out = self.format_spans(m.id.as_str(), m.attr.as_deref(), &m.args, base);
        // A character the fonts lack that the content's values brought in is
        // the content's: said at the content, where the value is.
        if let Some(at) = &m.at {
            for (name, arg) in &m.args {
                if let Arg::Text(value) = arg {
                    self.check_value_glyphs(m.id.as_str(), name, value, &out, at);
                }
            }
        }
        self.check_glyphs(m.id.as_str(), &out, &m.args);
        out
    }

    /// Checks the characters of `value` (content text given to message `id` as
    /// `$name`) as set in `spans`, and reports a missing one at `at`.
    pub(super) fn check_value_glyphs(
        &mut self,
        id: &str,
        name: &str,
        value: &str,
        spans: &[Span],
        at: &crate::diagnostics::Loc,
    ) {
        for s in spans {
            let metrics = s.style.face.metrics();
            let Some(c) = s
                .text
                .chars()
                .find(|c| *c != '\n' && !metrics.covers(*c) && value.contains(*c))
            else {
                continue;
            };
            let mut d = Diagnostic::error(
                "missing-glyph",
                format!(
                    "the value of `{name}` that the content gives message `{id}` uses `{c}` (U+{:04X}), which the font {} does not have",
                    c as u32,
                    s.style.face.postscript_name()
                ),
            )
            .hint("replace the character in the content, or ship a font that covers it")
            .in_file(at.file.clone());
            // The line and column are filled in from the content's text once
            // the edition is made (the renderer does not hold the files).
            d.span = Some(at.span.clone());
            if !self.problems.contains(&d) {
                self.problems.push(d);
            }
            return;
        }
    }

    /// A message as styled spans, its characters checked against the fonts.
    pub(super) fn spans_of(
        &mut self,
        id: &str,
        attr: Option<&str>,
        args: &std::collections::BTreeMap<String, Arg>,
        base: &Style,
    ) -> Vec<Span> {
        let out = self.format_spans(id, attr, args, base);
        self.check_glyphs(id, &out, &Default::default());
        out
    }

    /// A message as styled spans, unchecked.
    pub(super) fn format_spans(
        &mut self,
        id: &str,
        attr: Option<&str>,
        args: &std::collections::BTreeMap<String, Arg>,
        base: &Style,
    ) -> Vec<Span> {
        match self.input.localizer.format(&self.lang, id, attr, args) {
            Ok(nodes) => {
                let mut out = Vec::new();
                inline_spans(&nodes, base, &mut out);
                out
            }
            Err(e) => {
                self.problems.push(Diagnostic::error(e.code, e.message));
                Vec::new()
            }
        }
    }

    pub(super) fn text(&mut self, id: &str, base: &Style) -> Vec<Span> {
        self.spans_of(id, None, &Default::default(), base)
    }

    /// A message's text, unstyled (an annex's label: « Annexe A »).
    pub(super) fn plain_of(&mut self, m: &MessageRef) -> String {
        self.spans(m, &style(Face::Sans, BODY, INK))
            .into_iter()
            .map(|s| s.text)
            .collect()
    }

    pub(super) fn plain(&mut self, id: &str) -> String {
        self.text(id, &style(Face::Sans, BODY, INK))
            .into_iter()
            .map(|s| s.text)
            .collect()
    }

    /// Checks that the fonts have every character of `spans`, the text of message
    /// `id` (or content text: [`SIGNATORY`], [`COLOPHON`]).
    pub(super) fn check_glyphs(
        &mut self,
        id: &str,
        spans: &[Span],
        args: &std::collections::BTreeMap<String, Arg>,
    ) {
        // Characters the content's values brought in are reported at the
        // content ([`Self::check_value_glyphs`]).
        let from_content = |c: char| {
            args.values()
                .any(|a| matches!(a, Arg::Text(v) if v.contains(c)))
        };
        for s in spans {
            let metrics = s.style.face.metrics();
            for c in s.text.chars() {
                if c != '\n' && !metrics.covers(c) && !from_content(c) {
                    let what = match content_field(id) {
                        Some(field) => field.to_owned(),
                        None => format!("message `{id}` ({})", self.lang),
                    };
                    let d = Diagnostic::error(
                        "missing-glyph",
                        format!(
                            "{what} uses `{c}` (U+{:04X}), which the font {} does not have",
                            c as u32,
                            s.style.face.postscript_name()
                        ),
                    )
                    .hint("replace the character, or ship a font that covers it");
                    let d = if content_field(id).is_some() {
                        d.in_file(crate::load::content::MAIN_FILE)
                    } else {
                        d
                    };
                    let d = match self
                        .input
                        .localizer
                        .locales()
                        .by_lang
                        .get(&self.lang)
                        .and_then(|f| f.messages.get(id))
                    {
                        Some(e) => match self
                            .input
                            .localizer
                            .locales()
                            .by_lang
                            .get(&self.lang)
                            .and_then(|f| f.resources.iter().find(|(file, _)| *file == e.loc.file))
                        {
                            Some((file, r)) => d.at(file.clone(), r.source(), e.loc.span.clone()),
                            None => d,
                        },
                        None => d,
                    };
                    if !self.problems.contains(&d) {
                        self.problems.push(d);
                    }
                }
            }
        }
    }

    /// An organisation's site in the edition's language, or its one address.
    pub(super) fn org_link(&self, org: &crate::model::Organisation) -> Option<Arc<Link>> {
        org.urls
            .get(self.lang.as_str())
            .or(org.url.as_ref())
            .map(|u| Arc::new(Link::Uri(Arc::from(u.as_str()))))
    }

    /// The size of body text: smaller in the bilingual edition's columns.
    pub(super) fn body_size(&self) -> f32 {
        if self.columns { BODY_IN_COLUMNS } else { BODY }
    }

    pub(super) fn lines(
        &mut self,
        spans: &[Span],
        width: f32,
        justify: bool,
        leading: f32,
    ) -> Vec<Line> {
        let printed;
        let spans = if self.input.publication.printed_links {
            printed = with_addresses(spans);
            &printed
        } else {
            spans
        };
        let shape = Shape {
            width,
            justify,
            leading,
            hyphenation: self.hyphenation.clone(),
            hyphen_breaks: true,
        };
        break_lines(spans, &shape, &mut self.usage)
    }

    /// Titles, headings and labels: ragged, never hyphenated nor broken at a
    /// hard hyphen (« Brussels / Smart City-ambitienota »), and balanced:
    /// set to the narrowest measure that needs no more lines, so a title
    /// breaks into lines of like length and never leaves one short word alone
    /// (« Mémorandum d’objectifs / Smart City », not « … Smart / City »).
    pub(super) fn title_lines(&mut self, spans: &[Span], width: f32, leading: f32) -> Vec<Line> {
        let shape = |width| Shape {
            width,
            justify: false,
            leading,
            hyphenation: Hyphenation::NONE,
            hyphen_breaks: false,
        };
        let lines = break_lines(spans, &shape(width), &mut self.usage);
        let n = lines.len();
        if n < 2 {
            return lines;
        }
        let (mut lo, mut hi) = (width / n as f32, width);
        let mut scratch = Usage::default();
        for _ in 0..10 {
            let mid = (lo + hi) / 2.0;
            if break_lines(spans, &shape(mid), &mut scratch).len() <= n {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        break_lines(spans, &shape(hi + 0.01), &mut self.usage)
    }

    /// The body as blocks, each tagged with the segment it belongs to (the same
    /// ids in every language).
    pub(super) fn body(&mut self) -> Vec<(String, Block)> {
        use rayon::prelude::*;
        let publication = self.input.publication;
        // Sections are laid out in parallel, each by a builder of its own on a
        // tree of its own; their trees are grafted in order, which gives the
        // ids a sequential layout would.
        let seed = Seed {
            lang: self.lang.clone(),
            input: self.input,
            hyphenation: self.hyphenation.clone(),
            measure: self.measure,
            columns: self.columns,
        };
        // The messages each section reads are recorded for `watch` as this
        // edition's, whichever thread lays it out.
        // `watch` reuses the last build's layout of a section that no edit
        // reached.
        let uses = crate::i18n::recording_now();
        let reuse = self.input.reuse;
        let laid: Vec<LaidSection> = publication
            .sections
            .par_iter()
            .enumerate()
            .map(|(n, section)| {
                crate::i18n::recording(uses.clone(), || {
                    let key: SectionKey =
                        (seed.lang.clone(), seed.columns, seed.measure.to_bits(), n);
                    if let Some(r) = reuse
                        && let Some(laid) = r.reusable(r.sections(), &key)
                    {
                        return laid;
                    }
                    let own = reuse.map(|_| crate::i18n::Uses::default());
                    let laid = crate::i18n::recording(own.clone(), || {
                        crate::i18n::record_use(&seed.lang, crate::i18n::HYPHENATION_USE);
                        let mut b = Builder::from_seed(&seed);
                        let blocks = b.section(n, section);
                        let tree = std::mem::take(&mut *b.tree.borrow_mut());
                        (blocks, tree, b.usage, b.problems)
                    });
                    if let (Some(r), Some(own)) = (reuse, &own) {
                        crate::i18n::record_all(own);
                        r.keep(r.sections(), key, &laid, own);
                    }
                    laid
                })
            })
            .collect();
        // Room for every section's elements at once, not doubled as they come.
        let grafted: usize = laid.iter().map(|l| l.1.nodes.len()).sum();
        self.tree.borrow_mut().nodes.reserve(grafted);
        let mut blocks = Vec::with_capacity(laid.iter().map(|l| l.0.len()).sum());
        // The signature closes the body, before the annexes.
        let signed_at = publication
            .sections
            .iter()
            .position(|s| s.annex)
            .unwrap_or(publication.sections.len());
        for (i, (mut section, tree, usage, problems)) in laid.into_iter().enumerate() {
            if i == signed_at {
                self.current = self.node(self.part, Role::Sect);
                blocks.push(("signature".to_owned(), self.signature()));
            }
            let map = self.tree.borrow_mut().graft(tree, self.part);
            retag(&mut section, &map);
            blocks.extend(section);
            self.usage.merge(&usage);
            for d in problems {
                if !self.problems.contains(&d) {
                    self.problems.push(d);
                }
            }
        }
        if signed_at == publication.sections.len() {
            self.current = self.node(self.part, Role::Sect);
            blocks.push(("signature".to_owned(), self.signature()));
        }
        if let Some(c) = &publication.colophon {
            blocks.push(("colophon".to_owned(), self.colophon(c)));
        }
        blocks
    }

    /// A builder for one section: the same language, measure and columns, on a
    /// tree of its own whose root stands for this side's part.
    pub(super) fn from_seed(seed: &Seed<'a>) -> Self {
        Self {
            lang: seed.lang.clone(),
            input: seed.input,
            hyphenation: seed.hyphenation.clone(),
            usage: Usage::default(),
            problems: Vec::new(),
            measure: seed.measure,
            columns: seed.columns,
            tree: Rc::new(RefCell::new(Tree::new())),
            title_sect: Tree::ROOT,
            contents: Tree::ROOT,
            part: Tree::ROOT,
            current: Tree::ROOT,
            level: 1,
        }
    }

    /// Section `n` (from 0) of the body or the annexes, at its level: its
    /// heading with its number (or an annex's label), then its blocks.
    pub(super) fn section(
        &mut self,
        n: usize,
        section: &crate::model::Section,
    ) -> Vec<(String, Block)> {
        let mut blocks = Vec::new();
        self.level = section.level;
        // An annex starts a page.
        if section.label.is_some() {
            blocks.push((format!("{}-page", section.id), Block::PageBreak));
        }
        // A section's heading, a sub-section's smaller, one more level smaller
        // still; tagged H2, H3, H4 under the title's H1.
        let (size, before, after) = match section.level {
            1 => (15.0, 20.0, 9.0),
            2 => (12.5, 14.0, 6.0),
            _ => (11.0, 10.0, 4.0),
        };
        let number = match &section.label {
            Some(label) => self.plain_of(label),
            None => section.number.clone(),
        };
        let mut spans = Vec::new();
        if !number.is_empty() {
            spans.push(Span {
                text: format!("{number}.\u{a0}"),
                style: style(Face::SansSemiBold, size, ACCENT_TEXT),
            });
        }
        let title = self.spans(&section.title, &style(Face::SansSemiBold, size, BRAND));
        let title_text = title.iter().map(|s| s.text.as_str()).collect::<String>();
        let outline_title = if number.is_empty() {
            title_text
        } else {
            format!("{number}. {title_text}")
        };
        spans.extend(title);
        let mut lines = self.title_lines(&spans, self.measure, 1.25);
        self.current = self.node(self.part, Role::Sect);
        tag(
            &mut lines,
            self.node(self.current, Role::heading(section.level + 1)),
        );
        blocks.push((
            section.id.to_string(),
            Block::Text(TextBlock {
                lines,
                space_before: if n == 0 { 0.0 } else { before },
                space_after: after,
                keep_with_next: true,
                anchor: Some(Anchor {
                    id: section.id.to_string(),
                    level: section.level,
                    title: outline_title,
                    number,
                    contents: section.in_contents,
                }),
                rule_below: (section.level == 1).then_some(RULE),
                ..Default::default()
            }),
        ));
        for (i, block) in section.blocks.iter().enumerate() {
            let segment = format!("{}-{}", section.id, i + 1);
            let mut out = Vec::new();
            self.model_block(block, &segment, &mut out);
            // A sentence that announces a list (« … attribué : ») and the list
            // are one segment: each list follows its own lead-in in its
            // column, with no blank line where the other language's lead-in
            // is longer.
            if let (ModelBlock::List { .. }, Some((lead_in, Block::Text(t)))) =
                (block, blocks.last())
                && t.keep_with_next
            {
                let lead_in = lead_in.clone();
                for (id, _) in &mut out {
                    id.clone_from(&lead_in);
                }
            }
            blocks.extend(out);
        }
        blocks
    }

    /// The blocks of one content block, each with its segment id (for the bilingual
    /// edition's pairs); one function per kind.
    pub(super) fn model_block(
        &mut self,
        block: &ModelBlock,
        segment: &str,
        out: &mut Vec<(String, Block)>,
    ) {
        match block {
            ModelBlock::Paragraph { text } => out.push((segment.to_owned(), self.paragraph(text))),
            ModelBlock::List { items } => self.list(items, segment, out),
            ModelBlock::Timeline { entries } => self.timeline(entries, out),
            ModelBlock::Projects { projects } => self.projects(projects, out),
            ModelBlock::NextSteps { steps } if self.columns => self.steps_in_column(steps, out),
            ModelBlock::NextSteps { steps } => self.steps_table(steps, segment, out),
            ModelBlock::Quote { text, by } => {
                out.push((segment.to_owned(), self.quote(text, by.as_ref())));
            }
        }
    }

    /// The full language tag: `fr-BE` with the content's region.
    pub(super) fn tag(&self) -> String {
        lang_tag(&self.lang, self.input)
    }

    pub(super) fn info(&mut self) -> write::Info {
        let p = self.input.publication;
        let keywords = self.plain("pdf-keywords");
        // The file's dates: SOURCE_DATE_EPOCH, else the publication's day; none
        // when the content gives only a month or a period (no day is invented).
        let timestamp = self.input.source_date_epoch.or_else(|| {
            let d = p.published.date;
            d.day
                .filter(|_| p.published.period.is_none())
                .map(|day| days_from_civil(d.year, d.month, day) * 86_400)
        });
        let lang = self.tag();
        let title = self.plain("publication-title");
        write::Info {
            titles: vec![(lang.clone(), title.clone())],
            title,
            author: self.plain("pdf-author"),
            subject: self.plain("publication-description"),
            keywords: keywords
                .split(',')
                .map(|k| k.trim().to_owned())
                .filter(|k| !k.is_empty())
                .collect(),
            lang,
            timestamp,
        }
    }
}

/// The full language tag of `lang`: `fr-BE` with the content's region.
pub(super) fn lang_tag(lang: &Lang, input: &RenderInput<'_>) -> String {
    match &input.publication.region {
        Some(region) => format!("{lang}-{region}"),
        None => lang.to_string(),
    }
}

/// Says which structure element `lines` belong to.
pub(super) fn tag(lines: &mut [Line], node: NodeId) {
    for line in lines {
        line.tag = Tag::Node(node);
    }
}

pub(super) fn style(face: Face, size: f32, color: Rgb) -> Style {
    Style::new(face, size, color)
}

/// Inline Markdown as spans: emphasis in italics, strong in bold, links coloured.
pub(super) fn inline_spans(nodes: &[Inline], base: &Style, out: &mut Vec<Span>) {
    for node in nodes {
        match node {
            Inline::Text(t) | Inline::Code(t) => out.push(Span {
                text: t.clone(),
                style: base.clone(),
            }),
            Inline::Emph(c) => {
                let s = Style {
                    face: base.face.italic(),
                    ..base.clone()
                };
                inline_spans(c, &s, out);
            }
            Inline::Strong(c) => {
                let s = Style {
                    face: base.face.bold(),
                    ..base.clone()
                };
                inline_spans(c, &s, out);
            }
            Inline::Link { url, children } => {
                let s = Style {
                    color: BRAND,
                    link: Some(Arc::new(Link::Uri(Arc::from(url.as_str())))),
                    ..base.clone()
                };
                inline_spans(children, &s, out);
            }
            Inline::Untranslated { children, .. } => {
                // Missing translations stand out in print too.
                let s = Style {
                    color: UNTRANSLATED,
                    ..base.clone()
                };
                out.push(Span {
                    text: "[".into(),
                    style: s.clone(),
                });
                inline_spans(children, &s, out);
                out.push(Span {
                    text: "]".into(),
                    style: s,
                });
            }
            Inline::Break => out.push(Span {
                text: "\n".into(),
                style: base.clone(),
            }),
        }
    }
}

pub(super) fn capitalize(spans: &mut [Span]) {
    if let Some(first) = spans.first_mut()
        && let Some(c) = first.text.chars().next()
    {
        let upper: String = c.to_uppercase().collect();
        first.text.replace_range(..c.len_utf8(), &upper);
    }
}

pub(super) fn upper(spans: &[Span]) -> Vec<Span> {
    spans
        .iter()
        .map(|s| Span {
            text: s.text.to_uppercase(),
            style: s.style.clone(),
        })
        .collect()
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub(super) fn days_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `spans` with each outside link's address after its text, in parentheses
/// and linked too (« CIRB (https://cirb.brussels) »): paper has no links. A
/// link whose text is its address already is left as it is.
pub(super) fn with_addresses(spans: &[Span]) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    let mut i = 0;
    while i < spans.len() {
        let Some(Link::Uri(uri)) = spans[i].style.link.as_deref() else {
            out.push(spans[i].clone());
            i += 1;
            continue;
        };
        let link = spans[i].style.link.clone();
        let mut text = String::new();
        while i < spans.len() && spans[i].style.link == link {
            text.push_str(&spans[i].text);
            out.push(spans[i].clone());
            i += 1;
        }
        let shown = uri.strip_prefix("mailto:").unwrap_or(uri);
        if text.trim() == shown || text.trim() == uri.as_ref() {
            continue;
        }
        let Some(mut address) = out.last().map(|s| s.style.clone()) else {
            continue;
        };
        address.face = match address.face {
            Face::SerifItalic | Face::SerifBold => Face::Serif,
            f => f,
        };
        address.verbatim = true;
        out.push(Span {
            text: format!(" ({shown})"),
            style: address,
        });
    }
    out
}
