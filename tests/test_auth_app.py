"""Sign-in and roles in the pages (AppTest): open mode without accounts, the sign-in form on
every page once accounts exist, what each role sees, session expiry, the history tab."""

import datetime as dt

import pytest
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from tavolo import auth, paths
from tavolo.store import Store
from ui import auth as ui_auth

APP = str(paths.ROOT / "app.py")
PASSWORD = "una password lunga"


@pytest.fixture
def app_env(demo_db_url, isolated_settings, monkeypatch):
    monkeypatch.setenv("TAVOLO_DATABASE_URL", demo_db_url)
    st.cache_data.clear()
    st.cache_resource.clear()
    store = Store(demo_db_url)
    yield store
    store.dispose()
    st.cache_data.clear()
    st.cache_resource.clear()
    PagesManager.uses_pages_directory = None


@pytest.fixture
def accounts(app_env):
    admin = auth.add_user(app_env, "anna", "admin", PASSWORD, display_name="Anna Rossi")
    auth.add_user(app_env, "elena", "editor", PASSWORD, display_name="Elena Bianchi", by=admin)
    auth.add_user(app_env, "vito", "viewer", PASSWORD, display_name="Vito Neri", by=admin)
    return app_env


def _texts(at) -> str:
    parts = []
    for kind in ("warning", "info", "error", "success", "markdown", "caption", "title"):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts)


def _open(page=None, token=None, tab=None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if token:
        at.session_state[ui_auth.TOKEN_KEY] = token
    if page:
        at.switch_page(page)
    if tab:
        at.query_params["scheda"] = tab  # a page of tabs runs only the open one
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _as(store, name, page=None, tab=None) -> AppTest:
    person = auth.Person(name, "", "")
    return _open(page, auth.start_session(store, auth.authorize(store, person, "read")), tab)


def test_open_mode_asks_nothing_and_says_so(app_env):
    at = _open()
    assert "nessun accesso richiesto" in " ".join(str(i.value) for i in at.sidebar.info)
    assert not any("Accesso a Tavolo Casa" in str(x.value) for x in at.title)
    assert "Dati dimostrativi" in at.warning[0].value


@pytest.mark.parametrize("page", ["pages/panoramica.py", "pages/dati.py"])
def test_with_accounts_every_page_asks_to_sign_in(accounts, page):
    at = _open(page)
    assert at.title[0].value == "🔐 Accesso a Tavolo Casa"
    assert not at.warning  # nothing of the page, not even its banner
    assert [t.label for t in at.text_input] == ["Nome utente", "Password"]


def test_wrong_then_right_password(accounts):
    at = _open()
    at.text_input(key="auth_name").input("elena")
    at.text_input(key="auth_password").input("sbagliata!!")
    at.button[0].click().run()
    assert "errati" in at.error[0].value
    assert auth.events(accounts).iloc[0]["event"] == "sign_in_failed"
    at.text_input(key="auth_name").input("elena")
    at.text_input(key="auth_password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert at.session_state[ui_auth.PERSON_KEY].display_name == "Elena Bianchi"
    assert "Elena Bianchi" in " ".join(c.value for c in at.sidebar.caption)
    assert "Dati dimostrativi" in at.warning[0].value  # the page runs
    assert auth.events(accounts).iloc[0]["event"] == "sign_in"


def test_a_viewer_sees_no_editor_and_is_told_why(accounts):
    at = _as(accounts, "vito", "pages/il_tavolo.py", "azioni")
    assert "non permette di modificare i dati" in _texts(at)
    at = _as(accounts, "vito", "pages/il_tavolo.py", "decisioni")
    assert "non permette di modificare i dati" in _texts(at)
    assert not [b for b in at.button if "Registra" in str(b.label)]
    assert not [b for b in at.button if "Aggiungi" in str(b.label)]
    at = _as(accounts, "vito", "pages/dati.py")
    assert "non permette di caricare dati" in _texts(at)
    assert not at.get("file_uploader")


def test_an_editor_cannot_load_an_admin_can(accounts):
    at = _as(accounts, "elena", "pages/dati.py")
    assert "serve il ruolo «Amministrazione»" in _texts(at) and not at.get("file_uploader")
    at = _as(accounts, "anna", "pages/dati.py")
    assert len(at.get("file_uploader")) == 1 and "non permette" not in _texts(at)


def test_the_session_expires_and_a_disabled_account_is_out(accounts):
    old = auth.start_session(accounts, auth.Person("elena", "Elena Bianchi", "editor"),
                             now=dt.datetime.now() - dt.timedelta(hours=2))
    at = _open(token=old)
    assert at.title[0].value == "🔐 Accesso a Tavolo Casa"
    assert "Sessione scaduta" in at.error[0].value
    token = auth.start_session(accounts, auth.Person("vito", "Vito Neri", "viewer"))
    auth.disable(accounts, "vito", by=auth.Person("anna", "Anna Rossi", "admin"))
    at = _open(token=token)
    assert at.title[0].value == "🔐 Accesso a Tavolo Casa"


def test_the_history_tab_shows_real_names(accounts):
    from tavolo import edits

    row = accounts.read("actions").iloc[0]
    edits.apply_changes(accounts, "actions", [edits.RowChange(
        "update", {"action_id": row.action_id}, edits.fingerprint(row), {"owner": "Ufficio casa"})],
        reason="riassegnata", person=auth.Person("elena", "", ""))
    at = _as(accounts, "vito", "pages/dati.py")
    [table] = [d.value for d in at.dataframe if "Chi" in d.value.columns]
    assert table.iloc[0]["Chi"] == "Elena Bianchi"
    assert table.iloc[0]["Modifica"].startswith(f"Elena Bianchi ha modificato Azioni {row.action_id}")
    assert not [e for e in at.expander if "solo amministratori" in str(e.label)]  # a viewer
