"""Reading and validating table files against the schema registry.

Accepts what Italian offices export: ``;`` or ``,`` separated CSV (a ``;`` file uses the
decimal comma, as Italian Excel writes it), dates as dd/mm/yyyy or ISO, UTF-8 with or
without BOM or Windows-1252, and XLSX. Every problem becomes an ``Issue`` naming the file,
the row (as a spreadsheet shows it: the header is row 1), the column, the value and the
rule, in Italian and English.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import unicodedata
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from tavolo import schema
from tavolo.ambito import is_istat_code
from tavolo.errors import BilingualError
from tavolo.i18n import pick
from tavolo.schema import Column, Table


@dataclass(frozen=True)
class Issue:
    """One validation error."""

    file: str
    row: int | None  # spreadsheet row (header = 1); None for a file-level problem
    column: str | None
    value: str | None
    rule_it: str
    rule_en: str

    def message(self, lang: str = "it") -> str:
        rule = pick(lang, self.rule_it, self.rule_en)
        words = pick(lang, ("riga", "colonna", "valore"), ("row", "column", "value"))
        where = f"file {self.file}"
        if self.row is not None:
            where += f", {words[0]} {self.row}"
        if self.column:
            where += f", {words[1]} {self.column}"
        if self.value is not None:
            where += f", {words[2]} {self.value!r}"
        return f"{where}: {rule}"

    def bilingual(self) -> str:
        return f"{self.message('it')} | {self.message('en')}"

    def as_dict(self) -> dict:
        return {"file": self.file, "row": self.row, "column": self.column, "value": self.value,
                "rule_it": self.rule_it, "rule_en": self.rule_en}


class ValidationFailed(BilingualError, ValueError):
    """Raised by loaders when a data set has issues; nothing was written."""

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        more = f"\n... (+{len(issues) - 20})" if len(issues) > 20 else ""
        it, en = ("\n".join(i.message(lang) for i in issues[:20]) + more for lang in ("it", "en"))
        super().__init__(f"{_errors(len(issues), 'it')}:\n{it}", f"{_errors(len(issues), 'en')}:\n{en}")

    def __str__(self) -> str:  # both languages, one issue after the other, as before
        shown = "\n".join(i.bilingual() for i in self.issues[:20])
        more = f"\n... (+{len(self.issues) - 20})" if len(self.issues) > 20 else ""
        return f"{_errors(len(self.issues), 'it')} / {_errors(len(self.issues), 'en', False)}:\n{shown}{more}"


def _errors(n: int, lang: str, number: bool = True) -> str:
    """'1 errore', '3 errori' ('1 error', '3 errors')."""
    from tavolo.i18n import plural

    return plural(n, pick(lang, "errore", "error"), pick(lang, "errori", "errors"), lang, number)


# ---------------------------------------------------------------------------------------
# Reading files
# ---------------------------------------------------------------------------------------
@dataclass
class RawTable:
    """A table file read as text cells, with the decimal style it uses."""

    file: str
    frame: pd.DataFrame  # all cells as str ("" when empty)
    decimal_comma: bool
    # Workbooks: per column, the positions of cells typed as numbers (read as typed).
    typed_numbers: dict[str, set[int]] = field(default_factory=dict)
    # The spreadsheet row (header = 1) of each frame row, so that messages name the row a
    # user sees even when blank rows were skipped; None: no blank rows (row = position + 2).
    # Kept here, not in ``frame.attrs``, which pandas deep-copies on every column access.
    sheet_rows: list[int] | None = None
    too_long_rows: list[int] = field(default_factory=list)  # positions of rows wider than the header


# ``progress(cells_done, label)``: called as the validation advances (cells of a column).
Progress = Callable[[int, str], None]


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def read_csv_bytes(data: bytes, filename: str) -> RawTable:
    text = decode(data)
    first_line = text.splitlines()[0] if text.strip() else ""
    sep = ";" if first_line.count(";") > first_line.count(",") else ","
    if "\t" in first_line and first_line.count("\t") > max(first_line.count(";"), first_line.count(",")):
        sep = "\t"
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    rows = list(reader)
    if not rows:
        return RawTable(filename, pd.DataFrame(), sep == ";")
    header = [h.strip() for h in rows[0]]
    while header and header[-1] == "":  # trailing separators, as Excel writes them
        header.pop()
    # Blank rows are skipped, but every row keeps its spreadsheet number (header = 1).
    width = len(header)
    numbered = [(number, r) for number, r in enumerate(rows[1:], start=2) if "".join(r).strip()]
    too_long = [i for i, (_n, r) in enumerate(numbered)
                if len(r) > width and any(c.strip() for c in r[width:])]
    body = [r if len(r) == width else (r + [""] * (width - len(r)))[:width] for _n, r in numbered]
    columns = list(zip(*body)) if body else [()] * width
    frame = pd.DataFrame({n: np.array(c, dtype=object) for n, c in enumerate(columns)},
                         index=range(len(body)), dtype=object)
    frame.columns = header
    return RawTable(filename, frame, sep == ";", sheet_rows=[n for n, _r in numbered],
                    too_long_rows=too_long)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx_bytes(data: bytes, filename: str) -> dict[str, RawTable]:
    """Every sheet of a workbook, keyed by sheet name (numbers keep a decimal point)."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    out: dict[str, RawTable] = {}
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        if not rows:
            continue
        header = [_cell_text(h).strip() for h in rows[0]]
        while header and header[-1] == "":
            header.pop()
        body = [(number, r[: len(header)]) for number, r in enumerate(rows[1:], start=2)]
        body = [(n, list(r) + [None] * (len(header) - len(r))) for n, r in body
                if any(_cell_text(c).strip() for c in r)]
        typed: dict[str, set[int]] = {}
        for pos, (_n, r) in enumerate(body):
            for name, cell in zip(header, r):
                if isinstance(cell, (int, float)) and not isinstance(cell, bool):
                    typed.setdefault(name, set()).add(pos)
        frame = pd.DataFrame([[_cell_text(c) for c in r] for _n, r in body], columns=header, dtype=object)
        out[sheet.title] = RawTable(f"{filename}[{sheet.title}]", frame, False, typed,
                                    sheet_rows=[n for n, _r in body])
    book.close()
    return out


