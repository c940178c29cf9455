### Reference: one message per case.

plain = Un texte
only-in-fr = Seulement en français
with-attr = Un projet
    .description = Sa description
count-msg = { $count ->
        [one] un atelier
       *[other] { $count } ateliers
    }
with-term = Publié par le { -cirb }
link-msg = Voir [le site](https://be.brussels).
-cirb = CIRB
