"""The Mappa page's map builder (tavolo.maps, tavolo.map_data), its CLI and the page.

Covers: the layers present, no external URL in offline mode, escaping of hostile names
(in the HTML and, when Chromium is installed, in a real browser), the schematic flag,
the server-side aggregation and the HTML size budget, clicks, the CLI and the page (AppTest).
"""

from __future__ import annotations

import html
import json
import re

import folium
import pandas as pd
import pytest

from tavolo import geodata, map_data, map_features, map_model, maps, paths, summary

HOSTILE = "<script>alert(1)</script>"
HOSTILE_ADDRESS = '"><img src=x onerror=alert(2)>'
URL = re.compile(r"https?://", re.IGNORECASE)


def rendered(m: folium.Map) -> str:
    return maps.map_html(m)


def hostile_frames(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    out = dict(frames)
    buildings = frames["buildings"].copy()
    buildings.loc[buildings["building_id"] == "A00003", "name"] = HOSTILE
    buildings.loc[buildings["building_id"] == "A00003", "address"] = HOSTILE_ADDRESS
    buildings.loc[buildings["building_id"] == "CP114", "name"] = HOSTILE
    out["buildings"] = buildings
    offices = frames["offices"].copy()
    offices.loc[offices["office_id"] == "aler_bissolati_5", "name"] = HOSTILE
    out["offices"] = offices
    owners = frames["owners"].copy()
    owners.loc[owners["owner_id"] == "ALER", "name"] = HOSTILE
    out["owners"] = owners
    programmes = frames["programmes"].copy()
    programmes.loc[programmes["programme_id"] == "carlo_porta", "name"] = HOSTILE
    out["programmes"] = programmes
    return out


def layer_data(page: str, call: str) -> list:
    """The JSON arguments of every ``tavolo.<call>(...)`` in a rendered map."""
    found = []
    for match in re.finditer(r"tavolo\." + call + r"\((.*?)\);\n", page):
        args = match.group(1)
        if args.startswith("map_"):
            args = args.split(", ", 1)[1]
        found.append(json.loads(f"[{args}]"))
    return found


# ------------------------------------------------------------------------------- builder


def test_build_map_benchmark_signature(demo_frames):
    m = maps.build_map(demo_frames, indicator="flats_total", offline=False, lang="it")
    assert isinstance(m, folium.Map)


def test_every_layer_is_present(demo_frames):
    page = rendered(maps.build_map(demo_frames, "vacancy_rate", offline=True))
    for name in ("Confine comunale", "Consulte territoriali", "Rioni: Tasso di sfitto",
                 "Edifici ERP", "Uffici ALER", "Siti dei programmi",
                 "Sfondo schematico (senza internet)"):
        assert name in page, name
    points = layer_data(page, "points")
    buildings = [d for d, opts in points if opts.get("cluster")]
    assert len(buildings) == 1, "buildings are ONE clustered GeoJSON layer"
    with_position = demo_frames["buildings"].dropna(subset=["lat", "lon"])
    assert len(buildings[0]["features"]) == len(with_position)
    assert "L.markerClusterGroup" in page
    kinds = {f["properties"]["k"] for d, _opts in points for f in d["features"]}
    assert {"b", "o", "pg"} <= kinds
    offices = [f for d, _o in points for f in d["features"] if f["properties"]["k"] == "o"]
    assert {f["properties"]["id"] for f in offices} == {"aler_bissolati_5", "aler_bissolati_9"}
    programme_sites = {f["properties"]["id"] for d, _o in points for f in d["features"]
                       if f["properties"]["k"] == "pg"}
    assert {"CP114", "CP122", "MZROSE-A", "MZROSE-C", "MZSALICI", "MZSAURO"} <= programme_sites
    rioni = [d for d, opts in layer_data(page, "areas") if opts.get("interactive")]
    assert len(rioni) == 1 and len(rioni[0]["features"]) == 10
    # no folium object per building: the only markers are made by the helpers' code
    assert page.count("L.marker(") == maps.web_file("map.js").count("L.marker(")


def test_layers_can_be_left_out(demo_frames):
    page = rendered(maps.build_map(demo_frames, layers=("rioni",), offline=True))
    assert "Edifici ERP" not in page and "Uffici ALER" not in page
    with pytest.raises(ValueError):
        maps.build_map(demo_frames, layers=("nope",))
    with pytest.raises(ValueError):
        maps.build_map(demo_frames, indicator="nope")


def test_offline_map_has_no_external_url(demo_frames):
    sites = pd.DataFrame({"site_id": ["x"], "name": ["x"], "lat": [45.6], "lon": [8.91],
                          "kind": ["user"], "mean_distance_m": [900.0],
                          "share_within": [0.5], "within": [10], "rank": [1]})
    for indicator in ("flats_total", "applications_per_assignable"):
        m = maps.build_map(demo_frames, indicator, offline=True, lang="it", sites=sites)
        page = rendered(m)
        assert not URL.findall(page), sorted(set(re.findall(r"https?://[^\s\"')]+", page)))
        assert "../../app/static/vendor/leaflet/leaflet.js" in page
        assert "tile.openstreetmap.org" not in page
        assert "bootstrap" not in page.lower() and "awesome" not in page.lower()
        assert "d3" not in [name for name, _u in m.default_js]


def test_map_instance_overrides_do_not_leak(demo_frames):
    maps.build_map(demo_frames, offline=True)
    assert any("cdn.jsdelivr.net" in url for _n, url in folium.Map.default_js)
    assert any("bootstrap" in name for name, _u in folium.Map.default_js)


def test_online_map_has_osm_tiles_and_attribution(demo_frames):
    page = rendered(maps.build_map(demo_frames, offline=False))
    assert "tile.openstreetmap.org" in page
    assert "OpenStreetMap" in page and "contributors" in page
    assert "leaflet@1.9.3" in page and "leaflet.markercluster@1.4.1" in page
    assert "ISTAT / Openpolis" in page


def test_standalone_offline_file_loads_nothing_from_outside(demo_frames):
    page = maps.standalone_html(demo_frames, "flats_total", offline=True)
    assert not re.findall(r"<(?:script|link|img)[^>]*(?:src|href)=[\"']?https?://", page)
    assert not re.findall(r"url\(\s*['\"]?https?://", page)
    assert "../../app/static" not in page
    assert "L.MarkerClusterGroup" in page  # the plugin's code itself is in the file
    assert "data:image/png;base64," in page  # Leaflet's CSS images inlined
    assert "sourceMappingURL" not in page


def test_hostile_names_are_escaped(demo_frames):
    frames = hostile_frames(demo_frames)
    for offline in (True, False):
        page = rendered(maps.build_map(frames, offline=offline))
        assert HOSTILE not in page
        assert HOSTILE_ADDRESS not in page
        assert "<img src=x" not in page
        # the names travel HTML-escaped inside JSON (\u003c... for <, > and &)
        decoded = page.encode().decode("unicode_escape", errors="ignore")
        assert html.escape(HOSTILE) in decoded
    standalone = maps.standalone_html(frames, offline=True)
    assert HOSTILE not in standalone


def test_escape_helpers():
    assert maps.esc(HOSTILE) == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert maps.esc(None) == "" and maps.esc(float("nan")) == ""
    text = maps.js_json({"a": "</script><b>&'"})
    assert "<" not in text and ">" not in text and "&" not in text and "'" not in text
    assert json.loads(text) == {"a": "</script><b>&'"}


def test_schematic_flag_is_on_the_map(demo_frames):
    page = rendered(maps.build_map(demo_frames, offline=True))
    assert "Aree schematiche" in page
    assert "indicativi, non ufficiali" in page
    english = rendered(maps.build_map(demo_frames, offline=True, lang="en"))
    assert "Schematic areas" in english
    official = geodata.rioni_areas().assign(schematic=False)
    page = rendered(maps.build_map(demo_frames, offline=True, rioni_gdf=official))
    assert "Aree schematiche" not in page


def test_demo_flag_and_as_of_on_the_map(demo_frames):
    page = rendered(maps.build_map(demo_frames, offline=True, meta={"as_of": "2026-10-31"},
                                   demo=True))
    assert "Dati dimostrativi" in page and "31/10/2026" in page
    page = rendered(maps.build_map(demo_frames, offline=True, demo=False))
    assert "Dati dimostrativi" not in page


def test_approximate_positions_are_flagged(demo_frames):
    page = rendered(maps.build_map(demo_frames, offline=True))
    (data, _opts), = [d for d in layer_data(page, "points") if d[1].get("cluster")]
    approximate = demo_frames["buildings"]["position_precision"].eq("approximate").sum()
    assert sum(f["properties"].get("q", 0) for f in data["features"]) == approximate
    assert "tv-approx" in page and "posizione approssimata" in page


def test_legend_states_unit_and_classes(demo_frames):
    page = rendered(maps.build_map(demo_frames, "vacancy_rate", offline=True))
    assert "Unità: % degli alloggi del rione" in page
    model = map_model.map_model(demo_frames, "vacancy_rate")
    assert len(model.colours) == len(model.class_labels) == len(model.edges) - 1
    for label in model.class_labels:
        assert label in page
    # every rione carries its value as a label, placed for every zoom from the first
    (data,), = layer_data(page, "areaLabels")
    assert len(data["labels"]) == 10
    assert all(re.search(r"<b>[\d,.%]+</b>", text) for text, _lat, _lon in data["labels"])
    assert data["sets"][0][0] == map_model.ZOOMS[0]
    assert all(len(places) == 10 for _zoom, places in data["sets"])


def test_map_html_size_budget(demo_frames):
    from bench.naive_map import naive_map  # the benchmark's reference map

    size = maps.file_size(maps.build_map(demo_frames, offline=False))
    assert size < 1_000_000, size
    assert size < len(naive_map(demo_frames["buildings"]).encode("utf-8")) * 2


# ----------------------------------------------------------------------------- map data


def test_rione_stock_leaves_out_flats_not_yet_delivered():
    """Rione alfa: 10 ordinary flats (2 vacant assignable, 1 vacant needing works), 3 vacant
    flats of a renovation (existing building), 3 new flats still being built: the stock is
    13, not 16, and the vacancy rate (2 + 1 + 3) / 13, as ``summary.summarise`` counts it."""
    try:
        from test_demand import delivery_world
    except ImportError:  # pragma: no cover
        from tests.test_demand import delivery_world
    data = delivery_world("works")
    alfa = map_data.rione_indicators(data).set_index("rione_id").loc["alfa"]
    assert alfa["flats_total"] == 13
    assert alfa["vacancy_rate"] == pytest.approx(6 / 13)
    overview = summary.summarise(data, {}, False)
    assert overview.flats_total == 13 and overview.vacancy_rate == round(6 / 13, 4)


def test_indicators_add_up(demo_frames):
    table = map_data.rione_indicators(demo_frames)
    flats = summary.stock_flats(demo_frames)  # today's stock, as on Panoramica
    assert table["flats_total"].sum() == flats["rione_id"].notna().sum()
    owners = [c for c in table if c.startswith("flats_owner_")]
    assert (table[owners].sum(axis=1) == table["flats_total"]).all()
    statuses = [c for c in table if c.startswith("flats_status_")]
    assert (table[statuses].sum(axis=1) == table["flats_total"]).all()
    call = summary.latest_call(demo_frames)
    apps = demo_frames["applications"]
    assert (table["applications"].sum() + map_data.applications_outside(demo_frames)
            == (apps["call_id"] == call).sum())
    centro = table.set_index("rione_id").loc["centro"]
    assert centro["flats_status_vacant_assignable"] == 0
    assert pd.isna(centro["applications_per_assignable"])  # drawn as "n.d."
    assert table["vacancy_rate"].between(0, 1).all()
    open_reports = (demo_frames["tenant_reports"]["status"] != "closed").sum()
    assert table["reports_open"].sum() == open_reports
    assert table["occupations_open"].sum() == (demo_frames["occupations"]["outcome"] == "open").sum()
    assert list(map_data.indicators(demo_frames))[0] == "flats_total"


def test_class_breaks_cover_every_value():
    values = pd.Series([0, 3, 7, 7, 12, 40, 41, 250, None])
    edges = map_data.class_breaks(values, "count")
    assert edges == sorted(edges) and len(edges) <= 6
    classes = [map_data.class_of(v, edges) for v in values]
    assert classes[-1] is None
    assert all(c is not None for c in classes[:-1])
    assert classes == sorted(classes[:-1]) + [None]
    rates = map_data.class_breaks(pd.Series([0.02, 0.1, 0.26]), "rate")
    assert rates[0] == 0 and rates[-1] >= 0.26


def test_building_table_and_detail(demo_frames):
    table = map_data.building_table(demo_frames)
    assert table["flats_total"].sum() == len(demo_frames["flats"])
    cp114 = table.set_index("building_id").loc["CP114"]
    assert cp114["programme_name"].startswith("Via Carlo Porta")
    assert cp114["phase_handed_over"] > 0
    detail = map_data.detail(demo_frames, "building", "CP114")
    pages = [link[0] for link in detail["links"]]
    assert "pages/progetti.py" in pages and "pages/domanda_offerta.py" in pages
    rione = map_data.detail(demo_frames, "rione", "mazzafame")
    assert rione["title"] == "Mazzafame" and len(rione["table"]) == len(map_data.indicators(demo_frames))
    assert ("pages/domanda_offerta.py", "page_domanda", {"rione": "mazzafame"}) in rione["links"]
    assert map_data.detail(demo_frames, "rione", "nowhere") is None
    assert map_data.detail(demo_frames, None, None) is None


def test_server_side_aggregation(demo_frames):
    table = map_data.building_table(demo_frames)
    points = map_data.aggregate_buildings(table, max_points=15)
    programmes = table["programme_id"].notna().sum()
    assert len(points) <= 15 + programmes
    assert points["flats_total"].sum() == table["flats_total"].sum()
    assert set(table.loc[table["programme_id"].notna(), "building_id"]) <= set(points["building_id"])
    group = points[points["members"] > 1].iloc[0]
    members = map_data.cell_members(demo_frames, group["building_id"])
    assert len(members) == group["members"]
    data = map_features.building_features(map_model.map_model(demo_frames), max_points=15)
    kinds = {f["properties"]["k"] for f in data["features"]}
    assert kinds == {"b", "g"}
    page = rendered(maps.build_map(demo_frames, offline=True, max_points=15))
    assert "riuniti dal server" in page
    detail = map_data.detail(demo_frames, "group", group["building_id"])
    assert len(detail["table"]) == group["members"]


def test_rioni_table_twins_the_map(demo_frames):
    table = map_data.rioni_table(demo_frames, "vacancy_rate")
    assert len(table) == 10
    assert table.columns[2].startswith("Tasso di sfitto")
    assert table.iloc[:, 2].str.endswith("%").all()


# ---------------------------------------------------------------------- clicks, layers


def test_clicked_reads_st_folium_values():
    assert maps.clicked(None) is None
    assert maps.clicked({"last_object_clicked": None, "last_active_drawing": None}) is None
    value = {"last_object_clicked": {"lat": 45.6, "lng": 8.9},
             "last_active_drawing": {"type": "Feature", "properties": {"k": "r", "id": "costa"}}}
    assert maps.clicked(value) == {"kind": "rione", "id": "costa", "lat": 45.6, "lng": 8.9}
    value["last_active_drawing"]["properties"] = {"k": "pg", "id": "CP&amp;114"}
    assert maps.clicked(value)["kind"] == "building" and maps.clicked(value)["id"] == "CP&114"
    only_point = {"last_clicked": {"lat": 45.61, "lng": 8.92}}
    assert maps.clicked(only_point) == {"kind": None, "id": None, "lat": 45.61, "lng": 8.92}


def test_sites_and_selection_layers(demo_frames):
    from tavolo import office_sites

    ranking = office_sites.rank_sites(office_sites.default_sites(demo_frames),
                                      office_sites.tenant_weights(demo_frames))
    m = maps.build_map(demo_frames, offline=True, layers=("rioni",))
    group = maps.sites_layer(ranking)
    group.add_to(m)
    model = map_model.map_model(demo_frames)
    maps.selection_layer(model, "rione", "costa").add_to(m)
    maps.selection_layer(model, "building", "CP114").add_to(m)
    page = rendered(m)
    assert '"ring":1000' in page and '"rank":1' in page
    assert not URL.findall(page)
    assert isinstance(maps.sites_layer(None), folium.FeatureGroup)


# --------------------------------------------------------------------------------- CLI


def test_cli_writes_standalone_maps(demo_db_url, tmp_path):
    from tavolo import cli

    out = tmp_path / "mappa.html"
    assert cli.main(["map", "--out", str(out), "--offline", "--indicator", "vacancy_rate",
                     "--database", demo_db_url]) == 0
    page = out.read_text(encoding="utf-8")
    assert "Tasso di sfitto" in page and "Dati dimostrativi" in page
    assert not re.findall(r"<(?:script|link)[^>]*(?:src|href)=[\"']?https?://", page)
    online = tmp_path / "online.html"
    assert cli.main(["map", "--out", str(online), "--sites", "--database", demo_db_url]) == 0
    assert "tile.openstreetmap.org" in online.read_text(encoding="utf-8")
    png = tmp_path / "mappa.png"
    assert cli.main(["map", "--out", str(png), "--database", demo_db_url]) == 0
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert cli.main(["map", "--out", str(out), "--indicator", "nope",
                     "--database", demo_db_url]) == 2


# --------------------------------------------------------------------------- the page


@pytest.fixture
def page_env(demo_db_url, isolated_settings, monkeypatch):
    import streamlit as st
    from streamlit.runtime.pages_manager import PagesManager

    monkeypatch.setenv("TAVOLO_DATABASE_URL", demo_db_url)
    original_init = PagesManager.__init__

    def init(self, *args, **kwargs):
        PagesManager.uses_pages_directory = False
        original_init(self, *args, **kwargs)

    monkeypatch.setattr(PagesManager, "__init__", init)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield monkeypatch
    st.cache_data.clear()
    st.cache_resource.clear()
    PagesManager.uses_pages_directory = None


def _map_args(at) -> dict:
    (component,) = [c for c in at.get("component_instance")
                    if c.proto.component_name.endswith("st_folium")]
    return json.loads(component.proto.json_args)


def test_page_bookmark_and_offline(page_env):
    from streamlit.testing.v1 import AppTest

    page_env.setenv("TAVOLO_OFFLINE", "1")
    at = AppTest.from_file(str(paths.ROOT / "app.py"), default_timeout=90)
    at.query_params["rione"] = "mazzafame"
    at.query_params["indicator"] = "vacancy_rate"
    at.switch_page("pages/mappa.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="map_indicator").value == "vacancy_rate"
    assert any(m.value == "**Mazzafame**" for m in at.markdown)
    args = _map_args(at)
    assert all(link.startswith("../../app/static/vendor/") for link in args["js_links"] + args["css_links"])
    assert not URL.findall(args["script"] + args["header"] + args["html"])
    assert "Tasso di sfitto" in args["script"]
    assert set(args["returned_objects"]) == {"last_object_clicked", "last_active_drawing"}
    assert "Aree schematiche" in args["script"]
    assert args["feature_group"] and '"rank":1' in args["feature_group"]


def test_page_online_and_a_click(page_env):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(paths.ROOT / "app.py"), default_timeout=90)
    at.switch_page("pages/mappa.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "tile.openstreetmap.org" in _map_args(at)["script"]
    # a link from another page (same session) changes the URL: the page follows it
    at.query_params["rione"] = "costa"
    at.run()
    assert any(m.value == "**Costa**" for m in at.markdown)
    # a click on a building, as streamlit-folium reports it under the widget's key
    at.session_state["map"] = {"last_object_clicked": {"lat": 45.6, "lng": 8.92},
                               "last_active_drawing": {"properties": {"k": "b", "id": "CP114"}}}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(m.value == "**Via Carlo Porta 114**" for m in at.markdown)
    # add mode: a click adds a candidate site
    at.toggle(key="map_add_mode").set_value(True).run()
    at.session_state["map"] = {"last_object_clicked": {"lat": 45.59, "lng": 8.91},
                               "last_active_drawing": {"properties": {"k": "r", "id": "costa"}}}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    sites = at.session_state["map_sites"]
    assert len(sites) == 3 and (sites["kind"] == "user").sum() == 1


def test_page_builds_the_map_model_once(page_env):
    """The page, its map, table, detail and exports share one cached model: the
    indicators are computed once per data version, not again by the map builder."""
    from streamlit.testing.v1 import AppTest

    calls = {"indicators": 0, "buildings": 0}
    indicators, buildings = map_data.rione_indicators, map_data.building_table

    def count(name, fn):
        def inner(*args, **kwargs):
            calls[name] += 1
            return fn(*args, **kwargs)
        return inner

    page_env.setattr(map_data, "rione_indicators", count("indicators", indicators))
    page_env.setattr(map_data, "building_table", count("buildings", buildings))
    at = AppTest.from_file(str(paths.ROOT / "app.py"), default_timeout=90)
    at.switch_page("pages/mappa.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert calls == {"indicators": 1, "buildings": 1}
    def rioni_table():
        (table,) = [d.value for d in at.dataframe if "Consulta" in d.value.columns]
        return table

    table = rioni_table()
    assert len(table.columns) <= 8, list(table.columns)  # fits the page at 1600 px
    at.toggle(key="map_table_every").set_value(True).run()
    assert len(rioni_table().columns) > len(table.columns)
    assert calls == {"indicators": 1, "buildings": 1}
