### De tekst van de publicatie, deel per deel, in leesvolgorde. Vertaald uit het
### Frans: zie locales/fr/memorandum.ftl. Berichten mogen inline Markdown
### gebruiken: *cursief*, **vet**, [links](https://…). Geen HTML.

## Context

context-title = Context
context-intro = Schets hier de context van de publicatie: haar aanleiding, haar doelpubliek en de engagementen die ze aangaat.
context-quote = Citeer hier een uitspraak die de publicatie toelicht, zoals ze werd uitgesproken of geschreven.
    .by = Prénom Nom, Smart City Manager

## Doelstellingen

objectives-title = Doelstellingen
objectives-intro = De doelstellingen zijn de volgende:
objective-first = een eerste doelstelling, in één zin geformuleerd;
objective-second = een tweede doelstelling, op dezelfde manier geformuleerd.

## Een onderdeel van de doelstellingen

objectives-means-title = Middelen
objectives-means-text = Beschrijf hier de middelen die worden ingezet om deze doelstellingen te bereiken.

## Bijlagen

# $letter (String) - De letter van de bijlage: A, B…
annex-label = Bijlage { $letter }
glossary-title = Woordenlijst
glossary-text = Omschrijf hier de termen en afkortingen die in de publicatie worden gebruikt.

## Colofon

colophon-publisher = Verantwoordelijke uitgever:
colophon-address = Adres, postcode en gemeente
colophon-deposit = Wettelijk depot:
colophon-contact = Contact:
