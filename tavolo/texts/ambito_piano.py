"""Texts of the ambito's annual and three-year plan (tavolo.ambito_plan, ``plan --ambito``)."""

TEXTS = {
    "apl_title_annual": ("Piano annuale dell'offerta dell'ambito", "Annual plan of the ambito's offer"),
    "apl_title_triennale": ("Piano triennale dell'offerta dell'ambito",
                            "Three-year plan of the ambito's offer"),
    "apl_comuni": ("comuni", "comuni"),
    "apl_col_comune": ("Comune", "Comune"),
    "apl_col_year": ("Anno", "Year"),
    "apl_col_stock": ("Patrimonio SAP", "SAP stock"),
    "apl_col_available": ("Unità disponibili", "Units available"),
    "apl_col_poverty": ("Riserva indigenti (20%, per eccesso)", "Poverty reserve (20%, rounded up)"),
    "apl_col_art14": ("Art. 14 fino a", "Art. 14 up to"),
    "apl_col_police": ("Forze dell'ordine fino a", "Police up to"),
    "apl_col_transitional": ("Transitori fino a", "Transitional up to"),
    "apl_col_assigned_prev": ("Assegnati l'anno prima", "Assigned the year before"),
    "apl_col_checks": ("Verifiche", "Checks"),
    "apl_comune_total": ("Totale del comune", "Comune total"),
    "apl_ambito_total": ("Totale ambito", "Ambito total"),
    "apl_sheet_year": ("Piano", "Plan"),
    "apl_sheet_triennale": ("Piano triennale", "Three-year plan"),
    "apl_note_rule": ("Regole", "Rules"),
    "apl_note_rule_text": (
        "Quote e tetti applicati comune per comune: riserva indigenti del 20% arrotondata per "
        "eccesso per ogni proprietario del comune (per l'ALER contata per comune, R.R. 4/2017 "
        "art. 13); i tetti sono del comune, arrotondati per difetto. I totali dell'ambito sono "
        "le somme dei comuni.",
        "Quotas and caps applied comune by comune: the poverty reserve is 20% rounded up for "
        "each owner in the comune (for ALER counted per comune, R.R. 4/2017 art. 13); the caps "
        "are the comune's, rounded down. The ambito's totals are the sums of the comuni's."),
    "apl_note_membership": ("Comuni dell'ambito", "Comuni of the ambito"),
    "apl_ok": ("Ogni piano comunale rispetta le regole.", "Every comune's plan keeps the rules."),
}
