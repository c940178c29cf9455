### De tekst van het memorandum, per hoofdstuk, in leesvolgorde.
### De titel van een hoofdstuk is `<id van het hoofdstuk>-title`; de andere id's
### staan in content/memorandum.yaml. Berichten mogen eenvoudige Markdown
### bevatten: *cursief*, **vet**, [links](https://…). Geen HTML.

## Context

background-title = Context
background-declaration = In de gewestelijke beleidsverklaring 2014-2019 heeft de { -government } zich ertoe verbonden om van Brussel een digitale hoofdstad te maken.
# $approved (maand) – wanneer de Regering de strategie goedkeurde: "februari 2017".
background-strategy = De Smart City-strategie, die de Regering in { DATETIME($approved) } heeft goedgekeurd, steunt op de vijf dimensies van de index van de digitale economie en samenleving (DESI) van de Europese Unie, aangevuld met eigen Smart City-prioriteiten.

## Het participatieve traject

process-title = Een participatief traject
process-intro = Dit memorandum is het resultaat van langdurig werk in overleg met de actoren van de Brusselse Smart City.

# Het datumlabel van een stap in de tijdlijn.
# $period – spring, summer, autumn, winter, start (begin van het jaar), end of none.
# $year – het jaar, zoals het geschreven wordt: 2018.
# $date (datum) – de maand, als er geen periode is: "mei 2018".
timeline-when = { $period ->
        [spring] Voorjaar { $year }
        [summer] Zomer { $year }
        [autumn] Najaar { $year }
        [winter] Winter { $year }
        [start] Begin { $year }
        [end] Eind { $year }
       *[none] { DATETIME($date) }
    }

process-bilateral = Bilaterale ontmoetingen met de ‘quadruple helix’ van de Brusselse Smart City-actoren: het maatschappelijk middenveld, de academische wereld, de publieke en de private partners. Het doel was hen bij het project te betrekken, hun steun te verwerven en ideeën en projecten op te sporen en in gang te zetten.
process-political = Ontmoetingen met de politieke overheden om samen hun visie uit te werken, synergieën te vinden en na te denken over het bestuur van het { -sco }.
# $workshops (getal) – het aantal workshops: 12.
process-inventory = Grondige inventaris van de bestaande oplossingen en platformen, opgesteld tijdens { $workshops ->
        [one] één workshop
       *[other] { $workshops } workshops
    } met sleutelactoren uit Brusselse publieke en private organisaties, zodat het memorandum kan voortbouwen op wat al bestaat en op de beschikbare middelen.
process-result = Goedkeuring door de Regering van een doelstellingenmemorandum met een realistische en haalbare visie voor de komende jaren; het { -sco } zal de uitvoering ervan aansturen en opvolgen.

## Strategische krachtlijnen

directions-title = Strategische krachtlijnen
directions-desi = De strategie steunt op de vijf dimensies van de DESI-index:
desi-connectivity = connectiviteit;
desi-human-capital = menselijk kapitaal;
desi-internet-use = gebruik van internetdiensten;
desi-integration = integratie van digitale technologie;
desi-public-services = digitale overheidsdiensten.
directions-priorities = Daarnaast gelden eigen Smart City-prioriteiten:
priority-transversality = transversaliteit;
priority-pooling = bundeling van middelen en hergebruik;
priority-inclusion = digitale inclusie;
priority-europe = Europese dimensie;
priority-governance = bestuur en prestatiemeting.

## Gewestelijke projecten

projects-title = Gewestelijke projecten
projects-intro = Het memorandum besteedt ruime aandacht aan projecten waaraan het { -cirb } al jaren gestaag werkt. Ze steunen op een solide en duurzame infrastructuur, uitgebouwd samen met zijn partner IRISnet.
# Elk project: de naam (de waarde) en één zin over wat het doet (.description).
project-fiber-to-the-school = Fiber to the School
    .description = De aansluiting van de Brusselse scholen op glasvezel.
project-public-wifi = Gratis openbare wifi
    .description = Gratis draadloze internettoegang in de Brusselse openbare ruimte.
project-data-center = Gewestelijk datacenter
    .description = Een gedeeld datacenter ten dienste van de Brusselse overheden.
project-video-security = Gedeelde videobewakingsplatformen
    .description = Gemeenschappelijke platformen waarmee veiligheidsactoren camerabeelden kunnen delen.
project-fidus = FIDUS
    .description = De uitwisseling van gegevens uit authentieke bronnen tussen overheidsdiensten.
# Label voor de lijst van partners van een project.
project-partners = Partners:
projects-role = Dit memorandum bevestigt de rol van het { -cirb } als sleutelspeler bij de optimalisering en rationalisering van het Brusselse digitale ecosysteem.

## Bestuur

governance-title = Bestuur: het Smart City Office
governance-mandate = Om de Smart City-initiatieven in het Gewest te coördineren, heeft de Regering het { -cirb } gevraagd een { -sco } (SCO) op te richten.
# $parts (getal) – het aantal onderdelen van de opdracht: 6. Getallen onder tien
# worden in lopende tekst voluit geschreven: voeg een variant toe zoals [6] zes.
governance-contract = Daartoe werd een opdracht gegund die uit { $parts ->
        [6] zes onderdelen
       *[other] { $parts } onderdelen
    } bestaat:
contract-stakeholders = belanghebbenden en participatie;
contract-vision = ondersteuning van de Regering, gedeelde visie en voornaamste projecten;
contract-office = bestuur: het Smart City Office;
contract-indicators = prestatie-indicatoren en dashboard;
contract-roadmap = routekaart;
contract-architecture = principes van open architectuur en standaarden.
# $kickoff (datum) – de datum van de startvergadering: "19 februari 2018".
governance-kickoff = De startvergadering vond plaats op { DATETIME($kickoff) }.
governance-office = Het { -sco } valt onder de verantwoordelijkheid van het { -cirb } en wordt geleid door de Smart City Manager. Het speelt een leidende rol bij de uitrol van het Brusselse Smart City-beleid en ziet toe op de verwezenlijking van dit memorandum.