def read_upload(data: bytes, filename: str) -> tuple[dict[str, RawTable], list[Issue]]:
    """Table files from one upload: ``<table>.csv``, ``<table>.xlsx``, or a workbook whose
    sheets are named after tables. Returns raw tables keyed by table name, and issues."""
    name = Path(filename).name
    stem, suffix = Path(name).stem.lower(), Path(name).suffix.lower()
    issues: list[Issue] = []
    out: dict[str, RawTable] = {}
    try:
        if suffix == ".csv" or suffix == ".txt":
            if stem not in schema.TABLES:
                issues.append(_unknown_table(name, stem))
            else:
                out[stem] = read_csv_bytes(data, name)
        elif suffix in (".xlsx", ".xlsm"):
            sheets = read_xlsx_bytes(data, name)
            notes = ("note", "notes", "leggimi", "readme")
            data_sheets = {s: raw for s, raw in sheets.items() if s.lower() not in notes}
            if stem in schema.TABLES and len(data_sheets) == 1:
                out[stem] = next(iter(data_sheets.values()))
            else:
                for sheet, raw in data_sheets.items():
                    if sheet in schema.TABLES:
                        out[sheet] = raw
                    else:
                        issues.append(_unknown_table(raw.file, sheet))
        else:
            issues.append(Issue(name, None, None, suffix, "formato non supportato: usare CSV o XLSX",
                                "unsupported format: use CSV or XLSX"))
    except Exception as exc:  # a corrupt file must become a message, not a crash
        issues.append(Issue(name, None, None, None, f"file illeggibile ({exc})",
                            f"unreadable file ({exc})"))
    return out, issues


def _unknown_table(file: str, stem: str) -> Issue:
    known = ", ".join(schema.TABLES)
    return Issue(file, None, None, stem, f"il nome non corrisponde a nessuna tabella ({known})",
                 f"the name matches no table ({known})")


def read_dir(folder: Path) -> tuple[dict[str, RawTable], list[Issue]]:
    """Every CSV and XLSX file in ``folder``."""
    folder = Path(folder)
    out: dict[str, RawTable] = {}
    issues: list[Issue] = []
    if not folder.is_dir():
        return out, [Issue(str(folder), None, None, None, "cartella inesistente",
                           "folder does not exist")]
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in (".csv", ".xlsx", ".xlsm"):
            continue
        tables, found = read_upload(path.read_bytes(), path.name)
        issues += found
        for name, raw in tables.items():
            if name in out:
                issues.append(Issue(raw.file, None, None, name,
                                    f"tabella già presente in {out[name].file}",
                                    f"table already given in {out[name].file}"))
            else:
                out[name] = raw
    if not out and not issues:
        issues.append(Issue(str(folder), None, None, None, "nessun file CSV o XLSX trovato",
                            "no CSV or XLSX file found"))
    return out, issues


# ---------------------------------------------------------------------------------------
# Parsing cells
# ---------------------------------------------------------------------------------------
# The rules every cell follows, in a file (check, load, the Dati upload) and in an edit:
#
# Numbers. Spaces, non-breaking spaces and "€" are ignored. A cell is read from its own
# marks when they allow one reading only: "1.234,5" and "1,234.5" (both marks: the last one
# is the decimal mark, the other groups thousands in threes), "1.234.567" (a mark repeated:
# thousands), "62.5", "12,5", "0,125", "1234.567" (one mark that cannot group thousands),
# "1,5E+03" (scientific notation). One mark followed by exactly three digits after one to
# three digits ("1.234", "1,234") is either a thousands separator or a decimal mark: it is
# read with the decimal mark the column uses, which is the mark of the file's convention
# (a ";" file is Italian Excel's: decimal comma) plus every mark the column's other cells
# use as decimal mark ("62.5", "12,5", "1.234,5") or imply ("1.234.567"). One mark in use:
# the cell is read with it ("1.234" is 1234 in a ";" file). None (a "," file or a workbook
# whose column shows nothing) or both: the cell is refused as ambiguous, with both readings.
# Words standing for a missing value (NA, N/A, null, none, n.d., -) are refused: a missing
# value is an empty cell. Infinity and NaN are refused. Whole numbers must fit the store's
# integer (32 bits, PostgreSQL's INTEGER); every column's declared min/max is enforced.
#
# Dates. The whole cell is a date: dd/mm/yyyy (or with "." or "-"), yyyy-mm-dd, optionally
# followed by a time of day (hh:mm or hh:mm:ss), nothing else. It must lie in the column's
# window (``Column.not_before`` .. as-of date + ``Column.years_ahead`` years).
#
# Text. Spaces, tabs and line breaks at either end are dropped. Control characters inside
# are refused (never silently removed): tab and line breaks are allowed only in multi-line
# columns (``Column.multiline``). Longer than ``Column.max_length`` characters: refused. A
# link column (``Column.link``) takes an http(s) address or a path of the app ("/mappa?...").
_TRUE = {"1", "true", "vero", "si", "sì", "s", "yes", "y", "x"}
_FALSE = {"0", "false", "falso", "no", "n"}
_TIME = r"(?:[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]{1,6})?)?)?"
_DATE_PATTERNS = [
    (re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})" + _TIME), ("y", "m", "d")),
    (re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})" + _TIME), ("d", "m", "y")),
    (re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})" + _TIME), ("d", "m", "y")),
    (re.compile(r"([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})" + _TIME), ("d", "m", "y")),
]
_EDGE_SPACE = " \t\r\n\u00a0"
_IGNORED_IN_NUMBERS = str.maketrans("", "", " \u00a0\u202f\u2009€")
_MISSING_WORDS = frozenset({"na", "n/a", "n.a.", "n.a", "nd", "n.d.", "n.d", "n/d", "null", "none",
                            "nil", "nat", "-", "--", "–", "—", "?", "mancante", "missing",
                            "#n/d", "#n/a"})
