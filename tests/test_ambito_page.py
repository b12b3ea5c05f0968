"""AppTest of the comune chooser and the Ambito page, on the shipped demo (22 comuni): the
chooser is in the sidebar, read from and written to
the URL (?comune=), and every page follows it or says it shows Legnano only; the Ambito
page shows the comuni side by side in Italian and English, with the demo flag."""

import pytest
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from tavolo import i18n, paths

A, B = "015007", "015019"  # Arconate, Bernate Ticino
APP = str(paths.ROOT / "app.py")
PAGE = "pages/ambito.py"
TABS = ("amb_tab_compare", "amb_tab_table", "amb_tab_plan", "amb_tab_map")


@pytest.fixture
def app(demo_db_url, isolated_settings, monkeypatch):
    monkeypatch.setenv("TAVOLO_DATABASE_URL", demo_db_url)
    st.cache_data.clear()
    st.cache_resource.clear()

    def open_(page: str | None = PAGE, comune: str | None = None, lang: str | None = None,
              state: dict | None = None) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=90)
        if page:
            at.switch_page(page)
        if comune:
            at.query_params["comune"] = comune
        if lang:
            at.session_state["lang"] = lang
        for key, value in (state or {}).items():
            at.session_state[key] = value
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    yield open_
    st.cache_data.clear()
    st.cache_resource.clear()
    PagesManager.uses_pages_directory = None


def texts(at) -> str:
    parts = []
    for kind in ("warning", "info", "markdown", "caption", "title", "header", "subheader"):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts + [f"{m.label} {m.value}" for m in at.metric])


def test_the_chooser_is_in_the_sidebar_with_legnano_by_default(app):
    at = app(page=None)
    box = at.sidebar.selectbox(key="comune")
    assert box.value == "015118"
    assert box.options[:3] == ["Legnano", "Arconate", "Bernate Ticino"]
    assert box.options[-1] == "Ambito Altomilanese (22 comuni)" and len(box.options) == 23
    assert "comune" not in at.query_params  # the default keeps the URL short


def test_the_url_chooses_and_the_choice_goes_into_the_url(app):
    at = app(page=None, comune=A)
    assert at.sidebar.selectbox(key="comune").value == A
    assert "Dati di: Arconate" in texts(at)  # Panoramica says whose figures it shows
    at.sidebar.selectbox(key="comune").set_value(B).run()
    assert at.query_params["comune"] in (B, [B])
    at.sidebar.selectbox(key="comune").set_value("015118").run()
    assert "comune" not in at.query_params


def test_a_url_value_that_is_not_a_comune_falls_back_to_legnano(app):
    at = app(page=None, comune="<b>999</b>")
    assert at.sidebar.selectbox(key="comune").value == "015118"


def test_panoramica_counts_the_chosen_comune(app):
    legnano = app(page=None)
    other = app(page=None, comune=A)
    whole = app(page=None, comune="ambito")
    flats = lambda at: int(at.metric[0].value.replace(".", ""))  # noqa: E731
    assert flats(other) < flats(legnano) < flats(whole)
    assert "nessun programma" in texts(other)  # Arconate has no programme in its data
    assert "nessun programma" not in texts(legnano)


@pytest.mark.parametrize("page, says", [
    ("pages/progetti.py", "programmi di questa pagina sono quelli di Legnano"),
    ("pages/il_tavolo.py", "Il tavolo di coordinamento è quello del Comune di Legnano"),
    ("pages/mappa.py", "Questa mappa mostra i rioni di Legnano")])
def test_legnano_only_pages_say_so_for_another_comune(app, page, says):
    assert says not in texts(app(page=page))
    assert says in texts(app(page=page, comune=A))


def test_domanda_follows_the_comune_and_sends_the_ambito_to_its_page(app):
    legnano, other = app(page="pages/domanda_offerta.py"), app(page="pages/domanda_offerta.py", comune=A)
    assert legnano.metric[0].value != other.metric[0].value  # applications waiting differ
    whole = app(page="pages/domanda_offerta.py", comune="ambito")
    assert "comune per comune" in texts(whole)
    assert not whole.metric


def test_gestione_follows_the_comune(app):
    at = app(page="pages/gestione.py", comune=B)
    assert "Dati di: Bernate Ticino" in texts(at)


@pytest.mark.parametrize("lang, tab", [("it", tab) for tab in TABS] + [("en", "amb_tab_compare"),
                                                                      ("en", "amb_tab_plan")])
def test_every_tab_of_the_ambito_page_runs_in_both_languages(app, lang, tab):
    at = app(lang=lang, state={"amb_tab": i18n.t(tab, lang)})
    body = texts(at)
    assert "Dati dimostrativi" in at.warning[0].value
    assert i18n.t("amb_title", lang) in body
    assert "22" in body and "Arconate" in body + "".join(str(d.value) for d in at.dataframe)
    if tab != "amb_tab_map":
        assert at.dataframe, "every chart has its table twin"
    if tab == "amb_tab_compare":
        assert len(at.get("plotly_chart")) == 5


def test_the_ambito_page_highlights_the_chosen_comune(app):
    at = app(comune=A)
    import json

    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert "<b>▶ Arconate</b>" in fig["layout"]["yaxis"]["ticktext"]


def test_the_ambito_meeting_screen(app, monkeypatch):
    import json

    monkeypatch.setenv("TAVOLO_MEETING_SEQUENCE", json.dumps(["ambito", "overview"]))
    at = app(page=None, comune=A, state={"meeting_mode": True})
    body = texts(at)
    assert "22 comuni" in body and "alloggi pubblici" in body
    assert "Dati dimostrativi".upper() in body or "DATI DIMOSTRATIVI" in body.upper()
    assert at.get("plotly_chart"), "the comuni side by side"
