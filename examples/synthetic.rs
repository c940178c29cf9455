//! A long synthetic publication, for benchmarks and for checks on documents
//! longer than the memorandum: the shipped project with its sections repeated
//! `N` times in French and Dutch, every block kind included (paragraphs, lists,
//! timelines, projects, the next-steps table), every id made unique.
//!
//! It also writes the French and Dutch text as Typst sources
//! (`typst/fr.typ`, `typst/nl.typ`), for the benchmark against Typst.
//!
//! With `whole` after the folder, the first copy is the memorandum's body
//! whole, its next-steps table included (with every copy's steps), and the
//! copies follow it: every page break after the table falls elsewhere.
//!
//! ```text
//! cargo run --release --example synthetic -- 100 /tmp/long
//! cargo run --release --example synthetic -- 10 /tmp/whole whole
//! cargo run --release -- build --root /tmp/long
//! ```

use std::collections::BTreeSet;
use std::path::Path;

use yaml_serde::Value;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(dir)) = (args.first().and_then(|n| n.parse().ok()), args.get(1)) else {
        eprintln!("usage: synthetic COPIES DIR [whole]");
        std::process::exit(2);
    };
    let dir = Path::new(dir);
    let whole = args.get(2).is_some_and(|a| a == "whole");
    let done = generate_with(dir, n, whole)
        .and_then(|()| write_typst(dir, "fr"))
        .and_then(|()| write_typst(dir, "nl"));
    if let Err(e) = done {
        eprintln!("synthetic: {e}");
        std::process::exit(1);
    }
}

/// Writes into `dir` a project whose body is the memorandum's sections `copies`
/// times over (the next-steps table once, at the end, with every copy's steps).
pub fn generate(dir: &Path, copies: usize) -> Result<(), String> {
    generate_with(dir, copies, false)
}

/// As [`generate`]; with `whole`, the table is in the first copy, which is
/// the memorandum's body whole, rather than in the last.
pub fn generate_with(dir: &Path, copies: usize, whole: bool) -> Result<(), String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read =
        |p: &str| std::fs::read_to_string(src.join(p)).map_err(|e| format!("cannot read {p}: {e}"));
    let write = |p: &str, text: String| {
        let path = dir.join(p);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
    };
    let mut main: Value = yaml_serde::from_str(&read("content/memorandum.yaml")?)
        .map_err(|e| format!("content/memorandum.yaml: {e}"))?;
    let mut steps: Value = yaml_serde::from_str(&read("content/next-steps.yaml")?)
        .map_err(|e| format!("content/next-steps.yaml: {e}"))?;
    // Ids whose messages are copied with each section.
    let mut ids = BTreeSet::new();
    let sections = main
        .get("sections")
        .and_then(Value::as_sequence)
        .cloned()
        .unwrap_or_default();
    let mut out = Vec::new();
    for k in 1..=copies {
        for section in &sections {
            let mut s = section.clone();
            let table_here = if whole { k == 1 } else { k == copies };
            suffix_section(&mut s, k, table_here, &mut ids);
            out.push(s);
        }
    }
    if let Some(m) = main.as_mapping_mut() {
        m.insert("sections".into(), Value::Sequence(out));
    }
    let base_steps = steps
        .get("steps")
        .and_then(Value::as_sequence)
        .cloned()
        .unwrap_or_default();
    let mut all_steps = Vec::new();
    for k in 1..=copies {
        for step in &base_steps {
            let mut s = step.clone();
            suffix_field(&mut s, "id", k, &mut ids);
            all_steps.push(s);
        }
    }
    if let Some(m) = steps.as_mapping_mut() {
        m.insert("steps".into(), Value::Sequence(all_steps));
    }
    write(
        "content/memorandum.yaml",
        yaml_serde::to_string(&main).map_err(|e| e.to_string())?,
    )?;
    write(
        "content/next-steps.yaml",
        yaml_serde::to_string(&steps).map_err(|e| e.to_string())?,
    )?;
    for lang in ["fr", "nl"] {
        for file in ["memorandum.ftl", "next-steps.ftl", "publication.ftl"] {
            let p = format!("locales/{lang}/{file}");
            write(&p, copy_messages(&read(&p)?, &ids, copies))?;
        }
    }
    for entry in std::fs::read_dir(src.join("templates")).map_err(|e| e.to_string())? {
        let entry = entry.map_err(|e| e.to_string())?;
        copy_tree(
            &entry.path(),
            &dir.join("templates").join(entry.file_name()),
        )?;
    }
    Ok(())
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    if from.is_dir() {
        std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
        for entry in std::fs::read_dir(from).map_err(|e| e.to_string())? {
            let entry = entry.map_err(|e| e.to_string())?;
            copy_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
        Ok(())
    } else {
        std::fs::copy(from, to)
            .map(|_| ())
            .map_err(|e| format!("{}: {e}", from.display()))
    }
}

