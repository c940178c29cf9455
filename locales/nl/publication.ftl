### Het kader van de publicatie: titel, namen, en wat rond de tekst staat
### (inhoudstafel, taalkeuze, indexpagina). Vertaald uit het Frans (de
### referentietaal): zie locales/fr/publication.ftl.
###
### Het Gewest noemt dit document een ‘ambitienota’ (Frans: ‘mémorandum
### d’objectifs’). Aanhalingstekens: ‘…’.

## Namen die per taal verschillen. Termen (met een - vooraan) kunnen alleen
## binnen andere berichten worden gebruikt.

-region = Brussels Hoofdstedelijk Gewest
-government = Brusselse Hoofdstedelijke Regering
-cirb = CIBG
-cirb-long = Centrum voor Informatica voor het Brussels Gewest
-sco = Smart City Office

## De publicatie

# De titel van het document: op de titelpagina, in het browsertabblad en in zoekresultaten.
# De eigen titel van de nota is ‘Ambitienota uitrol van het Smart City-beleid in
# het Brussels Hoofdstedelijk Gewest’; dit is de korte vorm.
publication-title = Brussels Smart City-ambitienota
# Eén zin die het document samenvat: onder de titel en als beschrijving voor zoekmachines.
publication-description = Deze ambitienota, het resultaat van een participatief traject in 2018, werd in het voorjaar van 2019 door de Brusselse Regering goedgekeurd en legt de Smart City-doelstellingen van het { -region } vast.
# De regel boven de titel: het beleid waartoe het document behoort. Niet het
# soort document (dat staat in de titel), niet het gewest (dat staat ernaast:
# region-name) en niet de uitgever (onder de datum: published-by).
document-kind = Smart City-beleid
# Het gewest, onder de titel.
region-name = { -region }
# De publicatiedatum, op de titelpagina. Zo precies als de bronnen: een periode
# van een jaar als ze niet meer zeggen (er is geen exacte datum bekend).
# Een label, niet ‘Publicatiedatum’, en geen voorzetsel: dezelfde formulering moet
# passen bij een seizoen (‘Verschenen: voorjaar 2019’), een dag (‘Verschenen: 30 april
# 2019’) en een maand (‘Verschenen: april 2019’); de dag en de maand delen de
# variant `none`.
# $period – spring, summer, autumn, winter, start (begin van het jaar), end of none.
# $year – het jaar, zoals het geschreven wordt: 2019.
# $date (datum) – als er geen periode is: een dag (‘30 april 2019’) of een maand (‘april 2019’).
published-on = Verschenen: { $period ->
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
org-irisnet = IRISnet
role-smart-city-manager = Smart City Manager

## Rond de tekst

# Een link die pas zichtbaar wordt met het toetsenbord en de navigatie overslaat.
skip-to-content = Naar de inhoud
toc-title = Inhoudstafel
# Label van de lijst met links naar de andere taalversies (voor schermlezers).
language-switcher = Taal van de publicatie
# De eigen naam van de taal, in de taalkeuze van elke versie.
language-name = Nederlands
# Op een smartphone toont de tweetalige pagina de ene taal na de andere: bovenaan
# een link naar de tekst in elke taal, en het label van die links voor schermlezers.
column-link = Tekst in het Nederlands
back-to-top = Terug naar boven
signature-title = Ondertekend door

## De indexpagina (output/index.html) met alle versies

index-title = Versies van de publicatie
# Namen van de formaten, als linktekst op de indexpagina.
format-html = Webpagina
format-md = Markdown
format-pdf = Afdrukbare pdf (A4)
# De downloadlink op de tweetalige pagina: die pdf bevat beide talen.
format-pdf-bilingual = Tweetalige pdf Frans-Nederlands om af te drukken (A4)
# Label van de lijst met de formaten van één versie (webpagina, Markdown, pdf), onder
# de taal van die versie op de indexpagina. Niet index-title: dit zijn formaten,
# geen versies.
formats-title = Beschikbare formaten

# De tweetalige versie (Frans en Nederlands naast elkaar), op de indexpagina.
edition-bilingual = Tweetalige versie

## De pdf-versie

# Het paginalabel in de voettekst. $page (getal) – deze pagina; $total (getal) – alle pagina’s.
pdf-page-label = pagina { $page } van { $total }
# De auteur van het document, in de eigenschappen van de pdf.
pdf-author = { -cirb-long } ({ -cirb })
# Trefwoorden in de eigenschappen van de pdf, gescheiden door komma’s.
pdf-keywords = Smart City, Brussels Hoofdstedelijk Gewest, ambitienota, CIBG, Smart City Office, slimme stad
