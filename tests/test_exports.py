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
    ("dati", {"tabella": "applications"}, "csv", "tavolo-casa_dati_tabella-domande_2026-11-26.csv"),
    ("panoramica", None, "xlsx", "tavolo-casa_panoramica_2026-11-26.xlsx"),
    ("dati", {"rione": "San Paolo", "anno": 2025, "vuoto": None, "niente": ""}, "csv",
     "tavolo-casa_dati_rione-san-paolo_anno-2025_2026-11-26.csv"),
    ("tavolo", {"calendario": "riunioni"}, "ics",
     "tavolo-casa_tavolo-di-coordinamento_calendario-riunioni_2026-11-26.ics"),
    ("mappa", {"indicatore": "flats_total"}, "png", "tavolo-casa_mappa_indicatore-alloggi-pubblici_2026-11-26.png"),
    ("mappa", {"indicatore": "vacancy_rate"}, "pdf", "tavolo-casa_mappa_indicatore-tasso-di-sfitto_2026-11-26.pdf"),
    ("mappa", {"indicatore": "flats_owner_aler"}, "png",
     "tavolo-casa_mappa_indicatore-alloggi-di-proprieta-aler_2026-11-26.png"),
    ("domanda_offerta", None, "csv", "tavolo-casa_domanda-e-offerta_2026-11-26.csv"),
])
def test_file_name_carries_page_filters_and_date(page, filters, ext, expected):
    assert exports.file_name(page, filters, ext, day=dt.date(2026, 11, 26)) == expected


def test_file_name_says_what_and_flags_demo_data():
    name = exports.file_name("panoramica", None, "png", dt.date(2026, 11, 26),
                             what="Alloggi pubblici · per stato d'uso e proprietà", demo=True)
    assert name == "tavolo-casa_panoramica_alloggi-pubblici-per-stato-d-uso_2026-11-26_dati-dimostrativi.png"
    assert "tavolo_tavolo" not in exports.file_name("tavolo", {"riunioni": "prossime"})


def test_file_name_is_safe_to_save():
    name = exports.file_name("dati", {"percorso": "../../etc/passwd", "nota": "a\\b:c*d?"}, "csv",
                             day=dt.date(2026, 11, 26))
    assert name.startswith("tavolo-casa_dati_percorso-") and name.endswith("_2026-11-26.csv")
    assert not set(name) & set("/\\:*?\"<>| ") and ".." not in name


def test_file_name_defaults_to_today():
    assert exports.file_name("dati").endswith(f"_{dt.date.today().isoformat()}.csv")


# ---------------------------------------------------------------- exports never execute

HOSTILE = ['=HYPERLINK("http://x","y")', "<img src=x onerror=alert(1)>", "+1+cmd|' /C calc'!A0",
           "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"]


@pytest.fixture
def hostile():
    return pd.DataFrame({
        "nome": HOSTILE,
        "saldo": pd.array([-3, 0, 5, -12, 1, 2, -1], dtype="Int64"),
        "quota": [-0.5, 0.25, -1.75, 0.0, 1.0, 2.0, -3.0],
        "testo_numero": ["-3", "-1,5", "+2", "-1.234,5", "7", "-12%", "0"],
    })


def test_csv_neutralises_formulas_and_keeps_numbers(hostile):
    text = exports.csv_it(hostile).decode("utf-8-sig")
    back = pd.read_csv(io.StringIO(text), sep=";", decimal=",", dtype={"testo_numero": str})
    assert back["nome"].tolist()[0] == "'" + HOSTILE[0]
    assert back["nome"].tolist()[1] == HOSTILE[1]  # not a formula: unchanged
    for value in back["nome"]:
        assert not value.startswith(exports.FORMULA_START), value
    assert back["saldo"].tolist() == [-3, 0, 5, -12, 1, 2, -1]
    assert back["quota"].tolist() == [-0.5, 0.25, -1.75, 0.0, 1.0, 2.0, -3.0]
    assert back["testo_numero"].tolist() == ["-3", "-1,5", "+2", "-1.234,5", "7", "-12%", "0"]
    # the raw lines: a numeric cell is never quoted or prefixed
    assert text.splitlines()[1].split(";")[1:3] == ["-3", "-0,5"]


def test_csv_neutralises_a_hostile_header():
    text = exports.csv_it(pd.DataFrame({"=cmd()": [1]})).decode("utf-8-sig")
    assert text.splitlines()[0] == "'=cmd()"


