"""AppTest smoke test over every page of ui.pages.PAGES, in Italian and English, on a
fresh SQLite store built from data/.

AppTest and the ``pages/`` folder: ``AppTest.run()`` resets ``PagesManager.uses_pages_directory``
to None before every run, so Streamlit finds ``pages/`` and starts in its legacy (MPA v1)
mode, like a fresh server does. After ``switch_page`` (and on any rerun) it then executes
the page file alone, without app.py: no sidebar, no demo banner. The same happens on a real
server to the first request for a deep link such as ``/dati``. Pages guard against it by
calling ``ui.common.ensure_frame()`` first (it leaves legacy mode and reruns through
app.py). These tests run AppTest unpatched, so a page that forgets it loses the banner here
and fails.
"""

from pathlib import Path

import pytest
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from tavolo import i18n, loading, paths
from tavolo.validation import issues_frame
from ui.pages import PAGES as REGISTRY

APP = str(paths.ROOT / "app.py")
TIMEOUT = 60


URLS = {page.path: page.url_path for page in REGISTRY}  # page file -> url path
PAGES = list(URLS)


@pytest.fixture
def app_env(demo_db_url, isolated_settings, monkeypatch):
    """The app on a private copy of the store built from data/, with empty caches."""
    monkeypatch.setenv("TAVOLO_DATABASE_URL", demo_db_url)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield demo_db_url
    st.cache_data.clear()
    st.cache_resource.clear()
    PagesManager.uses_pages_directory = None


def texts_of(at) -> str:
    """Every piece of text AppTest exposes: alerts, markdown, captions, titles, metrics."""
    parts = []
    for kind in ("warning", "info", "error", "success", "markdown", "caption", "title", "header",
                 "subheader"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    return "\n".join(parts)


def open_page(page: str, lang: str | None = None) -> AppTest:
    """An AppTest that has run ``page``. Before the first run AppTest finds a page by its
    file name, so a page whose url path differs is reached from the default page."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if lang:
        at.session_state["lang"] = lang
    if page != PAGES[0] and URLS[page] == Path(page).stem:
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if page != PAGES[0] and URLS[page] != Path(page).stem:
        at.switch_page(page).run()
    return at


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_and_says_demo_data(app_env, page):
    at = open_page(page)
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.main.children) > 1, f"{page} shows nothing but the banner"
    assert "Dati dimostrativi" in [w.value for w in at.warning][0]  # the banner of app.py
    assert "Dati dimostrativi" in texts_of(at) + "".join(str(m.value) for m in at.sidebar.markdown)


def test_panoramica_shows_the_figures_and_keeps_the_frame_on_rerun(app_env):
    at = open_page(PAGES[0])
    values = {m.label: m.value for m in at.metric}
    assert values[i18n.t("flats_total", "it")] == "1.170"  # today's stock: via delle Rose not yet delivered
    assert values[i18n.t("vacancy_rate", "it")] == "15,6%"  # (42 + 140) / 1.170
    assert "+ 59 alloggi nuovi in costruzione" in texts_of(at)
    at.run()  # a rerun of the same page: app.py's sidebar and banner are still there
    assert not at.exception
    assert [w.value for w in at.warning] == [i18n.t("demo_banner", "it")]
    assert at.sidebar.radio[0].value == "it"
    assert {m.label: m.value for m in at.metric} == values


def test_english_from_the_query_string_switches_the_kpi_labels(app_env):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert i18n.t("flats_total", "en") in labels and i18n.t("flats_total", "it") not in labels
    assert i18n.t("vacancy_rate", "en") in labels
    assert {m.label: m.value for m in at.metric}[i18n.t("flats_total", "en")] == "1,170"
    assert [w.value for w in at.warning] == [i18n.t("demo_banner", "en")]
    assert "Dati dimostrativi" in at.warning[0].value
    assert at.session_state["lang"] == "en"


# --------------------------------------------------------------------------------------
# The Dati page's upload path: AppTest cannot upload files, so the logic the page runs on
# the uploaded files (read_uploads, then check_raw against the store) is tested here.
# --------------------------------------------------------------------------------------
def test_upload_path_accepts_good_files(demo_store, demo_frames):
    from tavolo import exports

    apps = demo_frames["applications"].head(30)
    files = [("applications.csv", exports.csv_it(apps)),
             ("riunioni.xlsx", exports.xlsx({"meetings": demo_frames["meetings"]}, [("Fonte", "ufficio")]))]
    raws, issues = loading.read_uploads(files)
    assert issues == [] and set(raws) == {"applications", "meetings"}
    frames, issues = loading.check_raw(raws, demo_store)
    assert issues == []
    assert len(frames["applications"]) == 30


def test_upload_path_reports_errors_as_the_page_shows_them(demo_store, demo_frames):
    from tavolo import exports

    flats = demo_frames["flats"].head(5).copy()
    flats.loc[2, "surface_m2"] = -3.0
    raws, issues = loading.read_uploads([("flats.csv", exports.csv_it(flats)),
                                         ("alloggi.csv", b"a;b\n1;2\n")])
    assert [i.file for i in issues] == ["alloggi.csv"]
    raws, issues = loading.read_uploads([("flats.csv", exports.csv_it(flats))])
    assert issues == []
    _frames, issues = loading.check_raw(raws, demo_store)
    table_it = issues_frame(issues, "it")
    table_en = issues_frame(issues, "en")
    assert table_it.iloc[0].tolist()[:4] == ["flats.csv", 4, "surface_m2", "-3,0"]
    assert "minimo" in table_it.iloc[0]["Regola"] and "minimum" in table_en.iloc[0]["Rule"]
