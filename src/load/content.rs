//! Reading `content/*.yaml` into the [`Publication`] model. The schema is strict:
//! unknown keys, wrong types, bad ids, dangling references and malformed dates are
//! all reported with file, line and column, and as many of them as can be found.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;

use super::yaml::Spans;
use super::{Loaded, read_source};
use crate::diagnostics::{Diagnostic, Loc};
use crate::model::{
    Arg, Block, ContentsEntry, Date, Id, Lang, MAX_SECTION_LEVEL, MessageRef, Moment, NextStep,
    Organisation, Period, Project, Publication, Section, Signatory, Status, TimelineEntry,
};

/// The main content file, relative to the root.
pub const MAIN_FILE: &str = "content/memorandum.yaml";

macro_rules! string_newtype {
    ($ty:ty) => {
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                <$ty>::parse(&text).map_err(serde::de::Error::custom)
            }
        }
    };
}
string_newtype!(Id);
string_newtype!(Lang);
string_newtype!(Date);

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawMemorandum {
    id: Id,
    languages: Vec<Lang>,
    reference_language: Lang,
    bilingual: Option<Vec<Lang>>,
    published: RawWhen,
    published_period: Option<Period>,
    region: Option<Region>,
    publisher: Id,
    signatory: RawSignatory,
    #[serde(default)]
    organisations: Vec<RawOrganisation>,
    sections: Vec<RawSection>,
    /// Sections after the body, lettered A, B…
    #[serde(default)]
    annexes: Vec<RawSection>,
    /// Which sections' headings carry a number.
    #[serde(default)]
    numbering: Numbering,
    /// How many levels of sections the table of contents lists (1 to 3).
    contents_depth: Option<u8>,
    colophon: Option<RawColophon>,
    /// `after`: the PDF prints a link's address after its text; `none` (the
    /// default): the text alone, linked.
    #[serde(default)]
    printed_links: PrintedLinks,
}