_NON_FINITE = frozenset({"inf", "infinity", "infinito", "nan", "∞"})
_PLAIN_NUMBER = re.compile(r"([+-]?)([0-9.,]*[0-9][0-9.,]*|[.,][0-9]+)")
_SCIENTIFIC = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?[eE][+-]?[0-9]+")
_CONTROL_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
INT_MIN, INT_MAX = -(2**31), 2**31 - 1  # the store's INTEGER (32 bits on PostgreSQL)
MIXED = "mixed"  # a column using both marks as decimal mark


class CellError(ValueError):
    def __init__(self, rule_it: str, rule_en: str):
        super().__init__(rule_en)
        self.rule_it = rule_it
        self.rule_en = rule_en


def _num_text(value, lang: str) -> str:
    """A limit or reading in a message: 1234.5 -> '1.234,5' (it), '1,234.5' (en)."""
    from babel.numbers import format_decimal

    return format_decimal(value, format="#,##0.######", locale=pick(lang, "it_IT", "en_GB"))


def _date_text(day: dt.date, lang: str) -> str:
    return pick(lang, day.strftime("%d/%m/%Y"), day.isoformat())


@dataclass(frozen=True)
class NumberReading:
    """What a number cell says: its ``value``, the decimal ``mark`` it shows (None when it
    shows none), or, for "1.234" and "1,234", ``ambiguous`` = (mark, as thousands, as decimal)."""

    value: float | int | None
    mark: str | None = None
    ambiguous: tuple[str, int, float] | None = None


_NOT_A_NUMBER = ("non è un numero", "not a number")
_BAD_GROUPING = ("numero non valido: il separatore delle migliaia va ogni tre cifre e il "
                 "separatore decimale una sola volta (per esempio 1.234,5)",
                 "invalid number: the thousands separator goes every three digits and the "
                 "decimal separator once (for example 1,234.5)")


def read_number(text: str) -> NumberReading:
    """The reading of one number cell on its own; raises ``CellError``.

    >>> read_number("1.234,5").value, read_number("1.234").ambiguous
    (1234.5, ('.', 1234, 1.234))
    """
    s = text.strip().translate(_IGNORED_IN_NUMBERS)
    folded = s.lower()
    if folded in _MISSING_WORDS:
        raise CellError("non è un numero: per un dato mancante lasciare la cella vuota",
                        "not a number: leave the cell empty when the value is missing")
    if folded.lstrip("+-") in _NON_FINITE:
        raise CellError("valore non finito (infinito o NaN): non è un numero",
                        "non-finite value (infinity or NaN): not a number")
    if _SCIENTIFIC.fullmatch(s):
        value = float(s.replace(",", "."))
        if not math.isfinite(value):
            raise CellError("valore non finito (numero troppo grande): non è un numero",
                            "non-finite value (number too large): not a number")
        return NumberReading(value)
    match = _PLAIN_NUMBER.fullmatch(s)
    if not match:
        raise CellError(*_NOT_A_NUMBER)
    negative, body = match.group(1) == "-", match.group(2)

    def signed(number):
        return -number if negative else number

    points, commas = body.count("."), body.count(",")
    if not points and not commas:
        return NumberReading(signed(int(body)))
    if points and commas:
        decimal = "." if body.rfind(".") > body.rfind(",") else ","
        group = "," if decimal == "." else "."
        whole, _, frac = body.rpartition(decimal)
        if body.count(decimal) > 1 or not frac or not _grouped(whole, group):
            raise CellError(*_BAD_GROUPING)
        return NumberReading(signed(float(whole.replace(group, "") + "." + frac)), decimal)
    mark = "." if points else ","
    other = "," if mark == "." else "."
    if points + commas > 1:
        if not _grouped(body, mark):
            raise CellError(*_BAD_GROUPING)
        return NumberReading(signed(int(body.replace(mark, ""))), other)
    whole, frac = body.split(mark)
    if len(frac) == 3 and 1 <= len(whole) <= 3 and whole[0] != "0":
        return NumberReading(None, None, (mark, signed(int(whole + frac)), signed(float(f"{whole}.{frac}"))))
    if not frac:
        raise CellError(*_BAD_GROUPING)
    return NumberReading(signed(float(f"{whole or '0'}.{frac}")), mark)


def _grouped(whole: str, group: str) -> bool:
    return re.fullmatch(r"[0-9]{1,3}(?:" + re.escape(group) + r"[0-9]{3})+", whole) is not None


def column_decimal(readings, decimal_comma: bool) -> str | None:
    """The decimal mark a column uses: the file's (``decimal_comma``: a ";" file) and the
    marks its unambiguous cells show; None when none, ``MIXED`` when both."""
    marks = {r.mark for r in readings if r.mark}
    if decimal_comma:
        marks.add(",")
    if len(marks) > 1:
        return MIXED
    return marks.pop() if marks else None


