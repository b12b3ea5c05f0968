"""Every page of ui.pages.PAGES in headless Chromium: it renders without an exception, a
console error or a request outside the app (offline mode), says "Dati dimostrativi", gets
a screenshot in screenshots/, and has no critical axe-core violation."""

from __future__ import annotations

import pytest

from browser_kit import AXE_FINDINGS, AppPage, Probe, title

pytestmark = pytest.mark.browser

AXE_OPTIONS = {"resultTypes": ["violations"]}
FAIL_IMPACTS = {"critical"}  # "serious" and below are reported at the end of the run


def run_axe(probe: Probe) -> list[dict]:
    """axe-core (axe-playwright-python) on the whole document, component frames included
    (axe is injected into every frame first, so that the top-level run reaches into them);
    violations as dicts."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    for frame in probe.page.frames[1:]:
        try:
            frame.evaluate(axe.axe_script)
        except Exception:  # noqa: BLE001 - a frame gone or not scriptable: axe reports it
            pass
    results = axe.run(probe.page, options=AXE_OPTIONS)
    return results.response["violations"]


def test_page_renders_clean(app_page: AppPage, visit):
    probe = visit(app_page.route)
    heading = probe.h1()
    assert title(app_page.title_key, "it") in heading, f"h1 {heading!r} on /{app_page.route}"

    probe.assert_healthy()

    banner = probe.main().get_by_text("Dati dimostrativi")
    assert banner.count() and banner.first.is_visible(), "no visible 'Dati dimostrativi' banner"

    probe.screenshot(app_page.url_path)

    violations = run_axe(probe)
    for v in violations:
        AXE_FINDINGS.append({"page": app_page.url_path, "id": v["id"], "impact": v["impact"],
                             "help": v["help"],
                             "nodes": [", ".join(map(str, n["target"])) for n in v["nodes"]]})
    critical = [f"{v['id']}: {v['help']} -> {[n['target'] for n in v['nodes']][:5]}"
                for v in violations if v["impact"] in FAIL_IMPACTS]
    assert not critical, f"critical axe violations on /{app_page.route}:\n" + "\n".join(critical)
