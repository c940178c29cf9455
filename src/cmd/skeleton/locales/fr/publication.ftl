### The publication's frame: title, names, the page furniture around the text
### (table of contents, language switcher, index page). French is the reference
### language: every other locale translates from these texts.
###
### Typography: a narrow no-break space (U+202F) before ; : ! ? and inside « »;
### the typographic apostrophe ’.

## Names that differ by language. Terms (starting with -) can only be used
## inside other messages.

-region = Région de Bruxelles-Capitale
-cirb = CIRB
-cirb-long = Centre d’Informatique pour la Région Bruxelloise

## The publication

# The document's title, on the title page, in the browser tab and in search results.
publication-title = Titre de la publication
# One sentence that sums up the document: shown under the title and used as the
# description for search engines and link previews.
publication-description = Résumez ici la publication en une phrase ; elle s’affiche sous le titre et dans les résultats des moteurs de recherche.
# What kind of document this is, above the title.
document-kind = Mémorandum d’objectifs
# The region, under the title.
region-name = { -region }
# The publication date, as precise as the sources.
# $period – spring, summer, autumn, winter, start (of the year), end, or none.
# $year – the year: 2019. $date (date) – when no period is given: a day
# (« 30 avril 2019 ») or a month (« avril 2019 »).
published-on = Date de publication : { $period ->
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
role-smart-city-manager = Smart City Manager

## Page furniture

# A link, hidden until focused, that lets keyboard users jump over the navigation.
skip-to-content = Aller au contenu
toc-title = Table des matières
# Label of the list of links to the other language editions (read by screen readers).
language-switcher = Langue de la publication
# The language's own name, shown in the language switcher of every edition.
language-name = Français
column-link = Texte en français
back-to-top = Retour en haut de page
signature-title = Signataire
# Before the list of partners of a project.
project-partners = Partenaires :

## The index page (output/index.html) that links every edition

index-title = Éditions de la publication
formats-title = Formats disponibles
# Names of the formats, as link texts on the index page.
format-html = Page web
format-md = Markdown
format-pdf = PDF à imprimer (A4)
# The bilingual page's download link: the PDF it opens has both languages.
format-pdf-bilingual = PDF bilingue français-néerlandais à imprimer (A4)

# The bilingual edition (French and Dutch side by side), on the index page.
edition-bilingual = Édition bilingue

## The PDF edition

# The running footer's page label. $page (number) – this page; $total (number) – all pages.
pdf-page-label = page { $page } sur { $total }
# The document's author, in the PDF's properties.
pdf-author = { -cirb-long } ({ -cirb })
# Keywords in the PDF's properties, separated by commas.
pdf-keywords = Région de Bruxelles-Capitale, mémorandum d’objectifs
