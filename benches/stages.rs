//! Criterion benchmarks of each stage of a build, on the shipped memorandum and
//! on the synthetic publication (`examples/synthetic.rs`) at ×10, ×100 and ×300:
//! load, validate, Fluent formatting, HTML, Markdown, and the PDF's layout (line
//! breaking), pagination and writing. `MEMORANDUM_BENCH_SIZES=10,100` picks the
//! sizes (the memorandum itself is always measured).
//!
//! ```text
//! cargo bench --bench stages
//! ```

use std::path::Path;
use std::sync::Arc;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use memorandum::i18n::Localizer;
use memorandum::model::Lang;
use memorandum::render::pdf::stages;
use memorandum::render::{Edition, Format, RenderInput, backend};

#[path = "../examples/synthetic.rs"]
#[allow(dead_code)]
mod synthetic;

fn stages_of(c: &mut Criterion, name: &str, root: &Path) {
    let mut group = c.benchmark_group(name);
    group.sample_size(10);
    group.bench_function("load", |b| b.iter(|| memorandum::load::load(root)));
    let loaded = memorandum::load::load(root);
    let Some(publication) = loaded.publication else {
        panic!("{}: the content does not load", root.display());
    };
    let fr = Lang::parse("fr").expect("fr");
    let languages = publication.languages.clone();
    let localizer = Arc::new(Localizer::new(&loaded.locales));
    group.bench_function("validate", |b| {
        b.iter(|| {
            memorandum::pipeline::validate(
                &publication,
                &languages,
                &Format::ALL,
                &localizer,
                &loaded.templates,
                &loaded.sources,
            )
        })
    });
    let messages = publication.messages();
    group.bench_function("fluent formatting (fr, every message)", |b| {
        b.iter(|| {
            messages
                .iter()
                .filter_map(|m| localizer.message(&fr, m).ok())
                .count()
        })
    });
    let Ok(engines) = memorandum::render::engine(&loaded.templates, localizer.clone()) else {
        panic!("templates");
    };
    let editions: Vec<Edition> = [Format::Html, Format::Md, Format::Pdf]
        .iter()
        .map(|f| Edition::new(&publication, &fr, *f))
        .collect();
    let input = RenderInput {
        publication: &publication,
        editions: &editions,
        held: &[],
        localizer: &localizer,
        engines: &memorandum::render::LazyEngines::ready(engines),
        templates: &loaded.templates,
        base_url: None,
        source_date_epoch: None,
        publication_value: std::sync::OnceLock::new(),
        reuse: None,
        warnings: std::sync::Mutex::default(),
    };
    for e in &editions[..2] {
        group.bench_function(BenchmarkId::new("render (fr)", e.format.extension()), |b| {
            b.iter(|| backend(e.format).render(e, &input).map(|v| v.len()))
        });
    }
    group.bench_function("pdf layout: line breaking (fr)", |b| {
        b.iter(|| stages::lay_out(&fr, &input).is_ok())
    });
    let Ok(laid) = stages::lay_out(&fr, &input) else {
        panic!("layout");
    };
    group.bench_function("pdf pagination of the body (fr)", |b| {
        b.iter(|| stages::paginate_body(&laid))
    });
    let Ok(mut paged) = stages::paginate(laid) else {
        panic!("pagination");
    };
    group.bench_function("pdf writing (fr)", |b| {
        b.iter(|| stages::write(&mut paged).map(|v| v.len()))
    });
    group.finish();
}

fn bench(c: &mut Criterion) {
    stages_of(c, "memorandum", Path::new(env!("CARGO_MANIFEST_DIR")));
    let sizes = std::env::var("MEMORANDUM_BENCH_SIZES").unwrap_or_else(|_| "10,100,300".into());
    for n in sizes
        .split(',')
        .filter_map(|n| n.trim().parse::<usize>().ok())
    {
        let dir = tempfile::tempdir().expect("temp dir");
        synthetic::generate(dir.path(), n).expect("synthetic publication");
        stages_of(c, &format!("synthetic x{n}"), dir.path());
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
