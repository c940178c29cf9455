### The body of the memorandum, section by section, in reading order.
### A section's heading is `<section id>-title`; the other ids are listed in
### content/memorandum.yaml. Messages may use inline Markdown: *italics*,
### **bold**, [links](https://…). No HTML.

## Background

background-title = Contexte
background-declaration = Le { -government } s’est engagé, dans sa déclaration de politique régionale 2014–2019, à faire de Bruxelles une capitale numérique.
# $approved (date) – the day the Government approved the strategy: « 26 janvier 2017 ».
background-strategy = La stratégie Smart City, approuvée par le Gouvernement le { DATETIME($approved) }, s’appuie sur les cinq dimensions de l’indice relatif à l’économie et à la société numériques (DESI) de l’Union européenne, complétées par des priorités spécifiques à la Smart City.

## The participatory process

process-title = Une démarche participative
process-intro = Le présent mémorandum est l’aboutissement d’un travail de longue haleine, mené en concertation avec les acteurs de la Smart City bruxelloise.

# The date label of a timeline entry.
# $period – spring, summer, autumn, winter, start (of the year), end, or none.
# $year – the year, as written: 2018.
# $date (date) – the month, used when no period is given: « mai 2018 ».
timeline-when = { $period ->
        [spring] Printemps { $year }
        [summer] Été { $year }
        [autumn] Automne { $year }
        [winter] Hiver { $year }
        [start] Début { $year }
        [end] Fin { $year }
       *[none] { DATETIME($date) }
    }

process-bilateral = Rencontres bilatérales avec les acteurs de la « quadruple hélice » : la société civile, le monde académique, les partenaires publics et les partenaires privés. Il s’agissait de les associer à la démarche et d’obtenir leur adhésion, mais aussi de repérer des idées et des projets et de leur donner une impulsion.
process-political = Réunions avec les autorités politiques afin de préciser leur vision, de dégager des synergies et de réfléchir ensemble à la gouvernance du { -sco }.
# $workshops (number) – how many workshops were held: 12, written out: « douze ».
process-inventory = Inventaire approfondi des solutions et des plateformes existantes, dressé lors de { $workshops ->
        [12] douze ateliers
        [one] { $workshops } atelier
       *[other] { $workshops } ateliers
    } réunissant des acteurs clés d’organisations publiques et privées bruxelloises, afin que le mémorandum tire parti de l’existant et des ressources disponibles.
process-result = Validation par le Gouvernement du présent mémorandum, qui propose une vision réaliste et réalisable pour les années à venir ; le { -sco } en pilotera la mise en œuvre et en assurera le suivi.

## Strategic directions

directions-title = Orientations stratégiques
directions-desi = La stratégie s’articule autour des cinq dimensions de l’indice DESI :
desi-connectivity = la connectivité ;
desi-human-capital = le capital humain ;
desi-internet-use = l’utilisation des services internet ;
desi-integration = l’intégration des technologies numériques ;
desi-public-services = les services publics numériques.
directions-priorities = S’y ajoutent les priorités propres à la Smart City :
priority-transversality = la transversalité ;
priority-pooling = la mutualisation et la réutilisation ;
priority-inclusion = l’inclusion numérique ;
priority-europe = la dimension européenne ;
priority-governance = la gouvernance et la mesure de la performance.

## Regional projects

projects-title = Projets régionaux
projects-intro = Le mémorandum fait une large place à des projets régionaux que le { -cirb } mène avec constance depuis plusieurs années. Ces projets reposent sur une infrastructure solide et durable qu’il a construite avec son partenaire IRISnet.
# Each project: its name (the value) and, where the sources say more than the
# name, one sentence on what it does (.description). The description is optional:
# without one in French, no edition shows one.
project-fiber-to-the-school = Fiber to the School
    .description = Le raccordement d’écoles bruxelloises à la fibre optique.
project-public-wifi = Wi-Fi public gratuit
project-data-center = Centre de données régional
project-video-security = Plateformes de vidéoprotection partagées
project-fidus = FIDUS
    .description = L’échange de données provenant de sources authentiques.
# Label before the list of the organisations involved in a project: the CIRB,
# which carries the project, and its partner IRISnet (the sources name both for
# all five projects). Not "partners": the CIRB is not a partner of its own projects.
project-partners = Organisations impliquées :
projects-role = Le présent mémorandum confirme ainsi le rôle d’acteur clé du { -cirb } dans l’optimisation et la rationalisation de l’écosystème numérique bruxellois.

## Governance

governance-title = Gouvernance : le Smart City Office
governance-mandate = Le Gouvernement a confié au { -cirb } la mise sur pied d’un { -sco }, chargé de coordonner les initiatives Smart City menées dans la Région.
# $parts (number) – how many parts the contract has: 6. Numbers below ten are
# written out in running text: add a variant such as [6] six.
governance-contract = À cette fin, un marché en { $parts ->
        [6] six volets
       *[other] { $parts } volets
    } a été attribué :
contract-stakeholders = les parties prenantes et la participation ;
contract-vision = le soutien au Gouvernement, la vision partagée et les projets phares ;
contract-office = la gouvernance : le Smart City Office ;
contract-indicators = les indicateurs de performance et le tableau de bord ;
contract-roadmap = la feuille de route ;
contract-architecture = les principes d’architecture ouverte et les normes.
# $kickoff (date) – the date of the kick-off meeting: « 19 février 2018 ».
governance-kickoff = La réunion de lancement du marché s’est tenue le { DATETIME($kickoff) }.
governance-office = Placé sous la responsabilité du { -cirb } et dirigé par le Smart City Manager, le { -sco } est appelé à jouer un rôle moteur dans le déploiement de la politique Smart City bruxelloise et à veiller à la réalisation du présent mémorandum.
