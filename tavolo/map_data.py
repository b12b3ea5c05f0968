"""The numbers behind the Mappa page: indicators per rione, building cards, class breaks
and the server-side aggregation of buildings. Pure pandas/geopandas (no HTML, no Streamlit).

Indicators (one column each in :func:`rione_indicators`):

- ``flats_total``: public flats of today's stock in the rione (buildings' rione; new flats
  not yet delivered left out, ``summary.stock_flats``);
- ``flats_owner_<owner>``: flats of one owner (``flats_owner_aler``, ``flats_owner_comune``);
- ``flats_status_<status>``: flats in one status of ``schema.FLAT_STATUS``;
- ``vacancy_rate``: vacant flats (assignable or needing works) over all flats;
- ``applications``: applications to the latest call from residents of the rione;
- ``applications_per_assignable``: applications waiting on the latest call per flat
  vacant and assignable in the rione (missing when the rione has none);
- ``occupations_open``: occupations without title still ongoing (outcome ``open``);
- ``reports_open``: tenant reports not closed;
- ``maintenance_open``: items of the maintenance priority list (Gestione) not concluded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tavolo import geodata, i18n, schema, summary

VACANT = summary.VACANT
ASSIGNABLE = summary.ASSIGNABLE

# Surface bands of a building card (m², upper bound included); the adequacy table of
# R.R. 4/2017 art. 9 starts new bands at 46, 56/71 and 86/95 m².
SIZE_BANDS = ((0, 45.99, "≤ 45 m²"), (46, 70.99, "46–70 m²"), (71, 95, "71–95 m²"),
              (95.01, math.inf, "> 95 m²"))


@dataclass(frozen=True)
class Indicator:
    """One choropleth indicator: its column, labels, unit and kind.

    kind: ``count`` (integers), ``rate`` (0-1, shown as %), ``ratio`` (one decimal).
    ``suppressed``: small counts (1 to ``suppress_below`` - 1, the Gestione setting) are
    written "< n" on the map, in its table and in its exports (occupations)."""

    name: str
    label_it: str
    label_en: str
    unit_it: str
    unit_en: str
    kind: str = "count"
    suppressed: bool = False

    def label(self, lang: str = "it") -> str:
        return i18n.pick(lang, self.label_it, self.label_en)

    def unit(self, lang: str = "it") -> str:
        return i18n.pick(lang, self.unit_it, self.unit_en)

    def fmt(self, value, lang: str = "it", below: int | None = None) -> str:
        """The value as written on the map and in the table ('n.d.' when missing); with
        ``below``, a suppressed indicator's small counts read '< below'."""
        if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
            return i18n.t("map_na", lang)
        if self.suppressed and below is not None and 0 < value < below:
            return f"< {i18n.fmt_int(below, lang)}"
        if self.kind == "rate":
            return i18n.fmt_pct(value, lang, 1)
        if self.kind == "ratio":
            return i18n.fmt_num(value, lang, 1)
        return i18n.fmt_int(value, lang)


def suppress_below(value: int | None = None) -> int:
    """The small-count threshold of the Gestione page (setting ``suppress_below``)."""
    from tavolo import gestione

    return gestione.suppress_below(value)


def _owner_slug(owner_id: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in str(owner_id).lower())


def _ind(name: str, unit_key: str, kind: str = "count", suppressed: bool = False,
         label_key: str | None = None, it: dict | None = None, en: dict | None = None) -> Indicator:
    label_it, label_en = i18n.TEXTS[label_key or f"map_ind_{name}"]
    unit_it, unit_en = i18n.TEXTS[unit_key]
    return Indicator(name, label_it.format(**(it or {})), label_en.format(**(en or it or {})),
                     unit_it, unit_en, kind, suppressed)