/// Where the PDF prints an outside link's address.
#[derive(Deserialize, Default, Clone, Copy, PartialEq)]
#[serde(rename_all = "kebab-case")]
enum PrintedLinks {
    #[default]
    None,
    After,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawColophon {
    /// The responsible publisher's name.
    responsible_publisher: OneLine,
    /// The message holding the responsible publisher's address.
    address: Option<Id>,
    legal_deposit: Option<String>,
    /// An e-mail address or an http(s) address.
    contact: Option<String>,
}

/// Which headings are numbered: the body's sections (`top`, the default:
/// « 1. », « 2. »), every level (`nested`: « 1.2. »), or none. Annexes are
/// lettered whatever the numbering.
#[derive(Deserialize, Default, Clone, Copy, PartialEq)]
#[serde(rename_all = "kebab-case")]
enum Numbering {
    #[default]
    Top,
    Nested,
    None,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSignatory {
    name: OneLine,
    role: Id,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawOrganisation {
    id: Id,
    url: Option<RawUrl>,
}

/// An organisation's website: one address, or one per language (`fr:
/// https://cirb.brussels`, `nl: https://cibg.brussels`).
#[derive(Deserialize)]
#[serde(untagged)]
enum RawUrl {
    One(String),
    PerLanguage(BTreeMap<String, String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSection {
    id: Id,
    #[serde(default)]
    blocks: Vec<RawBlock>,
    /// Its sub-sections, after its blocks.
    #[serde(default)]
    sections: Vec<RawSection>,
}

/// A section of the content with where it sits: its YAML path, level,
/// number and whether it is in an annex.
struct Placed<'a> {
    raw: &'a RawSection,
    path: String,
    level: u8,
    number: String,
    /// The letter of a top-level annex.
    letter: Option<String>,
    annex: bool,
}

/// Every section of the body and of the annexes in reading order, numbered;
/// a section deeper than [`MAX_SECTION_LEVEL`] is reported at its key.
fn place<'a>(raw: &'a RawMemorandum, cx: &mut Resolver<'_>) -> Vec<Placed<'a>> {
    #[allow(clippy::too_many_arguments)]
    fn walk<'a>(
        sections: &'a [RawSection],
        prefix: &str,
        parent: &str,
        level: u8,
        annex: bool,
        numbering: Numbering,
        cx: &mut Resolver<'_>,
        out: &mut Vec<Placed<'a>>,
    ) {
        for (k, s) in sections.iter().enumerate() {
            let path = format!("{prefix}[{k}]");
            let letter = (annex && level == 1).then(|| annex_letter(k));
            let own = letter.clone().unwrap_or_else(|| (k + 1).to_string());
            let number = match (numbering, level) {
                _ if letter.is_some() => own,
                (Numbering::Top, 1) | (Numbering::Nested, 1) => own,
                (Numbering::Nested, _) if !parent.is_empty() => format!("{parent}.{own}"),
                _ => String::new(),
            };
            let below = number.clone();
            out.push(Placed {
                raw: s,
                path: path.clone(),
                level,
                number,
                letter,
                annex,
            });
            if s.sections.is_empty() {
                continue;
            }
            if level >= MAX_SECTION_LEVEL {
                cx.error_at(
                    &format!("{path}.sections"),
                    "section-depth",
                    format!(
                        "section `{}` has sub-sections {} levels down; sections nest {MAX_SECTION_LEVEL} levels deep at most",
                        s.id,
                        level + 1
                    ),
                    "move these sub-sections up a level, or make them paragraphs",
                );
                continue;
            }
            walk(
                &s.sections,
                &format!("{path}.sections"),
                &below,
                level + 1,
                annex,
                numbering,
                cx,
                out,
            );
        }
    }
    let mut out = Vec::new();
    walk(
        &raw.sections,
        "sections",
        "",
        1,
        false,
        raw.numbering,
        cx,
        &mut out,
    );
    if raw.annexes.len() > 26 {
        cx.error_at(
            "annexes",
            "too-many-annexes",
            format!("{} annexes; they are lettered A to Z", raw.annexes.len()),
            "gather some annexes into one, as its sub-sections",
        );
    }
    walk(
        &raw.annexes,
        "annexes",
        "",
        1,
        true,
        raw.numbering,
        cx,
        &mut out,
    );
    out
}

/// The letter of the annex at `k` (0 → A).
fn annex_letter(k: usize) -> String {
    char::from(b'A' + (k % 26) as u8).to_string()
}

/// The table of contents: the entries of `sections` from `from`, at `level`,
/// each with its own below, down to `depth`; the index after them.
fn contents(
    sections: &[Section],
    mut i: usize,
    level: u8,
    depth: u8,
) -> (Vec<ContentsEntry>, usize) {
    let mut out = Vec::new();
    while let Some(s) = sections.get(i) {
        if s.level < level {
            break;
        }
        if s.level > level {
            // Deeper than the contents list: skipped.
            i += 1;
            continue;
        }
        let (children, next) = if level < depth {
            contents(sections, i + 1, level + 1, depth)
        } else {
            (Vec::new(), i + 1)
        };
        out.push(ContentsEntry {
            id: s.id.clone(),
            title: s.title.clone(),
            number: s.number.clone(),
            label: s.label.clone(),
            level,
            children,
        });
        i = next;
    }
    (out, i)
}

/// A block is a map with exactly one of the kind keys.
#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    rename_all = "kebab-case",
    try_from = "RawBlockFields"
)]
enum RawBlock {
    Paragraph(Id, BTreeMap<String, RawArg>),
    List(Vec<Id>),
    Timeline(Vec<RawEntry>),
    Projects(Vec<RawProject>),
    Table(Id),
    Quote(Id),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawBlockFields {
    paragraph: Option<Id>,
    list: Option<Vec<Id>>,
    timeline: Option<Vec<RawEntry>>,
    projects: Option<Vec<RawProject>>,
    table: Option<Id>,
    quote: Option<Id>,
    args: Option<BTreeMap<String, RawArg>>,
}

impl TryFrom<RawBlockFields> for RawBlock {
    type Error = String;
    fn try_from(f: RawBlockFields) -> Result<Self, String> {
        let mut kinds = Vec::new();
        if f.args.is_some() && f.paragraph.is_none() {
            return Err("`args` belongs to a `paragraph` block (timeline entries, projects and steps have their own `args`)".into());
        }
        if let Some(v) = f.paragraph {
            kinds.push(RawBlock::Paragraph(v, f.args.unwrap_or_default()));
        }
        if let Some(v) = f.list {
            kinds.push(RawBlock::List(v));
        }
        if let Some(v) = f.timeline {
            kinds.push(RawBlock::Timeline(v));
        }
        if let Some(v) = f.projects {
            kinds.push(RawBlock::Projects(v));
        }
        if let Some(v) = f.table {
            kinds.push(RawBlock::Table(v));
        }
        if let Some(v) = f.quote {
            kinds.push(RawBlock::Quote(v));
        }
        match kinds.len() {
            1 => kinds.pop().ok_or_else(String::new),
            0 => Err("a block needs one of `paragraph`, `list`, `timeline`, `projects`, `table`, `quote`".into()),
            _ => Err("a block has exactly one of `paragraph`, `list`, `timeline`, `projects`, `table`, `quote`; start a new `- ` item for the next one".into()),
        }
    }
}

/// An organisation's address for languages without their own, and each
/// language's address.
type OrgUrls = (Option<String>, BTreeMap<String, String>);

/// A date as the content writes it: `2019-04-30`, `2019-04`, or a year alone
/// (`2019`, which needs a `period`).
#[derive(Clone, Copy)]
struct RawWhen {
    year: Option<i32>,
    date: Option<Date>,
}

impl<'de> Deserialize<'de> for RawWhen {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = RawWhen;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a date written YYYY-MM-DD, YYYY-MM, or a year YYYY with a period")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<RawWhen, E> {
                if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
                    return self.visit_u64(text.parse().map_err(E::custom)?);
                }
                Date::parse(text)
                    .map(|date| RawWhen {
                        year: None,
                        date: Some(date),
                    })
                    .map_err(E::custom)
            }
            fn visit_u64<E: serde::de::Error>(self, year: u64) -> Result<RawWhen, E> {
                match i32::try_from(year) {
                    Ok(year) if (1000..=9999).contains(&year) => Ok(RawWhen {
                        year: Some(year),
                        date: None,
                    }),
                    _ => Err(E::custom(format!("`{year}` is not a year written YYYY"))),
                }
            }
            fn visit_i64<E: serde::de::Error>(self, year: i64) -> Result<RawWhen, E> {
                match u64::try_from(year) {
                    Ok(y) => self.visit_u64(y),
                    Err(_) => Err(E::custom(format!("`{year}` is not a year written YYYY"))),
                }
            }
        }
        d.deserialize_any(Visitor)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawEntry {
    id: Id,
    date: RawWhen,
    period: Option<Period>,
    #[serde(default)]
    args: BTreeMap<String, RawArg>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawProject {
    id: Id,
    #[serde(default)]
    partners: Vec<Id>,
    #[serde(default)]
    args: BTreeMap<String, RawArg>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSteps {
    steps: Vec<RawStep>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawStep {
    id: Id,
    owner: Id,
    deadline: Day,
    status: Status,
    #[serde(default)]
    args: BTreeMap<String, RawArg>,
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        [Status::Planned, Status::InProgress, Status::Done]
            .into_iter()
            .find(|s| s.as_str() == text)
            .ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "unknown status `{text}`, expected `planned`, `in-progress` or `done`"
                ))
            })
    }
}

/// A date with its day (`YYYY-MM-DD`): a deadline is a day, and its sentences
/// (« au plus tard le 30 avril 2019 ») need one.
#[derive(Clone, Copy)]
struct Day(Date);

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let date = Date::deserialize(d)?;
        if date.day.is_none() {
            return Err(serde::de::Error::custom(format!(
                "`{date}`: a deadline is a day, written YYYY-MM-DD"
            )));
        }
        Ok(Day(date))
    }
}

