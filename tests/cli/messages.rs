//! The whole human-readable text of one diagnostic of each error class in the
//! user guide's tables (file, line, column, snippet, caret, hint), as a reader sees it,
//! the way `just` tests its error messages: a change to any of them shows in review
//! (`cargo insta review`).

use crate::util::Project;

/// Breaks a copy of the project, runs `check`, and returns its standard error.
fn text_of(breakage: impl FnOnce(&Project)) -> String {
    let p = Project::shipped();
    breakage(&p);
    let run = p.run(&["check"]);
    assert_ne!(run.code(), 0, "{}", run.stderr());
    run.stderr()
}

macro_rules! message {
    ($name:ident, $breakage:expr) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(stringify!($name), text_of($breakage));
        }
    };
}

message!(unknown_field, |p: &Project| p.edit(
    "content/memorandum.yaml",
    "languages:",
    "langauges:"
));
message!(wrong_type, |p: &Project| p.edit(
    "content/next-steps.yaml",
    "status: in-progress",
    "status: [planned]"
));
message!(duplicate_organisation, |p: &Project| p.edit(
    "content/memorandum.yaml",
    "  - id: irisnet",
    "  - id: cirb"
));
message!(unknown_organisation, |p: &Project| p.edit(
    "content/next-steps.yaml",
    "owner: cirb",
    "owner: cirbb"
));
message!(bad_url, |p: &Project| p.edit(
    "content/memorandum.yaml",
    "url: https://www.irisnet.be",
    "url: \"javascript:alert(1)\""
));
message!(impossible_date, |p: &Project| p.edit(
    "content/memorandum.yaml",
    "approved: 2017-01-26",
    "approved: 2017-02-30"
));
message!(missing_message, |p: &Project| p.edit(
    "locales/nl/memorandum.ftl",
    "process-title = ",
    "process-titel = "
));
message!(missing_variable, |p: &Project| p.edit(
    "locales/nl/memorandum.ftl",
    "{ $workshops ->",
    "{ $ateliers ->"
));
message!(ftl_syntax, |p: &Project| p.edit(
    "locales/fr/publication.ftl",
    "toc-title = Table des matières",
    "toc-title = { Table des matières"
));
message!(unknown_function, |p: &Project| p.edit(
    "locales/fr/memorandum.ftl",
    "{ DATETIME($approved) }",
    "{ DATUM($approved) }"
));
message!(message_format, |p: &Project| p.edit(
    "content/memorandum.yaml",
    "approved: 2017-01-26",
    "approved: Feb 2017"
));
message!(message_markup, |p: &Project| p.edit(
    "locales/fr/memorandum.ftl",
    "background-title = Contexte",
    "background-title = [Contexte](javascript:alert(1))"
));
message!(template_syntax, |p: &Project| p.edit(
    "templates/publication.md",
    "{{ t(id=\"toc-title\") }}",
    "{{ t(id=\"toc-title\" }}"
));
message!(template_unknown_filter, |p: &Project| p.edit(
    "templates/publication.html",
    "{{ t(id=\"back-to-top\") }}",
    "{{ lang | shout }}"
));
message!(missing_glyph, |p: &Project| p.edit(
    "locales/nl/memorandum.ftl",
    "background-title = Context",
    "background-title = Context 🚀"
));
message!(edition_collision, |p: &Project| p.edit(
    "content/memorandum.yaml",
    "languages: [fr, nl]",
    "languages: [fr, nl, pseudo]"
));
