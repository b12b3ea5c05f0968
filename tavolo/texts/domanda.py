"""Texts of the Domanda e offerta page and of the annual plan (``dem_``, ``plan_``)."""

TEXTS = {
    "page_domanda": ("Domanda e offerta", "Demand and supply"),
    "dem_subtitle": ("Quante famiglie aspettano, per quale alloggio, e quanti alloggi si possono "
                     "assegnare oggi e nei prossimi anni",
                     "How many households wait, for what flat, and how many flats can be "
                     "assigned now and in the coming years"),
    "dem_rione": ("Rione", "Neighbourhood"),
    "dem_all_rioni": ("Tutto il comune", "Whole comune"),
    "dem_rione_note": ("Filtro sul rione: domande per rione di residenza, alloggi per rione. "
                       "Anni per esaurire la graduatoria, scenari e piano annuale restano "
                       "sull'intero comune (gli alloggi non si assegnano per rione).",
                       "Neighbourhood filter: applications by neighbourhood of residence, flats "
                       "by neighbourhood. Years to clear the list, scenarios and the annual plan "
                       "cover the whole comune (flats are not assigned by neighbourhood)."),
    "dem_tab_demand": ("Domanda", "Demand"),
    "dem_tab_supply": ("Offerta", "Supply"),
    "dem_tab_match": ("Domanda e alloggi", "Matching"),
    "dem_tab_scenarios": ("Scenari a 5 anni", "5-year scenarios"),
    "dem_tab_plan": ("Piano annuale", "Annual plan"),
    # headline figures
    "dem_waiting": ("Famiglie in graduatoria", "Households waiting"),
    "dem_assignable": ("Alloggi SAP assegnabili oggi", "SAP flats assignable today"),
    "dem_per_flat": ("Domande per alloggio assegnabile", "Applications per assignable flat"),
    "dem_years_clear": ("Anni per esaurire la graduatoria di oggi",
                        "Years to clear today's waiting list"),
    "dem_city_wide": ("intero comune", "whole comune"),
    "dem_years_clear_help": ("Famiglie ammesse e in graduatoria oggi (intero comune) diviso le "
                             "assegnazioni medie per anno dal primo all'ultimo avviso (anni senza "
                             "avviso contano zero). Non conta le nuove domande, che intanto "
                             "arrivano: vedi la nota sotto.",
                             "Admitted households waiting today (whole comune) divided by the mean "
                             "assignments per year from the first call to the last (years without "
                             "a call count as zero). It leaves out the new applications that keep "
                             "arriving: see the note below."),
    "dem_inflow_note": ("Intanto arrivano {n} nuove domande ammesse l'anno ({src}); contandole, "
                        "anni per esaurire la graduatoria: {years}.",
                        "Meanwhile {n} new admitted applications arrive a year ({src}); counting "
                        "them, years to clear the list: {years}."),
    "dem_inflow_measured": ("media misurata sugli avvisi; si fissa con l'impostazione "
                            "«Nuove domande all'anno»",
                            "the calls' measured mean; set it with the setting "
                            "“New applications a year”"),
    "dem_inflow_setting": ("impostazione «Nuove domande all'anno»",
                           "setting “New applications a year”"),
    "dem_pace": ("{n} assegnazioni all'anno (media {first}-{last})",
                 "{n} assignments a year (mean {first}-{last})"),
    "dem_never": ("mai, al ritmo attuale", "never, at the present pace"),
    "dem_call_of": ("avviso {call}", "call {call}"),
    # demand
    "dem_calls_title": ("Domande per avviso ed esito", "Applications by call and outcome"),
    "dem_calls_caption": ("Domande presentate a ogni avviso, per esito; in graduatoria = "
                          "ancora in attesa sull'ultimo avviso.",
                          "Applications to each call, by outcome; waiting = still waiting on "
                          "the latest call."),
    "dem_profile_call": ("Avviso", "Call"),
    "dem_profile_by": ("Domande per", "Applications by"),
    "dem_profile_caption": ("Domande dell'avviso {call} per {dim}; le categorie art. 14 si "
                            "sommano oltre il totale (una famiglia può averne più d'una).",
                            "Applications to call {call} by {dim}; art. 14 categories add up "
                            "to more than the total (a household may have several)."),
    "dem_dimension_household_size": ("componenti del nucleo", "household size"),
    "dem_dimension_isee_band": ("fascia ISEE", "ISEE band"),
    "dem_dimension_poverty": ("indigenza (ISEE fino a 3.000 €, art. 13)",
                              "poverty (ISEE up to €3,000, art. 13)"),
    "dem_dimension_categories": ("categorie art. 14", "art. 14 categories"),
    "dem_dimension_isbar": ("punteggio ISBAR", "ISBAR score"),
    "dem_dimension_rione": ("rione di residenza", "neighbourhood of residence"),
    "dem_poverty_yes": ("Indigenti", "In poverty"),
    "dem_poverty_no": ("Non indigenti", "Not in poverty"),
    "dem_no_category": ("Nessuna categoria", "No category"),
    "dem_rione_unknown": ("Rione non indicato", "Neighbourhood not given"),
    "dem_col_value": ("Valore", "Value"),
    "dem_col_applications": ("Domande", "Applications"),
    "dem_col_share": ("Quota delle domande", "Share of applications"),
    "dem_col_call": ("Avviso", "Call"),
    "dem_col_opened": ("Apertura", "Opened"),
    "dem_col_offered": ("Alloggi offerti", "Flats offered"),
    "dem_col_assigned": ("Assegnate", "Assigned"),
    "dem_col_waiting": ("In graduatoria", "Waiting"),
    # supply
    "dem_stock_by": ("Alloggi per", "Flats by"),
    "dem_dim_owner_id": ("Proprietario", "Owner"),
    "dem_dim_rione": ("Rione", "Neighbourhood"),
    "dem_dim_size_class": ("Superficie", "Surface"),
    "dem_stock_title": ("Alloggi per {dim} e stato", "Flats by {dim} and status"),
    "dem_stock_caption": ("Alloggi pubblici per {dim} e stato; classi di superficie dalla "
                          "tabella di adeguatezza (limite inferiore incluso).",
                          "Public flats by {dim} and status; surface classes from the adequacy "
                          "table (lower bound included)."),
    "dem_works_title": ("Sfitti da ristrutturare fuori dai programmi e costo dei lavori",
                        "Vacant flats needing works outside programmes and their cost"),
    "dem_works_note": ("Altri {prog} sfitti da ristrutturare sono alloggi dei programmi (lavori "
                       "del programma, scheda Progetti): la Panoramica li conta insieme, {total}.",
                       "Another {prog} vacant flats needing works belong to programmes (the "
                       "programme's works, Progetti page): the Overview counts them together, "
                       "{total}."),
    "dem_works_art10": ("Lavori fino a {limit}: assegnabili con lavori a carico "
                        "dell'assegnatario (art. 10)",
                        "Works up to {limit}: assignable with works paid by the assignee "
                        "(art. 10)"),
    "dem_works_funding": ("Lavori oltre {limit}: servono fondi", "Works over {limit}: need funding"),
    "dem_works_no_estimate": ("Senza stima dei lavori", "No works estimate"),
    "dem_col_group": ("Gruppo", "Group"),
    "dem_col_flats": ("Alloggi", "Flats"),
    "dem_col_cost": ("Stima lavori", "Works estimate"),
    "dem_supply_title": ("Alloggi attesi per anno e fonte", "Flats expected by year and source"),
    "dem_supply_caption": ("Alloggi SAP che si prevede diventino assegnabili in ogni anno, per "
                           "fonte, con le ipotesi della scheda Scenari; nell'anno in corso il "
                           "turnover conta solo i giorni dopo il {as_of} (i rilasci precedenti "
                           "sono tra gli sfitti).",
                           "SAP flats expected to become assignable each year, by source, under "
                           "the assumptions of the Scenarios tab; in the current year turnover "
                           "counts only the days after {as_of} (earlier releases are in the "
                           "vacant flats)."),
    "dem_pipeline_title": ("Alloggi dei programmi per anno previsto",
                           "Programme flats by expected year"),
    "dem_pipeline_caption": ("Alloggi dei programmi non ancora assegnati, per anno in cui si "
                             "prevede siano assegnabili (ipotesi modificabili negli Scenari).",
                             "Programme flats not yet assigned, by the year they are expected to "
                             "become assignable (assumptions editable under Scenarios)."),
    "dem_beyond": ("oltre l'orizzonte", "beyond the horizon"),
    "dem_col_programme": ("Programma", "Programme"),
    "dem_col_phase": ("Fase", "Phase"),
    "dem_col_service": ("Servizio", "Service"),
    "dem_col_year": ("Anno", "Year"),
    "dem_col_total": ("Totale", "Total"),
    # sources of supply
    "plan_source_vacant_now": ("Sfitti assegnabili oggi", "Vacant, assignable today"),
    "plan_source_turnover": ("Turnover atteso", "Expected turnover"),
    "plan_source_programmes": ("Programmi (recupero e nuova costruzione)",
                               "Programmes (renovation and new build)"),
    "plan_source_ordinary_works": ("Altri alloggi in lavorazione", "Other flats under works"),
    "plan_source_art10": ("Carenza manutentiva, lavori fino al limite dell'art. 10",
                          "Needing maintenance, works within the art. 10 limit"),
    "plan_source_works_recovered": ("Sfitti ristrutturati (scenario)",
                                    "Vacant flats renovated (scenario)"),
    "plan_source_new_build": ("Nuova costruzione (scenario)", "New build (scenario)"),
    "plan_source_calls": ("Offerti negli avvisi dell'anno", "Offered by the year's calls"),
    "plan_group_turnover": ("Turnover", "Turnover"),
    "plan_group_new_or_recovered": ("Nuova edificazione o recupero", "New build or recovery"),
    "plan_group_maintenance": ("Carenza manutentiva (art. 10)", "Needing maintenance (art. 10)"),
    "plan_group_calls": ("Avvisi", "Calls"),
    # matching
    "dem_match_title": ("Famiglie in attesa e alloggi adeguati per componenti",
                        "Households waiting and adequate flats by household size"),
    "dem_match_caption": ("Per ogni numero di componenti: famiglie in graduatoria e alloggi "
                          "assegnabili oggi adeguati (tabella art. 9, da verificare); un alloggio "
                          "può valere per due numeri di componenti.",
                          "For each household size: households waiting and adequate flats "
                          "assignable today (art. 9 table, to verify); a flat may count for two "
                          "sizes."),
    "dem_col_size": ("Componenti", "Household size"),
    "dem_col_applicants": ("Famiglie in attesa", "Households waiting"),
    "dem_col_adequate": ("Alloggi adeguati assegnabili", "Adequate flats assignable"),
    "dem_col_balance": ("Saldo (alloggi − famiglie)", "Balance (flats − households)"),
    "dem_short": ("mancano {n}", "{n} short"),
    "dem_surplus": ("avanzano {n}", "{n} spare"),
    "dem_even": ("pari", "even"),
    "dem_size_axis": ("Componenti del nucleo", "Household size"),
    "dem_col_per_flat": ("Famiglie per alloggio", "Households per flat"),
    "dem_rione_title": ("Famiglie in attesa per alloggio assegnabile, per rione",
                        "Households waiting per assignable flat, by neighbourhood"),
    "dem_rione_caption": ("Famiglie in graduatoria residenti nel rione per ogni alloggio "
                          "assegnabile oggi nel rione; «–» dove non c'è alcun alloggio assegnabile.",
                          "Households waiting living in the neighbourhood per flat assignable "
                          "today in it; '–' where no flat is assignable."),
    "dem_no_flat": ("nessun alloggio", "no flat"),
    "dem_unclassified": ("{n} alloggi assegnabili non rientrano in alcuna riga della tabella di "
                         "adeguatezza (superfici tra una riga e l'altra).",
                         "{n} assignable flats fall in no row of the adequacy table (surfaces "
                         "between rows)."),
    "dem_adequacy_title": ("Tabella di adeguatezza (R.R. 4/2017 art. 9): da verificare",
                           "Adequacy table (R.R. 4/2017 art. 9): to verify"),
    "dem_col_min_m2": ("m² minimi", "Minimum m²"),
    "dem_col_max_m2": ("m² massimi", "Maximum m²"),
    # scenarios
    "dem_scen_intro": ("Sposta le ipotesi: il grafico mostra quale parte delle domande di un anno "
                       "gli alloggi attesi potrebbero coprire, con e senza il programma più grande.",
                       "Move the assumptions: the chart shows how much of a year's applications "
                       "the flats expected could cover, with and without the largest programme."),
    "dem_scen_turnover": ("Turnover annuo degli alloggi locati (%)", "Yearly turnover of let flats (%)"),
    "dem_scen_turnover_help": ("Valore iniziale: {value} misurato sullo storico degli stati "
                               "({first}-{last}).",
                               "Initial value: {value} measured on the status history "
                               "({first}-{last})."),
    "dem_scen_turnover_setting": ("Valore iniziale: impostazione «Rotazione annua degli alloggi (%)» (lo storico "
                                  "non basta a misurarlo), da verificare.",
                                  "Initial value: setting “Yearly turnover of let flats (%)” (the history is too "
                                  "short to measure it), to verify."),
    "dem_scen_works_end": ("{name}: anno di fine lavori", "{name}: year works end"),
    "dem_scen_design": ("{name}: anno per gli alloggi in progettazione",
                        "{name}: year for the flats in design"),
    "dem_scen_new_build": ("Nuova costruzione: alloggi", "New build: flats"),
    "dem_scen_new_build_year": ("Nuova costruzione: anno", "New build: year"),
    "dem_scen_recovery": ("Sfitti da ristrutturare recuperati all'anno (%)",
                          "Vacant flats needing works renovated per year (%)"),
    "dem_coverage_title": ("Copertura della domanda nei prossimi 5 anni",
                           "Coverage of demand over the next 5 years"),
    "dem_coverage_caption": ("Alloggi SAP attesi in ogni anno su {n} nuove domande ammesse "
                             "all'anno (al massimo 100%), con e senza {name}.",
                             "SAP flats expected each year over {n} new admitted applications a "
                             "year (at most 100%), with and without {name}."),
    "dem_clear_note": ("Le famiglie di oggi sono quelle ammesse e in graduatoria; intanto arrivano "
                       "circa {n} nuove domande ammesse l'anno, che gli stessi alloggi devono "
                       "coprire (grafico sotto).",
                       "Today's households are the admitted ones waiting; meanwhile about {n} new "
                       "admitted applications arrive a year, which the same flats must cover "
                       "(chart below)."),
    "dem_scen_demand": ("Nuove domande ammesse all'anno", "New admitted applications a year"),
    "dem_scen_demand_help": ("Valore iniziale: l'impostazione «Nuove domande all'anno», o se è 0 "
                             "la media delle domande ammesse (non escluse) per anno degli avvisi "
                             "{first}-{last}; chi si ripresenta conta di nuovo.",
                             "Initial value: the setting “New applications a year”, or when it is "
                             "0 the mean admitted (not excluded) applications a year of the calls "
                             "{first}-{last}; a household applying again counts again."),
    "dem_with": ("Con {name}", "With {name}"),
    "dem_without": ("Senza {name}", "Without {name}"),
    "dem_clear_year": ("graduatoria di oggi ({families}) esaurita", "today's waiting list ({families}) cleared"),
    "dem_clear_in": ("nel {year}", "in {year}"),
    "dem_family": ("famiglia", "household"),
    "dem_families": ("famiglie", "households"),
    "dem_not_in_view": ("oltre 5 anni", "beyond 5 years"),
    "dem_col_supply_with": ("Alloggi nell'anno (con)", "Flats in the year (with)"),
    "dem_col_supply_without": ("Alloggi nell'anno (senza)", "Flats in the year (without)"),
    "dem_col_cum_with": ("Cumulati (con)", "Cumulative (with)"),
    "dem_col_demand": ("Nuove domande ammesse all'anno", "New admitted applications a year"),
    "dem_col_cum_without": ("Cumulati (senza)", "Cumulative (without)"),
    "dem_col_cov_with": ("Copertura (con)", "Coverage (with)"),
    "dem_col_cov_without": ("Copertura (senza)", "Coverage (without)"),
    # annual plan
    "plan_title": ("Piano annuale dell'offerta abitativa", "Annual housing offer plan"),
    "plan_intro": ("Calcolo delle quote per un comune e un anno (R.R. 4/2017 art. 4), sugli "
                   "alloggi SAP. Per ogni quota: quanti alloggi la legge richiede, quanti ne "
                   "consente al massimo (i tetti sono «fino a»), quanti ne sceglie il Comune. Un "
                   "piano che viola una regola è segnalato, mai corretto da solo.",
                   "Quotas for a comune and a year (R.R. 4/2017 art. 4), on SAP flats. For each "
                   "quota: how many flats the law requires, how many it allows at most (caps are "
                   "'up to'), how many the Comune chooses. A plan that breaks a rule is flagged, "
                   "never silently fixed."),
    "plan_year": ("Anno del piano", "Plan year"),
    "plan_override": ("Indica a mano gli alloggi disponibili", "Enter the flats available by hand"),
    "plan_available": ("Alloggi disponibili nell'anno", "Flats available in the year"),
    "plan_expected": ("Alloggi attesi nell'anno, per fonte", "Flats expected in the year, by source"),
    "plan_stock": ("Patrimonio per proprietario", "Stock by owner"),
    "plan_assigned_prev": ("Alloggi assegnati nell'anno precedente ({year})",
                           "Flats assigned the previous year ({year})"),
    "plan_quotas": ("Quote e riserve", "Quotas and reserves"),
    "plan_choose": ("Alloggi scelti per quota (il piano del Comune; partenza: la quota dovuta "
                    "agli indigenti, 0 per ogni tetto)",
                    "Flats chosen per quota (the Comune's plan; start: the quota due to "
                    "households in poverty, 0 for each cap)"),
    "plan_ordinary_auto": ("Graduatoria ordinaria: il resto", "Ordinary ranking: the rest"),
    "plan_ok": ("Il piano rispetta tutte le regole.", "The plan follows every rule."),
    "plan_chart_title": ("Alloggi per quota", "Flats per quota"),
    "plan_chart_caption": ("Alloggi scelti per quota; accanto a ogni barra quanti la regola ne "
                           "richiede (dovuti) o ne consente al massimo (max); «oltre il limite» "
                           "segna una violazione.",
                           "Flats chosen per quota; beside each bar how many the rule requires "
                           "(due) or allows at most (max); 'over the limit' marks a breach."),
    "plan_over": ("oltre il limite", "over the limit"),
    "plan_under": ("sotto la quota", "under the quota"),
    "plan_due": ("dovuti {n}", "due {n}"),
    "plan_max": ("max {n}", "max {n}"),
    "plan_download": ("Scarica il piano (XLSX)", "Download the plan (XLSX)"),
    "plan_settings_note": ("Quote e tetti si cambiano nelle impostazioni (var/settings.json o "
                           "variabili TAVOLO_*); «da verificare» finché l'ufficio non li conferma.",
                           "Quotas and caps are changed in the settings (var/settings.json or "
                           "TAVOLO_* variables); 'to verify' until the office confirms them."),
    "plan_poverty_by_owner": ("Quota indigenti contata per proprietario (ALER per comune): {detail}",
                              "Poverty quota counted per owner (ALER per comune): {detail}"),
    "plan_override_note": ("Alloggi disponibili indicati a mano: la quota indigenti è contata sul "
                           "totale.", "Flats available entered by hand: the poverty quota is "
                           "counted on the total."),
    "plan_past_note": ("Anno passato: alloggi disponibili = alloggi offerti dagli avvisi aperti "
                       "nell'anno.", "Past year: flats available = flats offered by the calls "
                       "opened that year."),
    "plan_kind_reserve": ("Quota dovuta (arrotondata per eccesso)", "Quota due (rounded up)"),
    "plan_kind_cap": ("Tetto (fino a)", "Cap (up to)"),
    "plan_kind_remainder": ("Il resto", "The rest"),
    "plan_to_verify": ("da verificare", "to verify"),
    "plan_col_quota": ("Quota", "Quota"),
    "plan_col_kind": ("Tipo", "Kind"),
    "plan_col_required": ("Dovuti", "Required"),
    "plan_col_allowed": ("Consentiti (max)", "Allowed (max)"),
    "plan_col_chosen": ("Scelti", "Chosen"),
    "plan_shared_with": ("soglia unica con {others}", "one threshold with {others}"),
    "plan_note_turnover_part": ("Turnover dell'anno in corso: solo il {pct} dell'anno dopo il "
                                "{as_of}; i rilasci già avvenuti sono tra gli sfitti.",
                                "Turnover of the current year: only the {pct} of the year after "
                                "{as_of}; the releases already happened are in the vacant flats."),
    "plan_note_vacant_elsewhere": ("Alloggi SAP sfitti e assegnabili oggi ({n}): contati nel "
                                   "{year}, l'anno dei dati, non di nuovo qui.",
                                   "The {n} SAP flats vacant and assignable today are counted in "
                                   "{year}, the data's year: not again here."),
    "plan_note_turnover_base": ("Turnover: {rate}% l'anno degli {n} alloggi SAP locati fuori dai "
                                "programmi (lo stesso insieme su cui è misurato).",
                                "Turnover: {rate}% a year of the {n} let SAP flats outside "
                                "programmes (the same set it is measured on)."),
    "plan_note_programme": ("{programme}: {n} alloggi SAP disponibili nell'anno.",
                            "{programme}: {n} SAP flats available in the year."),
    "plan_note_not_delivered": ("{n} alloggi nuovi ancora da consegnare: fuori dal patrimonio di "
                                "oggi, entrano nell'offerta quando finiscono i lavori.",
                                "{n} new flats not yet delivered: outside today's stock, they "
                                "enter supply when works end."),
    "plan_note_undated": ("{n} assegnazioni senza data nei dati (non contate nell'anno "
                          "precedente).", "{n} assignments without a date in the data (not "
                          "counted in the previous year)."),
    "plan_stock_outside": ("Patrimonio fuori dalla base delle quote (non SAP): {detail}",
                           "Stock outside the quota base (not SAP): {detail}"),
    "plan_outside_base": ("Fuori dalla base delle quote (non SAP): {detail}",
                          "Outside the quota base (not SAP): {detail}"),
    "plan_col_share": ("Quota del totale", "Share of total"),
    "plan_col_rule": ("Regola", "Rule"),
    "plan_col_source": ("Fonte", "Source"),
    "plan_col_group": ("Voce del piano", "Plan heading"),
    "plan_col_owner": ("Proprietario", "Owner"),
    "plan_breach_negative": ("{quota}: {value} alloggi, un numero negativo ({rule}).",
                             "{quota}: {value} flats, a negative number ({rule})."),
    "plan_breach_below_quota": ("{quota}: {value} alloggi, meno dei {limit} dovuti "
                                "({pct}% arrotondato per eccesso, {rule}).",
                                "{quota}: {value} flats, fewer than the {limit} due "
                                "({pct}% rounded up, {rule})."),
    "plan_breach_above_quota": ("{quota}: {value} alloggi, più dei {limit} della quota "
                                "({pct}%, {rule}): ammesso, da motivare.",
                                "{quota}: {value} flats, more than the quota's {limit} "
                                "({pct}%, {rule}): allowed, to be justified."),
    "plan_breach_above_cap": ("{quota}: {value} alloggi, oltre il tetto di {limit} "
                              "(fino al {pct}%, {rule}).",
                              "{quota}: {value} flats, over the cap of {limit} "
                              "(up to {pct}%, {rule})."),
    "plan_breach_above_shared_cap": ("{quota} e {others}: {value} alloggi insieme, oltre la "
                                     "soglia unica di {limit} (fino al {pct}%, {rule}).",
                                     "{quota} and {others}: {value} flats together, over the "
                                     "single threshold of {limit} (up to {pct}%, {rule})."),
    # an allocation of flats available over several plan years (a programme's flats)
    "plan_year_limit": ("{year}: {limit} su {flats} al {pct}%", "{year}: {limit} of {flats} at {pct}%"),
    "plan_year_undated": ("non ancora datati", "not dated yet"),
    "plan_breach_below_quota_years": ("{quota}: {value} alloggi, meno dei {limit} dovuti: la riserva "
                                      "si conta anno per anno, arrotondata per eccesso ({detail}; {rule}).",
                                      "{quota}: {value} flats, fewer than the {limit} due: the reserve "
                                      "counts year by year, rounded up ({detail}; {rule})."),
    "plan_breach_above_quota_years": ("{quota}: {value} alloggi, più dei {limit} dovuti anno per anno "
                                      "({detail}; {rule}): ammesso, da motivare.",
                                      "{quota}: {value} flats, more than the {limit} due year by year "
                                      "({detail}; {rule}): allowed, to be justified."),
    "plan_breach_above_cap_years": ("{quota}: {value} alloggi, oltre il tetto di {limit}, somma dei "
                                    "tetti di ogni anno ({detail}; {rule}).",
                                    "{quota}: {value} flats, over the cap of {limit}, the sum of each "
                                    "year's cap ({detail}; {rule})."),
    "plan_breach_above_shared_cap_years": ("{quota} e {others}: {value} alloggi insieme, oltre la "
                                           "soglia unica di {limit}, somma delle soglie di ogni anno "
                                           "({detail}; {rule}).",
                                           "{quota} and {others}: {value} flats together, over the "
                                           "single threshold of {limit}, the sum of each year's "
                                           "threshold ({detail}; {rule})."),
    "plan_breach_over_available": ("Le quote sommano {value} alloggi, più dei {limit} "
                                   "disponibili ({rule}).",
                                   "The quotas add up to {value} flats, more than the {limit} "
                                   "available ({rule})."),
    "plan_breach_unallocated": ("Le quote sommano {value} alloggi su {limit} disponibili: "
                                "{limit} − {value} non hanno destinazione ({rule}).",
                                "The quotas add up to {value} of {limit} flats available: "
                                "{limit} − {value} have no destination ({rule})."),
    "plan_rules_title": ("Regole e impostazioni usate", "Rules and settings used"),
    "plan_col_setting": ("Impostazione", "Setting"),
    "plan_col_value": ("Valore", "Value"),
    # CLI and export
    "plan_cli_header": ("Piano annuale dell'offerta {year} · {comune} ({code}) · {ambito}",
                        "Annual offer plan {year} · {comune} ({code}) · {ambito}"),
    "plan_cli_available": ("Alloggi disponibili nell'anno: {n}", "Flats available in the year: {n}"),
    "plan_cli_breaches": ("Regole violate", "Rules broken"),
    "plan_cli_demo": ("Dati dimostrativi", "Demo data"),
    "plan_xlsx_section_stock": ("1. Consistenza del patrimonio per proprietario",
                                "1. Stock by owner"),
    "plan_xlsx_section_expected": ("2. Unità abitative che si prevede di assegnare nell'anno",
                                   "2. Units expected to be assigned in the year"),
    "plan_xlsx_section_quotas": ("3. Quote e riserve", "3. Quotas and reserves"),
    "plan_xlsx_section_previous": ("4. Unità assegnate nell'anno precedente",
                                   "4. Units assigned the previous year"),
    "plan_xlsx_section_checks": ("5. Verifica delle regole", "5. Rule checks"),
}
