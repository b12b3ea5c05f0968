"""Translations and Italian formats (numbers 1.234,5; dates 17/10/2017) through babel."""

from __future__ import annotations

import datetime as dt
from typing import Any

from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal, format_percent

from tavolo.values import is_missing

LANGS = ("it", "en")
_LOCALE = {"it": "it_IT", "en": "en_GB"}

# key -> (Italian, English). Pages read every user-facing string from here.
TEXTS: dict[str, tuple[str, str]] = {
    "app_title": ("Tavolo Casa", "Tavolo Casa"),
    "app_subtitle": ("Tavolo di coordinamento ERP Comune di Legnano - ALER",
                     "Public-housing coordination table, Comune di Legnano - ALER"),
    "language": ("Lingua", "Language"),
    "table_more_columns": ("Mostra le altre colonne ({n})", "Show the other columns ({n})"),
    # the demo flag and the demo sentence, defined once (banner, exports, PDF, pack, CLI)
    "demo_data": ("Dati dimostrativi", "Dati dimostrativi (demo data)"),
    "demo_sentence": ("calibrati su cifre pubbliche, non sono i dati reali del Comune e di ALER.",
                      "calibrated on public figures, not the real data of the Comune and ALER."),
    "real_data": ("Dati caricati dall'ufficio", "Data loaded by the office"),
    "data_source": ("Fonte dei dati", "Data source"),
    "as_of": ("aggiornati al", "as of"),
    "meeting_mode": ("Modalità riunione", "Meeting mode"),
    "meeting_mode_help": ("Testo grande e alto contrasto per lo schermo condiviso",
                          "Large type and high contrast for the shared screen"),
    "offline": ("Senza internet", "Offline"),
    "offline_help": ("Nessuna richiesta fuori dal server dell'app: mappe senza sfondo OSM",
                     "No request outside the app's server: maps without OSM tiles"),
    "page_panoramica": ("Panoramica", "Overview"),
    "page_dati": ("Dati", "Data"),
    "flats_total": ("Alloggi pubblici", "Public flats"),
    "vacancy_rate": ("Tasso di sfitto", "Vacancy rate"),
    "applications_waiting": ("Domande in graduatoria", "Applications waiting"),
    "applications_per_assignable": ("Domande per alloggio assegnabile",
                                    "Applications per assignable flat"),
    "next_meeting": ("Prossima riunione", "Next meeting"),
    "none_planned": ("Nessuna in calendario", "None scheduled"),
    "programme_progress": ("Avanzamento programmi", "Programme progress"),
    "by_owner": ("Per proprietario", "By owner"),
    "by_status": ("Per stato", "By status"),
    "source": ("Fonte", "Source"),
    "flats": ("alloggi", "flats"),
    "flat": ("alloggio", "flat"),
    "delivered": ("consegnati", "handed over"),
    "count": ("Numero", "Count"),
    "share": ("Quota", "Share"),
    "owner": ("Proprietario", "Owner"),
    "status": ("Stato", "Status"),
    "phase": ("Fase", "Phase"),
    "upload": ("Carica file", "Upload files"),
    "check": ("Controlla", "Check"),
    "load": ("Carica nel database", "Load into the database"),
    "dictionary": ("Dizionario dei dati", "Data dictionary"),
    "download": ("Scarica", "Download"),
    "tables": ("Tabelle", "Tables"),
    "rows": ("righe", "rows"),
    "row_one": ("riga", "row"),
    "day": ("giorno", "day"),
    "days": ("giorni", "days"),
    "yes": ("sì", "yes"),
    "no": ("no", "no"),
    "errors_found": ("Errori trovati: nessun dato è stato modificato.",
                     "Errors found: no data was changed."),
    "check_ok": ("Nessun errore: i file si possono caricare.", "No errors: the files can be loaded."),
    "load_ok": ("Caricamento completato in un'unica transazione.", "Loaded in one transaction."),
    "file": ("File", "File"),
    "row": ("Riga", "Row"),
    "column": ("Colonna", "Column"),
    "value": ("Valore", "Value"),
    "rule": ("Regola", "Rule"),
    "tenant_line": ("Numero verde ALER h24", "ALER 24-hour line"),
    "vacancy_help": ("Sfitti assegnabili e sfitti da ristrutturare sul totale degli alloggi",
                     "Vacant assignable and vacant needing works over all flats"),
    "per_assignable_help": ("Domande in graduatoria dell'ultimo avviso per ogni alloggio sfitto "
                            "assegnabile oggi",
                            "Applications waiting on the latest call per flat assignable today"),
    "assignable_now": ("alloggi assegnabili oggi", "flats assignable today"),
    "call": ("Avviso", "Call"),
    "programme_kpi_help": ("Alloggi consegnati agli assegnatari sul totale del programma",
                           "Flats handed over to tenants out of the programme's total"),
    "upload_help": ("Carica uno o più file CSV o XLSX, uno per tabella e chiamati come la tabella "
                    "(per esempio `applications.csv`), oppure una cartella di lavoro con un foglio "
                    "per tabella. Si accettano `;` e virgola decimale, date gg/mm/aaaa, UTF-8 o "
                    "Windows-1252. I file vengono controllati prima: se c'è un errore non si "
                    "modifica nulla.",
                    "Upload one or more CSV or XLSX files, one per table and named after it "
                    "(for example `applications.csv`), or a workbook with a sheet per table. "
                    "`;` and decimal commas, dd/mm/yyyy dates, UTF-8 or Windows-1252 are accepted. "
                    "Files are checked first: on any error nothing changes."),
    "reason": ("Motivo del caricamento", "Reason for the load"),
    "reason_default": ("Aggiornamento dati dell'ufficio", "Office data update"),
    "loading": ("Caricamento in corso...", "Loading..."),
    "prepare_all": ("Prepara tutte le tabelle (XLSX)", "Prepare all tables (XLSX)"),
    "download_all": ("Scarica tutte le tabelle", "Download all tables"),
    "total": ("Totale", "Total"),
    "caption_flats_status": ("Alloggi pubblici per proprietario e stato: ogni segmento riporta "
                             "il numero di alloggi; la tabella a destra ha gli stessi valori.",
                             "Public flats by owner and status: each segment shows its number "
                             "of flats; the table on the right has the same values."),
    "caption_programme": ("{name}: alloggi per fase; {done} consegnati su {total}.",
                          "{name}: flats by phase; {done} of {total} handed over."),
}


