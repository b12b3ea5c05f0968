"""Texts of the Panoramica page that say what each figure counts (``pan_``)."""

TEXTS = {
    "pan_flats_help": ("Alloggi del patrimonio di oggi, per proprietario; gli alloggi nuovi ancora "
                       "in costruzione entrano quando sono consegnati",
                       "Flats of today's stock, by owner; new flats still being built enter "
                       "when delivered"),
    "pan_not_delivered": ("+ {n} alloggi nuovi in costruzione, non ancora consegnati (esclusi)",
                          "+ {n} new flats being built, not yet delivered (left out)"),
    "pan_vacancy_help": ("Sfitti assegnabili e sfitti da ristrutturare (compresi quelli dei "
                         "programmi) sugli alloggi del patrimonio di oggi; gli alloggi nuovi non "
                         "ancora consegnati non sono né sfitti né patrimonio",
                         "Vacant assignable and vacant needing works (programme flats included) "
                         "over the flats of today's stock; new flats not yet delivered are "
                         "neither vacant nor stock"),
    "pan_vacant_detail": ("{vacant} alloggi su {total} · da ristrutturare {works}, di cui {prog} "
                          "nei programmi",
                          "{vacant} of {total} flats · needing works {works}, {prog} of them in "
                          "programmes"),
    "pan_per_assignable_help": ("Domande in graduatoria dell'ultimo avviso per ogni alloggio SAP "
                                "sfitto e assegnabile oggi (la graduatoria è per alloggi SAP)",
                                "Applications waiting on the latest call per SAP flat vacant and "
                                "assignable today (the waiting list is for SAP flats)"),
    "pan_assignable_now": ("alloggi SAP assegnabili oggi", "SAP flats assignable today"),
    "pan_status_caption": ("Alloggi del patrimonio di oggi per proprietario e stato; «Sfitto da "
                           "ristrutturare» comprende {prog} alloggi dei programmi (in Domanda e "
                           "offerta sono contati a parte).",
                           "Flats of today's stock by owner and status; 'Vacant, needs works' "
                           "includes {prog} programme flats (counted apart under Demand and "
                           "supply)."),
}
