"""Texts of the comune chooser and the Ambito page (ui/ambito.py, pages/ambito.py,
tavolo/ambito_view.py, tavolo/charts_ambito.py)."""

TEXTS = {
    "page_ambito": ("Ambito", "Ambito"),
    "amb_ambito": ("Ambito", "Ambito"),
    "amb_n_comuni": ("{n} comuni", "{n} comuni"),
    "amb_chooser": ("Comune", "Municipality"),
    "amb_chooser_help": ("Il comune di cui ogni pagina mostra i dati, o l'intero ambito (somme e "
                         "medie sui comuni); resta nell'indirizzo della pagina (?comune=).",
                         "The municipality every page shows, or the whole ambito (sums and ratios "
                         "over its comuni); kept in the page address (?comune=)."),
    "amb_title": ("Ambito: i comuni a confronto", "Ambito: the comuni side by side"),
    "amb_intro": ("Il piano annuale e il piano triennale dell'offerta abitativa si fanno per "
                  "l'ambito, comune per comune: qui ogni comune accanto agli altri, con gli "
                  "alloggi di ALER contati nel comune in cui si trovano.",
                  "The annual and three-year plans of the housing offer are made for the ambito, "
                  "comune by comune: here every comune beside the others, ALER's flats counted in "
                  "the comune where they stand."),
    "amb_as_of": ("Dati aggiornati al {as_of}; piano annuale {year}.",
                  "Data as of {as_of}; annual plan {year}."),
    "amb_kpi_flats": ("Alloggi pubblici nell'ambito", "Public flats in the ambito"),
    "amb_kpi_per_1000": ("Alloggi ogni 1.000 abitanti", "Flats per 1,000 inhabitants"),
    "amb_kpi_available": ("Alloggi disponibili nel {year}", "Flats available in {year}"),
    "amb_kpi_poverty": ("Riserva indigenti {year}", "Poverty reserve {year}"),
    "amb_kpi_poverty_help": ("Il 20 % degli alloggi disponibili nell'anno, arrotondato per eccesso "
                             "comune per comune e proprietario per proprietario (R.R. 4/2017 art. "
                             "13): la somma dei comuni, non il 20 % del totale.",
                             "20 % of the flats available in the year, rounded up comune by comune "
                             "and owner by owner (R.R. 4/2017 art. 13): the sum over the comuni, "
                             "not 20 % of the total."),
    "amb_owner_municipality": ("Proprietà del Comune", "Owned by the comune"),
    "amb_col_comune": ("Comune", "Municipality"),
    "amb_col_population": ("Abitanti", "Inhabitants"),
    "amb_col_flats": ("Alloggi pubblici", "Public flats"),
    "amb_col_per_1000": ("Alloggi ogni 1.000 abitanti", "Flats per 1,000 inhabitants"),
    "amb_col_vacancy": ("Tasso di sfitto", "Vacancy rate"),
    "amb_col_vac_assignable": ("Sfitto assegnabile", "Vacant, assignable"),
    "amb_col_vac_works": ("Sfitto da ristrutturare", "Vacant, needs works"),
    "amb_col_waiting": ("Domande in graduatoria", "Applications waiting"),
    "amb_col_assignable": ("Alloggi assegnabili oggi", "Flats assignable today"),
    "amb_col_per_assignable": ("Domande per alloggio assegnabile", "Applications per assignable flat"),
    "amb_col_available": ("Disponibili nel {year}", "Available in {year}"),
    "amb_col_poverty": ("Riserva indigenti", "Poverty reserve"),
    "amb_col_cap": ("Tetto: {quota}", "Cap: {quota}"),
    "amb_chart_per_1000": ("Alloggi pubblici ogni 1.000 abitanti", "Public flats per 1,000 inhabitants"),
    "amb_chart_owner": ("Alloggi pubblici per proprietario", "Public flats by owner"),
    "amb_chart_vacancy": ("Tasso di sfitto per motivo", "Vacancy rate by reason"),
    "amb_chart_per_assignable": ("Domande in graduatoria per alloggio assegnabile oggi",
                                 "Applications waiting per flat assignable today"),
    "amb_chart_available": ("Alloggi disponibili nel {year} e riserva indigenti",
                            "Flats available in {year} and the poverty reserve"),
    "amb_cap_per_1000": ("Alloggi pubblici di oggi (senza quelli ancora in costruzione) ogni 1.000 "
                         "residenti, comune per comune; la linea è la media dell'ambito.",
                         "Today's public flats (those still being built left out) per 1,000 "
                         "residents, comune by comune; the line is the ambito's average."),
    "amb_cap_owner": ("Alloggi pubblici di oggi per proprietario: gli alloggi di ALER sono contati "
                      "nel comune in cui si trovano.",
                      "Today's public flats by owner: ALER's flats are counted in the comune where "
                      "they stand."),
    "amb_cap_vacancy": ("Alloggi sfitti sul totale, divisi per motivo: assegnabili subito o da "
                        "ristrutturare; le due parti sommano al tasso di sfitto.",
                        "Vacant flats over all flats, split by reason: assignable now or needing "
                        "works; the two parts add up to the vacancy rate."),
    "amb_cap_per_assignable": ("Domande ancora in graduatoria nell'ultimo avviso del comune per "
                               "ogni alloggio SAP sfitto e assegnabile oggi; senza alloggi "
                               "assegnabili il valore manca.",
                               "Applications still waiting on the comune's latest call per SAP "
                               "flat vacant and assignable today; with no assignable flat there "
                               "is no value."),
    "amb_cap_available": ("Alloggi SAP attesi nel {year} dal piano annuale di ciascun comune e la "
                          "riserva per i nuclei indigenti (20 %, arrotondato per eccesso per comune e "
                          "proprietario).",
                          "SAP flats expected in {year} from each comune's annual plan and the "
                          "reserve for households in poverty (20 %, rounded up per comune and owner)."),
    "amb_tab_compare": ("Comuni a confronto", "Comuni side by side"),
    "amb_tab_table": ("Tabella", "Table"),
    "amb_tab_plan": ("Piano annuale dell'ambito", "The ambito's annual plan"),
    "amb_tab_map": ("Mappa dei comuni", "Map of the comuni"),
    "amb_table_title": ("Tutti i comuni in una tabella", "Every comune in one table"),
    "amb_table_caption": ("Una riga per comune e il totale dell'ambito (rapporti calcolati sulle "
                          "somme, non medie dei rapporti).",
                          "One row per comune and the ambito's total (ratios computed on the sums, "
                          "not averages of the ratios)."),
    "amb_plan_caption": ("Per comune e proprietario: patrimonio SAP, alloggi attesi per fonte, "
                         "riserva indigenti e tetti delle altre quote applicati comune per comune "
                         "(R.R. 4/2017), con gli alloggi di ALER contati in ogni comune; il totale "
                         "dell'ambito somma i comuni.",
                         "Per comune and owner: SAP stock, flats expected by source, the poverty "
                         "reserve and the caps of the other quotas applied comune by comune "
                         "(R.R. 4/2017), ALER's flats counted in each comune; the ambito's total "
                         "adds up the comuni."),
    "amb_plan_kind": ("Piano", "Plan"),
    "amb_plan_annual": ("Annuale", "Annual"),
    "amb_plan_triennale": ("Triennale", "Three-year"),
    "amb_plan_download": ("Scarica il piano dell'ambito (XLSX)", "Download the ambito's plan (XLSX)"),
    "amb_map_title": ("I comuni sulla mappa", "The comuni on the map"),
    "amb_map_caption": ("Confini ISTAT dei comuni dell'ambito colorati per {metric}; disegnata senza "
                        "internet. I comuni senza confine nei file del progetto non sono colorati.",
                        "ISTAT boundaries of the ambito's comuni shaded by {metric}; drawn without "
                        "internet. Comuni without a boundary in the project's files are not shaded."),
    "amb_map_missing": ("Confini mancanti: {names}.", "Boundaries missing: {names}."),
    "amb_map_metric": ("Colore della mappa", "Map colour"),
    "amb_single": ("I dati contengono un solo comune: il confronto dell'ambito si riempie quando "
                   "si caricano gli altri comuni (pagina Dati).",
                   "The data hold one comune only: the ambito comparison fills in once the other "
                   "comuni are loaded (Dati page)."),
    "amb_page_note": ("Questa pagina mostra sempre tutti i comuni dell'ambito; il comune scelto "
                      "nella barra laterale è evidenziato.",
                      "This page always shows every comune of the ambito; the comune chosen in the "
                      "sidebar is highlighted."),
    "amb_only_legnano_mappa": ("Scelto: {chosen}. Questa mappa mostra i rioni di Legnano, gli unici "
                               "che i dati descrivono; i comuni dell'ambito a confronto sono nella "
                               "pagina Ambito.",
                               "Chosen: {chosen}. This map shows Legnano's rioni, the only ones the "
                               "data describe; the ambito's comuni side by side are on the Ambito page."),
    "amb_only_legnano_progetti": ("Scelto: {chosen}. I programmi di questa pagina sono quelli di "
                                  "Legnano (via Carlo Porta, Contratto di Quartiere Mazzafame): le "
                                  "cifre non cambiano con il comune scelto.",
                                  "Chosen: {chosen}. The programmes on this page are Legnano's (via "
                                  "Carlo Porta, Contratto di Quartiere Mazzafame): the figures do not "
                                  "change with the chosen comune."),
    "amb_only_legnano_il_tavolo": ("Scelto: {chosen}. Il tavolo di coordinamento è quello del Comune "
                                   "di Legnano e di ALER: calendario, decisioni e azioni non cambiano "
                                   "con il comune scelto.",
                                   "Chosen: {chosen}. The coordination table is the Comune di "
                                   "Legnano's and ALER's: calendar, decisions and actions do not "
                                   "change with the chosen comune."),
    "amb_domanda_ambito": ("Domanda e offerta si leggono comune per comune (ogni comune ha la sua "
                           "graduatoria e il suo piano): scegli un comune nella barra laterale. "
                           "L'ambito a confronto e il piano dell'ambito sono nella pagina Ambito.",
                           "Demand and supply are read comune by comune (each comune has its own "
                           "ranking and plan): choose a comune in the sidebar. The ambito side by "
                           "side and the ambito's plan are on the Ambito page."),
    "amb_open_page": ("Apri la pagina Ambito", "Open the Ambito page"),
    "amb_panoramica_no_prog": ("{chosen}: nessun programma di recupero o nuova costruzione nei dati "
                               "di questo comune.",
                               "{chosen}: no renovation or new-build programme in this comune's data."),
    "amb_shown_for": ("Dati di: {chosen}", "Data of: {chosen}"),
    "mtg_ambito_poverty_note": ("arrotondata per eccesso comune per comune",
                                "rounded up comune by comune"),
    "mtg_ambito_message": ("L'ambito: {flats} alloggi pubblici in {n} comuni, {available} disponibili "
                           "nel {year}", "The ambito: {flats} public flats in {n} comuni, {available} "
                           "available in {year}"),
}
