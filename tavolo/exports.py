"""Table exports that open right in Italian Excel: CSV with ``;``, decimal comma and a
UTF-8 BOM, and XLSX with a notes sheet (units, source, as-of date).

Three rules hold for every file the app writes here:

* **The data set says what it is.** ``provenance(meta, demo, lang)`` is the one line
  ("Dati dimostrativi · Fonte: ... · Aggiornati al 31/10/2026") that CSV, XLSX, charts,
  ``.ics``, maps and PDFs carry; with real data it still names source and as-of date.
* **No cell runs as a formula** (OWASP "CSV injection"): a text cell beginning with
  ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written with a leading ``'``
  in CSV and as a string cell (never a formula) in XLSX. Numbers stay numbers, negative
  ones included, and a text that is just a number ("-3", "-1,5") is left alone.
* **File names are readable**: the page's and the indicator's Italian names, not codes.

Why a first note row in the CSV (and not a sibling notes file): a download is one file,
and Italian Excel opens a ``;`` CSV whose first line is a single quoted cell without any
question: the note sits in A1, the header in row 2. A ``sep=;`` hint line is avoided on
purpose: with it Excel ignores the BOM and the accents break. The raw tables of the Dati
page, which are meant to be uploaded again, are written without the note row (their
header must be row 1) and say "dati-dimostrativi" in their file name; their XLSX has the
notes sheet.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata

import pandas as pd

from tavolo import i18n, schema

# A spreadsheet runs a cell as a formula when its text begins with one of these.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DEMO_SLUG = "dati-dimostrativi"

# Pages by url path (and the short names some callers use) -> the Italian page name.
PAGE_NAMES = {
    "panoramica": "Panoramica", "mappa": "Mappa", "domanda_offerta": "Domanda e offerta",
    "domanda": "Domanda e offerta", "progetti": "Progetti", "il_tavolo": "Tavolo di coordinamento",
    "tavolo": "Tavolo di coordinamento", "dati": "Dati", "piano": "Piano annuale", "gestione": "Gestione",
    "pacchetto-riunione": "Pacchetto riunione", "ambito": "Ambito Altomilanese",
}
APP_SLUG = "tavolo-casa"

# Numbers as i18n writes them: Italian 1.234,5 / English 1,234.5; percent and euro signs.
_NUMBER = {
    "it": re.compile(r"^(?P<sign>[-+−]?)(?P<int>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<dec>\d+))?$"),
    "en": re.compile(r"^(?P<sign>[-+−]?)(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<dec>\d+))?$"),
}
_MISSING_TEXT = {"", "–", "-", "—", "n.d.", "n/a"}


# ------------------------------------------------------------------------- provenance


def _as_of_text(value: object, lang: str) -> str:
    from tavolo import i18n

    if value in (None, ""):
        return "–"
    try:
        return i18n.fmt_date(value, lang)
    except (TypeError, ValueError):
        return str(value)


def provenance(meta: dict | None, demo: bool, lang: str = "it", limit: int = 160) -> str:
    """The line every export carries: 'Dati dimostrativi · Fonte: X · Aggiornati al
    31/10/2026' (without the first part for real data); the source is cut at ``limit``."""
    meta = meta or {}
    source = str(meta.get("source") or "").strip() or "–"
    if len(source) > limit:
        source = source[: limit - 1].rstrip() + "…"
    parts = []
    if demo:
        parts.append(i18n.t("demo_data", lang))
    parts.append(i18n.t("source", lang) + f": {source}")
    parts.append(i18n.t("as_of", lang).capitalize() + f" {_as_of_text(meta.get('as_of'), lang)}")
    return " · ".join(parts)


# -------------------------------------------------------------------- formula safety


def is_number_text(text: str) -> bool:
    """'-3', '-1,5', '-1.234,5', '-12%' are numbers written as text, not formulas."""
    core = text.strip().rstrip("%").rstrip("€").strip()
    return any(p.match(core) for p in _NUMBER.values())


def neutral_text(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, with a leading ``'`` (OWASP):
    '=HYPERLINK("http://x","y")' -> "'=HYPERLINK(...)"; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not is_number_text(value):
        return "'" + value
    return value


def _neutral_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutral_text).astype(object)
    out.columns = [neutral_text(str(c)) for c in out.columns]
    return out


# -------------------------------------------------------------------------------- CSV