/// The id of a message copied for copy `k`: `process-intro` → `process-intro-k3`.
fn copied(id: &str, k: usize) -> String {
    format!("{id}-k{k}")
}

fn suffix_field(v: &mut Value, key: &str, k: usize, ids: &mut BTreeSet<String>) {
    if let Some(Value::String(s)) = v.get_mut(key) {
        ids.insert(s.clone());
        *s = copied(s, k);
    }
}

/// Makes a copy of a section (its id recorded as `§id`): its id, its paragraphs', list items', timeline
/// entries' and projects' ids suffixed; the table kept in one copy only.
fn suffix_section(s: &mut Value, k: usize, table: bool, ids: &mut BTreeSet<String>) {
    if let Some(Value::String(id)) = s.get("id") {
        ids.insert(format!("{id}-title"));
        ids.insert(format!("§{id}"));
    }
    if let Some(Value::String(id)) = s.get_mut("id") {
        *id = copied(id, k);
    }
    let Some(blocks) = s.get_mut("blocks").and_then(Value::as_sequence_mut) else {
        return;
    };
    blocks.retain(|b| table || b.get("table").is_none());
    for block in blocks {
        suffix_field(block, "paragraph", k, ids);
        if let Some(items) = block.get_mut("list").and_then(Value::as_sequence_mut) {
            for item in items {
                if let Value::String(id) = item {
                    ids.insert(id.clone());
                    *id = copied(id, k);
                }
            }
        }
        for kind in ["timeline", "projects"] {
            if let Some(entries) = block.get_mut(kind).and_then(Value::as_sequence_mut) {
                for e in entries {
                    suffix_field(e, "id", k, ids);
                }
            }
        }
    }
}