/// A region subtag: two capital letters (`BE`) or three digits.
struct Region(String);

impl<'de> Deserialize<'de> for Region {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let ok = (text.len() == 2 && text.bytes().all(|b| b.is_ascii_uppercase()))
            || (text.len() == 3 && text.bytes().all(|b| b.is_ascii_digit()));
        if ok {
            Ok(Region(text))
        } else {
            Err(serde::de::Error::custom(format!(
                "`{text}` is not a region subtag such as `BE`"
            )))
        }
    }
}

/// Text from the content that is one line: no line break, no control character
/// (a line break would become structure in the Markdown edition).
struct OneLine(String);

impl<'de> Deserialize<'de> for OneLine {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        one_line(&text).map_err(serde::de::Error::custom)?;
        Ok(OneLine(crate::model::nfc(&text).into_owned()))
    }
}

/// Refuses line breaks, control characters and bidirectional controls in a
/// one-line text.
pub fn one_line(text: &str) -> Result<(), String> {
    if let Some(c) = text.chars().find(|c| crate::model::is_bidi_control(*c)) {
        return Err(format!(
            "text contains {}; remove it",
            crate::model::bidi_refusal(c)
        ));
    }
    match text.chars().find(|c| c.is_control()) {
        Some(c) if c == '\n' || c == '\r' => Err(format!(
            "text `{}` contains a line break; this value must be one line",
            text.lines().next().unwrap_or_default()
        )),
        Some(c) => Err(format!(
            "text contains the control character U+{:04X}, which no edition can show",
            u32::from(c)
        )),
        None => Ok(()),
    }
}

/// A variable's value: a number, a date (`YYYY-MM-DD` or `YYYY-MM`) or plain text.
struct RawArg(Arg);

