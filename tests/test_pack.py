"""The meeting pack and a meeting's agenda and minutes: PDFs that parse, with their pages
and sections; the pack is built even without Chromium (charts become tables)."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from tavolo import chart_export, minutes, pack, views

TODAY = dt.date(2026, 11, 26)
META = {"as_of": "2026-10-31", "source": "Dati dimostrativi (illustrativi)"}


@pytest.fixture(scope="module")
def frames(tmp_path_factory):
    from tavolo import demo
    from tavolo.store import Store

    path = tmp_path_factory.mktemp("pack") / "pack.sqlite"
    store = Store(f"sqlite:///{path}")
    store.replace(demo.generate(1), meta=META)
    out = store.read_all()
    store.dispose()
    return out


def _pdf(data: bytes) -> tuple[int, str]:
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def no_chromium(monkeypatch):
    def missing(*args, **kwargs):
        raise chart_export.ChromiumMissing()

    monkeypatch.setattr(chart_export, "export", missing)


def test_pack_with_charts(frames):
    if not chart_export.available():
        pytest.skip("Chromium not found: the pack's charts fall back to tables (tested below)")
    pages, text = _pdf(pack.build(frames, META, demo=True, lang="it", today=TODAY))
    assert pages >= 4
    for title in ("Pacchetto riunione · 26 novembre 2026", "1. Il quadro in cifre", "2. Dove sono gli alloggi",
                  "3. Domanda e offerta", "4. I programmi", "5. Gestione: manutenzione, numero verde, sfitti, occupazioni", "6. Azioni aperte del tavolo", "Prossime riunioni",
                  "DATI DIMOSTRATIVI"):
        assert title in text, title
    assert "Chromium non è installato" not in text


def test_pack_without_chromium_has_tables_and_says_why(frames, no_chromium):
    pages, text = _pdf(pack.build(frames, META, demo=True, lang="it", today=TODAY))
    assert pages >= 4
    assert "Chromium non è installato" in text
    assert "Alloggi adeguati" in text  # the demand chart's table instead of the chart


def test_pack_in_english(frames, no_chromium):
    _pages, text = _pdf(pack.build(frames, META, demo=False, lang="en", today=TODAY))
    assert "Meeting pack · 26 November 2026" in text and "6. Open actions of the table" in text
    assert "DATI DIMOSTRATIVI" not in text


def test_pack_file_name_is_dated():
    assert pack.file_name(TODAY) == "tavolo-casa_pacchetto-riunione_2026-11-26.pdf"
    assert pack.file_name(TODAY, demo=True) == "tavolo-casa_pacchetto-riunione_2026-11-26_dati-dimostrativi.pdf"


def test_pack_command(tmp_path, frames, no_chromium):
    from tavolo import cli
    from tavolo.store import Store

    db = tmp_path / "cli.sqlite"
    store = Store(f"sqlite:///{db}")
    store.replace(frames, meta=META)
    store.dispose()
    out = tmp_path / "out" / "pacchetto.pdf"
    assert cli.main(["pack", "--database", f"sqlite:///{db}", "--out", str(out), "--date", "2026-11-26"]) == 0
    pages, text = _pdf(out.read_bytes())
    assert pages >= 4 and "26 novembre 2026" in text


def test_agenda_lists_the_items_and_open_actions(frames):
    planned = frames["meetings"]
    meeting = planned[planned["date"] > "2026-11-26"].iloc[0]
    pages, text = _pdf(minutes.agenda_pdf(frames, meeting["meeting_id"], "it", TODAY))
    assert pages >= 1
    assert "Ordine del giorno" in text and meeting["theme"] in text
    assert "Approvazione del verbale" in text and "Varie ed eventuali" in text
    assert "Scaduta" in text  # overdue actions are written as such


def test_minutes_have_decisions_actions_and_views(frames, demo_store):
    views.add(demo_store, "M2017-10-17", "Sfitti a Mazzafame", "/mappa?rione=mazzafame&indicator=vacancy_rate")
    saved = views.for_meeting(demo_store, "M2017-10-17")
    pages, text = _pdf(minutes.minutes_pdf(frames, "M2017-10-17", "it", TODAY, saved))
    assert pages >= 1
    decisions = frames["decisions"]
    first = decisions[decisions["meeting_id"] == "M2017-10-17"]["text"].iloc[0]
    assert first[:40] in text.replace("\n", " ")
    assert "Sfitti a Mazzafame" in text and "/mappa?rione=mazzafame" in text
    assert "Per ALER" in text and "Verbale della riunione" in text


def test_unknown_meeting_is_refused(frames):
    with pytest.raises(KeyError):
        minutes.agenda_pdf(frames, "M1900-01-01")


# ------------------------------------------------- the demo flag and hostile names

FORMULA = '=HYPERLINK("http://x","y")'
TAG = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def hostile(frames):
    """The demo data with hostile text in every name a PDF shows."""
    out = dict(frames)
    meetings = frames["meetings"].copy()
    meetings["theme"] = meetings["theme"].astype(object)
    meetings.loc[meetings.index[0], "theme"] = f"{TAG} {FORMULA}"
    planned = meetings[meetings["date"] > "2026-11-26"].index[0]
    meetings.loc[planned, "theme"] = f"{TAG} prossima"
    out["meetings"] = meetings
    decisions = frames["decisions"].copy()
    decisions.loc[decisions.index[0], "text"] = f"{TAG} decisione"
    out["decisions"] = decisions
    actions = frames["actions"].copy()
    opened = actions[actions["status"] == "open"].index[0]
    actions.loc[opened, "text"] = f"{FORMULA} {TAG} azione"
    actions.loc[opened, "owner"] = TAG
    out["actions"] = actions
    programmes = frames["programmes"].copy()
    programmes.loc[programmes.index[0], "name"] = f"{TAG} programma"
    out["programmes"] = programmes
    return out


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_minutes_and_agenda_show_hostile_names_as_text_and_carry_the_flag(hostile):
    first = hostile["meetings"].iloc[0]["meeting_id"]
    _pages, text = _pdf(minutes.minutes_pdf(hostile, first, "it", TODAY, demo=True, meta=META))
    text = _flat(text)
    assert TAG in text and FORMULA in text and f"{TAG} decisione" in text
    assert "DATI DIMOSTRATIVI" in text and "Aggiornati al 31/10/2026" in text
    assert "Fonte: Dati dimostrativi (illustrativi)" in text
    planned = hostile["meetings"][hostile["meetings"]["date"] > "2026-11-26"].iloc[0]["meeting_id"]
    _pages, text = _pdf(minutes.agenda_pdf(hostile, planned, "it", TODAY, demo=True, meta=META))
    text = _flat(text)
    assert f"{TAG} prossima" in text and "DATI DIMOSTRATIVI" in text and "Aggiornati al 31/10/2026" in text


def test_real_data_minutes_carry_source_and_date_without_the_flag(frames):
    real = {"source": "Ufficio casa del Comune", "as_of": "2026-10-31"}
    _pages, text = _pdf(minutes.minutes_pdf(frames, "M2017-10-17", "it", TODAY, meta=real))
    assert "Fonte: Ufficio casa del Comune" in text and "Aggiornati al 31/10/2026" in text
    assert "DATI DIMOSTRATIVI" not in text and "Dati dimostrativi" not in text


def test_pack_shows_hostile_names_as_text_and_carries_the_flag_on_every_page(hostile, no_chromium):
    data = pack.build(hostile, META, demo=True, lang="it", today=TODAY)
    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        text = _flat(page.extract_text())
        assert "DATI DIMOSTRATIVI" in text and "Aggiornati al 31/10/2026" in text
    text = _flat("\n".join(p.extract_text() for p in reader.pages))
    assert f"{TAG} programma" in text and f"{TAG} prossima" in text and "Comune di Legnano" in text


def test_pack_charts_show_hostile_names_as_text(hostile):
    if not chart_export.available():
        pytest.skip("Chromium not found")
    from tavolo import charts, summary

    s = summary.summarise(hostile, META, True, TODAY)
    prog = next(p for p in s.programmes if p.name.startswith(TAG))
    import xml.etree.ElementTree as ET

    svg = chart_export.export(charts.programme_phases(prog, "it"), "svg")
    root = ET.fromstring(svg)
    assert not [el for el in root.iter() if el.tag.endswith("img")]
    assert any(TAG in "".join(el.itertext()) for el in root.iter() if el.tag.endswith("text"))


def test_a_long_source_wraps_in_the_footer_and_keeps_the_date(frames):
    long = {"source": "Ufficio casa del Comune di Legnano, estrazione dal gestionale " * 4, "as_of": "2026-10-31"}
    reader = PdfReader(io.BytesIO(minutes.minutes_pdf(frames, "M2017-10-17", "it", TODAY, demo=True, meta=long)))
    for page in reader.pages:
        lines = page.extract_text().splitlines()
        assert any("Aggiornati al 31/10/2026" in line for line in lines)
        assert any(line.strip().endswith(f"Pagina {reader.pages.index(page) + 1}") or
                   line.strip() == f"Pagina {reader.pages.index(page) + 1}" for line in lines)
