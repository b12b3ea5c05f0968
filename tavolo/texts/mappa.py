"""Texts of the Mappa page and of the map itself (keys prefixed ``map_``)."""

TEXTS = {
    "page_mappa": ("Mappa", "Map"),
    "map_title": ("Mappa dei rioni, degli edifici e dei programmi",
                  "Map of the rioni, buildings and programmes"),
    "map_intro": ("Scegli un indicatore; clicca un rione o un edificio per il dettaglio a destra. "
                  "Spostare e ingrandire la mappa non ricarica la pagina.",
                  "Pick an indicator; click a rione or a building for its detail on the right. "
                  "Panning and zooming do not reload the page."),
    "map_indicator": ("Indicatore dei rioni", "Rioni indicator"),
    "map_layers": ("Livelli (anche per gli export)", "Layers (also for the exports)"),
    "map_layer_boundary": ("Confine comunale", "Municipal boundary"),
    "map_layer_consulte": ("Consulte territoriali", "District councils"),
    "map_layer_rioni": ("Rioni", "Rioni"),
    "map_layer_buildings": ("Edifici ERP", "Public-housing buildings"),
    "map_layer_offices": ("Uffici ALER (via Bissolati)", "ALER offices (via Bissolati)"),
    "map_layer_programmes": ("Siti dei programmi", "Programme sites"),
    "map_layer_sites": ("Sede unica ALER: siti candidati", "ALER unified office: candidate sites"),
    "map_base_osm": ("Sfondo OpenStreetMap", "OpenStreetMap background"),
    "map_base_schematic": ("Sfondo schematico (senza internet)", "Schematic background (offline)"),
    "map_legend": ("Legenda", "Legend"),
    "map_boundary_source": ("Confine: ISTAT / Openpolis, CC-BY 4.0",
                            "Boundary: ISTAT / Openpolis, CC-BY 4.0"),
    "map_unit": ("Unità", "Unit"),
    "map_not_available": ("n.d. (nessun alloggio assegnabile)", "n/a (no assignable flat)"),
    "map_buildings_of": ("Edificio", "Building"),
    "map_surveyed": ("posizione rilevata", "surveyed position"),
    "map_approximate": ("vuoto e tratteggiato: posizione approssimata",
                        "hollow, dashed: approximate position"),
    "map_cluster": ("gruppo di edifici (clic: ingrandisci)", "group of buildings (click: zoom in)"),
    "map_grouped": ("Numero nel cerchio: edifici riuniti dal server in un punto",
                    "Number in a dot: buildings merged by the server into one point"),
    "map_best_site": ("sede unica: sito migliore (anello 1 km)",
                      "unified office: best site (1 km ring)"),
    "map_schematic": ("Aree schematiche", "Schematic areas"),
    "map_schematic_note": ("i confini di rioni e consulte sono indicativi, non ufficiali",
                           "the rioni and district boundaries are indicative, not official"),
    "map_schematic_legend": ("Rioni tratteggiati: aree schematiche", "Dashed rioni: schematic areas"),
    "map_by_rione": ("per rione", "by rione"),
    "map_by_comune": ("per comune", "by municipality"),
    "map_as_of": ("Dati aggiornati al", "Data as of"),
    "map_click_detail": ("clic per il dettaglio", "click for the detail"),
    "map_position_approximate": ("Posizione approssimata", "Approximate position"),
    "map_mean_distance": ("Distanza media pesata dagli inquilini",
                          "Tenant-weighted mean distance"),
    "map_share_within": ("Alloggi locati entro 1 km", "Let flats within 1 km"),
    "map_card_buildings": ("edifici", "buildings"),
    "map_card_merged": ("Edifici vicini riuniti in un punto: ingrandisci o apri il dettaglio.",
                        "Nearby buildings merged into one point: zoom in or open the detail."),
    "map_card_owner": ("Proprietario", "Owner"),
    "map_card_programme": ("Programma", "Programme"),
    "map_card_flats": ("alloggi", "flats"),
    "map_card_sizes": ("Per superficie", "By surface"),
    "map_card_phases": ("Fasi del programma", "Programme phases"),
    "map_card_reports": ("Segnalazioni aperte", "Open reports"),
    "map_card_occupations": ("Occupazioni senza titolo in corso", "Ongoing occupations without title"),
    "map_card_approximate": ("Posizione approssimata", "Approximate position"),
    "map_card_approx_short": ("posizione approssimata", "approximate position"),
    # page
    "map_caption": ("{indicator} per rione ({unit}); il valore è scritto su ogni rione e la "
                    "tabella sotto la mappa riporta gli stessi numeri.",
                    "{indicator} by rione ({unit}); each rione carries its value and the table "
                    "below the map has the same numbers."),
    "map_outside": ("Domande all'ultimo avviso da residenti fuori Legnano o senza rione: {n}.",
                    "Applications to the latest call from outside Legnano or without a rione: {n}."),
    "map_table": ("Rioni e indicatori", "Rioni and indicators"),
    "map_rione": ("Rione", "Rione"),
    "map_comune": ("Comune", "Municipality"),
    "map_consulta": ("Consulta", "District council"),
    "map_detail": ("Dettaglio", "Detail"),
    "map_detail_hint": ("Clicca un rione o un edificio sulla mappa.",
                        "Click a rione or a building on the map."),
    "map_open_in": ("Apri filtrato su questo rione", "Open filtered on this rione"),
    "map_link_building": ("Apri filtrato su questo edificio", "Open filtered on this building"),
    "map_group_members": ("Edifici in questo punto", "Buildings in this point"),
    "map_indicator_col": ("Indicatore", "Indicator"),
    "map_value_col": ("Valore", "Value"),
    "map_flats_col": ("Alloggi", "Flats"),
    "map_clear": ("Togli la selezione", "Clear the selection"),
    "map_offline_on": ("Modalità senza internet: sfondo schematico, nessuna richiesta esterna.",
                       "Offline mode: schematic background, no external request."),
    "map_assets_missing": ("Risorse offline della mappa mancanti: esegui `python -m tavolo assets`.",
                           "Offline map assets missing: run `python -m tavolo assets`."),
    "map_office_title": ("Dove mettere la sede unica di ALER a Legnano?",
                         "Where should ALER's unified Legnano office stand?"),
    "map_office_intro": ("Per ogni sito candidato: distanza media dagli inquilini di ALER (l'ufficio "
                         "serve loro, non gli inquilini del Comune; pesata sugli alloggi ALER locati "
                         "di ogni edificio, in linea d'aria, calcolata in metri nel sistema "
                         "EPSG:32632) e quota di quegli alloggi entro 1 km. Il migliore ha la "
                         "distanza media più bassa; due siti la cui distanza media differisce meno "
                         "dell'incertezza sulla posizione degli edifici (±25 m per un punto "
                         "rilevato, ±250 m per uno approssimato, in media pesata) sono equivalenti "
                         "e hanno la stessa posizione in classifica.",
                         "For each candidate site: mean distance from ALER's tenants (the office "
                         "serves them, not the Comune's; weighted by each building's let ALER "
                         "flats, straight line, computed in metres in EPSG:32632) and share of "
                         "those flats within 1 km. The best has the lowest mean distance; two "
                         "sites whose mean distances differ by less than the positional "
                         "uncertainty of the buildings (±25 m for a surveyed point, ±250 m for an "
                         "approximate one, weighted mean) are equivalent and share their rank."),
    "map_add_mode": ("Aggiungi un sito candidato con un clic sulla mappa",
                     "Add a candidate site by clicking on the map"),
    "map_add_optimum": ("Aggiungi il punto di distanza media minima",
                        "Add the point of least mean distance"),
    "map_optimum_name": ("Punto di distanza media minima", "Point of least mean distance"),
    "map_user_site": ("Punto scelto sulla mappa", "Point picked on the map"),
    "map_remove": ("Togli i siti selezionati", "Remove the selected sites"),
    "map_reset_sites": ("Ripristina i due uffici di via Bissolati", "Reset to the two Bissolati offices"),
    "map_rank": ("Posizione", "Rank"),
    "map_site": ("Sito", "Site"),
    "map_distance_col": ("Distanza media (m)", "Mean distance (m)"),
    "map_within_col": ("Alloggi ALER locati entro 1 km", "ALER let flats within 1 km"),
    "map_share_col": ("Quota entro 1 km", "Share within 1 km"),
    "map_best_is": ("Sito migliore: **{name}**, distanza media {distance} m, {share} degli alloggi "
                    "ALER locati entro 1 km (incertezza sulla posizione degli edifici: "
                    "±{uncertainty} m).",
                    "Best site: **{name}**, mean distance {distance} m, {share} of ALER's let "
                    "flats within 1 km (positional uncertainty of the buildings: ±{uncertainty} m)."),
    "map_equivalent_sites": ("Siti equivalenti: {names}. Le loro distanze medie (da {distance} m) "
                             "differiscono al più di {gap} m, meno dell'incertezza sulla "
                             "posizione degli edifici (±{uncertainty} m): i dati non dicono quale "
                             "sia più vicino agli inquilini di ALER.",
                             "Equivalent sites: {names}. Their mean distances (from {distance} m) "
                             "differ by at most {gap} m, less than the positional uncertainty of "
                             "the buildings (±{uncertainty} m): the data cannot say which is "
                             "closer to ALER's tenants."),
    "map_gap_col": ("Scarto dal migliore (m)", "Gap to the best (m)"),
    "map_exports": ("Scarica la mappa", "Download the map"),
    "map_png": ("Immagine PNG", "PNG image"),
    "map_pdf": ("PDF", "PDF"),
    "map_geojson": ("GeoJSON dei livelli", "GeoJSON of the layers"),
    "map_gpkg": ("GeoPackage dei livelli", "GeoPackage of the layers"),
    "map_html": ("Mappa interattiva HTML", "Interactive HTML map"),
    "map_source": ("Fonte", "Source"),
    "map_kind_office": ("ufficio attuale", "current office"),
    "map_kind_user": ("punto aggiunto", "point added"),
    "map_kind_optimum": ("punto calcolato", "computed point"),
    "map_kind": ("Tipo", "Kind"),
    # indicators of the areas (tavolo.map_data.indicators)
    "map_ind_flats_total": ("Alloggi pubblici", "Public flats"),
    "map_ind_flats_owner": ("Alloggi di proprietà {owner}", "Flats owned by {owner}"),
    "map_ind_flats_status": ("Alloggi: {status}", "Flats: {status}"),
    "map_ind_vacancy_rate": ("Tasso di sfitto", "Vacancy rate"),
    "map_ind_applications": ("Domande all'ultimo avviso (per rione di residenza)",
                             "Applications to the latest call (by rione of residence)"),
    "map_ind_applications_per_assignable": ("Domande in graduatoria per alloggio assegnabile",
                                            "Applications waiting per assignable flat"),
    "map_ind_occupations_open": ("Occupazioni senza titolo in corso",
                                 "Ongoing occupations without title"),
    "map_ind_reports_open": ("Segnalazioni inquilini aperte", "Open tenant reports"),
    "map_ind_maintenance_open": ("Priorità di manutenzione: interventi aperti",
                                 "Maintenance priorities: open items"),
    "map_unit_flats": ("alloggi", "flats"),
    "map_unit_vacancy_rate": ("% degli alloggi del rione", "% of the rione's flats"),
    "map_unit_applications": ("domande", "applications"),
    "map_unit_applications_per_assignable": ("domande per alloggio sfitto assegnabile",
                                             "applications per vacant assignable flat"),
    "map_unit_reports_open": ("segnalazioni", "reports"),
    "map_unit_maintenance_open": ("interventi", "items"),
    "map_suppressed_note": ("Valori da 1 a {n} mostrati come «< {below}» (riservatezza).",
                            "Values from 1 to {n} shown as '< {below}' (confidentiality)."),
    "map_na": ("n.d.", "n/a"),
    "map_demo_flag": ("Dati dimostrativi", "Dati dimostrativi (demo data)"),
    "map_card_maintenance": ("Manutenzione, interventi aperti", "Maintenance, open items"),
    "map_layer_maintenance": ("Priorità di manutenzione", "Maintenance priorities"),
    "map_maintenance_legend": ("edificio con interventi aperti (numero: posizione in classifica)",
                               "building with open items (number: rank in the list)"),
    "map_table_all": ("Mostra tutti gli indicatori", "Show every indicator"),
    "map_meeting_note": ("Aree dei rioni schematiche (non confini ufficiali); posizioni degli "
                         "edifici approssimate dove indicato.",
                         "Schematic rioni areas (not official boundaries); building positions "
                         "approximate where flagged."),
}
