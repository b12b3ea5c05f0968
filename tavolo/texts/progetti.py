"""Texts of the Progetti page (pages/progetti.py, ui/programme_edits.py,
tavolo/programmes/ and tavolo/charts_programmes.py)."""

TEXTS = {
    "page_progetti": ("Progetti", "Programmes"),
    "prog_intro": ("Via Carlo Porta (111 alloggi) e Contratto di Quartiere Mazzafame: avanzamento, "
                   "tempi, soldi e destinazione degli alloggi, aggiornati dall'ufficio.",
                   "Via Carlo Porta (111 flats) and the Contratto di Quartiere Mazzafame: progress, "
                   "time, money and allocation of the flats, kept up to date by the office."),
    "prog_none": ("Nessun programma registrato: si caricano dalla pagina Dati (tabella programmes).",
                  "No programme recorded: load them from the Data page (programmes table)."),
    # headline
    "prog_handed_over": ("Alloggi consegnati", "Flats handed over"),
    "prog_handed_over_help": ("Alloggi in fase «Consegnato» sul totale del programma",
                              "Flats in phase “Handed over” out of the programme's flats"),
    "prog_of_flats": ("degli alloggi", "of the flats"),
    "prog_start": ("Avvio lavori", "Start of works"),
    "prog_not_started": ("Non avviati", "Not started"),
    "prog_planned_on": ("Previsto: {date}", "Planned: {date}"),
    "prog_no_forecast_short": ("nessuna previsione: nessun alloggio consegnato",
                               "no forecast: no flat handed over"),
    "prog_end_forecast": ("Fine (previsione)", "End (forecast)"),
    "prog_forecast_help": ("Previsione, non una data promessa: il ritmo delle consegne dalla "
                           "prima consegna alla data dei dati, esteso agli alloggi che mancano; "
                           "cambia solo quando cambiano i dati, non col passare dei giorni",
                           "A forecast, not a promised date: the pace of handovers from the "
                           "first one to the data's as-of date, extended to the flats that "
                           "remain; it changes only when the data change, not as days pass"),
    "prog_funding": ("Finanziamento", "Funding"),
    "prog_spent_share": ("speso {pct}", "{pct} spent"),
    "prog_flats_mismatch": ("Il programma prevede {planned} alloggi ma ne risultano {recorded} con "
                            "una fase: i conteggi si riferiscono a quelli registrati.",
                            "The programme plans {planned} flats but {recorded} are recorded with "
                            "a phase: the counts refer to those recorded."),
    "prog_sources": ("Fonti: fatti pubblici e valori dimostrativi", "Sources: public facts and demo values"),
    "prog_public_facts": ("Fatti pubblici", "Public facts"),
    "prog_demo_values": ("Valori dimostrativi", "Demo values"),
    "prog_demo_phases": ("Alloggi per fase nei dati dimostrativi", "Flats by phase in the demo data"),
    "prog_demo_all": ("ogni dato del programma", "every figure of the programme"),
    # progress
    "prog_progress": ("Avanzamento", "Progress"),
    "prog_by_phase": ("alloggi per fase", "flats by phase"),
    "prog_caption_phases": ("Alloggi del programma per fase, dalla progettazione alla consegna: "
                            "ogni segmento riporta il numero di alloggi; la tabella ha gli stessi "
                            "valori.",
                            "The programme's flats by phase, from design to handover: each "
                            "segment shows its number of flats; the table has the same values."),
    "prog_caption_board": ("Un riquadro per alloggio, per edificio, scala e piano (piano terra in "
                           "basso): colore e scritta dicono la fase, il numero è quello "
                           "dell'alloggio.",
                           "One cell per flat, by building, staircase and floor (ground floor at "
                           "the bottom): colour and words give the phase, the number is the "
                           "flat's."),
    "prog_board_table": ("Tabella del tabellone (per scala e per alloggio)",
                         "Board as a table (by staircase and by flat)"),
    "prog_ground_floor": ("Piano terra", "Ground floor"),
    "prog_floor_n": ("Piano {n}", "Floor {n}"),
    "prog_staircase_n": ("Scala {s}", "Staircase {s}"),
    "prog_since": ("dal", "since"),
    "prog_short_design": ("Progett.", "Design"),
    "prog_short_tendered": ("Appalto", "Tender"),
    "prog_short_works": ("Lavori", "Works"),
    "prog_short_completed": ("Ultimato", "Built"),
    "prog_short_habitable": ("Agibile", "Habitable"),
    "prog_short_assigned": ("Assegn.", "Assigned"),
    "prog_short_handed_over": ("Consegn.", "Handed"),
    "prog_interventions": ("Interventi ed edifici del programma", "The programme's works and buildings"),
    "prog_building": ("Edificio", "Building"),
    "prog_staircase": ("Scala", "Staircase"),
    "prog_floor": ("Piano", "Floor"),
    "prog_flat": ("Alloggio", "Flat"),
    "prog_flats_col": ("Alloggi", "Flats"),
    "prog_followed": ("Seguiti per fase", "Followed by phase"),
    "prog_state_col": ("Situazione", "Situation"),
    "prog_phase_since": ("Fase dal", "Phase since"),
    "prog_phase_since_help": ("Data di inizio della fase; se si cambia la fase senza cambiare la "
                              "data, vale oggi",
                              "The date the phase began; change the phase without changing the "
                              "date and today is used"),
    # time
    "prog_time": ("Tempi", "Time"),
    "prog_gantt_title": ("Previsto ed effettivo", "Planned and actual"),
    "prog_gantt_works_planned": ("Lavori: previsti", "Works: planned"),
    "prog_gantt_works_actual": ("Lavori: effettivi e previsione", "Works: actual and forecast"),
    "prog_planned": ("Previsto", "Planned"),
    "prog_actual": ("Effettivo", "Actual"),
    "prog_forecast_word": ("previsione", "forecast"),
    "prog_planned_date": ("Data prevista", "Planned date"),
    "prog_actual_date": ("Data effettiva", "Actual date"),
    "prog_delay": ("Ritardo", "Delay"),
    "prog_as_of_line": ("dati al {date}", "data as of {date}"),
    "prog_month": ("mese", "month"),
    "prog_months": ("mesi", "months"),
    "prog_years": ("anni", "years"),
    "prog_milestone": ("Tappa", "Milestone"),
    "prog_state_on_time": ("Raggiunta nei tempi", "Reached on time"),
    "prog_state_late": ("Raggiunta in ritardo", "Reached late"),
    "prog_state_overdue": ("Scaduta, non raggiunta", "Overdue, not reached"),
    "prog_state_upcoming": ("Da raggiungere", "Not due yet"),
    "prog_caption_gantt": ("Per ogni tappa: data prevista (rombo), data effettiva (cerchio) e "
                           "ritardo in mesi (linea; tratteggiata se la tappa non è raggiunta e si "
                           "conta fino alla data dei dati). In alto i lavori: previsti e effettivi, con la "
                           "previsione di fine.",
                           "For each milestone: planned date (diamond), actual date (circle) and "
                           "delay in months (line; dotted when not reached, counted to the data's "
                           "as-of date). "
                           "At the top the works: planned and actual, with the forecast end."),
    "prog_forecast_text": ("**Previsione**: dal {first} sono stati consegnati in media {pace} "
                           "alloggi al mese. A questo ritmo i {remaining} alloggi che mancano "
                           "sarebbero consegnati verso **{end}**, {delay} dopo la fine prevista "
                           "({planned}). È una stima dal ritmo effettivo fino ai dati del "
                           "{as_of}, non una data promessa.",
                           "**Forecast**: since {first} an average of {pace} flats a month were "
                           "handed over. At this pace the {remaining} flats that remain would be "
                           "handed over around **{end}**, {delay} after the planned end "
                           "({planned}). An estimate from the pace achieved up to the data of "
                           "{as_of}, not a promised date."),
    "prog_forecast_no_handover": ("**Nessuna previsione**: nessun alloggio è ancora stato "
                                  "consegnato, quindi non c'è un ritmo da cui stimare la fine.",
                                  "**No forecast**: no flat has been handed over yet, so there "
                                  "is no pace to estimate the end from."),
    "prog_forecast_too_early": ("**Nessuna previsione**: è passato meno di un mese dalla prima "
                                "consegna, troppo poco per misurare un ritmo.",
                                "**No forecast**: less than a month since the first handover, "
                                "too little to measure a pace."),
    "prog_forecast_complete": ("Tutti gli alloggi sono consegnati: l'ultimo il {end}.",
                               "Every flat has been handed over: the last on {end}."),
    # money
    "prog_money": ("Soldi", "Money"),
    "prog_money_title": ("Finanziato, impegnato, speso", "Funded, committed, spent"),
    "prog_cost_per_funded_short": ("costo per alloggio finanziato ({n})", "cost per funded flat ({n})"),
    "prog_cost_per_funded_flat": ("costo per alloggio finanziato ({n} alloggi finanziati: appaltati "
                                  "o più avanti",
                                  "cost per funded flat ({n} funded flats: tendered or further on"),
    "prog_unfunded_excluded": ("{n} in progettazione, in attesa di fondi, esclusi",
                               "{n} in design, awaiting funds, left out"),
    "prog_flats_word": ("alloggi", "flats"),
    "prog_also_pays": ("Lo stesso finanziamento paga anche la ristrutturazione di {works}, oltre "
                       "ai {n} alloggi seguiti per fase: il costo per alloggio non è il costo di "
                       "un alloggio nuovo",
                       "The same funding also pays the renovation of {works}, besides the {n} "
                       "flats followed by phase: the cost per flat is not the cost of a new flat"),
    "prog_cost_per_building_flat": ("costo per alloggio di tutti gli edifici del programma",
                                    "cost per flat of all the programme's buildings"),
    "prog_caption_money": ("Finanziamenti (un segmento per atto), impegni e spese del programma, "
                           "in euro; il costo per alloggio è il finanziamento diviso per gli "
                           "alloggi finanziati del programma (appaltati o più avanti).",
                           "The programme's funding (one segment per act), commitments and "
                           "spending, in euro; the cost per flat is the funding divided by the "
                           "programme's funded flats (tendered or further on)."),
    "prog_item": ("Voce", "Item"),
    "prog_amount": ("Importo", "Amount"),
    "prog_act": ("Atto", "Act"),
    "prog_date": ("Data", "Date"),
    "prog_kind": ("Tipo", "Kind"),
    # allocation
    "prog_allocation": ("Destinazione degli alloggi", "Allocation of the flats"),
    "prog_allocation_title": ("Alloggi per quota: proposti e approvati",
                              "Flats per quota: proposed and approved"),
    "prog_allocation_none": ("Nessuna destinazione registrata per questo programma: si può "
                             "inserire da «Aggiorna i dati», scheda Destinazione.",
                             "No allocation recorded for this programme: enter one under "
                             "“Update the data”, Allocation tab."),
    "prog_caption_allocation": ("Quanti alloggi il tavolo destina a ogni quota: proposti e "
                                "approvati, con la data della riunione che ha deciso.",
                                "How many flats the table gives each quota: proposed and "
                                "approved, with the date of the meeting that decided."),
    "prog_proposed": ("Proposti", "Proposed"),
    "prog_approved": ("Approvati", "Approved"),
    "prog_not_decided": ("da decidere", "to decide"),
    "prog_quota": ("Quota", "Quota"),
    "prog_decided_on": ("Decisa il", "Decided on"),
    "prog_meeting": ("Riunione che ha deciso", "Meeting that decided"),
    "prog_alloc_flats_proposed": ("proposta", "proposed"),
    "prog_alloc_flats_approved": ("approvata", "approved"),
    "prog_breaches": ("La destinazione {what} ({decided} quote su {quotas} indicate) non rispetta "
                      "le regole del piano annuale.",
                      "The {what} allocation ({decided} of {quotas} quotas given) breaks rules of "
                      "the annual plan."),
    "prog_breaches_warning": ("La destinazione {what} ({decided} quote su {quotas} indicate) "
                              "rispetta le regole del piano annuale, ma c'è da guardare.",
                              "The {what} allocation ({decided} of {quotas} quotas given) follows "
                              "the rules of the annual plan, with a point to check."),
    "prog_rules_ok": ("La destinazione {what} rispetta le regole del piano annuale.",
                      "The {what} allocation follows the rules of the annual plan."),
    "prog_rules_how": ("Le quote del piano annuale valgono sugli alloggi disponibili in ciascun "
                       "anno, non sull'intero programma come se fosse l'offerta di un solo anno: "
                       "si controlla anno per anno di disponibilità, {years} (assegnati o "
                       "consegnati: l'anno registrato; ultimati o agibili: l'anno dei dati; in lavori o in "
                       "progettazione: gli anni dello scenario predefinito di Domanda e offerta, dalla fine "
                       "lavori prevista). La "
                       "destinazione del programma è compatibile se gli indigenti sono almeno la "
                       "somma delle riserve di ogni anno (arrotondate per eccesso anno per anno) "
                       "e ogni altra quota al più la somma dei tetti di ogni anno, con le regole "
                       "in vigore in quell'anno.",
                       "The annual plan's quotas apply to the flats available in each year, not "
                       "to the whole programme as if it were one year's supply: the check goes "
                       "year by year of availability, {years} (assigned or handed over: the year "
                       "recorded; completed or habitable: the data's year; under works or in design: the "
                       "years of the default Demand and supply scenario, from the planned end of works). "
                       "The programme's "
                       "allocation fits when the poverty flats are at least the sum of each "
                       "year's reserve (rounded up year by year) and every other quota at most "
                       "the sum of each year's cap, under the rules in force that year."),
    "prog_rules_undated": ("Gli alloggi non ancora datati (oltre l'orizzonte dello scenario, o "
                           "assegnati senza data) sono contati insieme, con le regole dell'anno "
                           "successivo ai dati: quando entreranno in più anni la riserva dovuta "
                           "può crescere.",
                           "The flats not dated yet (beyond the scenario's view, or assigned "
                           "without a date) are counted together, under the rules of the year "
                           "after the data's: once they spread over several years the reserve "
                           "due may grow."),
    "prog_and": ("e", "and"),
    "prog_undated": ("non ancora datati", "not dated yet"),
    "prog_undated_flats": ("{n} non ancora datati", "{n} not dated yet"),
    "prog_at_least": ("almeno", "at least"),
    "prog_at_most": ("al più", "at most"),
    "prog_year": ("Anno", "Year"),
    "prog_limits_title": ("Quote dovute e tetti, anno per anno di disponibilità",
                          "Quotas due and caps, year by year of availability"),
    # edits
    "prog_edit_title": ("✏️ Aggiorna i dati (fasi, tappe, destinazione) e storico delle modifiche",
                        "✏️ Update the data (phases, milestones, allocation) and history of changes"),
    "prog_edit_help": ("Ogni modifica è controllata prima di essere salvata e registrata con "
                       "data, autore ({author}) e motivo; si può annullare dallo storico.",
                       "Every change is checked before it is saved and recorded with time, "
                       "author ({author}) and reason; it can be undone from the history."),
    "prog_tab_phases": ("Fasi degli alloggi", "Phases of the flats"),
    "prog_tab_milestones": ("Tappe", "Milestones"),
    "prog_tab_allocations": ("Destinazione", "Allocation"),
    "prog_tab_history": ("Storico", "History"),
    "prog_reason": ("Motivo della modifica (obbligatorio)", "Reason for the change (required)"),
    "prog_reason_placeholder": ("es. verbale del sopralluogo del 12/11", "e.g. inspection report of 12/11"),
    "prog_save": ("Salva le modifiche", "Save the changes"),
    "prog_saved": ("Salvato: {rows}, con autore e motivo nello storico.",
                   "Saved: {rows}, with author and reason in the history."),
    "prog_row_changed": ("riga modificata", "row changed"),
    "prog_rows_changed": ("righe modificate", "rows changed"),
    "prog_no_changes": ("Nessuna modifica da salvare.", "No change to save."),
    "prog_edit_refused": ("Modifica rifiutata: nessun dato è stato modificato.",
                          "Change refused: no data was changed."),
    "prog_conflict_help": ("Premere «Ricarica i dati» per vedere la versione salvata dall'altro "
                           "utente, poi ripetere la modifica.",
                           "Press “Reload the data” to see the version the other user saved, "
                           "then make the change again."),
    "prog_reload": ("🔄 Ricarica i dati", "🔄 Reload the data"),
    "prog_reload_help": ("Rilegge i dati salvati e scarta le modifiche non salvate",
                         "Reads the saved data again and drops unsaved edits"),
    "prog_id": ("Codice", "Id"),
    "prog_confirm_breach": ("Registra la decisione del tavolo anche se viola una regola del piano",
                            "Record the table's decision even if it breaks a rule of the plan"),
    "prog_confirm_breach_help": ("La violazione resta segnalata sulla pagina e nello storico; "
                                 "assegnare più alloggi di quelli del programma non è mai "
                                 "possibile.",
                                 "The breach stays flagged on the page and in the history; "
                                 "allocating more flats than the programme has is never "
                                 "possible."),
    "prog_breach_needs_confirm": ("Non salvato: la destinazione {what} viola regole del piano "
                                  "annuale (controllate anno per anno di disponibilità). "
                                  "Correggere i numeri, oppure spuntare la conferma per "
                                  "registrare comunque la decisione del tavolo.",
                                  "Not saved: the {what} allocation breaks rules of the annual "
                                  "plan (checked year by year of availability). Correct the "
                                  "numbers, or tick the confirmation to record the table's "
                                  "decision anyway."),
    "prog_breach_blocking": ("Non salvato: la destinazione {what} assegna più alloggi dei {flats} "
                             "del programma; non si può registrare nemmeno con la conferma.",
                             "Not saved: the {what} allocation gives out more flats than the "
                             "programme's {flats}; it cannot be recorded even with the "
                             "confirmation."),
    "prog_confirmed_tag": ("confermata nonostante la violazione delle regole",
                           "confirmed despite the rule breach"),
    "prog_history_empty": ("Nessuna modifica registrata per questo programma.",
                           "No change recorded for this programme."),
    "prog_history_all": ("Tutte le modifiche ({n})", "Every change ({n})"),
    "prog_undo": ("Annulla", "Undo"),
    "prog_undo_reason": ("annulla la modifica #{id}", "undoes change #{id}"),
    "prog_undone": ("Modifica #{id} annullata.", "Change #{id} undone."),
    "prog_change_no": ("Modifica n. {id}", "Change {id}"),
    "prog_refused_entry": ("Rifiutata, nulla salvato (la riga era già stata modificata): ",
                           "Refused, nothing saved (the row had already been changed): "),
    # the page's first lines and its sections (pages/progetti.py)
    "prog_next": ("**Prossima tappa**: {name}, prevista il {date}", "**Next milestone**: {name}, planned for {date}"),
    "prog_next_overdue": ("· in ritardo di {delay}", "· {delay} late"),
    "prog_next_none": ("Tutte le tappe sono raggiunte.", "Every milestone has been reached."),
    "prog_sections": ("Sezioni del programma", "Sections of the programme"),
    "prog_section_flats": ("Alloggi uno per uno", "Flat by flat"),
}
