"""Exports that open right in Italian Excel, and read back into the same numbers."""

import datetime as dt
import io

import pandas as pd
import pytest

from tavolo import exports, schema, validation


@pytest.fixture
def frame():
    return pd.DataFrame({
        "rione": ["Centro", "Oltrestazione; nord", "Città \"vecchia\""],
        "alloggi": pd.array([1234, 0, None], dtype="Int64"),
        "superficie": [62.5, 1234.75, float("nan")],
        "quota": [0.253, 1.0, 0.0],
        "ascensore": pd.array([True, False, None], dtype="boolean"),
        "dal": pd.to_datetime(["2017-10-17", "2024-02-29", None]).astype("datetime64[s]"),
    })


def test_csv_it_starts_with_the_bom_and_uses_italian_formats(frame):
    data = exports.csv_it(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[0] == "rione;alloggi;superficie;quota;ascensore;dal"
    assert lines[1] == "Centro;1234;62,5;0,253;sì;17/10/2017"
    assert lines[2].startswith('"Oltrestazione; nord";0;1234,75;1,0;no;29/02/2024')


def test_csv_it_reads_back_into_the_same_numbers(frame):
    back = pd.read_csv(io.BytesIO(exports.csv_it(frame)), sep=";", decimal=",", encoding="utf-8-sig")
    assert list(back.columns) == list(frame.columns)
    assert back["rione"].tolist() == frame["rione"].tolist()
    assert back["alloggi"].tolist()[:2] == [1234, 0] and pd.isna(back["alloggi"].iloc[2])
    assert back["superficie"].tolist()[:2] == [62.5, 1234.75] and pd.isna(back["superficie"].iloc[2])
    assert back["quota"].tolist() == [0.253, 1.0, 0.0]
    assert back["dal"].tolist()[:2] == ["17/10/2017", "29/02/2024"]


@pytest.mark.parametrize("name", ["flats", "applications", "meetings", "actions", "buildings"])
def test_csv_it_of_a_table_loads_back_as_the_same_table(name, demo_frames):
    """What the Dati page downloads, an office can upload again unchanged."""
    raws, issues = validation.read_upload(exports.csv_it(demo_frames[name]), f"{name}.csv")
    assert issues == []
    frames, issues = validation.validate_raw(raws)
    assert issues == []
    pd.testing.assert_frame_equal(frames[name], demo_frames[name], check_exact=True)


def test_xlsx_has_a_note_sheet_and_reads_back_equal(frame):
    notes = [("Fonte / Source", "Ufficio casa"), ("Aggiornati al / As of", "2026-10-31")]
    data = exports.xlsx({"alloggi": frame, "vuota": frame.iloc[:0]}, notes)
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, engine="openpyxl")
    assert list(sheets) == ["Note", "alloggi", "vuota"]
    assert sheets["Note"].values.tolist() == [list(n) for n in notes]
    back = sheets["alloggi"]
    assert back["rione"].tolist() == frame["rione"].tolist()
    assert back["superficie"].tolist()[:2] == [62.5, 1234.75]
    assert back["quota"].tolist() == [0.253, 1.0, 0.0]
    assert back["alloggi"].tolist()[:2] == [1234, 0]
    assert back["ascensore"].tolist()[:2] == [True, False]
    assert back["dal"].tolist()[:2] == [pd.Timestamp("2017-10-17"), pd.Timestamp("2024-02-29")]
    assert sheets["vuota"].empty and list(sheets["vuota"].columns) == list(frame.columns)


def test_xlsx_of_tables_loads_back_as_the_same_tables(demo_frames):
    """The Dati page's workbook (Note sheet + a sheet per table) uploads again unchanged."""
    names = ["flats", "applications", "meetings", "actions"]  # every kind of column
    tables = {name: demo_frames[name].head(300) for name in names}
    data = exports.xlsx(tables, exports.table_notes(names, {"source": "demo", "as_of": "2026-10-31"}, True))
    raws, issues = validation.read_upload(data, exports.file_name("dati", {"tabelle": "tutte"}, "xlsx"))
    assert issues == [] and set(raws) == set(names)
    frames, issues = validation.validate_raw(raws)
    assert issues == []
    for name in names:
        pd.testing.assert_frame_equal(frames[name], tables[name], check_exact=True, obj=name)


def test_table_notes_carry_source_date_and_units():
    notes = dict(exports.table_notes(["flats", "not_a_table"], {"source": "Ufficio", "as_of": "2026-10-31"},
                                     demo=True))
    assert notes["Dati"] == "Dati dimostrativi"
    assert notes["Fonte / Source"] == "Ufficio"
    assert notes["Aggiornati al / As of"] == "2026-10-31"
    assert "[m²]" in notes["flats.surface_m2"]
    assert "Superficie utile / Usable surface" in notes["flats.surface_m2"]
    assert set(k for k in notes if k.startswith("flats.")) == {
        f"flats.{c}" for c in schema.TABLES["flats"].column_names}
    assert not any(k.startswith("not_a_table") for k in notes)
    real = dict(exports.table_notes([], {}, demo=False))
    assert real["Dati"] == "Dati caricati dall'ufficio"


@pytest.mark.parametrize(("page", "filters", "ext", "expected"), [
    ("dati", {"tabella": "applications"}, "csv", "tavolo_dati_tabella-applications_2026-11-26.csv"),
    ("panoramica", None, "xlsx", "tavolo_panoramica_2026-11-26.xlsx"),
    ("dati", {"rione": "San Paolo", "anno": 2025, "vuoto": None, "niente": ""}, "csv",
     "tavolo_dati_rione-San-Paolo_anno-2025_2026-11-26.csv"),
])
def test_file_name_carries_page_filters_and_date(page, filters, ext, expected):
    assert exports.file_name(page, filters, ext, day=dt.date(2026, 11, 26)) == expected


def test_file_name_is_safe_to_save():
    name = exports.file_name("dati", {"percorso": "../../etc/passwd", "nota": "a\\b:c*d?"}, "csv",
                             day=dt.date(2026, 11, 26))
    assert name.startswith("tavolo_dati_percorso-") and name.endswith("_2026-11-26.csv")
    assert not set(name) & set("/\\:*?\"<>| ") and ".." not in name


def test_file_name_defaults_to_today():
    assert exports.file_name("dati").endswith(f"_{dt.date.today().isoformat()}.csv")
