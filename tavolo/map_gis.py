"""The map's layers for a GIS: GeoDataFrames from the view model (tavolo.map_model),
written as one GeoJSON or one GeoPackage (pyogrio), with the data set's line (demo flag,
source, as-of date). Small counts of suppressed figures (occupations) are written as the
map writes them ("< 5"). No Streamlit here.
"""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from tavolo import geodata, schema
from tavolo.map_model import MapModel, map_model

LAYERS = ("boundary", "consulte", "rioni", "buildings", "offices", "programmes", "maintenance",
          "sites")


# ------------------------------------------------------------------------------ layers


def layers_gdf(frames: dict[str, pd.DataFrame], indicator: str = "flats_total",
               lang: str = "it", layers=LAYERS, sites: pd.DataFrame | None = None,
               rioni_gdf: gpd.GeoDataFrame | None = None,
               model: MapModel | None = None) -> dict[str, gpd.GeoDataFrame]:
    """The map's layers as GeoDataFrames in EPSG:4326, one per visible layer (keys of
    :data:`LAYERS`), from the view model; buildings are not aggregated here."""
    out: dict[str, gpd.GeoDataFrame] = {}
    layers = tuple(layers)
    model = model or map_model(frames, indicator, lang, areas=rioni_gdf)
    ind, lang = model.indicator, model.lang
    if "boundary" in layers:
        out["boundary"] = geodata.boundary().assign(name="Legnano")[["name", "geometry"]]
    if "consulte" in layers:
        out["consulte"] = geodata.consulte_areas()[["consulta_id", "name", "schematic", "geometry"]]
    if "rioni" in layers:
        gdf = model.areas_gdf().rename(columns={"area_id": f"{model.area_kind}_id",
                                                "group_id": "consulta_id"})
        gdf = gdf.drop(columns="kind")
        gdf.insert(3, "schematic", model.schematic)
        gdf.insert(4, "indicator", ind.name)
        gdf.insert(5, "indicator_label", ind.label(lang))
        gdf.insert(6, "unit", ind.unit(lang))
        if ind.suppressed:  # the number is not written where the map writes "< n"
            small = gdf["value"].gt(0) & gdf["value"].lt(model.below)
            gdf["value"] = gdf["value"].where(~small)
        out["rioni"] = gdf
    table = model.buildings
    if "buildings" in layers:
        cols = ["building_id", "name", "address", "rione_id", "owner_id", "programme_id",
                "position_precision", "flats_total", "flats_let", "reports_open",
                "occupations_open"] + [f"status_{s}" for s in schema.FLAT_STATUS]
        points = table.dropna(subset=["lat", "lon"]).copy()
        for col in ("occupations_open", "status_occupied_no_title"):
            points[col] = [model.count_text(v) for v in points[col]]
        out["buildings"] = geodata.points_gdf(points)[cols + ["geometry"]]
    if "programmes" in layers:
        prog = table[table["programme_id"].notna()].dropna(subset=["lat", "lon"])
        cols = ["building_id", "name", "address", "programme_id", "programme_name",
                "position_precision", "flats_total"] + [f"phase_{p}" for p in schema.PHASE]
        out["programmes"] = geodata.points_gdf(prog)[cols + ["geometry"]]
    if "maintenance" in layers and not model.maintenance.empty:
        items = model.maintenance.merge(table[["building_id", "name", "lat", "lon"]], on="building_id")
        items = items.dropna(subset=["lat", "lon"]).rename(columns={"name": "building"})
        cols = ["item_id", "building_id", "building", "rank", "element", "status", "works"]
        out["maintenance"] = geodata.points_gdf(items)[cols + ["geometry"]]
    if "offices" in layers:
        offices = model.offices
        cols = ["office_id", "owner_id", "name", "address", "sectors", "position_precision"]
        out["offices"] = geodata.points_gdf(offices)[cols + ["geometry"]]
    if "sites" in layers and sites is not None and len(sites):
        cols = ["site_id", "name", "kind", "rank", "mean_distance_m", "share_within", "within"]
        out["sites"] = geodata.points_gdf(sites)[[c for c in cols if c in sites.columns]
                                                 + ["geometry"]]
    return {name: gdf.reset_index(drop=True) for name, gdf in out.items()}


