"""The map's one view model (tavolo.map_model) and what every renderer takes from it:
labels that never overlap, areas that may be comuni, small occupation counts suppressed
on the map, its table and its exports, the building card's open maintenance items."""

from __future__ import annotations

import dataclasses
import inspect
import io
import itertools
import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from tavolo import (geodata, map_data, map_detail, map_export, map_features, map_gis, map_model,
                    maps)


@pytest.fixture(scope="module")
def model(demo_frames):
    return map_model.map_model(demo_frames, "flats_total", "it")


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_model_is_frozen_and_names_everything_a_renderer_needs(demo_frames, model):
    with pytest.raises(dataclasses.FrozenInstanceError):
        model.lang = "en"
    assert len(model.areas) == 10 and model.area_kind == "rione"
    assert model.title == "Alloggi pubblici per rione"
    assert model.schematic and model.demo
    assert len(model.colours) == len(model.class_labels) == len(model.edges) - 1
    assert {a.fill for a in model.areas} <= set(model.colours) | {map_data.MISSING_COLOUR}
    assert set(model.buildings["building_id"]) == set(demo_frames["buildings"]["building_id"])
    assert not model.maintenance.empty and model.maintenance["rank"].is_monotonic_increasing


def test_no_second_cache_and_one_model_for_every_renderer():
    assert not hasattr(map_data, "_per_frames")
    assert "model" in inspect.signature(maps.build_map).parameters
    assert "model" in inspect.signature(map_export.static_map).parameters
    assert "model" in inspect.signature(map_gis.layers_gdf).parameters
    source = inspect.getsource(map_export)
    assert "class_breaks" not in source and "rione_indicators" not in source  # not rebuilt by hand


def test_labels_do_not_overlap_at_any_zoom(model):
    assert model.label_sets and model.label_sets[0][0] == map_model.ZOOMS[0]
    for zoom, labels in model.label_sets:
        for a, b in itertools.combinations(labels, 2):
            assert not _overlap(a.box, b.box), (zoom, a.name, b.name)
    # from the zoom the page opens at, every rione has its label
    assert {lab.area_id for lab in model.labels_at(12.5)} == {a.area_id for a in model.areas}


def test_labels_of_small_central_rioni_move_or_get_a_leader(model):
    """Oltreponte, San Martino and Oltresempione collide at their anchors when zoomed out:
    some of them are moved (with a leader where the label leaves its rione)."""
    labels = model.labels_at(12.0)
    moved = [lab for lab in labels if lab.position != lab.anchor]
    assert moved
    for lab in labels:
        area = next(a for a in model.areas if a.area_id == lab.area_id)
        inside = area.geometry.contains(shapely.Point(lab.position))
        assert lab.leader == (not inside), lab.name


def test_place_labels_keeps_apart_two_labels_on_one_spot():
    square = shapely.box(0, 0, 100, 100)
    places = map_model.place_labels([square, square], np.array([[50, 50], [50, 50]]),
                                    np.array([[40, 10], [40, 10]]))
    (x1, y1, _t1), (x2, y2, _t2) = places
    assert abs(y1 - y2) >= 10 or abs(x1 - x2) >= 40


def test_areas_can_be_comuni(demo_frames):
    """An ambito's comuni as areas: the model takes any areas with their values."""
    comuni = gpd.GeoDataFrame(
        {"area_id": ["a", "b"], "name": ["Comune A", "Comune B"], "kind": ["comune", "comune"]},
        geometry=[shapely.box(8.86, 45.56, 8.90, 45.60), shapely.box(8.90, 45.56, 8.94, 45.60)],
        crs=geodata.STORAGE_CRS)
    values = pd.DataFrame({"area_id": ["a", "b"], "flats_total": [120, 7]})
    model = map_model.map_model(demo_frames, "flats_total", "en", areas=comuni, values=values)
    assert model.area_kind == "comune" and model.title == "Public flats by municipality"
    assert [a.value_text for a in model.areas] == ["120", "7"]
    assert model.areas[0].fill != model.areas[1].fill
    assert {lab.area_id for lab in model.labels_at(13)} == {"a", "b"}
    table = map_detail.rioni_table(demo_frames, "flats_total", "en", model)
    assert list(table.iloc[:, 0]) == ["Comune A", "Comune B"]


# ------------------------------------------------------------------------ suppression