def indicators(frames: dict[str, pd.DataFrame]) -> dict[str, Indicator]:
    """Every indicator the map offers for this data set, in menu order (labels in
    tavolo/texts/mappa.py)."""
    out = [_ind("flats_total", "map_unit_flats")]
    for owner in frames["owners"].itertuples(index=False):
        out.append(_ind(f"flats_owner_{_owner_slug(owner.owner_id)}", "map_unit_flats",
                        label_key="map_ind_flats_owner", it={"owner": owner.owner_id}))
    for status, (it, en) in schema.FLAT_STATUS.items():
        out.append(_ind(f"flats_status_{status}", "map_unit_flats", label_key="map_ind_flats_status",
                        it={"status": it.lower()}, en={"status": en.lower()},
                        suppressed=status == "occupied_no_title"))  # occupations, by status
    out += [
        _ind("vacancy_rate", "map_unit_vacancy_rate", "rate"),
        _ind("applications", "map_unit_applications"),
        _ind("applications_per_assignable", "map_unit_applications_per_assignable", "ratio"),
        _ind("occupations_open", "map_unit_flats", suppressed=True),
        _ind("reports_open", "map_unit_reports_open"),
        _ind("maintenance_open", "map_unit_maintenance_open"),
    ]
    return {ind.name: ind for ind in out}


def _count_by_rione(series: pd.Series, rioni: pd.Index) -> pd.Series:
    return series.value_counts().reindex(rioni, fill_value=0).astype("int64")


