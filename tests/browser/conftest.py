"""End-to-end fixtures: a real `streamlit run` server and headless Chromium (issue 7).

- `app_server` (session): `streamlit run app.py` on 127.0.0.1, on the first free port of
  8601-8620, with a fresh SQLite store in a temporary folder (the app fills it from
  `data/` on first start), `TAVOLO_OFFLINE=1` and an empty settings file; stopped at the
  end by killing its process group.
- `browser` (session): Playwright's Chromium from Debian (`/usr/bin/chromium`, never
  `playwright install`). Missing: the browser tests are SKIPPED, except under `CI=true`
  where they FAIL (a skip would hide a missing install step in `.ci/run`).
- `visit` (function): `visit(route)` opens a page in a fresh browser context (tall
  viewport, since Streamlit scrolls an inner container) and returns a `browser_kit.Probe`
  that has recorded every request, console message and page error since the page opened.
- `app_page` (parameter): one per entry of `ui.pages.PAGES` (the registry app.py uses), so a page
  is covered the day it is registered.

The helpers live in `browser_kit.py` (shared with bench/run.py). Accessibility findings
are collected in `browser_kit.AXE_FINDINGS` and printed at the end of the run.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from browser_kit import (AXE_FINDINGS, CHROMIUM, CHROMIUM_ARGS, ROOT, VIEWPORT, Probe,
                         discover_pages, in_ci, start_server)


def skip_or_fail(reason: str):
    if in_ci():
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


def pytest_generate_tests(metafunc):
    if "app_page" in metafunc.fixturenames:
        pages = discover_pages()
        metafunc.parametrize("app_page", pages, ids=[p.url_path for p in pages])


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        skip_or_fail(f"{CHROMIUM} not found: install the Debian package chromium "
                     "(apt-get install chromium; never `playwright install`)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("playwright is not installed (pip install -r requirements-dev.txt)")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def app_server(browser, tmp_path_factory):
    # Depends on `browser`: without Chromium the server is not even started.
    if not (ROOT / "static" / "vendor").is_dir():  # `make test` does this; a bare pytest may not
        subprocess.run([sys.executable, "-m", "tavolo", "assets"], cwd=ROOT, check=True,
                       capture_output=True)
    try:
        server = start_server(tmp_path_factory.mktemp("browser-app"))
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def visit(app_server, browser):
    """``visit(route)`` opens ``http://127.0.0.1:PORT/<route>`` in a fresh context and, by
    default, waits until the page has its h1 and the script has stopped running."""
    contexts = []

    def _visit(route: str, wait: bool = True) -> Probe:
        context = browser.new_context(viewport=VIEWPORT, locale="it-IT", accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        probe = Probe(page, app_server, route.strip("/"))
        probe.listen()
        page.goto(f"{app_server.base}/{probe.route}", wait_until="domcontentloaded")
        if wait:
            probe.wait_rendered()
        return probe

    yield _visit
    for context in contexts:
        context.close()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not AXE_FINDINGS:
        return
    terminalreporter.write_sep("=", "axe-core accessibility violations (critical fail, the rest reported)")
    for f in AXE_FINDINGS:
        terminalreporter.write_line(f"/{f['page']}: {f['impact']} {f['id']} ({len(f['nodes'])} "
                                    f"element(s)): {f['help']}")
        for target in f["nodes"][:5]:
            terminalreporter.write_line(f"    {target}")