def resolve_number(reading: NumberReading, decimal: str | None) -> float | int:
    """The value of a reading, given the column's decimal mark; raises ``CellError`` when
    the cell is ambiguous."""
    if reading.ambiguous is None:
        return reading.value
    mark, thousands, decimal_value = reading.ambiguous
    if decimal in (".", ","):
        return decimal_value if mark == decimal else thousands
    why_it, why_en = (("la colonna usa sia la virgola sia il punto come separatore decimale",
                       "the column uses both the comma and the point as decimal separator")
                      if decimal == MIXED else
                      ("il file non dice quale dei due è il separatore decimale",
                       "the file does not tell which one is the decimal separator"))
    raise CellError(
        f"numero ambiguo: può valere {_num_text(thousands, 'it')} (separatore delle migliaia) "
        f"o {_num_text(decimal_value, 'it')} (separatore decimale) e {why_it}; scriverlo senza "
        "separatore delle migliaia",
        f"ambiguous number: it may be {_num_text(thousands, 'en')} (thousands separator) or "
        f"{_num_text(decimal_value, 'en')} (decimal separator) and {why_en}; write it without "
        "a thousands separator")


def parse_number(text: str, decimal_comma: bool) -> float:
    """One number cell on its own (no other cell of its column to tell the decimal mark)."""
    return float(resolve_number(read_number(text), "," if decimal_comma else None))


def check_number(col: Column, value: float | int) -> float | int:
    """Type and range of a number for ``col``: finite, whole for integers, within the
    store's integer and the column's min/max. Returns the value typed."""
    if isinstance(value, float) and not math.isfinite(value):
        raise CellError("valore non finito (infinito o NaN): non è un numero",
                        "non-finite value (infinity or NaN): not a number")
    if col.type == "int":
        if isinstance(value, float):
            if not value.is_integer():
                raise CellError("atteso un numero intero", "expected a whole number")
            value = int(value)
        if not INT_MIN <= value <= INT_MAX:
            raise CellError(
                f"intero fuori dall'intervallo memorizzabile ({_num_text(INT_MIN, 'it')} .. "
                f"{_num_text(INT_MAX, 'it')}): non è un numero intero che il database può "
                "conservare",
                f"integer outside the storable range ({_num_text(INT_MIN, 'en')} .. "
                f"{_num_text(INT_MAX, 'en')}): not a whole number the database can store")
    else:
        value = float(value)
    def unit(lang: str, n: float) -> str:
        return f" {col.unit_text(lang, n)}" if col.unit else ""

    if col.min is not None and value < col.min:
        raise CellError(f"valore sotto il minimo ammesso ({_num_text(col.min, 'it')}{unit('it', col.min)})",
                        f"value below the allowed minimum ({_num_text(col.min, 'en')}{unit('en', col.min)})")
    if col.max is not None and value > col.max:
        raise CellError(f"valore sopra il massimo ammesso ({_num_text(col.max, 'it')}{unit('it', col.max)})",
                        f"value above the allowed maximum ({_num_text(col.max, 'en')}{unit('en', col.max)})")
    return value


def parse_date(text: str) -> dt.date:
    """A whole cell as a date (see the rules above); raises ``CellError``."""
    s = text.strip()
    for pattern, order in _DATE_PATTERNS:
        m = pattern.fullmatch(s)
        if m:
            parts = dict(zip(order, (int(g) for g in m.groups()[:3])))
            hour, minute, second = (int(g) if g else 0 for g in m.groups()[3:])
            if hour > 23 or minute > 59 or second > 59:
                break
            try:
                return dt.date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                raise CellError("data inesistente", "impossible date") from None
    raise CellError("data non valida: usare gg/mm/aaaa o aaaa-mm-gg, senza altro nella cella",
                    "invalid date: use dd/mm/yyyy or yyyy-mm-dd, with nothing else in the cell")


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def date_window(col: Column, as_of: dt.date | None) -> tuple[dt.date, dt.date]:
    """The plausible dates of ``col``: from its ``not_before`` to the as-of date (today
    when not given) plus its ``years_ahead``."""
    as_of = as_of or dt.date.today()
    first = dt.date.fromisoformat(col.not_before or schema.EARLIEST_DATE)
    ahead = schema.DEFAULT_YEARS_AHEAD if col.years_ahead is None else col.years_ahead
    return first, _add_years(as_of, ahead)


def check_date(col: Column, day: dt.date, as_of: dt.date | None) -> dt.date:
    first, last = date_window(col, as_of)
    if day < first:
        raise CellError(f"data prima dell'intervallo plausibile per la colonna (dal "
                        f"{_date_text(first, 'it')})",
                        f"date before the plausible range of the column (from {_date_text(first, 'en')})")
    if day > last:
        if col.years_ahead == 0:
            raise CellError(f"data dopo la data di riferimento dei dati ({_date_text(last, 'it')}): "
                            "un evento passato non può essere nel futuro",
                            f"date after the data's as-of date ({_date_text(last, 'en')}): a past "
                            "event cannot be in the future")
        raise CellError(f"data dopo l'intervallo plausibile per la colonna (fino al "
                        f"{_date_text(last, 'it')}: data di riferimento più {col.years_ahead} anni)",
                        f"date after the plausible range of the column (up to {_date_text(last, 'en')}: "
                        f"as-of date plus {col.years_ahead} years)")
    return day


