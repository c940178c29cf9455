//! The layers of `src/` point one way: a module may use only modules of a lower
//! layer (and its own files). This test reads every `crate::…` path in the sources
//! and fails on any that points up or sideways, so no import cycle can come back.
//! `cargo test --test cli layers -- --nocapture` prints the graph.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The layers, lowest first: diagnostics and the model know nothing else; load reads
/// files into the model; markup, i18n, typography and l10n work on what was loaded;
/// render makes bytes; output, manifest and links are the stages after rendering;
/// pipeline runs them all; cli and cmd face the user.
const LAYERS: &[&[&str]] = &[
    &["diagnostics", "fsx"],
    &["model"],
    &["load", "markup"],
    &["i18n", "typography"],
    &["l10n"],
    &["render"],
    &["output"],
    &["manifest", "links"],
    &["pipeline"],
    &["cli"],
    &["cmd"],
];

fn layer_of(module: &str) -> usize {
    LAYERS
        .iter()
        .position(|l| l.contains(&module))
        .unwrap_or_else(|| panic!("module `{module}` is in no layer: add it to LAYERS"))
}

fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_owned()
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn every_module_uses_only_lower_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    all.sort();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut wrong = Vec::new();
    for file in &all {
        let module = module_of(&src, file);
        if module == "lib" || module == "main" {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            for part in line.split("crate::").skip(1) {
                let used: String = part
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if used.is_empty() || used == module {
                    continue;
                }
                graph
                    .entry(module.clone())
                    .or_default()
                    .insert(used.clone());
                if layer_of(&used) >= layer_of(&module) {
                    wrong.push(format!(
                        "{}:{}: `{module}` uses `{used}`, which is not in a lower layer",
                        file.strip_prefix(&src).unwrap().display(),
                        n + 1
                    ));
                }
            }
        }
    }
    for (m, uses) in &graph {
        let uses: Vec<&str> = uses.iter().map(String::as_str).collect();
        eprintln!("{m} (layer {}) → {}", layer_of(m), uses.join(", "));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
