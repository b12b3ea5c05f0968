"""The Gestione page in headless Chromium: each of its four tabs, opened by a click, renders
without an exception, a console error or a foreign request, draws its charts, gets a
screenshot, and has no critical axe-core violation."""

from __future__ import annotations

import pytest

from browser_kit import title
from test_pages import FAIL_IMPACTS, run_axe

pytestmark = pytest.mark.browser

TABS = ["ges_tab_priorities", "ges_tab_reports", "ges_tab_vacancies", "ges_tab_occupations"]


@pytest.mark.parametrize("tab_key", TABS)
def test_tab_renders_clean(visit, tab_key):
    probe = visit("gestione")
    assert title("page_gestione", "it") in probe.h1()
    tab = probe.main().get_by_role("tab", name=title(tab_key, "it"), exact=True)
    tab.click()
    probe.wait_idle()
    assert tab.get_attribute("aria-selected") == "true"
    probe.main().locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    probe.assert_healthy()
    probe.screenshot(f"gestione_{tab_key}")
    critical = [f"{v['id']}: {v['help']}" for v in run_axe(probe) if v["impact"] in FAIL_IMPACTS]
    assert not critical, f"critical axe violations on the tab {tab_key}:\n" + "\n".join(critical)
    if tab_key == "ges_tab_occupations":
        text = probe.main().inner_text()
        assert "< 5" in text and "Nessun dato personale" in text
