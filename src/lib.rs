//! `memorandum`: publishes a bilingual administrative publication (the Brussels
//! Smart City memorandum of objectives) from YAML content, Fluent translations and
//! tera templates, as HTML and Markdown editions per language.
//!
//! Dependencies point one way: `cli → cmd → pipeline → render → model ← load`.

pub mod cli;
pub mod cmd;
pub mod diagnostics;
pub mod i18n;
pub mod l10n;
pub mod links;
pub mod load;
pub mod manifest;
pub mod markup;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod typography;

pub use pipeline::{Settings, build, render_all};
