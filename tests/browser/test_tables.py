"""Every table of every page, every tab opened, in headless Chromium at 1600 px: its
content is no wider than its container (no right-hand column cut or scrolled out of
sight), and Streamlit's own "Download as CSV" is not offered in any table's toolbar (the
app's Italian CSV and XLSX are under the table). Tables drawn by ``ui.common.table``
carry a ``st-key-tbl_`` container; the others are named in the failure."""

from __future__ import annotations

import pytest

from browser_kit import AppPage, Probe

pytestmark = pytest.mark.browser

WIDTH = {"width": 1600, "height": 1000}

# Pages whose tables others are redrawing at the same time (the map's rioni table, issue
# 12 "The map hides what it shows"; the Progetti layout): a table there NOT drawn by
# ui.common.table is reported, not failed; its helper tables are checked like any other.
REPORTED_ONLY = {"mappa", "progetti"}

TABLES_JS = """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')]
  .filter(d => d.getClientRects().length && d.getBoundingClientRect().width > 0)
  .map(d => {
    const scroller = d.querySelector('.dvn-scroller');
    const box = d.closest('[class*="st-key-tbl_"]');
    const key = box ? [...box.classList].find(c => c.startsWith('st-key-tbl_')) : null;
    return {key, helper: !!box, content: scroller ? scroller.scrollWidth : 0,
            room: scroller ? scroller.clientWidth : 0,
            header: (d.innerText || '').split('\\n').slice(0, 3).join(' | ')};
  })"""


def _tabs(probe: Probe):
    return probe.page.locator('[data-testid="stMain"] [role="tab"]')


def _check_view(probe: Probe, where: str, problems: list[str], reported: list[str]) -> int:
    page = probe.page
    closed = page.locator('[data-testid="stMain"] [data-testid="stExpander"] details:not([open]) > summary')
    for i in range(closed.count()):  # tables inside expanders too
        if closed.nth(i).is_visible():
            closed.nth(i).click()
    probe.wait_idle()
    frames = page.locator('[data-testid="stDataFrame"]')
    for i in range(frames.count()):  # the toolbar appears on hover
        frame = frames.nth(i)
        if frame.is_visible():
            frame.hover()
            if frame.locator('button[aria-label="Download as CSV"]:visible').count():
                problems.append(f"{where}: Streamlit's 'Download as CSV' in the toolbar of table {i + 1}")
    tables = page.evaluate(TABLES_JS)
    for n, info in enumerate(tables, start=1):
        name = info["key"] or f"table {n} ({info['header'][:60]!r}, not drawn by ui.common.table)"
        if info["content"] > info["room"] + 2:
            line = f"{where}: {name} is {info['content']} px wide in {info['room']} px"
            (reported if probe.route in REPORTED_ONLY and not info["helper"] else problems).append(line)
    return len(tables)


def test_every_table_fits_and_offers_only_the_italian_csv(app_page: AppPage, visit):
    probe = visit(app_page.route)
    probe.page.set_viewport_size(WIDTH)
    probe.wait_idle()
    problems: list[str] = []
    reported: list[str] = []
    seen = _check_view(probe, f"/{app_page.route}", problems, reported)
    tabs = _tabs(probe)
    for i in range(tabs.count()):
        tab = tabs.nth(i)
        if not tab.is_visible():  # a tab bar inside another tab's hidden panel
            continue
        label = tab.inner_text().strip()
        tab.click()
        probe.wait_idle()
        seen += _check_view(probe, f"/{app_page.route} [{label}]", problems, reported)
    probe.assert_healthy()
    for line in reported:
        print("reported, not failed:", line)
    assert not problems, "\n".join(problems)
    if app_page.url_path in {"domanda_offerta", "il_tavolo", "progetti"}:
        assert seen, "no table found: the check looked at nothing"
