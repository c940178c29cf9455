### Translation with one problem per case.

plain = Een tekst
with-attr = Een project
    .extra = Iets anders
count-msg = { $total ->
       *[other] { $total } workshops
    }
with-term = Gepubliceerd door het CIBG
link-msg = Zie <b>de site</b> op [de site](https://example.org).
only-in-nl = Alleen in het Nederlands
dit is geen geldige regel
-cirb = CIBG
