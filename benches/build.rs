//! The whole build of the shipped memorandum, in memory (load, check, render every
//! edition), and the same with writing to a temporary folder.

use criterion::{Criterion, criterion_group, criterion_main};
use memorandum::render::Format;
use memorandum::{Settings, build, render_all};

fn settings(out: std::path::PathBuf) -> Settings {
    Settings {
        root: std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        out,
        languages: None,
        formats: Format::ALL.to_vec(),
    }
}

fn bench(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let s = settings(tmp.path().join("output"));
    c.bench_function("render_all (memorandum, fr+nl, html+md)", |b| {
        b.iter(|| render_all(&s).map(|r| r.outputs.len()).unwrap_or(0))
    });
    c.bench_function("build (render + write, unchanged files)", |b| {
        b.iter(|| build(&s).map(|r| r.outputs.len()).unwrap_or(0))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
