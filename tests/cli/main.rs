//! Integration tests: the real `memorandum` binary run on project roots copied into
//! temporary folders. One test binary, a module per feature.

// Test helpers may panic on a broken fixture: that is a test failure.
#![allow(clippy::unwrap_used)]

mod util;

// The generator of the long synthetic publication, shared with the benchmarks.
#[allow(dead_code)]
#[path = "../../examples/synthetic.rs"]
mod synthetic;

mod bilingual;
mod build;
mod colophon;
mod corpus;
mod crash;
mod errors;
mod hugo;
mod inert;
mod injection;
mod l10n;
mod layers;
mod links;
mod locale_generic;
mod messages;
mod pdf;
mod quotes;
mod robustness2;
mod sections;
mod snapshots;
mod tagged;
mod templates;
mod typeset;
mod watch;
mod webfonts;