def csv_it(frame: pd.DataFrame, note: str | None = None) -> bytes:
    """CSV for Italian Excel: ``;`` separator, decimal comma, dd/mm/yyyy dates, BOM.
    With ``note`` (see ``provenance``) the first line is that note, one quoted cell, and
    the header is the second line. Formula-like text cells start with ``'``."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%d/%m/%Y")
        elif pd.api.types.is_bool_dtype(out[col]):
            out[col] = out[col].map({True: "sì", False: "no"})
    out = _neutral_frame(out)
    text = out.to_csv(sep=";", decimal=",", index=False, lineterminator="\r\n")
    if note:
        first = neutral_text(note.replace("\r", " ").replace("\n", " "))
        text = '"' + first.replace('"', '""') + '"\r\n' + text
    return ("\ufeff" + text).encode("utf-8")


# ------------------------------------------------------------------------------- XLSX


def _parse_number(text: str, lang: str) -> tuple[float, str] | None:
    """A number as i18n writes it -> (value, Excel number format), else None.
    '1.234' -> (1234, '#,##0'); '15,0' -> (15.0, '#,##0.0'); '44%' -> (0.44, '0%');
    '12,5%' -> (0.125, '0.0%'); '5.000 €' -> (5000, '#,##0 "€"'). A leading zero
    ('0012') is a code, not a number."""
    core = text.strip()
    percent = core.endswith("%")
    euro = core.endswith("€") or core.startswith("€")
    core = core.strip("%€ \u00a0\u202f")
    match = _NUMBER[i18n.pick(lang, "it", "en")].match(core)
    if not match:
        return None
    whole, dec = match["int"], match["dec"]
    digits = whole.replace(".", "").replace(",", "")
    if len(digits) > 1 and digits.startswith("0"):
        return None
    value = float(digits + ("." + dec if dec else ""))
    if match["sign"] in ("-", "−"):
        value = -value
    decimals = "." + "0" * len(dec) if dec else ""
    grouped = "#,##0" if (whole != digits or percent or euro or dec) else "0"
    if percent:
        return value / 100, f"0{decimals}%"
    if euro:
        return value, f'#,##0{decimals} "€"'
    return value, f"{grouped}{decimals}"


def numbers_from_text(frame: pd.DataFrame, lang: str = "it") -> tuple[pd.DataFrame, dict[str, str]]:
    """On-screen tables write their numbers as text ('49', '44%', '15,0'). A text column
    whose every filled cell is such a number becomes a number column; returns the frame
    and the Excel number format of each converted column ('–' and '' become empty)."""
    out = frame.copy()
    formats: dict[str, str] = {}
    for col in out.columns:
        series = out[col]
        if not (series.dtype == object or pd.api.types.is_string_dtype(series)):
            continue
        texts = [v for v in series if isinstance(v, str) and v.strip() not in _MISSING_TEXT]
        if not texts or any(not isinstance(v, str) for v in series if not pd.isna(v)):
            continue
        parsed = [_parse_number(v, lang) for v in texts]
        if any(p is None for p in parsed):
            continue
        kinds = {fmt for _v, fmt in parsed}
        fmt = max(kinds, key=len)  # the widest format of the column ('#,##0.0' over '0')
        values = []
        for v in series:
            if isinstance(v, str) and v.strip() not in _MISSING_TEXT:
                values.append(_parse_number(v, lang)[0])
            else:
                values.append(None)
        out[col] = pd.array(values, dtype="Float64")
        formats[str(col)] = fmt
    return out, formats


def _number_format(series: pd.Series) -> str | None:
    if pd.api.types.is_bool_dtype(series):
        return None
    if pd.api.types.is_integer_dtype(series):
        return "#,##0"
    return None  # floats: Excel's General shows every digit, with the locale's comma


def no_formulas(target) -> int:
    """Every cell of an openpyxl workbook or worksheet that openpyxl would write as a
    formula (a text beginning with '=') becomes a string cell shown as typed (quote
    prefix). For workbooks built cell by cell (e.g. the annual plan's): call it before
    saving. Returns the number of cells changed."""
    sheets = getattr(target, "worksheets", None) or [target]
    changed = 0
    for sheet in sheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
                    cell.quotePrefix = True
                    changed += 1
    return changed


def _finish_sheet(sheet, frame: pd.DataFrame, formats: dict[str, str]) -> None:
    """No formula cells (data_type 'f' would run '=...'); number formats per column."""
    no_formulas(sheet)
    for index, col in enumerate(frame.columns, start=1):
        fmt = formats.get(str(col)) or _number_format(frame[col])
        if not fmt:
            continue
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                cell.number_format = fmt


def xlsx(sheets: dict[str, pd.DataFrame], notes: list[tuple[str, str]],
         display_lang: str | None = None) -> bytes:
    """A workbook with one sheet per frame and a first sheet ``Note`` holding ``notes``
    (pairs of label and text: source, as-of date, units). Text is never written as a
    formula. With ``display_lang`` (tables formatted for the screen in that language),
    text columns of numbers become numbers with Italian number formats."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        taken = {"Note"}
        note_frame = pd.DataFrame(notes, columns=["Voce / Item", "Valore / Value"])
        note_frame.to_excel(writer, sheet_name="Note", index=False)
        _finish_sheet(writer.sheets["Note"], note_frame, {})
        writer.sheets["Note"].column_dimensions["A"].width = 32
        writer.sheets["Note"].column_dimensions["B"].width = 100
        for name, frame in sheets.items():
            out = frame.copy()
            formats: dict[str, str] = {}
            if display_lang:
                out, formats = numbers_from_text(out, display_lang)
            for col in out.columns:
                if pd.api.types.is_datetime64_any_dtype(out[col]):
                    out[col] = out[col].dt.date
            title = sheet_title(name, taken)
            out.to_excel(writer, sheet_name=title, index=False)
            _finish_sheet(writer.sheets[title], out, formats)
            _date_formats(writer.sheets[title], out)
    return buffer.getvalue()


def _date_formats(sheet, frame: pd.DataFrame) -> None:
    """Dates shown as 17/10/2017 in any Excel."""
    for index, col in enumerate(frame.columns, start=1):
        if frame[col].map(lambda v: isinstance(v, dt.date)).any():
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                if isinstance(cell.value, (dt.date, dt.datetime)):
                    cell.number_format = "DD/MM/YYYY"


def table_notes(names: list[str], meta: dict[str, str], demo: bool,
                lang: str = "it") -> list[tuple[str, str]]:
    """Notes for exported tables: data set, source, as-of date, and every column's unit."""
    notes = [("Tavolo Casa", "Comune di Legnano - ALER"),
             ("Dati", i18n.t("demo_data" if demo else "real_data", "it")),
             ("Fonte / Source", meta.get("source", "")),
             ("Aggiornati al / As of", meta.get("as_of", "")),
             ("Esportato il / Exported on", dt.date.today().isoformat())]
    for name in names:
        if name not in schema.TABLES:
            continue
        for col in schema.TABLES[name].columns:
            unit = f" [{col.unit}]" if col.unit else ""
            notes.append((f"{name}.{col.name}", f"{col.label_it} / {col.label_en}{unit}: "
                          f"{col.description_it}"))
    return notes


# ------------------------------------------------------------------------- file names


def _readable(value: object) -> str:
    """Codes in file names become their Italian names: table 'applications' ->
    'Domande', indicator 'flats_total' -> 'Alloggi pubblici'."""
    text = str(value)
    if text in schema.TABLES:
        return schema.TABLES[text].label_it
    label = _indicator_labels().get(text)
    if label:
        return label
    owner = re.fullmatch(r"flats_owner_(\w+)", text)
    if owner:
        return f"Alloggi di proprietà {owner[1].upper()}"
    return text


_INDICATORS: dict[str, str] | None = None


def _indicator_labels() -> dict[str, str]:
    global _INDICATORS
    if _INDICATORS is None:
        try:
            from tavolo import map_data

            owners = pd.DataFrame({"owner_id": pd.Series([], dtype=object)})
            _INDICATORS = {k: ind.label("it") for k, ind in map_data.indicators({"owners": owners}).items()}
        except Exception:  # noqa: BLE001 - a file name never fails: the code then
            _INDICATORS = {}
    return _INDICATORS


def page_name(page: str) -> str:
    """'domanda_offerta' -> 'Domanda e offerta'; an unknown name is kept."""
    return PAGE_NAMES.get(str(page), str(page))


def file_name(page: str, filters: dict[str, object] | None = None, ext: str = "csv",
              day: dt.date | None = None, what: str | None = None, demo: bool = False,
              words: int = 6) -> str:
    """'tavolo-casa_mappa_alloggi-pubblici_2026-11-26_dati-dimostrativi.png': the app,
    the page's Italian name, what is exported (its first ``words`` words), the filters
    (codes as Italian names), the date, and the demo flag."""
    parts = [APP_SLUG, page_name(page)]
    if what:
        parts.append(" ".join(re.split(r"\s+", str(what).strip())[:words]))
    parts += [f"{k}-{_readable(v)}" for k, v in (filters or {}).items() if v not in (None, "")]
    parts.append((day or dt.date.today()).isoformat())
    if demo:
        parts.append(DEMO_SLUG)
    stem = "_".join(s for s in (_slug(p) for p in parts) if s)
    return f"{stem}.{ext}"


def _slug(value: object) -> str:
    """'Città di Legnano' -> 'citta-di-legnano' (accents folded, lower case, one dash
    between words)."""
    folded = unicodedata.normalize("NFKD", str(value))
    ascii_text = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique XLSX sheet title: no []:*?/\\ characters, at most 31 characters."""
    base = re.sub(r"[\[\]:*?/\\]", "-", str(name)).strip("'") or "Foglio"
    title, n = base[:31], 1
    while title.lower() in {t.lower() for t in taken}:
        n += 1
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)] + suffix
    taken.add(title)
    return title
