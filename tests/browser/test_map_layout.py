"""The map shows what it draws (issue 12), in a real browser: the title and legend boxes
stay off every rione, a click on a rione's label anchor reaches the rione (no box catches
it), no two rione labels overlap at any zoom, and the scale bar is metric only."""

from __future__ import annotations

import itertools

import pytest

from tavolo import maps

MAP_JS = "Object.values(window).find(v => v instanceof L.Map)"


def _open(browser, tmp_path, html: str, width: int, height: int):
    path = tmp_path / f"map_{width}x{height}.html"
    path.write_text(html, encoding="utf-8")
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
               else r.abort())
    page.goto(path.as_uri())
    page.wait_for_selector(".tv-label", timeout=20000)
    return context, page


def _boxes(page, selector: str) -> list[dict]:
    return page.evaluate("""(sel) => Array.from(document.querySelectorAll(sel)).map(e => {
        const r = e.getBoundingClientRect();
        return {x0: r.left, y0: r.top, x1: r.right, y1: r.bottom, text: e.textContent};
    })""", selector)


def _overlap(a, b) -> bool:
    return a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]


@pytest.mark.browser
@pytest.mark.parametrize("size", [(1050, 640), (1600, 1000), (700, 480)])
def test_title_and_legend_leave_the_rioni_free(browser, demo_frames, tmp_path, size):
    html = maps.standalone_html(demo_frames, offline=True, collapsed=True)
    context, page = _open(browser, tmp_path, html, *size)
    try:
        rioni = _boxes(page, "path.leaflet-interactive")
        assert len(rioni) == 10
        controls = _boxes(page, ".tv-box") + _boxes(page, ".leaflet-control-layers")
        assert len(controls) == 3
        for box in controls:
            for rione in rioni:
                assert not _overlap(box, rione), (box["text"][:40], rione)
        scale = page.inner_text(".leaflet-control-scale")
        assert ("m" in scale or "km" in scale) and "ft" not in scale and "mi" not in scale
    finally:
        context.close()


@pytest.mark.browser
def test_a_click_at_each_rione_reaches_the_rione(browser, demo_frames, tmp_path):
    html = maps.standalone_html(demo_frames, offline=True, collapsed=True,
                                layers=("rioni", "boundary"))
    context, page = _open(browser, tmp_path, html, 1050, 640)
    try:
        anchors = page.evaluate("""() => {
            const map = %s, box = map.getContainer().getBoundingClientRect();
            return (window.tavolo.lastLabels || []).map(a => {
              const p = map.latLngToContainerPoint([a[1], a[2]]);
              const el = document.elementFromPoint(box.left + p.x, box.top + p.y);
              return [a[0], el && el.tagName.toLowerCase(), el && (el.getAttribute('class') || '')];
            });
        }""" % MAP_JS)
        assert len(anchors) == 10
        for text, tag, cls in anchors:
            assert tag == "path" and "leaflet-interactive" in cls, (text, tag, cls)
    finally:
        context.close()


@pytest.mark.browser
def test_rione_labels_never_overlap(browser, demo_frames, tmp_path):
    html = maps.standalone_html(demo_frames, offline=True, collapsed=True)
    context, page = _open(browser, tmp_path, html, 1050, 640)
    try:
        for zoom in (12, 12.5, 13, 13.5, 14, 15):
            page.evaluate(f"() => {MAP_JS}.setZoom({zoom}, {{animate: false}})")
            page.wait_for_timeout(150)
            labels = _boxes(page, ".tv-label")
            assert len(labels) == 10, zoom
            for a, b in itertools.combinations(labels, 2):
                assert not _overlap(a, b), (zoom, a["text"], b["text"])
    finally:
        context.close()
