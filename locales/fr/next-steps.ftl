### The next steps (content/next-steps.yaml) and their table.

next-steps-title = Prochaines étapes
next-steps-intro = Les prochaines étapes de la mise en œuvre du mémorandum sont présentées ci-dessous, avec leur état d’avancement au moment de la publication.

## The table's column headings

steps-col-step = Étape
steps-col-owner = Responsable
# The column of the deadlines: the date by which each step is due.
steps-col-deadline = Échéance
steps-col-status = État d’avancement
# A label before its value where the steps are not a table (a column of the
# bilingual PDF): « Échéance : 30 avril 2019 ». $label – one of the headings above.
detail-label = { $label } :

## One message per step: the title (value) and the commitment in full (.description).
## $deadline (date) – the step's deadline: « 30 avril 2019 ».

step-smart-city-office = Mise en place du Smart City Office
    .description = Le { -cirb } élabore une proposition concrète de mise en œuvre, qui sera prête au plus tard le { DATETIME($deadline) }.
step-indicators-roadmap = Indicateurs de performance et feuille de route
    .description = Le { -cirb } définit des indicateurs clés de performance (KPI) et établit une feuille de route Smart City permettant de suivre la réalisation des objectifs. Une première proposition de KPI est attendue pour le { DATETIME($deadline) } au plus tard.

# $deadline (date) – shown in the table's deadline column.
deadline = { DATETIME($deadline) }

## A step's status

status-planned = Prévue
status-in-progress = En cours
status-done = Réalisée
