//! The publication as plain data: what the content files say, with no IO and no
//! template or translation types. Every sentence a reader sees is a [`MessageRef`]:
//! a Fluent message id plus the data the content supplies to it.

use std::collections::BTreeMap;
use std::fmt;

/// The pseudo-locale's language tag: `qps`, from the private-use range of BCP 47
/// (qaa–qtz), as Windows names its pseudo-locales, so that `lang` and `hreflang`
/// validate. Its editions go to the folder [`PSEUDO_FOLDER`].
pub const PSEUDO: &str = "qps";

/// The pseudo-locale's output folder.
pub const PSEUDO_FOLDER: &str = "pseudo";

/// An identifier from the content: `[a-z][a-z0-9-]*`. Ids double as Fluent message
/// ids and as HTML anchors, so they are restricted to what both accept.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Id(String);

impl Id {
    /// The longest id: ids become file names, anchors and message ids.
    pub const MAX_LEN: usize = 100;

    /// Checks `text` against the id alphabet; the error says what is wrong.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut chars = text.chars();
        match chars.next() {
            None => return Err("an id cannot be empty".into()),
            Some(c) if !c.is_ascii_lowercase() => {
                return Err(format!(
                    "id `{text}` must start with a lowercase letter a-z"
                ));
            }
            Some(_) => {}
        }
        if text.len() > Self::MAX_LEN {
            let start: String = text.chars().take(20).collect();
            return Err(format!(
                "id `{start}…` is {} characters long; ids have at most {} (they name files and anchors)",
                text.chars().count(),
                Self::MAX_LEN
            ));
        }
        if let Some(bad) = text
            .chars()
            .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
        {
            return Err(format!(
                "id `{text}` contains `{bad}`; ids use only a-z, 0-9 and `-`"
            ));
        }
        Ok(Self(text.to_owned()))
    }

    /// An id the tool derives from valid ids (`<section>-title`): not checked
    /// against [`Id::MAX_LEN`], which bounds what users type.
    pub fn derived(text: &str) -> Self {
        Self(text.to_owned())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A language code as listed in the content (`fr`, `nl`, `en`, `de-CH`…): the name of
/// a folder under `locales/` and of a folder under `output/`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Lang(String);

impl Lang {
    /// Accepts a BCP 47 language tag made of ASCII letters, digits and `-`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let ok = !text.is_empty()
            && text.len() <= 35
            && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && text.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
        let canonical = text
            .parse::<unic_langid::LanguageIdentifier>()
            .ok()
            .map(|l| l.to_string());
        if ok && canonical.as_deref() == Some(text) {
            Ok(Self(text.to_owned()))
        } else if let Some(canonical) = canonical.filter(|_| ok) {
            // Tags name folders, and folders are case-sensitive: one spelling only.
            Err(format!("`{text}` is written `{canonical}`"))
        } else {
            Err(format!(
                "`{text}` is not a language tag such as `fr`, `nl` or `fr-BE`"
            ))
        }
    }

    /// The tag as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A calendar date, or a month when the day is not known (`2018-05`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2019.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, when the date is that precise.
    pub day: Option<u8>,
}

// ---------------------------------------------------------------- text rules

/// `text` in Unicode Normalization Form C: an accent typed as a combining mark
/// (`e` + U+0301) becomes the one character `é`, which the fonts draw as one
/// glyph. Borrowed when the text already is (almost always).
pub fn nfc(text: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::{IsNormalized, is_nfc_quick};
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => std::borrow::Cow::Borrowed(text),
        _ => {
            let normal: String = text.nfc().collect();
            if normal == text {
                std::borrow::Cow::Borrowed(text)
            } else {
                std::borrow::Cow::Owned(normal)
            }
        }
    }
}

/// The bidirectional formatting characters that open a scope (embeddings,
/// overrides, isolates, and their terminators): U+202A–U+202E and
/// U+2066–U+2069. An override reverses what follows it in HTML and Markdown
/// ("Trojan Source"), and none of them can be balanced across the pieces a
/// page is made of. The marks U+200E, U+200F and U+061C have no scope and
/// change no order: right-to-left translations need them, so they pass.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The name of a bidirectional control character, for messages.
pub fn bidi_name(c: char) -> &'static str {
    match c {
        '\u{202a}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202b}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202c}' => "POP DIRECTIONAL FORMATTING",
        '\u{202d}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202e}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        _ => "bidirectional control",
    }
}