impl<'de> Deserialize<'de> for RawArg {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = RawArg;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a number, a date or a text")
            }
            // Integers past 2^53 are read as the nearest number a reader can
            // be shown; the loader then compares it with what was written
            // (`Resolver::args`).
            fn visit_i64<E>(self, v: i64) -> Result<RawArg, E> {
                Ok(RawArg(Arg::Number(v as f64)))
            }
            fn visit_u64<E>(self, v: u64) -> Result<RawArg, E> {
                Ok(RawArg(Arg::Number(v as f64)))
            }
            fn visit_i128<E>(self, v: i128) -> Result<RawArg, E> {
                Ok(RawArg(Arg::Number(v as f64)))
            }
            fn visit_u128<E>(self, v: u128) -> Result<RawArg, E> {
                Ok(RawArg(Arg::Number(v as f64)))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<RawArg, E> {
                if v.is_finite() {
                    Ok(RawArg(Arg::Number(crate::model::positive_zero(v))))
                } else {
                    Err(E::custom(format!(
                        "`{v}` is not a number a reader can be shown; write a finite number"
                    )))
                }
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawArg, E> {
                one_line(v).map_err(E::custom)?;
                Arg::from_text(&crate::model::nfc(v))
                    .map(RawArg)
                    .map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

/// Reads the content files under `root`, adding every problem to `loaded`.
pub fn load(root: &Path, loaded: &mut Loaded) -> Option<Publication> {
    let source = read_source(root, MAIN_FILE, loaded)?;
    let spans = Spans::index(&source);
    let raw: RawMemorandum = parse_yaml(MAIN_FILE, &source, &spans, loaded)?;
    let mut cx = Resolver {
        file: MAIN_FILE,
        source: &source,
        spans,
        orgs: BTreeMap::new(),
        shelved: super::locale_folders(root),
        diagnostics: Vec::new(),
    };
    for (k, org) in raw.organisations.iter().enumerate() {
        let urls = cx.org_urls(&raw, org.url.as_ref(), k);
        if cx.orgs.insert(org.id.clone(), urls).is_some() {
            cx.error_at(
                &format!("organisations[{k}].id"),
                "duplicate-id",
                format!("organisation `{}` is listed twice", org.id),
                "remove one of the two entries",
            );
        }
    }
    check_languages(&raw, &mut cx);
    let published = cx.moment(
        raw.published,
        raw.published_period,
        "published",
        "published-period",
    );
    let publisher = cx.org(&raw.publisher, "publisher");
    cx.required_text(
        "signatory.name",
        "the signatory's name",
        &raw.signatory.name.0,
    );
    let depth = match raw.contents_depth {
        None => 1,
        Some(d) if (1..=MAX_SECTION_LEVEL).contains(&d) => d,
        Some(d) => {
            cx.error_at(
                "contents-depth",
                "contents-depth",
                format!("`contents-depth: {d}`: the contents list 1 to {MAX_SECTION_LEVEL} levels of sections"),
                "write 1 (sections), 2 (and sub-sections) or 3",
            );
            1
        }
    };
    let placed = place(&raw, &mut cx);
    let mut sections = Vec::new();
    let mut tables: Vec<(usize, usize, Id)> = Vec::new();
    for (si, p) in placed.iter().enumerate() {
        let s = p.raw;
        let mut blocks = Vec::new();
        for (bi, b) in s.blocks.iter().enumerate() {
            let at = format!("{}.blocks[{bi}]", p.path);
            blocks.push(match b {
                RawBlock::Paragraph(id, a) => Block::Paragraph {
                    text: MessageRef {
                        args: cx.args(a, &format!("{at}.args")),
                        ..MessageRef::new(id.clone())
                    }
                    .located(cx.loc(&format!("{at}.paragraph"))),
                },
                RawBlock::List(items) => Block::List {
                    items: items
                        .iter()
                        .enumerate()
                        .map(|(k, id)| {
                            MessageRef::new(id.clone()).located(cx.loc(&format!("{at}.list[{k}]")))
                        })
                        .collect(),
                },
                RawBlock::Timeline(entries) => Block::Timeline {
                    entries: entries
                        .iter()
                        .enumerate()
                        .map(|(k, e)| cx.timeline_entry(e, &format!("{at}.timeline[{k}]")))
                        .collect(),
                },
                RawBlock::Projects(projects) => Block::Projects {
                    projects: projects
                        .iter()
                        .enumerate()
                        .map(|(k, p)| cx.project(p, &format!("{at}.projects[{k}]")))
                        .collect(),
                },
                RawBlock::Quote(id) => {
                    let text = MessageRef::new(id.clone()).located(cx.loc(&format!("{at}.quote")));
                    Block::Quote {
                        by: Some(text.attr("by")),
                        text,
                    }
                }
                RawBlock::Table(name) => {
                    tables.push((si, bi, name.clone()));
                    Block::NextSteps { steps: Vec::new() }
                }
            });
        }
        let at = cx.loc(&format!("{}.id", p.path));
        sections.push(Section {
            id: s.id.clone(),
            title: MessageRef::new(suffixed(&s.id, "title")).located(at.clone()),
            level: p.level,
            number: p.number.clone(),
            label: p.letter.as_ref().map(|letter| {
                MessageRef {
                    args: BTreeMap::from([("letter".to_owned(), Arg::Text(letter.clone()))]),
                    ..MessageRef::new(fixed_id("annex-label"))
                }
                .located(at.clone())
            }),
            annex: p.annex,
            first_annex: p.annex && (si == 0 || !placed[si - 1].annex),
            in_contents: p.level <= depth,
            closes: placed.get(si + 1).is_none_or(|next| next.level == 1),
            ends: match placed.get(si + 1) {
                // The annexes follow the body: every section of it ends.
                Some(next) if next.annex == p.annex => (p.level + 1).saturating_sub(next.level),
                _ => p.level,
            },
            blocks,
        });
    }
    let body = placed.iter().take_while(|p| !p.annex).count();
    let (contents_list, _) = contents(&sections[..body], 0, 1, depth);
    let (annex_contents, _) = contents(&sections[body..], 0, 1, depth);
    let mut anchors = check_unique_ids(&placed, &mut cx);
    let colophon = raw.colophon.as_ref().map(|c| {
        let at = cx.loc("colophon");
        cx.required_text(
            "colophon.responsible-publisher",
            "the responsible publisher's name",
            &c.responsible_publisher.0,
        );
        let deposit = c.legal_deposit.as_ref().map(|d| d.trim().to_owned());
        if let Some(d) = &deposit
            && !legal_deposit_ok(d)
        {
            cx.error_at(
                "colophon.legal-deposit",
                "legal-deposit",
                format!("`{d}` is not a legal deposit number"),
                "write it as the Royal Library gave it: D/year/publisher's number/number, e.g. D/2019/1234/5",
            );
        }
        let contact = c.contact.as_ref().and_then(|s| match contact_link(s) {
            Ok(link) => Some(link),
            Err(e) => {
                cx.error_at(
                    "colophon.contact",
                    "contact",
                    e,
                    "write an e-mail address (smartcity@cirb.brussels) or a web address (https://…)",
                );
                None
            }
        });
        crate::model::Colophon {
            publisher: c.responsible_publisher.0.clone(),
            publisher_label: MessageRef::new(fixed_id("colophon-publisher"))
                .located(cx.loc("colophon.responsible-publisher")),
            address: c.address.as_ref().map(|id| {
                MessageRef::new(id.clone()).located(cx.loc("colophon.address"))
            }),
            deposit,
            deposit_label: MessageRef::new(fixed_id("colophon-deposit"))
                .located(cx.loc("colophon.legal-deposit")),
            contact,
            contact_label: MessageRef::new(fixed_id("colophon-contact"))
                .located(cx.loc("colophon.contact")),
            published: MessageRef::new(fixed_id("published-on"))
                .with("date", Arg::Date(published.date))
                .with("period", Arg::Text(published.period_name().to_owned()))
                .with("year", Arg::Text(published.date.year.to_string()))
                .located(at),
        }
    });
    let mut diagnostics = std::mem::take(&mut cx.diagnostics);
    // Tables live in files of their own, named after the table.
    for (si, bi, name) in tables {
        let file = format!("content/{name}.yaml");
        // Only a name that holds nothing: a link to nothing, a folder or a
        // FIFO by that name is said by `read_source`.
        if std::fs::symlink_metadata(root.join(&file)).is_err() {
            cx.error_at(
                &format!("{}.blocks[{bi}].table", placed[si].path),
                "io",
                format!("the table `{name}` has no file {file}"),
                format!("create {file}, or correct the table's name"),
            );
            diagnostics.append(&mut cx.diagnostics);
            continue;
        }
        let Some(table_source) = read_source(root, &file, loaded) else {
            continue;
        };
        let table_spans = Spans::index(&table_source);
        let Some(steps) = parse_yaml::<RawSteps>(&file, &table_source, &table_spans, loaded) else {
            continue;
        };
        let mut tcx = Resolver {
            file: &file,
            source: &table_source,
            spans: table_spans,
            orgs: cx.orgs.clone(),
            shelved: Vec::new(),
            diagnostics: Vec::new(),
        };
        unique_ids(
            steps
                .steps
                .iter()
                .enumerate()
                .map(|(k, s)| (&s.id, format!("steps[{k}].id"))),
            &mut anchors,
            &mut tcx,
        );
        let steps: Vec<NextStep> = steps
            .steps
            .iter()
            .enumerate()
            .map(|(k, s)| tcx.step(s, &format!("steps[{k}]")))
            .collect();
        diagnostics.append(&mut tcx.diagnostics);
        if let Some(Block::NextSteps { steps: slot }) = sections
            .get_mut(si)
            .and_then(|s: &mut Section| s.blocks.get_mut(bi))
        {
            *slot = steps;
        }
    }
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    loaded.diagnostics.append(&mut diagnostics);
    if failed {
        return None;
    }
    let top = cx.loc("id");
    Some(Publication {
        title: MessageRef::new(fixed_id("publication-title")).located(top.clone()),
        description: MessageRef::new(fixed_id("publication-description")).located(top),
        id: raw.id,
        bilingual: match &raw.bilingual {
            Some(pair) if pair.len() == 2 => Some((pair[0].clone(), pair[1].clone())),
            _ if raw.languages.len() >= 2 => {
                Some((raw.languages[0].clone(), raw.languages[1].clone()))
            }
            _ => None,
        },
        languages_at: (0..raw.languages.len())
            .map(|k| cx.loc(&format!("languages[{k}]")))
            .collect(),
        languages: raw.languages,
        reference_language: raw.reference_language,
        published_period: published.period_name(),
        published_year: published.date.year.to_string(),
        published,
        region: raw.region.map(|r| r.0),
        publisher,
        signatory: Signatory {
            name: raw.signatory.name.0,
            role: MessageRef::new(prefixed("role", &raw.signatory.role))
                .located(cx.loc("signatory.role")),
        },
        sections,
        contents: contents_list,
        annex_contents,
        colophon,
        printed_links: raw.printed_links == PrintedLinks::After,
    })
}

/// The legal deposit number's shape, `D/YYYY/NNNN/N` (the Royal Library's:
/// the year, the publisher's number, the publication's).
fn legal_deposit_ok(s: &str) -> bool {
    let parts: Vec<&str> = s.split('/').collect();
    let digits = |p: &str, min: usize, max: usize| {
        (min..=max).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    parts.len() == 4
        && parts[0] == "D"
        && digits(parts[1], 4, 4)
        && digits(parts[2], 4, 4)
        && digits(parts[3], 1, 4)
}

/// A contact as a link: an e-mail address (`mailto:`) or an http(s) address.
fn contact_link(s: &str) -> Result<crate::model::Contact, String> {
    let s = s.trim();
    let address = s.strip_prefix("mailto:").unwrap_or(s);
    let email = address.split_once('@').is_some_and(|(user, host)| {
        !user.is_empty()
            && host.contains('.')
            && !host.starts_with('.')
            && !host.ends_with('.')
            && address
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "@.-_+".contains(c))
    });
    if email {
        return Ok(crate::model::Contact {
            href: format!("mailto:{address}"),
            text: address.to_owned(),
        });
    }
    check_url(s)
        .map_err(|_| format!("`{s}` is neither an e-mail address nor an http(s) address"))?;
    Ok(crate::model::Contact {
        href: s.to_owned(),
        text: s.to_owned(),
    })
}

/// An id the tool makes (`publication-title`, `<section>-title`): made of valid
/// ids, so valid in its alphabet, and allowed past the length users may type.
fn fixed_id(id: &str) -> Id {
    Id::derived(id)
}

fn prefixed(prefix: &str, id: &Id) -> Id {
    fixed_id(&format!("{prefix}-{id}"))
}

fn suffixed(id: &Id, suffix: &str) -> Id {
    fixed_id(&format!("{id}-{suffix}"))
}

/// Resolves references between content records, collecting problems; every
/// message use it makes carries its location in the file.
struct Resolver<'a> {
    file: &'a str,
    source: &'a str,
    spans: Spans,
    orgs: BTreeMap<Id, OrgUrls>,
    /// The languages with a folder under `locales/`: one of them missing
    /// from `languages:` is set aside for a while, not a typo.
    shelved: Vec<Lang>,
    diagnostics: Vec<Diagnostic>,
}

impl Resolver<'_> {
    /// The location of the value at `path` in this file.
    fn loc(&self, path: &str) -> Option<Loc> {
        self.spans.get(path).map(|span| Loc {
            file: self.file.to_owned(),
            span,
        })
    }

    /// An error at the value at `path` (or the file, if it has none there).
    fn error_at(
        &mut self,
        path: &str,
        code: &'static str,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let d = Diagnostic::error(code, message).hint(hint);
        self.diagnostics.push(match self.spans.get(path) {
            Some(span) => d.at(self.file, self.source, span),
            None => d.in_file(self.file),
        });
    }

    /// The variables under `path` (an `args:` map), each checked where it is
    /// written: a number must be shown as written (`9007199254740993` cannot
    /// be held exactly, and would be published as …992), a text must show
    /// something.
    fn args(&mut self, raw: &BTreeMap<String, RawArg>, path: &str) -> BTreeMap<String, Arg> {
        let mut out = BTreeMap::new();
        for (name, RawArg(arg)) in raw {
            let at = format!("{path}.{name}");
            match arg {
                Arg::Number(n) => {
                    let written = self
                        .spans
                        .get(&at)
                        .and_then(|span| self.source.get(span))
                        .map(str::to_owned);
                    if let Some(written) = written
                        && crate::model::number_is_exact(&written, *n) == Some(false)
                    {
                        self.error_at(
                            &at,
                            "number-inexact",
                            format!(
                                "`{}` cannot be held exactly: it would be published as {}",
                                written.trim(),
                                shown_number(*n)
                            ),
                            "a number keeps about 15 significant digits (a whole number up to 9007199254740992): write the number with fewer digits, or as a text in quotes if it is a code",
                        );
                    }
                }
                Arg::Text(t) => {
                    self.required_text(&at, &format!("the variable `{name}`"), t);
                }
                Arg::Date(_) => {}
            }
            out.insert(name.clone(), arg.clone());
        }
        out
    }

    /// A text that must show something (`what`, at `path`): empty or blank
    /// is an error there, never a hole in a sentence (« , Smart City Manager »).
    fn required_text(&mut self, path: &str, what: &str, text: &str) {
        if crate::model::is_blank(text) {
            self.error_at(
                path,
                "empty-text",
                if text.is_empty() {
                    format!("{what} is empty")
                } else {
                    format!("{what} holds only spaces or invisible characters")
                },
                "write the text; a value no sentence needs is removed instead",
            );
        }
    }

    /// An error at the key naming `path` (the last one, if it is repeated), or
    /// at its value.
    fn error_at_key(
        &mut self,
        path: &str,
        code: &'static str,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        match self.spans.last_key(path) {
            Some(span) => {
                let d =
                    Diagnostic::error(code, message)
                        .hint(hint)
                        .at(self.file, self.source, span);
                self.diagnostics.push(d);
            }
            None => self.error_at(path, code, message, hint),
        }
    }

    /// An organisation's website, checked: the address for languages without
    /// their own (the reference language's, else the first), and each
    /// language's.
    fn org_urls(&mut self, raw: &RawMemorandum, url: Option<&RawUrl>, k: usize) -> OrgUrls {
        let path = format!("organisations[{k}].url");
        let check = |cx: &mut Self, at: &str, url: &str| match check_url(url) {
            Ok(()) => true,
            Err(e) => {
                cx.error_at(at, "bad-url", e, "use an address starting with https://");
                false
            }
        };
        match url {
            None => (None, BTreeMap::new()),
            Some(RawUrl::One(url)) => {
                let ok = check(self, &path, url);
                let all = raw
                    .languages
                    .iter()
                    .map(|l| (l.to_string(), url.clone()))
                    .collect();
                (
                    ok.then(|| url.clone()),
                    if ok { all } else { BTreeMap::new() },
                )
            }
            Some(RawUrl::PerLanguage(map)) => {
                let mut urls = BTreeMap::new();
                for (lang, url) in map {
                    let at = format!("{path}.{lang}");
                    let listed: Vec<&str> = raw.languages.iter().map(Lang::as_str).collect();
                    if let Err(e) = Lang::parse(lang) {
                        self.error_at_key(
                            &at,
                            "bad-language",
                            e,
                            "write a language code such as `fr` or `nl`".to_owned(),
                        );
                    } else if !listed.contains(&lang.as_str())
                        && self.shelved.iter().any(|l| l.as_str() == lang)
                    {
                        // A language taken out of `languages` for a while
                        // (its translations are still there) keeps its
                        // address, unused: said, not refused.
                        let d = Diagnostic::warning(
                            "unlisted-language",
                            format!("`{lang}` is not in `languages:`: this address is not used"),
                        )
                        .hint(format!(
                            "add `{lang}` to `languages:` to publish it, or remove the address"
                        ));
                        self.diagnostics.push(match self.spans.last_key(&at) {
                            Some(span) => d.at(self.file, self.source, span),
                            None => d.in_file(self.file),
                        });
                    } else if !listed.contains(&lang.as_str()) {
                        // An address for a language the publication does not
                        // have, nor has translations for, is a typo (`nk:`)
                        // that would send the edition it meant to the other
                        // language's site.
                        let hint = match nearest(lang, &listed) {
                            Some(n) => format!(
                                "did you mean `{n}`? The keys are languages of `languages:` ({})",
                                listed.join(", ")
                            ),
                            None => format!(
                                "the keys are languages of `languages:` ({}); remove this address, or add the language",
                                listed.join(", ")
                            ),
                        };
                        self.error_at_key(
                            &at,
                            "unknown-language",
                            format!("`{lang}` is not a language of the publication"),
                            hint,
                        );
                    } else if check(self, &at, url) {
                        urls.insert(lang.clone(), url.clone());
                    }
                }
                let default = urls
                    .get(raw.reference_language.as_str())
                    .or_else(|| urls.values().next())
                    .cloned();
                if let Some(d) = &default {
                    for l in &raw.languages {
                        urls.entry(l.to_string()).or_insert_with(|| d.clone());
                    }
                }
                (default, urls)
            }
        }
    }

    /// The organisation `id`, named where the content uses it (`path`).
    fn org(&mut self, id: &Id, path: &str) -> Organisation {
        let (url, urls) = match self.orgs.get(id) {
            Some(urls) => urls.clone(),
            None => {
                let known: Vec<&str> = self.orgs.keys().map(Id::as_str).collect();
                let hint = match nearest(id.as_str(), &known) {
                    Some(n) => format!(
                        "did you mean `{n}`? Organisations are listed under `organisations:` in {MAIN_FILE}"
                    ),
                    None => format!("add it under `organisations:` in {MAIN_FILE}"),
                };
                self.error_at(
                    path,
                    "unknown-reference",
                    format!("unknown organisation `{id}`"),
                    hint,
                );
                (None, BTreeMap::new())
            }
        };
        Organisation {
            id: id.clone(),
            name: MessageRef::new(prefixed("org", id)).located(self.loc(path)),
            url,
            urls,
        }
    }

    /// A day, a month, or a year with its period; a year alone is an error at
    /// `path`.
    fn moment(
        &mut self,
        when: RawWhen,
        period: Option<Period>,
        path: &str,
        period_key: &str,
    ) -> Moment {
        match Moment::new(when.year, when.date, period) {
            Ok(m) => m,
            Err(e) => {
                self.error_at(
                    path,
                    "date-needs-period",
                    e.replace("`period:`", &format!("`{period_key}:`")),
                    format!("a source that gives only a season says `{period_key}: spring` (for example) beside the year; do not invent a month"),
                );
                Moment::exact(Date {
                    year: when.year.unwrap_or(1970),
                    month: 1,
                    day: None,
                })
            }
        }
    }

    fn timeline_entry(&mut self, e: &RawEntry, path: &str) -> TimelineEntry {
        let date = self.moment(e.date, e.period, &format!("{path}.date"), "period");
        let when = MessageRef::new(fixed_id("timeline-when"))
            .with("date", Arg::Date(date.date))
            .with("period", Arg::Text(date.period_name().to_owned()))
            .with("year", Arg::Text(date.date.year.to_string()))
            .located(self.loc(&format!("{path}.date")));
        let mut text = MessageRef::new(e.id.clone())
            .with("date", Arg::Date(date.date))
            .located(self.loc(&format!("{path}.id")));
        let given = self.args(&e.args, &format!("{path}.args"));
        text.args.extend(given);
        TimelineEntry {
            id: e.id.clone(),
            date,
            when,
            text,
        }
    }

    fn project(&mut self, p: &RawProject, path: &str) -> Project {
        let mut name = MessageRef::new(p.id.clone()).located(self.loc(&format!("{path}.id")));
        name.args = self.args(&p.args, &format!("{path}.args"));
        Project {
            id: p.id.clone(),
            description: Some(name.attr("description")),
            name,
            partners: p
                .partners
                .iter()
                .enumerate()
                .map(|(k, o)| self.org(o, &format!("{path}.partners[{k}]")))
                .collect(),
        }
    }

    fn step(&mut self, s: &RawStep, path: &str) -> NextStep {
        let deadline = s.deadline.0;
        let mut title = MessageRef::new(s.id.clone())
            .with("deadline", Arg::Date(deadline))
            .located(self.loc(&format!("{path}.id")));
        let given = self.args(&s.args, &format!("{path}.args"));
        title.args.extend(given);
        NextStep {
            id: s.id.clone(),
            owner: self.org(&s.owner, &format!("{path}.owner")),
            deadline,
            status: s.status,
            status_text: MessageRef::new(prefixed("status", &fixed_id(s.status.as_str())))
                .located(self.loc(&format!("{path}.status"))),
            description: title.attr("description"),
            title,
            deadline_text: MessageRef::new(fixed_id("deadline"))
                .with("deadline", Arg::Date(deadline))
                .located(self.loc(&format!("{path}.deadline"))),
        }
    }
}

