//! The typefaces of the PDF editions, shipped in the repository under the SIL Open
//! Font License (see `fonts/OFL-*.txt`): Source Serif 4 for reading, Source Sans 3
//! for headings and furniture. Metrics come from ttf-parser; what is embedded is a
//! subset of each face made with allsorts, holding only the glyphs a document uses.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// A face of the type family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Face {
    /// Body text.
    Serif,
    /// Emphasis.
    SerifItalic,
    /// Strong emphasis.
    SerifBold,
    /// Furniture: footers, labels, table cells.
    Sans,
    /// Headings, the title, table headers.
    SansSemiBold,
}

impl Face {
    /// Every face, in a fixed order (their PDF resource names follow it).
    pub const ALL: [Face; 5] = [
        Face::Serif,
        Face::SerifItalic,
        Face::SerifBold,
        Face::Sans,
        Face::SansSemiBold,
    ];

    /// The PostScript name written into the PDF.
    pub fn postscript_name(self) -> &'static str {
        match self {
            Face::Serif => "SourceSerif4-Regular",
            Face::SerifItalic => "SourceSerif4-It",
            Face::SerifBold => "SourceSerif4-Bold",
            Face::Sans => "SourceSans3-Regular",
            Face::SansSemiBold => "SourceSans3-Semibold",
        }
    }

    /// The face for emphasis inside this one.
    pub fn italic(self) -> Face {
        match self {
            Face::Serif | Face::SerifBold | Face::SerifItalic => Face::SerifItalic,
            other => other,
        }
    }

    /// The face for strong emphasis inside this one.
    pub fn bold(self) -> Face {
        match self {
            Face::Serif | Face::SerifItalic | Face::SerifBold => Face::SerifBold,
            Face::Sans | Face::SansSemiBold => Face::SansSemiBold,
        }
    }

    fn bytes(self) -> &'static [u8] {
        match self {
            Face::Serif => include_bytes!("fonts/SourceSerif4-Regular.ttf"),
            Face::SerifItalic => include_bytes!("fonts/SourceSerif4-Italic.ttf"),
            Face::SerifBold => include_bytes!("fonts/SourceSerif4-Bold.ttf"),
            Face::Sans => include_bytes!("fonts/SourceSans3-Regular.ttf"),
            Face::SansSemiBold => include_bytes!("fonts/SourceSans3-SemiBold.ttf"),
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    /// The parsed face, shared by every document of the process.
    pub fn metrics(self) -> &'static Metrics {
        static FACES: OnceLock<Vec<Metrics>> = OnceLock::new();
        let faces = FACES.get_or_init(|| Face::ALL.iter().map(|f| Metrics::new(*f)).collect());
        &faces[self.index()]
    }
}

/// Characters below this have their advance cached.
const CACHED: usize = 0x2200;

/// What layout needs from a face: advances and vertical metrics, in font units.
pub struct Metrics {
    face: Face,
    /// Advances of the first characters in ems, as f32 bits; NaN until looked up.
    cache: Vec<std::sync::atomic::AtomicU32>,
    parsed: Option<ttf_parser::Face<'static>>,
    units_per_em: f32,
    /// Ascender, in ems.
    pub ascender: f32,
    /// Descender (negative), in ems.
    pub descender: f32,
}

impl Metrics {
    fn new(face: Face) -> Self {
        let parsed = ttf_parser::Face::parse(face.bytes(), 0).ok();
        let units_per_em = parsed
            .as_ref()
            .map_or(1000.0, |p| f32::from(p.units_per_em()));
        let ascender = parsed
            .as_ref()
            .map_or(0.8, |p| f32::from(p.ascender()) / units_per_em);
        let descender = parsed
            .as_ref()
            .map_or(-0.2, |p| f32::from(p.descender()) / units_per_em);
        Self {
            face,
            cache: (0..CACHED)
                .map(|_| std::sync::atomic::AtomicU32::new(f32::NAN.to_bits()))
                .collect(),
            parsed,
            units_per_em,
            ascender,
            descender,
        }
    }

    /// Whether the face has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        self.cached(c) >= 0.0
    }

    fn glyph(&self, c: char) -> Option<ttf_parser::GlyphId> {
        self.parsed.as_ref()?.glyph_index(c)
    }

    /// Whether `a` and `b` are drawn with the same glyph (a no-break space and
    /// the space, in most fonts).
    pub fn same_glyph(&self, a: char, b: char) -> bool {
        matches!((self.glyph(a), self.glyph(b)), (Some(x), Some(y)) if x == y)
    }

    /// The advance of `c` in ems (0 for a missing glyph, reported elsewhere).
    pub fn advance(&self, c: char) -> f32 {
        self.cached(c).max(0.0)
    }

    /// The advance in ems, or -1 when the face has no glyph.
    fn cached(&self, c: char) -> f32 {
        use std::sync::atomic::Ordering;
        let Some(slot) = self.cache.get(c as usize) else {
            return self.lookup(c);
        };
        let cached = f32::from_bits(slot.load(Ordering::Relaxed));
        if !cached.is_nan() {
            return cached;
        }
        let advance = self.lookup(c);
        slot.store(advance.to_bits(), Ordering::Relaxed);
        advance
    }

    fn lookup(&self, c: char) -> f32 {
        let Some(parsed) = &self.parsed else {
            return -1.0;
        };
        match self.glyph(c) {
            Some(g) => parsed
                .glyph_hor_advance(g)
                .map_or(0.0, |a| f32::from(a) / self.units_per_em),
            None => -1.0,
        }
    }

    /// The width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c)).sum::<f32>() * size
    }

    /// The face these metrics belong to.
    pub fn face(&self) -> Face {
        self.face
    }
}

