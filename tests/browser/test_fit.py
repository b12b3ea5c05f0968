"""Screens that fit (issue 12): every meeting screen of the registry at 1920x1080 and
1280x720 without scrolling (the page's scroll height within the window), and Progetti at
1600x1000 with what a councillor asks first (where, how late, how much, the next
milestone) in the first screen and the rest in tabs, not 4,667 px of page.

Its own server, with every registered meeting screen in the sequence.
"""

from __future__ import annotations

import json
import time

import pytest

from browser_kit import Probe, start_server, title

pytestmark = pytest.mark.browser

MEETING_VIEWPORTS = [(1920, 1080), (1280, 720)]
PROGETTI_VIEWPORT = {"width": 1600, "height": 1000}
PROGETTI_MAX_PX = 2400  # 4,667 before the sections went into tabs
SCROLL_JS = """() => { const m = document.querySelector('[data-testid="stMain"]');
  return Math.max(document.documentElement.scrollHeight, m ? m.scrollHeight : 0); }"""


def _names():
    from tavolo import meeting_screens

    return meeting_screens.NAMES


@pytest.fixture(scope="module")
def fit_server(browser, tmp_path_factory):
    import os

    before = os.environ.get("TAVOLO_MEETING_SEQUENCE")
    os.environ["TAVOLO_MEETING_SEQUENCE"] = json.dumps(_names())
    try:
        server = start_server(tmp_path_factory.mktemp("fit"))
    finally:
        if before is None:
            os.environ.pop("TAVOLO_MEETING_SEQUENCE", None)
        else:
            os.environ["TAVOLO_MEETING_SEQUENCE"] = before
    try:
        yield server
    finally:
        server.stop()


def _open(browser, server, viewport, route):
    context = browser.new_context(viewport=viewport, locale="it-IT")
    page = context.new_page()
    probe = Probe(page, server, route.split("?")[0].strip("/"))
    probe.listen()
    page.goto(f"{server.base}/{route}", wait_until="domcontentloaded")
    probe.wait_rendered()
    return context, probe


def _settled_height(page) -> int:
    """The scroll height once the charts have taken their size (two equal readings)."""
    last = -1
    for _ in range(20):
        height = page.evaluate(SCROLL_JS)
        if height == last:
            return height
        last = height
        time.sleep(0.3)
    return last


@pytest.mark.parametrize("width, height", MEETING_VIEWPORTS, ids=[f"{w}x{h}" for w, h in MEETING_VIEWPORTS])
def test_every_meeting_screen_fits_without_scrolling(browser, fit_server, width, height):
    from tavolo import meeting

    context, probe = _open(browser, fit_server, {"width": width, "height": height}, "?riunione=1&schermata=1")
    try:
        over = {}
        for n, name in enumerate(_names(), start=1):
            if n > 1:  # the clicker's key, as in a meeting
                probe.page.keyboard.press("ArrowRight")
                probe.page.wait_for_function(
                    f"() => document.body.innerText.includes('{n} / {len(_names())}')", timeout=60_000)
                probe.wait_idle()
            assert meeting.title(name, "it") in probe.page.inner_text("body"), name
            scroll = _settled_height(probe.page)
            if scroll > height:
                over[name] = scroll - height
            probe.screenshot(f"meeting_{width}x{height}_{n}_{name}")
        assert not over, f"screens taller than {width}x{height} by (px): {over}"
        probe.assert_healthy()
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["it", "en"])
def test_progetti_answers_first_and_keeps_the_rest_in_tabs(browser, fit_server, lang):
    context, probe = _open(browser, fit_server, PROGETTI_VIEWPORT, f"progetti?lang={lang}")
    try:
        page = probe.page
        main = probe.main()
        # first screen: the four figures, the forecast and the next milestone, the phases
        fold = PROGETTI_VIEWPORT["height"]
        metrics = main.locator('[data-testid="stMetric"]')
        assert metrics.count() == 4
        assert all(metrics.nth(i).bounding_box()["y"] + metrics.nth(i).bounding_box()["height"] < fold
                   for i in range(4))
        forecast = main.locator('[data-testid="stAlertContainer"]').filter(has_text=title("prog_next", lang)[:12].strip("*"))
        assert forecast.count() >= 1
        box = forecast.first.bounding_box()
        assert box["y"] + box["height"] < fold, box
        # the sections are tabs, one drawn at a time
        for key in ("prog_time", "prog_money", "prog_section_flats", "prog_allocation"):
            assert page.get_by_role("tab", name=title(key, lang)).count() >= 1, key
        height = _settled_height(page)
        assert height <= PROGETTI_MAX_PX, f"Progetti is {height} px long at 1600x1000"
        probe.screenshot(f"progetti_1600x1000_{lang}")
        # a section opens on click, with its chart
        page.get_by_role("tab", name=title("prog_money", lang)).first.click()
        page.wait_for_function("() => document.querySelectorAll('.st-key-chart_money_carlo_porta .main-svg').length"
                               " || document.querySelectorAll('[class*=\"st-key-chart_money_\"] .main-svg').length",
                               timeout=60_000)
        probe.assert_healthy()
    finally:
        context.close()
