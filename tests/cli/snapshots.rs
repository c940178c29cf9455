//! Snapshots of the editions, reviewed and committed: any change to what readers
//! get shows up as a diff to accept or fix (`cargo insta review`).

use crate::util::Project;

#[test]
fn editions() {
    let p = Project::shipped();
    p.run(&[]).ok();
    for lang in ["fr", "nl"] {
        for ext in ["html", "md"] {
            let text = p.read(&format!("output/{lang}/smart-city-memorandum.{ext}"));
            // The stylesheet is long and not what these snapshots are about.
            let text = match (text.find("<style>"), text.find("</style>")) {
                (Some(a), Some(b)) => format!(
                    "{}<style>…</style>{}",
                    &text[..a],
                    &text[b + "</style>".len()..]
                ),
                _ => text,
            };
            insta::assert_snapshot!(format!("{lang}-{ext}"), text);
        }
    }
}