/// The sentence refusing bidirectional control `c`.
pub fn bidi_refusal(c: char) -> String {
    format!(
        "U+{:04X} {}, which would change the order in which the text after it is shown",
        u32::from(c),
        bidi_name(c)
    )
}

/// Whether `text` shows nothing: empty, or only spaces and invisible
/// characters (no-break and zero-width spaces, joiners, soft hyphens).
pub fn is_blank(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_whitespace()
            || matches!(
                c,
                '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{ad}' | '\u{34f}'
            )
    })
}

/// A number as written (`9007199254740993`, `0.1`, `-1.5e3`, `0x1F`, `0o17`),
/// compared with the value it was read as: `false` when the value differs, so
/// that a reader would be shown another number than the one written. `None`
/// when `literal` is not a number written in one of these forms.
pub fn number_is_exact(literal: &str, value: f64) -> Option<bool> {
    let text = literal.trim();
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    for (prefix, radix) in [("0x", 16), ("0o", 8)] {
        if let Some(digits) = unsigned.strip_prefix(prefix) {
            let n = u128::from_str_radix(digits, radix).ok()?;
            let written = if negative { -(n as f64) } else { n as f64 };
            // `as` saturates: a value past u128 compares unequal.
            return Some(written == value && (value.abs() as u128) == n);
        }
    }
    let written = Decimal::parse(unsigned)?;
    let shown = Decimal::parse(&format!("{:e}", value.abs()))?;
    let zero = written.digits.is_empty();
    Some(written == shown && (zero || negative == value.is_sign_negative()))
}

/// A decimal number reduced to its significant digits and the power of ten of
/// the last one: `1.50e2` and `150` are both `15 × 10^1`.
#[derive(Debug, PartialEq, Eq)]
struct Decimal {
    digits: String,
    exponent: i64,
}

impl Decimal {
    /// Reads `123`, `1.5`, `.5`, `1.`, `1.5e-3` (no sign).
    fn parse(text: &str) -> Option<Self> {
        let (mantissa, exponent) = match text.split_once(['e', 'E']) {
            Some((m, e)) => (m, e.strip_prefix('+').unwrap_or(e).parse::<i64>().ok()?),
            None => (text, 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        if (int.is_empty() && frac.is_empty())
            || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let all = format!("{int}{frac}");
        let mut exponent = exponent.checked_sub(i64::try_from(frac.len()).ok()?)?;
        let trimmed = all.trim_start_matches('0');
        let significant = trimmed.trim_end_matches('0');
        exponent += i64::try_from(trimmed.len() - significant.len()).ok()?;
        if significant.is_empty() {
            exponent = 0;
        }
        Some(Self {
            digits: significant.to_owned(),
            exponent,
        })
    }
}

/// `-0` read as `0`: a reader is never shown « -0 ».
pub fn positive_zero(n: f64) -> f64 {
    if n == 0.0 { 0.0 } else { n }
}

/// `SOURCE_DATE_EPOCH` (seconds since 1970), when it is set to a number: the time
/// reproducible builds stamp on what they write.
pub fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()
}

/// The last second `SOURCE_DATE_EPOCH` may name: 9999-12-31T23:59:59Z (dates are
/// written with four-digit years).
pub const MAX_SOURCE_DATE_EPOCH: i64 = 253_402_300_799;

/// Refuses a `SOURCE_DATE_EPOCH` that is set but is not a whole number of seconds
/// from 1970 to 9999: as the reproducible-builds specification asks, a malformed
/// value stops the build rather than being ignored. Empty counts as unset.
pub fn check_source_date_epoch() -> Result<(), String> {
    let Ok(value) = std::env::var("SOURCE_DATE_EPOCH") else {
        return Ok(());
    };
    let value = value.trim();
    match value.parse::<i64>() {
        _ if value.is_empty() => Ok(()),
        Ok(n) if (0..=MAX_SOURCE_DATE_EPOCH).contains(&n) => Ok(()),
        _ => Err(format!(
            "SOURCE_DATE_EPOCH={value}: not a number of seconds since 1970-01-01 (0 to {MAX_SOURCE_DATE_EPOCH}); unset it, or give the time of the last commit: `git log -1 --format=%ct`"
        )),
    }
}

impl Date {
    /// The UTC day of a Unix time in seconds (Howard Hinnant's days-to-civil).
    pub fn from_unix(secs: i64) -> Self {
        let z = secs.div_euclid(86_400) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        Self {
            year: i32::try_from(y).unwrap_or(i32::MAX),
            month: u8::try_from(m).unwrap_or(1),
            day: u8::try_from(d).ok(),
        }
    }

