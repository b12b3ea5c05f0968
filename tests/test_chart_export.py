"""Exports of every chart (PNG, SVG, PDF through kaleido and one warm Chromium) and of
every table (CSV for Italian Excel, XLSX with notes), and their file names."""

import datetime as dt
import io
import os
import time
import xml.etree.ElementTree as ET

import pandas as pd
import plotly.graph_objects as go
import pytest

from tavolo import chart_export, exports


def _needs_chromium():
    if chart_export.available():
        return
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail("CI=true and no Chromium for kaleido (apt-get install chromium)", pytrace=False)
    pytest.skip("Chromium not found: chart exports cannot be drawn here")


@pytest.fixture(scope="module")
def figure():
    fig = go.Figure(go.Bar(x=["ALER", "COMUNE"], y=[850, 379], text=["850", "379"]))
    fig.update_layout(title="Alloggi pubblici · àèéìòù €", height=320)
    return fig


def test_png_svg_pdf_parse(figure):
    _needs_chromium()
    png = chart_export.to_png(figure)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    svg = chart_export.to_svg(figure)
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    pdf = chart_export.to_pdf(figure)
    assert pdf.startswith(b"%PDF")
    from pypdf import PdfReader

    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


def test_one_warm_browser_serves_every_export(figure):
    _needs_chromium()
    chart_export.shutdown()
    began = len(chart_export.timings())
    for fmt in ("png", "svg", "pdf", "png"):
        chart_export.export(figure, fmt)
    runs = chart_export.timings()[began:]
    assert [r.cold for r in runs] == [True, False, False, False]
    assert max(r.seconds for r in runs[1:]) < runs[0].seconds


def test_exports_are_serialised_across_threads(figure):
    _needs_chromium()
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda fmt: chart_export.export(figure, fmt), ["png", "svg", "pdf", "png"]))
    assert results[0].startswith(b"\x89PNG") and results[2].startswith(b"%PDF")


def test_unknown_format_is_refused(figure):
    with pytest.raises(ValueError):
        chart_export.export(figure, "gif")


def test_without_chromium_a_plain_message_and_no_hang(monkeypatch, figure):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    assert not chart_export.available()
    browser = chart_export._WarmBrowser()  # a fresh one: the module's may already be warm
    began = time.perf_counter()
    with pytest.raises(chart_export.ChromiumMissing) as missing:
        browser.render(figure.to_dict(), {"format": "png", "width": 100, "height": 100, "scale": 1})
    assert time.perf_counter() - began < 5
    assert "Chromium" in missing.value.message("it") and "non è installato" in missing.value.message("it")
    assert "not installed" in missing.value.message("en")
    assert chart_export.missing_message("en") == missing.value.message("en")


def test_chart_with_table_says_so_without_chromium(monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")

    def script():
        import pandas as pd
        import plotly.graph_objects as go

        from ui.common import chart_with_table

        chart_with_table(go.Figure(go.Bar(x=[1], y=[2])), pd.DataFrame({"a": [1]}), "Didascalia", "k",
                         page="prova", filters={"rione": "mazzafame"})

    at = AppTest.from_function(script, default_timeout=60).run()
    assert not at.exception
    assert any("Chromium" in c.value for c in at.caption)
    assert [b.label for b in at.get("download_button")] == ["CSV", "XLSX"]


def test_chart_with_table_offers_the_five_downloads(monkeypatch):
    _needs_chromium()
    from streamlit.testing.v1 import AppTest

    def script():
        import pandas as pd
        import plotly.graph_objects as go

        from ui.common import chart_with_table

        chart_with_table(go.Figure(go.Bar(x=[1], y=[2])), pd.DataFrame({"a": [1]}), "Didascalia", "k")

    at = AppTest.from_function(script, default_timeout=60).run()
    assert not at.exception
    assert [b.label for b in at.get("download_button")] == ["PNG", "SVG", "PDF", "CSV", "XLSX"]


@pytest.fixture
def table():
    return pd.DataFrame({
        "Rione": ["Mazzafame", "Oltrestazione", "Sant'Erasmo; «centro»"],
        "Alloggi": pd.array([333, 210, 19], dtype="Int64"),
        "Tasso di sfitto": [0.126, 0.09, 0.0],
        "Costo €": [1234567.5, 0.25, 1000.0],
        "Dal": pd.to_datetime(["2017-10-17", "2024-07-08", "2026-01-31"]).astype("datetime64[s]"),
    })


def test_csv_opens_in_italian_excel_with_the_same_numbers(table):
    data = exports.csv_it(table)
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the accents
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0].split(";")[0] == "Rione"
    assert "1234567,5" in text and "17/10/2017" in text
    back = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig")
    assert list(back.columns) == list(table.columns)
    assert list(back["Rione"]) == list(table["Rione"])
    assert list(back["Alloggi"]) == [333, 210, 19]
    pd.testing.assert_series_equal(back["Tasso di sfitto"], table["Tasso di sfitto"])
    pd.testing.assert_series_equal(back["Costo €"], table["Costo €"])
    assert list(pd.to_datetime(back["Dal"], format="%d/%m/%Y")) == list(table["Dal"])


def test_xlsx_reads_back_equal_with_its_notes(table):
    notes = exports.table_notes(["actions"], {"source": "Dati dimostrativi", "as_of": "2026-10-31"}, True)
    data = exports.xlsx({"rioni": table}, notes)
    back = pd.read_excel(io.BytesIO(data), sheet_name=None)
    assert list(back) == ["Note", "rioni"]
    sheet = back["rioni"]
    assert list(sheet["Rione"]) == list(table["Rione"])
    assert list(sheet["Alloggi"]) == [333, 210, 19]
    assert list(sheet["Tasso di sfitto"]) == list(table["Tasso di sfitto"])
    assert list(pd.to_datetime(sheet["Dal"])) == list(table["Dal"])
    values = dict(zip(back["Note"].iloc[:, 0], back["Note"].iloc[:, 1]))
    assert values["Aggiornati al / As of"] == "2026-10-31"
    assert any(str(k).startswith("actions.due_date") for k in values)