def check_text(col: Column, text: str) -> str:
    """A text cell without its edge spaces, checked; raises ``CellError``."""
    value = text.strip(_EDGE_SPACE)
    control = (_CONTROL_MULTILINE if col.multiline else _CONTROL_ONE_LINE).search(value)
    if control:
        code = f"U+{ord(control.group()):04X}"
        one_line_it = " in un testo di una riga" if control.group() in "\t\n\r" else ""
        one_line_en = " in a one-line text" if one_line_it else ""
        raise CellError(f"carattere di controllo non ammesso ({code}){one_line_it}, posizione "
                        f"{control.start() + 1}",
                        f"control character not allowed ({code}){one_line_en}, position "
                        f"{control.start() + 1}")
    if col.max_length is not None and len(value) > col.max_length:
        raise CellError(f"testo troppo lungo: al massimo {col.max_length} caratteri ({len(value)} dati)",
                        f"text too long: at most {col.max_length} characters ({len(value)} given)")
    if col.link and not _is_safe_link(value):
        raise CellError("indirizzo non ammesso: solo http:// o https://, o un percorso dell'app "
                        "che inizia con /",
                        "address not allowed: only http:// or https://, or a path of the app "
                        "starting with /")
    return value


def _is_safe_link(value: str) -> bool:
    if "\\" in value or any(ch.isspace() for ch in value):
        return False
    try:
        parts = urllib.parse.urlsplit(value)
    except ValueError:
        return False
    if parts.scheme in ("http", "https"):
        return bool(parts.hostname)
    return not parts.scheme and not parts.netloc and value.startswith("/") and not value.startswith("//")


def _fold(text: str) -> str:
    """Case-, accent- and space-insensitive key: '  Sì ' -> 'si'."""
    norm = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(ch for ch in norm if not unicodedata.combining(ch))


_ENUM_LOOKUPS: dict[int, tuple[dict, dict[str, str]]] = {}