def test_small_occupation_counts_are_suppressed_on_map_table_and_exports(demo_frames):
    model = map_model.map_model(demo_frames, "occupations_open", "it", below=5)
    raw = map_data.rione_indicators(demo_frames).set_index("rione_id")["occupations_open"]
    small = raw[(raw > 0) & (raw < 5)].index
    assert len(small), "the demo has rioni with 1-4 ongoing occupations"
    by_id = {a.area_id: a for a in model.areas}
    for rione in small:
        assert by_id[rione].value_text == "< 5"
    # one class for every small count: the colour says no more than the text
    assert len({by_id[r].fill for r in small}) == 1
    assert "< 5" in model.class_labels
    assert "1–4" not in " ".join(model.class_labels)
    # the map's labels, the table, the detail panel
    text = json.dumps(map_features.label_sets(model))
    assert "<b>&lt; 5</b>" in text
    table = map_detail.rioni_table(demo_frames, "occupations_open", "it", model)
    column = table.iloc[:, 2]
    assert not column.isin([str(n) for n in range(1, 5)]).any()
    detail = map_detail.detail(demo_frames, "rione", small[0], "it", model)["table"]
    assert "< 5" in detail.set_index(detail.columns[0]).loc["Occupazioni senza titolo in corso"].tolist()
    # the GIS exports: no number where the map writes "< 5"
    layers = map_gis.layers_gdf(demo_frames, "occupations_open", model=model,
                                layers=("rioni", "buildings"))
    back = gpd.read_file(io.BytesIO(map_gis.to_geojson(layers)))
    rioni = back[back["layer"] == "rioni"].set_index("rione_id")
    assert rioni.loc[list(small), "value"].isna().all()
    assert set(rioni.loc[list(small), "value_text"]) == {"< 5"}
    occ = back.loc[back["layer"] == "buildings", "occupations_open"].astype(str)
    assert not occ.isin([str(n) for n in range(1, 5)]).any()
    # the building cards on the map
    features = map_features.building_features(model, 2000)["features"]
    shown = [f["properties"].get("c") for f in features if f["properties"].get("c")]
    assert shown and all(c == "&lt; 5" or int(c) >= 5 for c in shown)


def test_suppression_follows_the_setting(demo_frames):
    model = map_model.map_model(demo_frames, "occupations_open", "it", below=2)
    assert "< 5" not in {a.value_text for a in model.areas}
    assert model.suppression_note.startswith("Valori da 1 a 1")


# -------------------------------------------------------------------- building card


def test_building_card_lists_open_maintenance_items(demo_frames, model):
    items = model.maintenance
    building = items["building_id"].iloc[0]
    features = map_features.building_features(model, 2000)["features"]
    card = next(f["properties"] for f in features if f["properties"]["id"] == building)
    assert card["mi"] and card["mi"][0].startswith(f"{int(items['rank'].iloc[0])}. ")
    open_buildings = set(items["building_id"])
    for f in features:  # concluded items are not listed
        if f["properties"]["id"] not in open_buildings:
            assert "mi" not in f["properties"]
    # the card script writes the items
    assert "p.mi" in maps.web_file("map.js")


def test_maintenance_priority_indicator_and_layer(demo_frames, model):
    assert "maintenance_open" in map_data.indicators(demo_frames)
    assert "maintenance" in maps.LAYERS
    page = maps.map_html(maps.build_map(demo_frames, offline=True, layers=("rioni", "maintenance"),
                                        model=model))
    assert '"k":"m"' in page


def test_hostile_maintenance_text_is_escaped(demo_frames):
    frames = dict(demo_frames)
    buildings = frames["buildings"].copy()
    target = frames["maintenance_items"]["building_id"].iloc[0]
    buildings.loc[buildings["building_id"] == target, "name"] = "<img src=x onerror=alert(3)>"
    frames["buildings"] = buildings
    model = map_model.map_model(frames)
    data = map_features.maintenance_features(model)
    tip = next(f["properties"]["tip"] for f in data["features"] if f["properties"]["id"] == target)
    assert "<img" not in tip and "&lt;img" in tip
    page = maps.map_html(maps.build_map(frames, offline=True, layers=("maintenance",), model=model))
    assert "<img src=x" not in page


# ------------------------------------------------------------------------ the assets


def test_js_and_css_are_package_files():
    source = inspect.getsource(maps)
    assert "L.divIcon" not in source and ".tv-label{" not in source
    for name in ("map.js", "map.css"):
        assert len(maps.web_file(name)) > 1000
    assert "imperial: false" in maps.web_file("map.js")
