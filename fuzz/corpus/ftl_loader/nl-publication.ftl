### Het kader van de publicatie: titel, namen, en wat rond de tekst staat
### (inhoudstafel, taalkeuze, indexpagina). Vertaald uit het Frans (de
### referentietaal): zie locales/fr/publication.ftl.

## Namen die per taal verschillen. Termen (met een - vooraan) kunnen alleen
## binnen andere berichten worden gebruikt.

-region = Brussels Hoofdstedelijk Gewest
-government = Brusselse Hoofdstedelijke Regering
-cirb = CIBG
-cirb-long = Centrum voor Informatica voor het Brusselse Gewest
-sco = Smart City Office

## De publicatie

# De titel van het document: op de titelpagina, in het browsertabblad en in zoekresultaten.
publication-title = Smart City-doelstellingenmemorandum
# Eén zin die het document samenvat: onder de titel en als beschrijving voor zoekmachines.
publication-description = De doelstellingen van het { -region } voor een slimme stad: het resultaat van een participatief traject in 2018, goedgekeurd door de Brusselse Regering.
# Het soort document, boven de titel.
document-kind = Doelstellingenmemorandum
# Het gewest, onder de titel.
region-name = { -region }
# $date (datum) – de publicatiedatum: een dag ("30 april 2019") of een maand ("maart 2019").
published-on = Publicatiedatum: { DATETIME($date) }
published-by = Een publicatie van het { -cirb-long } ({ -cirb })

## Organisaties en personen uit de inhoud (content/memorandum.yaml)

org-cirb = { -cirb }
org-irisnet = IRISnet
role-smart-city-manager = Smart City Manager

## Rond de tekst

# Een link die pas zichtbaar wordt met het toetsenbord en de navigatie overslaat.
skip-to-content = Naar de inhoud
toc-title = Inhoudstafel
# Label van de lijst met links naar de andere taalversies (voor schermlezers).
language-switcher = Taal van de publicatie
# De eigen naam van de taal, in de taalkeuze van elke versie.
language-name = Nederlands
back-to-top = Terug naar boven
signature-title = Ondertekenaar

## De indexpagina (output/index.html) met alle versies

index-title = Versies van de publicatie
# Namen van de formaten, als linktekst op de indexpagina.
format-html = Webpagina
format-md = Markdown
format-pdf = Pdf om af te drukken (A4)

# De tweetalige versie (Frans en Nederlands naast elkaar), op de indexpagina.
edition-bilingual = Tweetalige versie

## De pdf-versie

# Het paginalabel in de voettekst. $page (getal) – deze pagina; $total (getal) – alle pagina's.
pdf-page-label = pagina { $page } van { $total }
# De auteur van het document, in de eigenschappen van de pdf.
pdf-author = { -cirb-long } ({ -cirb })
# Trefwoorden in de eigenschappen van de pdf, gescheiden door komma's.
pdf-keywords = Smart City, Brussels Hoofdstedelijk Gewest, doelstellingenmemorandum, CIBG, Smart City Office, slimme stad