    /// The day of `SOURCE_DATE_EPOCH`, when it is set to a number.
    pub fn source_date_epoch() -> Option<Self> {
        source_date_epoch().map(Self::from_unix)
    }

    /// Whether `text` is shaped like a date (`2017-02`, `2017-2-30`, `2017-02-30`),
    /// right or wrong: such a text is meant as a date and must parse as one.
    pub fn looks_like(text: &str) -> bool {
        let parts: Vec<&str> = text.split('-').collect();
        (2..=3).contains(&parts.len())
            && parts[0].len() == 4
            && parts[1..].iter().all(|p| (1..=2).contains(&p.len()))
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
    }

    /// Parses `YYYY-MM-DD` or `YYYY-MM`, checking that the day exists.
    pub fn parse(text: &str) -> Result<Self, String> {
        let bad = || format!("`{text}` is not a date written YYYY-MM-DD (or YYYY-MM)");
        let parts: Vec<&str> = text.split('-').collect();
        if !(2..=3).contains(&parts.len())
            || parts[0].len() != 4
            || parts[1..].iter().any(|p| p.len() != 2)
            || !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(bad());
        }
        let year: i32 = parts[0].parse().map_err(|_| bad())?;
        let month: u8 = parts[1].parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) {
            return Err(format!("`{text}`: month {month} does not exist"));
        }
        let day = match parts.get(2) {
            None => None,
            Some(d) => {
                let day: u8 = d.parse().map_err(|_| bad())?;
                if day == 0 || day > days_in_month(year, month) {
                    return Err(format!("`{text}`: day {day} does not exist in that month"));
                }
                Some(day)
            }
        };
        Ok(Self { year, month, day })
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    /// ISO 8601: `2019-04-30` or `2018-05`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)?;
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

/// The part of a year a source names when it gives no month: a season, or the
/// start or end of the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Period {
    /// March to May.
    Spring,
    /// June to August.
    Summer,
    /// September to November.
    Autumn,
    /// December to February.
    Winter,
    /// The first months of the year.
    Start,
    /// The last months of the year.
    End,
}

impl Period {
    /// The name messages select on (`$period`).
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Spring => "spring",
            Period::Summer => "summer",
            Period::Autumn => "autumn",
            Period::Winter => "winter",
            Period::Start => "start",
            Period::End => "end",
        }
    }

    /// The period's first month, where a full date is needed (document metadata).
    pub fn first_month(self) -> u8 {
        match self {
            Period::Start => 1,
            Period::Spring => 3,
            Period::Summer => 6,
            Period::Autumn => 9,
            Period::End => 10,
            Period::Winter => 12,
        }
    }
}

/// When something happened, as precisely as the sources say: a day, a month, or
/// a period of a year (`spring 2018`, no month invented).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Moment {
    /// The day or month; for a period, its first month (for metadata only).
    pub date: Date,
    /// The period, when that is all the sources say.
    pub period: Option<Period>,
}

impl Moment {
    /// A day or a month, as it is.
    pub fn exact(date: Date) -> Self {
        Self { date, period: None }
    }

    /// `year` (a year alone) or `date`, with an optional period: a year alone
    /// needs one.
    pub fn new(
        year: Option<i32>,
        date: Option<Date>,
        period: Option<Period>,
    ) -> Result<Self, String> {
        match (year, date, period) {
            (_, Some(date), period) => Ok(Self { date, period }),
            (Some(year), None, Some(p)) => Ok(Self {
                date: Date {
                    year,
                    month: p.first_month(),
                    day: None,
                },
                period: Some(p),
            }),
            (Some(year), None, None) => Err(format!(
                "`{year}` is a year alone: say which part of it with `period:` (spring, summer, autumn, winter, start, end), or give the month (YYYY-MM)"
            )),
            (None, None, _) => Err("no date".into()),
        }
    }