def test_xlsx_writes_no_formula_and_keeps_numbers(hostile):
    from openpyxl import load_workbook

    data = exports.xlsx({"ostile": hostile}, [("Fonte / Source", "=cmd()")], display_lang="it")
    book = load_workbook(io.BytesIO(data))
    sheet = book["ostile"]
    cells = [c for row in sheet.iter_rows() for c in row] + [c for row in book["Note"].iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    names = [sheet.cell(row=r, column=1) for r in range(2, 2 + len(HOSTILE))]
    # (XML reads a carriage return back as a line feed: still text, never a formula)
    assert [c.value for c in names] == [v.replace("\r", "\n") for v in HOSTILE]
    assert all(c.data_type == "s" for c in names)
    assert names[0].quotePrefix
    assert book["Note"]["B2"].value == "=cmd()" and book["Note"]["B2"].data_type == "s"
    saldo = [sheet.cell(row=r, column=2).value for r in range(2, 9)]
    assert saldo == [-3, 0, 5, -12, 1, 2, -1]
    assert [sheet.cell(row=r, column=3).value for r in range(2, 9)] == [-0.5, 0.25, -1.75, 0.0, 1.0, 2.0, -3.0]
    # the on-screen text numbers become numbers, negative ones too
    assert [sheet.cell(row=r, column=4).value for r in range(2, 9)] == [-3, -1.5, 2, -1234.5, 7, -0.12, 0]


def test_xlsx_of_an_on_screen_table_stores_numbers_with_italian_formats():
    from openpyxl import load_workbook

    shown = pd.DataFrame({"Rione": ["Mazzafame", "Canazza", "Centro"],
                          "Domande": ["49", "1.234", "–"], "Quota": ["44%", "12,5%", "0%"],
                          "Per alloggio": ["15,0", "2,5", "–"], "Costo": ["5.000 €", "0 €", "1.250.000 €"],
                          "Anno": ["2026", "2027", "2028"], "Codice": ["0012", "0013", "1"],
                          "Ritardo": ["+1 mese", "-2 mesi", "0 mesi"]})
    book = load_workbook(io.BytesIO(exports.xlsx({"tabella": shown}, [], display_lang="it")))
    sheet = book["tabella"]
    col = {c.value: c.column for c in sheet[1]}

    def values(name):
        return [sheet.cell(row=r, column=col[name]).value for r in range(2, 5)]

    def fmt(name):
        return sheet.cell(row=2, column=col[name]).number_format

    assert values("Domande") == [49, 1234, None] and fmt("Domande") == "#,##0"
    assert values("Quota") == [0.44, 0.125, 0] and fmt("Quota") == "0.0%"
    assert values("Per alloggio") == [15.0, 2.5, None] and fmt("Per alloggio") == "#,##0.0"
    assert values("Costo") == [5000, 0, 1250000] and fmt("Costo") == '#,##0 "€"'
    assert values("Anno") == [2026, 2027, 2028] and fmt("Anno") == "0"  # a year is not 2.026
    assert values("Codice") == ["0012", "0013", "1"]  # codes with a leading zero stay text
    assert values("Ritardo") == ["+1 mese", "-2 mesi", "0 mesi"]


def test_english_on_screen_numbers_are_read_the_english_way():
    out, formats = exports.numbers_from_text(pd.DataFrame({"n": ["1,234", "2.5"]}), "en")
    assert out["n"].tolist() == [1234.0, 2.5] and formats == {"n": "#,##0.0"}


# ------------------------------------------------------------------- the demo flag

def test_provenance_names_demo_source_and_date():
    meta = {"source": "Ufficio casa", "as_of": "2026-10-31"}
    assert exports.provenance(meta, True) == "Dati dimostrativi · Fonte: Ufficio casa · Aggiornati al 31/10/2026"
    assert exports.provenance(meta, False, "en") == "Source: Ufficio casa · As of 31/10/2026"


def test_csv_note_row_comes_first_and_the_table_reads_after_it(frame):
    note = exports.provenance({"source": "Ufficio; casa", "as_of": "2026-10-31"}, True)
    data = exports.csv_it(frame, note=note)
    text = data.decode("utf-8-sig")
    first = text.split("\r\n")[0]
    assert first == '"Dati dimostrativi · Fonte: Ufficio; casa · Aggiornati al 31/10/2026"'
    import csv

    assert next(csv.reader(io.StringIO(text), delimiter=";")) == [note]  # one cell: A1
    back = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig", skiprows=1)
    assert list(back.columns) == list(frame.columns) and back["superficie"].tolist()[:2] == [62.5, 1234.75]


def test_no_formulas_neutralises_a_workbook_built_cell_by_cell():
    from openpyxl import Workbook, load_workbook

    book = Workbook()
    book.active["A1"] = '=HYPERLINK("http://x","y")'
    book.active["B1"] = -3
    assert book.active["A1"].data_type == "f"
    assert exports.no_formulas(book) == 1
    buffer = io.BytesIO()
    book.save(buffer)
    back = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert back["A1"].data_type == "s" and back["A1"].value == '=HYPERLINK("http://x","y")'
    assert back["B1"].value == -3


def test_xlsx_opened_from_demo_data_says_so_on_its_first_sheet(demo_frames):
    from openpyxl import load_workbook

    notes = exports.table_notes(["flats"], {"source": "Dati dimostrativi (illustrativi)", "as_of": "2026-10-31"}, True)
    book = load_workbook(io.BytesIO(exports.xlsx({"flats": demo_frames["flats"].head(5)}, notes)))
    assert book.sheetnames[0] == "Note"
    values = {row[0]: row[1] for row in book["Note"].iter_rows(min_row=2, values_only=True)}
    assert values["Dati"] == "Dati dimostrativi" and values["Aggiornati al / As of"] == "2026-10-31"


def test_every_page_has_an_italian_name_for_its_files():
    from ui.pages import PAGES

    for page in PAGES:
        name = exports.page_name(page.url_path)
        assert name != page.url_path and "_" not in name, page.url_path
        assert exports.file_name(page.url_path, day=dt.date(2026, 11, 26)).startswith(
            f"tavolo-casa_{exports._slug(name)}_")
