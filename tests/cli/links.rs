//! Links between editions: generated from one list, checked at build time,
//! relative by default and absolute under `--base-url`.

use std::collections::{BTreeMap, BTreeSet};

use memorandum::links::{html_links, markdown_links, resolve};

use crate::util::Project;

/// Every alternate of every written HTML and Markdown file, resolved against
/// the output folder, as `page → targets`.
fn alternates(p: &Project, base: Option<&url::Url>) -> BTreeMap<String, BTreeSet<String>> {
    let mut map = BTreeMap::new();
    for (path, (bytes, _)) in p.output_tree() {
        let text = String::from_utf8(bytes).unwrap_or_default();
        let links = if path.ends_with(".html") {
            html_links(&text)
        } else if path.ends_with(".md") {
            markdown_links(&text)
        } else {
            continue;
        };
        let mut targets = BTreeSet::new();
        for link in links {
            match resolve(&path, &link.href, base) {
                Some(Ok(target)) => {
                    assert!(
                        p.path("output").join(&target).is_file(),
                        "{path} links to {} ({target}), which is not in output/",
                        link.href
                    );
                    if link.alternate {
                        targets.insert(target);
                    }
                }
                Some(Err(())) => panic!("{path}: {} leaves output/", link.href),
                None => {}
            }
        }
        map.insert(path, targets);
    }
    map
}

fn assert_two_way(map: &BTreeMap<String, BTreeSet<String>>) {
    for (page, targets) in map {
        for t in targets.iter().filter(|t| *t != page) {
            assert!(map[t].contains(page), "{page} → {t} is not answered");
        }
    }
}

#[test]
fn relative_links_point_at_written_files_both_ways() {
    let p = Project::shipped();
    p.run(&[]).ok();
    let map = alternates(&p, None);
    assert_two_way(&map);
    let fr = &map["fr/smart-city-memorandum.html"];
    assert_eq!(
        fr.iter().map(String::as_str).collect::<Vec<_>>(),
        [
            "fr-nl/smart-city-memorandum.html",
            "fr/smart-city-memorandum.html",
            "nl/smart-city-memorandum.html"
        ]
    );
    assert_eq!(
        map["nl/smart-city-memorandum.md"]
            .iter()
            .collect::<Vec<_>>(),
        ["fr/smart-city-memorandum.md"]
    );
    let html = p.read("output/fr/smart-city-memorandum.html");
    assert!(html.contains(
        r#"<link rel="alternate" hreflang="nl" href="../nl/smart-city-memorandum.html">"#
    ));
    assert!(
        html.contains(r#"<a href="smart-city-memorandum.pdf" type="application/pdf">"#),
        "PDF link beside the page"
    );
    assert!(
        !html.contains("rel=\"canonical\""),
        "no canonical URL without --base-url"
    );
}

#[test]
fn base_url_makes_every_link_between_editions_absolute() {
    let p = Project::shipped();
    p.run(&["--base-url", "https://be.brussels/memorandum"])
        .ok();
    let base = url::Url::parse("https://be.brussels/memorandum/").unwrap();
    let map = alternates(&p, Some(&base));
    assert_two_way(&map);
    assert_eq!(map["fr/smart-city-memorandum.html"].len(), 3);
    let html = p.read("output/nl/smart-city-memorandum.html");
    let abs = "https://be.brussels/memorandum/";
    assert!(html.contains(&format!(
        r#"<link rel="canonical" href="{abs}nl/smart-city-memorandum.html">"#
    )));
    assert!(html.contains(&format!(
        r#"<link rel="alternate" hreflang="fr" href="{abs}fr/smart-city-memorandum.html">"#
    )));
    assert!(html.contains(&format!(r#"<link rel="alternate" hreflang="x-default" href="{abs}fr-nl/smart-city-memorandum.html">"#)));
    // No relative link between editions is left (in-page anchors stay).
    for link in html_links(&html) {
        assert!(
            link.href.starts_with("https://") || link.href.starts_with('#'),
            "{}",
            link.href
        );
    }
    let md = p.read("output/fr/smart-city-memorandum.md");
    assert!(
        md.contains(&format!("pdf: \"{abs}fr/smart-city-memorandum.pdf\"")),
        "{md}"
    );
    assert!(
        md.contains(&format!("    url: \"{abs}nl/smart-city-memorandum.md\"")),
        "{md}"
    );
    let index = p.read("output/index.html");
    assert!(index.contains(&format!("href=\"{abs}fr-nl/smart-city-memorandum.pdf\"")));

    for bad in [
        "ftp://be.brussels/",
        "be.brussels/memorandum",
        "https://be.brussels/?x=1",
    ] {
        let run = p.run(&["--base-url", bad]);
        assert_eq!(run.code(), 2, "{bad}");
        assert!(run.stderr().contains("--base-url"), "{}", run.stderr());
    }
}

#[test]
fn a_template_with_a_dead_or_one_way_link_fails_the_build() {
    let p = Project::shipped();
    p.edit(
        "templates/publication.html",
        "<meta name=\"generator\" content=\"memorandum\">",
        "<meta name=\"generator\" content=\"memorandum\">\n<link rel=\"alternate\" hreflang=\"de\" href=\"../de/{{ edition.path | split(pat=\"/\") | last }}\">",
    );
    let run = p.run(&["--message-format", "json"]);
    assert_eq!(run.code(), 1);
    let d = run.json();
    let broken: Vec<&str> = d
        .iter()
        .filter(|d| d["code"] == "link-broken")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(broken.len(), 2, "{d:?}");
    assert!(
        broken[0].starts_with(
            "fr/smart-city-memorandum.html links to `../de/smart-city-memorandum.html`"
        )
    );
    assert!(!p.path("output").exists(), "nothing is written");

    // French names Dutch as its translation; Dutch names nothing.
    let p = Project::shipped();
    p.edit(
        "templates/publication.md",
        "{%- if alternates %}\ntranslations:",
        "{%- if alternates and lang == \"fr\" %}\ntranslations:",
    );
    let run = p.run(&["--message-format", "json"]);
    assert_eq!(run.code(), 1);
    let d = run.json();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["code"], "link-one-way");
    assert_eq!(
        d[0]["message"],
        "fr/smart-city-memorandum.md names nl/smart-city-memorandum.md as its translation, but nl/smart-city-memorandum.md does not name fr/smart-city-memorandum.md back"
    );
}
