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
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tavolo import schema
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
        rule = self.rule_it if lang == "it" else self.rule_en
        words = ("riga", "colonna", "valore") if lang == "it" else ("row", "column", "value")
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


class ValidationFailed(ValueError):
    """Raised by loaders when a data set has issues; nothing was written."""

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        shown = "\n".join(i.bilingual() for i in issues[:20])
        more = f"\n... (+{len(issues) - 20})" if len(issues) > 20 else ""
        super().__init__(f"{len(issues)} errori / errors:\n{shown}{more}")


# ---------------------------------------------------------------------------------------
# Reading files
# ---------------------------------------------------------------------------------------
# Frame attribute: the spreadsheet row (header = 1) of each frame row, so that messages
# name the row a user sees even when blank rows were skipped.
SHEET_ROWS = "sheet_rows"


@dataclass
class RawTable:
    """A table file read as text cells, with the decimal style it uses."""

    file: str
    frame: pd.DataFrame  # all cells as str ("" when empty)
    decimal_comma: bool


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
    rows = [r for r in reader]
    if not rows:
        return RawTable(filename, pd.DataFrame(), sep == ";")
    header = [h.strip() for h in rows[0]]
    while header and header[-1] == "":  # trailing separators, as Excel writes them
        header.pop()
    # Blank rows are skipped, but every row keeps its spreadsheet number (header = 1).
    numbered = [(number, r + [""] * (len(header) - len(r)))
                for number, r in enumerate(rows[1:], start=2) if any(c.strip() for c in r)]
    too_long = [i for i, (_n, r) in enumerate(numbered) if any(c.strip() for c in r[len(header):])]
    frame = pd.DataFrame([r[: len(header)] for _n, r in numbered], columns=header, dtype=object)
    frame.attrs["too_long_rows"] = too_long
    frame.attrs[SHEET_ROWS] = [n for n, _r in numbered]
    return RawTable(filename, frame, sep == ";")


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
        body = [(number, [_cell_text(c) for c in r[: len(header)]])
                for number, r in enumerate(rows[1:], start=2)]
        body = [(n, r + [""] * (len(header) - len(r))) for n, r in body if any(c.strip() for c in r)]
        frame = pd.DataFrame([r for _n, r in body], columns=header, dtype=object)
        frame.attrs[SHEET_ROWS] = [n for n, _r in body]
        out[sheet.title] = RawTable(f"{filename}[{sheet.title}]", frame, False)
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
_TRUE = {"1", "true", "vero", "si", "sì", "s", "yes", "y", "x"}
_FALSE = {"0", "false", "falso", "no", "n"}
_DATE_PATTERNS = [
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$"), ("y", "m", "d")),
    (re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$"), ("d", "m", "y")),
]


class CellError(ValueError):
    def __init__(self, rule_it: str, rule_en: str):
        super().__init__(rule_en)
        self.rule_it = rule_it
        self.rule_en = rule_en


def parse_number(text: str, decimal_comma: bool) -> float:
    s = text.strip().replace("\u00a0", "").replace(" ", "").replace("€", "")
    if decimal_comma and "," not in s and not re.fullmatch(r"-?\d{1,3}(\.\d{3})+", s):
        pass  # a decimal point in a decimal-comma file (62.5, 45.6012): not thousands
    elif decimal_comma:
        s = s.replace(".", "").replace(",", ".")
    elif "," in s and "." not in s and re.fullmatch(r"-?\d+,\d+", s):
        s = s.replace(",", ".")  # a lone decimal comma in a comma-free cell: 12,5
    elif "," in s:
        s = s.replace(",", "")  # thousands separators: 1,234.5
    try:
        return float(s)
    except ValueError:
        raise CellError("non è un numero", "not a number") from None


def parse_date(text: str) -> dt.date:
    s = text.strip()
    for pattern, order in _DATE_PATTERNS:
        m = pattern.match(s)
        if m:
            parts = dict(zip(order, (int(g) for g in m.groups())))
            try:
                return dt.date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                raise CellError("data inesistente", "impossible date") from None
    raise CellError("data non valida: usare gg/mm/aaaa o aaaa-mm-gg",
                    "invalid date: use dd/mm/yyyy or yyyy-mm-dd")


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
    raise CellError("valore non ammesso; ammessi: " + ", ".join(values),
                    "value not allowed; allowed: " + ", ".join(values))


def parse_cell(col: Column, text: str, decimal_comma: bool):
    """The typed value of one cell, or None when empty; raises CellError."""
    if text is None or str(text).strip() == "":
        return None
    text = str(text)
    kind = col.type
    if kind == "str":
        value = text.strip()
    elif kind == "int":
        number = parse_number(text, decimal_comma)
        if not number.is_integer():
            raise CellError("atteso un numero intero", "expected a whole number")
        value = int(number)
    elif kind == "float":
        value = parse_number(text, decimal_comma)
    elif kind == "bool":
        s = _fold(text)
        if s in _TRUE:
            value = True
        elif s in _FALSE:
            value = False
        else:
            raise CellError("atteso sì/no (anche 1/0, true/false)", "expected yes/no (or 1/0, true/false)")
    elif kind == "date":
        value = parse_date(text)
    elif kind == "enum":
        value = parse_enum(text, col.values or {})
    elif kind == "multi":
        parts = [p for p in re.split(r"[|]", text) if p.strip()]
        value = "|".join(parse_enum(p, col.values or {}) for p in parts)
    else:  # pragma: no cover - the registry only declares the kinds above
        raise AssertionError(kind)
    if kind in ("int", "float"):
        if col.min is not None and value < col.min:
            raise CellError(f"valore sotto il minimo ammesso ({col.min:g} {col.unit})".strip(),
                            f"value below the allowed minimum ({col.min:g} {col.unit})".strip())
        if col.max is not None and value > col.max:
            raise CellError(f"valore sopra il massimo ammesso ({col.max:g} {col.unit})".strip(),
                            f"value above the allowed maximum ({col.max:g} {col.unit})".strip())
    return value


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


def coerce(table: Table, raw: RawTable) -> tuple[pd.DataFrame, list[Issue]]:
    """Parse a raw table into a typed frame; cells that fail become issues."""
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
    for index in frame.attrs.get("too_long_rows", []):
        issues.append(Issue(raw.file, sheet_rows[index], None, None,
                            "la riga ha più celle dell'intestazione",
                            "the row has more cells than the header"))
    if dupes or issues and any(i.row == 1 for i in issues):
        return typed_frame(table, []), issues
    records: list[dict] = []
    for index, row in enumerate(frame.itertuples(index=False, name=None)):
        cells = dict(zip(header, row))
        record = {}
        for col in table.columns:
            text = cells.get(col.name, "")
            try:
                value = parse_cell(col, text, raw.decimal_comma)
            except CellError as err:
                issues.append(Issue(raw.file, sheet_rows[index], col.name, str(text).strip(),
                                    err.rule_it, err.rule_en))
                value = None
            else:
                if value is None and col.required:
                    issues.append(Issue(raw.file, sheet_rows[index], col.name, "",
                                        "valore obbligatorio mancante", "required value missing"))
            record[col.name] = value
        records.append(record)
    return typed_frame(table, records), issues


# ---------------------------------------------------------------------------------------
# Checks across rows and tables
# ---------------------------------------------------------------------------------------
def _key(values) -> str:
    return "|".join("" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v) for v in values)


