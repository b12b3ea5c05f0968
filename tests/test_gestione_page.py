"""The Gestione page in AppTest: each of its four tabs runs in Italian and English (only
the open tab runs, so each is opened through ``?scheda=``), and the status editor of the
priority list saves through tavolo.edits."""

import pandas as pd
import pytest
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from tavolo import paths

APP = str(paths.ROOT / "app.py")
SLUGS = ["priorita", "segnalazioni", "sfitti", "occupazioni"]


@pytest.fixture
def app_env(demo_db_url, isolated_settings, monkeypatch):
    monkeypatch.setenv("TAVOLO_DATABASE_URL", demo_db_url)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield demo_db_url
    st.cache_data.clear()
    st.cache_resource.clear()
    PagesManager.uses_pages_directory = None


def open_tab(slug: str, lang: str = "it") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["lang"] = lang
    at.query_params["scheda"] = slug
    at.switch_page("pages/gestione.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("lang", ["it", "en"])
def test_every_tab_runs(app_env, slug, lang):
    at = open_tab(slug, lang)
    assert at.session_state["ges_shown"] == slug
    assert len(at.get("plotly_chart")) >= 1
    assert len(at.metric) >= 4


def test_the_vacancies_tab_measures_re_let_cycles(app_env):
    at = open_tab("sfitti")
    labels = [m.label for m in at.metric]
    assert "Cicli conclusi" in labels and "Turnover annuo" in labels
    cycles = next(m for m in at.metric if m.label == "Cicli conclusi")
    assert int(cycles.value.replace(".", "")) > 100
    assert len(at.get("plotly_chart")) >= 2  # vacancies and re-let times


def test_the_inspections_say_who_took_part(app_env):
    at = open_tab("priorita")
    tables = [f.value for f in at.dataframe if "Partecipanti" in f.value.columns]
    assert tables and set(tables[0]["Partecipanti"]) <= {"Comune e ALER", "Solo Comune", "Solo ALER", "–"}


def test_each_tabs_view_is_cached_per_data_version_language_and_settings(app_env, monkeypatch):
    """ui.cache keeps each tab's view model: a rerun draws, it does not count again; a
    setting or the language changes the view."""
    import datetime as dt

    from ui import cache

    as_of = dt.date(2026, 10, 31)
    first = cache.gestione_view("vacancies", as_of, "it", False)
    assert cache.gestione_view("vacancies", as_of, "it", False) is first
    assert first.data["months"] == 3
    assert cache.gestione_view("vacancies", as_of, "en", False) is not first
    monkeypatch.setenv("TAVOLO_RELET_TARGET_MONTHS", "6")
    again = cache.gestione_view("vacancies", as_of, "it", False)
    assert again is not first and again.data["months"] == 6


def test_the_occupations_tab_shows_no_small_count(app_env):
    at = open_tab("occupazioni")
    for frame in at.dataframe:
        data = frame.value
        for col in data.columns[1:]:
            for v in data[col]:
                assert not (isinstance(v, int) and 0 < v < 5), (col, v)
                assert str(v).strip() not in {"1", "2", "3", "4"}, (col, v)
    for m in at.metric:
        assert m.value.strip() not in {"1", "2", "3", "4"}, m.label


@pytest.mark.parametrize("screen, words", [(1, "interventi aperti"), (2, "segnalazioni aperte")])
def test_meeting_screens(app_env, monkeypatch, screen, words):
    monkeypatch.setenv("TAVOLO_MEETING_SEQUENCE", '["priorities", "reports"]')
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["riunione"] = "1"
    at.query_params["schermata"] = str(screen)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    text = "\n".join(str(m.value) for m in at.markdown)
    assert words in text and f"{screen} / 2" in text
    assert len(at.get("plotly_chart")) == 1


def test_status_edit_through_the_page_then_undo(app_env):
    from tavolo import edits, gestione_priorities as gp
    from tavolo.store import Store

    store = Store(app_env)
    try:
        before = store.read("maintenance_items")
        shown = gp.scored(store.read_all())
        pos = int(shown.index[shown["status"] == "proposed"][0])
        item = shown.loc[pos, "item_id"]
        at = open_tab("priorita")
        at.session_state["ges_editor"] = {"edited_rows": {pos: {"status": "approved"}},
                                          "added_rows": [], "deleted_rows": []}
        at.text_input(key="ges_reason_text").input("deciso nella riunione")
        at.button(key="ges_save").click()
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert any("Salvato" in s.value for s in at.success)
        assert store.read("maintenance_items").set_index("item_id").loc[item, "status"] == "approved"
        change_id = int(edits.history(store, "maintenance_items").iloc[0]["change_id"])
        at.button(key=f"ges_undo_{change_id}").click()
        at.run()
        assert not at.exception
        pd.testing.assert_frame_equal(store.read("maintenance_items"), before)
    finally:
        store.dispose()
