### De volgende stappen (content/next-steps.yaml) en hun tabel.

next-steps-title = Volgende stappen
next-steps-intro = Hieronder staan de volgende stappen in de uitvoering van de ambitienota, met de stand van zaken op het moment van publicatie.

## De kolomkoppen van de tabel

steps-col-step = Stap
steps-col-owner = Verantwoordelijke
# De kolom met de uiterste datum waarop elke stap klaar moet zijn.
steps-col-deadline = Uiterste datum
steps-col-status = Stand van zaken
# Een label voor zijn waarde waar de stappen geen tabel zijn (een kolom van de
# tweetalige pdf): ‘Uiterste datum: 30 april 2019’. $label – een van de koppen hierboven.
detail-label = { $label }:

## Eén bericht per stap: de titel (waarde) en het volledige engagement (.description).
## $deadline (datum) – de uiterste datum van de stap: ‘30 april 2019’.

step-smart-city-office = Uitbouw van het Smart City Office
    .description = Het { -cirb } werkt een concreet uitvoeringsvoorstel uit, dat uiterlijk op { DATETIME($deadline) } klaar moet zijn.
step-indicators-roadmap = Prestatie-indicatoren en routekaart
    .description = Het { -cirb } legt kernprestatie-indicatoren (KPI’s) vast en stelt een Smart City-routekaart op om de verwezenlijking van de doelstellingen op te volgen. Een eerste voorstel voor de KPI’s volgt uiterlijk op { DATETIME($deadline) }.

# $deadline (datum) – in de kolom met de uiterste datum.
deadline = { DATETIME($deadline) }

## De stand van zaken van een stap

status-planned = Gepland
status-in-progress = In uitvoering
status-done = Uitgevoerd
