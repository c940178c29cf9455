//! `memorandum`: publishes a bilingual administrative publication (the Brussels
//! Smart City memorandum of objectives) from YAML content, Fluent translations and
//! tera templates, as HTML, Markdown and PDF editions per language and a bilingual
//! edition.
//!
//! The layers point one way, lowest first (`tests/cli/layers.rs` enforces it):
//! [`diagnostics`], [`fsx`] (reading files without trusting them) and
//! [`model`]; [`load`] (files into the model, every use with its location);
//! [`markup`], [`i18n`], [`typography`], [`l10n`]; [`render`] (one backend per
//! format); [`output`], [`manifest`], [`links`]; [`pipeline`]; [`cli`] and
//! [`cmd`].
//!
//! The build reads top to bottom in [`pipeline::render_all`] and
//! [`pipeline::build`]: load → validate → render → links → write. A sentence comes
//! from [`i18n::Localizer::format`]; a PDF line is broken in
//! [`render::pdf::layout::break_lines`]; each diagnostic is raised by the stage
//! that finds it.

pub mod cli;
pub mod cmd;
pub mod diagnostics;
pub mod fsx;
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