/// An FTL file with every message of `ids` repeated for each copy under its
/// copied id (a section's title `x-title` becomes `x-k3-title`); other entries,
/// comments and blank lines as they are.
fn copy_messages(ftl: &str, ids: &BTreeSet<String>, copies: usize) -> String {
    let mut out = String::new();
    let lines: Vec<&str> = ftl.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let id = line.split_once(" =").map(|(id, _)| id).filter(|id| {
            !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
        let mut end = i + 1;
        if id.is_some() {
            while end < lines.len() && lines[end].starts_with(' ') {
                end += 1;
            }
        }
        let entry = lines[i..end].join("\n");
        match id.filter(|id| ids.contains(*id)) {
            Some(id) => {
                for k in 1..=copies {
                    let new = match id.strip_suffix("-title") {
                        Some(section) if ids.contains(&format!("§{section}")) => {
                            format!("{}-title", copied(section, k))
                        }
                        _ => copied(id, k),
                    };
                    out.push_str(&new);
                    out.push_str(&entry[id.len()..]);
                    out.push('\n');
                }
            }
            None => {
                out.push_str(&entry);
                out.push('\n');
            }
        }
        i = end;
    }
    out
}

/// Writes the publication's text in `lang` as a Typst source, `typst/<lang>.typ`
/// under `dir`, set like our PDF (A4, the same fonts, sizes, justification and
/// hyphenation), so that a benchmark compares the two typesetters on identical
/// text. Compile it with the project's fonts only:
/// `typst compile --font-path src/render/pdf/fonts --ignore-system-fonts`.
pub fn write_typst(dir: &Path, lang: &str) -> Result<(), String> {
    use memorandum::model::{Block, Lang, MessageRef};
    let loaded = memorandum::load::load(dir);
    let Some(publication) = loaded.publication else {
        return Err(format!("{}: the content does not load", dir.display()));
    };
    let localizer = memorandum::i18n::Localizer::new(&loaded.locales);
    let lang = Lang::parse(lang)?;
    let text = |m: &MessageRef| -> Result<String, String> {
        let nodes = localizer
            .message(&lang, m)
            .map_err(|e| format!("{}: {e:?}", m.id))?;
        Ok(typst_string(&memorandum::markup::to_plain(&nodes)))
    };
    let fixed = |id: &str| text(&MessageRef::new(memorandum::model::Id::parse(id)?));
    let mut t = String::new();
    t.push_str(&format!(
        "#set document(title: [{}])\n\
         #set page(paper: \"a4\", margin: (x: 85pt, top: 70pt, bottom: 80pt), \
         footer: context align(right, text(font: \"Source Sans 3\", size: 8pt, counter(page).display())))\n\
         #set text(font: \"Source Serif 4\", size: 10.5pt, lang: \"{lang}\", hyphenate: true)\n\
         #set par(justify: true, leading: 0.6em, spacing: 0.9em)\n\
         #show heading: set text(font: \"Source Sans 3\", weight: \"semibold\", fill: rgb(\"#1d3f72\"))\n\
         #show heading.where(level: 1): set text(size: 15pt)\n\
         #show heading.where(level: 2): set text(size: 11pt)\n",
        text(&publication.title)?
    ));
    t.push_str(&format!(
        "#align(horizon)[#text(font: \"Source Sans 3\", weight: \"semibold\", size: 30pt, fill: rgb(\"#1d3f72\"))[{}]\n\n#text(size: 13pt)[{}]\n\n{}]\n#pagebreak()\n",
        text(&publication.title)?,
        text(&publication.description)?,
        text(&publication.publisher.name)?,
    ));
    t.push_str(&format!(
        "#outline(title: [{}], depth: 1)\n#pagebreak()\n#set heading(numbering: \"1.\")\n",
        fixed("toc-title")?
    ));
    for section in &publication.sections {
        t.push_str(&format!(
            "#heading(level: {})[{}]\n",
            section.level,
            text(&section.title)?
        ));
        for block in &section.blocks {
            match block {
                Block::Paragraph { text: m } => t.push_str(&format!("#par[{}]\n", text(m)?)),
                Block::Quote { text: m, by } => {
                    let by = match by {
                        Some(b) => format!("attribution: [{}], ", text(b)?),
                        None => String::new(),
                    };
                    t.push_str(&format!("#quote(block: true, {by})[{}]\n", text(m)?));
                }
                Block::List { items } => {
                    t.push_str("#list(");
                    for item in items {
                        t.push_str(&format!("[{}], ", text(item)?));
                    }
                    t.push_str(")\n");
                }
                Block::Timeline { entries } => {
                    for e in entries {
                        t.push_str(&format!(
                            "#block(inset: (left: 12pt), stroke: (left: 2pt + rgb(\"#f2b705\")), breakable: false)[#text(font: \"Source Sans 3\", weight: \"semibold\", size: 9.5pt)[{}] \\ {}]\n",
                            text(&e.when)?,
                            text(&e.text)?
                        ));
                    }
                }
                Block::Projects { projects } => {
                    for p in projects {
                        let mut body = format!(
                            "#heading(level: 2, numbering: none, outlined: false)[{}]\n",
                            text(&p.name)?
                        );
                        if let Some(d) = &p.description {
                            body.push_str(&format!("#par[{}]\n", text(d)?));
                        }
                        let partners: Vec<String> = p
                            .partners
                            .iter()
                            .map(|o| text(&o.name))
                            .collect::<Result<_, _>>()?;
                        body.push_str(&format!(
                            "#text(font: \"Source Sans 3\", size: 8.5pt)[{} {}]",
                            fixed("project-partners")?,
                            partners.join(", ")
                        ));
                        t.push_str(&format!(
                            "#block(fill: rgb(\"#f3f5f9\"), inset: 11pt, width: 100%, breakable: false)[{body}]\n"
                        ));
                    }
                }
                Block::NextSteps { steps } => {
                    t.push_str(&format!(
                        "#table(columns: (2fr, 1fr, 1fr, 1fr), table.header([{}], [{}], [{}], [{}]),\n",
                        fixed("steps-col-step")?,
                        fixed("steps-col-owner")?,
                        fixed("steps-col-deadline")?,
                        fixed("steps-col-status")?
                    ));
                    for s in steps {
                        t.push_str(&format!(
                            "  [*{}* \\ {}], [{}], [{}], [{}],\n",
                            text(&s.title)?,
                            text(&s.description)?,
                            text(&s.owner.name)?,
                            text(&s.deadline_text)?,
                            text(&s.status_text)?
                        ));
                    }
                    t.push_str(")\n");
                }
            }
        }
    }
    let path = dir.join("typst").join(format!("{lang}.typ"));
    std::fs::create_dir_all(dir.join("typst")).map_err(|e| e.to_string())?;
    std::fs::write(&path, t).map_err(|e| format!("{}: {e}", path.display()))
}

/// `s` as Typst markup: every character that means something in markup escaped.
fn typst_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '#'
                | '*'
                | '_'
                | '$'
                | '<'
                | '>'
                | '@'
                | '['
                | ']'
                | '`'
                | '='
                | '-'
                | '+'
                | '/'
                | '~'
                | '\''
                | '"'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
