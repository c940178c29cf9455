### The publication's frame: title, names, the page furniture around the text
### (table of contents, language switcher, index page). French is the reference
### language: every other locale translates from these texts.
###
### Typography: a narrow no-break space (U+202F) before ; : ! ? and inside « »;
### the typographic apostrophe ’.

## Names that differ by language. Terms (starting with -) can only be used
## inside other messages.

-region = Région de Bruxelles-Capitale
-government = Gouvernement de la Région de Bruxelles-Capitale
-cirb = CIRB
-cirb-long = Centre d’Informatique pour la Région Bruxelloise
-sco = Smart City Office

## The publication

# The document's title, on the title page, in the browser tab and in search results.
publication-title = Mémorandum d’objectifs Smart City
# One sentence that sums up the document: shown under the title and used as the
# description for search engines and link previews.
publication-description = Ce mémorandum, issu d’une démarche participative menée en 2018 et validé par le Gouvernement bruxellois au printemps 2019, fixe les objectifs de la { -region } en matière de ville intelligente.
# The line above the title (the kicker): the policy the document belongs to. Not
# the kind of document (the title says it), nor the region (shown beside this
# line: region-name), nor the publisher (named under the date: published-by).
document-kind = Politique Smart City
# The region, under the title.
region-name = { -region }
# The publication date, on the title page. As precise as the sources are: a
# period of a year when that is all they say (no exact date is public).
# A label, not « Date de publication », and no preposition: the same wording must
# fit a season (« Parution : printemps 2019 »), a day (« Parution : 30 avril 2019 »)
# and a month (« Parution : avril 2019 »), and the day and the month share the
# variant `none`.
# $period – spring, summer, autumn, winter, start (of the year), end, or none.
# $year – the year, as written: 2019.
# $date (date) – used when no period is given: a day (« 30 avril 2019 ») or a
# month (« avril 2019 »).
published-on = Parution : { $period ->
        [spring] printemps { $year }
        [summer] été { $year }
        [autumn] automne { $year }
        [winter] hiver { $year }
        [start] début { $year }
        [end] fin { $year }
       *[none] { DATETIME($date) }
    }
published-by = Une publication du { -cirb-long } ({ -cirb })

## Organisations and people named in the content (content/memorandum.yaml)

org-cirb = { -cirb }
org-irisnet = IRISnet
role-smart-city-manager = Smart City Manager

## Page furniture

# A link, hidden until focused, that lets keyboard users jump over the navigation.
skip-to-content = Aller au contenu
toc-title = Table des matières
# Label of the list of links to the other language editions (read by screen readers).
language-switcher = Langue de la publication
# The language's own name, shown in the language switcher of every edition.
language-name = Français
# On a phone, the bilingual page shows one language after the other: a link at
# its top to each language's text, and the label of those links for screen readers.
column-link = Texte en français
back-to-top = Retour en haut de page
signature-title = Signé par

## The index page (output/index.html) that links every edition

index-title = Éditions de la publication
# Names of the formats, as link texts on the index page.
format-html = Page web
format-md = Markdown
format-pdf = PDF à imprimer (A4)
# The bilingual page's download link: the PDF it opens has both languages.
format-pdf-bilingual = PDF bilingue français-néerlandais à imprimer (A4)
# Label of the list of one edition's formats (web page, Markdown, PDF), under the
# edition's language on the index page. Not index-title: these are formats, not
# editions.
formats-title = Formats disponibles

# The bilingual edition (French and Dutch side by side), on the index page.
edition-bilingual = Édition bilingue

## The PDF edition

# The running footer's page label. $page (number) – this page; $total (number) – all pages.
pdf-page-label = page { $page } sur { $total }
# The document's author, in the PDF's properties.
pdf-author = { -cirb-long } ({ -cirb })
# Keywords in the PDF's properties, separated by commas.
pdf-keywords = Smart City, Région de Bruxelles-Capitale, mémorandum d’objectifs, CIRB, Smart City Office, ville intelligente
