//! A typesetter's audit of the PDFs, from their word boxes as poppler reads
//! them (`pdftotext -bbox-layout`) and from their text (`pdftotext -raw`):
//! justified lines that stop short of the measure, word spacing (p50, p90,
//! p99, max), overfull lines, hyphen ladders, widows, orphans, headings left
//! at a page foot, paragraphs ending on one short word, and words split by
//! an inserted hyphen in the extracted text. Run on the French, Dutch and
//! bilingual editions of the memorandum and of the synthetic publications.

use std::process::Command;

use crate::util::{Project, tool_or_skip};

#[derive(Debug, Clone)]
struct Word {
    x0: f32,
    x1: f32,
    y0: f32,
    y1: f32,
    text: String,
}

/// A run of words on one baseline in one column.
#[derive(Debug, Clone)]
struct Seg {
    words: Vec<Word>,
}

/// The natural word space of the text faces, in ems.
const SPACE: f32 = 0.237;

impl Seg {
    fn x0(&self) -> f32 {
        self.words[0].x0
    }
    fn x1(&self) -> f32 {
        self.words[self.words.len() - 1].x1
    }
    fn y0(&self) -> f32 {
        self.words[0].y0
    }
    fn height(&self) -> f32 {
        self.words.iter().map(|w| w.y1 - w.y0).fold(0.0, f32::max)
    }
    /// The em of the line's type (poppler's word boxes are about 1.37 em tall
    /// for these fonts).
    fn em(&self) -> f32 {
        self.height() / 1.37
    }
    fn text(&self) -> String {
        self.words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
    fn last_char(&self) -> Option<char> {
        self.words.last().and_then(|w| w.text.chars().next_back())
    }
    /// The mean gap between words as a multiple of the natural space.
    fn spacing(&self) -> Option<f32> {
        if self.words.len() < 2 || self.words.iter().any(|w| w.text == ".") {
            return None;
        }
        let gaps: Vec<f32> = self.words.windows(2).map(|w| w[1].x0 - w[0].x1).collect();
        Some(gaps.iter().sum::<f32>() / gaps.len() as f32 / (SPACE * self.em()))
    }
}

/// Characters that hang into the margin at a line's end (character
/// protrusion), by up to 0.7 of their width.
fn hangs(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ':' | ';' | '-' | '\u{ad}' | '’' | '”' | '»' | ')' | '!' | '?' | '–' | '—'
    )
}

