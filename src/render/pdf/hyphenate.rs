//! Hyphenation with the TeX patterns of the `hyphenation` crate, for the languages
//! whose dictionaries are embedded (French and Dutch, compiled by that crate from
//! the hyph-utf8 patterns; see `hyphenation/README.md`). Other languages are set
//! without hyphenation.

use std::sync::OnceLock;

use hyphenation::{Hyphenator, Language, Load, Standard};

/// The embedded dictionaries, by the primary language subtag they serve.
const DICTIONARIES: [(&str, Language, &[u8]); 2] = [
    (
        "fr",
        Language::French,
        include_bytes!("hyphenation/fr.standard.bincode"),
    ),
    (
        "nl",
        Language::Dutch,
        include_bytes!("hyphenation/nl.standard.bincode"),
    ),
];

/// Minimum letters before and after a hyphen, unless the translators' file
/// says otherwise.
const MIN_LEFT: usize = 2;
const MIN_RIGHT: usize = 3;

/// The dictionary of `DICTIONARIES[i]`, read on first use: a French build
/// does not pay for the Dutch patterns.
fn dictionary(i: usize) -> Option<&'static Standard> {
    static LOADED: [OnceLock<Option<Standard>>; DICTIONARIES.len()] =
        [const { OnceLock::new() }; DICTIONARIES.len()];
    let (_, lang, bytes) = DICTIONARIES.get(i)?;
    LOADED[i]
        .get_or_init(|| Standard::from_reader(*lang, &mut std::io::Cursor::new(*bytes)).ok())
        .as_ref()
}

/// A language's hyphenation exceptions and minimums, from its translators'
/// file.
pub type Exceptions = std::sync::Arc<crate::load::locales::HyphenationRules>;

/// A word's breaks are cached per dictionary, minimums and word.
type CacheKey = (usize, usize, usize, String);

/// A hyphenator for one language tag (`fr`, `nl-BE`…), or none.
#[derive(Clone)]
pub struct Hyphenation {
    dict: Option<&'static Standard>,
    /// The translators' exceptions (`locales/<lang>/hyphenation.txt`), which
    /// win over the patterns.
    exceptions: Option<Exceptions>,
    /// The fewest letters a hyphen leaves before and after it.
    min_left: usize,
    min_right: usize,
}

impl Hyphenation {
    /// No hyphenation (titles and headings).
    pub const NONE: Hyphenation = Hyphenation {
        dict: None,
        exceptions: None,
        min_left: MIN_LEFT,
        min_right: MIN_RIGHT,
    };

    /// With the translators' exceptions and minimums.
    pub fn with_exceptions(mut self, rules: Exceptions) -> Self {
        self.min_left = rules.min_before;
        self.min_right = rules.min_after;
        if !rules.exceptions.is_empty() {
            self.exceptions = Some(rules);
        }
        self
    }

    /// The dictionary for `lang`'s primary subtag, if one is embedded.
    pub fn for_language(lang: &str) -> Self {
        let primary = lang.split('-').next().unwrap_or(lang).to_ascii_lowercase();
        let dict = DICTIONARIES
            .iter()
            .position(|(code, _, _)| *code == primary)
            .and_then(dictionary);
        Self {
            dict,
            exceptions: None,
            min_left: MIN_LEFT,
            min_right: MIN_RIGHT,
        }
    }

    /// Byte offsets inside `word` where it may be broken with a hyphen.
    ///
    /// Never inside a diaeresis pair: the Dutch patterns propose "co-ör-di-na-tie",
    /// but Dutch spelling drops the diaeresis when it breaks there ("co-ordinatie"),
    /// which would change the word; so no break is made before a vowel that carries
    /// a diaeresis. Nor next to an existing hyphen or apostrophe.
    pub fn breaks(&self, word: &str) -> Vec<usize> {
        let Some(dict) = self.dict else {
            return Vec::new();
        };
        if let Some(exceptions) = &self.exceptions
            && let Some(at) = exceptions.exceptions.get(&word.to_lowercase())
        {
            // Character positions to byte offsets in the word as written.
            let offsets: Vec<usize> = word.char_indices().map(|(i, _)| i).collect();
            return at.iter().filter_map(|&c| offsets.get(c).copied()).collect();
        }
        // Words repeat a lot in a document: remember them, per thread.
        thread_local! {
            static CACHE: std::cell::RefCell<std::collections::HashMap<CacheKey, Vec<usize>>> =
                std::cell::RefCell::new(std::collections::HashMap::new());
        }
        let key = (
            std::ptr::from_ref(dict) as usize,
            self.min_left,
            self.min_right,
            word.to_owned(),
        );
        if let Some(hit) = CACHE.with(|c| c.borrow().get(&key).cloned()) {
            return hit;
        }
        let breaks = self.compute(dict, word);
        CACHE.with(|c| {
            let mut c = c.borrow_mut();
            if c.len() > 100_000 {
                c.clear();
            }
            c.insert(key, breaks.clone());
        });
        breaks
    }

