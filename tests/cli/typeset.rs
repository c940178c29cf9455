//! A typesetter's audit of the PDFs, from their word boxes as poppler reads
//! them (`pdftotext -bbox-layout`): overfull lines, loose lines, hyphen
//! ladders, widows, orphans and headings stranded at a page foot. Zero of each
//! on the French, Dutch and bilingual editions of the memorandum and of a long
//! synthetic publication.

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
    loose: Vec<String>,
    short: Vec<String>,
    ladders: Vec<String>,
    widows: Vec<String>,
    orphans: Vec<String>,
    stranded: Vec<String>,
}

impl Audit {
    fn total(&self) -> usize {
        self.overfull.len()
            + self.loose.len()
            + self.short.len()
            + self.ladders.len()
            + self.widows.len()
            + self.orphans.len()
            + self.stranded.len()
    }
}

/// The body's bottom edge (the running footer sits below).
const BODY_BOTTOM: f32 = 841.89 - 80.0;

fn audit(pdf: &std::path::Path, bilingual: bool) -> Audit {
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
                if s.y0() < BODY_BOTTOM && (s.x1() > right + 0.5 || s.x0() < left - 30.0) {
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
            let (_, right) = cols[c];
            // Loose lines: the mean space between words over half an em.
            for s in segs {
                let gaps: Vec<f32> = s.words.windows(2).map(|w| w[1].x0 - w[0].x1).collect();
                if gaps.len() >= 2 && !s.words.iter().any(|w| w.text == ".") {
                    let mean = gaps.iter().sum::<f32>() / gaps.len() as f32;
                    if mean > 0.5 * s.em() {
                        a.loose.push(format!(
                            "page {}: `{}`: spaces of {:.2} em",
                            p + 1,
                            s.text(),
                            mean / s.em()
                        ));
                    }
                }
            }
            // Short lines: in a justified paragraph (one of its lines but the
            // last fills the measure), a line but the last left more than a
            // quarter of the measure short. A line too loose to justify is set
            // with spaces of at most half an em and left short as a last
            // resort, its gap spread over the paragraph: never that large.
            let mut para: Vec<&Seg> = Vec::new();
            for (i, s) in segs.iter().enumerate() {
                para.push(s);
                let ends = segs.get(i + 1).is_none_or(|n| {
                    (n.x0() - s.x0()).abs() > 1.0
                        || (n.height() - s.height()).abs() > 0.5
                        || n.y0() - s.y0() > 1.25 * s.height()
                });
                if !ends {
                    continue;
                }
                let body = &para[..para.len() - 1];
                if body.iter().any(|l| l.x1() > right - 1.0) {
                    for l in body {
                        if right - l.x1() > 0.25 * (right - l.x0()) {
                            a.short.push(format!(
                                "page {}: `{}` ends {:.1} pt short of the measure",
                                p + 1,
                                l.text(),
                                right - l.x1()
                            ));
                        }
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
                let hyphen = s.words.last().is_some_and(|w| w.text.ends_with('-'));
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
                        && (a.height() - b.height()).abs() < 1.0
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
                && (last.height() - body_height).abs() < 1.0;
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
                    && (next[0].height() - body_height).abs() < 1.0
                    && para(next, false) == 1
                {
                    a.widows.push(format!(
                        "page {}: `{}` alone at the head",
                        p + 2,
                        next[0].text()
                    ));
                }
            }
            // A heading with fewer than two lines under it on its page.
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
    a
}

fn assert_clean(p: &Project, what: &str) {
    let mut report = String::new();
    let mut total = 0;
    for (lang, bilingual) in [("fr", false), ("nl", false), ("fr-nl", true)] {
        let pdf = p.path(&format!("output/{lang}/smart-city-memorandum.pdf"));
        let a = audit(&pdf, bilingual);
        total += a.total();
        report.push_str(&format!(
            "{what} {lang}: {} overfull, {} loose, {} short, {} hyphen ladders, {} widows, {} orphans, {} stranded headings\n",
            a.overfull.len(),
            a.loose.len(),
            a.short.len(),
            a.ladders.len(),
            a.widows.len(),
            a.orphans.len(),
            a.stranded.len()
        ));
        for l in a
            .overfull
            .iter()
            .chain(&a.loose)
            .chain(&a.short)
            .chain(&a.ladders)
            .chain(&a.widows)
            .chain(&a.orphans)
            .chain(&a.stranded)
        {
            report.push_str(&format!("  {l}\n"));
        }
    }
    eprint!("{report}");
    assert_eq!(total, 0, "{report}");
}

#[test]
fn the_memorandum_is_set_without_faults() {
    if !tool_or_skip("pdftotext", "MEMORANDUM_REQUIRE_POPPLER") {
        return;
    }
    let p = Project::shipped();
    p.run(&["build", "--format", "pdf"]).ok();
    assert_clean(&p, "memorandum");
}

#[test]
fn a_long_publication_is_set_without_faults() {
    if !tool_or_skip("pdftotext", "MEMORANDUM_REQUIRE_POPPLER") {
        return;
    }
    let p = Project::synthetic(4);
    p.run(&["build", "--format", "pdf"]).ok();
    assert_clean(&p, "synthetic ×4");
}

/// The audit finds what it looks for: a paragraph squeezed into a narrow
/// measure by an overlong unbreakable word runs past the column.
#[test]
fn the_audit_sees_an_overfull_line() {
    if !tool_or_skip("pdftotext", "MEMORANDUM_REQUIRE_POPPLER") {
        return;
    }
    let p = Project::shipped();
    p.edit(
        "locales/fr/memorandum.ftl",
        "background-title = Contexte",
        "background-title = Contexte",
    );
    p.edit(
        "locales/fr/memorandum.ftl",
        "s’est engagé à faire",
        "s’est engagé à Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa faire",
    );
    p.run(&["build", "--format", "pdf", "--lang", "fr"]).ok();
    let a = audit(&p.path("output/fr/smart-city-memorandum.pdf"), false);
    assert!(!a.overfull.is_empty(), "{a:?}");
}