def test_file_names_carry_page_filters_and_date():
    name = exports.file_name("mappa", {"rione": "mazzafame", "indicatore": "vacancy_rate", "vuoto": ""},
                             "png", dt.date(2026, 11, 26))
    assert name == "tavolo-casa_mappa_rione-mazzafame_indicatore-tasso-di-sfitto_2026-11-26.png"


# --------------------------------------------------- margins and the demo note at export

NOTE = "Dati dimostrativi · Fonte: Ufficio casa · Aggiornati al 31/10/2026"


@pytest.fixture
def tight():
    """A builder that switched automargin off: its y labels would be cut to 'E' and 'R'."""
    fig = go.Figure(go.Bar(y=["COMUNE", "ALER"], x=[379, 850], orientation="h"))
    fig.update_layout(margin={"l": 10, "r": 10, "t": 50, "b": 10}, height=300, title={"text": "Alloggi", "x": 0})
    fig.update_yaxes(automargin=False)
    return fig


def test_prepare_gives_every_axis_automargin_and_keeps_the_title_off_the_edge(tight):
    layout = chart_export.prepare(tight)["layout"]
    assert layout["yaxis"]["automargin"] is True and layout["xaxis"]["automargin"] is True
    assert layout["margin"]["autoexpand"] is True and layout["margin"]["l"] >= 16
    assert layout["title"]["xanchor"] == "left" and layout["title"]["pad"]["l"] >= 16
    assert tight.layout.yaxis.automargin is False  # the figure itself is not changed


def test_prepare_writes_the_note_into_the_figure_before_rendering(tight):
    """What the PNG draws: the note is text of the figure (the title's subtitle), with a
    top margin that fits title and note."""
    layout = chart_export.prepare(tight, NOTE)["layout"]
    assert layout["title"]["subtitle"]["text"] == NOTE
    assert layout["title"]["text"] == "Alloggi" and layout["margin"]["t"] >= 18 + 17 + 12 + 26
    untitled = chart_export.prepare(go.Figure(go.Bar(x=[1], y=[2])), NOTE)["layout"]
    assert untitled["title"]["text"] == NOTE


def test_a_hostile_note_is_shown_as_text():
    layout = chart_export.prepare(go.Figure(), "Fonte: <img src=x onerror=alert(1)>")["layout"]
    assert layout["title"]["text"] == "Fonte: &lt;img src=x onerror=alert(1)&gt;"


def test_exported_svg_has_labels_inside_and_the_note(tight):
    _needs_chromium()
    from test_chart_builders_export import outside, text_boxes

    svg = chart_export.export(tight, "svg", width=800, note=NOTE)
    assert not outside(svg)
    texts = [box[0] for box in text_boxes(svg)[0]]
    assert NOTE in texts and "COMUNE" in texts
    root = ET.fromstring(svg)
    assert float(root.get("height")) > 300  # the note's band is added, the plot keeps its height


def test_exported_pdf_and_png_carry_the_note(tight):
    _needs_chromium()
    from pypdf import PdfReader

    pdf = chart_export.export(tight, "pdf", note=NOTE)
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Dati dimostrativi" in text and "31/10/2026" in text
    png = chart_export.export(tight, "png", note=NOTE)
    assert png.startswith(b"\x89PNG")


def test_table_and_chart_downloads_carry_the_note_numbers_and_readable_names(monkeypatch):
    """What the page's buttons hand over: names with the page's Italian name and the demo
    flag, a CSV whose first row is the note, an XLSX whose numbers are numbers."""
    from streamlit.delta_generator import DeltaGenerator
    from streamlit.testing.v1 import AppTest

    captured = {}
    original = DeltaGenerator.download_button

    def spy(self, label, data=None, file_name=None, *args, **kwargs):
        captured[label] = (file_name, data)
        return original(self, label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", spy)
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")  # tables only: no chart render

    def script():
        import pandas as pd
        import plotly.graph_objects as go

        from ui.common import chart_with_table

        table = pd.DataFrame({"Rione": ["=HYPERLINK(\"http://x\",\"y\")", "Costa"], "Domande": ["1.234", "49"],
                              "Quota": ["44%", "12,5%"]})
        chart_with_table(go.Figure(go.Bar(x=[1], y=[2])).update_layout(title="Domande per rione"), table,
                         "Domande in attesa: per rione.", "dem_rioni", page="domanda_offerta")

    at = AppTest.from_function(script, default_timeout=60).run()
    assert not at.exception
    from ui import cache

    _info, demo = cache.meta()
    name, make = captured["CSV"]
    assert name.startswith("tavolo-casa_domanda-e-offerta_domande-per-rione_")
    assert name.endswith("_dati-dimostrativi.csv") == demo
    text = make().decode("utf-8-sig")
    first, header = text.split("\r\n")[:2]
    assert "Fonte:" in first and "Aggiornati al" in first and ("Dati dimostrativi" in first) == demo
    assert header == "Rione;Domande;Quota" and "'=HYPERLINK" in text
    from openpyxl import load_workbook

    name, make = captured["XLSX"]
    assert name.startswith("tavolo-casa_domanda-e-offerta_domande-per-rione_") and name.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(make()))["dem_rioni"]
    assert [sheet["B2"].value, sheet["B3"].value, sheet["C2"].value] == [1234, 49, 0.44]
    assert sheet["A2"].data_type == "s"
