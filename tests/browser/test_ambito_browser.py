"""The comune chooser and the Ambito page in headless Chromium, on the shipped demo (22
comuni): the page renders clean in Italian and English
with no critical axe violation; choosing a comune in the sidebar writes ?comune= to the
address bar, and the choice survives a move to another page, which says it shows Legnano
only. Screenshots at 1600x1000 in screenshots/ambito_*.png."""

from __future__ import annotations

import pytest

from browser_kit import Probe
from test_pages import FAIL_IMPACTS, run_axe

pytestmark = pytest.mark.browser
VIEWPORT = {"width": 1600, "height": 1000}  # a projector's, for the screenshots
A, B = "015007", "015019"  # Arconate, Bernate Ticino


@pytest.fixture
def open_(app_server, browser):
    contexts = []

    def _open(route: str) -> Probe:
        context = browser.new_context(viewport=VIEWPORT, locale="it-IT")
        contexts.append(context)
        page = context.new_page()
        probe = Probe(page, app_server, route.split("?")[0].strip("/"))
        probe.listen()
        page.goto(f"{app_server.base}/{route}", wait_until="domcontentloaded")
        probe.wait_rendered()
        return probe

    yield _open
    for context in contexts:
        context.close()


def _clean(probe: Probe) -> None:
    probe.assert_healthy()
    critical = [f"{v['id']}: {v['help']}" for v in run_axe(probe) if v["impact"] in FAIL_IMPACTS]
    assert not critical, critical


@pytest.mark.parametrize("lang, heading", [("it", "Ambito: i comuni a confronto"),
                                           ("en", "Ambito: the comuni side by side")])
def test_the_ambito_page_renders_clean(open_, lang, heading):
    probe = open_(f"ambito?comune={A}&lang={lang}")
    assert heading in probe.h1()
    assert probe.main().get_by_text("Dati dimostrativi").first.is_visible()
    chooser = probe.sidebar().locator(".st-key-comune input")
    assert chooser.input_value() == "Arconate"  # the URL's choice
    assert probe.main().locator('[data-testid="stPlotlyChart"]').count() >= 1
    probe.page.wait_for_timeout(800)  # the charts' drawing
    probe.screenshot(f"ambito_{lang}")
    _clean(probe)


def test_the_chosen_comune_goes_into_the_url_and_follows_to_another_page(open_):
    probe = open_("")  # the default page, Panoramica, is served at the root
    probe.sidebar().locator(".st-key-comune input").click()
    probe.page.get_by_role("option", name="Bernate Ticino").click()
    probe.wait_idle()
    probe.page.wait_for_url(f"**comune={B}**")
    assert probe.main().get_by_text("Dati di: Bernate Ticino").first.is_visible()
    probe.sidebar().locator('[data-testid="stSidebarNav"] a[href$="/progetti"]').click()
    probe.page.wait_for_url("**/progetti**")
    probe.wait_idle()
    probe.page.wait_for_url(f"**comune={B}**")
    assert probe.main().get_by_text("programmi di questa pagina sono quelli di Legnano").first.is_visible()
    probe.screenshot("ambito_progetti_bernate")
    probe.assert_healthy()