    /// `$period` for messages: the period's name, or `none`.
    pub fn period_name(&self) -> &'static str {
        self.period.map_or("none", Period::as_str)
    }
}

impl fmt::Display for Moment {
    /// What HTML's `datetime` says: the year for a period (`2018`), else the
    /// month or the day.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.period {
            Some(_) => write!(f, "{:04}", self.date.year),
            None => self.date.fmt(f),
        }
    }
}

impl serde::Serialize for Moment {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A value the content hands to a message as a Fluent variable.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum Arg {
    /// A number (`$count`), formatted and pluralised for the locale.
    Number(f64),
    /// A date (`$deadline`), formatted for the locale by `DATETIME`.
    Date(Date),
    /// Plain text from the content (a person's name, a code). Never Markdown.
    Text(String),
}

impl Arg {
    /// A text given as a variable (in the content's `args:` or a template's `t`
    /// call): a date when it is shaped like one (`2017-02`, `2019-04-30`), which
    /// must then exist; else text. One rule for content and templates.
    pub fn from_text(text: &str) -> Result<Self, String> {
        if Date::looks_like(text) {
            Date::parse(text).map(Arg::Date)
        } else {
            Ok(Arg::Text(text.to_owned()))
        }
    }
}

/// A sentence of the publication: a message id, optionally one of its attributes,
/// and the variables the content supplies.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MessageRef {
    /// The Fluent message id.
    pub id: Id,
    /// The attribute (`.description`), or `None` for the message's value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attr: Option<String>,
    /// The variables, sorted by name.
    pub args: BTreeMap<String, Arg>,
    /// Where the content uses it (the value naming the message), to quote in a
    /// diagnostic; `None` for the messages the tool adds.
    #[serde(skip)]
    pub at: Option<crate::diagnostics::Loc>,
}

impl MessageRef {
    /// A message with no variables.
    pub fn new(id: Id) -> Self {
        Self {
            id,
            attr: None,
            args: BTreeMap::new(),
            at: None,
        }
    }

    /// The same message, used at `at`.
    pub fn located(mut self, at: Option<crate::diagnostics::Loc>) -> Self {
        self.at = at;
        self
    }

    /// The same message's attribute `attr`.
    pub fn attr(&self, attr: &str) -> Self {
        Self {
            attr: Some(attr.to_owned()),
            ..self.clone()
        }
    }

    /// Adds a variable.
    pub fn with(mut self, name: &str, arg: Arg) -> Self {
        self.args.insert(name.to_owned(), arg);
        self
    }
}

/// The whole publication.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Publication {
    /// Stable id, the stem of every output file and the `translationKey`.
    pub id: Id,
    /// The languages of the editions, in the order the content lists them.
    pub languages: Vec<Lang>,
    /// Where the content lists each language (by position in `languages`),
    /// for diagnostics about a language.
    #[serde(skip)]
    pub languages_at: Vec<Option<crate::diagnostics::Loc>>,
    /// The language translations are made from.
    pub reference_language: Lang,
    /// The two languages of the bilingual edition, left column first: those the
    /// content names, else the first two listed; none with a single language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bilingual: Option<(Lang, Lang)>,
    /// When the publication appeared: a day, a month or a period (serialized as
    /// HTML's `datetime`: `2019-04-30`, `2019-04`, `2019`).
    pub published: Moment,
    /// `$period` of the publication date (`spring`, or `none`), for `published-on`.
    pub published_period: &'static str,
    /// `$year` of the publication date, for `published-on`.
    pub published_year: String,
    /// The country or region subtag for full language tags (`BE` → `fr-BE`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The publishing organisation.
    pub publisher: Organisation,
    /// Who signs the memorandum.
    pub signatory: Signatory,
    /// The title (`publication-title`) and summary (`publication-description`).
    pub title: MessageRef,
    /// A one-sentence summary, used for `<meta name=description>` and front matter.
    pub description: MessageRef,
    /// The body, then the annexes, in reading order: every section and
    /// sub-section, each with its level.
    pub sections: Vec<Section>,
    /// The table of contents: the body's sections, nested to the content's
    /// `contents-depth`.
    pub contents: Vec<ContentsEntry>,
    /// The annexes' entries of the contents, after the body's.
    pub annex_contents: Vec<ContentsEntry>,
    /// Whether the PDF prints each outside link's address after its text:
    /// paper has no links.
    pub printed_links: bool,
    /// What a Belgian public document prints at its end: who is responsible
    /// for it, its legal deposit number, a contact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub colophon: Option<Colophon>,
}

