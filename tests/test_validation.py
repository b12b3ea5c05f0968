"""Validation of table files as Italian offices export them, good and broken.

Every file is written in ``tmp_path`` and read back through ``tavolo.validation`` (the code
behind ``python -m tavolo check``, ``load`` and the Dati page). Broken files must give one
issue naming the file, the spreadsheet row (header = 1), the column, the value and the rule,
in Italian and English.
"""

import csv
import datetime as dt
import io

import pandas as pd
import pytest

from tavolo import schema, validation

SAMPLE_TABLES = ("flats", "applications", "meetings")


# --------------------------------------------------------------------------------------
# Helpers: samples of the demo data written as an office would write them
# --------------------------------------------------------------------------------------
def sample(demo_frames, name: str) -> pd.DataFrame:
    """A few rows of a demo table, chosen to cover every kind of value."""
    frame = demo_frames[name]
    if name == "flats":  # let, vacant needing works (with estimate), another status
        picks = [frame.index[frame["status"] == s][0] for s in ("let", "vacant_works", "vacant_assignable")]
        rows = frame.loc[picks + list(frame.index[3:5])]
    elif name == "applications":  # with categories, with an assigned flat, in poverty
        picks = [frame.index[frame["categories"].notna()][0],
                 frame.index[frame["assigned_flat_id"].notna()][0],
                 frame.index[frame["poverty"].astype(bool)][0]]
        rows = frame.loc[picks + list(frame.index[10:12])]
    else:
        rows = frame.head(4)
    return rows.drop_duplicates().reset_index(drop=True)


def office_cell(col: schema.Column, value, labels: str | None = None) -> str:
    """A cell as Italian Excel writes it: decimal comma, dd/mm/yyyy, sì/no; enumerations as
    the Italian (``labels="it"``) or English label when asked."""
    if value is None or value is pd.NA or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if col.type == "date":
        return pd.Timestamp(value).strftime("%d/%m/%Y")
    if col.type == "float":
        return repr(float(value)).replace(".", ",")
    if col.type == "int":
        return str(int(value))
    if col.type == "bool":
        return "sì" if value else "no"
    if col.type in ("enum", "multi") and labels:
        index = 0 if labels == "it" else 1
        return "|".join(col.values[v][index] for v in str(value).split("|"))
    return str(value)


def office_rows(frame: pd.DataFrame, name: str, labels: str | None = None) -> pd.DataFrame:
    table = schema.TABLES[name]
    out = pd.DataFrame({c.name: [office_cell(c, v, labels) for v in frame[c.name]]
                        for c in table.columns}, dtype=object)
    return out


def write_csv(path, text_frame: pd.DataFrame, sep=";", encoding="utf-8", bom=False):
    """Write a frame of text cells; an all-empty row becomes a blank line."""
    lines = []
    header = list(text_frame.columns)
    rows = [header] + [list(r) for r in text_frame.itertuples(index=False, name=None)]
    for row in rows:
        if not any(str(c) for c in row):
            lines.append("")
            continue
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=sep, lineterminator="").writerow(row)
        lines.append(buffer.getvalue())
    data = ("\r\n".join(lines) + "\r\n").encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


