"""The static map (PNG or PDF, matplotlib) drawn from the view model (tavolo.map_model), in
two styles: ``page`` (A4 landscape: title, as-of date, flags, legend, source) and
``meeting`` (the projector: large labels, no title of its own), and the Mappa page's
download buttons. The GIS exports live in tavolo.map_gis. No Streamlit here.

Each area is filled by class AND hatched by class AND carries its value, so colour is
never the only signal; buildings have one marker shape per owner (hollow: approximate
position). Labels are placed at the figure's scale so that none overlaps another
(:func:`tavolo.map_model.place_labels`); the legend and title sit outside the areas.
"""

from __future__ import annotations

import datetime as dt
import io

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import shapely  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch, PathPatch  # noqa: E402
from matplotlib.path import Path as MplPath  # noqa: E402

from tavolo import geodata, i18n, map_gis  # noqa: E402
from tavolo.map_gis import LAYERS, layers_gdf, to_geojson, to_geopackage  # noqa: E402, F401
from tavolo.map_model import MapModel, map_model, place_labels  # noqa: E402
from tavolo import map_model as mm  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PDF_SIGNATURE = b"%PDF-"
HATCHES = ["", "..", "//", "xx", "++", "**"]
OWNER_MARKERS = ["o", "s", "^", "D", "v", "P"]
LABEL_GID = "area-label"
STYLES = {  # figure size (in), axes box, label font (pt), legend font, building marker size
    "page": {"size": (11.69, 8.27), "axes": [0.02, 0.09, 0.64, 0.79], "label": 7.5, "legend": 8,
             "marker": 22},
    "meeting": {"size": (15.0, 7.0), "axes": [0.01, 0.06, 0.62, 0.93], "label": 13, "legend": 12,
                "marker": 60},
}


def _plain(text: object) -> str:
    """Text from data drawn as written: matplotlib would read '$...$' as a formula."""
    return str(text).replace("$", r"\$")


def _path(geom) -> MplPath:
    """A (multi)polygon as one matplotlib path, holes included (drawn directly: geopandas'
    plot() redraws the whole figure at each call)."""
    vertices, codes = [], []
    for poly in getattr(geom, "geoms", [geom]):
        for ring in [poly.exterior, *poly.interiors]:
            xy = np.asarray(ring.coords)[:, :2]
            vertices.append(xy)
            codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(xy) - 2) + [MplPath.CLOSEPOLY]
    return MplPath(np.concatenate(vertices), codes)


def _dark(cls: int, n: int) -> bool:
    return cls >= max(n - 2, 2)  # white hatch on dark fills


def _draw_labels(ax, fig, model: MapModel, polys: list, font: float) -> None:
    """The areas' names and values, placed at this figure's scale without overlap: each
    label is drawn once to measure its box, then moved to its place."""
    pad = 0.45
    anchors = mm.anchors_metric(polys)
    texts = []
    for area, (x, y) in zip(model.areas, anchors):
        text = ax.text(x, y, _plain(area.name) + "\n" + _plain(area.value_text), ha="center",
                       va="center", fontsize=font, color="#1a1a1a", zorder=8, linespacing=1.25,
                       bbox={"boxstyle": f"round,pad={pad}", "facecolor": "white",
                             "edgecolor": "none", "alpha": 0.85, "linewidth": 0.6})
        text.set_gid(LABEL_GID)
        texts.append(text)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    m_per_px = (x1 - x0) / ax.get_window_extent(renderer).width
    gap_px = 3
    sizes = np.array([[(e.width + gap_px) * m_per_px, (e.height + gap_px) * m_per_px]
                      for e in (t.get_bbox_patch().get_window_extent(renderer) for t in texts)])
    places = place_labels(polys, anchors, sizes, (x0, y0, x1, y1))
    for text, (axx, ayy), (w, h), place in zip(texts, anchors, sizes, places):
        if place is None:
            text.remove()
            continue
        x, y, tier = place
        text.set_position((x, y))
        if tier == 2:
            ex, ey = mm.leader_end((axx, ayy), (x, y), w, h)
            ax.plot([axx, ex], [ayy, ey], color="#1a1a1a", linewidth=1.0, zorder=7)
            ax.plot([axx], [ayy], marker="o", markersize=3, color="#1a1a1a", zorder=7)
            text.get_bbox_patch().set_edgecolor("#1a1a1a")