/// The colophon. Each line is a label (a message ending with its colon, so
/// that each language sets its own: « Éditeur responsable : », "Verantwoordelijke
/// uitgever:") and a value.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Colophon {
    /// The responsible publisher (« éditeur responsable »), a person's name,
    /// the same in every language.
    pub publisher: String,
    /// Its label: the message `colophon-publisher`.
    pub publisher_label: MessageRef,
    /// The responsible publisher's address, a message (Brussels addresses
    /// differ by language: « Avenue des Arts », "Kunstlaan").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<MessageRef>,
    /// The legal deposit number, `D/2019/1234/5`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deposit: Option<String>,
    /// Its label: the message `colophon-deposit`.
    pub deposit_label: MessageRef,
    /// A contact: the link (`mailto:…` or `https://…`) and the text shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    /// Its label: the message `colophon-contact`.
    pub contact_label: MessageRef,
    /// The publication date's line: the message `published-on`.
    pub published: MessageRef,
}

/// A way to reach the publisher.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Contact {
    /// The link: `mailto:address` or an http(s) address.
    pub href: String,
    /// What a reader sees: the e-mail address, or the web address.
    pub text: String,
}

/// An organisation; its name is the message `org-<id>`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Organisation {
    /// The organisation's id.
    pub id: Id,
    /// Its name in the reader's language.
    pub name: MessageRef,
    /// Its website, for languages without an address of their own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Its website in each of the publication's languages (`urls[lang]`), when
    /// it has one: the Dutch editions link to the Dutch site.
    pub urls: std::collections::BTreeMap<String, String>,
}

/// The person who signs.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Signatory {
    /// A proper name, the same in every language.
    pub name: String,
    /// The function, as the message `role-<id>`.
    pub role: MessageRef,
}

/// A titled part of the publication; its heading is the message `<id>-title`.
/// Sub-sections and annexes are sections too: [`Publication::sections`] holds
/// them all in reading order, each with its level.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Section {
    /// The anchor.
    pub id: Id,
    /// The heading.
    pub title: MessageRef,
    /// 1 for a section of the body or an annex, 2 for a sub-section, 3 below.
    pub level: u8,
    /// Its number as a reader sees it before the title (`1`, `1.2`, `A`,
    /// `A.1`), or empty when the content numbers no such section.
    pub number: String,
    /// An annex's label, the message `annex-label` with `$letter` (« Annexe
    /// A »), shown instead of the number; only on an annex's heading.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<MessageRef>,
    /// In an annex (the annex itself or one of its sub-sections).
    pub annex: bool,
    /// The first annex: the signature comes before it, after the body.
    pub first_annex: bool,
    /// Listed in the table of contents (its level is within the content's
    /// `contents-depth`).
    pub in_contents: bool,
    /// The last of a top-level section's parts (itself, or its last
    /// sub-section): where that section ends.
    pub closes: bool,
    /// How many sections end after this one's blocks: itself, unless a
    /// sub-section follows, and its parents that end with it (the web page
    /// nests a sub-section's `<section>` in its parent's).
    pub ends: u8,
    /// The body.
    pub blocks: Vec<Block>,
}

/// An entry of the table of contents: a section and the entries of its
/// sub-sections within the contents' depth.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ContentsEntry {
    /// The section's anchor.
    pub id: Id,
    /// Its heading.
    pub title: MessageRef,
    /// Its number, or empty.
    pub number: String,
    /// An annex's label (« Annexe A »), shown instead of the number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<MessageRef>,
    /// Its level (1, 2, 3).
    pub level: u8,
    /// The entries one level down.
    pub children: Vec<ContentsEntry>,
}

/// The deepest level of sub-sections: sections, sub-sections and one more.
pub const MAX_SECTION_LEVEL: u8 = 3;

