"""Texts of the Tavolo page (tav_), meeting mode (mtg_) and the exports under every chart
and table (exp_). ``page_tavolo`` is the navigation title app.py asks for."""

TEXTS = {
    "page_tavolo": ("Tavolo", "The table"),
    # --- exports under charts and tables
    "exp_chart_help": ("Scarica il grafico in {fmt}, disegnato sul server",
                       "Download the chart as {fmt}, drawn on the server"),
    "exp_csv_help": ("CSV per Excel in italiano: separatore ';', virgola decimale, UTF-8 con BOM",
                     "CSV for Italian Excel: ';' separator, decimal comma, UTF-8 with BOM"),
    "exp_xlsx_help": ("Cartella di lavoro con un foglio di note: fonte, data di aggiornamento, unità",
                      "Workbook with a notes sheet: source, as-of date, units"),
    "exp_note_caption": ("Descrizione", "Description"),
    "exp_note_filter": ("Filtro", "Filter"),
    # --- Tavolo page
    "tav_intro": ("Il tavolo di coordinamento Comune-ALER: calendario delle riunioni, decisioni e "
                  "azioni con responsabile e scadenza, le viste esaminate in ogni riunione.",
                  "The Comune-ALER coordination table: meeting calendar, decisions and actions with "
                  "owner and due date, the views examined at each meeting."),
    "tav_tab_calendar": ("📅 Calendario", "📅 Calendar"),
    "tav_tab_actions": ("✅ Azioni", "✅ Actions"),
    "tav_tab_decisions": ("📜 Decisioni", "📜 Decisions"),
    "tav_tab_meeting": ("🗂️ Riunione: ordine del giorno, verbale, viste",
                        "🗂️ Meeting: agenda, minutes, views"),
    "tav_cadence": ("Cadenza: ogni {days} giorni (impostazione «Cadenza delle riunioni (giorni)»; «bimensile» = due "
                    "volte al mese, da verificare con la segreteria). Prima riunione: {first}. "
                    "Intervallo mediano effettivo: {observed} giorni.",
                    "Cadence: every {days} days (setting “Meeting cadence (days)”; 'bimensile' = twice a "
                    "month, to be checked with the secretariat). First meeting: {first}. "
                    "Observed median interval: {observed} days."),
    "tav_next": ("Prossime riunioni", "Next meetings"),
    "tav_next_caption": ("Riunioni programmate; oltre l'ultima in calendario, date calcolate con la "
                         "cadenza («Da programmare»).",
                         "Scheduled meetings; past the last one in the calendar, dates projected by "
                         "the cadence ('To schedule')."),
    "tav_past": ("Riunioni passate", "Past meetings"),
    "tav_past_caption": ("Riunioni passate, dalla più recente, con il numero di decisioni e di azioni "
                         "ancora aperte.",
                         "Past meetings, newest first, with the number of decisions and of actions "
                         "still open."),
    "tav_ics": ("Calendario (.ics)", "Calendar (.ics)"),
    "tav_ics_help": ("Tutte le riunioni e le prossime sei date della cadenza, per Outlook, Thunderbird "
                     "o il calendario del telefono",
                     "Every meeting and the next six cadence dates, for Outlook, Thunderbird or a "
                     "phone calendar"),
    "tav_open": ("Azioni aperte", "Open actions"),
    "tav_overdue": ("Azioni scadute", "Overdue actions"),
    "tav_overdue_help": ("Aperte e oltre la scadenza: in tabella in grassetto e con «⚠ Scaduta»",
                         "Open and past their due date: in bold and marked '⚠ Overdue' in the table"),
    "tav_overdue_word": ("Scaduta", "Overdue"),
    "tav_done_total": ("Azioni concluse", "Actions done"),
    "tav_col_late": ("Ritardo", "Late"),
    "tav_open_caption": ("Azioni aperte, prima le scadute (⚠, in grassetto), poi per scadenza.",
                         "Open actions, overdue first (⚠, in bold), then by due date."),
    "tav_author": ("Chi modifica (ufficio o nome)", "Who is editing (office or name)"),
    "tav_author_help": ("Scritto nello storico delle modifiche con data e motivo",
                        "Written in the change history with date and reason"),
    "tav_add_title": ("Nuova azione", "New action"),
    "tav_meeting": ("Riunione", "Meeting"),
    "tav_action_text": ("Cosa fare", "What to do"),
    "tav_owner": ("Responsabile (settore o ufficio)", "Owner (sector or office)"),
    "tav_due": ("Scadenza", "Due"),
    "tav_decision": ("Decisione collegata", "Related decision"),
    "tav_none": ("nessuna", "none"),
    "tav_reason": ("Motivo della modifica", "Reason for the change"),
    "tav_reason_add": ("Azione decisa in riunione", "Action decided at the meeting"),
    "tav_reason_close": ("Azione verificata in riunione", "Action checked at the meeting"),
    "tav_add_button": ("Aggiungi l'azione", "Add the action"),
    "tav_added": ("Azione aggiunta.", "Action added."),
    "tav_close_title": ("Chiudi un'azione", "Close an action"),
    "tav_action": ("Azione", "Action"),
    "tav_no_open": ("Nessuna azione aperta", "No open action"),
    "tav_outcome": ("Esito", "Outcome"),
    "tav_closed_on": ("Chiusa il", "Closed on"),
    "tav_close_button": ("Chiudi l'azione", "Close the action"),
    "tav_closed": ("Azione chiusa.", "Action closed."),
    "tav_not_saved": ("Nessun dato modificato:", "No data changed:"),
    "tav_undo": ("Annulla l'ultima modifica", "Undo the last change"),
    "tav_undo_reason": ("Annullata dalla pagina Tavolo", "Undone from the Tavolo page"),
    "tav_undone": ("Modifica annullata.", "Change undone."),
    "tav_history": ("Storico delle modifiche alle azioni", "History of changes to actions"),
    "tav_all_actions": ("Tutte le azioni", "All actions"),
    "tav_decisions": ("Decisioni", "Decisions"),
    "tav_sectors": ("Settori", "Sectors"),
    "tav_views": ("Viste esaminate", "Views examined"),
    "tav_no_views": ("nessuna vista salvata", "no view saved"),
    "tav_no_filters": ("senza filtri", "no filters"),
    "tav_remove": ("Rimuovi", "Remove"),
    "tav_view_add": ("Salva una vista per questa riunione", "Save a view for this meeting"),
    "tav_view_title": ("Titolo della vista", "Title of the view"),
    "tav_view_url": ("Indirizzo della pagina con i filtri", "Address of the page with its filters"),
    "tav_view_url_help": ("Copiare l'indirizzo dalla barra del browser mentre la pagina mostra i "
                          "filtri da ricordare, per esempio /mappa?rione=mazzafame",
                          "Copy the address from the browser bar while the page shows the filters to "
                          "keep, for example /mappa?rione=mazzafame"),
    "tav_view_button": ("Salva la vista", "Save the view"),
    "tav_view_saved": ("Vista salvata.", "View saved."),
    "tav_view_removed": ("Vista rimossa.", "View removed."),
    "tav_agenda_pdf": ("Ordine del giorno (PDF)", "Agenda (PDF)"),
    "tav_minutes_pdf": ("Verbale (PDF)", "Minutes (PDF)"),
    "tav_pack": ("Pacchetto riunione (PDF)", "Meeting pack (PDF)"),
    "tav_pack_help": ("Un PDF datato con il quadro in cifre, la mappa, domanda e offerta, i programmi "
                      "e le azioni aperte, da allegare al verbale (richiede qualche secondo)",
                      "A dated PDF with the overview, the map, demand and supply, the programmes and "
                      "the open actions, to attach to the minutes (takes a few seconds)"),
    # --- meeting mode
    "mtg_not_available": ("Questa schermata non è ancora disponibile.", "This screen is not available yet."),
    "mtg_overview_message": ("{waiting} domande in attesa per {assignable} alloggi assegnabili: {ratio} per "
                             "alloggio",
                             "{waiting} applications waiting for {assignable} assignable flats: {ratio} per "
                             "flat"),
    "mtg_map_message": ("Alloggi pubblici per rione", "Public flats by rione"),
    "mtg_demand_message": ("{waiting} domande in attesa, {assignable} alloggi assegnabili oggi",
                           "{waiting} applications waiting, {assignable} flats assignable today"),
    "mtg_demand_short": ("Mancano alloggi adeguati per: {sizes}.", "Adequate flats are missing for: {sizes}."),
    "mtg_board_message": ("{name}: {done} consegnati su {total}", "{name}: {done} of {total} handed over"),
    "mtg_actions_message": ("{n} azioni aperte, {late} scadute", "{n} open actions, {late} overdue"),
    "mtg_more": ("... e altre {n} nella pagina Tavolo", "... and {n} more on the Tavolo page"),
    "mtg_prev": ("◀ Indietro", "◀ Back"),
    "mtg_next": ("Avanti ▶", "Next ▶"),
    "mtg_advance": ("Avanzamento automatico", "Automatic advance"),
    "mtg_advance_off": ("no: avanza chi presenta", "off: the presenter moves"),
    "mtg_advance_every": ("ogni {s} secondi", "every {s} seconds"),
    "mtg_exit": ("Esci", "Exit"),
    "act_overdue_by": ("Scaduta da {days}", "Overdue by {days}"),
    "mtg_keys_help": ("Tasti: → o PagGiù avanti · ← o PagSu indietro · Inizio/Fine · Esc per uscire",
                      "Keys: → or PageDown next · ← or PageUp back · Home/End · Esc to leave"),
}
