"""Cell rules of issue 16: no bad cell becomes a wrong number, date or text.

Each case writes a small table file the way an office would (``;`` with decimal comma, or
``,``), changes one cell, and runs it through ``loading.check_dir`` (the code behind
``python -m tavolo check``, ``load`` and the Dati page) against a copy of the demo store.
A case either reads the cell as the value given or refuses it with one issue naming the
file, row, column, value and the rule, in Italian and English.
"""

import csv
import datetime as dt
import io
import json

import pandas as pd
import pytest

from tavolo import edits, exports, loading, schema, validation

AS_OF = "2026-10-31"  # the as-of date written in each folder's dataset.json


def text_rows(frame: pd.DataFrame, name: str) -> list[list[str]]:
    """The table as Italian Excel writes it (``exports.csv_it``), as rows of text cells."""
    data = exports.csv_it(frame[schema.TABLES[name].column_names]).decode("utf-8-sig")
    return [row for row in csv.reader(io.StringIO(data), delimiter=";")]


def write_table(folder, name: str, rows: list[list[str]], sep: str) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator="\r\n").writerows(rows)
    (folder / f"{name}.csv").write_text(buffer.getvalue(), encoding="utf-8")
    (folder / "dataset.json").write_text(json.dumps({"kind": "real", "as_of": AS_OF}), encoding="utf-8")


def set_cells(rows: list[list[str]], column: str, cells: dict[int, str]) -> list[list[str]]:
    """``cells``: data row (0-based) -> text. The other cells of ``works_estimate_eur``
    (whole euros, written "6500,0") lose their ",0", so that no other cell of the column
    hints at the file's decimal mark unless a case says so."""
    index = rows[0].index(column)
    out = [list(r) for r in rows]
    for n, row in enumerate(out[1:]):
        if column == "works_estimate_eur":
            row[index] = row[index].removesuffix(",0")
            assert "," not in row[index] and "." not in row[index]
        row[index] = cells.get(n, row[index])
    return out


def run_case(folder, store, frames, name, column, cells, sep):
    """Issues of ``check`` and, when there are none, the typed frame ``load`` would write.
    The whole table is written: a partial one would orphan the rows that reference it."""
    frame = frames[name].copy()
    write_table(folder, name, set_cells(text_rows(frame, name), column, cells), sep)
    issues = loading.check_dir(folder, store)
    if issues:
        return None, issues
    raws, _ = validation.read_dir(folder)
    typed, issues = loading.check_raw(raws, store, loading.read_dataset_info(folder))
    assert issues == []
    return typed[name], []


def assert_one_issue(issues, file, row, column, value, rule_en):
    assert len(issues) == 1, [i.bilingual() for i in issues]
    issue = issues[0]
    assert (issue.file, issue.row, issue.column, issue.value) == (file, row, column, value)
    assert rule_en in issue.rule_en, issue.rule_en
    assert issue.rule_it and issue.rule_it != issue.rule_en
    assert issue.message("it").startswith(f"file {file}, riga {row}, colonna {column}")
    assert issue.message("en").startswith(f"file {file}, row {row}, column {column}")


