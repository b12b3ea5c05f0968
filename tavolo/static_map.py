"""A static map of the rioni (PNG bytes, matplotlib), for the meeting pack and the
projector: no tiles, no browser, no network, labels large enough to read from afar.

Each rione is filled by class of the indicator AND hatched by class AND carries its value
written on it, so that colour is never the only signal; buildings are drawn with one
marker shape per owner. The areas are schematic and positions approximate: the map says so.

    >>> png = rioni_png(frames, "flats_total", lang="it")   # b"\\x89PNG..."
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # no display on the server

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.patches import Patch, PathPatch  # noqa: E402
from matplotlib.path import Path as MplPath  # noqa: E402

from tavolo import geodata, map_data  # noqa: E402

HATCHES = ["", "..", "//", "xx", "++", "**"]
OWNER_MARKERS = ["o", "s", "^", "D", "v", "P"]


def _path(geom) -> MplPath:
    """A (multi)polygon as one matplotlib path, holes included. Drawn directly: geopandas'
    plot() redraws the whole figure at each call (seconds for ten rioni)."""
    polygons = list(getattr(geom, "geoms", [geom]))
    vertices, codes = [], []
    for poly in polygons:
        for ring in [poly.exterior, *poly.interiors]:
            xy = np.asarray(ring.coords)[:, :2]
            vertices.append(xy)
            codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(xy) - 2) + [MplPath.CLOSEPOLY]
    return MplPath(np.concatenate(vertices), codes)


def _owner_style(owner_ids) -> dict[str, tuple[str, str]]:
    colours = map_data.owner_colours(owner_ids)
    return {o: (colours[o], OWNER_MARKERS[i % len(OWNER_MARKERS)]) for i, o in enumerate(owner_ids)}


def rioni_png(frames: dict[str, pd.DataFrame], indicator: str = "flats_total", lang: str = "it",
              size: tuple[float, float] = (11.0, 8.0), dpi: int = 150, large: bool = False,
              title: bool = True) -> bytes:
    """The rioni coloured, hatched and labelled by ``indicator`` (a key of
    ``map_data.indicators``), the buildings by owner, the boundary; PNG bytes."""
    inds = map_data.indicators(frames)
    ind = inds[indicator]
    gdf = map_data.rioni_with_indicators(frames)
    edges = map_data.class_breaks(gdf[indicator], ind.kind)
    n_classes = len(edges) - 1
    colours = map_data.palette(n_classes)
    labels = map_data.class_labels(edges, ind, lang)
    classes = [map_data.class_of(v, edges) for v in gdf[indicator]]
    base = 15 if large else 10

    fig, ax = plt.subplots(figsize=size, dpi=dpi)
    try:
        for geom, cls in zip(gdf.geometry, classes):
            if geom is None or geom.is_empty:
                continue
            colour = map_data.MISSING_COLOUR if cls is None else colours[cls]
            hatch = "" if cls is None else HATCHES[cls % len(HATCHES)]
            dark = cls is not None and cls >= max(n_classes - 2, 2)  # white hatch on dark fills
            ax.add_patch(PathPatch(_path(geom), facecolor=colour, edgecolor="#333333", linewidth=1.2,
                                   hatch=hatch, hatchcolor="#FFFFFF" if dark else "#333333"))
        for geom in geodata.boundary().geometry:
            ax.add_patch(PathPatch(_path(geom), facecolor="none", edgecolor="#000000", linewidth=2.0))
        minx, miny, maxx, maxy = gdf.total_bounds
        pad_x, pad_y = (maxx - minx) * 0.02, (maxy - miny) * 0.02
        ax.set_xlim(minx - pad_x, maxx + pad_x)
        ax.set_ylim(miny - pad_y, maxy + pad_y)
        buildings = frames["buildings"].dropna(subset=["lat", "lon"])
        styles = _owner_style(list(frames["owners"]["owner_id"]))
        owner_handles = []
        for owner, (colour, marker) in styles.items():
            mine = buildings[buildings["owner_id"] == owner]
            if mine.empty:
                continue
            ax.scatter(mine["lon"], mine["lat"], s=(70 if large else 40), c=colour, marker=marker,
                       edgecolors="#000000", linewidths=0.8, zorder=4)
            owner_handles.append(plt.Line2D([], [], linestyle="", marker=marker, markersize=10,
                                            markerfacecolor=colour, markeredgecolor="#000000",
                                            label=owner))
        for (_, row), value in zip(gdf.iterrows(), gdf[indicator]):
            point = row.geometry.representative_point()
            ax.annotate(f"{row['name']}\n{ind.fmt(value, lang)}", (point.x, point.y), ha="center",
                        va="center", fontsize=base, fontweight="bold", color="#000000", zorder=5,
                        bbox={"boxstyle": "round,pad=0.25", "facecolor": "#FFFFFF",
                              "edgecolor": "#000000", "alpha": 0.85, "linewidth": 0.8})
        class_handles = [Patch(facecolor=colours[i], edgecolor="#333333", hatch=HATCHES[i % len(HATCHES)],
                               hatchcolor="#FFFFFF" if i >= max(n_classes - 2, 2) else "#333333",
                               label=labels[i]) for i in range(n_classes)]
        legend = ax.legend(handles=class_handles + owner_handles, loc="upper left",
                           bbox_to_anchor=(1.01, 1.0), fontsize=base - 1, frameon=True,
                           title=f"{ind.label(lang)}\n({ind.unit(lang)})", title_fontsize=base - 1)
        legend.get_frame().set_edgecolor("#000000")
        ax.set_axis_off()
        ax.set_aspect(1 / 0.7)  # about 1/cos(45.6°): metres look square at Legnano's latitude
        if title:
            ax.set_title(ind.label(lang), fontsize=base + 4, fontweight="bold", loc="left")
        note = ("Aree dei rioni schematiche (non confini ufficiali); posizioni degli edifici "
                "approssimate dove indicato." if lang == "it" else
                "Schematic rioni areas (not official boundaries); building positions approximate "
                "where flagged.")
        fig.text(0.01, 0.01, note, fontsize=base - 2, color="#1A1A1A")
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi, facecolor="#FFFFFF")
        return buffer.getvalue()
    finally:
        plt.close(fig)
