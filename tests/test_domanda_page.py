"""AppTest of the Domanda e offerta page on the shipped data: the annual plan tab says what
each quota requires, allows and chooses, for the next plan year; a rione filter leaves the
city-wide figure labelled as such; the works table says what it leaves out."""

import pytest
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from tavolo import i18n, paths

APP = str(paths.ROOT / "app.py")
PAGE = "pages/domanda_offerta.py"


@pytest.fixture
def page(demo_db_url, isolated_settings, monkeypatch):
    monkeypatch.setenv("TAVOLO_DATABASE_URL", demo_db_url)
    st.cache_data.clear()
    st.cache_resource.clear()

    def open_(tab: str | None = None, rione: str | None = None) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=90)
        at.switch_page(PAGE)
        if tab:
            at.session_state["dem_tab"] = i18n.t(tab, "it")
        if rione:
            at.query_params["rione"] = rione
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    yield open_
    st.cache_data.clear()
    st.cache_resource.clear()
    PagesManager.uses_pages_directory = None


def captions(at) -> str:
    return "\n".join(str(c.value) for c in at.caption)


def test_plan_tab_shows_required_allowed_chosen_for_the_next_year(page):
    at = page("dem_tab_plan")
    assert at.number_input(key="plan_year").value == 2027  # data as of 31/10/2026
    assert at.number_input(key="plan_poverty_2027_74").value == 16  # required, rounded up
    for quota in ("art14", "police", "transitional", "local_extra"):
        assert at.number_input(key=f"plan_{quota}_2027_74").value == 0  # caps are maxima
    table = next(d.value for d in at.dataframe if {"Consentiti (max)", "Regola"} <= set(d.value.columns))
    rows = table.set_index("Quota")
    assert rows.loc["Indigenti (art. 13)", ["Dovuti", "Consentiti (max)", "Scelti"]].tolist() == ["16", "–", "16"]
    assert rows.loc["Categoria locale aggiuntiva", "Consentiti (max)"] == \
        "14 (soglia unica con Categorie art. 14)"
    assert rows.loc["Servizi abitativi transitori", "Regola"] == "L.R. 16/2016 art. 23 c. 13"
    text = captions(at)
    assert "Fuori dalla base delle quote (non SAP)" in text
    assert "Alloggi SAP sfitti e assegnabili oggi (41): contati nel 2026" in text
    assert "Alloggi assegnati nell'anno precedente (2026): 5" in text


def test_a_rione_filter_keeps_the_city_wide_figure_labelled(page):
    at = page(rione="mazzafame")
    metrics = {m.label: m.value for m in at.metric}
    assert "Anni per esaurire la graduatoria di oggi · intero comune" in metrics
    city = {m.label: m.value for m in page().metric}
    assert metrics["Anni per esaurire la graduatoria di oggi · intero comune"] == \
        city["Anni per esaurire la graduatoria di oggi"]
    assert int(metrics["Famiglie in graduatoria"]) < int(city["Famiglie in graduatoria"])
    assert "nuove domande ammesse l'anno" in captions(at)


def test_supply_tab_says_which_vacant_flats_it_counts(page):
    at = page("dem_tab_supply")
    text = captions(at)
    assert "Altri 49 sfitti da ristrutturare sono alloggi dei programmi" in text
    assert "la Panoramica li conta insieme, 140" in text


@pytest.mark.parametrize("tab", ["dem_tab_demand", "dem_tab_match", "dem_tab_scenarios"])
def test_every_tab_runs(page, tab):
    at = page(tab)
    if tab == "dem_tab_scenarios":
        text = captions(at)
        assert "Le famiglie di oggi sono quelle ammesse e in graduatoria" in text
        assert "nuove domande ammesse all'anno" in text