# --------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------
AMBIGUOUS = "ambiguous number"
# separator, cells of flats.works_estimate_eur (row -> text), expected value of row 0 or the
# rule that refuses it (at row 0, spreadsheet row 2)
NUMBERS = [
    ("it_grouping_in_comma_file", ",", {0: "1.234,5"}, 1234.5),
    ("en_grouping_in_comma_file", ",", {0: "1,234.5"}, 1234.5),
    ("it_grouping_in_semicolon_file", ";", {0: "1.234,5"}, 1234.5),
    ("decimal_comma_in_comma_file", ",", {0: "12,5"}, 12.5),
    ("semicolon_file_point_is_thousands", ";", {0: "12.500"}, 12500.0),
    ("semicolon_file_comma_three_decimals", ";", {0: "1,234"}, 1.234),
    ("semicolon_file_decimal_point", ";", {0: "62.5"}, 62.5),
    ("comma_file_one_mark_three_digits", ",", {0: "1,234"}, AMBIGUOUS),
    ("comma_file_point_three_digits", ",", {0: "1.234"}, AMBIGUOUS),
    ("comma_file_column_shows_decimal_comma", ",", {0: "1.234", 1: "12,5"}, 1234.0),
    ("comma_file_column_shows_decimal_point", ",", {0: "1,234", 1: "1234.75"}, 1234.0),
    ("semicolon_file_column_shows_decimal_point", ";", {0: "1.234", 1: "62.5"}, AMBIGUOUS),
    ("semicolon_file_column_mixes_marks", ";", {0: "1,234", 1: "62.5", 2: "12,5"}, AMBIGUOUS),
    ("grouping_not_in_threes", ";", {0: "1.23,5"}, "thousands separator"),
    ("two_decimal_marks", ";", {0: "1,234,5.6"}, "thousands separator"),
    ("inf", ";", {0: "inf"}, "non-finite"),
    ("minus_inf", ";", {0: "-inf"}, "non-finite"),
    ("infinity", ",", {0: "Infinity"}, "non-finite"),
    ("nan", ";", {0: "nan"}, "non-finite"),
    ("NaN", ",", {0: "NaN"}, "non-finite"),
    ("overflow_to_inf", ",", {0: "1e400"}, "non-finite"),
    ("NA", ";", {0: "NA"}, "leave the cell empty"),
    ("N/A", ";", {0: "N/A"}, "leave the cell empty"),
    ("null", ",", {0: "null"}, "leave the cell empty"),
    ("none", ",", {0: "None"}, "leave the cell empty"),
    ("n.d.", ";", {0: "n.d."}, "leave the cell empty"),
    ("dash", ";", {0: "-"}, "leave the cell empty"),
    ("scientific_italian", ";", {0: "1,5E+03"}, 1500.0),
    ("empty_optional_is_missing", ";", {0: ""}, None),
    ("above_declared_maximum", ";", {0: "2.000.000.000"}, "above the allowed maximum"),
]


@pytest.mark.parametrize(("sep", "cells", "expected"), [c[1:] for c in NUMBERS],
                         ids=[c[0] for c in NUMBERS])
def test_number_cells(sep, cells, expected, tmp_path, demo_store, demo_frames):
    typed, issues = run_case(tmp_path, demo_store, demo_frames, "flats", "works_estimate_eur",
                             cells, sep)
    if isinstance(expected, str):
        assert_one_issue(issues, "flats.csv", 2, "works_estimate_eur", cells[0], expected)
    elif expected is None:
        assert pd.isna(typed.loc[0, "works_estimate_eur"])
    else:
        assert typed.loc[0, "works_estimate_eur"] == expected


# table, column, text, rule: values out of the column's type or range
OUT_OF_RANGE = [
    ("beyond_64_bit", "comuni", "population", "9223372036854775808", "whole number the database can store"),
    ("beyond_32_bit", "comuni", "population", "3000000000", "whole number the database can store"),
    ("above_declared_maximum", "comuni", "population", "20.000.000", "above the allowed maximum"),
    ("negative_count", "calls", "flats_offered", "-3", "below the allowed minimum"),
    ("count_not_whole", "calls", "flats_offered", "2,5", "expected a whole number"),
    ("inf_in_int", "calls", "flats_offered", "inf", "non-finite"),
    ("score_above_100", "applications", "isbar_score", "100,5", "above the allowed maximum"),
    ("required_NA", "applications", "isbar_score", "NA", "leave the cell empty"),
    ("required_empty", "applications", "isbar_score", "", "required value missing"),
]


@pytest.mark.parametrize(("name", "column", "text", "rule_en"), [c[1:] for c in OUT_OF_RANGE],
                         ids=[c[0] for c in OUT_OF_RANGE])
def test_values_out_of_type_or_range_are_refused(name, column, text, rule_en, tmp_path, demo_store,
                                                 demo_frames):
    _typed, issues = run_case(tmp_path, demo_store, demo_frames, name, column, {0: text}, ";")
    assert_one_issue(issues, f"{name}.csv", 2, column, text, rule_en)


def test_too_large_integer_is_refused_by_load_not_a_traceback(tmp_path, demo_store, demo_frames):
    rows = set_cells(text_rows(demo_frames["comuni"], "comuni"), "population", {0: "9223372036854775808"})
    write_table(tmp_path, "comuni", rows, ";")
    version = demo_store.version()
    with pytest.raises(validation.ValidationFailed) as failed:
        loading.load_dir(tmp_path, demo_store)
    assert [i.column for i in failed.value.issues] == ["population"]
    assert demo_store.version() == version