def figure(model: MapModel, *, layers=LAYERS, sites: pd.DataFrame | None = None,
           radius_m: float = 1000.0, style: str = "page", source: str | None = None,
           dpi: int = 150) -> Figure:
    """The static map as a matplotlib Figure (see the module's docstring)."""
    spec = STYLES[style]
    layers = tuple(layers)
    lang, ind = model.lang, model.indicator
    t = lambda key: i18n.t(key, lang)  # noqa: E731
    metric = geodata.METRIC_CRS
    boundary = geodata.boundary().to_crs(metric)
    town = shapely.union_all(boundary.geometry.to_numpy())
    polys = mm.metric_geometry(model.areas)

    fig = Figure(figsize=spec["size"], dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_axes(spec["axes"])
    ax.set_axis_off()
    minx, miny, maxx, maxy = town.bounds
    pad = 400
    # widen the shorter side so that one metre is as long across as up (aspect 1)
    box_w = spec["axes"][2] * spec["size"][0]
    box_h = spec["axes"][3] * spec["size"][1]
    span_x, span_y = maxx - minx + 2 * pad, maxy - miny + 2 * pad
    scale = max(span_x / box_w, span_y / box_h)
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    ax.set_xlim(cx - scale * box_w / 2, cx + scale * box_w / 2)
    ax.set_ylim(cy - scale * box_h / 2, cy + scale * box_h / 2)
    ax.set_aspect("equal", adjustable="box")
    ax.set_facecolor("#e6e3dc")
    outer = shapely.box(minx - 5000, miny - 5000, maxx + 5000, maxy + 5000).difference(town)
    ax.add_patch(PathPatch(_path(outer), facecolor="#d9d5cc", linewidth=0))
    fig.canvas.draw()  # fix the axes' final extent before labels are measured

    handles: list = []
    n = len(model.colours)
    if "rioni" in layers:
        for area, geom in zip(model.areas, polys):
            hatch = "" if area.cls is None else HATCHES[area.cls % len(HATCHES)]
            dark = area.cls is not None and _dark(area.cls, n)
            ax.add_patch(PathPatch(_path(geom), facecolor=area.fill, edgecolor="#333333",
                                   linewidth=0.9, linestyle="--" if model.schematic else "-",
                                   hatch=hatch, hatchcolor="#ffffff" if dark else "#333333"))
        handles.append(Patch(facecolor="none", edgecolor="none",
                             label=f"{ind.label(lang)}\n({t('map_unit')}: {ind.unit(lang)})"))
        for i, (colour, label) in enumerate(model.legend):
            missing = i >= n
            handles.append(Patch(facecolor=colour, edgecolor="#333333", label=label,
                                 hatch="" if missing else HATCHES[i % len(HATCHES)],
                                 hatchcolor="#ffffff" if not missing and _dark(i, n) else "#333333"))
        if model.suppression_note:
            handles.append(Patch(facecolor="none", edgecolor="none", label=model.suppression_note))
    if "consulte" in layers:
        for geom in geodata.consulte_areas().to_crs(metric).geometry:
            ax.add_patch(PathPatch(_path(geom), facecolor="none", edgecolor="#1a1a1a",
                                   linewidth=2.2, linestyle=(0, (6, 4))))
        handles.append(Line2D([], [], color="#1a1a1a", linewidth=2.2, linestyle=(0, (6, 4)),
                              label=t("map_layer_consulte")))
    if "boundary" in layers:
        ax.add_patch(PathPatch(_path(town), facecolor="none", edgecolor="#1a1a1a", linewidth=1.8))
        handles.append(Line2D([], [], color="#1a1a1a", linewidth=1.6, label=t("map_layer_boundary")))
    table = model.buildings.dropna(subset=["lat", "lon"])
    names = dict(model.owner_names)
    size = spec["marker"] / (2 if len(table) > 1000 else 1)
    if "buildings" in layers and len(table):
        pts = geodata.points_gdf(table).to_crs(metric)
        for i, (owner, colour) in enumerate(model.owner_colours):
            marker = OWNER_MARKERS[i % len(OWNER_MARKERS)]
            mine = pts[pts["owner_id"] == owner]
            exact, approx = mine[~mine["approximate"]], mine[mine["approximate"]]
            ax.scatter(exact.geometry.x, exact.geometry.y, s=size, c=colour, marker=marker,
                       edgecolors="#1a1a1a", linewidths=0.6, zorder=5)
            ax.scatter(approx.geometry.x, approx.geometry.y, s=size, facecolors="white",
                       marker=marker, edgecolors=colour, linewidths=1.4, zorder=5)
            handles.append(Line2D([], [], marker=marker, linestyle="", markerfacecolor=colour,
                                  markeredgecolor="#1a1a1a",
                                  label=_plain(f"{t('map_buildings_of')} {names.get(owner, owner)}")))
        handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor="white",
                              markeredgecolor="#555555", markeredgewidth=1.4, label=t("map_approximate")))
    if "programmes" in layers:
        prog = table[table["programme_id"].notna()]
        if len(prog):
            pts = geodata.points_gdf(prog).to_crs(metric)
            ax.scatter(pts.geometry.x, pts.geometry.y, s=70, marker="D", facecolors="white",
                       edgecolors="#1a1a1a", linewidths=1.5, zorder=6)
            handles.append(Line2D([], [], marker="D", linestyle="", markerfacecolor="white",
                                  markeredgecolor="#1a1a1a", label=t("map_layer_programmes")))
    if "maintenance" in layers and not model.maintenance.empty:
        best = model.maintenance.groupby("building_id")["rank"].min()
        mine = table[table["building_id"].isin(best.index)]
        if len(mine):
            pts = geodata.points_gdf(mine).to_crs(metric)
            ax.scatter(pts.geometry.x, pts.geometry.y, s=size * 4, marker="o", facecolors="none",
                       edgecolors="#7a1f00", linewidths=1.8, zorder=6)
            handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor="none",
                                  markersize=10, markeredgecolor="#7a1f00", markeredgewidth=1.8,
                                  label=t("map_layer_maintenance")))
    if "offices" in layers and len(model.offices):
        pts = geodata.points_gdf(model.offices).to_crs(metric)
        ax.scatter(pts.geometry.x, pts.geometry.y, s=80, marker="s", c="#1a1a1a",
                   edgecolors="white", linewidths=1.2, zorder=8)
        handles.append(Line2D([], [], marker="s", linestyle="", markerfacecolor="#1a1a1a",
                              markeredgecolor="white", label=t("map_layer_offices")))
    if "sites" in layers and sites is not None and len(sites):
        pts = geodata.points_gdf(sites).to_crs(metric)
        best, others = pts[pts["rank"] == 1], pts[pts["rank"] != 1]
        ax.scatter(others.geometry.x, others.geometry.y, s=90, c="#F0E442", edgecolors="#1a1a1a",
                   zorder=9)
        for x, y, rank in zip(others.geometry.x, others.geometry.y, others["rank"]):
            ax.annotate(str(int(rank)), (x, y), ha="center", va="center", fontsize=6.5, zorder=10)
        ax.scatter(best.geometry.x, best.geometry.y, s=260, marker="*", c="#D55E00",
                   edgecolors="#1a1a1a", zorder=10)
        for geom in best.geometry:
            ax.add_patch(PathPatch(_path(geom.buffer(radius_m)), facecolor="none",
                                   edgecolor="#D55E00", linewidth=1.4, linestyle="--", zorder=9))
        handles.append(Line2D([], [], marker="*", linestyle="", markersize=12, markerfacecolor="#D55E00",
                              markeredgecolor="#1a1a1a", label=t("map_best_site")))
    if "rioni" in layers:
        _draw_labels(ax, fig, model, polys, spec["label"])

    # scale bar: 1 km, metric only
    x0, y0 = minx, miny - pad * 0.6
    ax.plot([x0, x0 + 1000], [y0, y0], color="#1a1a1a", linewidth=3, solid_capstyle="butt")
    ax.annotate("1 km", (x0 + 500, y0), xytext=(0, 4), textcoords="offset points", ha="center",
                fontsize=spec["legend"])
    right = spec["axes"][0] + spec["axes"][2] + 0.01
    legend = fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(right, spec["axes"][1] + spec["axes"][3]),
                        frameon=False, fontsize=spec["legend"], title=t("map_legend"),
                        title_fontsize=spec["legend"] + 2, alignment="left")
    legend._legend_box.align = "left"
    if style == "page":
        fig.text(0.02, 0.955, _plain(f"{model.title} · Legnano"), fontsize=15, weight="bold")
        sub = [f"{t('map_as_of')} {model.as_of}"] + ([t("map_demo_flag")] if model.demo else [])
        fig.text(0.02, 0.925, " · ".join(sub), fontsize=10)
        if model.schematic:
            fig.text(0.02, 0.895, f"\u26a0 {t('map_schematic')}: {t('map_schematic_note')}",
                     fontsize=9.5, weight="bold", color="#6b4e00",
                     bbox={"facecolor": "#fff3cd", "edgecolor": "#b8860b", "boxstyle": "round,pad=0.3"})
        footer = (f"{t('map_source')}: {source or ''} · {t('map_boundary_source')}"
                  + (" · " + t("map_schematic") if model.schematic else "")
                  + f" · Tavolo Casa, {i18n.fmt_date(dt.date.today(), lang)}")
        fig.text(0.02, 0.03, _plain(footer), fontsize=7, wrap=True, color="#333333")
    else:
        note = t("map_meeting_note") + (f" · {t('map_demo_flag')}" if model.demo else "")
        fig.text(0.01, 0.015, note, fontsize=spec["legend"] - 1, color="#1a1a1a")
    return fig