def rione_indicators(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per rione (rione_id, name, consulta_id) and one column per indicator. The
    flats are today's stock (``summary.stock_flats``, as on Panoramica): new flats a
    programme is still building are not counted until delivered."""
    rioni = frames["rioni"][["rione_id", "name", "consulta_id"]].copy()
    index = pd.Index(rioni["rione_id"])
    flats = summary.stock_flats(frames)[["flat_id", "rione_id", "owner_id", "status"]]

    def crosstab(column: str, keys) -> pd.DataFrame:
        counts = flats.groupby(["rione_id", column]).size().unstack(fill_value=0)
        return counts.reindex(index=index, columns=list(keys), fill_value=0).astype("int64")

    out = pd.DataFrame(index=index)
    out["flats_total"] = _count_by_rione(flats["rione_id"], index)
    owners = list(frames["owners"]["owner_id"])
    by_owner = crosstab("owner_id", owners)
    for owner in owners:
        out[f"flats_owner_{_owner_slug(owner)}"] = by_owner[owner]
    by_status = crosstab("status", schema.FLAT_STATUS)
    for status in schema.FLAT_STATUS:
        out[f"flats_status_{status}"] = by_status[status]
    vacant = by_status[list(VACANT)].sum(axis=1)
    total = out["flats_total"].astype(float)
    out["vacancy_rate"] = (vacant / total.where(total > 0)).astype(float)
    call = summary.latest_call(frames)
    apps = frames["applications"]
    apps = apps[apps["call_id"] == call] if call else apps.iloc[0:0]
    out["applications"] = _count_by_rione(apps["rione_id"], index)
    waiting = _count_by_rione(apps.loc[apps["outcome"] == "waiting", "rione_id"], index)
    assignable = by_status[list(ASSIGNABLE)].sum(axis=1)
    out["applications_per_assignable"] = (waiting / assignable.where(assignable > 0)).astype(float)
    occupations = frames["occupations"]
    open_flats = occupations.loc[occupations["outcome"] == "open", "flat_id"]
    out["occupations_open"] = _count_by_rione(
        open_flats.map(flats.set_index("flat_id")["rione_id"]), index)
    reports = frames["tenant_reports"]
    open_buildings = reports.loc[reports["status"] != "closed", "building_id"]
    out["reports_open"] = _count_by_rione(
        open_buildings.map(frames["buildings"].set_index("building_id")["rione_id"]), index)
    items = frames.get("maintenance_items")  # the Gestione page's priority list (proposed to in progress)
    items = items[items["status"] != "done"] if items is not None else pd.DataFrame(columns=["building_id"])
    out["maintenance_open"] = _count_by_rione(
        items["building_id"].map(frames["buildings"].set_index("building_id")["rione_id"]), index)
    return rioni.merge(out, left_on="rione_id", right_index=True, how="left")


def applications_outside(frames: dict[str, pd.DataFrame]) -> int:
    """Applications to the latest call with no rione of residence (outside Legnano)."""
    call = summary.latest_call(frames)
    apps = frames["applications"]
    return int(((apps["call_id"] == call) & apps["rione_id"].isna()).sum()) if call else 0


# ----------------------------------------------------------------------------- classes


def _step(value: float, kind: str) -> float:
    """The rounding step of a class edge: whole percent, tenths, or 1/5/50... units."""
    value = abs(value)
    if kind == "rate":
        return 0.01 if value < 0.3 else 0.05
    if kind == "ratio":
        return 0.1 if value < 5 else 1.0
    if value < 20:
        return 1.0
    magnitude = 10 ** int(math.floor(math.log10(value)))
    return magnitude / 2 if value / magnitude < 5 else magnitude


def _nice(value: float, kind: str, up: bool) -> float:
    """Round a class edge to a readable number (up or down)."""
    step = _step(value, kind)
    units = value / step
    units = math.ceil(units - 1e-9) if up else math.floor(units + 1e-9)
    return round(units * step, 6)


def class_breaks(values: pd.Series, kind: str = "count", k: int = 5) -> list[float]:
    """Class edges ``[e0, e1, ..., en]`` (n <= k) for the choropleth: quantiles of the
    values rounded to readable numbers, starting at 0 for non-negative data; class i
    holds e_i <= v < e_{i+1}, the last one includes its upper edge. Missing values are
    left out (drawn as "n.d.")."""
    data = pd.to_numeric(values, errors="coerce").dropna().astype(float)
    if data.empty:
        return [0.0, 1.0]
    low = 0.0 if data.min() >= 0 else _nice(float(data.min()), kind, False)
    high = _nice(float(data.max()), kind, True)
    if high <= low:
        high = low + (1.0 if kind == "count" else 0.01 if kind == "rate" else 0.1)
    if kind == "count" and high == data.max():
        high += 1  # integer classes are [lo, hi): the maximum must fall inside the last
    inner = [_nice(float(q), kind, False) for q in np.quantile(data, np.linspace(0, 1, k + 1)[1:-1])]
    edges = [low] + sorted({e for e in inner if low < e < high}) + [high]
    # merge a class that no value falls in with the next one
    kept = [edges[0]]
    for edge in edges[1:-1]:
        if ((data >= kept[-1]) & (data < edge)).any():
            kept.append(edge)
    return kept + [high]


def _fmt_edge(value: float, kind: str, lang: str) -> str:
    if kind == "rate":
        return i18n.fmt_pct(value, lang, 0)
    if kind == "ratio":
        return i18n.fmt_num(value, lang, 1)
    return i18n.fmt_int(value, lang)


def class_of(value, edges: list[float]) -> int | None:
    """The class index of ``value`` (None when missing)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    for i in range(len(edges) - 1):
        if value < edges[i + 1]:
            return i
    return len(edges) - 2


# Sequential ColorBrewer "Purples" (colour-blind safe); owners use Okabe-Ito hues.
PALETTES = {
    2: ["#cbc9e2", "#54278f"],
    3: ["#dadaeb", "#9e9ac8", "#54278f"],
    4: ["#dadaeb", "#9e9ac8", "#756bb1", "#54278f"],
    5: ["#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"],
    6: ["#f2f0f7", "#dadaeb", "#bcbddc", "#9e9ac8", "#756bb1", "#54278f"],
}
MISSING_COLOUR = "#d9d9d9"
OWNER_COLOURS = {"ALER": "#0072B2", "COMUNE": "#E69F00"}
OTHER_OWNER_COLOURS = ["#009E73", "#CC79A7", "#D55E00", "#56B4E9"]


def palette(n_classes: int) -> list[str]:
    """``n_classes`` colours from light to dark (at most 6 classes)."""
    if n_classes <= 1:
        return ["#9e9ac8"]
    return PALETTES[min(n_classes, 6)]


def owner_colours(owner_ids) -> dict[str, str]:
    out, extra = {}, iter(OTHER_OWNER_COLOURS * 4)
    for owner in owner_ids:
        out[owner] = OWNER_COLOURS.get(str(owner).upper()) or next(extra)
    return out


def class_labels(edges: list[float], ind: Indicator, lang: str = "it") -> list[str]:
    """'55–219'-style labels of each class (the unit is in the legend title). Integer
    classes name their last whole value; the others their edges."""
    labels = []
    for i in range(len(edges) - 1):
        lo, hi = edges[i], edges[i + 1]
        if ind.kind == "count":
            hi = max(lo, math.ceil(hi) - 1)
        lo_text, hi_text = _fmt_edge(lo, ind.kind, lang), _fmt_edge(hi, ind.kind, lang)
        labels.append(f"{lo_text}–{hi_text}" if lo_text != hi_text else lo_text)
    return labels


# --------------------------------------------------------------------------- buildings


def building_table(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per building with what its card shows: owner, rione, programme name,
    precision, flats in total, let, by status (``status_<s>``), by surface band
    (``size_<i>``), open tenant reports, ongoing occupations and, for programme sites,
    the programme's flats of that building by phase (``phase_<p>``)."""
    buildings = frames["buildings"].copy()
    flats = frames["flats"]
    by_status = (flats.groupby(["building_id", "status"]).size().unstack(fill_value=0)
                 .reindex(columns=list(schema.FLAT_STATUS), fill_value=0))
    by_status.columns = [f"status_{c}" for c in by_status.columns]
    surface = pd.to_numeric(flats["surface_m2"], errors="coerce")
    band = pd.Series(np.nan, index=flats.index)
    for i, (lo, hi, _label) in enumerate(SIZE_BANDS):
        band[(surface >= lo) & (surface <= hi)] = i
    by_size = (flats.assign(_band=band).dropna(subset=["_band"])
               .groupby(["building_id", "_band"]).size().unstack(fill_value=0)
               .reindex(columns=range(len(SIZE_BANDS)), fill_value=0))
    by_size.columns = [f"size_{int(c)}" for c in by_size.columns]
    reports = frames["tenant_reports"]
    open_reports = reports[reports["status"] != "closed"].groupby("building_id").size()
    occ = frames["occupations"]
    occ = occ[occ["outcome"] == "open"].merge(flats[["flat_id", "building_id"]], on="flat_id")
    open_occ = occ.groupby("building_id").size()
    pf = frames["programme_flats"].merge(flats[["flat_id", "building_id"]], on="flat_id")
    by_phase = (pf.groupby(["building_id", "phase"]).size().unstack(fill_value=0)
                .reindex(columns=list(schema.PHASE), fill_value=0))
    by_phase.columns = [f"phase_{c}" for c in by_phase.columns]
    out = buildings.merge(by_status, left_on="building_id", right_index=True, how="left")
    out = out.merge(by_size, left_on="building_id", right_index=True, how="left")
    out = out.merge(by_phase, left_on="building_id", right_index=True, how="left")
    count_cols = list(by_status.columns) + list(by_size.columns) + list(by_phase.columns)
    out[count_cols] = out[count_cols].fillna(0).astype("int64")
    out["flats_total"] = out[list(by_status.columns)].sum(axis=1).astype("int64")
    out["flats_let"] = out["status_let"]
    out["reports_open"] = out["building_id"].map(open_reports).fillna(0).astype("int64")
    out["occupations_open"] = out["building_id"].map(open_occ).fillna(0).astype("int64")
    programmes = frames["programmes"].set_index("programme_id")["name"]
    out["programme_name"] = out["programme_id"].map(programmes)
    out["approximate"] = out["position_precision"].ne("surveyed")
    return out


def aggregate_buildings(table: pd.DataFrame, max_points: int = 2500,
                        start_cell_m: float = 100.0) -> pd.DataFrame:
    """Buildings as at most ``max_points`` map points.

    When there are more buildings than that, nearby buildings are merged on a square grid
    in the metric CRS (100 m cells, doubled until the count fits): each merged point sits
    at the flat-weighted centre of its buildings and sums their counts. Programme sites
    are never merged. Adds columns ``members`` (buildings in the point), ``cell`` (the grid
    cell id, None for single buildings) and, for merged points, ``name`` lists the count.
    """
    table = table.dropna(subset=["lat", "lon"]).copy()
    table["members"] = 1
    table["cell"] = None
    if len(table) <= max_points:
        return table
    metric = geodata.to_metric(geodata.points_gdf(table))
    x, y = metric.geometry.x.to_numpy(), metric.geometry.y.to_numpy()
    keep = table["programme_id"].notna().to_numpy()
    size = start_cell_m
    while True:
        cells = (np.floor(x / size).astype(np.int64).astype(str) + "_"
                 + np.floor(y / size).astype(np.int64).astype(str))
        cells = np.where(keep, table["building_id"].to_numpy(), cells)
        if len(set(cells)) <= max_points or size > 5000:
            break
        size *= 2
    table["_cell"] = cells
    counts = pd.Series(cells).value_counts()
    single = table[table["_cell"].map(counts).eq(1).to_numpy()]
    groups = table[table["_cell"].map(counts).gt(1).to_numpy()]
    number_cols = [c for c in table.columns
                   if c.startswith(("status_", "size_", "phase_"))
                   or c in ("flats_total", "flats_let", "reports_open", "occupations_open")]
    weight = groups["flats_total"].clip(lower=1)
    g = groups.assign(_w=weight, _wlat=groups["lat"] * weight, _wlon=groups["lon"] * weight)
    agg = g.groupby("_cell").agg(
        **{c: (c, "sum") for c in number_cols},
        _w=("_w", "sum"), _wlat=("_wlat", "sum"), _wlon=("_wlon", "sum"),
        members=("building_id", "size"), rione_id=("rione_id", "first"),
        approximate=("approximate", "any"))
    # the owner with the most flats in the merged point colours it
    by_owner = groups.groupby(["_cell", "owner_id"])["flats_total"].sum().reset_index()
    by_owner = by_owner.sort_values(["_cell", "flats_total"], ascending=[True, False])
    agg["owner_id"] = by_owner.drop_duplicates("_cell").set_index("_cell")["owner_id"]
    agg["lat"] = agg["_wlat"] / agg["_w"]
    agg["lon"] = agg["_wlon"] / agg["_w"]
    agg = agg.drop(columns=["_w", "_wlat", "_wlon"]).reset_index().rename(columns={"_cell": "cell"})
    agg["building_id"] = "cell:" + agg["cell"] + f"@{int(size)}"
    agg["cell_size_m"] = size
    agg["programme_id"] = None
    agg["programme_name"] = None
    agg["name"] = None
    agg["address"] = None
    agg["position_precision"] = np.where(agg["approximate"], "approximate", "surveyed")
    out = pd.concat([single.drop(columns=["_cell"]), agg], ignore_index=True)
    return out


def cell_members(frames: dict[str, pd.DataFrame], cell_id: str) -> pd.DataFrame:
    """The buildings of an aggregated point ``cell:<gx>_<gy>@<size>`` (see
    :func:`aggregate_buildings`)."""
    key, size = cell_id.removeprefix("cell:").rsplit("@", 1)
    gx, gy = (int(v) for v in key.split("_"))
    size = float(size)
    buildings = frames["buildings"].dropna(subset=["lat", "lon"])
    metric = geodata.to_metric(geodata.points_gdf(buildings))
    inside = (np.floor(metric.geometry.x / size).astype(int).eq(gx)
              & np.floor(metric.geometry.y / size).astype(int).eq(gy)
              & buildings["programme_id"].isna())
    return buildings[inside.to_numpy()]


# ----------------------------------------------------------------------- detail panels


def detail(frames: dict[str, pd.DataFrame], kind: str | None, item_id: str | None,
           lang: str = "it", model=None) -> dict | None:
    """The panel beside the map for a click (see :func:`tavolo.map_detail.detail`)."""
    from tavolo import map_detail

    return map_detail.detail(frames, kind, item_id, lang, model)


def rioni_table(frames: dict[str, pd.DataFrame], indicator: str, lang: str = "it", model=None,
                every: bool = False) -> pd.DataFrame:
    """The map's table twin (see :func:`tavolo.map_detail.rioni_table`)."""
    from tavolo import map_detail

    return map_detail.rioni_table(frames, indicator, lang, model, every)
