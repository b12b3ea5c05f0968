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
                  "3. Domanda e offerta", "4. I programmi", "5. Azioni aperte del tavolo", "Prossime riunioni",
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
    assert "Meeting pack · 26 November 2026" in text and "5. Open actions of the table" in text
    assert "DATI DIMOSTRATIVI" not in text


def test_pack_file_name_is_dated():
    assert pack.file_name(TODAY) == "tavolo_pacchetto-riunione_2026-11-26.pdf"


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