def sheet_rows_of(raw: RawTable) -> list[int]:
    """The spreadsheet row of each row of a raw table (header = 1, blank rows counted)."""
    rows = raw.frame.attrs.get(SHEET_ROWS)
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
        keys = [_key(vals) for vals in frame[pk].itertuples(index=False, name=None)]
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
            values = frame[col.name]
            for pos, value in values.items():
                if value is None or pd.isna(value):
                    continue
                if str(value) not in known:
                    issues.append(Issue(file, _row(frame, pos, sheet), col.name, str(value),
                                        f"riferimento sconosciuto: non esiste in {ref_table}.{ref_col}",
                                        f"unknown reference: not found in {ref_table}.{ref_col}"))
        issues += _domain_rules(name, frame, file, (rows or {}).get(name))
    return issues


def _domain_rules(name: str, frame: pd.DataFrame, file: str,
                  rows: list[int] | None = None) -> list[Issue]:
    """Rules that span columns of one row."""
    out: list[Issue] = []

    def each(mask, column, rule_it, rule_en):
        for pos in frame.index[mask.fillna(False).astype(bool)]:
            value = frame.at[pos, column]
            out.append(Issue(file, _row(frame, pos, rows), column,
                             "" if value is None or pd.isna(value) else str(value), rule_it, rule_en))

    if frame.empty:
        return out
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
            each(frame[end].notna() & frame[start].notna() & (frame[end] < frame[start]), end,
                 f"{end} precede {start}", f"{end} is before {start}")
    if name == "allocations":
        each(frame["flats_approved"].notna() & frame["meeting_id"].isna(), "meeting_id",
             "un'assegnazione approvata indica la riunione che l'ha decisa",
             "an approved allocation names the meeting that decided it")
    if name in ("tenant_reports", "actions"):
        closed_status = "closed" if name == "tenant_reports" else "done"
        each((frame["status"] == closed_status) & frame["closed_on"].isna(), "closed_on",
             "data di chiusura obbligatoria quando è chiusa", "closing date required when closed")
    return out


def validate_raw(raws: dict[str, RawTable]) -> tuple[dict[str, pd.DataFrame], list[Issue]]:
    """Coerce every raw table, then check the set; returns typed frames and issues."""
    frames: dict[str, pd.DataFrame] = {}
    issues: list[Issue] = []
    for name, raw in raws.items():
        frame, found = coerce(schema.TABLES[name], raw)
        frames[name] = frame
        issues += found
    return frames, issues


def issues_frame(issues: list[Issue], lang: str = "it") -> pd.DataFrame:
    """Issues as a table for the UI, headed in ``lang``."""
    heads = (["File", "Riga", "Colonna", "Valore", "Regola"] if lang == "it"
             else ["File", "Row", "Column", "Value", "Rule"])
    rows = [[i.file, i.row, i.column, i.value, i.rule_it if lang == "it" else i.rule_en]
            for i in issues]
    return pd.DataFrame(rows, columns=heads).astype({heads[1]: "Int64"})