fn attr(tag: &str, name: &str) -> f32 {
    let key = format!("{name}=\"");
    tag.find(&key)
        .and_then(|i| {
            let rest = &tag[i + key.len()..];
            rest[..rest.find('"')?].parse().ok()
        })
        .unwrap_or(0.0)
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Each page's lines of words, as poppler groups them.
fn pages(pdf: &std::path::Path) -> Vec<Vec<Vec<Word>>> {
    let out = Command::new("pdftotext")
        .arg("-bbox-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    let xml = String::from_utf8_lossy(&out.stdout);
    let mut pages = Vec::new();
    for page in xml.split("<page ").skip(1) {
        let mut lines = Vec::new();
        for line in page.split("<line ").skip(1) {
            let mut words = Vec::new();
            for word in line.split("<word ").skip(1) {
                let Some(end) = word.find('>') else { continue };
                let tag = &word[..end];
                let text = &word[end + 1..word.find("</word>").unwrap_or(word.len())];
                words.push(Word {
                    x0: attr(tag, "xMin"),
                    x1: attr(tag, "xMax"),
                    y0: attr(tag, "yMin"),
                    y1: attr(tag, "yMax"),
                    text: unescape(text),
                });
            }
            if !words.is_empty() {
                lines.push(words);
            }
        }
        pages.push(lines);
    }
    pages
}

/// Columns of text: (left, right) edges.
fn columns(bilingual: bool) -> Vec<(f32, f32)> {
    let width: f32 = 595.276;
    if bilingual {
        let w = (width - 112.0 - 22.0) / 2.0;
        vec![(56.0, 56.0 + w), (56.0 + w + 22.0, width - 56.0)]
    } else {
        vec![(85.0, width - 85.0)]
    }
}

#[derive(Debug, Default)]
struct Audit {
    overfull: Vec<String>,
    short: Vec<String>,
    ladders: Vec<String>,
    widows: Vec<String>,
    orphans: Vec<String>,
    stranded: Vec<String>,
    lone_words: Vec<String>,
    split_words: Vec<String>,
    lost_hyphens: Vec<String>,
    /// The word spacing of every justified line but each paragraph's last.
    spacing: Vec<f32>,
    /// The loosest lines, with their spacing.
    loosest: Vec<(f32, String)>,
}

impl Audit {
    fn faults(&self) -> usize {
        self.overfull.len()
            + self.short.len()
            + self.ladders.len()
            + self.widows.len()
            + self.orphans.len()
            + self.stranded.len()
            + self.split_words.len()
            + self.lost_hyphens.len()
    }

    /// The `q` quantile of the word spacing.
    fn quantile(&self, q: f32) -> f32 {
        let mut s = self.spacing.clone();
        s.sort_by(f32::total_cmp);
        s.get(((s.len() as f32 * q) as usize).min(s.len().saturating_sub(1)))
            .copied()
            .unwrap_or(1.0)
    }

    fn max_spacing(&self) -> f32 {
        self.spacing.iter().copied().fold(0.0, f32::max)
    }
}

/// The body's bottom edge (the running footer sits below).
const BODY_BOTTOM: f32 = 841.89 - 80.0;

fn audit(pdf: &std::path::Path, bilingual: bool, sources: &str) -> Audit {
    let cols = columns(bilingual);
    let mut a = Audit::default();
    // Per page, per column: the segments in reading order.
    let mut by_page: Vec<Vec<Vec<Seg>>> = Vec::new();
    for (p, lines) in pages(pdf).into_iter().enumerate() {
        let mut per_col: Vec<Vec<Seg>> = vec![Vec::new(); cols.len()];
        for words in lines {
            // Split at gaps wider than 1.5 em: columns, table cells, leaders.
            let mut segs: Vec<Seg> = Vec::new();
            for w in words {
                let em = (w.y1 - w.y0) / 1.37;
                match segs.last_mut() {
                    Some(s) if w.x0 - s.x1() <= 1.5 * em => s.words.push(w),
                    _ => segs.push(Seg { words: vec![w] }),
                }
            }
            for s in segs {
                let col = cols
                    .iter()
                    .position(|(l, r)| s.x0() >= l - 30.0 && s.x0() < *r)
                    .unwrap_or(0);
                let (left, right) = cols[col];
                let hang = if s.last_char().is_some_and(hangs) {
                    0.45 * s.em()
                } else {
                    0.0
                };
                if s.y0() < BODY_BOTTOM && (s.x1() > right + 0.5 + hang || s.x0() < left - 30.0) {
                    a.overfull.push(format!(
                        "page {}: `{}` ends at {:.1}, the column at {right:.1}",
                        p + 1,
                        s.text(),
                        s.x1()
                    ));
                }
                if p > 0 && s.y0() < BODY_BOTTOM {
                    per_col[col].push(s);
                }
            }
        }
        for segs in &mut per_col {
            segs.sort_by(|a, b| a.y0().total_cmp(&b.y0()));
        }
        by_page.push(per_col);
    }
    let body_height = {
        let mut hs: Vec<f32> = by_page
            .iter()
            .flatten()
            .flatten()
            .map(Seg::height)
            .collect();
        hs.sort_by(f32::total_cmp);
        hs.get(hs.len() / 2).copied().unwrap_or(14.4)
    };
    for (p, per_col) in by_page.iter().enumerate() {
        for (c, segs) in per_col.iter().enumerate() {
            let (left, right) = cols[c];
            // Paragraphs: lines of one size, one left edge (give or take a
            // hanging quote) and one line apart. A paragraph is justified
            // when one of its lines but the last reaches the measure; then
            // all of them must, within half a point.
            let mut para: Vec<&Seg> = Vec::new();
            for (i, s) in segs.iter().enumerate() {
                para.push(s);
                let ends = segs.get(i + 1).is_none_or(|n| {
                    (n.x0() - s.x0()).abs() > 3.0
                        || (n.height() - s.height()).abs() > 0.1
                        || n.y0() - s.y0() > 1.25 * s.height()
                });
                if !ends {
                    continue;
                }
                let body = &para[..para.len() - 1];
                let last = para[para.len() - 1];
                if body.iter().any(|l| l.x1() > right - 1.0) {
                    for l in body {
                        if right - l.x1() > 0.5 {
                            a.short.push(format!(
                                "page {}: `{}` ends {:.1} pt short of the measure",
                                p + 1,
                                l.text(),
                                right - l.x1()
                            ));
                        }
                        if let Some(r) = l.spacing() {
                            a.spacing.push(r);
                            a.loosest
                                .push((r, format!("page {}: `{}`", p + 1, l.text())));
                        }
                    }
                    // The paragraph's last line: one short word alone.
                    if last.words.len() == 1
                        && last.x1() - last.x0() < 0.25 * (right - left)
                        && (last.height() - body_height).abs() < 0.3
                    {
                        a.lone_words
                            .push(format!("page {}: `{}`", p + 1, last.text()));
                    }
                }
                para.clear();
            }
            // Hyphen ladders: three lines or more in a row ending with a hyphen.
            let mut run = 0;
            for (i, s) in segs.iter().enumerate() {
                let next_line = i > 0 && {
                    let prev = &segs[i - 1];
                    s.y0() - prev.y0() < 1.7 * prev.height()
                };
                let hyphen = s.last_char().is_some_and(|c| c == '-' || c == '\u{ad}');
                run = if hyphen {
                    if next_line { run + 1 } else { 1 }
                } else {
                    0
                };
                if run == 3 {
                    a.ladders
                        .push(format!("page {}: ladder ending at `{}`", p + 1, s.text()));
                }
            }
            // Paragraphs at the page's foot and head: lines closer than 1.7
            // times their height belong together.
            let para = |segs: &[Seg], from_end: bool| -> usize {
                let mut n = 1;
                let idx: Vec<usize> = if from_end {
                    (0..segs.len()).rev().collect()
                } else {
                    (0..segs.len()).collect()
                };
                for k in idx.windows(2) {
                    let (a, b) = (&segs[k[0]], &segs[k[1]]);
                    if (a.y0() - b.y0()).abs() < 1.7 * a.height().min(b.height())
                        && (a.height() - b.height()).abs() < 0.3
                    {
                        n += 1;
                    } else {
                        break;
                    }
                }
                n
            };
            let Some(last) = segs.last() else { continue };
            // A full, justified last line: the paragraph goes on overleaf.
            let continues = last.x1() > right - 1.0
                && !last.text().ends_with(['.', ':', ';'])
                && !last.words.iter().any(|w| w.text == ".")
                && (last.height() - body_height).abs() < 0.3;
            if continues {
                if para(segs, true) == 1 {
                    a.orphans.push(format!(
                        "page {}: `{}` alone at the foot",
                        p + 1,
                        last.text()
                    ));
                }
                if let Some(next) = by_page.get(p + 1).and_then(|n| n.get(c))
                    && !next.is_empty()
                    && (next[0].height() - body_height).abs() < 0.3
                    && para(next, false) == 1
                {
                    a.widows.push(format!(
                        "page {}: `{}` alone at the head",
                        p + 2,
                        next[0].text()
                    ));
                }
            }
            // A heading with fewer than two lines under it on its page: its
            // next block starts on the next page, or leaves a line alone.
            for (i, s) in segs.iter().enumerate() {
                if s.height() > 1.25 * body_height && segs.len() - i - 1 < 2 {
                    a.stranded.push(format!(
                        "page {}: heading `{}` at the foot",
                        p + 1,
                        s.text()
                    ));
                }
            }
        }
    }
    a.loosest.sort_by(|x, y| y.0.total_cmp(&x.0));
    a.loosest.truncate(5);
    extracted_words(pdf, sources, &mut a);
    a
}

/// The letters (and inner hyphens) of a token of extracted text.
fn core(token: &str) -> &str {
    token
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '\u{ad}' && c != '-')
        .trim_start_matches('-')
}

/// The extracted text (`pdftotext -raw`): a line that ends with an inserted
/// hyphen ends with a soft hyphen (U+00AD), and the word it splits, joined
/// with the next line's first, must be a word of the sources; a line that
/// ends with a real hyphen keeps it, and the compound reads as the sources
/// write it (« ci-dessous », « Smart City-actoren »).
fn extracted_words(pdf: &std::path::Path, sources: &str, a: &mut Audit) {
    let out = Command::new("pdftotext")
        .arg("-raw")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    words_of(&String::from_utf8_lossy(&out.stdout), sources, a);
}

/// The check of [`extracted_words`] on extracted text.
fn words_of(text: &str, sources: &str, a: &mut Audit) {
    let lines: Vec<&str> = text.lines().collect();
    let lower = sources.to_lowercase();
    for (i, line) in lines.iter().enumerate() {
        let Some(next) = lines.get(i + 1) else { break };
        let last = core(line.trim_end().rsplit(' ').next().unwrap_or(""));
        let first = core(next.trim_start().split(' ').next().unwrap_or(""));
        if last.chars().filter(|c| *c == '\u{ad}').count() > usize::from(last.ends_with('\u{ad}')) {
            a.split_words.push(format!("a soft hyphen inside `{last}`"));
        }
        if let Some(head) = last.strip_suffix('\u{ad}') {
            let word = format!("{head}{first}").to_lowercase();
            if !lower.contains(&word) {
                a.split_words.push(format!("`{line}` / `{next}`: `{word}`"));
            }
        } else if last.len() > 1
            && last.ends_with('-')
            && last[..last.len() - 1].ends_with(char::is_alphanumeric)
        {
            let word = format!("{last}{first}").to_lowercase();
            if !lower.contains(&word) && !lower.contains(&word.replace('-', "\u{2011}")) {
                a.lost_hyphens
                    .push(format!("`{line}` / `{next}`: `{word}`"));
            }
        }
    }
}

/// What `memorandum` writes, for the audit's report.
fn report(what: &str, lang: &str, a: &Audit) -> String {
    let mut r = format!(
        "{what} {lang}: {} justified lines; spacing p50 {:.2}, p90 {:.2}, p99 {:.2}, max {:.2}, \
         {} over 1.25; {} short, {} overfull, {} hyphen ladders, {} widows, {} orphans, {} stranded headings, \
         {} one-word last lines, {} split words, {} lost hyphens\n",
        a.spacing.len(),
        a.quantile(0.5),
        a.quantile(0.9),
        a.quantile(0.99),
        a.max_spacing(),
        a.spacing.iter().filter(|s| **s > 1.25).count(),
        a.short.len(),
        a.overfull.len(),
        a.ladders.len(),
        a.widows.len(),
        a.orphans.len(),
        a.stranded.len(),
        a.lone_words.len(),
        a.split_words.len(),
        a.lost_hyphens.len(),
    );
    for l in a
        .short
        .iter()
        .chain(&a.overfull)
        .chain(&a.ladders)
        .chain(&a.widows)
        .chain(&a.orphans)
        .chain(&a.stranded)
        .chain(&a.split_words)
        .chain(&a.lost_hyphens)
    {
        r.push_str(&format!("  {l}\n"));
    }
    for (s, l) in &a.loosest {
        r.push_str(&format!("  loosest {s:.2}: {l}\n"));
    }
    r
}

/// The project's translations, where every word of the text comes from.
fn sources(p: &Project) -> String {
    let mut s = String::new();
    for lang in ["fr", "nl"] {
        for file in ["publication.ftl", "memorandum.ftl", "next-steps.ftl"] {
            s.push_str(&p.read(&format!("locales/{lang}/{file}")));
        }
    }
    s
}

/// Audits every edition of `p`: no fault, and even word spacing: p99 of the
/// justified lines at most 1.5 times the natural space, and none over twice.
fn assert_clean(p: &Project, what: &str) {
    p.run(&["build", "--format", "pdf"]).ok();
    let sources = sources(p);
    let mut out = String::new();
    let mut failed = false;
    // The file stem is the publication's id.
    let stem = std::fs::read_to_string(p.path("content/memorandum.yaml"))
        .ok()
        .and_then(|y| {
            y.lines()
                .find_map(|l| l.strip_prefix("id: ").map(|s| s.trim().to_owned()))
        })
        .unwrap_or_else(|| "smart-city-memorandum".into());
    for (lang, bilingual) in [("fr", false), ("nl", false), ("fr-nl", true)] {
        let pdf = p.path(&format!("output/{lang}/{stem}.pdf"));
        let a = audit(&pdf, bilingual, &sources);
        out.push_str(&report(what, lang, &a));
        failed |= a.faults() > 0 || a.quantile(0.99) > 1.5 || a.max_spacing() > 2.0;
    }
    eprint!("{out}");
    assert!(!failed, "{out}");
}

#[test]
fn the_memorandum_is_set_without_faults() {
    if !tool_or_skip("pdftotext", "MEMORANDUM_REQUIRE_POPPLER") {
        return;
    }
    assert_clean(&Project::shipped(), "memorandum");
}

/// The init skeleton: every kind of block (a sub-section, a quotation, an
/// annex, the colophon with printed links).
#[test]
fn the_skeleton_with_every_block_is_set_without_faults() {
    if !tool_or_skip("pdftotext", "MEMORANDUM_REQUIRE_POPPLER") {
        return;
    }
    assert_clean(&Project::skeleton(), "init skeleton");
}

#[test]
fn long_publications_are_set_without_faults() {
    if !tool_or_skip("pdftotext", "MEMORANDUM_REQUIRE_POPPLER") {
        return;
    }
    assert_clean(&Project::synthetic(10), "synthetic ×10");
    assert_clean(&Project::synthetic(30), "synthetic ×30");
    assert_clean(&Project::synthetic_whole(10), "body whole ×10");
}

/// The audit finds what it looks for: a line that runs past the column. The
/// engine no longer makes one (a word wider than the line is broken between
/// characters, with a warning), so the test widens one line of a built PDF by
/// a quarter (`Tz 125`), as a faulty engine would have set it.
#[test]
fn the_audit_sees_an_overfull_line() {
    if !tool_or_skip("pdftotext", "MEMORANDUM_REQUIRE_POPPLER") {
        return;
    }
    let p = Project::shipped();
    p.run(&["build", "--format", "pdf", "--lang", "fr"]).ok();
    let pdf = p.path("output/fr/smart-city-memorandum.pdf");
    let mut doc = lopdf::Document::load(&pdf).expect("load");
    let page = *doc.get_pages().get(&2).expect("page 2");
    let mut content = lopdf::content::Content::decode(&doc.get_page_content(page)).expect("decode");
    // The tenth line set at the text's left edge (a justified body line).
    let left = content
        .operations
        .iter()
        .filter(|o| o.operator == "Tm")
        .filter_map(|o| o.operands.get(4).and_then(|x| x.as_float().ok()))
        .fold(f32::INFINITY, f32::min);
    let at = content
        .operations
        .iter()
        .enumerate()
        .filter(|(_, o)| {
            o.operator == "Tm"
                && o.operands
                    .get(4)
                    .and_then(|x| x.as_float().ok())
                    .is_some_and(|x| (x - left).abs() < 0.01)
        })
        .nth(10)
        .map(|(i, _)| i)
        .expect("a body line");
    // Its glyphs widened by a quarter: it runs past the right edge.
    content.operations.insert(
        at + 1,
        lopdf::content::Operation::new("Tz", vec![lopdf::Object::Real(125.0)]),
    );
    doc.change_page_content(page, content.encode().expect("encode"))
        .expect("change");
    let moved = p.path("output/moved.pdf");
    doc.save(&moved).expect("save");
    let a = audit(&moved, false, &sources(&p));
    assert!(!a.overfull.is_empty(), "{a:?}");
    // The same PDF as built has none.
    assert!(audit(&pdf, false, &sources(&p)).overfull.is_empty());
}

/// The audit sees a word split in the text layer: a hyphenated word whose
/// halves, joined, are not a word of the sources, a soft hyphen inside a
/// word, and a compound whose hyphen was lost; and a long bilingual edition
/// has none of them.
#[test]
fn the_audit_sees_split_words() {
    let known = "la gouvernance des acteurs de la Smart City-actoren";
    let text = "la gouver\u{ad}\nnance des ac\u{ad}\nteurs\nSmart City-\nactoren\n";
    let mut a = Audit::default();
    words_of(text, known, &mut a);
    assert!(
        a.split_words.is_empty() && a.lost_hyphens.is_empty(),
        "{a:?}"
    );
    // "gouvernance" read as two words; "acteurs" not in the sources; a soft
    // hyphen inside a word; "city-actoren" not in the sources.
    let text =
        "la gouver-\nnance des ac\u{ad}\nteurz\nun mo\u{ad}t\u{ad}\nx\nSmart City-\nacteurs\n";
    let mut a = Audit::default();
    words_of(text, known, &mut a);
    assert_eq!(a.split_words.len(), 3, "{:?}", a.split_words);
    assert_eq!(a.lost_hyphens.len(), 2, "{:?}", a.lost_hyphens);
    if !tool_or_skip("pdftotext", "MEMORANDUM_REQUIRE_POPPLER") {
        return;
    }
    let p = Project::synthetic(4);
    p.run(&["build", "--format", "pdf", "--lang", "fr,nl"]).ok();
    let pdf = p.path("output/fr-nl/smart-city-memorandum.pdf");
    let whole = audit(&pdf, true, &sources(&p));
    assert!(whole.split_words.is_empty(), "{:?}", whole.split_words);
    assert!(whole.lost_hyphens.is_empty(), "{:?}", whole.lost_hyphens);
    // Without the sources, every hyphenated word is reported.
    let blind = audit(&pdf, true, "");
    assert!(!blind.split_words.is_empty());
}