def test_every_numeric_column_with_a_unit_of_count_or_money_declares_a_range():
    for table in schema.TABLES.values():
        for col in table.columns:
            if col.type in ("int", "float") and col.unit in ("alloggi", "€", "abitanti", "persone", "punti"):
                assert col.min is not None and col.max is not None, f"{table.name}.{col.name}"


# --------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------
# table, column, text, expected date or the rule that refuses it
DATES = [
    ("iso_with_words_after", "meetings", "date", "2024-03-12 circa", "invalid date"),
    ("iso_with_letter_after", "meetings", "date", "2024-03-12x", "invalid date"),
    ("italian_with_words_after", "meetings", "date", "12/03/2024 circa", "invalid date"),
    ("iso_with_time", "meetings", "date", "2024-03-12 10:30", dt.date(2024, 3, 12)),
    ("italian", "meetings", "date", "12/03/2024", dt.date(2024, 3, 12)),
    ("before_1900", "meetings", "date", "31/12/1899", "before the plausible range"),
    ("planned_meeting_next_year", "meetings", "date", "20/04/2027", dt.date(2027, 4, 20)),
    ("meeting_far_in_future", "meetings", "date", "01/01/2099", "after the plausible range"),
    ("year_3000_never_missing", "meetings", "date", "01/01/3000", "after the plausible range"),
    ("past_event_after_as_of", "flats", "status_since", "30/11/2026", "after the data's as-of date"),
    ("past_event_on_as_of", "flats", "status_since", "31/10/2026", dt.date(2026, 10, 31)),
]


@pytest.mark.parametrize(("name", "column", "text", "expected"), [c[1:] for c in DATES],
                         ids=[c[0] for c in DATES])
def test_date_cells(name, column, text, expected, tmp_path, demo_store, demo_frames):
    typed, issues = run_case(tmp_path, demo_store, demo_frames, name, column, {0: text}, ";")
    if isinstance(expected, str):
        assert_one_issue(issues, f"{name}.csv", 2, column, text, expected)
    else:
        assert typed.loc[0, column] == pd.Timestamp(expected)


def test_every_date_column_declares_its_window():
    for table in schema.TABLES.values():
        for col in table.columns:
            if col.type == "date":
                assert col.not_before and col.years_ahead is not None, f"{table.name}.{col.name}"


# --------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------
TEXTS = [
    ("nul", "meetings", "theme", "Tema\x00nascosto", "control character"),
    ("bell", "meetings", "theme", "Tema\x07", "control character"),
    ("escape", "meetings", "theme", "\x1b[31mTema", "control character"),
    ("c1_control", "meetings", "theme", "Tema\x85", "control character"),
    ("tab_in_one_line_text", "meetings", "theme", "Tema\tsecondo", "control character"),
    ("newline_in_one_line_text", "meetings", "theme", "Tema\nsecondo", "control character"),
    ("newline_in_multiline_text", "decisions", "text", "Prima riga\nseconda riga", "Prima riga\nseconda riga"),
    ("nul_in_multiline_text", "decisions", "text", "Prima\x00riga", "control character"),
    ("too_long", "meetings", "theme", "x" * 201, "at most 200 characters"),
    ("long_enough", "meetings", "theme", "x" * 200, "x" * 200),
    ("javascript_link", "saved_views", "url", "javascript:alert(1)", "only http"),
    ("data_link", "saved_views", "url", "data:text/html,<script>alert(1)</script>", "only http"),
    ("protocol_relative_link", "saved_views", "url", "//evil.example/x", "only http"),
    ("backslash_link", "saved_views", "url", "/\\evil.example", "only http"),
    ("ftp_link", "saved_views", "url", "ftp://example.org/file", "only http"),
    ("https_link", "saved_views", "url", "https://www.comune.legnano.mi.it/", "https://www.comune.legnano.mi.it/"),
    ("app_path_link", "saved_views", "url", "/mappa?rione=mazzafame", "/mappa?rione=mazzafame"),
]


@pytest.mark.parametrize(("name", "column", "text", "expected"), [c[1:] for c in TEXTS],
                         ids=[c[0] for c in TEXTS])