    fn compute(&self, dict: &Standard, word: &str) -> Vec<usize> {
        if word.chars().count() < self.min_left + self.min_right
            || !word.chars().all(char::is_alphabetic)
        {
            return Vec::new();
        }
        // The patterns are lower case; their offsets are used in `word`, so each
        // letter's lower case must be one letter of the same length (Ⱥ → ⱥ is not).
        let mut lower = String::with_capacity(word.len());
        for c in word.chars() {
            let mut l = c.to_lowercase();
            match (l.next(), l.next()) {
                (Some(lc), None) if lc.len_utf8() == c.len_utf8() => lower.push(lc),
                _ => return Vec::new(),
            }
        }
        dict.hyphenate(&lower)
            .breaks
            .into_iter()
            .filter(|&at| word.is_char_boundary(at))
            .filter(|&at| {
                let before = word[..at].chars().count();
                let after = word[at..].chars().count();
                before >= self.min_left
                    && after >= self.min_right
                    && !word[at..].chars().next().is_some_and(has_diaeresis)
            })
            .collect()
    }
}

impl std::fmt::Debug for Hyphenation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hyphenation")
            .field("dictionary", &self.dict.is_some())
            .finish()
    }
}

fn has_diaeresis(c: char) -> bool {
    matches!(
        c,
        'ä' | 'ë' | 'ï' | 'ö' | 'ü' | 'ÿ' | 'Ä' | 'Ë' | 'Ï' | 'Ö' | 'Ü' | 'Ÿ'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(lang: &str, word: &str) -> String {
        let h = Hyphenation::for_language(lang);
        let mut out = String::new();
        let mut last = 0;
        for b in h.breaks(word) {
            out.push_str(&word[last..b]);
            out.push('-');
            last = b;
        }
        out.push_str(&word[last..]);
        out
    }

    #[test]
    fn french_and_dutch_patterns() {
        assert_eq!(split("fr", "gouvernance"), "gou-ver-nance");
        assert!(split("nl", "doelstellingenmemorandum").matches('-').count() >= 3);
        assert_eq!(
            split("en", "government"),
            "government",
            "no English dictionary"
        );
    }

    #[test]
    fn minimums_come_from_the_translators_file() {
        let mut rules = crate::load::locales::HyphenationRules::default();
        assert_eq!(split("fr", "gouvernance"), "gou-ver-nance");
        rules.min_before = 4;
        rules.min_after = 5;
        let h = Hyphenation::for_language("fr").with_exceptions(std::sync::Arc::new(rules));
        let word = "gouvernance";
        let breaks: Vec<usize> = h.breaks(word);
        assert_eq!(breaks, vec![6], "gouver-nance");
    }

    #[test]
    fn no_break_inside_a_diaeresis_pair() {
        let co = split("nl", "coördinatie");
        assert!(!co.contains("-ö"), "{co}");
        assert!(co.contains("di-na"), "{co}");
        let ideeen = split("nl", "synergieën");
        assert!(!ideeen.contains("-ë"), "{ideeen}");
    }
}

#[cfg(test)]
mod case_tests {
    use super::*;

    #[test]
    fn letters_whose_lower_case_changes_length_are_not_split_inside() {
        // Ɑ (3 bytes) lowers to ɑ (2), Ⱥ (2) to ⱥ (3): same total, shifted offsets.
        for lang in ["fr", "nl"] {
            let h = Hyphenation::for_language(lang);
            for word in ["ⱭÈᾀȺaaaaaaa", "ȺⱭcoördinatie", "Ɑdministration"] {
                for at in h.breaks(word) {
                    assert!(word.is_char_boundary(at), "{word} at {at}");
                }
            }
        }
    }

    #[test]
    fn exceptions_win_over_the_patterns() {
        let mut rules = crate::load::locales::HyphenationRules::default();
        rules
            .exceptions
            .insert("synergieën".to_owned(), vec![2, 5, 8]);
        rules.exceptions.insert("office".to_owned(), Vec::new());
        let h = Hyphenation::for_language("nl").with_exceptions(std::sync::Arc::new(rules));
        let word = "Synergieën";
        let parts: Vec<&str> = {
            let mut last = 0;
            let mut out = Vec::new();
            for b in h.breaks(word) {
                out.push(&word[last..b]);
                last = b;
            }
            out.push(&word[last..]);
            out
        };
        assert_eq!(parts, ["Sy", "ner", "gie", "ën"]);
        assert!(h.breaks("Office").is_empty());
        // Without the exception, the patterns break it where Dutch does not.
        assert_ne!(
            Hyphenation::for_language("nl").breaks("synergieën"),
            h.breaks("synergieën")
        );
    }
}