def _enum_lookup(values: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Folded key and labels -> key, built once per enumeration (cells are many)."""
    cached = _ENUM_LOOKUPS.get(id(values))
    if cached is None or cached[0] is not values:
        lookup: dict[str, str] = {}
        for key, (it, en) in values.items():
            for text in (en, it, key):  # the key wins over a label that folds the same
                lookup[_fold(text)] = key
        cached = (values, lookup)
        _ENUM_LOOKUPS[id(values)] = cached
    return cached[1]


def parse_enum(text: str, values: dict[str, tuple[str, str]]) -> str:
    key = _enum_lookup(values).get(_fold(text))
    if key is not None:
        return key
    # the labels people read (the codes are accepted too, but never shown)
    raise CellError("valore non ammesso; ammessi: " + ", ".join(f"«{it}»" for it, _en in values.values()),
                    "value not allowed; allowed: " + ", ".join(f"“{en}”" for _it, en in values.values()))


def is_empty(text) -> bool:
    return text is None or str(text).strip(_EDGE_SPACE) == ""


def _parse_text_cell(col: Column, text: str, decimal: str | None, as_of: dt.date | None):
    """A non-empty cell of any kind but numbers, whose ``decimal`` is the column's mark."""
    kind = col.type
    if kind in ("int", "float"):
        return check_number(col, resolve_number(read_number(text), decimal))
    if kind == "str":
        return check_text(col, text)
    if kind == "bool":
        s = _fold(text)
        if s in _TRUE:
            return True
        if s in _FALSE:
            return False
        raise CellError("atteso sì/no (anche 1/0, true/false)", "expected yes/no (or 1/0, true/false)")
    if kind == "date":
        return check_date(col, parse_date(text), as_of)
    if kind == "enum":
        return parse_enum(text, col.values or {})
    if kind == "multi":
        parts = [p for p in re.split(r"[|]", text) if p.strip()]
        return "|".join(parse_enum(p, col.values or {}) for p in parts)
    raise AssertionError(kind)  # pragma: no cover - the registry only declares the kinds above


def parse_cell(col: Column, text: str, decimal_comma: bool, as_of: dt.date | None = None):
    """The typed value of one cell on its own, or None when empty; raises CellError.
    A number's decimal mark comes from ``decimal_comma`` alone (no other cell to show it)."""
    if is_empty(text):
        return None
    return _parse_text_cell(col, str(text), "," if decimal_comma else None, as_of)


def parse_value(col: Column, value, as_of: dt.date | None = None):
    """A value given by a page (text, number, date, boolean) through the same rules: text
    is read as a cell on its own (so "1.234" is ambiguous); numbers, dates and booleans
    are checked as they are. None for a missing value."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, str):
        return parse_cell(col, value, decimal_comma=False, as_of=as_of)
    if col.type in ("int", "float") and isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and math.isnan(value):
            return None
        return check_number(col, value.item() if hasattr(value, "item") else value)
    if col.type == "date" and isinstance(value, (dt.date, pd.Timestamp)):
        day = value.date() if isinstance(value, (dt.datetime, pd.Timestamp)) else value
        return check_date(col, day, as_of)
    if col.type == "bool" and isinstance(value, bool):
        return value
    if hasattr(value, "item"):  # numpy scalar
        return parse_value(col, value.item(), as_of)
    return parse_cell(col, str(value), decimal_comma=False, as_of=as_of)


# ---------------------------------------------------------------------------------------
# Typed frames
# ---------------------------------------------------------------------------------------
PANDAS_DTYPE = {"str": "object", "enum": "object", "multi": "object", "int": "Int64",
                "float": "float64", "bool": "boolean", "date": "datetime64[s]"}


def typed_frame(table: Table, records: list[dict] | pd.DataFrame) -> pd.DataFrame:
    """A frame with exactly the table's columns in the canonical dtypes."""
    frame = pd.DataFrame(records) if not isinstance(records, pd.DataFrame) else records.copy()
    for col in table.columns:
        if col.name not in frame.columns:
            frame[col.name] = None
    frame = frame[table.column_names]
    for col in table.columns:
        series = frame[col.name]
        if col.type == "date":
            frame[col.name] = pd.to_datetime(series, errors="coerce").astype("datetime64[s]")
        elif col.type == "int":
            frame[col.name] = pd.array(pd.to_numeric(series, errors="coerce"), dtype="Int64") \
                if len(series) else pd.array([], dtype="Int64")
        elif col.type == "float":
            frame[col.name] = pd.to_numeric(series, errors="coerce").astype("float64")
        elif col.type == "bool":
            frame[col.name] = series.astype("boolean")
        else:
            frame[col.name] = series.astype(object).where(series.notna(), None)
    return frame.reset_index(drop=True)


def _typed_numbers(raw: RawTable, column: str, n: int) -> np.ndarray:
    """Which cells of ``column`` were numbers typed in a workbook (never ambiguous)."""
    positions = raw.typed_numbers.get(column) if raw.typed_numbers else None
    mask = np.zeros(n, dtype=bool)
    if positions:
        mask[list(positions)] = True
    return mask


def _all_clean(col: Column, texts: list[str]) -> bool:
    """True when no text of a column can break a text rule: no control character (searched
    once in all of them, joined by a character the search ignores) and none too long."""
    pattern = _CONTROL_MULTILINE if col.multiline else _CONTROL_ONE_LINE
    if pattern.search("\uffff".join(texts)):
        return False
    return col.max_length is None or max(map(len, texts), default=0) <= col.max_length


def _typed_value(text: str) -> float | int:
    return float(text) if any(ch in text for ch in ".eE") else int(text)


def _coerce_column(col: Column, raw: RawTable, texts: list[str], as_of: dt.date | None):
    """One column parsed once per distinct text: (typed values, [(position, text, CellError)])."""
    codes, uniques = pd.factorize(np.asarray(texts, dtype=object), use_na_sentinel=False)
    uniques = ["" if u is None else str(u) for u in uniques]
    results: list = [None] * len(uniques)
    errors: dict[int, CellError] = {}
    stripped = [u.strip(_EDGE_SPACE) for u in uniques]
    empty = [not u for u in stripped]
    if col.type in ("int", "float"):
        typed_mask = _typed_numbers(raw, col.name, len(texts))
        readings: dict[int, NumberReading] = {}
        for k, text in enumerate(uniques):
            if empty[k]:
                continue
            try:
                readings[k] = read_number(str(text))
            except CellError as err:
                errors[k] = err
        shown = set(np.unique(codes[~typed_mask])) if typed_mask.any() else None
        decimal = column_decimal([r for k, r in readings.items() if shown is None or k in shown],
                                 raw.decimal_comma)
        for k, reading in readings.items():
            try:
                results[k] = check_number(col, resolve_number(reading, decimal))
            except CellError as err:
                errors[k] = err
        for pos in np.flatnonzero(typed_mask):  # a workbook's numbers: as typed
            try:
                value = check_number(col, _typed_value(texts[pos]))
            except CellError as err:
                errors[len(uniques)] = err
                value = None
            uniques.append(texts[pos])
            results.append(value)
            empty.append(False)
            codes[pos] = len(uniques) - 1
    else:
        if col.type == "str" and not col.link and _all_clean(col, uniques):
            results = [u or None for u in stripped]  # nothing to refuse: skip the cell by cell
        else:
            for k, text in enumerate(uniques):
                if empty[k]:
                    continue
                try:
                    results[k] = _parse_text_cell(col, text, None, as_of)
                except CellError as err:
                    errors[k] = err
    problems: list[tuple[int, str, str, str]] = []  # position, value, rule_it, rule_en
    if errors:
        for pos in np.flatnonzero(np.isin(codes, list(errors))):
            err = errors[codes[pos]]
            problems.append((int(pos), str(texts[pos]).strip(_EDGE_SPACE), err.rule_it, err.rule_en))
    if col.required:
        missing = [k for k, e in enumerate(empty) if e]
        for pos in np.flatnonzero(np.isin(codes, missing)) if missing else []:
            problems.append((int(pos), "", "valore obbligatorio mancante", "required value missing"))
    return _column_values(col, results, codes), problems


def _column_values(col: Column, results: list, codes: np.ndarray):
    """The typed uniques spread over the rows, in the canonical dtype."""
    if col.type == "date":
        days = np.array([np.datetime64(v, "s") if v is not None else np.datetime64("NaT", "s")
                         for v in results], dtype="datetime64[s]")
        return days[codes] if len(codes) else np.array([], dtype="datetime64[s]")
    if col.type == "float":
        numbers = np.array([np.nan if v is None else v for v in results], dtype="float64")
        return numbers[codes] if len(codes) else np.array([], dtype="float64")
    values = np.empty(len(results), dtype=object)
    values[:] = results
    spread = values[codes] if len(codes) else np.array([], dtype=object)
    if col.type == "int":
        return pd.array(spread, dtype="Int64")
    if col.type == "bool":
        return pd.array(spread, dtype="boolean")
    return spread


def coerce(table: Table, raw: RawTable, as_of: dt.date | None = None,
           progress: Progress | None = None) -> tuple[pd.DataFrame, list[Issue]]:
    """Parse a raw table into a typed frame, column by column (each distinct text once);
    cells that fail become issues, in the order of the rows, then of the columns."""
    issues: list[Issue] = []
    frame = raw.frame
    header = [str(c) for c in frame.columns]
    dupes = sorted({h for h in header if header.count(h) > 1})
    for h in dupes:
        issues.append(Issue(raw.file, 1, h, h, "colonna ripetuta", "repeated column"))
    known = set(table.column_names)
    for h in header:
        if h not in known:
            issues.append(Issue(raw.file, 1, h, h,
                                f"colonna sconosciuta per la tabella {table.name}; attese: "
                                + ", ".join(table.column_names),
                                f"unknown column for table {table.name}; expected: "
                                + ", ".join(table.column_names)))
    for col in table.columns:
        if col.name not in header and col.required:
            issues.append(Issue(raw.file, 1, col.name, None, "colonna obbligatoria mancante",
                                "required column missing"))
    sheet_rows = sheet_rows_of(raw)
    for index in raw.too_long_rows:
        issues.append(Issue(raw.file, sheet_rows[index], None, None,
                            "la riga ha più celle dell'intestazione",
                            "the row has more cells than the header"))
    if dupes or issues and any(i.row == 1 for i in issues):
        return typed_frame(table, []), issues
    n = len(frame)
    columns: dict[str, object] = {}
    found: list[tuple[int, int, Issue]] = []
    for number, col in enumerate(table.columns):
        texts = frame[col.name].tolist() if col.name in header else [""] * n
        columns[col.name], problems = _coerce_column(col, raw, texts, as_of)
        for pos, value, rule_it, rule_en in problems:
            found.append((pos, number, Issue(raw.file, sheet_rows[pos], col.name, value, rule_it, rule_en)))
        if progress is not None:
            progress(n, f"{raw.file}: {col.name}")
    found.sort(key=lambda item: (item[0], item[1]))
    issues += [issue for _pos, _number, issue in found]
    # The columns are in the canonical dtypes already (``typed_frame``'s), text as object.
    return pd.DataFrame({name: pd.Series(values, dtype=object) if isinstance(values, np.ndarray)
                         and values.dtype == object else pd.Series(values)
                         for name, values in columns.items()}, index=range(n)), issues


# ---------------------------------------------------------------------------------------
# Checks across rows and tables
# ---------------------------------------------------------------------------------------
def _key(values) -> str:
    return "|".join("" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v) for v in values)