def _clean(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Columns writable by OGR: nullable ints to float where missing, objects to str."""
    out = gdf.copy()
    for col in out.columns:
        if col == out.geometry.name:
            continue
        if str(out[col].dtype) in ("Int64", "boolean"):
            out[col] = out[col].astype(object).where(out[col].notna(), None)
        elif out[col].dtype == object:
            out[col] = out[col].map(
                lambda v: None if v is None or (isinstance(v, float) and math.isnan(v)) else str(v))
    return out


def _note(meta: dict | None, demo: bool | None, lang: str) -> str | None:
    """The data set's line (demo flag, source, as-of date), or None when no data set is
    named (neither ``meta`` nor ``demo`` given)."""
    from tavolo import exports

    if meta is None and demo is None:
        return None
    return exports.provenance(meta, bool(demo), lang)


def to_geojson(layers: dict[str, gpd.GeoDataFrame], meta: dict | None = None,
               demo: bool | None = None, lang: str = "it") -> bytes:
    """One GeoJSON FeatureCollection (EPSG:4326) holding every layer; each feature names
    its layer in the ``layer`` property. With ``meta``/``demo``, every feature carries the
    data set's line in a ``nota_dati`` property (what a GIS shows in its attribute table)
    and the collection a ``metadata`` member (RFC 7946 foreign member): demo flag,
    source, as-of date."""
    note = _note(meta, demo, lang)
    parts = [_clean(gdf).assign(layer=name) for name, gdf in layers.items() if len(gdf)]
    if not parts:
        return b'{"type": "FeatureCollection", "features": []}'
    merged = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry",
                              crs=geodata.STORAGE_CRS)
    cols = ["layer"] + [c for c in merged.columns if c not in ("layer", "geometry")] + ["geometry"]
    merged = merged[cols]
    if note is None:
        return merged.to_json(drop_id=True, na="drop", ensure_ascii=False).encode("utf-8")
    merged.insert(1, "nota_dati", note)
    collection = json.loads(merged.to_json(drop_id=True, na="drop", ensure_ascii=False))
    collection = {"type": collection.pop("type"), "metadata": _metadata(meta, demo, note), **collection}
    return json.dumps(collection, ensure_ascii=False).encode("utf-8")


def _metadata(meta: dict | None, demo: bool | None, note: str) -> dict:
    meta = meta or {}
    return {"nota": note, "dati_dimostrativi": bool(demo), "fonte": meta.get("source", ""),
            "aggiornati_al": meta.get("as_of", ""), "crs": "EPSG:4326", "prodotto_da": "Tavolo Casa"}


def to_geopackage(layers: dict[str, gpd.GeoDataFrame], meta: dict | None = None,
                  demo: bool | None = None, lang: str = "it") -> bytes:
    """A GeoPackage with one table per layer (EPSG:4326). With ``meta``/``demo``, each
    table has a ``nota_dati`` column and the layer's and file's metadata (the GDAL
    metadata a GIS shows: description, demo flag, source, as-of date)."""
    note = _note(meta, demo, lang)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mappa.gpkg"
        first = True
        for name, gdf in layers.items():
            if not len(gdf):
                continue
            out = _clean(gdf)
            kwargs = {}
            if note is not None:
                out.insert(0, "nota_dati", note)
                info = {k: str(v) for k, v in _metadata(meta, demo, note).items()}
                kwargs["layer_metadata"] = {"DESCRIPTION": note, **info}
                if first:
                    kwargs["dataset_metadata"] = {"DESCRIPTION": note, **info}
            pyogrio.write_dataframe(out, path, layer=name, driver="GPKG", **kwargs)
            first = False
        return path.read_bytes() if path.exists() else b""
