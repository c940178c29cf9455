//! Each kind of block, laid out and tagged: today's and those to come, one
//! file each. Every file adds methods to the side's [`Builder`](super::builder::Builder).

mod colophon;
mod contents;
mod footer;
mod list;
mod paragraph;
mod projects;
mod quote;
mod signature;
mod steps;
mod timeline;
mod title;

pub(in crate::render::pdf) use contents::{TOC_AFTER, own_sections, section_pages, toc_blocks};
pub(in crate::render::pdf) use title::title_page;
