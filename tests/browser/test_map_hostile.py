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


@pytest.mark.browser
def test_building_and_maintenance_cards_show_hostile_text_as_text(browser, demo_frames, tmp_path):
    """A building with open maintenance items, named like a script: its card (with the
    items) and the maintenance-priority marker's card show the name as text."""
    frames = hostile_frames(demo_frames)
    target = frames["maintenance_items"].query("status != 'done'")["building_id"].iloc[0]
    buildings = frames["buildings"].copy()
    buildings.loc[buildings["building_id"] == target, "name"] = HOSTILE
    buildings.loc[buildings["building_id"] == target, "address"] = HOSTILE
    frames["buildings"] = buildings
    path = tmp_path / "hostile_cards.html"
    path.write_text(maps.standalone_html(frames, offline=True,
                                         layers=("rioni", "buildings", "maintenance")),
                    encoding="utf-8")
    dialogs = []
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
               else r.abort())
    page.goto(path.as_uri())
    page.wait_for_selector(".leaflet-marker-icon .tv-maint", timeout=15000)
    # the building's card, as its popup writes it (the marker sits in a cluster)
    texts = [page.evaluate("""(id) => {
        const map = Object.values(window).find(v => v instanceof L.Map);
        let html = null;
        const find = l => {
          if (l.feature && l.feature.properties.k === 'b' && l.feature.properties.id === id) {
            html = window.tavolo.card(l.feature.properties);
          }
          if (l.eachLayer) { l.eachLayer(find); }
        };
        map.eachLayer(find);
        const div = document.createElement('div');
        div.id = 'card-under-test';
        div.innerHTML = html;
        document.body.appendChild(div);
        return div.innerText;
    }""", target)]
    # the maintenance marker's popup
    page.evaluate("""(id) => {
        const map = Object.values(window).find(v => v instanceof L.Map);
        const open = l => {
          if (l.feature && l.feature.properties.k === 'm' && l.feature.properties.id === id) {
            l.openPopup();
          }
          if (l.eachLayer) { l.eachLayer(open); }
        };
        map.eachLayer(open);
    }""", target)
    page.wait_for_selector(".leaflet-popup-content", timeout=5000)
    texts.append(page.inner_text(".leaflet-popup-content"))
    body = page.evaluate("document.body.innerHTML")
    context.close()
    assert all(HOSTILE in text for text in texts), texts
    assert "Manutenzione, interventi aperti" in texts[0]
    assert not dialogs
    assert "<script>alert(1)</script>" not in body
