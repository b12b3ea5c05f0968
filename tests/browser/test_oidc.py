"""Sign-in with the identity provider (st.login, OpenID Connect) in a real browser, against
a real OIDC server on loopback (oidc-provider-mock, started here): a person with an account
signs in and is credited by name; someone without an account is refused."""

from __future__ import annotations

import os

import pytest

from browser_kit import VIEWPORT, free_port, start_server

pytestmark = pytest.mark.browser
oidc_provider_mock = pytest.importorskip("oidc_provider_mock", reason="pip install -r requirements-dev.txt")
pytest.importorskip("authlib", reason="st.login needs Authlib (requirements.txt)")
FORM_TITLE = "Accesso a Tavolo Casa"
LUCIA = "lucia@comune.legnano.mi.it"


@pytest.fixture(scope="module")
def provider():
    user = oidc_provider_mock.User(sub="lucia", claims={"email": LUCIA, "name": "Lucia"})
    with oidc_provider_mock.run_server_in_thread(port=0, user_claims=[user]) as server:
        yield f"http://127.0.0.1:{server.server_port}"


@pytest.fixture(scope="module")
def server(browser, provider, tmp_path_factory, make_admin):
    from tavolo import auth
    from tavolo.store import open_store

    folder = tmp_path_factory.mktemp("oidc-app")
    url = f"sqlite:///{folder / 'tavolo.sqlite'}"
    store = open_store(url)
    admin = make_admin(store, "anna", "Anna Rossi")
    auth.add_user(store, LUCIA, "editor", None, display_name="Lucia Bianchi", email=LUCIA, by=admin)
    store.dispose()
    port = free_port()
    home = folder / "home"  # Streamlit reads ~/.streamlit/secrets.toml: a home of its own
    (home / ".streamlit").mkdir(parents=True)
    (home / ".streamlit" / "secrets.toml").write_text(f"""[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "test-only-cookie-secret-0123456789abcdef"
client_id = "tavolo-casa"
client_secret = "test-only-client-secret"
server_metadata_url = "{provider}/.well-known/openid-configuration"
""", encoding="utf-8")
    saved = os.environ.get("HOME")
    os.environ["HOME"] = str(home)
    try:
        running = start_server(folder, port=port, database_url=url)
    finally:
        if saved is None:
            os.environ.pop("HOME", None)
        else:
            os.environ["HOME"] = saved
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport=VIEWPORT, locale="it-IT")
    # The mock's pages link a stylesheet on a CDN: offline here, and harmless to drop.
    context.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url
                  else route.abort())
    tab = context.new_page()
    tab.set_default_timeout(120_000)
    yield tab
    context.close()


def _idle(page):
    page.wait_for_function("""() => {
        const app = document.querySelector('[data-testid="stApp"]');
        return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
            && !document.querySelector('[data-testid="stStatusWidget"]'); }""")
    page.wait_for_timeout(400)


def _login(page, server, sub):
    page.goto(f"{server.base}/", wait_until="domcontentloaded")
    page.wait_for_selector("h1")
    _idle(page)
    assert FORM_TITLE in page.locator("h1").first.inner_text()
    page.get_by_role("button", name="Accedi con l'account dell'ente").click()
    page.wait_for_selector("input[name=sub]")
    page.fill("input[name=sub]", sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{server.base}/**")
    page.wait_for_selector("h1")
    _idle(page)


def test_a_person_with_an_account_signs_in_with_the_provider(page, server):
    _login(page, server, "lucia")
    assert FORM_TITLE not in page.locator("h1").first.inner_text()
    assert "Lucia Bianchi" in page.locator('[data-testid="stSidebar"]').inner_text()
    from tavolo import auth
    from tavolo.store import Store

    store = Store(f"sqlite:///{server.database}")
    try:
        events = auth.events(store)
        assert events.iloc[0][["user_name", "event", "detail"]].tolist() == [LUCIA, "sign_in", "oidc"]
    finally:
        store.dispose()


def test_someone_without_an_account_is_refused(page, server):
    _login(page, server, "estraneo")
    assert FORM_TITLE in page.locator("h1").first.inner_text()
    assert "non ha un account attivo" in page.locator('[data-testid="stMain"]').inner_text()
