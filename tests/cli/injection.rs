//! Translator and content text is untrusted: it comes out as text, in every format.

use crate::util::{Project, line_of};

#[test]
fn script_and_onerror_from_translations_and_content_are_text() {
    let p = Project::shipped();
    p.edit(
        "locales/fr/memorandum.ftl",
        "background-title = Contexte",
        "background-title = Contexte <script>alert(1)</script> <img src=x onerror=alert(2)>",
    );
    p.edit(
        "content/memorandum.yaml",
        "name: Céline Vanderborght",
        "name: \"Céline <script>alert(3)</script><img src=x onerror=alert(4)> [x](javascript:alert(5))\"",
    );
    p.run(&[]).ok();
    let html = p.read("output/fr/smart-city-memorandum.html");
    let md = p.read("output/fr/smart-city-memorandum.md");
    assert!(!html.contains("<script"), "script tag in HTML");
    assert!(!html.contains("<img"), "img tag in HTML");
    assert!(html.contains(
        "Contexte &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt;"
    ));
    assert!(html.contains("Céline &lt;script&gt;alert(3)&lt;/script&gt;"));
    assert!(!html.contains("href=\"javascript"));
    // In Markdown, the same text is escaped so no parser turns it back into HTML.
    let body = md.split_once("\n---\n").unwrap().1;
    for event in pulldown_cmark::Parser::new(body) {
        assert!(
            !matches!(
                event,
                pulldown_cmark::Event::Html(_) | pulldown_cmark::Event::InlineHtml(_)
            ),
            "raw HTML in Markdown: {event:?}"
        );
        if let pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link { dest_url, .. }) = &event {
            assert!(
                !dest_url.to_ascii_lowercase().contains("script:"),
                "link to {dest_url}"
            );
        }
    }
    let rendered = {
        let mut s = String::new();
        pulldown_cmark::html::push_html(&mut s, pulldown_cmark::Parser::new(body));
        s
    };
    assert!(
        !rendered.contains("<script") && !rendered.contains("<img"),
        "Markdown renders to live HTML"
    );
}

#[test]
fn content_urls_must_be_http() {
    let p = Project::shipped();
    p.edit(
        "content/memorandum.yaml",
        "url: https://www.irisnet.be",
        "url: \"javascript:alert(1)\"",
    );
    let run = p.run(&["check", "--message-format", "json"]);
    assert_eq!(run.code(), 1);
    let d = &run.json()[0];
    assert_eq!(d["code"], "bad-url");
    assert_eq!(d["file"], "content/memorandum.yaml");
    assert_eq!(
        d["line"],
        line_of("content/memorandum.yaml", "url: https://www.irisnet.be")
    );
}
