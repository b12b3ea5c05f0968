"""Interactions in a real browser, one small function per gesture.

How to add one (page issues: map click, chart PNG export, meeting-mode arrow key, ...):

    @interaction("mappa")                      # url_path(s) of ui.pages.PAGES, or "*" for all
    def map_click_fills_detail(probe, tmp_path):
        probe.page.locator(...).click()        # probe.page is a Playwright Page, rendered
        probe.wait_idle()                      # wait for Streamlit to finish the rerun
        assert ...

The function receives a `browser_kit.Probe` on the page, already rendered and idle
(`probe.page`, `probe.main()`, `probe.sidebar()`, `probe.h1()`, `probe.wait_idle()`) and
pytest's `tmp_path`. After it returns, the page must still be healthy (no exception shown,
no console error, no request outside the app): `test_interaction` checks that for you.
An interaction registered for a page that is not (yet) in PAGES is not collected.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from browser_kit import ROOT, AppPage, Probe, discover_pages, title

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Interaction:
    name: str
    routes: tuple[str, ...]  # url paths, or ("*",)
    run: Callable[[Probe, Path], None]


INTERACTIONS: list[Interaction] = []


def interaction(*url_paths: str):
    """Register ``fn(probe, tmp_path)`` for the pages with these url paths ("*": all)."""
    def register(fn):
        INTERACTIONS.append(Interaction(fn.__name__, url_paths or ("*",), fn))
        return fn
    return register


# -- every page -------------------------------------------------------------------------
def _page_of(probe: Probe) -> AppPage:
    return next(p for p in discover_pages() if p.route == probe.route)


@interaction("panoramica", "dati")
def language_switch_to_english(probe: Probe, tmp_path: Path) -> None:
    """English in the sidebar: the h1 and the navigation switch to the English title."""
    page = _page_of(probe)
    italian, english = title(page.title_key, "it"), title(page.title_key, "en")
    before = probe.h1()
    probe.sidebar().get_by_text("English", exact=True).click()
    probe.page.wait_for_function(
        "before => { const h = document.querySelector('h1'); return h && h.innerText.trim() !== before; }",
        arg=before, timeout=30_000)
    probe.wait_idle()
    after = probe.h1()
    if italian != english:
        assert italian in before and english in after, f"h1 {before!r} -> {after!r}"
    nav = probe.page.locator('[data-testid="stSidebarNav"]')
    assert nav.get_by_text(english, exact=True).count() == 1, f"no {english!r} in the navigation"


@interaction("panoramica")
def language_stays_chosen_on_reload_and_page_change(probe: Probe, tmp_path: Path) -> None:
    """English is kept in the URL (?lang=en): a reload, or another page, stays English."""
    page = probe.page
    probe.sidebar().get_by_text("English", exact=True).click()
    page.wait_for_url("**lang=en**", timeout=30_000)
    probe.wait_idle()
    page.reload(wait_until="domcontentloaded")
    probe.wait_rendered()
    assert title("page_panoramica", "en") in probe.h1(), probe.h1()
    page.locator('[data-testid="stSidebarNav"]').get_by_text(title("page_dati", "en"), exact=True).click()
    page.wait_for_function("() => location.pathname.endsWith('/dati')", timeout=30_000)
    probe.wait_idle()
    assert "lang=en" in page.url, page.url
    probe.route = "dati"  # Streamlit's own base-path probes of /dati are not the app's errors
    page.reload(wait_until="domcontentloaded")
    probe.wait_rendered()
    assert title("page_dati", "en") in probe.h1(), probe.h1()
    probe.sidebar().get_by_text("Italiano", exact=True).click()
    page.wait_for_function("() => !location.search.includes('lang=')", timeout=30_000)
    probe.wait_idle()


# -- Tavolo -------------------------------------------------------------------------------
def _open_tab(probe: Probe, key: str) -> None:
    probe.main().get_by_role("tab", name=title(key, "it"), exact=True).click()
    probe.wait_idle()


def _tab_selected(probe: Probe, key: str) -> bool:
    tab = probe.main().get_by_role("tab", name=title(key, "it"), exact=True)
    return tab.get_attribute("aria-selected") == "true"


def _alerts(probe: Probe, kind: str) -> str:
    return " ".join(probe.main().locator(f'[data-testid="stAlertContent{kind}"]').all_inner_texts())


@interaction("il_tavolo")
def action_form_keeps_the_tab_and_empties_the_box(probe: Probe, tmp_path: Path) -> None:
    _open_tab(probe, "tav_tab_actions")
    box = probe.main().get_by_label(title("tav_action_text", "it"))
    box.fill("Verificare le cantine di via Novara (prova del browser)")
    probe.main().get_by_role("button", name=title("tav_add_button", "it")).click()
    probe.main().locator('[data-testid="stAlertContentSuccess"]').wait_for(timeout=60_000)
    probe.wait_idle()
    assert _tab_selected(probe, "tav_tab_actions"), "the page left the Azioni tab"
    assert "scheda=azioni" in probe.page.url
    assert "Azione aggiunta" in _alerts(probe, "Success")
    assert probe.main().get_by_label(title("tav_action_text", "it")).input_value() == ""
    # a second click adds nothing and says why, in words for people
    probe.main().get_by_role("button", name=title("tav_add_button", "it")).click()
    probe.main().locator('[data-testid="stAlertContentError"]').wait_for(timeout=60_000)
    probe.wait_idle()
    error = _alerts(probe, "Error")
    assert "Scrivi la descrizione dell'azione" in error and "colonna" not in error and "file " not in error
    assert _tab_selected(probe, "tav_tab_actions")


@interaction("il_tavolo")
def a_decision_is_recorded_on_its_tab(probe: Probe, tmp_path: Path) -> None:
    _open_tab(probe, "tav_tab_decisions")
    text = "Affidare il censimento delle cantine a un gruppo congiunto (prova del browser)"
    probe.main().get_by_label(title("tav_dec_text", "it")).fill(text)
    probe.main().get_by_role("button", name=title("tav_dec_button", "it")).click()
    probe.main().locator('[data-testid="stAlertContentSuccess"]').wait_for(timeout=60_000)
    probe.wait_idle()
    assert "Decisione registrata" in _alerts(probe, "Success")
    assert _tab_selected(probe, "tav_tab_decisions") and "scheda=decisioni" in probe.page.url
    assert probe.main().get_by_label(title("tav_dec_text", "it")).input_value() == ""
    probe.page.reload(wait_until="domcontentloaded")  # the URL keeps the tab
    probe.wait_rendered()
    assert _tab_selected(probe, "tav_tab_decisions")


# -- Dati -------------------------------------------------------------------------------
UPLOAD_INPUT = '[data-testid="stFileUploaderDropzoneInput"]'


def grid_rows(probe: Probe, index: int = 0) -> list[list[str]]:
    """The rows of the index-th st.dataframe in the main area, read from the accessible
    table the data grid keeps beside its canvas (only the rows in view)."""
    grid = probe.main().locator('[data-testid="stDataFrame"]').nth(index)
    grid.locator("table tr").nth(1).wait_for(state="attached", timeout=30_000)  # drawn late
    return grid.locator("table tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.querySelectorAll('th,td')).map(c => c.innerText.trim()))")


def flats_with_negative_surface(folder: Path, data_row: int = 2) -> tuple[Path, int]:
    """data/flats.csv with surface_m2 = -42 on one data row; returns the file and the row
    number the app should report (the line in the file, the header being line 1)."""
    with open(ROOT / "data" / "flats.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    rows[1 + data_row][rows[0].index("surface_m2")] = "-42"
    path = folder / "flats.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path, data_row + 2


@interaction("dati")
def upload_with_error_shows_file_row_column(probe: Probe, tmp_path: Path) -> None:
    path, line = flats_with_negative_surface(tmp_path)
    probe.page.locator(UPLOAD_INPUT).set_input_files(str(path))
    probe.main().locator('[data-testid="stAlertContentError"]').wait_for(timeout=60_000)
    probe.wait_idle()
    rows = grid_rows(probe)
    body = rows[1:]  # rows[0] is the header
    assert body, f"empty error table: {rows}"
    hits = [r for r in body if "flats.csv" in r and str(line) in r and "surface_m2" in r]
    assert hits, f"no row naming flats.csv, row {line}, surface_m2 in {rows}"
    assert "-42" in hits[0], f"the wrong value is not shown: {hits[0]}"
    assert probe.main().locator('[data-testid="stAlertContentSuccess"]').count() == 0
    assert probe.main().get_by_role("button", name=title("load", "it"), exact=True).count() == 0


@interaction("dati")
def upload_nothing_changes_nothing(probe: Probe, tmp_path: Path) -> None:
    before = probe.main().inner_text()
    probe.page.locator(UPLOAD_INPUT).set_input_files([])
    probe.page.wait_for_timeout(1000)  # a rerun, if any, would start within this
    probe.wait_idle()
    main = probe.main()
    assert main.locator('[data-testid="stAlertContentError"]').count() == 0
    assert main.locator('[data-testid="stAlertContentSuccess"]').count() == 0
    assert main.inner_text() == before


# -- the test -----------------------------------------------------------------------------
def _cases():
    pages = {p.url_path: p for p in discover_pages()}
    for item in INTERACTIONS:
        targets = pages.values() if "*" in item.routes else [pages[r] for r in item.routes if r in pages]
        for page in targets:
            yield pytest.param(item, page, id=f"{page.url_path}-{item.name}")


@pytest.mark.parametrize(("item", "app_page_"), list(_cases()))
def test_interaction(item: Interaction, app_page_: AppPage, visit, tmp_path):
    probe = visit(app_page_.route)
    item.run(probe, tmp_path)
    probe.assert_healthy()
