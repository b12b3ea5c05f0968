"""Texts of the Gestione page (pages/gestione.py and tavolo/gestione*.py)."""

TEXTS = {
    "page_gestione": ("Gestione", "Operations"),
    "ges_intro": ("Sopralluoghi e priorità di manutenzione, segnalazioni al numero verde, alloggi "
                  "sfitti e occupazioni senza titolo: le cifre per decidere dove intervenire prima.",
                  "Inspections and maintenance priorities, reports to the 24-hour line, vacant flats "
                  "and occupations without title: the figures to decide where to act first."),
    "ges_tab_priorities": ("Sopralluoghi e priorità di manutenzione straordinaria",
                           "Inspections and extraordinary-maintenance priorities"),
    "ges_tab_reports": ("Segnalazioni al numero verde", "Reports to the 24-hour line"),
    "ges_tab_vacancies": ("Sfitti", "Vacant flats"),
    "ges_tab_occupations": ("Occupazioni senza titolo", "Occupations without title"),
    "ges_yes": ("sì", "yes"),
    "ges_no": ("no", "no"),
    # tab 2: reports
    "ges_reports_intro": ("Numero verde ALER h24 840.02.12.12: segnalazioni aperte negli ultimi "
                          "{months} mesi fino al {as_of}.",
                          "ALER's 24-hour line 840.02.12.12: reports opened in the last {months} "
                          "months up to {as_of}."),
    "ges_open_now": ("Segnalazioni aperte", "Open reports"),
    "ges_open_now_help": ("Aperte o in lavorazione alla data dei dati", "Open or in progress at the data's date"),
    "ges_median_close": ("Giorni per chiudere (mediana)", "Days to close (median)"),
    "ges_p90_close": ("90% chiuse entro (giorni)", "90% closed within (days)"),
    "ges_within_target_kpi": ("Chiuse entro l'obiettivo", "Closed within target"),
    "ges_within_target_help": ("Segnalazioni chiuse entro i giorni obiettivo della categoria, sul totale "
                               "di quelle chiuse o con l'obiettivo già scaduto (le aperte in ritardo contano)",
                               "Reports closed within their category's target days, out of those closed "
                               "or past their target (late open reports count)"),
    "ges_without_repair_kpi": ("Chiuse senza riparazione", "Closed without repair"),
    "ges_without_repair_help": ("Chiuse con un motivo che non attesta un intervento (non pertinente, "
                                "duplicato, nessun motivo): contate a parte",
                                "Closed with a reason that records no repair (not relevant, duplicate, "
                                "no reason): counted apart"),
    "ges_trend_title": ("Aperte, chiuse e arretrato per mese", "Opened, closed and backlog by month"),
    "ges_caption_trend": ("Segnalazioni aperte e chiuse ogni mese (barre) e ancora aperte a fine mese "
                          "(linea), ultimi 24 mesi.",
                          "Reports opened and closed each month (bars) and still open at month end "
                          "(line), last 24 months."),
    "ges_category_title": ("Giorni per chiudere per categoria", "Days to close by category"),
    "ges_caption_category": ("Mediana e 90° percentile dei giorni per chiudere, con l'obiettivo di ogni "
                             "categoria (impostazione report_target_days).",
                             "Median and 90th percentile of days to close, with each category's target "
                             "(setting report_target_days)."),
    "ges_reasons_title": ("Motivi di chiusura", "Closing reasons"),
    "ges_caption_reasons": ("Segnalazioni chiuse per motivo; in arancio quelle chiuse senza riparazione.",
                            "Closed reports by reason; in orange those closed without repair."),
    "ges_area_title": ("Per rione e per edificio", "By rione and building"),
    "ges_oldest_title": ("Segnalazioni aperte da più tempo", "Reports open the longest"),
    "ges_month": ("Mese", "Month"),
    "ges_opened": ("Aperte", "Opened"),
    "ges_closed": ("Chiuse", "Closed"),
    "ges_backlog": ("Arretrato a fine mese", "Backlog at month end"),
    "ges_category": ("Categoria", "Category"),
    "ges_reports": ("Segnalazioni", "Reports"),
    "ges_open": ("Aperte ora", "Open now"),
    "ges_median_days": ("Giorni (mediana)", "Days (median)"),
    "ges_p90_days": ("Giorni (90° percentile)", "Days (90th percentile)"),
    "ges_target_days": ("Obiettivo (giorni)", "Target (days)"),
    "ges_within_target": ("Entro l'obiettivo", "Within target"),
    "ges_without_repair": ("Chiuse senza riparazione", "Closed without repair"),
    "ges_without_repair_share": ("Quota senza riparazione", "Share without repair"),
    "ges_close_reason": ("Motivo di chiusura", "Closing reason"),
    "ges_no_reason": ("(nessun motivo)", "(no reason)"),
    "ges_repair": ("Riparazione", "Repair"),
    "ges_name": ("Nome", "Name"),
    "ges_oldest_open": ("Aperta più vecchia (giorni)", "Oldest open (days)"),
    "ges_report": ("Segnalazione", "Report"),
    "ges_opened_on": ("Aperta il", "Opened on"),
    "ges_building": ("Edificio", "Building"),
    "ges_status": ("Stato", "Status"),
    "ges_age_days": ("Aperta da (giorni)", "Open for (days)"),
    "ges_level_rione": ("Per rione", "By rione"),
    "ges_level_building": ("Per edificio", "By building"),
    # tab 3: vacancies
    "ges_vacancies_intro": ("Alloggi sfitti al {as_of}, contati dallo storico degli stati, contro "
                            "l'obiettivo del Comune: riassegnare entro {months} mesi.",
                            "Vacant flats as of {as_of}, counted from the status history, against the "
                            "Comune's target: re-let within {months} months."),
    "ges_vacant_kpi": ("Alloggi sfitti", "Vacant flats"),
    "ges_over_target_kpi": ("Oltre l'obiettivo", "Over target"),
    "ges_median_vacant_kpi": ("Giorni di sfitto (mediana)", "Days vacant (median)"),
    "ges_at_risk_kpi": ("A rischio di occupazione", "At risk of occupation"),
    "ges_at_risk_help": ("Sfitti oltre l'obiettivo in edifici con occupazioni rilevate negli ultimi "
                         "{months} mesi: dove la prevenzione serve prima",
                         "Vacant over target in buildings with occupations detected in the last "
                         "{months} months: where prevention is needed first"),
    "ges_vacancy_chart_title": ("Sfitti per {by}: entro e oltre l'obiettivo",
                                "Vacant flats by {by}: within and over target"),
    "ges_caption_vacancy": ("Alloggi sfitti entro e oltre l'obiettivo di riassegnazione, per {by}.",
                            "Vacant flats within and over the re-let target, by {by}."),
    "ges_by": ("Raggruppa per", "Group by"),
    "ges_by_owner_id": ("Proprietario", "Owner"),
    "ges_by_rione_id": ("Rione", "Rione"),
    "ges_by_reason": ("Motivo", "Reason"),
    "ges_vacant": ("Sfitti", "Vacant"),
    "ges_within": ("Entro l'obiettivo", "Within target"),
    "ges_over_target": ("Oltre l'obiettivo", "Over target"),
    "ges_median_days_vacant": ("Giorni di sfitto (mediana)", "Days vacant (median)"),
    "ges_works_eur": ("Costo lavori", "Works cost"),
    "ges_long_title": ("Sfitti da più tempo, con il costo per recuperarli",
                       "Longest vacancies, with the cost to recover them"),
    "ges_risk_title": ("Alloggi a rischio di occupazione", "Flats at risk of occupation"),
    "ges_risk_none": ("Nessun alloggio sfitto oltre l'obiettivo in edifici con occupazioni recenti.",
                      "No flat vacant over target in a building with recent occupations."),
    "ges_flat": ("Alloggio", "Flat"),
    "ges_reason": ("Motivo", "Reason"),
    "ges_vacant_since": ("Sfitto dal", "Vacant since"),
    "ges_days_vacant": ("Giorni di sfitto", "Days vacant"),
    "ges_recent_occupations": ("Occupazioni recenti nell'edificio", "Recent occupations in the building"),
    "ges_at_risk": ("A rischio", "At risk"),
    "ges_relet_later": ("Turnover e tempi di riassegnazione su cicli completi (liberato → lavori → "
                        "assegnato → locato) arriveranno quando i dati avranno questi cicli.",
                        "Turnover and re-let times on complete cycles (vacated → works → assigned → "
                        "let) will come once the data holds such cycles."),
    # tab 4: occupations
    "ges_occ_intro": ("Nessun dato personale: solo conteggi. Ogni conteggio da 1 a {n} è mostrato "
                      "come «< {below}», a schermo, in riunione e in ogni esportazione.",
                      "No personal data: counts only. Every count from 1 to {n} is shown as "
                      "“< {below}”, on screen, in meetings and in every export."),
    "ges_occ_total": ("Occupazioni rilevate", "Occupations detected"),
    "ges_occ_open": ("In corso", "Ongoing"),
    "ges_occ_resolve": ("Giorni per risolvere (mediana)", "Days to resolve (median)"),
    "ges_occ_vacant_before": ("Erano sfitti da più di {months} mesi", "Had been vacant more than {months} months"),
    "ges_occ_vacant_before_help": ("Occupazioni di alloggi che, appena prima, erano sfitti da più di "
                                   "{months} mesi (impostazione occupation_prior_vacancy_months)",
                                   "Occupations of flats that, just before, had been vacant more than "
                                   "{months} months (setting occupation_prior_vacancy_months)"),
    "ges_occ_year_title": ("Occupazioni per anno di rilevazione", "Occupations by year detected"),
    "ges_caption_occ_year": ("Occupazioni rilevate ogni anno; «< 5» dove il numero è piccolo.",
                             "Occupations detected each year; “< 5” where the number is small."),
    "ges_occ_outcome_title": ("Esito delle occupazioni", "Outcome of the occupations"),
    "ges_caption_occ_outcome": ("Occupazioni per esito, con la mediana dei giorni per risolverle.",
                                "Occupations by outcome, with the median days to resolve them."),
    "ges_occ_cross_title": ("Per anno e rione", "By year and rione"),
    "ges_occ_cross_note": ("«•»: nascosto perché permetterebbe di ricavare un numero piccolo dai totali.",
                           "“•”: hidden because it would let a small number be worked out from the totals."),
    "ges_year": ("Anno", "Year"),
    "ges_occupations": ("Occupazioni", "Occupations"),
    "ges_outcome": ("Esito", "Outcome"),
    "ges_median_days_resolve": ("Giorni per risolvere (mediana)", "Days to resolve (median)"),
    "ges_suppressed": ("< {below}", "< {below}"),
    "ges_none": ("Nessun dato registrato.", "No data recorded."),
}