/// One piece of a section's body.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Block {
    /// A paragraph.
    Paragraph {
        /// The text.
        text: MessageRef,
    },
    /// A bulleted list.
    List {
        /// The items, in order.
        items: Vec<MessageRef>,
    },
    /// A dated sequence of events.
    Timeline {
        /// The events, in order.
        entries: Vec<TimelineEntry>,
    },
    /// A list of projects with their partners.
    Projects {
        /// The projects, in order.
        projects: Vec<Project>,
    },
    /// The table of next steps.
    NextSteps {
        /// The steps, in order.
        steps: Vec<NextStep>,
    },
    /// A quotation set apart, with who said it.
    Quote {
        /// The words quoted (the message's value).
        text: MessageRef,
        /// Who said them, the message's `.by` (« Céline Vanderborght, Smart
        /// City Manager »); none when the reference language gives no `.by`.
        #[serde(skip_serializing_if = "Option::is_none")]
        by: Option<MessageRef>,
    },
}

/// An event in the timeline.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TimelineEntry {
    /// The anchor and message id.
    pub id: Id,
    /// When it happened: a day, a month, or a period of a year (serialized as
    /// HTML's `datetime`: `2018-05`, or `2018` for spring 2018).
    pub date: Moment,
    /// The date as a reader sees it: the message `timeline-when`.
    pub when: MessageRef,
    /// What happened.
    pub text: MessageRef,
}

/// A regional project.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Project {
    /// The anchor and message id.
    pub id: Id,
    /// The project's name (the message's value).
    pub name: MessageRef,
    /// What it does (the message's `.description`); `None` when the reference
    /// language gives the project no description, so no edition shows one.
    pub description: Option<MessageRef>,
    /// Organisations carrying it.
    pub partners: Vec<Organisation>,
}

/// Where a next step stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Not started.
    Planned,
    /// Under way.
    InProgress,
    /// Finished.
    Done,
}

impl Status {
    /// The status's id, also the suffix of its message `status-<id>`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::InProgress => "in-progress",
            Status::Done => "done",
        }
    }
}

/// A commitment with an owner and a deadline.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NextStep {
    /// The anchor and message id.
    pub id: Id,
    /// Who carries it.
    pub owner: Organisation,
    /// When it is due.
    pub deadline: Date,
    /// Where it stands.
    pub status: Status,
    /// Its status, as the message `status-<status>`.
    pub status_text: MessageRef,
    /// The step's title (the message's value).
    pub title: MessageRef,
    /// The commitment in full (the message's `.description`).
    pub description: MessageRef,
    /// The deadline as a reader sees it: the message `deadline`.
    pub deadline_text: MessageRef,
}

impl Publication {
    /// Drops the project descriptions for which `given` is false (the reference
    /// language does not have them): a description is optional.
    pub fn drop_absent_descriptions(&mut self, given: impl Fn(&MessageRef) -> bool) {
        for section in &mut self.sections {
            for block in &mut section.blocks {
                match block {
                    Block::Projects { projects } => {
                        for p in projects {
                            if p.description.as_ref().is_some_and(|d| !given(d)) {
                                p.description = None;
                            }
                        }
                    }
                    // A quotation's attribution too.
                    Block::Quote { by, .. } if by.as_ref().is_some_and(|b| !given(b)) => {
                        *by = None;
                    }
                    _ => {}
                }
            }
        }
    }

    /// The ids that become anchors in the pages (sections, timeline entries,
    /// projects, steps), each with the message that names it where it is used.
    pub fn anchors(&self) -> Vec<(&str, &MessageRef)> {
        let mut out = Vec::new();
        for section in &self.sections {
            out.push((section.id.as_str(), &section.title));
            for block in &section.blocks {
                match block {
                    Block::Timeline { entries } => {
                        out.extend(entries.iter().map(|e| (e.id.as_str(), &e.text)));
                    }
                    Block::Projects { projects } => {
                        out.extend(projects.iter().map(|p| (p.id.as_str(), &p.name)));
                    }
                    Block::NextSteps { steps } => {
                        out.extend(steps.iter().map(|s| (s.id.as_str(), &s.title)));
                    }
                    Block::Paragraph { .. } | Block::List { .. } | Block::Quote { .. } => {}
                }
            }
        }
        out
    }

