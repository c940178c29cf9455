//! What `watch` keeps from one build to the next, so that an edit renders again
//! only the outputs it reaches.
//!
//! While an output is rendered, every message it reads is recorded as
//! `(language, id)` ([`crate::i18n::recording`]). The next build renders it again
//! only if one of these changed: the text of one of those messages (with the
//! messages and terms it refers to), the content, the templates, the settings or
//! the list of editions. Otherwise its bytes are the same as before, since a build
//! is deterministic, and are reused.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Mutex, PoisonError};

use sha2::{Digest, Sha256};

use super::Edition;
use crate::diagnostics::Sources;
use crate::i18n::{HYPHENATION_USE, Uses};
use crate::load::{LocaleFiles, Locales, Templates};
use crate::model::{Lang, Publication};

/// The parts of outputs that `watch` reuses inside a renderer: the PDF's
/// sections, laid out (the costliest step). An edit that reaches one section
/// of a PDF lays out that section only.
#[derive(Default)]
pub struct Parts {
    sections: Pieces<super::pdf::SectionKey, super::pdf::LaidSection>,
}

impl std::fmt::Debug for Parts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Parts")
            .field("sections", &self.sections.lock().len())
            .finish()
    }
}

/// Things kept from the last build under a key, each with the messages read to
/// make it.
pub struct Pieces<K, V> {
    kept: Mutex<HashMap<K, Piece<V>>>,
}

impl<K, V> Default for Pieces<K, V> {
    fn default() -> Self {
        Self {
            kept: Mutex::new(HashMap::new()),
        }
    }
}

struct Piece<V> {
    /// The build's [`shared_digest`] when it was made.
    shared: [u8; 32],
    /// The messages read, sorted.
    uses: Vec<(Lang, String)>,
    /// Digest of their text then.
    messages: [u8; 32],
    /// Shared, so that it is copied outside the lock.
    value: std::sync::Arc<V>,
}

impl<K: std::hash::Hash + Eq, V> Pieces<K, V> {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, Piece<V>>> {
        self.kept.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Forgets what `keep` refuses.
    pub fn retain(&self, keep: impl Fn(&K) -> bool) {
        self.lock().retain(|k, _| keep(k));
    }
}

/// What one build reuses with.
pub struct Reusing<'a> {
    shared: [u8; 32],
    digests: MessageDigests<'a>,
    /// The parts kept inside renderers.
    pub parts: &'a Parts,
}

impl<'a> Reusing<'a> {
    /// A build whose [`shared_digest`] is `shared`, with these translations.
    pub fn new(
        parts: &'a Parts,
        shared: [u8; 32],
        locales: &'a Locales,
        reference: &'a Lang,
    ) -> Self {
        Self {
            shared,
            digests: MessageDigests {
                locales,
                reference,
                by_use: Mutex::new(HashMap::new()),
            },
            parts,
        }
    }

    /// The PDF's sections.
    pub(crate) fn sections(&self) -> &'a Pieces<super::pdf::SectionKey, super::pdf::LaidSection> {
        &self.parts.sections
    }

    /// What the last build kept under `key`, if nothing it was made from
    /// changed; the messages read to make it are recorded as read again.
    pub fn reusable<K: std::hash::Hash + Eq, V: Clone>(
        &self,
        pieces: &Pieces<K, V>,
        key: &K,
    ) -> Option<V> {
        // Taken out of the lock before the digests and the copy: sections
        // are looked up from every core at once.
        let (uses, messages, value) = {
            let kept = pieces.lock();
            let piece = kept.get(key).filter(|p| p.shared == self.shared)?;
            (piece.uses.clone(), piece.messages, piece.value.clone())
        };
        if self.digests.of(&uses) != messages {
            return None;
        }
        for (lang, id) in &uses {
            crate::i18n::record_use(lang, id);
        }
        Some((*value).clone())
    }

    /// Keeps `value` under `key`, made reading the messages in `uses`.
    pub fn keep<K: std::hash::Hash + Eq, V: Clone>(
        &self,
        pieces: &Pieces<K, V>,
        key: K,
        value: &V,
        uses: &Uses,
    ) {
        let uses = crate::i18n::uses_of(uses);
        let messages = self.digests.of(&uses);
        pieces.lock().insert(
            key,
            Piece {
                shared: self.shared,
                uses,
                messages,
                value: std::sync::Arc::new(value.clone()),
            },
        );
    }
}

