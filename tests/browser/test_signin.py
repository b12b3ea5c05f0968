"""Sign-in in a real browser, on a server of its own whose store has accounts: every page
asks to sign in; a wrong password is refused; a reload keeps the session (its cookie);
a viewer has no editor, an editor cannot load, an admin can; a disabled account cannot
sign in; an idle session expires."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from browser_kit import VIEWPORT, start_server

pytestmark = pytest.mark.browser
PASSWORD = "una password lunga"
FORM_TITLE = "Accesso a Tavolo Casa"


@pytest.fixture(scope="module")
def server(browser, tmp_path_factory):
    from tavolo import auth
    from tavolo.store import open_store

    folder = tmp_path_factory.mktemp("signin-app")
    url = f"sqlite:///{folder / 'tavolo.sqlite'}"
    store = open_store(url)
    admin = auth.add_user(store, "anna", "admin", PASSWORD, display_name="Anna Rossi")
    auth.add_user(store, "elena", "editor", PASSWORD, display_name="Elena Bianchi", by=admin)
    auth.add_user(store, "vito", "viewer", PASSWORD, display_name="Vito Neri", by=admin)
    auth.add_user(store, "dario", "editor", PASSWORD, display_name="Dario Spento", by=admin)
    auth.disable(store, "dario", by=admin)
    store.dispose()
    running = start_server(folder, database_url=url)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport=VIEWPORT, locale="it-IT")
    tab = context.new_page()
    tab.set_default_timeout(120_000)  # the 2 cores are shared
    yield tab
    context.close()


def _idle(page):
    page.wait_for_function("""() => {
        const app = document.querySelector('[data-testid="stApp"]');
        return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
            && !document.querySelector('[data-testid="stStatusWidget"]'); }""", timeout=120_000)
    page.wait_for_timeout(400)


def _open(page, server, route=""):
    page.goto(f"{server.base}/{route}", wait_until="domcontentloaded")
    page.wait_for_selector("h1", timeout=120_000)
    _idle(page)


def _sign_in(page, name, password=PASSWORD):
    page.get_by_role("textbox", name="Nome utente").fill(name)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Accedi").click()
    page.wait_for_timeout(300)
    _idle(page)


def _main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def test_every_page_asks_then_a_reload_keeps_the_session(page, server):
    _open(page, server, "dati")
    assert FORM_TITLE in page.locator("h1").first.inner_text()
    _sign_in(page, "vito", "sbagliata!!")
    assert "errati" in _main_text(page)
    _sign_in(page, "vito")
    assert FORM_TITLE not in _main_text(page)
    assert "Vito Neri" in page.locator('[data-testid="stSidebar"]').inner_text()
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["tavolo_session"]["sameSite"] == "Strict"
    _open(page, server, "progetti")  # a reload: a new Streamlit session, the cookie brings it back
    assert FORM_TITLE not in _main_text(page)
    page.get_by_text("Aggiorna i dati").first.click()  # the editors' expander, drawn when opened
    page.get_by_text("non permette di modificare i dati").first.wait_for(timeout=20_000)
    assert "non permette di modificare i dati" in _main_text(page)  # a viewer: no editor
    assert page.get_by_role("button", name="Salva").count() == 0
    page.get_by_role("button", name="Esci").click()
    _idle(page)
    _open(page, server, "")
    assert FORM_TITLE in page.locator("h1").first.inner_text()


def test_an_editor_cannot_load_an_admin_can(page, server):
    _open(page, server, "dati")
    _sign_in(page, "elena")
    assert "non permette di caricare dati" in _main_text(page)
    assert page.locator('[data-testid="stFileUploader"]').count() == 0
    page.get_by_role("button", name="Esci").click()
    _idle(page)
    _open(page, server, "dati")
    _sign_in(page, "anna")
    assert "Anna Rossi" in page.locator('[data-testid="stSidebar"]').inner_text()
    page.wait_for_selector('[data-testid="stFileUploader"]')  # drawn once its code has loaded
    assert "non permette di caricare dati" not in _main_text(page)


def test_a_disabled_account_cannot_sign_in(page, server):
    _open(page, server)
    _sign_in(page, "dario")
    assert "disabilitato" in _main_text(page)
    assert FORM_TITLE in page.locator("h1").first.inner_text()


def test_an_idle_session_expires(page, server):
    _open(page, server)
    _sign_in(page, "elena")
    assert FORM_TITLE not in _main_text(page)
    engine = sa.create_engine(f"sqlite:///{server.database}")  # two hours without activity
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE auth_sessions SET last_seen = datetime(last_seen, '-2 hours') "
                             "WHERE user_name = 'elena' AND ended_at IS NULL")
    engine.dispose()
    _open(page, server)
    assert FORM_TITLE in page.locator("h1").first.inner_text()
    assert "Sessione scaduta" in _main_text(page)