fn check_languages(raw: &RawMemorandum, cx: &mut Resolver<'_>) {
    if raw.languages.is_empty() {
        cx.error_at(
            "languages",
            "no-language",
            "the publication lists no language",
            "list at least one, e.g. `languages: [fr, nl]`",
        );
    }
    let mut seen = BTreeSet::new();
    for (k, lang) in raw.languages.iter().enumerate() {
        if !seen.insert(lang) {
            cx.error_at(
                &format!("languages[{k}]"),
                "duplicate-language",
                format!("language `{lang}` is listed twice"),
                "list each language once",
            );
        }
    }
    if let Some(pair) = &raw.bilingual {
        let listed = pair.iter().all(|l| raw.languages.contains(l));
        if pair.len() != 2 || pair[0] == pair[1] || !listed {
            cx.error_at(
                "bilingual",
                "bad-bilingual",
                "`bilingual` names two different languages of the publication, left column first",
                "e.g. `bilingual: [fr, nl]`, both listed under `languages:`",
            );
        }
    }
    // Each edition has a folder of its own: a language may not take the folder of
    // the bilingual edition or of the pseudo-locale.
    let pair = match &raw.bilingual {
        Some(p) if p.len() == 2 => Some((&p[0], &p[1])),
        _ => raw.languages.first().zip(raw.languages.get(1)),
    };
    let bilingual_folder = pair.map(|(l, r)| format!("{l}-{r}"));
    for (k, lang) in raw.languages.iter().enumerate() {
        let taken = if Some(lang.as_str()) == bilingual_folder.as_deref() {
            Some("the bilingual edition's folder")
        } else if [crate::model::PSEUDO, crate::model::PSEUDO_FOLDER].contains(&lang.as_str()) {
            Some("the pseudo-locale (`--pseudo`)")
        } else {
            None
        };
        if let Some(what) = taken {
            cx.error_at(
                &format!("languages[{k}]"),
                "edition-collision",
                format!(
                    "language `{lang}` would be written where {what} is: two editions on one path"
                ),
                "remove it from `languages:`, or give the language its own tag",
            );
        }
    }
    if !raw.languages.contains(&raw.reference_language) {
        cx.error_at(
            "reference-language",
            "bad-reference-language",
            format!(
                "the reference language `{}` is not one of the publication's languages",
                raw.reference_language
            ),
            "add it to `languages:` or pick one of them",
        );
    }
}