def _page_text_modules() -> tuple:
    """The modules of ``tavolo.texts``, imported by name (a test checks none is missing)."""
    from tavolo.texts import (accesso, ambito, ambito_piano, backup, dati, domanda, gestione,
                              mappa, panoramica, progetti, tavolo)

    return (accesso, ambito, ambito_piano, backup, dati, domanda, gestione, mappa, panoramica,
            progetti, tavolo)


def _merge_page_texts(modules: tuple | None = None) -> None:
    """Add the texts of ``modules`` (every page text module); a duplicated key is an error."""
    for module in _page_text_modules() if modules is None else modules:
        clash = set(module.TEXTS) & set(TEXTS)
        if clash:
            raise KeyError(f"{module.__name__} redefines {sorted(clash)}")
        TEXTS.update(module.TEXTS)


_merge_page_texts()
TEXTS["demo_banner"] = tuple(f"{flag}: {sentence}" for flag, sentence
                             in zip(TEXTS["demo_data"], TEXTS["demo_sentence"]))


def t(key: str, lang: str = "it") -> str:
    """The text ``key`` in ``lang`` (Italian when the language is unknown)."""
    it, en = TEXTS[key]
    return en if lang == "en" else it


def pick(lang: str, it: str, en: str) -> str:
    """The one way to choose between an Italian and an English string written in place
    (prefer a key of ``TEXTS`` through :func:`t`); Italian when the language is unknown."""
    return en if lang == "en" else it


def plural(n: Any, one: str, many: str, lang: str = "it", number: bool = True) -> str:
    """'1 riga', '2 righe', '1.234 righe': the number (Italian format) and the word that
    agrees with it; ``one`` and ``many`` are text keys or words already in ``lang``.
    Without ``number``, the word alone."""
    one = t(one, lang) if one in TEXTS else one
    many = t(many, lang) if many in TEXTS else many
    word = one if not _missing(n) and abs(float(n)) == 1 else many
    return f"{fmt_int(n, lang)} {word}" if number else word


def separators(lang: str) -> str:
    """Plotly's ``separators`` for ``lang``: decimal mark then thousands mark."""
    return pick(lang, ",.", ".,")


def _locale(lang: str) -> str:
    return _LOCALE.get(lang, "it_IT")


_missing = is_missing  # the one test of a missing value: tavolo.values


def fmt_int(value: Any, lang: str = "it") -> str:
    """1234 -> '1.234' (it) or '1,234' (en); missing -> '–'."""
    if _missing(value):
        return "–"
    return format_decimal(int(round(float(value))), locale=_locale(lang))


def fmt_num(value: Any, lang: str = "it", decimals: int = 1) -> str:
    """1234.5 -> '1.234,5' (it) with ``decimals`` digits."""
    if _missing(value):
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(float(value), format=pattern, locale=_locale(lang))


def fmt_pct(ratio: Any, lang: str = "it", decimals: int = 1) -> str:
    """0.253 -> '25,3%' (it)."""
    if _missing(ratio):
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    return format_percent(float(ratio), format=pattern, locale=_locale(lang))


def fmt_eur(value: Any, lang: str = "it", decimals: int = 0) -> str:
    """5000000 -> '5.000.000 €' (it) or '€5,000,000' (en)."""
    if _missing(value):
        return "–"
    number = fmt_num(value, lang, decimals)
    return f"{number} €" if lang == "it" else f"€{number}"


def _to_date(value: Any) -> dt.date | None:
    """A date from a date, datetime, pandas Timestamp or ISO string; None when missing."""
    if _missing(value):
        return None
    if isinstance(value, dt.datetime):  # pandas Timestamp is a datetime too
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def fmt_date(value: Any, lang: str = "it") -> str:
    """date(2017, 10, 17) -> '17/10/2017' (it and en_GB); missing -> '–'."""
    day = _to_date(value)
    if day is None:
        return "–"
    return _babel_date(day, format="dd/MM/yyyy", locale=_locale(lang))


def fmt_date_long(value: Any, lang: str = "it") -> str:
    """date(2017, 10, 17) -> '17 ottobre 2017' (it), '17 October 2017' (en)."""
    day = _to_date(value)
    if day is None:
        return "–"
    return _babel_date(day, format="long", locale=_locale(lang))
