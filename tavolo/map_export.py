"""Exports of the Mappa page: a static PNG or PDF drawn server-side with geopandas and
matplotlib (same layers, classes, legend, title, source, date and the schematic flag as
the interactive map), and the visible layers as GeoJSON or GeoPackage (pyogrio).
No Streamlit here.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import tempfile
from pathlib import Path

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")

import matplotlib.patheffects as pe  # noqa: E402
import pandas as pd  # noqa: E402
import pyogrio  # noqa: E402
import shapely  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from tavolo import geodata, i18n, map_data, maps, schema  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PDF_SIGNATURE = b"%PDF-"


def _t(key: str, lang: str) -> str:
    return i18n.t(key, lang)


# ------------------------------------------------------------------------------ layers


def layers_gdf(frames: dict[str, pd.DataFrame], indicator: str = "flats_total",
               lang: str = "it", layers=maps.LAYERS, sites: pd.DataFrame | None = None,
               rioni_gdf: gpd.GeoDataFrame | None = None) -> dict[str, gpd.GeoDataFrame]:
    """The map's layers as GeoDataFrames in EPSG:4326, one per visible layer (keys of
    :data:`tavolo.maps.LAYERS`); buildings are not aggregated here."""
    out: dict[str, gpd.GeoDataFrame] = {}
    layers = tuple(layers)
    if "boundary" in layers:
        out["boundary"] = geodata.boundary().assign(name="Legnano")[["name", "geometry"]]
    if "consulte" in layers:
        out["consulte"] = geodata.consulte_areas()[["consulta_id", "name", "schematic", "geometry"]]
    if "rioni" in layers:
        gdf, ind, _edges, _colours, _labels = maps.choropleth(frames, indicator, lang, rioni_gdf)
        gdf = gdf[["rione_id", "name", "consulta_id", "schematic", "value", "value_text",
                   "class", "fill", "geometry"]].copy()
        gdf.insert(4, "indicator", indicator)
        gdf.insert(5, "indicator_label", ind.label(lang))
        gdf.insert(6, "unit", ind.unit(lang))
        gdf["class"] = gdf["class"].astype("Int64")
        out["rioni"] = gdf
    table = map_data.building_table(frames)
    if "buildings" in layers:
        cols = ["building_id", "name", "address", "rione_id", "owner_id", "programme_id",
                "position_precision", "flats_total", "flats_let", "reports_open",
                "occupations_open"] + [f"status_{s}" for s in schema.FLAT_STATUS]
        out["buildings"] = geodata.points_gdf(table.dropna(subset=["lat", "lon"]))[cols + ["geometry"]]
    if "programmes" in layers:
        prog = table[table["programme_id"].notna()].dropna(subset=["lat", "lon"])
        cols = ["building_id", "name", "address", "programme_id", "programme_name",
                "position_precision", "flats_total"] + [f"phase_{p}" for p in schema.PHASE]
        out["programmes"] = geodata.points_gdf(prog)[cols + ["geometry"]]
    if "offices" in layers:
        offices = frames["offices"]
        offices = offices[offices["role"] == "operational"].dropna(subset=["lat", "lon"])
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


# ------------------------------------------------------------------------- static map


def _plain(text: object) -> str:
    """Text from data drawn as written: matplotlib would read '$...$' as a formula
    (mathtext), and an odd one can make the whole export fail."""
    return str(text).replace("$", r"\$")


def _halo(width: float = 3.0):
    return [pe.withStroke(linewidth=width, foreground="white")]


def static_map(frames: dict[str, pd.DataFrame], indicator: str = "flats_total",
               lang: str = "it", fmt: str = "png", layers=maps.LAYERS,
               sites: pd.DataFrame | None = None, rioni_gdf: gpd.GeoDataFrame | None = None,
               meta: dict | None = None, demo: bool | None = None, dpi: int = 150,
               radius_m: float = 1000.0) -> bytes:
    """The map as a PNG or PDF (A4 landscape): rioni classes with their value written on
    each, buildings (hollow: approximate position), offices, programme sites, candidate
    sites, legend with units, title, as-of date, source and the schematic flag."""
    if fmt not in ("png", "pdf"):
        raise ValueError("fmt must be 'png' or 'pdf'")
    layers = tuple(layers)
    demo = maps.is_demo(frames) if demo is None else demo
    gdf, ind, edges, colours, class_text = maps.choropleth(frames, indicator, lang, rioni_gdf)
    schematic = bool(gdf["schematic"].astype(bool).any())
    metric = geodata.METRIC_CRS
    boundary = geodata.boundary().to_crs(metric)
    area = shapely.union_all(boundary.geometry.to_numpy())

    fig = Figure(figsize=(11.69, 8.27), dpi=dpi)
    ax = fig.add_axes([0.02, 0.09, 0.64, 0.79])
    ax.set_axis_off()
    minx, miny, maxx, maxy = area.bounds
    pad = 400
    ax.set_xlim(minx - pad, maxx + pad)
    ax.set_ylim(miny - pad, maxy + pad)
    ax.set_aspect("equal")
    ax.set_facecolor("#e6e3dc")
    outer = shapely.box(minx - 5000, miny - 5000, maxx + 5000, maxy + 5000).difference(area)
    gpd.GeoSeries([outer], crs=metric).plot(ax=ax, color="#d9d5cc", linewidth=0)

    handles: list = []
    if "rioni" in layers:
        rioni = gdf.to_crs(metric)
        rioni.plot(ax=ax, color=rioni["fill"], edgecolor="#333333", linewidth=0.8,
                   linestyle="--" if schematic else "-")
        for geom, name, text in zip(rioni.geometry, rioni["name"], rioni["value_text"]):
            point = geom.representative_point()
            ax.annotate(_plain(f"{name}\n{text}"), (point.x, point.y), ha="center", va="center",
                        fontsize=7.5, color="#1a1a1a", path_effects=_halo(), zorder=7)
        handles.append(Patch(facecolor="none", edgecolor="none",
                             label=f"{ind.label(lang)}\n({_t('map_unit', lang)}: {ind.unit(lang)})"))
        for colour, label in zip(colours, class_text):
            handles.append(Patch(facecolor=colour, edgecolor="#333333", label=label))
        if gdf["class"].isna().any():
            handles.append(Patch(facecolor=map_data.MISSING_COLOUR, edgecolor="#333333",
                                 label=_t("map_not_available", lang)))
    if "consulte" in layers:
        geodata.consulte_areas().to_crs(metric).boundary.plot(ax=ax, color="#1a1a1a",
                                                              linewidth=2.2, linestyle=(0, (6, 4)))
        handles.append(Line2D([], [], color="#1a1a1a", linewidth=2.2, linestyle=(0, (6, 4)),
                              label=_t("map_layer_consulte", lang)))
    if "boundary" in layers:
        boundary.boundary.plot(ax=ax, color="#1a1a1a", linewidth=1.6)
        handles.append(Line2D([], [], color="#1a1a1a", linewidth=1.6,
                              label=_t("map_layer_boundary", lang)))
    table = map_data.building_table(frames).dropna(subset=["lat", "lon"])
    colours_by_owner = map_data.owner_colours(frames["owners"]["owner_id"])
    from tavolo.charts import owner_label

    names = dict(zip(frames["owners"]["owner_id"], frames["owners"]["name"]))
    owner_names = {o: owner_label(o, names) for o in names}  # 'Comune di Legnano', not 'COMUNE'

    if "buildings" in layers and len(table):
        pts = geodata.points_gdf(table).to_crs(metric)
        size = 10 if len(pts) > 1000 else 22
        for owner, colour in colours_by_owner.items():
            mine = pts[pts["owner_id"] == owner]
            exact, approx = mine[~mine["approximate"]], mine[mine["approximate"]]
            if len(exact):
                ax.scatter(exact.geometry.x, exact.geometry.y, s=size, c=colour,
                           edgecolors="#1a1a1a", linewidths=0.6, zorder=5)
            if len(approx):
                ax.scatter(approx.geometry.x, approx.geometry.y, s=size, facecolors="white",
                           edgecolors=colour, linewidths=1.4, zorder=5)
            handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor=colour,
                                  markeredgecolor="#1a1a1a",
                                  label=_plain(f"{_t('map_buildings_of', lang)} {owner_names.get(owner, owner)}")))
        handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor="white",
                              markeredgecolor="#555555", markeredgewidth=1.4,
                              label=_t("map_approximate", lang)))
    if "programmes" in layers:
        prog = table[table["programme_id"].notna()]
        if len(prog):
            pts = geodata.points_gdf(prog).to_crs(metric)
            ax.scatter(pts.geometry.x, pts.geometry.y, s=70, marker="D", facecolors="white",
                       edgecolors="#1a1a1a", linewidths=1.5, zorder=6)
            for x, y, code in zip(pts.geometry.x, pts.geometry.y, pts["building_id"]):
                ax.annotate(_plain(code), (x, y), xytext=(6, 4), textcoords="offset points",
                            fontsize=6.5, path_effects=_halo(2.5), zorder=7)
            handles.append(Line2D([], [], marker="D", linestyle="", markerfacecolor="white",
                                  markeredgecolor="#1a1a1a", label=_t("map_layer_programmes", lang)))
    if "offices" in layers:
        offices = frames["offices"]
        offices = offices[offices["role"] == "operational"].dropna(subset=["lat", "lon"])
        if len(offices):
            pts = geodata.points_gdf(offices).to_crs(metric)
            ax.scatter(pts.geometry.x, pts.geometry.y, s=80, marker="s", c="#1a1a1a",
                       edgecolors="white", linewidths=1.2, zorder=8)
            handles.append(Line2D([], [], marker="s", linestyle="", markerfacecolor="#1a1a1a",
                                  markeredgecolor="white", label=_t("map_layer_offices", lang)))
    if "sites" in layers and sites is not None and len(sites):
        pts = geodata.points_gdf(sites).to_crs(metric)
        best = pts[pts["rank"] == 1]
        others = pts[pts["rank"] != 1]
        ax.scatter(others.geometry.x, others.geometry.y, s=90, c="#F0E442", edgecolors="#1a1a1a",
                   zorder=9)
        for x, y, rank in zip(others.geometry.x, others.geometry.y, others["rank"]):
            ax.annotate(str(int(rank)), (x, y), ha="center", va="center", fontsize=6.5, zorder=10)
        ax.scatter(best.geometry.x, best.geometry.y, s=260, marker="*", c="#D55E00",
                   edgecolors="#1a1a1a", zorder=10)
        for geom in best.geometry:
            gpd.GeoSeries([geom.buffer(radius_m)], crs=metric).boundary.plot(
                ax=ax, color="#D55E00", linewidth=1.4, linestyle="--", zorder=9)
        handles.append(Line2D([], [], marker="*", linestyle="", markersize=12,
                              markerfacecolor="#D55E00", markeredgecolor="#1a1a1a",
                              label=_t("map_best_site", lang)))

    # scale bar: 1 km
    x0, y0 = minx, miny - pad * 0.6
    ax.plot([x0, x0 + 1000], [y0, y0], color="#1a1a1a", linewidth=3, solid_capstyle="butt")
    ax.annotate("1 km", (x0 + 500, y0), xytext=(0, 4), textcoords="offset points",
                ha="center", fontsize=8)

    legend = fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.67, 0.88),
                        frameon=False, fontsize=8, title=_t("map_legend", lang),
                        title_fontsize=10, alignment="left")
    legend._legend_box.align = "left"
    as_of = maps._as_of_text(meta, lang)
    fig.text(0.02, 0.955, f"{ind.label(lang)} {_t('map_by_rione', lang)} · Legnano",
             fontsize=15, weight="bold")
    sub = [f"{_t('map_as_of', lang)} {as_of}"]
    if demo:
        sub.append("Dati dimostrativi" + ("" if lang == "it" else " (demo data)"))
    fig.text(0.02, 0.925, " · ".join(sub), fontsize=10)
    if schematic:
        fig.text(0.02, 0.895, f"\u26a0 {_t('map_schematic', lang)}: {_t('map_schematic_note', lang)}",
                 fontsize=9.5, weight="bold", color="#6b4e00",
                 bbox={"facecolor": "#fff3cd", "edgecolor": "#b8860b", "boxstyle": "round,pad=0.3"})
    source = (meta or {}).get("source") or ("Dati dimostrativi" if demo else "")
    footer = (f"{_t('map_source', lang)}: {source} · {_t('map_boundary_source', lang)}"
              + (" · " + _t("map_schematic", lang) if schematic else "")
              + f" · Tavolo Casa, {i18n.fmt_date(dt.date.today(), lang)}")
    fig.text(0.02, 0.03, _plain(footer), fontsize=7, wrap=True, color="#333333")
    buffer = io.BytesIO()
    meta_pdf = {"Title": f"{ind.label(lang)} - Tavolo Casa", "Creator": "Tavolo Casa"}
    fig.savefig(buffer, format=fmt, dpi=dpi, facecolor="white",
                metadata=meta_pdf if fmt == "pdf" else {"Title": meta_pdf["Title"]})
    return buffer.getvalue()


def downloads(frames: dict[str, pd.DataFrame], indicator: str, offline: bool = False,
              **kwargs) -> list[tuple[str, str, str, object]]:
    """The page's download buttons: (text key, extension, MIME type, function making the
    bytes when clicked). ``kwargs``: lang, layers, sites, meta, demo."""
    lang = kwargs.get("lang", "it")
    layer_args = {k: kwargs[k] for k in ("layers", "sites") if k in kwargs}
    gdfs = lambda: layers_gdf(frames, indicator, lang, **layer_args)  # noqa: E731
    note_args = {"meta": kwargs.get("meta") or {}, "lang": lang,
                 "demo": maps.is_demo(frames) if kwargs.get("demo") is None else kwargs["demo"]}
    return [
        ("map_png", "png", "image/png", lambda: static_map(frames, indicator, fmt="png", **kwargs)),
        ("map_pdf", "pdf", "application/pdf",
         lambda: static_map(frames, indicator, fmt="pdf", **kwargs)),
        ("map_geojson", "geojson", "application/geo+json", lambda: to_geojson(gdfs(), **note_args)),
        ("map_gpkg", "gpkg", "application/geopackage+sqlite3", lambda: to_geopackage(gdfs(), **note_args)),
        ("map_html", "html", "text/html",
         lambda: maps.standalone_html(frames, indicator, offline=offline, **kwargs)),
    ]
