### De tekst van de publicatie, deel per deel, in leesvolgorde. Vertaald uit het
### Frans: zie locales/fr/memorandum.ftl. Berichten mogen inline Markdown
### gebruiken: *cursief*, **vet**, [links](https://…). Geen HTML.

## Context

context-title = Context
context-intro = Schets hier de context van de publicatie: haar aanleiding, haar doelpubliek en de engagementen die ze aangaat.

## Doelstellingen

objectives-title = Doelstellingen
objectives-intro = De doelstellingen zijn de volgende:
objective-first = een eerste doelstelling, in één zin geformuleerd;
objective-second = een tweede doelstelling, op dezelfde manier geformuleerd.