def test_text_cells(name, column, text, expected, tmp_path, demo_store, demo_frames):
    typed, issues = run_case(tmp_path, demo_store, demo_frames, name, column, {0: text}, ";")
    if typed is None:
        assert_one_issue(issues, f"{name}.csv", 2, column, text, expected)
    else:
        assert typed.loc[0, column] == expected


def test_every_text_column_declares_a_maximum_length():
    for table in schema.TABLES.values():
        for col in table.columns:
            if col.type == "str":
                assert col.max_length and col.max_length > 0, f"{table.name}.{col.name}"


@pytest.mark.parametrize(("table", "column", "it", "en"), [
    ("meetings", "theme", "Al massimo 200 caratteri", "At most 200 characters"),
    ("decisions", "text", "Anche su più righe", "May span several lines"),
    ("saved_views", "url", "percorso dell'app", "path of the app"),
    ("flats", "status_since", "non dopo la data di riferimento", "not after the data's as-of date"),
    ("meetings", "date", "a 5 anni dopo la data di riferimento", "to 5 years after the data's as-of date"),
    ("comuni", "population", "Da 0 a 10.000.000", "From 0 to 10,000,000"),
    ("flats", "surface_m2", "Da 10 a 400", "From 10 to 400"),
])
def test_the_help_of_a_column_states_its_limits(table, column, it, en):
    """The Dati page's data dictionary shows each column's help: the limits are in it."""
    col = schema.TABLES[table].column(column)
    assert it in col.help("it") and en in col.help("en")


def test_link_columns_are_declared():
    links = [f"{t.name}.{c.name}" for t in schema.TABLES.values() for c in t.columns if c.link]
    assert links == ["saved_views.url"]


# --------------------------------------------------------------------------------------
# Workbooks: typed numbers are never ambiguous
# --------------------------------------------------------------------------------------
def test_xlsx_typed_number_with_three_decimals_is_read_as_written(tmp_path, demo_store, demo_frames):
    flats = demo_frames["flats"].copy()
    flats.loc[:2, "works_estimate_eur"] = [1.234, 1234.0, float("nan")]
    (tmp_path / "flats.xlsx").write_bytes(exports.xlsx({"flats": flats}, []))
    assert loading.check_dir(tmp_path, demo_store) == []
    raws, _ = validation.read_dir(tmp_path)
    typed, _ = loading.check_raw(raws, demo_store)
    assert typed["flats"]["works_estimate_eur"].tolist()[:2] == [1.234, 1234.0]


# --------------------------------------------------------------------------------------
# Edits: the same cell rules
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize(("table", "values", "rule_en"), [
    ("flats", {"works_estimate_eur": float("inf")}, "non-finite"),
    ("flats", {"works_estimate_eur": "inf"}, "non-finite"),
    ("flats", {"works_estimate_eur": "NA"}, "leave the cell empty"),
    ("flats", {"works_estimate_eur": "1.234"}, AMBIGUOUS),
    ("actions", {"description": "x" * 5000}, "at most"),
    ("actions", {"description": "Azione\x00"}, "control character"),
    ("saved_views", {"url": "javascript:alert(1)"}, "only http"),
    ("meetings", {"date": "2024-03-12 circa"}, "invalid date"),
])
def test_edits_use_the_same_cell_rules(table, values, rule_en, demo_store):
    frame = demo_store.read(table)
    row = frame.iloc[0]
    key = {k: row[k] for k in schema.TABLES[table].primary_key}
    with pytest.raises(validation.ValidationFailed) as failed:
        edits.apply_changes(demo_store, table, [edits.RowChange("update", key, edits.fingerprint(row),
                                                                values)], reason="prova")
    [issue] = failed.value.issues
    assert issue.column == next(iter(values)) and rule_en in issue.rule_en
    pd.testing.assert_frame_equal(demo_store.read(table), frame)


def test_edit_with_a_typed_number_is_not_ambiguous(demo_store):
    frame = demo_store.read("flats")
    row = frame.iloc[0]
    edits.apply_changes(demo_store, "flats", [edits.RowChange(
        "update", {"flat_id": row.flat_id}, edits.fingerprint(row), {"works_estimate_eur": 1.234})],
        reason="prova")
    assert demo_store.read("flats").loc[0, "works_estimate_eur"] == 1.234
