"""The Gestione section of the meeting pack: the priority list, the 24-hour line's figures,
vacant flats and re-let cycles, and occupation counts suppressed below ``suppress_below``
(no count from 1 to below-1 in the section's tables nor in the PDF's text)."""

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from tavolo import chart_export, demo, gestione_pack, pack

META = {"as_of": "2026-10-31", "source": "Dati dimostrativi (illustrativi)"}
TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def no_chromium(monkeypatch):
    def missing(*args, **kwargs):
        raise chart_export.ChromiumMissing()

    monkeypatch.setattr(chart_export, "export", missing)


def occupation_cells(tab: dict) -> list:
    return [v for key in ("occ_figures", "occ_by_year", "occ_by_outcome")
            for frame in [tab[key]] for col in frame.columns[1:2] for v in frame[col]]


@pytest.mark.parametrize("below", [5, 20])
def test_the_sections_occupation_tables_are_suppressed(demo_frames, below):
    tab = gestione_pack.tables(demo_frames, demo.AS_OF, "it", below)
    cells = occupation_cells(tab)
    assert cells
    for v in cells:
        assert not (v.isdigit() and 0 < int(v) < below), v
    if below == 20:  # some years of the demo hold fewer than 20 occupations
        assert "< 20" in cells


def test_the_section_has_the_priority_list_and_the_24_hour_line(demo_frames):
    tab = gestione_pack.tables(demo_frames, demo.AS_OF, "it")
    assert tab["priorities"]["Rango"].tolist()[:3] == ["1", "2", "3"]
    assert len(tab["priorities"]) == gestione_pack.TOP
    assert "Segnalazioni aperte" in tab["reports"]["Cifra"].tolist()
    assert "Cicli conclusi" in tab["vacancies"]["Cifra"].tolist()


def _section_text(frames, monkeypatch, below) -> str:
    monkeypatch.setenv("TAVOLO_SUPPRESS_BELOW", str(below))
    data = pack.build(frames, META, demo=True, lang="it", today=TODAY)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    start = text.index("Occupazioni senza titolo\n")
    return text[start:text.index("6. Azioni aperte del tavolo")]


def test_the_packs_occupation_counts_are_suppressed(demo_frames, monkeypatch, isolated_settings, no_chromium):
    text = _section_text(demo_frames, monkeypatch, 20)
    assert "< 20" in text
    lines = [ln for ln in text.splitlines() if ln.strip() and "Pagina" not in ln and "Aggiornati" not in ln]
    for line in lines:
        # the last number of a row is its count (years, "< 20" and medians aside)
        numbers = [int(n.replace(".", "")) for n in re.findall(r"(?<![<\d,.])\d[\d.]*(?![\d,])", line)]
        counts = [n for n in numbers if not 2000 <= n <= 2100]
        assert not any(0 < n < 20 for n in counts[:1]), line
