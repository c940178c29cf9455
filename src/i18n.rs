//! Fluent bundles (one per language, built once, shareable across threads), the
//! locale-aware `NUMBER` and `DATETIME` functions backed by CLDR data from icu4x,
//! and the tera function `t` that templates call for every sentence.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::memoizer::MemoizerKind;
use fluent_bundle::types::{FluentNumber, FluentNumberOptions, FluentType};
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use intl_memoizer::Memoizable;
use unic_langid::LanguageIdentifier;

use crate::load::Locales;
use crate::markup::{self as inline, Inline};
use crate::model::{Arg, Date, Lang, MessageRef};

type Bundle = FluentBundle<Arc<FluentResource>>;

/// Why a message could not be formatted: a diagnostic code and a sentence naming
/// the message, its language and where it is defined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    /// `message-format` (Fluent could not resolve it: a function refused its
    /// argument, a variable is missing, a reference is cyclic) or `message-markup`.
    pub code: &'static str,
    /// What went wrong.
    pub message: String,
}

impl FormatError {
    fn format(message: String) -> Self {
        Self {
            code: "message-format",
            message,
        }
    }
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<FormatError> for String {
    fn from(e: FormatError) -> Self {
        e.message
    }
}

thread_local! {
    /// What `DATETIME` and `NUMBER` refused during the current `format_pattern` on
    /// this thread: Fluent functions cannot report errors themselves, and a value
    /// they cannot make would otherwise be printed as `DATETIME()`.
    static FUNCTION_ERRORS: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The messages read while one output is rendered, each as `(language, id)`:
/// what `watch` compares to know which outputs an edit reaches.
pub type Uses = Arc<std::sync::Mutex<std::collections::BTreeSet<(Lang, String)>>>;

thread_local! {
    /// Where this thread records the messages it reads, while an output that
    /// `watch` tracks is rendered.
    static RECORDING: std::cell::RefCell<Option<Uses>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` with the messages it reads on this thread recorded into `uses`
/// (nothing recorded with `None`); the recording in place before is restored.
/// Work `f` hands to other threads records only if it calls this again there,
/// with [`recording_now`].
pub fn recording<T>(uses: Option<Uses>, f: impl FnOnce() -> T) -> T {
    struct Restore(Option<Uses>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let before = self.0.take();
            RECORDING.with(|r| *r.borrow_mut() = before);
        }
    }
    let before = RECORDING.with(|r| std::mem::replace(&mut *r.borrow_mut(), uses));
    let _restore = Restore(before);
    f()
}

/// The recording in place on this thread, to carry into parallel work.
pub fn recording_now() -> Option<Uses> {
    RECORDING.with(|r| r.borrow().clone())
}

/// The use recorded for a language's hyphenation exceptions, which the PDF reads
/// beside its messages.
pub const HYPHENATION_USE: &str = "(hyphenation)";

/// The messages recorded in `uses`, sorted.
pub fn uses_of(uses: &Uses) -> Vec<(Lang, String)> {
    uses.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .iter()
        .cloned()
        .collect()
}

/// Records every message of `uses` as read, if this thread records.
pub fn record_all(uses: &Uses) {
    let read = uses_of(uses);
    RECORDING.with(|r| {
        if let Some(to) = &*r.borrow() {
            to.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .extend(read);
        }
    });
}

/// Records that `id` of `lang` is read, if this thread records.
pub fn record_use(lang: &Lang, id: &str) {
    RECORDING.with(|r| {
        if let Some(uses) = &*r.borrow() {
            uses.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert((lang.clone(), id.to_owned()));
        }
    });
}

/// Records why a function refused its arguments; Fluent then shows an error value.
fn refuse<'a>(why: String) -> FluentValue<'a> {
    FUNCTION_ERRORS.with(|e| e.borrow_mut().push(why));
    FluentValue::Error
}

/// A value as a function's argument is described in an error.
fn describe_value(v: &FluentValue<'_>) -> String {
    match v {
        FluentValue::String(s) => format!("the text `{s}`"),
        FluentValue::Number(n) => format!("the number {}", n.value),
        FluentValue::Custom(_) => "a date".to_owned(),
        FluentValue::None | FluentValue::Error => "nothing".to_owned(),
    }
}

use crate::model::PSEUDO;

/// Accents and lengthens text, leaving Markdown link targets intact.
fn pseudo_transform(text: &str) -> Cow<'_, str> {
    let mut out = String::with_capacity(text.len() * 2);
    let mut rest = text;
    while let Some(i) = rest.find("](") {
        let (before, after) = rest.split_at(i);
        out.push_str(&fluent_pseudo::transform(before, false, true));
        let end = after.find(')').map_or(after.len(), |e| e + 1);
        out.push_str(&after[..end]);
        rest = &after[end..];
    }
    out.push_str(&fluent_pseudo::transform(rest, false, true));
    Cow::Owned(out)
}

/// What to show for a message a language lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Missing {
    /// Nothing: a missing message is an error and nothing is written.
    #[default]
    Error,
    /// The message id, marked.
    Warn,
    /// The reference language's text, marked.
    Fallback,
}

/// Formats messages in every language of the publication.
pub struct Localizer {
    bundles: BTreeMap<Lang, Bundle>,
    locales: Locales,
    missing: Missing,
    reference: Option<Lang>,
}

impl std::fmt::Debug for Localizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Localizer")
            .field("languages", &self.bundles.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Localizer {
    /// Builds one bundle per language from the parsed files. Problems in the files
    /// (syntax, duplicates) were reported when they were loaded.
    pub fn new(locales: &Locales) -> Self {
        let mut bundles = BTreeMap::new();
        for (lang, files) in &locales.by_lang {
            let langid: LanguageIdentifier = lang.as_str().parse().unwrap_or_default();
            let mut bundle = Bundle::new_concurrent(vec![langid]);
            bundle.set_use_isolating(false);
            bundle.set_formatter(Some(format_number));
            // Both names are free in a new bundle: registering cannot fail.
            let _ = bundle.add_function("NUMBER", number_function);
            let _ = bundle.add_function("DATETIME", datetime_function);
            for (_, resource) in &files.resources {
                // Duplicates were already reported with their locations.
                let _ = bundle.add_resource(resource.clone());
            }
            bundles.insert(lang.clone(), bundle);
        }
        Self {
            bundles,
            locales: locales.clone(),
            missing: Missing::Error,
            reference: None,
        }
    }

    /// Shows messages missing in a language as `missing` says, with the text of
    /// `reference` for [`Missing::Fallback`].
    pub fn with_missing(mut self, missing: Missing, reference: Lang) -> Self {
        self.missing = missing;
        self.reference = Some(reference);
        self
    }

    /// Adds the pseudo-locale [`PSEUDO`]: the reference language's messages,
    /// accented and about 30 % longer, to test layouts against long translations
    /// and to show hard-coded sentences at once.
    pub fn with_pseudo(mut self, reference: &Lang) -> Self {
        let Some(files) = self.locales.by_lang.get(reference) else {
            return self;
        };
        let Ok(lang) = Lang::parse(PSEUDO) else {
            return self;
        };
        let langid: LanguageIdentifier = PSEUDO.parse().unwrap_or_default();
        let mut bundle = Bundle::new_concurrent(vec![langid]);
        bundle.set_use_isolating(false);
        bundle.set_formatter(Some(format_number));
        bundle.set_transform(Some(pseudo_transform));
        let _ = bundle.add_function("NUMBER", number_function);
        let _ = bundle.add_function("DATETIME", datetime_function);
        for (_, resource) in &files.resources {
            let _ = bundle.add_resource(resource.clone());
        }
        self.bundles.insert(lang, bundle);
        self
    }

    /// What is shown for a missing message.
    pub fn missing(&self) -> Missing {
        self.missing
    }

    /// Whether `lang` has the message (or its attribute).
    pub fn has(&self, lang: &Lang, id: &str, attr: Option<&str>) -> bool {
        record_use(lang, id);
        self.bundles
            .get(lang)
            .and_then(|b| b.get_message(id))
            .is_some_and(|m| match attr {
                None => m.value().is_some(),
                Some(a) => m.get_attribute(a).is_some(),
            })
    }

    /// The parsed translation files.
    pub fn locales(&self) -> &Locales {
        &self.locales
    }

    /// Formats a message with its variables and parses its inline Markdown. The error
    /// names the message, the language and where the message is defined.
    pub fn format(
        &self,
        lang: &Lang,
        id: &str,
        attr: Option<&str>,
        args: &BTreeMap<String, Arg>,
    ) -> Result<Vec<Inline>, FormatError> {
        if self.missing != Missing::Error && !self.has(lang, id, attr) {
            let shown = attr.map_or(id.to_owned(), |a| format!("{id}.{a}"));
            return match (self.missing, &self.reference) {
                (Missing::Fallback, Some(reference))
                    if reference != lang && self.has(reference, id, attr) =>
                {
                    Ok(vec![Inline::Untranslated {
                        lang: Some(reference.to_string()),
                        children: self.format(reference, id, attr, args)?,
                    }])
                }
                _ => Ok(vec![Inline::Untranslated {
                    lang: None,
                    children: vec![Inline::Text(shown)],
                }]),
            };
        }
        let text = self.format_text(lang, id, attr, args)?;
        inline::parse(&text).map_err(|e| FormatError {
            code: "message-markup",
            message: format!("{}: {e}", self.describe(lang, id, attr)),
        })
    }

    /// Formats a model message.
    pub fn message(&self, lang: &Lang, m: &MessageRef) -> Result<Vec<Inline>, FormatError> {
        self.format(lang, m.id.as_str(), m.attr.as_deref(), &m.args)
    }

    /// Formats a message to a string, before Markdown parsing.
    pub fn format_text(
        &self,
        lang: &Lang,
        id: &str,
        attr: Option<&str>,
        args: &BTreeMap<String, Arg>,
    ) -> Result<String, FormatError> {
        record_use(lang, id);
        let shown = || self.describe(lang, id, attr);
        let bundle = self.bundles.get(lang).ok_or_else(|| {
            FormatError::format(format!("no translations are loaded for `{lang}`"))
        })?;
        let message = bundle
            .get_message(id)
            .ok_or_else(|| FormatError::format(format!("{} is missing", shown())))?;
        let pattern = match attr {
            None => message.value(),
            Some(a) => message.get_attribute(a).map(|a| a.value()),
        }
        .ok_or_else(|| FormatError::format(format!("{} is missing", shown())))?;
        let mut fluent_args = FluentArgs::new();
        for (name, arg) in args {
            fluent_args.set(name.clone(), arg_value(arg));
        }
        let mut errors = Vec::new();
        FUNCTION_ERRORS.with(|e| e.borrow_mut().clear());
        let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        let refused = FUNCTION_ERRORS.with(|e| std::mem::take(&mut *e.borrow_mut()));
        let first = refused
            .into_iter()
            .next()
            .or_else(|| errors.first().map(ToString::to_string));
        if let Some(e) = first {
            let supplied: Vec<String> = args.keys().map(|k| format!("${k}")).collect();
            let supplied = if supplied.is_empty() {
                "none".to_owned()
            } else {
                supplied.join(", ")
            };
            return Err(FormatError::format(format!(
                "{}: {e} (variables supplied: {supplied})",
                shown()
            )));
        }
        if text.len() > crate::load::locales::MAX_MESSAGE_BYTES {
            // The messages' own text was bounded at load: the content's values
            // made it this long.
            return Err(FormatError {
                code: "message-too-long",
                message: format!(
                    "{}: formatted with the content's values it is {:.1} MiB long; a message may have at most {} MiB",
                    shown(),
                    text.len() as f64 / f64::from(1 << 20),
                    crate::load::locales::MAX_MESSAGE_BYTES >> 20
                ),
            });
        }
        if let Some(c) = text
            .chars()
            .find(|c| c.is_control() && !matches!(c, '\n' | '\t'))
        {
            return Err(FormatError::format(format!(
                "{}: contains the control character U+{:04X}, which no edition can show",
                shown(),
                u32::from(c)
            )));
        }
        // An escape (`{ "\u202E" }`) or a variable can bring what the files,
        // checked when read, do not hold.
        if let Some(c) = text.chars().find(|c| crate::model::is_bidi_control(*c)) {
            return Err(FormatError::format(format!(
                "{}: contains {}",
                shown(),
                crate::model::bidi_refusal(c)
            )));
        }
        // The pieces of a message (its text, escapes, variables) are each in
        // one spelling; joined, a combining mark may follow a letter.
        Ok(crate::model::nfc(&text).into_owned())
    }

    /// `message `id` (nl, locales/nl/x.ftl:3:1)`.
    pub fn describe(&self, lang: &Lang, id: &str, attr: Option<&str>) -> String {
        let shown = attr.map_or(id.to_owned(), |a| format!("{id}.{a}"));
        let place = self
            .locales
            .by_lang
            .get(lang)
            .and_then(|f| f.messages.get(id))
            .map(|e| {
                let (line, col) = f_line_col(&self.locales, lang, &e.loc);
                format!(", {}:{line}:{col}", e.loc.file)
            })
            .unwrap_or_default();
        format!("message `{shown}` ({lang}{place})")
    }
}

fn f_line_col(locales: &Locales, lang: &Lang, loc: &crate::load::locales::Loc) -> (usize, usize) {
    locales
        .by_lang
        .get(lang)
        .and_then(|f| f.resources.iter().find(|(file, _)| *file == loc.file))
        .map_or((0, 0), |(_, r)| {
            crate::diagnostics::line_col(r.source(), loc.span.start)
        })
}

/// A content value as a Fluent variable. Text is escaped so that content data can
/// never add Markdown (links, emphasis) to a message.
fn arg_value(arg: &Arg) -> FluentValue<'static> {
    match arg {
        Arg::Number(n) => {
            FluentValue::Number(FluentNumber::new(*n, FluentNumberOptions::default()))
        }
        Arg::Date(d) => FluentValue::Custom(Box::new(DateValue {
            date: *d,
            length: DateLength::Long,
        })),
        Arg::Text(t) => FluentValue::String(Cow::Owned(inline::escape_markdown(t))),
    }
}

// ---------------------------------------------------------------- locale data

/// How `lang` is written: `rtl` for a language whose script runs right to
/// left (Arabic, Hebrew, Persian, Urdu…, from CLDR's likely scripts, or the
/// tag's own script: `az-Arab`), else `ltr`.
pub fn direction(lang: &Lang) -> &'static str {
    static DIRECTIONALITY: std::sync::OnceLock<icu_locale::LocaleDirectionality> =
        std::sync::OnceLock::new();
    let Ok(id) = icu_locale::LanguageIdentifier::try_from_str(lang.as_str()) else {
        return "ltr";
    };
    let rtl = DIRECTIONALITY
        .get_or_init(icu_locale::LocaleDirectionality::new_extended)
        .is_right_to_left(&id);
    if rtl { "rtl" } else { "ltr" }
}

/// When CLDR (icu4x's compiled data) has no date names for `lang`, the date
/// 26 January 2017 as it is then written (`2017 M01 26`, the root locale's
/// pattern): `DATETIME` and `NUMBER` fall back to the root locale there.
/// `None` when the language has its own.
pub fn locale_fallback(lang: &Lang) -> Option<String> {
    let long_date = |tag: &str| -> Option<String> {
        let locale = icu_locale::Locale::try_from_str(tag).ok()?;
        let prefs = icu_datetime::DateTimeFormatterPreferences::from(locale);
        let format =
            icu_datetime::DateTimeFormatter::try_new(prefs, icu_datetime::fieldsets::YMD::long())
                .ok()?;
        let date = icu_calendar::Date::try_new_iso(2017, 1, 26).ok()?;
        Some(format.format(&date).to_string())
    };
    let root = long_date("und")?;
    match long_date(lang.as_str()) {
        Some(own) if own != root => None,
        _ => Some(root),
    }
}

// ---------------------------------------------------------------- numbers

/// icu4x's decimal formatter for one language, memoized by the bundle.
struct NumberFormat(icu_decimal::DecimalFormatter);

impl Memoizable for NumberFormat {
    type Args = ();
    type Error = String;
    fn construct(lang: LanguageIdentifier, _: ()) -> Result<Self, String> {
        let locale =
            icu_locale::Locale::try_from_str(&lang.to_string()).map_err(|e| e.to_string())?;
        icu_decimal::DecimalFormatter::try_new(locale.into(), Default::default())
            .map(NumberFormat)
            .map_err(|e| e.to_string())
    }
}

/// Formats numbers with the locale's separators; other values keep Fluent's default.
fn format_number(
    value: &FluentValue<'_>,
    intls: &intl_memoizer::concurrent::IntlLangMemoizer,
) -> Option<String> {
    let FluentValue::Number(n) = value else {
        return None;
    };
    let decimal = to_decimal(n)?;
    intls
        .with_try_get_threadsafe::<NumberFormat, _, _>((), |f| f.0.format(&decimal).to_string())
        .ok()
}

fn to_decimal(n: &FluentNumber) -> Option<icu_decimal::input::Decimal> {
    if !n.value.is_finite() {
        return None;
    }
    let mut d: icu_decimal::input::Decimal = format!("{}", n.value).parse().ok()?;
    if let Some(max) = n.options.maximum_fraction_digits {
        d.round(-(max.min(20) as i16));
    }
    if let Some(min) = n.options.minimum_fraction_digits {
        d.pad_end(-(min.min(20) as i16));
    }
    if let Some(min) = n.options.minimum_integer_digits {
        d.pad_start(min.min(40) as i16);
    }
    // `-0`, and a small negative number rounded to zero, are shown « 0 ».
    d.apply_sign_display(icu_decimal::input::SignDisplay::Negative);
    Some(d)
}

/// `NUMBER($n, minimumFractionDigits: 2)`: keeps the value a number (so plural
/// selection still works) and records the options for [`format_number`].
fn number_function<'a>(positional: &[FluentValue<'a>], named: &FluentArgs) -> FluentValue<'a> {
    let mut n = match positional.first() {
        Some(FluentValue::Number(n)) => n.clone(),
        Some(FluentValue::String(s)) => match s.parse::<f64>() {
            Ok(v) => FluentNumber::new(v, FluentNumberOptions::default()),
            Err(_) => return refuse(format!("NUMBER() was given the text `{s}`, not a number")),
        },
        Some(v) => {
            return refuse(format!(
                "NUMBER() was given {}, not a number",
                describe_value(v)
            ));
        }
        None => return refuse("NUMBER() needs a number, as in NUMBER($n)".to_owned()),
    };
    if !n.value.is_finite() {
        return refuse(format!(
            "NUMBER() was given {}, which is not a finite number",
            n.value
        ));
    }
    n.options.merge(named);
    FluentValue::Number(n)
}

// ---------------------------------------------------------------- dates

/// How long a date is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateLength {
    /// 30 avril 2019
    Long,
    /// 30 avr. 2019
    Medium,
    /// 30/04/2019
    Short,
}

/// A date handed to Fluent; written in the bundle's language.
#[derive(Debug, Clone, PartialEq)]
pub struct DateValue {
    date: Date,
    length: DateLength,
}

/// icu4x's date formatter for one language, length and precision.
enum DateFormat {
    Day(icu_datetime::DateTimeFormatter<icu_datetime::fieldsets::YMD>),
    Month(icu_datetime::DateTimeFormatter<icu_datetime::fieldsets::YM>),
}

impl Memoizable for DateFormat {
    type Args = (DateLength, bool);
    type Error = String;
    fn construct(
        lang: LanguageIdentifier,
        (length, with_day): (DateLength, bool),
    ) -> Result<Self, String> {
        use icu_datetime::DateTimeFormatter;
        use icu_datetime::fieldsets::{YM, YMD};
        let locale =
            icu_locale::Locale::try_from_str(&lang.to_string()).map_err(|e| e.to_string())?;
        let prefs = icu_datetime::DateTimeFormatterPreferences::from(locale);
        let made = if with_day {
            let fields = match length {
                DateLength::Long => YMD::long(),
                DateLength::Medium => YMD::medium(),
                DateLength::Short => YMD::short(),
            };
            DateTimeFormatter::try_new(prefs, fields).map(DateFormat::Day)
        } else {
            let fields = match length {
                DateLength::Long => YM::long(),
                DateLength::Medium => YM::medium(),
                DateLength::Short => YM::short(),
            };
            DateTimeFormatter::try_new(prefs, fields).map(DateFormat::Month)
        };
        made.map_err(|e| e.to_string())
    }
}

impl DateValue {
    /// The date in the bundle's language. Its words are bound with no-break
    /// spaces: a date is never split across lines (« 30 avril 2019 »).
    fn write(&self, format: &DateFormat) -> String {
        let day = self.date.day.unwrap_or(1);
        let text = match icu_calendar::Date::try_new_iso(self.date.year, self.date.month, day) {
            Ok(d) => match format {
                DateFormat::Day(f) => f.format(&d).to_string(),
                DateFormat::Month(f) => f.format(&d).to_string(),
            },
            Err(_) => self.date.to_string(),
        };
        text.replace(' ', "\u{a0}")
    }

    fn args(&self) -> (DateLength, bool) {
        (self.length, self.date.day.is_some())
    }
}

impl FluentType for DateValue {
    fn duplicate(&self) -> Box<dyn FluentType + Send> {
        Box::new(self.clone())
    }

    fn as_string(&self, intls: &intl_memoizer::IntlLangMemoizer) -> Cow<'static, str> {
        intls
            .with_try_get::<DateFormat, _, _>(self.args(), |f| self.write(f))
            .unwrap_or_else(|_| self.date.to_string())
            .into()
    }

    fn as_string_threadsafe(
        &self,
        intls: &intl_memoizer::concurrent::IntlLangMemoizer,
    ) -> Cow<'static, str> {
        intls
            .with_try_get::<DateFormat, _, _>(self.args(), |f| self.write(f))
            .unwrap_or_else(|_| self.date.to_string())
            .into()
    }
}

/// `DATETIME($date, dateStyle: "medium")`: accepts a date variable or an ISO date
/// string; `dateStyle` is `long` (the default), `medium` or `short`.
fn datetime_function<'a>(positional: &[FluentValue<'a>], named: &FluentArgs) -> FluentValue<'a> {
    let date = match positional.first() {
        Some(FluentValue::Custom(c)) => match c.as_any().downcast_ref::<DateValue>() {
            Some(d) => d.date,
            None => return refuse("DATETIME() was given a value that is not a date".to_owned()),
        },
        Some(FluentValue::String(s)) => match Date::parse(s) {
            Ok(d) => d,
            Err(e) => return refuse(format!("DATETIME() was given the text `{s}`: {e}")),
        },
        Some(v) => {
            return refuse(format!(
                "DATETIME() was given {}, not a date (YYYY-MM-DD or YYYY-MM)",
                describe_value(v)
            ));
        }
        None => return refuse("DATETIME() needs a date, as in DATETIME($date)".to_owned()),
    };
    let length = match named.get("dateStyle") {
        Some(FluentValue::String(s)) if s == "medium" => DateLength::Medium,
        Some(FluentValue::String(s)) if s == "short" => DateLength::Short,
        Some(FluentValue::String(s)) if s == "long" => DateLength::Long,
        None => DateLength::Long,
        Some(v) => {
            return refuse(format!(
                "DATETIME()'s dateStyle was given {}; use \"long\", \"medium\" or \"short\"",
                describe_value(v)
            ));
        }
    };
    FluentValue::Custom(Box::new(DateValue { date, length }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn localizer(lang: &str, ftl: &str) -> (Localizer, Lang) {
        let lang = Lang::parse(lang).unwrap();
        let resource = Arc::new(FluentResource::try_new(ftl.to_owned()).unwrap());
        let mut locales = Locales::default();
        locales.by_lang.insert(
            lang.clone(),
            crate::load::LocaleFiles {
                lang: lang.clone(),
                resources: vec![("locales/x.ftl".into(), resource)],
                messages: BTreeMap::new(),
                terms: BTreeMap::new(),
                hyphenation: Default::default(),
            },
        );
        (Localizer::new(&locales), lang)
    }

    fn fmt(l: &Localizer, lang: &Lang, id: &str, args: &[(&str, Arg)]) -> String {
        let args = args
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        l.format_text(lang, id, None, &args).unwrap()
    }

    #[test]
    fn dates_follow_cldr() {
        let ftl = "d = { DATETIME($deadline) }\nm = { $month }\n";
        let deadline = Arg::Date(Date::parse("2019-04-30").unwrap());
        let month = Arg::Date(Date::parse("2018-05").unwrap());
        let (fr, lfr) = localizer("fr", ftl);
        assert_eq!(
            fmt(&fr, &lfr, "d", &[("deadline", deadline.clone())]),
            "30\u{a0}avril\u{a0}2019"
        );
        assert_eq!(
            fmt(&fr, &lfr, "m", &[("month", month.clone())]),
            "mai\u{a0}2018"
        );
        let (nl, lnl) = localizer("nl", ftl);
        assert_eq!(
            fmt(&nl, &lnl, "d", &[("deadline", deadline)]),
            "30\u{a0}april\u{a0}2019"
        );
        assert_eq!(fmt(&nl, &lnl, "m", &[("month", month)]), "mei\u{a0}2018");
    }

    #[test]
    fn directions_and_locale_data_come_from_cldr() {
        let lang = |t: &str| Lang::parse(t).unwrap();
        for rtl in ["ar", "he", "fa", "ur", "az-Arab"] {
            assert_eq!(direction(&lang(rtl)), "rtl", "{rtl}");
        }
        for ltr in ["fr", "nl", "en", "az", "qps", "xx"] {
            assert_eq!(direction(&lang(ltr)), "ltr", "{ltr}");
        }
        for known in ["fr", "nl", "en", "ar", "de-CH"] {
            assert_eq!(locale_fallback(&lang(known)), None, "{known}");
        }
        let fallback = locale_fallback(&lang("xx")).unwrap();
        assert!(
            fallback.contains("2017") && fallback.contains("M01"),
            "{fallback}"
        );
    }

    #[test]
    fn negative_zero_is_zero() {
        let ftl = "n = { $n }\nr = { NUMBER($n, maximumFractionDigits: 1) }\n";
        let (fr, lfr) = localizer("fr", ftl);
        assert_eq!(fmt(&fr, &lfr, "n", &[("n", Arg::Number(-0.0))]), "0");
        assert_eq!(fmt(&fr, &lfr, "r", &[("n", Arg::Number(-0.01))]), "0,0");
        assert_eq!(fmt(&fr, &lfr, "n", &[("n", Arg::Number(-2.5))]), "-2,5");
    }

    #[test]
    fn messages_come_out_composed_and_without_bidi_controls() {
        let ftl = "a = de{ \"\\u0301\" }marche\nb = x{ \"\\u202E\" }y\n";
        let (fr, lfr) = localizer("fr", ftl);
        assert_eq!(fmt(&fr, &lfr, "a", &[]), "d\u{e9}marche");
        let err = fr
            .format_text(&lfr, "b", None, &BTreeMap::new())
            .unwrap_err();
        assert!(err.message.contains("U+202E"), "{}", err.message);
    }

    #[test]
    fn numbers_follow_cldr() {
        let ftl = "n = { NUMBER($n) }\nf = { NUMBER($n, minimumFractionDigits: 2) }\n";
        let n = Arg::Number(1234567.5);
        let (fr, lfr) = localizer("fr", ftl);
        assert_eq!(
            fmt(&fr, &lfr, "n", &[("n", n.clone())]),
            "1\u{202f}234\u{202f}567,5"
        );
        let (nl, lnl) = localizer("nl", ftl);
        assert_eq!(fmt(&nl, &lnl, "n", &[("n", n.clone())]), "1.234.567,5");
        assert_eq!(fmt(&nl, &lnl, "f", &[("n", Arg::Number(12.0))]), "12,00");
    }

    #[test]
    fn plurals_and_no_isolation_marks() {
        let ftl = "w = { $count ->\n    [one] un atelier\n   *[other] { $count } ateliers\n}\n";
        let (fr, lfr) = localizer("fr", ftl);
        assert_eq!(
            fmt(&fr, &lfr, "w", &[("count", Arg::Number(1.0))]),
            "un atelier"
        );
        let out = fmt(&fr, &lfr, "w", &[("count", Arg::Number(12.0))]);
        assert_eq!(out, "12 ateliers");
        assert!(!out.contains('\u{2068}') && !out.contains('\u{2069}'));
    }

    #[test]
    fn missing_variables_are_errors_naming_the_message() {
        let (fr, lfr) = localizer("fr", "x = Bonjour { $name }\n");
        let err = fr
            .format_text(&lfr, "x", None, &BTreeMap::new())
            .unwrap_err()
            .message;
        assert!(err.contains("message `x`") && err.contains("name"), "{err}");
        let err = fr
            .format_text(&lfr, "nope", None, &BTreeMap::new())
            .unwrap_err()
            .message;
        assert!(err.contains("`nope`") && err.contains("missing"), "{err}");
    }

    #[test]
    fn function_errors_are_errors_not_text() {
        let ftl = "d = en { DATETIME($v) }\nn = { NUMBER($v) }\ns = { DATETIME($v, dateStyle: \"tiny\") }\nc = { c2 }\nc2 = { c }\n";
        let (fr, lfr) = localizer("fr", ftl);
        let cases = [
            ("d", Arg::Number(12.0), "DATETIME() was given the number 12"),
            (
                "d",
                Arg::Text("Feb 2017".into()),
                "DATETIME() was given the text `Feb 2017`",
            ),
            (
                "n",
                Arg::Text("douze".into()),
                "NUMBER() was given the text `douze`",
            ),
            ("n", Arg::Number(f64::NAN), "not a finite number"),
            (
                "s",
                Arg::Date(Date::parse("2019-04-30").unwrap()),
                "dateStyle",
            ),
            ("c", Arg::Number(1.0), "yclic"),
        ];
        for (id, v, expected) in cases {
            let args = BTreeMap::from([("v".to_owned(), v)]);
            let err = fr.format_text(&lfr, id, None, &args).unwrap_err();
            assert_eq!(err.code, "message-format");
            assert!(err.message.contains(expected), "{id}: {}", err.message);
        }
        // A good date still formats.
        let args = BTreeMap::from([("v".to_owned(), Arg::Date(Date::parse("2017-02").unwrap()))]);
        assert_eq!(
            fr.format_text(&lfr, "d", None, &args).unwrap(),
            "en février\u{a0}2017"
        );
    }

    #[test]
    fn content_text_cannot_add_markup() {
        let (fr, lfr) = localizer("fr", "x = Signé : { $name }\n");
        let args = BTreeMap::from([(
            "name".to_owned(),
            Arg::Text("[x](javascript:alert(1)) <b>".into()),
        )]);
        let nodes = fr.format(&lfr, "x", None, &args).unwrap();
        assert_eq!(
            inline::to_plain(&nodes),
            "Signé : [x](javascript:alert(1)) <b>"
        );
        assert!(!inline::to_html(&nodes).contains("<a"));
    }
}