/// The characters each face must carry, gathered while laying out.
#[derive(Debug, Default, Clone)]
pub struct Usage {
    /// Per face: a bit per character below `CACHED`, and a set for the rest.
    chars: BTreeMap<Face, (Vec<u64>, BTreeSet<char>)>,
    /// Words wider than their line, broken between two characters as a last
    /// resort (a long number, a URL): each is said in a warning.
    pub overlong: Vec<String>,
}

impl Usage {
    /// Records that `text` is set in `face`.
    pub fn add(&mut self, face: Face, text: &str) {
        let (bits, others) = self
            .chars
            .entry(face)
            .or_insert_with(|| (vec![0; CACHED / 64], BTreeSet::new()));
        for c in text.chars() {
            let i = c as usize;
            if i < CACHED {
                bits[i / 64] |= 1 << (i % 64);
            } else {
                others.insert(c);
            }
        }
    }

    /// Adds everything `other` records.
    pub fn merge(&mut self, other: &Usage) {
        self.overlong.extend(other.overlong.iter().cloned());
        for (face, (bits, others)) in &other.chars {
            let (mine, my_others) = self
                .chars
                .entry(*face)
                .or_insert_with(|| (vec![0; CACHED / 64], BTreeSet::new()));
            for (m, o) in mine.iter_mut().zip(bits) {
                *m |= o;
            }
            my_others.extend(others.iter().copied());
        }
    }

    /// The faces used, in order, with their characters.
    pub fn faces(&self) -> impl Iterator<Item = (Face, BTreeSet<char>)> + '_ {
        self.chars.iter().map(|(f, (bits, others))| {
            let mut set = others.clone();
            for (w, word) in bits.iter().enumerate() {
                for b in 0..64 {
                    if word & (1 << b) != 0
                        && let Some(c) = char::from_u32((w * 64 + b) as u32)
                    {
                        set.insert(c);
                    }
                }
            }
            (*f, set)
        })
    }
}

/// A face cut down to the glyphs of `chars`, ready to embed: the font program and
/// its PDF name (`ABCDEF+SourceSerif4-Regular`, the tag derived from the content so
/// the same document always gets the same name).
pub fn subset(face: Face, chars: &BTreeSet<char>) -> Result<(Vec<u8>, String), String> {
    let bytes = subset_with(face, chars, &allsorts::subset::SubsetProfile::Pdf)?;
    Ok((
        bytes,
        format!("{}+{}", subset_tag(face, chars), face.postscript_name()),
    ))
}

/// A face cut down to the glyphs of `chars` for the web (the tables a browser
/// needs, with a Unicode cmap), before WOFF2 compression
/// (`examples/webfonts.rs` makes the HTML editions' fonts with it).
pub fn web_subset(face: Face, chars: &BTreeSet<char>) -> Result<Vec<u8>, String> {
    subset_with(face, chars, &allsorts::subset::SubsetProfile::Minimal)
}

/// `face` cut down to the glyphs of `chars` (and `.notdef`), with the tables
/// of `profile` and a Unicode cmap.
fn subset_with(
    face: Face,
    chars: &BTreeSet<char>,
    profile: &allsorts::subset::SubsetProfile,
) -> Result<Vec<u8>, String> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::CmapTarget;
    let metrics = face.metrics();
    let mut glyphs: Vec<u16> = vec![0];
    for c in chars {
        if let Some(g) = metrics.glyph(*c)
            && !glyphs.contains(&g.0)
        {
            glyphs.push(g.0);
        }
    }
    let scope = ReadScope::new(face.bytes());
    let data = scope
        .read::<FontData<'_>>()
        .map_err(|e| format!("{}: {e}", face.postscript_name()))?;
    let provider = data
        .table_provider(0)
        .map_err(|e| format!("{}: {e}", face.postscript_name()))?;
    allsorts::subset::subset(&provider, &glyphs, profile, CmapTarget::Unicode)
        .map_err(|e| format!("cannot subset {}: {e}", face.postscript_name()))
}

/// Six capital letters from a hash of the face and its characters.
fn subset_tag(face: Face, chars: &BTreeSet<char>) -> String {
    // FNV-1a: small, stable across platforms and Rust versions.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in face
        .postscript_name()
        .bytes()
        .chain(chars.iter().flat_map(|c| (*c as u32).to_le_bytes()))
    {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (0..6)
        .map(|i| char::from(b'A' + ((h >> (i * 8)) % 26) as u8))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faces_cover_french_and_dutch_typography() {
        for face in Face::ALL {
            let m = face.metrics();
            for c in "«\u{202f}»’éèêëïöüçàâôûœ–—·€".chars() {
                assert!(m.covers(c), "{face:?} lacks {c:?}");
            }
            assert!(m.advance('m') > m.advance('i'));
            assert!(m.advance('\u{202f}') < m.advance(' ') + 0.01);
        }
    }

    #[test]
    fn subsets_are_small_and_named_stably() {
        let chars: BTreeSet<char> = "Mémorandum d’objectifs".chars().collect();
        let (bytes, name) = subset(Face::Serif, &chars).unwrap();
        assert!(bytes.len() < 20_000, "{} bytes", bytes.len());
        assert!(name.ends_with("+SourceSerif4-Regular") && name.len() == 7 + 20);
        assert_eq!(subset(Face::Serif, &chars).unwrap().1, name);
        let other: BTreeSet<char> = "autre".chars().collect();
        assert_ne!(subset(Face::Serif, &other).unwrap().1, name);
    }
}