def render(model: MapModel, fmt: str = "png", dpi: int = 150, **kwargs) -> bytes:
    """The static map of ``model`` as PNG or PDF bytes (``kwargs``: see :func:`figure`)."""
    if fmt not in ("png", "pdf"):
        raise ValueError("fmt must be 'png' or 'pdf'")
    fig = figure(model, dpi=dpi, **kwargs)
    buffer = io.BytesIO()
    title = f"{model.indicator.label(model.lang)} - Tavolo Casa"
    fig.savefig(buffer, format=fmt, dpi=dpi, facecolor="white",
                metadata={"Title": title, "Creator": "Tavolo Casa"} if fmt == "pdf" else {"Title": title})
    return buffer.getvalue()


def static_map(frames: dict[str, pd.DataFrame], indicator: str = "flats_total",
               lang: str = "it", fmt: str = "png", layers=LAYERS,
               sites: pd.DataFrame | None = None, rioni_gdf=None, meta: dict | None = None,
               demo: bool | None = None, dpi: int = 150, radius_m: float = 1000.0,
               model: MapModel | None = None) -> bytes:
    """The map as a PNG or PDF (A4 landscape, style ``page``)."""
    if fmt not in ("png", "pdf"):
        raise ValueError("fmt must be 'png' or 'pdf'")
    model = model or map_model(frames, indicator, lang, meta=meta, demo=demo, areas=rioni_gdf)
    source = (meta or {}).get("source") or (i18n.t("map_demo_flag", lang) if model.demo else "")
    return render(model, fmt, dpi, layers=layers, sites=sites, radius_m=radius_m, source=source)