def write_xlsx(path, sheets: dict[str, pd.DataFrame]):
    """A workbook with typed cells (numbers, dates, booleans); blank rows stay blank."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for sheet_name, frame in sheets.items():
        sheet = book.create_sheet(sheet_name)
        sheet.append(list(frame.columns))
        for row in frame.itertuples(index=False, name=None):
            cells = []
            for value in row:
                if value is None or value is pd.NA or (not isinstance(value, str) and pd.isna(value)):
                    cells.append(None)
                elif isinstance(value, pd.Timestamp):
                    cells.append(value.to_pydatetime())
                elif hasattr(value, "item"):
                    cells.append(value.item())
                else:
                    cells.append(value)
            if all(c is None for c in cells):
                sheet.append([])
                sheet.cell(row=sheet.max_row + 1, column=1, value=None)
            else:
                sheet.append(cells)
    book.save(path)


def context_for(demo_frames, names) -> dict[str, pd.DataFrame]:
    """The demo tables that ``names`` reference (one level), for the cross-table checks."""
    out = {}
    for name in names:
        for col in schema.TABLES[name].columns:
            if col.references:
                ref = col.references.split(".")[0]
                if ref not in names:
                    out[ref] = demo_frames[ref]
    return out


def read_and_check(folder, demo_frames) -> tuple[dict, list[validation.Issue]]:
    """Typed frames and what ``check`` reports for a folder of partial tables: cell problems
    first, then keys, references and domain rules against the demo tables they reference."""
    raws, issues = validation.read_dir(folder)
    if issues:
        return {}, issues
    frames, issues = validation.validate_raw(raws)
    if issues:
        return frames, issues
    combined = {**context_for(demo_frames, list(frames)), **frames}
    files = {name: raw.file for name, raw in raws.items()}
    rows = {name: validation.sheet_rows_of(raw) for name, raw in raws.items()}
    return frames, validation.check_dataset(combined, files, rows)


def check_folder(folder, demo_frames) -> list[validation.Issue]:
    return read_and_check(folder, demo_frames)[1]


# --------------------------------------------------------------------------------------
# Good files
# --------------------------------------------------------------------------------------
def _write_semicolon(folder, frames, labels=None, encoding="utf-8", bom=False):
    for name, frame in frames.items():
        write_csv(folder / f"{name}.csv", office_rows(frame, name, labels), sep=";",
                  encoding=encoding, bom=bom)


def _write_comma_iso(folder, frames):
    for name, frame in frames.items():
        table = schema.TABLES[name]
        out = frame.copy()
        for col in table.columns:
            if col.type == "date":
                out[col.name] = out[col.name].dt.strftime("%Y-%m-%d")
            elif col.type == "bool":
                out[col.name] = out[col.name].map({True: "true", False: "false"})
        out.to_csv(folder / f"{name}.csv", index=False)


FORMATS = {
    "semicolon_decimal_comma_ddmmyyyy": lambda folder, frames: _write_semicolon(folder, frames),
    "utf8_with_bom": lambda folder, frames: _write_semicolon(folder, frames, bom=True),
    "windows_1252": lambda folder, frames: _write_semicolon(folder, frames, encoding="cp1252"),
    "comma_iso_dates": _write_comma_iso,
    "enum_as_italian_label": lambda folder, frames: _write_semicolon(folder, frames, labels="it"),
    "enum_as_english_label": lambda folder, frames: _write_semicolon(folder, frames, labels="en"),
    "xlsx_one_per_table": lambda folder, frames: [
        write_xlsx(folder / f"{name}.xlsx", {"Foglio1": frame}) for name, frame in frames.items()],
    "xlsx_one_per_table_with_note_sheet": lambda folder, frames: [
        write_xlsx(folder / f"{name}.xlsx", {"Dati": frame, "Note": pd.DataFrame({"Fonte": ["Ufficio"]})})
        for name, frame in frames.items()],
    "xlsx_workbook_sheet_per_table": lambda folder, frames: write_xlsx(
        folder / "tavolo_dati.xlsx",
        {"Note": pd.DataFrame({"Voce": ["Fonte"], "Valore": ["Ufficio casa"]}), **frames}),
}


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_good_files_read_back_as_the_typed_frames_written(fmt, tmp_path, demo_frames):
    expected = {name: sample(demo_frames, name) for name in SAMPLE_TABLES}
    apps = expected["applications"]  # the assigned flat must be among the flats written
    apps.loc[apps["assigned_flat_id"].notna(), "assigned_flat_id"] = expected["flats"].loc[0, "flat_id"]
    if fmt == "windows_1252":  # accents only Windows-1252 can carry besides UTF-8
        flats = expected["flats"]
        flats["source"] = pd.Series(["Città di Legnano: verifica dell'ufficio, perché è così"] * len(flats),
                                    dtype=object)
    FORMATS[fmt](tmp_path, expected)
    if fmt == "windows_1252":
        with pytest.raises(UnicodeDecodeError):
            (tmp_path / "flats.csv").read_bytes().decode("utf-8")
    frames, issues = read_and_check(tmp_path, demo_frames)
    assert issues == []
    assert set(frames) == set(SAMPLE_TABLES)
    for name in SAMPLE_TABLES:
        pd.testing.assert_frame_equal(frames[name], expected[name], check_exact=True)


def test_semicolon_file_takes_decimal_points_and_thousands_separators(tmp_path, demo_frames):
    """Italian thousands (1.234,5 and 12.500) and a decimal point written by another tool
    (62.5) are both read right; the point is not silently dropped (62.5 is not 625)."""
    flats = sample(demo_frames, "flats")
    text = office_rows(flats, "flats")
    text.loc[0, "surface_m2"] = "62.5"
    text.loc[1, "works_estimate_eur"] = "12.500"
    text.loc[2, "surface_m2"] = "101,25"
    text.loc[1, "surface_m2"] = "45.75"
    write_csv(tmp_path / "flats.csv", text)
    frames, issues = read_and_check(tmp_path, demo_frames)
    assert issues == []
    got = frames["flats"]
    assert got.loc[0, "surface_m2"] == 62.5
    assert got.loc[1, "surface_m2"] == 45.75
    assert got.loc[1, "works_estimate_eur"] == 12500.0
    assert got.loc[2, "surface_m2"] == 101.25


@pytest.mark.parametrize(("text", "decimal_comma", "expected"), [
    ("1.234,5", True, 1234.5), ("12,5", True, 12.5), ("1.234", True, 1234.0),
    ("1.234.567", True, 1234567.0), ("62.5", True, 62.5), ("45.6012", True, 45.6012),
    ("€ 1.200", True, 1200.0), ("-3,5", True, -3.5), ("1,234.5", False, 1234.5),
    ("12,5", False, 12.5), ("62.5", False, 62.5), ("7", False, 7.0),
])
def test_parse_number(text, decimal_comma, expected):
    assert validation.parse_number(text, decimal_comma) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("17/10/2017", dt.date(2017, 10, 17)), ("2017-10-17", dt.date(2017, 10, 17)),
    ("1/2/2024", dt.date(2024, 2, 1)), ("29.02.2024", dt.date(2024, 2, 29)),
    ("2024-03-01 00:00:00", dt.date(2024, 3, 1)),
])
def test_parse_date(text, expected):
    assert validation.parse_date(text) == expected


@pytest.mark.parametrize(("text", "rule_en"), [
    ("31/02/2024", "impossible date"), ("29/02/2023", "impossible date"),
    ("2024/13/01", "invalid date"), ("ieri", "invalid date"),
])
def test_parse_date_errors(text, rule_en):
    with pytest.raises(validation.CellError, match=rule_en):
        validation.parse_date(text)


def test_decode_accepts_bom_utf8_and_windows_1252():
    assert validation.decode("\ufeffCittà".encode()) == "Città"
    assert validation.decode("Città".encode()) == "Città"
    assert validation.decode("Città €".encode("cp1252")) == "Città €"


# --------------------------------------------------------------------------------------
# Broken files: one problem each, named precisely in both languages
# --------------------------------------------------------------------------------------
def _set(row, column, value):
    def mutate(frame):
        frame.loc[row, column] = value
        return frame
    return mutate


def _both(*mutations):
    def mutate(frame):
        for m in mutations:
            frame = m(frame)
        return frame
    return mutate


def _blank_before(row):
    """Insert a blank line before data row ``row`` (0-based)."""
    def mutate(frame):
        blank = pd.DataFrame([[""] * len(frame.columns)], columns=frame.columns)
        return pd.concat([frame.iloc[:row], blank, frame.iloc[row:]], ignore_index=True)
    return mutate


def _drop(column):
    return lambda frame: frame.drop(columns=[column])


def _add(column, value):
    def mutate(frame):
        frame[column] = value
        return frame
    return mutate


# id, table, mutation of the office text, file name, expected (row, column, value, it, en)
BROKEN = [
    ("duplicate_id", "applications",
     _both(_set(0, "application_id", "P-DUP00001"), _set(2, "application_id", "P-DUP00001")), None,
     (4, "application_id", "P-DUP00001", "identificativo duplicato (già alla riga 2)",
      "duplicate id (already at row 2)")),
    ("unknown_foreign_key", "applications", _set(1, "call_id", "AVV-1999-01"), None,
     (3, "call_id", "AVV-1999-01", "riferimento sconosciuto: non esiste in calls.call_id",
      "unknown reference: not found in calls.call_id")),
    ("unknown_flat_reference", "applications", _set(1, "assigned_flat_id", "X99999-001"), None,
     (3, "assigned_flat_id", "X99999-001", "non esiste in flats.flat_id", "not found in flats.flat_id")),
    ("negative_surface", "flats", _set(1, "surface_m2", "-45,5"), None,
     (3, "surface_m2", "-45,5", "valore sotto il minimo ammesso", "value below the allowed minimum")),
    ("household_of_zero", "applications", _set(0, "household_size", "0"), None,
     (2, "household_size", "0", "valore sotto il minimo ammesso", "value below the allowed minimum")),
    ("isee_band_unknown", "applications", _set(3, "isee_band", "0-2500"), None,
     (5, "isee_band", "0-2500", "valore non ammesso", "value not allowed")),
    ("isee_below_zero", "applications", _set(3, "isee_band", "-1.000"), None,
     (5, "isee_band", "-1.000", "valore non ammesso", "value not allowed")),
    ("impossible_date", "flats", _set(2, "status_since", "31/02/2024"), None,
     (4, "status_since", "31/02/2024", "data inesistente", "impossible date")),
    ("missing_required_column", "applications", _drop("household_size"), None,
     (1, "household_size", None, "colonna obbligatoria mancante", "required column missing")),
    ("unknown_column", "applications", _add("codice_fiscale", ""), None,
     (1, "codice_fiscale", "codice_fiscale", "colonna sconosciuta per la tabella applications",
      "unknown column for table applications")),
    ("unknown_file_name", "applications", None, "domande.csv",
     (None, None, "domande", "il nome non corrisponde a nessuna tabella",
      "the name matches no table")),
    ("poverty_with_band_above_3000", "applications",
     _both(_set(1, "isee_band", "6000-9000"), _set(1, "poverty", "sì")), None,
     (3, "poverty", "True", "indigente solo con ISEE fino a 3.000 €",
      "in poverty only with ISEE up to €3,000")),
    ("works_estimate_missing", "flats",
     _both(_set(0, "status", "vacant_works"), _set(0, "works_estimate_eur", "")), None,
     (2, "works_estimate_eur", "", "stima lavori obbligatoria per gli sfitti da ristrutturare",
      "works estimate required for vacant flats needing works")),
    ("assigned_without_flat", "applications",
     _both(_set(0, "outcome", "assigned"), _set(0, "assigned_flat_id", "")), None,
     (2, "assigned_flat_id", "", "una domanda assegnata indica l'alloggio",
      "an assigned application names its flat")),
    ("not_a_number", "flats", _set(0, "rooms", "tre"), None,
     (2, "rooms", "tre", "non è un numero", "not a number")),
    ("not_a_whole_number", "flats", _set(0, "rooms", "2,5"), None,
     (2, "rooms", "2,5", "atteso un numero intero", "expected a whole number")),
    ("not_yes_or_no", "flats", _set(3, "lift", "forse"), None,
     (5, "lift", "forse", "atteso sì/no", "expected yes/no")),
    ("unknown_category", "applications", _set(0, "categories", "Anziani|pirati"), None,
     (2, "categories", "Anziani|pirati", "valore non ammesso", "value not allowed")),
    ("required_value_missing", "applications", _set(3, "outcome", ""), None,
     (5, "outcome", "", "valore obbligatorio mancante", "required value missing")),
    ("blank_line_counts_as_a_row", "applications",
     _both(_set(1, "household_size", "0"), _blank_before(1)), None,
     (4, "household_size", "0", "valore sotto il minimo ammesso", "value below the allowed minimum")),
    ("blank_line_counts_in_cross_checks", "applications",
     _both(_set(3, "call_id", "AVV-1999-01"), _blank_before(1), _blank_before(1)), None,
     (7, "call_id", "AVV-1999-01", "riferimento sconosciuto", "unknown reference")),
]


@pytest.mark.parametrize(("table", "mutate", "file_name", "expected"),
                         [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN])
def test_broken_file_gives_one_precise_bilingual_issue(table, mutate, file_name, expected, tmp_path,
                                                        demo_frames):
    text = office_rows(sample(demo_frames, table), table)
    if mutate is not None:
        text = mutate(text)
    name = file_name or f"{table}.csv"
    write_csv(tmp_path / name, text)
    issues = check_folder(tmp_path, demo_frames)
    row, column, value, rule_it, rule_en = expected
    assert len(issues) == 1, [i.bilingual() for i in issues]
    issue = issues[0]
    assert (issue.file, issue.row, issue.column, issue.value) == (name, row, column, value)
    assert rule_it in issue.rule_it
    assert rule_en in issue.rule_en
    italian, english = issue.message("it"), issue.message("en")
    assert italian.startswith(f"file {name}") and english.startswith(f"file {name}")
    if row is not None:
        assert f"riga {row}," in italian + "," and f"row {row}," in english + ","
    if column is not None:
        assert f"colonna {column}" in italian and f"column {column}" in english
    if value:
        assert repr(value) in italian and repr(value) in english
    assert italian.endswith(issue.rule_it) and english.endswith(issue.rule_en)
    assert issue.bilingual() == f"{italian} | {english}"


def test_row_with_more_cells_than_the_header(tmp_path, demo_frames):
    text = office_rows(sample(demo_frames, "meetings"), "meetings")
    write_csv(tmp_path / "meetings.csv", text)
    lines = (tmp_path / "meetings.csv").read_text(encoding="utf-8").splitlines()
    lines[2] += ";di troppo"
    (tmp_path / "meetings.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    issues = check_folder(tmp_path, demo_frames)
    assert [(i.row, i.rule_en) for i in issues] == [(3, "the row has more cells than the header")]


def test_trailing_separators_written_by_excel_are_not_columns(tmp_path, demo_frames):
    text = office_rows(sample(demo_frames, "meetings"), "meetings")
    write_csv(tmp_path / "meetings.csv", text)
    path = tmp_path / "meetings.csv"
    path.write_text("\n".join(line + ";;" for line in path.read_text(encoding="utf-8").splitlines()),
                    encoding="utf-8")
    assert check_folder(tmp_path, demo_frames) == []


def test_every_problem_of_a_file_is_reported_at_once(tmp_path, demo_frames):
    text = office_rows(sample(demo_frames, "flats"), "flats")
    text.loc[0, "surface_m2"] = "-1"
    text.loc[2, "status_since"] = "31/02/2024"
    text.loc[4, "status"] = "demolito"
    write_csv(tmp_path / "flats.csv", text)
    issues = check_folder(tmp_path, demo_frames)
    assert [(i.row, i.column) for i in issues] == [(2, "surface_m2"), (4, "status_since"), (6, "status")]


@pytest.mark.parametrize("blank_rows", [0, 2])
def test_xlsx_errors_name_the_sheet_and_the_row(blank_rows, tmp_path, demo_frames):
    frame = sample(demo_frames, "applications").astype(object)
    frame.loc[2, "household_size"] = 0
    if blank_rows:
        blank = pd.DataFrame([[None] * len(frame.columns)] * blank_rows, columns=frame.columns)
        frame = pd.concat([frame.iloc[:1], blank, frame.iloc[1:]], ignore_index=True)
    write_xlsx(tmp_path / "dati.xlsx", {"applications": frame})
    issues = check_folder(tmp_path, demo_frames)
    assert [(i.file, i.row, i.column, i.value) for i in issues] == [
        ("dati.xlsx[applications]", 4 + blank_rows, "household_size", "0")]


def test_workbook_sheet_with_unknown_name(tmp_path, demo_frames):
    write_xlsx(tmp_path / "dati.xlsx", {"domande": sample(demo_frames, "applications")})
    issues = check_folder(tmp_path, demo_frames)
    assert [(i.file, i.value) for i in issues] == [("dati.xlsx[domande]", "domande")]


def test_same_table_twice_in_a_folder(tmp_path, demo_frames):
    frame = sample(demo_frames, "meetings")
    write_csv(tmp_path / "meetings.csv", office_rows(frame, "meetings"))
    write_xlsx(tmp_path / "meetings.xlsx", {"Foglio1": frame})
    issues = check_folder(tmp_path, demo_frames)
    assert len(issues) == 1 and "already given in meetings.csv" in issues[0].rule_en


@pytest.mark.parametrize(("name", "content", "rule_en"), [
    ("flats.ods", b"PK\x03\x04", "unsupported format"),
    ("flats.xlsx", b"not a workbook", "unreadable file"),
])
def test_unreadable_or_unsupported_upload_becomes_an_issue(name, content, rule_en):
    raws, issues = validation.read_upload(content, name)
    assert raws == {} and len(issues) == 1
    assert issues[0].file == name and rule_en in issues[0].rule_en and issues[0].rule_it


def test_missing_or_empty_folder(tmp_path):
    _raws, issues = validation.read_dir(tmp_path / "nope")
    assert [i.rule_en for i in issues] == ["folder does not exist"]
    _raws, issues = validation.read_dir(tmp_path)
    assert [i.rule_en for i in issues] == ["no CSV or XLSX file found"]


def test_issues_frame_in_both_languages():
    issue = validation.Issue("flats.csv", 3, "surface_m2", "-1", "valore sotto il minimo",
                             "value below the minimum")
    it = validation.issues_frame([issue], "it")
    en = validation.issues_frame([issue], "en")
    assert list(it.columns) == ["File", "Riga", "Colonna", "Valore", "Regola"]
    assert list(en.columns) == ["File", "Row", "Column", "Value", "Rule"]
    assert it.iloc[0]["Regola"] == "valore sotto il minimo"
    assert en.iloc[0]["Rule"] == "value below the minimum"
    assert str(it["Riga"].dtype) == "Int64"


def test_validation_failed_lists_issues_in_both_languages():
    issues = [validation.Issue("a.csv", n, "x", str(n), "regola", "rule") for n in range(2, 30)]
    error = validation.ValidationFailed(issues)
    assert error.issues == issues
    text = str(error)
    assert text.startswith("28 errori / errors")
    assert "riga 2" in text and "row 2" in text and "(+8)" in text
