"""The benchmark's reference map: one folium Marker per building, no clustering, no
aggregation, no tiles: what a first version of the Mappa page would draw. The map's HTML
size is measured against it (bench/apptest_worker.py, tests/test_maps.py); the app never
uses it."""

from __future__ import annotations


def naive_map(buildings) -> str:
    """The HTML of the naive map of ``buildings`` (a frame with lat, lon, building_id)."""
    import folium

    points = buildings.dropna(subset=["lat", "lon"])
    centre = [float(points["lat"].mean()), float(points["lon"].mean())] if len(points) else [45.6, 8.9]
    fmap = folium.Map(location=centre, zoom_start=13, tiles=None)
    for row in points.itertuples(index=False):
        folium.Marker([float(row.lat), float(row.lon)], tooltip=str(row.building_id)).add_to(fmap)
    return fmap.get_root().render()
