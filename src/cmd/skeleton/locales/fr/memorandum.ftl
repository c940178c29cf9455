### The body of the publication, section by section, in reading order.
### A section's heading is `<section id>-title`; the other ids are listed in
### content/memorandum.yaml. Messages may use inline Markdown: *italics*,
### **bold**, [links](https://…). No HTML.

## Context

context-title = Contexte
context-intro = Présentez ici le contexte de la publication : son origine, ses destinataires et les engagements qu’elle prend.
context-quote = Citez ici une déclaration qui éclaire la publication, telle qu’elle a été prononcée ou écrite.
    .by = Prénom Nom, Smart City Manager

## Objectives

objectives-title = Objectifs
objectives-intro = Les objectifs sont les suivants :
objective-first = un premier objectif, formulé en une phrase ;
objective-second = un second objectif, formulé de la même manière.

## A sub-section of the objectives

objectives-means-title = Moyens
objectives-means-text = Décrivez ici les moyens mis en œuvre pour atteindre ces objectifs.

## Annexes

# $letter (String) - The annex's letter: A, B…
annex-label = Annexe { $letter }
glossary-title = Glossaire
glossary-text = Définissez ici les termes et les sigles employés dans la publication.

## Colophon

colophon-publisher = Éditeur responsable :
colophon-address = Adresse, code postal et commune
colophon-deposit = Dépôt légal :
colophon-contact = Contact :
