"""The one view model of the map: what the folium map (tavolo.maps), the static PNG/PDF
(tavolo.map_export) and the meeting screen draw. Pure data, no HTML, no Streamlit, no
drawing library: ``map_model(frames, indicator, lang)`` returns a frozen :class:`MapModel`.

Areas are generic: rioni by default (``geodata.rioni_areas`` and
``map_data.rione_indicators``); pass ``areas`` (a GeoDataFrame with ``area_id``, ``name``,
``geometry`` in EPSG:4326 and optionally ``kind`` = ``"comune"``, ``group_id``) and
``values`` (``area_id`` plus one column per indicator) to draw comuni instead.

Labels are placed here, once, so that no two labels overlap (small areas keep their spot,
the others move; a label that cannot sit in its area gets a leader line to it). The
interactive map zooms, so labels are placed for each zoom of :data:`ZOOMS` in screen
pixels; a placement valid at zoom z stays valid at every larger zoom (boxes shrink on the
ground, the anchors do not move). The static renderer places its own labels with
:func:`place_labels` at its scale and font.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from tavolo import geodata, i18n, loading, map_data

# Zoom levels the interactive map has label placements for (Leaflet zoom, fractional).
ZOOMS = (11.0, 11.5, 12.0, 12.5, 13.0, 13.5, 14.0, 15.0, 16.0)
# The interactive label: name 12px, value bold 14px (map.css .tv-label); generous widths.
NAME_PX, VALUE_PX, LINE = 12.0, 14.0, 1.25
CHAR_EM, BOLD_EM = 0.6, 0.66
LABEL_PAD_PX = 4.0


@dataclass(frozen=True)
class Area:
    """One drawn area (a rione, or a comune of an ambito) with its class."""

    area_id: str
    name: str
    kind: str
    group_id: str | None
    geometry: object  # shapely (Multi)Polygon, EPSG:4326
    value: float | None
    value_text: str
    cls: int | None
    fill: str


@dataclass(frozen=True)
class Label:
    """One area's label, centred at ``position`` (lon, lat); ``anchor`` is the point inside
    the area it names; with ``leader`` a line joins ``anchor`` to ``leader_end`` (the edge
    of the label's box). ``box`` is the label's box in metres (METRIC_CRS)."""

    area_id: str
    name: str
    value_text: str
    anchor: tuple[float, float]
    position: tuple[float, float]
    leader: bool
    leader_end: tuple[float, float]
    box: tuple[float, float, float, float]


@dataclass(frozen=True)
class MapModel:
    """Everything a renderer needs; frozen, shared by the cache (do not mutate frames)."""

    indicator: map_data.Indicator
    lang: str
    indicators: tuple[map_data.Indicator, ...]  # every indicator offered, in menu order
    area_kind: str
    areas: tuple[Area, ...]
    values: pd.DataFrame = field(repr=False)  # one row per area, every indicator
    edges: tuple[float, ...] = ()
    colours: tuple[str, ...] = ()
    class_labels: tuple[str, ...] = ()
    has_missing: bool = False
    label_sets: tuple[tuple[float, tuple[Label, ...]], ...] = ()
    buildings: pd.DataFrame = field(default=None, repr=False)  # map_data.building_table
    maintenance: pd.DataFrame = field(default=None, repr=False)  # open items, ranked
    offices: pd.DataFrame = field(default=None, repr=False)  # operational offices
    places: tuple[tuple[float, float, str], ...] = ()  # (lat, lon, name) landmarks
    owner_colours: tuple[tuple[str, str], ...] = ()
    owner_names: tuple[tuple[str, str], ...] = ()
    bounds: tuple[float, float, float, float] = (0, 0, 0, 0)  # lon/lat of the boundary
    schematic: bool = False
    demo: bool = False
    as_of: str = ""
    below: int = 5
    outside: int = 0  # applications with no area of residence

    # -- texts every renderer writes the same way
    @property
    def title(self) -> str:
        return f"{self.indicator.label(self.lang)} {i18n.t(f'map_by_{self.area_kind}', self.lang)}"

    @property
    def legend_title(self) -> str:
        return f"{self.indicator.label(self.lang)} ({self.indicator.unit(self.lang)})"

    @property
    def legend(self) -> list[tuple[str, str]]:
        """(colour, label) of each class, then the missing class when some area has it."""
        out = list(zip(self.colours, self.class_labels))
        if self.has_missing:
            out.append((map_data.MISSING_COLOUR, i18n.t("map_not_available", self.lang)))
        return out

    @property
    def suppression_note(self) -> str | None:
        if not self.indicator.suppressed:
            return None
        return i18n.t("map_suppressed_note", self.lang).format(
            n=i18n.fmt_int(self.below - 1, self.lang), below=i18n.fmt_int(self.below, self.lang))

    def count_text(self, n, suppressed: bool = True) -> str:
        """A count as written on the map (small counts of suppressed figures as '< n')."""
        n = int(n or 0)
        if suppressed and 0 < n < self.below:
            return f"< {i18n.fmt_int(self.below, self.lang)}"
        return i18n.fmt_int(n, self.lang)

    def labels_at(self, zoom: float) -> tuple[Label, ...]:
        """The placement for the largest computed zoom not above ``zoom`` (none below)."""
        chosen: tuple[Label, ...] = ()
        for z, labels in self.label_sets:
            if z <= zoom + 1e-9:
                chosen = labels
        return chosen

    def areas_gdf(self) -> gpd.GeoDataFrame:
        """The areas as a GeoDataFrame (EPSG:4326): area_id, name, kind, group_id, value,
        value_text, class, fill."""
        rows = [{"area_id": a.area_id, "name": a.name, "kind": a.kind, "group_id": a.group_id,
                 "value": a.value, "value_text": a.value_text, "class": a.cls, "fill": a.fill}
                for a in self.areas]
        gdf = gpd.GeoDataFrame(rows, geometry=[a.geometry for a in self.areas],
                               crs=geodata.STORAGE_CRS)
        gdf["class"] = pd.array(list(gdf["class"]), dtype="Int64")
        return gdf


# ------------------------------------------------------------------------------ labels


def _to_metric() -> pyproj.Transformer:
    return pyproj.Transformer.from_crs(geodata.STORAGE_CRS, geodata.METRIC_CRS, always_xy=True)


def _to_storage() -> pyproj.Transformer:
    return pyproj.Transformer.from_crs(geodata.METRIC_CRS, geodata.STORAGE_CRS, always_xy=True)


def anchor_of(geom) -> shapely.Point:
    """The point inside an area its label names (pole of inaccessibility of its largest part)."""
    part = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)
    try:
        return shapely.ops.polylabel(part, tolerance=max(math.sqrt(part.area) / 200, 1e-6))
    except Exception:  # noqa: BLE001 - a degenerate part: the representative point will do
        return part.representative_point()


def place_labels(polys: list, anchors: np.ndarray, sizes: np.ndarray, frame=None,
                 gap: float = 0.0) -> list[tuple[float, float, int] | None]:
    """Label centres that do not overlap: ``polys`` the areas, ``anchors`` (n, 2) and
    ``sizes`` (n, 2: width, height) in the same metric units, ``frame`` the (minx, miny,
    maxx, maxy) every box must stay in. Smaller areas are placed first; each label takes
    the free candidate nearest its anchor, preferring its box inside its own area (tier
    0), then its centre inside (tier 1), then outside with a leader (tier 2). Returns
    (x, y, tier) per label, or None where no free place exists."""
    n = len(polys)
    out: list = [None] * n
    placed = np.zeros((0, 4))
    for poly in polys:
        shapely.prepare(poly)
    for i in sorted(range(n), key=lambda k: polys[k].area):
        w, h = sizes[i]
        ax, ay = anchors[i]
        step = max(min(w, h) / 3, 1e-9)
        k = math.ceil(5 * max(w, h) / step)
        offsets = step * np.arange(-k, k + 1)  # 0 included: the anchor itself
        gx, gy = np.meshgrid(offsets, offsets)
        cx, cy = ax + gx.ravel(), ay + gy.ravel()
        boxes = np.column_stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2])
        ok = np.ones(len(cx), dtype=bool)
        if frame is not None:
            ok &= ((boxes[:, 0] >= frame[0]) & (boxes[:, 1] >= frame[1])
                   & (boxes[:, 2] <= frame[2]) & (boxes[:, 3] <= frame[3]))
        for b in placed:
            ok &= ~((boxes[:, 0] < b[2] + gap) & (boxes[:, 2] > b[0] - gap)
                    & (boxes[:, 1] < b[3] + gap) & (boxes[:, 3] > b[1] - gap))
        if not ok.any():
            continue
        cx, cy, boxes = cx[ok], cy[ok], boxes[ok]
        poly = polys[i]
        centre_in = shapely.contains_xy(poly, cx, cy)
        corners_in = centre_in.copy()
        for x_col, y_col in ((0, 1), (0, 3), (2, 1), (2, 3)):
            corners_in &= shapely.contains_xy(poly, boxes[:, x_col], boxes[:, y_col])
        tier = np.where(corners_in, 0, np.where(centre_in, 1, 2))
        distance = np.hypot(cx - ax, cy - ay)
        best = int(np.argmin(tier * 1e12 + distance))
        out[i] = (float(cx[best]), float(cy[best]), int(tier[best]))
        placed = np.vstack([placed, boxes[best]])
    return out


def leader_end(anchor: tuple[float, float], centre: tuple[float, float], w: float,
               h: float) -> tuple[float, float]:
    """Where the segment from ``anchor`` to the box centred at ``centre`` meets the box."""
    dx, dy = centre[0] - anchor[0], centre[1] - anchor[1]
    scale = min((w / 2) / abs(dx) if dx else math.inf, (h / 2) / abs(dy) if dy else math.inf, 1.0)
    return centre[0] - dx * scale, centre[1] - dy * scale


def label_size_px(name: str, value_text: str) -> tuple[float, float]:
    """The interactive label's box in pixels (name line, bold value line, padding)."""
    width = max(len(name) * NAME_PX * CHAR_EM, len(value_text) * VALUE_PX * BOLD_EM)
    return width + 2 * LABEL_PAD_PX, (NAME_PX + VALUE_PX) * LINE + 2 * LABEL_PAD_PX


def metres_per_px(zoom: float, lat: float) -> float:
    """Ground metres per screen pixel of a Web-Mercator map at ``zoom``."""
    return 156543.03392 * math.cos(math.radians(lat)) / 2 ** zoom


def _labels(areas: list[Area], polys: list, anchors: np.ndarray, sizes: np.ndarray,
            frame) -> tuple[Label, ...]:
    places = place_labels(polys, anchors, sizes, frame)
    back = _to_storage()
    out = []
    for area, anchor, size, place in zip(areas, anchors, sizes, places):
        if place is None:
            continue
        x, y, tier = place
        end = leader_end(tuple(anchor), (x, y), *size) if tier == 2 else (x, y)
        lon, lat = back.transform(x, y)
        alon, alat = back.transform(*anchor)
        elon, elat = back.transform(*end)
        out.append(Label(area.area_id, area.name, area.value_text, (round(alon, 6), round(alat, 6)),
                         (round(lon, 6), round(lat, 6)), tier == 2, (round(elon, 6), round(elat, 6)),
                         (x - size[0] / 2, y - size[1] / 2, x + size[0] / 2, y + size[1] / 2)))
    return tuple(out)


def metric_geometry(areas: tuple[Area, ...]) -> list:
    gdf = gpd.GeoSeries([a.geometry for a in areas], crs=geodata.STORAGE_CRS)
    return list(gdf.to_crs(geodata.METRIC_CRS))


def anchors_metric(polys: list) -> np.ndarray:
    return np.array([[p.x, p.y] for p in (anchor_of(g) for g in polys)]) if polys else np.zeros((0, 2))


def _label_sets(areas: tuple[Area, ...], lat: float) -> tuple:
    polys = metric_geometry(areas)
    anchors = anchors_metric(polys)
    px = np.array([label_size_px(a.name, a.value_text) for a in areas]) if areas else np.zeros((0, 2))
    union = shapely.union_all(polys) if polys else shapely.Point(0, 0)
    minx, miny, maxx, maxy = union.bounds
    sets: list = []
    for zoom in ZOOMS:
        sizes = px * metres_per_px(zoom, lat)
        margin = float(sizes[:, 1].max()) * 2 if len(sizes) else 0.0
        frame = (minx - margin, miny - margin, maxx + margin, maxy + margin)
        labels = _labels(list(areas), polys, anchors, sizes, frame)
        same = sets and [(lab.area_id, lab.position) for lab in sets[-1][1]] == \
            [(lab.area_id, lab.position) for lab in labels]
        if not same:  # a placement valid at a zoom stays valid above it
            sets.append((zoom, labels))
    return tuple(sets)


# ------------------------------------------------------------------------------- model


def _maintenance(frames: dict[str, pd.DataFrame], lang: str) -> pd.DataFrame:
    """The open items of the Gestione priority list (read only): building_id, rank,
    element and status as written, works."""
    from tavolo import gestione_priorities, schema

    cols = ["building_id", "item_id", "rank", "element", "status", "works"]
    if "maintenance_items" not in frames or frames["maintenance_items"].empty:
        return pd.DataFrame(columns=cols)
    items = gestione_priorities.scored(frames)
    items = items[items["status"].isin(gestione_priorities.OPEN_STATUSES)].copy()
    items["element"] = [schema.label(schema.MAINT_ELEMENT, e, lang) for e in items["element"]]
    items["status"] = [schema.label(schema.MAINT_STATUS, s, lang) for s in items["status"]]
    return items[cols].sort_values("rank").reset_index(drop=True)


def _as_of(meta: dict | None, lang: str) -> str:
    as_of = (meta or {}).get("as_of")
    return i18n.fmt_date(as_of or dt.date.today(), lang)


def map_model(frames: dict[str, pd.DataFrame], indicator: str = "flats_total", lang: str = "it",
              *, meta: dict | None = None, demo: bool | None = None,
              areas: gpd.GeoDataFrame | None = None, values: pd.DataFrame | None = None,
              below: int | None = None) -> MapModel:
    """The map's view model for ``indicator`` (a key of ``map_data.indicators``).

    ``areas``/``values``: see the module's docstring (default: the schematic rioni, or
    an official layer with ``rione_id``). ``below``: the small-count threshold (default:
    the ``suppress_below`` setting)."""
    inds = map_data.indicators(frames)
    if indicator not in inds:
        raise ValueError(f"unknown indicator {indicator!r}; choose among {list(inds)}")
    ind = inds[indicator]
    below = map_data.suppress_below(below)
    gdf = geodata.rioni_areas() if areas is None else areas.copy()
    if "area_id" not in gdf.columns:
        gdf = gdf.rename(columns={"rione_id": "area_id", "consulta_id": "group_id"})
    kind = str(gdf["kind"].iloc[0]) if "kind" in gdf.columns and len(gdf) else "rione"
    if values is None:
        values = map_data.rione_indicators(frames).rename(columns={"rione_id": "area_id"})
    joined = gdf.drop(columns=[c for c in values.columns if c in gdf.columns and c != "area_id"])
    joined = joined.merge(values, on="area_id", how="left")
    raw = pd.to_numeric(joined[indicator], errors="coerce")
    classed = raw
    if ind.suppressed:  # small counts share one class: the colour says no more than the text
        classed = raw.where(~((raw > 0) & (raw < below)), 1)
    edges = map_data.class_breaks(classed, ind.kind)
    if ind.suppressed and ((raw > 0) & (raw < below)).any():
        edges = sorted({e for e in edges if e <= 1 or e >= below} | {1.0, float(below)})
        if edges[-1] <= raw.max():
            edges.append(float(raw.max()) + 1)
    colours = map_data.palette(len(edges) - 1)
    labels = map_data.class_labels(edges, ind, lang)
    if ind.suppressed:
        labels = [f"< {i18n.fmt_int(below, lang)}" if lo == 1 and hi == below else text
                  for lo, hi, text in zip(edges, edges[1:], labels)]
    area_list = []
    for row, value, cvalue in zip(joined.itertuples(index=False), raw, classed):
        cls = map_data.class_of(None if pd.isna(cvalue) else float(cvalue), edges)
        area_list.append(Area(str(row.area_id), str(row.name), kind,
                              None if pd.isna(getattr(row, "group_id", None)) else str(row.group_id),
                              row.geometry, None if pd.isna(value) else float(value),
                              ind.fmt(value, lang, below), cls,
                              map_data.MISSING_COLOUR if cls is None else colours[cls]))
    areas_t = tuple(a for a in area_list if a.geometry is not None and not a.geometry.is_empty)
    boundary = geodata.boundary()
    minx, miny, maxx, maxy = (float(v) for v in boundary.total_bounds)
    owners = frames["owners"]
    names = dict(zip(owners["owner_id"], owners["name"]))
    from tavolo.charts import owner_label

    offices = frames["offices"]
    places = frames["places"]
    places = places[places["kind"].isin(["landmark"])].dropna(subset=["lat", "lon"])
    return MapModel(
        indicator=ind, lang=lang, indicators=tuple(inds.values()), area_kind=kind, areas=areas_t,
        values=joined.drop(columns="geometry").reset_index(drop=True),
        edges=tuple(edges), colours=tuple(colours), class_labels=tuple(labels),
        has_missing=any(a.cls is None for a in areas_t),
        label_sets=_label_sets(areas_t, (miny + maxy) / 2),
        buildings=map_data.building_table(frames), maintenance=_maintenance(frames, lang),
        offices=offices[offices["role"] == "operational"].dropna(subset=["lat", "lon"]),
        places=tuple((round(float(r.lat), 5), round(float(r.lon), 5),
                      str(r.name).split(",")[0].split("(")[0].strip())
                     for r in places.itertuples(index=False)),
        owner_colours=tuple(map_data.owner_colours(owners["owner_id"]).items()),
        owner_names=tuple((o, owner_label(o, names)) for o in names),
        bounds=(minx, miny, maxx, maxy),
        schematic=bool(gdf["schematic"].astype(bool).any()) if "schematic" in gdf.columns else False,
        demo=is_demo(frames) if demo is None else bool(demo), as_of=_as_of(meta, lang), below=below,
        outside=map_data.applications_outside(frames))


is_demo = loading.is_demo_frames  # the one demo detection lives in tavolo.loading