def _is_missing(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def _column_keys(frame: pd.DataFrame, columns: list[str]) -> list[str]:
    """Each row's key as text ("" for missing; parts joined by "|"), like ``_key``."""
    if len(columns) != 1:
        return [_key(vals) for vals in frame[columns].itertuples(index=False, name=None)]
    return [v if type(v) is str else "" if _is_missing(v) else str(v) for v in frame[columns[0]].tolist()]


def sheet_rows_of(raw: RawTable) -> list[int]:
    """The spreadsheet row of each row of a raw table (header = 1, blank rows counted)."""
    rows = raw.sheet_rows
    if rows is None or len(rows) != len(raw.frame):
        return list(range(2, len(raw.frame) + 2))
    return list(rows)


def _row(frame: pd.DataFrame, position: int, rows: list[int] | None = None) -> int:
    """Spreadsheet row of a frame position (header is row 1); ``rows`` gives the row of
    each position when the file had blank rows."""
    if rows is not None and len(rows) == len(frame):
        return rows[position]
    return position + 2


def check_dataset(frames: dict[str, pd.DataFrame], files: dict[str, str],
                  rows: dict[str, list[int]] | None = None) -> list[Issue]:
    """Keys, uniqueness, references and domain rules over a whole data set. ``rows`` gives,
    per table read from a file, the spreadsheet row of each frame row."""
    issues: list[Issue] = []
    keysets: dict[str, set[str]] = {}
    for name in schema.LOAD_ORDER:
        if name not in frames:
            continue
        table = schema.TABLES[name]
        frame = frames[name]
        file = files.get(name, f"{name}.csv")
        sheet = (rows or {}).get(name)
        pk = list(table.primary_key)
        keys = _column_keys(frame, pk)
        seen: dict[str, int] = {}
        for pos, key in enumerate(keys):
            if key in seen:
                first = _row(frame, seen[key], sheet)
                issues.append(Issue(file, _row(frame, pos, sheet), "+".join(pk), key,
                                    f"identificativo duplicato (già alla riga {first})",
                                    f"duplicate id (already at row {first})"))
            else:
                seen[key] = pos
        if len(pk) == 1:
            keysets[f"{name}.{pk[0]}"] = set(keys)
        for col in table.columns:
            if col.unique and not col.primary_key:
                dup = frame[col.name].dropna().duplicated(keep="first")
                for pos in dup[dup].index:
                    issues.append(Issue(file, _row(frame, pos, sheet), col.name,
                                        str(frame.at[pos, col.name]),
                                        "valore duplicato: deve essere unico", "duplicate value: must be unique"))
        for group in table.unique_together:
            dup = frame[list(group)].duplicated(keep="first")
            for pos in dup[dup].index:
                issues.append(Issue(file, _row(frame, pos, sheet), "+".join(group),
                                    _key(frame.loc[pos, list(group)]),
                                    "combinazione duplicata", "duplicate combination"))
    for name in schema.LOAD_ORDER:
        if name not in frames:
            continue
        table = schema.TABLES[name]
        frame = frames[name]
        file = files.get(name, f"{name}.csv")
        sheet = (rows or {}).get(name)
        for col in table.columns:
            if not col.references:
                continue
            ref_table, ref_col = col.references.split(".")
            known = keysets.get(col.references)
            if known is None:
                if ref_table in frames:
                    known = set(frames[ref_table][ref_col].dropna().astype(str))
                else:
                    continue
            for pos, value in enumerate(_column_keys(frame, [col.name])):
                if value and value not in known:
                    issues.append(Issue(file, _row(frame, pos, sheet), col.name, value,
                                        f"riferimento sconosciuto: non esiste in {ref_table}.{ref_col}",
                                        f"unknown reference: not found in {ref_table}.{ref_col}"))
        issues += _domain_rules(name, frame, file, (rows or {}).get(name))
    issues += _territory_rules(frames, files, rows or {})
    return issues


def _territory_rules(frames: dict[str, pd.DataFrame], files: dict[str, str],
                     rows: dict[str, list[int]]) -> list[Issue]:
    """Rules across the territory's tables: a building names its comune or its rione (whose
    comune it then is), and its rione lies in its comune (rione -> consulta -> comune). A
    comune not listed in ``comuni`` is an unknown reference, a code that is not an ISTAT
    code a cell rule (``_domain_rules``)."""
    out: list[Issue] = []
    if not {"buildings", "rioni", "consulte"} <= set(frames):
        return out
    b, rioni, consulte = frames["buildings"], frames["rioni"], frames["consulte"]
    if b.empty or "comune_code" not in b.columns:
        return out
    consulta_comune = dict(zip(consulte["consulta_id"].tolist(), consulte["comune_code"].tolist()))
    rione_comune = {r: consulta_comune.get(c) for r, c in zip(rioni["rione_id"].tolist(),
                                                                rioni["consulta_id"].tolist())}
    file = files.get("buildings", "buildings.csv")
    for pos, (rione, comune) in enumerate(zip(b["rione_id"].tolist(), b["comune_code"].tolist())):
        if _is_missing(rione) and _is_missing(comune):
            out.append(Issue(file, _row(b, pos, rows.get("buildings")), "comune_code", "",
                             "comune mancante: indicare il comune o il rione dell'edificio",
                             "comune missing: give the building's comune or rione"))
            continue
        if _is_missing(rione) or _is_missing(comune) or rione not in rione_comune:
            continue
        of = rione_comune[rione]
        if of is not None and of != comune:
            out.append(Issue(file, _row(b, pos, rows.get("buildings")), "rione_id", str(rione),
                             f"il rione appartiene a un altro comune ({of}), non al comune "
                             f"dell'edificio ({comune})",
                             f"the rione belongs to another comune ({of}), not to the "
                             f"building's comune ({comune})"))
    return out


def _domain_rules(name: str, frame: pd.DataFrame, file: str,
                  rows: list[int] | None = None) -> list[Issue]:
    """Rules that span columns of one row."""
    out: list[Issue] = []

    def each(mask, column, rule_it, rule_en):
        for pos in frame.index[mask.fillna(False).astype(bool)]:
            value = frame.at[pos, column]
            if isinstance(value, pd.Timestamp) and not pd.isna(value):
                value = value.date().isoformat()  # as written in a file, not '... 00:00:00'
            out.append(Issue(file, _row(frame, pos, rows), column,
                             "" if value is None or pd.isna(value) else str(value), rule_it, rule_en))

    if frame.empty:
        return out
    if name == "comuni":
        each(~frame["comune_code"].map(is_istat_code).astype(bool), "comune_code",
             "non è un codice ISTAT di comune: 6 cifre, 3 della provincia (001-111) e 3 del "
             "comune (es. 015118)",
             "not an ISTAT comune code: 6 digits, 3 of the province (001-111) and 3 of the "
             "comune (e.g. 015118)")
    if name == "flats":
        each((frame["status"] == "vacant_works") & frame["works_estimate_eur"].isna(),
             "works_estimate_eur", "stima lavori obbligatoria per gli sfitti da ristrutturare",
             "works estimate required for vacant flats needing works")
    if name == "applications":
        each(frame["poverty"].astype("boolean") & (frame["isee_band"] != "0-3000"), "poverty",
             "indigente solo con ISEE fino a 3.000 € (art. 13)",
             "in poverty only with ISEE up to €3,000 (art. 13)")
        each((frame["outcome"] == "assigned") & frame["assigned_flat_id"].isna(), "assigned_flat_id",
             "una domanda assegnata indica l'alloggio", "an assigned application names its flat")
    for start, end in (("opened_on", "closed_on"), ("date", "closed_on"),
                       ("detected_on", "resolved_on"), ("start_planned", "end_planned")):
        if start in frame.columns and end in frame.columns:
            table = schema.TABLES[name]
            e, b = table.column(end), table.column(start)
            each(frame[end].notna() & frame[start].notna() & (frame[end] < frame[start]), end,
                 f"{e.label('it')} ({end}) precede {b.label('it')} ({start})",
                 f"{e.label('en')} ({end}) is before {b.label('en')} ({start})")
    if name == "allocations":
        each(frame["flats_approved"].notna() & frame["meeting_id"].isna(), "meeting_id",
             "un'assegnazione approvata indica la riunione che l'ha decisa",
             "an approved allocation names the meeting that decided it")
    if name in ("tenant_reports", "actions"):
        closed_status = "closed" if name == "tenant_reports" else "done"
        each((frame["status"] == closed_status) & frame["closed_on"].isna(), "closed_on",
             "data di chiusura obbligatoria quando è chiusa", "closing date required when closed")
    return out


def validate_raw(raws: dict[str, RawTable], as_of: dt.date | None = None,
                 progress: Progress | None = None) -> tuple[dict[str, pd.DataFrame], list[Issue]]:
    """Coerce every raw table (dates checked against ``as_of``, today when None); returns
    typed frames and the cell issues."""
    frames: dict[str, pd.DataFrame] = {}
    issues: list[Issue] = []
    for name, raw in raws.items():
        frame, found = coerce(schema.TABLES[name], raw, as_of, progress)
        frames[name] = frame
        issues += found
    return frames, issues


def issues_frame(issues: list[Issue], lang: str = "it") -> pd.DataFrame:
    """Issues as a table for the UI, headed in ``lang``."""
    heads = pick(lang, ["File", "Riga", "Colonna", "Valore", "Regola"], ["File", "Row", "Column", "Value", "Rule"])
    rows = [[i.file, i.row, i.column, i.value, pick(lang, i.rule_it, i.rule_en)]
            for i in issues]
    return pd.DataFrame(rows, columns=heads).astype({heads[1]: "Int64"})
