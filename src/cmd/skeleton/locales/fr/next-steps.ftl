### The next steps (content/next-steps.yaml) and their table.

next-steps-title = Prochaines étapes
next-steps-intro = Les prochaines étapes de la mise en œuvre sont les suivantes.

## The table's column headings

steps-col-step = Étape
steps-col-owner = Responsable
steps-col-deadline = Échéance
steps-col-status = État
# A label before its value where the steps are not a table (a column of the
# bilingual PDF): « Échéance : 30 avril 2019 ». $label – one of the headings above.
detail-label = { $label } :

## One message per step: the title (value) and the commitment in full (.description).
## $deadline (date) – the step's deadline: « 30 avril 2019 ».

step-first = Première étape
    .description = Décrivez ici l’engagement pris et le résultat attendu au plus tard le { DATETIME($deadline) }.

# $deadline (date) – shown in the table's deadline column.
deadline = { DATETIME($deadline) }

## A step's status

status-planned = Prévue
status-in-progress = En cours
status-done = Réalisée