/// The digest of what every output depends on besides its messages: the content
/// files, the messages the content uses (a project's description is dropped when
/// the reference language has none), the templates, the build's settings and its
/// editions.
pub fn shared_digest(
    settings: &impl std::fmt::Debug,
    sources: &Sources,
    publication: &Publication,
    templates: &Templates,
    editions: &[Edition],
) -> [u8; 32] {
    let mut h = Sha256::new();
    let mut field = |bytes: &[u8]| {
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    field(format!("{settings:?}").as_bytes());
    field(format!("{editions:?}").as_bytes());
    for file in sources.files().filter(|f| f.starts_with("content/")) {
        field(file.as_bytes());
        field(sources.get(file).unwrap_or_default().as_bytes());
    }
    for m in publication.messages() {
        field(m.id.as_str().as_bytes());
        field(m.attr.as_deref().unwrap_or("\0").as_bytes());
    }
    for t in &templates.sources {
        field(t.name.as_bytes());
        field(t.file.as_bytes());
        field(t.source.as_bytes());
    }
    h.finalize().into()
}

/// The digests of messages' texts, each computed once per build.
struct MessageDigests<'a> {
    locales: &'a Locales,
    reference: &'a Lang,
    by_use: Mutex<HashMap<(Lang, String), [u8; 32]>>,
}

impl MessageDigests<'_> {
    /// One digest of the text of every message in `uses`, in order.
    fn of(&self, uses: &[(Lang, String)]) -> [u8; 32] {
        let mut h = Sha256::new();
        for u in uses {
            let known = self
                .by_use
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .get(u)
                .copied();
            let d = known.unwrap_or_else(|| {
                let d = self.one(&u.0, &u.1);
                self.by_use
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .insert(u.clone(), d);
                d
            });
            h.update(d);
        }
        h.finalize().into()
    }

    /// The digest of message `id` of `lang`: its entry's text and those of the
    /// messages and terms it refers to, or its absence. The pseudo-locale's
    /// messages are the reference language's.
    fn one(&self, lang: &Lang, id: &str) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(lang.as_str().as_bytes());
        h.update([0]);
        let files = match self.locales.by_lang.get(lang) {
            Some(f) => Some(f),
            None if lang.as_str() == crate::model::PSEUDO => {
                self.locales.by_lang.get(self.reference)
            }
            None => None,
        };
        let Some(files) = files else {
            h.update(b"no such language");
            return h.finalize().into();
        };
        if id == HYPHENATION_USE {
            let rules = &files.hyphenation;
            h.update((rules.min_before as u64).to_le_bytes());
            h.update((rules.min_after as u64).to_le_bytes());
            for (word, breaks) in rules.exceptions.iter() {
                h.update(word.as_bytes());
                for b in breaks {
                    h.update((*b as u64).to_le_bytes());
                }
                h.update([0]);
            }
            return h.finalize().into();
        }
        let mut seen = BTreeSet::new();
        let mut next = vec![(false, id.to_owned())];
        while let Some((term, id)) = next.pop() {
            if !seen.insert((term, id.clone())) {
                continue;
            }
            h.update([u8::from(term)]);
            h.update(id.as_bytes());
            h.update([0]);
            let entry = if term {
                files.terms.get(&id)
            } else {
                files.messages.get(&id)
            };
            let Some(entry) = entry else {
                h.update(b"absent\0");
                continue;
            };
            let text = entry_text(files, &entry.loc);
            h.update((text.len() as u64).to_le_bytes());
            h.update(text.as_bytes());
            for p in entry.value.iter().chain(entry.attributes.values()) {
                next.extend(p.messages.iter().map(|r| (false, r.id.clone())));
                next.extend(p.terms.iter().map(|r| (true, r.id.clone())));
            }
        }
        h.finalize().into()
    }
}

/// The text of the entry whose id is at `loc`: to the next entry or comment.
fn entry_text<'a>(files: &'a LocaleFiles, loc: &crate::diagnostics::Loc) -> &'a str {
    files
        .resources
        .iter()
        .find(|(file, _)| *file == loc.file)
        .and_then(|(_, r)| {
            let source = r.source();
            let start = loc.span.start.min(source.len());
            source.get(start..crate::load::locales::entry_end(source, start))
        })
        .unwrap_or_default()
}
