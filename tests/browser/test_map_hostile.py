"""The map's hostile-name escaping, in a real browser (moved here from test_maps.py so it
shares the session's Playwright instance: two sync Playwright sessions cannot coexist)."""

import pytest

from tests.test_maps import HOSTILE, hostile_frames
from tavolo import maps


@pytest.mark.browser
def test_hostile_name_shows_as_text_in_a_browser(browser, demo_frames, tmp_path):
    frames = hostile_frames(demo_frames)
    path = tmp_path / "hostile.html"
    path.write_text(maps.standalone_html(frames, offline=True), encoding="utf-8")
    dialogs, outside = [], []
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    def route(r):
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(path.as_uri())
    page.wait_for_selector(".tv-prog", timeout=15000)
    # open the card of CP114 (a programme site named like a script)
    page.evaluate("""() => {
        Object.values(window).forEach(v => {
          if (v && v.eachLayer && v.toGeoJSON) {
            try { v.eachLayer(l => { if (l.feature && l.feature.properties.k === 'pg'
                   && l.feature.properties.id === 'CP114') { l.openPopup(); } }); } catch (e) {}
          }
        });
    }""")
    page.wait_for_selector(".leaflet-popup-content", timeout=5000)
    text = page.inner_text(".leaflet-popup-content")
    tooltip_html = page.evaluate("document.body.innerHTML")
    context.close()
    assert HOSTILE in text
    assert not dialogs
    assert not outside
    assert "<script>alert(1)</script>" not in tooltip_html
