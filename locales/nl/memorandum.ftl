### De tekst van de ambitienota, per hoofdstuk, in leesvolgorde.
### De titel van een hoofdstuk is `<id van het hoofdstuk>-title`; de andere id’s
### staan in content/memorandum.yaml. Berichten mogen eenvoudige Markdown
### bevatten: *cursief*, **vet**, [links](https://…). Geen HTML.
###
### Terminologie: het document heet ‘ambitienota’ (Frans: ‘mémorandum’);
### gouvernance = ‘governance’; acteurs clés = ‘sleutelspelers’;
### projets phares = ‘speerpuntprojecten’.

## Context

background-title = Context
background-declaration = In de gewestelijke beleidsverklaring 2014–2019 heeft de { -government } zich ertoe verbonden Brussel tot een digitale hoofdstad te maken.
# $approved (datum) – de dag waarop de Regering de strategie goedkeurde: ‘26 januari 2017’.
background-strategy = De Smart City-strategie werd op { DATETIME($approved) } door de Regering goedgekeurd en steunt op de vijf dimensies van de Europese index van de digitale economie en maatschappij (DESI), aangevuld met eigen Smart City-prioriteiten.

## Het participatieve traject

process-title = Een participatief traject
process-intro = Deze ambitienota kwam tot stand na langdurig overleg met de Smart City-actoren in Brussel.

# Het datumlabel van een stap in de tijdlijn.
# $period – spring, summer, autumn, winter, start (begin van het jaar), end of none.
# $year – het jaar, zoals het geschreven wordt: 2018.
# $date (datum) – de maand, als er geen periode is: ‘mei 2018’.
timeline-when = { $period ->
        [spring] Voorjaar { $year }
        [summer] Zomer { $year }
        [autumn] Najaar { $year }
        [winter] Winter { $year }
        [start] Begin { $year }
        [end] Eind { $year }
       *[none] { DATETIME($date) }
    }

process-bilateral = Bilaterale gesprekken met de actoren van de ‘quadruple helix’: het maatschappelijk middenveld, de academische wereld, de publieke en de private partners. De bedoeling was hen bij het traject te betrekken en draagvlak te creëren, maar ook ideeën en projecten in kaart te brengen en er een impuls aan te geven.
process-political = Overleg met de politieke verantwoordelijken om hun visie scherp te stellen, synergieën te zoeken en samen na te denken over de governance van het { -sco }.
# $workshops (getal) – het aantal workshops: 12, voluit geschreven: ‘twaalf’.
process-inventory = Grondige inventaris van de bestaande oplossingen en platformen, opgemaakt tijdens { $workshops ->
        [12] twaalf workshops
        [one] één workshop
       *[other] { $workshops } workshops
    } met sleutelspelers uit Brusselse publieke en private organisaties, zodat de ambitienota kan voortbouwen op wat al bestaat en op de beschikbare middelen.
process-result = Goedkeuring van deze ambitienota door de Regering. De nota schetst een realistische en haalbare visie voor de komende jaren; het { -sco } zal de uitvoering ervan aansturen en opvolgen.

## Strategische krachtlijnen

directions-title = Strategische krachtlijnen
directions-desi = De strategie stoelt op de vijf DESI-dimensies:
desi-connectivity = connectiviteit;
desi-human-capital = menselijk kapitaal;
desi-internet-use = gebruik van internetdiensten;
desi-integration = integratie van digitale technologie;
desi-public-services = digitale overheidsdiensten.
directions-priorities = Daar komen de eigen Smart City-prioriteiten bij:
priority-transversality = transversaliteit;
priority-pooling = bundeling van middelen en hergebruik;
priority-inclusion = digitale inclusie;
priority-europe = Europese dimensie;
priority-governance = governance en prestatiemeting.

## Gewestelijke projecten

projects-title = Gewestelijke projecten
projects-intro = De ambitienota besteedt ruime aandacht aan gewestelijke projecten waaraan het { -cirb } al jaren gestaag werkt. Die projecten rusten op een solide en duurzame infrastructuur die het { -cirb } samen met zijn partner IRISnet heeft uitgebouwd.
# Elk project: de naam (de waarde) en, als de bronnen meer zeggen dan de naam,
# één zin over wat het doet (.description). Zonder beschrijving in het Frans
# toont geen enkele editie er een.
project-fiber-to-the-school = Fiber to the School
    .description = De aansluiting van Brusselse scholen op glasvezel.
project-public-wifi = Gratis openbare wifi
project-data-center = Gewestelijk datacenter
project-video-security = Gedeelde videobewakingsplatformen
project-fidus = FIDUS
    .description = De uitwisseling van gegevens uit authentieke bronnen.
# Label voor de lijst van de organisaties die bij een project betrokken zijn:
# het CIBG, dat het project draagt, en zijn partner IRISnet (de bronnen noemen
# beide voor alle vijf projecten). Niet ‘Partners’: het CIBG is geen partner van
# zijn eigen projecten.
project-partners = Betrokken organisaties:
projects-role = Deze ambitienota bevestigt daarmee de rol van het { -cirb } als sleutelspeler bij de optimalisering en rationalisering van het Brusselse digitale ecosysteem.

## Governance

governance-title = Governance: het Smart City Office
governance-mandate = De Regering heeft het { -cirb } gevraagd een { -sco } op te richten voor de coördinatie van de Smart City-initiatieven in het Gewest.
# $parts (getal) – het aantal luiken (onderdelen) van de opdracht: 6. Getallen onder tien
# worden in lopende tekst voluit geschreven: voeg een variant toe zoals [6] zes.
governance-contract = Daartoe werd een opdracht met { $parts ->
        [6] zes luiken
       *[other] { $parts } luiken
    } gegund:
contract-stakeholders = belanghebbenden en participatie;
contract-vision = ondersteuning van de Regering, gedeelde visie en speerpuntprojecten;
contract-office = governance: het Smart City Office;
contract-indicators = prestatie-indicatoren en dashboard;
contract-roadmap = routekaart;
contract-architecture = principes van open architectuur en standaarden.
# $kickoff (datum) – de datum van de startvergadering: ‘19 februari 2018’.
governance-kickoff = De startvergadering van de opdracht vond plaats op { DATETIME($kickoff) }.
governance-office = Het { -sco } ressorteert onder het { -cirb } en wordt geleid door de Smart City Manager. Het krijgt een voortrekkersrol bij de uitrol van het Brusselse Smart City-beleid en zal toezien op de verwezenlijking van deze ambitienota.
