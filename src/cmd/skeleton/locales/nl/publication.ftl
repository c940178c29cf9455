### Het kader van de publicatie: titel, namen en de elementen rond de tekst
### (inhoudstafel, taalkeuze, indexpagina). Vertaald uit het Frans
### (locales/fr/publication.ftl).

## Namen die per taal verschillen. Termen (met - vooraan) kunnen alleen in
## andere berichten gebruikt worden.

-region = Brussels Hoofdstedelijk Gewest
-cirb = CIBG
-cirb-long = Centrum voor Informatica voor het Brusselse Gewest

## De publicatie

publication-title = Titel van de publicatie
publication-description = Vat de publicatie hier samen in één zin; die verschijnt onder de titel en in de resultaten van zoekmachines.
document-kind = Doelstellingenmemorandum
region-name = { -region }
# De publicatiedatum, zo precies als de bronnen.
# $period – spring, summer, autumn, winter, start (begin van het jaar), end of none.
# $year – het jaar: 2019. $date (datum) – als er geen periode is: een dag
# (‘30 april 2019’) of een maand (‘april 2019’).
published-on = Publicatiedatum: { $period ->
        [spring] voorjaar { $year }
        [summer] zomer { $year }
        [autumn] najaar { $year }
        [winter] winter { $year }
        [start] begin { $year }
        [end] eind { $year }
       *[none] { DATETIME($date) }
    }
published-by = Een publicatie van het { -cirb-long } ({ -cirb })

## Organisaties en personen uit de inhoud (content/memorandum.yaml)

org-cirb = { -cirb }
role-smart-city-manager = Smart City Manager

## Elementen van de pagina

skip-to-content = Naar de inhoud
toc-title = Inhoudstafel
language-switcher = Taal van de publicatie
language-name = Nederlands
column-link = Tekst in het Nederlands
back-to-top = Terug naar boven
signature-title = Ondertekenaar
project-partners = Partners:

## De indexpagina (output/index.html) met alle versies

index-title = Versies van de publicatie
formats-title = Beschikbare formaten
format-html = Webpagina
format-md = Markdown
format-pdf = Pdf om af te drukken (A4)
# De downloadlink op de tweetalige pagina: die pdf bevat beide talen.
format-pdf-bilingual = Tweetalige pdf Frans-Nederlands om af te drukken (A4)

edition-bilingual = Tweetalige versie

## De pdf-versie

pdf-page-label = pagina { $page } van { $total }
pdf-author = { -cirb-long } ({ -cirb })
pdf-keywords = Brussels Hoofdstedelijk Gewest, doelstellingenmemorandum