/// Section, entry and project ids become HTML anchors: they must be unique.
fn check_unique_ids(placed: &[Placed<'_>], cx: &mut Resolver<'_>) -> BTreeSet<Id> {
    let mut ids: Vec<(&Id, String)> = Vec::new();
    for p in placed {
        let s = p.raw;
        ids.push((&s.id, format!("{}.id", p.path)));
        for (bi, b) in s.blocks.iter().enumerate() {
            let at = format!("{}.blocks[{bi}]", p.path);
            match b {
                RawBlock::Timeline(entries) => ids.extend(
                    entries
                        .iter()
                        .enumerate()
                        .map(|(k, e)| (&e.id, format!("{at}.timeline[{k}].id"))),
                ),
                RawBlock::Projects(ps) => ids.extend(
                    ps.iter()
                        .enumerate()
                        .map(|(k, p)| (&p.id, format!("{at}.projects[{k}].id"))),
                ),
                _ => {}
            }
        }
    }
    let mut seen = BTreeSet::new();
    unique_ids(ids, &mut seen, cx);
    seen
}

/// Reports every id of `ids` (each with its path) already in `seen`, adding the
/// others, at the occurrence that repeats it.
fn unique_ids<'a>(
    ids: impl IntoIterator<Item = (&'a Id, String)>,
    seen: &mut BTreeSet<Id>,
    cx: &mut Resolver<'_>,
) {
    for (id, path) in ids {
        if !seen.insert(id.clone()) {
            cx.error_at(
                &path,
                "duplicate-id",
                format!(
                    "id `{id}` is used twice; section, timeline, project and step ids must be unique (they are the pages' anchors)"
                ),
                "rename one of them (and its messages in locales/)",
            );
        }
    }
}

/// A number as a reader would be shown it, before the language's separators.
fn shown_number(n: f64) -> String {
    format!("{}", crate::model::positive_zero(n))
}

/// Accepts only absolute http(s) addresses: anything else could run script in a page.
pub fn check_url(url: &str) -> Result<(), String> {
    let lower = url.to_ascii_lowercase();
    let ok = (lower.starts_with("https://") || lower.starts_with("http://"))
        && url.len() > "https://".len()
        && !url.chars().any(|c| {
            c.is_whitespace()
                || c.is_control()
                || crate::model::is_bidi_control(c)
                || c == '"'
                || c == '<'
                || c == '>'
        });
    if ok {
        Ok(())
    } else {
        Err(format!("`{url}` is not an http(s) address"))
    }
}

/// Parses a YAML file into `T`, turning the error into a located diagnostic.
fn parse_yaml<T: serde::de::DeserializeOwned>(
    file: &str,
    source: &str,
    spans: &Spans,
    loaded: &mut Loaded,
) -> Option<T> {
    if let Some(span) = spans.too_deep() {
        loaded.diagnostics.push(
            Diagnostic::error(
                "yaml-too-deep",
                format!(
                    "lists and mappings nest here more than {} levels deep",
                    super::yaml::MAX_DEPTH
                ),
            )
            .at(file, source, span)
            .hint("no content value nests that deep: look for unclosed or repeated `[` or `{`"),
        );
        return None;
    }
    if let Some(span) = spans.too_large() {
        loaded.diagnostics.push(
            Diagnostic::error(
                "yaml-too-large",
                format!(
                    "with its aliases expanded, this file holds more than {} values",
                    super::yaml::MAX_EXPANDED_VALUES
                ),
            )
            .at(file, source, span)
            .hint("aliases (`*name`) here repeat large parts many times over: write the values out, or use fewer aliases"),
        );
        return None;
    }
    match yaml_serde::from_str::<T>(source) {
        Ok(v) => Some(v),
        Err(e) => {
            loaded
                .diagnostics
                .push(yaml_diagnostic(file, source, spans, &e));
            None
        }
    }
}

/// The keys of which a block has exactly one.
const BLOCK_KINDS: [&str; 5] = ["paragraph", "list", "timeline", "projects", "table"];

fn yaml_diagnostic(file: &str, source: &str, spans: &Spans, e: &yaml_serde::Error) -> Diagnostic {
    let full = e.to_string();
    // The location is reported apart; keep the path (`sections[2].blocks[0]: …`).
    let message = match full.rfind(" at line ") {
        Some(i) => full[..i].to_owned(),
        None => full.clone(),
    };
    let (code, hint) = if let Some(field) = between(&message, "unknown field `", "`") {
        let expected = backticked(message.split_once("expected").map_or("", |(_, e)| e));
        let hint = match nearest(field, &expected) {
            Some(n) => format!("did you mean `{n}`?"),
            None => format!("valid keys here: {}", expected.join(", ")),
        };
        ("unknown-field", hint)
    } else if message.contains("missing field") {
        (
            "missing-field",
            "add the field; see docs/content.md for the schema".to_owned(),
        )
    } else if message.contains("invalid type") {
        (
            "wrong-type",
            "check the value's type against docs/content.md".to_owned(),
        )
    } else {
        ("yaml", "fix the value at this position".to_owned())
    };
    let d = Diagnostic::error(code, message.clone()).hint(hint);
    if message.contains("more than one document")
        && let Some(span) = spans.document(1)
    {
        return d
            .at(file, source, span)
            .hint("a content file holds one YAML document: remove the second `---` and what follows, or merge them");
    }
    match e.location() {
        // A missing field is reported at 1:1; point at the file only.
        Some(loc) if !(code == "missing-field" && loc.line() == 1 && loc.column() == 1) => {
            // A value refused by our own checks (an id, a date) is reported at the
            // start of its mapping; the message begins with the value's path
            // (`signatory.role: …`), so point at the value itself.
            // serde names the mapping or sequence that refused a value (none at
            // the top): the value is the one quoted, found in the span index.
            let (path, rest) = match message.split_once(": ") {
                Some((path, rest))
                    if path.chars().all(|c| {
                        c.is_ascii_alphanumeric() || matches!(c, '.' | '[' | ']' | '-' | '_')
                    }) =>
                {
                    (path, rest)
                }
                _ => ("", message.as_str()),
            };
            let quoted = backticked(rest).into_iter().next();
            // A sequence that refused one of its elements (a block with two
            // kinds): look in the element the parser was in, not the first.
            // serde reports the sequence; the element is the one whose keys do
            // not name exactly one kind.
            let element = (0..)
                .map_while(|i| spans.get(&format!("{path}[{i}]")).map(|_| i))
                .find(|i| {
                    BLOCK_KINDS
                        .iter()
                        .filter(|k| spans.get(&format!("{path}[{i}].{k}")).is_some())
                        .count()
                        != 1
                })
                .filter(|_| path.ends_with(".blocks"))
                .map(|i| format!("{path}[{i}]"));
            let within = element.as_deref().unwrap_or(path);
            let value = match quoted {
                // A key given twice: point at the repetition.
                Some(key) if rest.starts_with("duplicate field") => {
                    let key_path = if path.is_empty() {
                        key.to_owned()
                    } else {
                        format!("{path}.{key}")
                    };
                    spans.last_key(&key_path)
                }
                Some(quoted) => spans.find_under(source, within, quoted),
                None => None,
            }
            .or_else(|| element.as_deref().and_then(|e| spans.get(e)))
            .or_else(|| spans.get(path).filter(|_| !path.is_empty()));
            match value {
                Some(span) if code == "yaml" => d.at(file, source, span),
                _ => d.at_line_col(file, source, loc.line(), loc.column()),
            }
        }
        _ => d.in_file(file),
    }
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let len = text[from..].find(end)?;
    Some(&text[from..from + len])
}

fn backticked(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// The candidate closest to `word`, if any is close enough to be a likely typo.
pub fn nearest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// The first occurrence of `token` in `source` not inside a longer id.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_suggests_typos_only() {
        assert_eq!(
            nearest("langauges", &["id", "languages", "published"]),
            Some("languages")
        );
        assert_eq!(nearest("zzz", &["id", "languages"]), None);
    }

    #[test]
    fn urls_must_be_http() {
        assert!(check_url("https://cirb.brussels").is_ok());
        assert!(check_url("javascript:alert(1)").is_err());
        assert!(check_url("https://x\" onmouseover=\"y").is_err());
    }
}