def meeting_png(model: MapModel, dpi: int = 110) -> bytes:
    """The meeting screen's map: large labels, rioni, buildings and boundary."""
    return render(model, "png", dpi, layers=("rioni", "boundary", "buildings"), style="meeting")


def downloads(frames: dict[str, pd.DataFrame], indicator: str, offline: bool = False,
              model: MapModel | None = None, **kwargs) -> list[tuple[str, str, str, object]]:
    """The page's download buttons: (text key, extension, MIME type, function making the
    bytes when clicked). ``kwargs``: lang, layers, sites, meta, demo."""
    from tavolo import maps

    lang = kwargs.get("lang", "it")
    model = model or map_model(frames, indicator, lang, meta=kwargs.get("meta"), demo=kwargs.get("demo"))
    layer_args = {k: kwargs[k] for k in ("layers", "sites") if k in kwargs}
    gdfs = lambda: layers_gdf(frames, indicator, lang, model=model, **layer_args)  # noqa: E731
    note_args = {"meta": kwargs.get("meta") or {}, "lang": lang, "demo": model.demo}
    static_args = {k: v for k, v in kwargs.items() if k in ("layers", "sites", "meta")}
    return [
        ("map_png", "png", "image/png",
         lambda: static_map(frames, indicator, fmt="png", model=model, **static_args)),
        ("map_pdf", "pdf", "application/pdf",
         lambda: static_map(frames, indicator, fmt="pdf", model=model, **static_args)),
        ("map_geojson", "geojson", "application/geo+json",
         lambda: map_gis.to_geojson(gdfs(), **note_args)),
        ("map_gpkg", "gpkg", "application/geopackage+sqlite3",
         lambda: map_gis.to_geopackage(gdfs(), **note_args)),
        ("map_html", "html", "text/html",
         lambda: maps.standalone_html(frames, indicator, offline=offline, model=model, **kwargs)),
    ]
