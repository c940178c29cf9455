### De volgende stappen (content/next-steps.yaml) en hun tabel. Vertaald uit het
### Frans: zie locales/fr/next-steps.ftl.

next-steps-title = Volgende stappen
next-steps-intro = De uitvoering gaat verder met de volgende stappen.

## De kolomkoppen van de tabel

steps-col-step = Stap
steps-col-owner = Verantwoordelijke
steps-col-deadline = Termijn
steps-col-status = Stand van zaken
# Een label voor zijn waarde waar de stappen geen tabel zijn (een kolom van de
# tweetalige pdf): ‘Uiterste datum: 30 april 2019’. $label – een van de koppen hierboven.
detail-label = { $label }:

## Eén bericht per stap: de titel (waarde) en het volledige engagement (.description).

step-first = Eerste stap
    .description = Beschrijf hier het engagement en het resultaat dat uiterlijk op { DATETIME($deadline) } verwacht wordt.

deadline = { DATETIME($deadline) }

## De stand van een stap

status-planned = Gepland
status-in-progress = Lopend
status-done = Uitgevoerd
