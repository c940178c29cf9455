//! Benchmarks of the whole build, in memory: the shipped memorandum in every format,
//! the PDF editions alone, and a generated publication of about 200 pages typeset
//! as PDF (layout, pagination and writing).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use memorandum::render::Format;
use memorandum::{Settings, build, render_all};

fn settings(root: &Path, out: PathBuf, formats: &[Format], lang: Option<&str>) -> Settings {
    Settings {
        root: root.to_path_buf(),
        out,
        languages: lang.map(|l| vec![memorandum::model::Lang::parse(l).expect("language")]),
        formats: formats.to_vec(),
        missing: memorandum::i18n::Missing::Error,
        stale_is_error: false,
        pseudo: false,
        templates: None,
        base_url: None,
        source_date_epoch: None,
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).expect("copy");
        }
    }
}

/// A copy of the shipped project with `sections` extra chapters of long French
/// paragraphs, lists and a timeline: about 200 A4 pages for 100 sections.
pub fn long_publication(dir: &Path, sections: usize) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"));
    for sub in ["content", "locales", "templates"] {
        copy_dir(&src.join(sub), &dir.join(sub));
    }
    let base = std::fs::read_to_string(dir.join("locales/fr/memorandum.ftl")).expect("ftl");
    let sentences: Vec<&str> = base
        .lines()
        .filter_map(|l| l.split_once(" = ").map(|(_, v)| v))
        .filter(|v| v.len() > 80 && !v.contains('{'))
        .collect();
    let mut ftl = String::new();
    for p in 0..12 {
        let text: Vec<&str> = (0..4)
            .map(|k| sentences[(p * 3 + k) % sentences.len()])
            .collect();
        let _ = writeln!(ftl, "bench-p{p} = {}", text.join(" "));
    }
    let mut yaml = String::from("\n");
    for s in 0..sections {
        let _ = writeln!(
            ftl,
            "bench-s{s}-title = Chapitre {s} de la publication de référence"
        );
        let _ = writeln!(yaml, "  - id: bench-s{s}\n    blocks:");
        for p in 0..9 {
            let _ = writeln!(yaml, "      - paragraph: bench-p{}", (s + p) % 12);
        }
        let _ = writeln!(
            yaml,
            "      - list: [desi-connectivity, desi-human-capital, desi-internet-use]"
        );
    }
    std::fs::write(dir.join("locales/fr/bench.ftl"), ftl).expect("write ftl");
    let mut content = std::fs::read_to_string(dir.join("content/memorandum.yaml")).expect("yaml");
    content.push_str(&yaml);
    std::fs::write(dir.join("content/memorandum.yaml"), content).expect("write yaml");
}

fn bench(c: &mut Criterion) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().expect("temp dir");
    let all = settings(&root, tmp.path().join("output"), &Format::ALL, None);
    c.bench_function(
        "memorandum: every edition, in memory (fr, nl, fr-nl; html, md, pdf)",
        |b| b.iter(|| render_all(&all).map(|r| r.outputs.len()).unwrap_or(0)),
    );
    c.bench_function(
        "memorandum: every edition, written (unchanged files)",
        |b| b.iter(|| build(&all).map(|r| r.outputs.len()).unwrap_or(0)),
    );
    let pdf = settings(&root, tmp.path().join("output"), &[Format::Pdf], None);
    c.bench_function("memorandum: PDF editions (fr, nl, fr-nl)", |b| {
        b.iter(|| render_all(&pdf).map(|r| r.outputs.len()).unwrap_or(0))
    });
    let long = tempfile::tempdir().expect("temp dir");
    long_publication(long.path(), 100);
    let long_pdf = settings(
        long.path(),
        long.path().join("output"),
        &[Format::Pdf],
        Some("fr"),
    );
    if let Ok(report) = render_all(&long_pdf) {
        for o in &report.outputs {
            if o.path.ends_with(".pdf") {
                let pages = lopdf::Document::load_mem(&o.bytes)
                    .map(|d| d.get_pages().len())
                    .unwrap_or(0);
                eprintln!(
                    "generated publication: {} pages, {} bytes",
                    pages,
                    o.bytes.len()
                );
            }
        }
    }
    let mut group = c.benchmark_group("long");
    group.sample_size(10);
    group.bench_function("generated publication: PDF (fr, ~200 pages)", |b| {
        b.iter(|| render_all(&long_pdf).map(|r| r.outputs.len()).unwrap_or(0))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