    /// Every message the content uses, in document order, each with the variables it
    /// is given. Checks and non-template backends walk this list.
    pub fn messages(&self) -> Vec<&MessageRef> {
        let mut out = vec![&self.title, &self.description, &self.publisher.name];
        out.push(&self.signatory.role);
        if let Some(c) = &self.colophon {
            out.push(&c.publisher_label);
            out.extend(&c.address);
            if c.deposit.is_some() {
                out.push(&c.deposit_label);
            }
            if c.contact.is_some() {
                out.push(&c.contact_label);
            }
        }
        for section in &self.sections {
            out.extend(&section.label);
            out.push(&section.title);
            for block in &section.blocks {
                match block {
                    Block::Paragraph { text } => out.push(text),
                    Block::Quote { text, by } => {
                        out.push(text);
                        out.extend(by);
                    }
                    Block::List { items } => out.extend(items),
                    Block::Timeline { entries } => {
                        for e in entries {
                            out.push(&e.when);
                            out.push(&e.text);
                        }
                    }
                    Block::Projects { projects } => {
                        for p in projects {
                            out.push(&p.name);
                            out.extend(&p.description);
                            out.extend(p.partners.iter().map(|o| &o.name));
                        }
                    }
                    Block::NextSteps { steps } => {
                        for s in steps {
                            out.push(&s.title);
                            out.push(&s.description);
                            out.push(&s.owner.name);
                            out.push(&s.status_text);
                            out.push(&s.deadline_text);
                        }
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_restricted() {
        assert!(Id::parse("step-kpi-2").is_ok());
        assert!(Id::parse("Step").unwrap_err().contains("lowercase"));
        assert!(Id::parse("step_kpi").unwrap_err().contains("`_`"));
        assert!(Id::parse("2nd").is_err());
        assert!(Id::parse("").is_err());
    }

    #[test]
    fn dates_are_checked() {
        assert_eq!(Date::parse("2019-04-30").unwrap().to_string(), "2019-04-30");
        assert_eq!(Date::parse("2018-05").unwrap().day, None);
        assert!(Date::parse("2019-02-29").is_err());
        assert!(Date::parse("2020-02-29").is_ok());
        assert!(Date::parse("2019-13-01").is_err());
        assert!(Date::parse("30/04/2019").is_err());
    }

    #[test]
    fn numbers_read_exactly_or_not() {
        let exact = |text: &str, value: f64| number_is_exact(text, value);
        assert_eq!(exact("6", 6.0), Some(true));
        assert_eq!(exact("0.1", 0.1), Some(true));
        assert_eq!(exact("1.50", 1.5), Some(true));
        assert_eq!(exact("-1.5e3", -1500.0), Some(true));
        assert_eq!(exact(".5", 0.5), Some(true));
        assert_eq!(
            exact("9007199254740992", 9_007_199_254_740_992.0),
            Some(true)
        );
        assert_eq!(
            exact("9007199254740993", 9_007_199_254_740_992.0),
            Some(false)
        );
        assert_eq!(exact("99999999999999999999", 1e20), Some(false));
        assert_eq!(exact("0.30000000000000000444", 0.3), Some(false));
        assert_eq!(
            exact("0x20000000000001", 9_007_199_254_740_992.0),
            Some(false)
        );
        assert_eq!(exact("0x1F", 31.0), Some(true));
        assert_eq!(exact("-0.0", 0.0), Some(true));
        assert_eq!(exact("0", -0.0), Some(true));
        assert_eq!(exact("abc", 1.0), None);
        assert_eq!(positive_zero(-0.0).to_string(), "0");
    }

    #[test]
    fn text_rules() {
        assert_eq!(nfc("de\u{301}marche"), "d\u{e9}marche");
        assert!(matches!(nfc("démarche"), std::borrow::Cow::Borrowed(_)));
        assert!(is_bidi_control('\u{202e}') && is_bidi_control('\u{2066}'));
        assert!(!is_bidi_control('\u{200f}') && !is_bidi_control('a'));
        assert!(is_blank("") && is_blank(" \u{a0}\u{200b}\t"));
        assert!(!is_blank(" x "));
    }

    #[test]
    fn languages_are_tags() {
        assert!(Lang::parse("fr").is_ok());
        assert!(Lang::parse("fr-BE").is_ok());
        assert!(Lang::parse("../etc").is_err());
        assert!(Lang::parse("").is_err());
    }
}
