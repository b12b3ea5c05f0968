"""Where should ALER's unified Legnano office stand?

The article of October 2017 says ALER plans to bring its Legnano offices (via Bissolati 5
and 9) closer to its large neighbourhoods. For each candidate site this module computes,
in the metric CRS (EPSG:32632), the mean distance from ALER's tenants (the office serves
them, not the Comune's) weighted by the let flats of each ALER building, and the share of
those let flats within a radius (1 km by default), then ranks the sites: the lowest
weighted mean distance first, ties broken by the larger share within the radius.

The buildings' positions are not exact (``position_precision``: a surveyed point is a
building-level reference, an approximate one is placed by the project), so a mean distance
is only known to within the tenant-weighted positional uncertainty of the buildings
(``uncertainty_m``): sites whose mean distances differ by less than it are shown as
equivalent (they share the rank).

Candidate sites are a frame with columns site_id, name, lat, lon, kind (``office`` for an
existing office, ``user`` for a point added on the map, ``optimum`` for the computed
optimum). Pure pandas/numpy; nothing here imports Streamlit.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from tavolo import geodata

RADIUS_M = 1000.0
SITE_COLUMNS = ["site_id", "name", "lat", "lon", "kind"]
OWNER = "ALER"
# How far a building's recorded point may be from the building, by ``position_precision``:
# a surveyed point is a building-level reference (a building's footprint, about 25 m); an
# approximate point is placed by the project within its street or rione (about 250 m).
POSITION_UNCERTAINTY_M = {"surveyed": 25.0, "approximate": 250.0}


def tenant_weights(frames: dict[str, pd.DataFrame], owner_id: str = OWNER) -> pd.DataFrame:
    """``owner_id``'s buildings with at least one let flat: building_id, lat, lon,
    position_precision, weight (let flats). ALER's office serves ALER's tenants only."""
    flats = frames["flats"]
    let = flats[flats["status"] == "let"].groupby("building_id").size().rename("weight")
    buildings = frames["buildings"]
    buildings = buildings[buildings["owner_id"] == owner_id]
    columns = ["building_id", "lat", "lon"] + (
        ["position_precision"] if "position_precision" in buildings else [])
    out = buildings[columns].dropna(subset=["lat", "lon"])
    out = out.merge(let, left_on="building_id", right_index=True, how="inner")
    out["weight"] = out["weight"].astype("int64")
    return out.reset_index(drop=True)


def uncertainty_m(weights: pd.DataFrame) -> float:
    """The tenant-weighted mean positional uncertainty of the buildings, in metres: how
    much a site's mean distance may be off because the buildings are not exactly where
    recorded (a shift of each building by its uncertainty moves the mean distance by at
    most this). Buildings without a precision count as exact.

    3 let flats in an approximate building (250 m) and 1 in a surveyed one (25 m) -> 193.75."""
    if "position_precision" not in weights or weights.empty:
        return 0.0
    w = weights["weight"].to_numpy(dtype=float)
    if w.sum() <= 0:
        return 0.0
    per = weights["position_precision"].map(POSITION_UNCERTAINTY_M).fillna(
        POSITION_UNCERTAINTY_M["approximate"]).to_numpy(dtype=float)
    return float((per * w).sum() / w.sum())


def default_sites(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The ALER operational offices in Legnano (via Bissolati 5 and 9) as candidate sites."""
    offices = frames["offices"]
    mine = offices[(offices["owner_id"] == "ALER") & (offices["role"] == "operational")]
    mine = mine.dropna(subset=["lat", "lon"])
    return pd.DataFrame({"site_id": mine["office_id"].to_numpy(), "name": mine["name"].to_numpy(),
                         "lat": mine["lat"].astype(float).to_numpy(),
                         "lon": mine["lon"].astype(float).to_numpy(), "kind": "office"},
                        columns=SITE_COLUMNS)


def add_site(sites: pd.DataFrame, lat: float, lon: float, name: str | None = None,
             kind: str = "user") -> pd.DataFrame:
    """``sites`` plus one point; its id is ``user_<n>`` (``optimum`` for the optimum)."""
    used = set(sites["site_id"])
    if kind == "optimum":
        site_id = "optimum"
        sites = sites[sites["site_id"] != "optimum"]
    else:
        n = 1
        while f"user_{n}" in used:
            n += 1
        site_id = f"user_{n}"
    row = pd.DataFrame([{"site_id": site_id, "name": name or site_id, "lat": float(lat),
                         "lon": float(lon), "kind": kind}], columns=SITE_COLUMNS)
    return pd.concat([sites[SITE_COLUMNS], row], ignore_index=True)


def remove_sites(sites: pd.DataFrame, site_ids) -> pd.DataFrame:
    return sites[~sites["site_id"].isin(list(site_ids))].reset_index(drop=True)


def _xy(df: pd.DataFrame) -> np.ndarray:
    metric = geodata.to_metric(geodata.points_gdf(df))
    return np.column_stack([metric.geometry.x.to_numpy(), metric.geometry.y.to_numpy()])


def rank_sites(sites: pd.DataFrame, weights: pd.DataFrame,
               radius_m: float = RADIUS_M) -> pd.DataFrame:
    """Rank candidate ``sites`` against the tenants ``weights`` (lat, lon, weight).

    Adds mean_distance_m (tenant-weighted mean straight-line distance, metres),
    share_within (share of the weight within ``radius_m``, 0-1), within (the let flats
    within the radius), gap_m (metres more than the best), uncertainty_m (``uncertainty_m``
    of the weights), rank (1 = best; sites whose mean distance is within the uncertainty
    of the first site of their group share its rank: 1, 1, 3) and equivalent_to_best,
    sorted by mean distance."""
    out = sites[SITE_COLUMNS].copy().reset_index(drop=True)
    if out.empty:
        return out.assign(mean_distance_m=[], share_within=[], within=[], gap_m=[],
                          uncertainty_m=[], rank=[], equivalent_to_best=[])
    w = weights["weight"].to_numpy(dtype=float)
    total = w.sum()
    if total <= 0:
        out["mean_distance_m"] = np.nan
        out["share_within"] = np.nan
        out["within"] = 0
        out["gap_m"] = np.nan
        out["uncertainty_m"] = 0.0
        out["rank"] = range(1, len(out) + 1)
        out["equivalent_to_best"] = out["rank"] == 1
        return out
    site_xy, tenant_xy = _xy(out), _xy(weights)
    dist = np.hypot(site_xy[:, None, 0] - tenant_xy[None, :, 0],
                    site_xy[:, None, 1] - tenant_xy[None, :, 1])
    out["mean_distance_m"] = (dist * w).sum(axis=1) / total
    inside = (dist <= radius_m) * w
    out["within"] = inside.sum(axis=1).round().astype("int64")
    out["share_within"] = inside.sum(axis=1) / total
    out = out.sort_values(["mean_distance_m", "share_within"], ascending=[True, False],
                          kind="mergesort").reset_index(drop=True)
    margin = uncertainty_m(weights)
    out["gap_m"] = out["mean_distance_m"] - out["mean_distance_m"].iloc[0]
    out["uncertainty_m"] = margin
    ranks, anchor_rank, anchor_distance = [], 1, None
    for position, distance in enumerate(out["mean_distance_m"], start=1):
        if anchor_distance is None or not distance - anchor_distance < margin:
            anchor_rank, anchor_distance = position, distance
        ranks.append(anchor_rank)
    out["rank"] = ranks
    out["equivalent_to_best"] = out["rank"] == 1
    return out


def optimal_point(weights: pd.DataFrame, iterations: int = 500,
                  tolerance_m: float = 0.01) -> tuple[float, float]:
    """The point with the least tenant-weighted mean distance (the weighted geometric
    median, Weiszfeld's method in the metric CRS), as (lat, lon)."""
    w = weights["weight"].to_numpy(dtype=float)
    xy = _xy(weights)
    point = (xy * w[:, None]).sum(axis=0) / w.sum()
    for _ in range(iterations):
        d = np.hypot(*(xy - point).T)
        if np.any(d < 1e-9):  # on a tenant building: Weiszfeld's step is undefined there
            d = np.maximum(d, 1e-9)
        inv = w / d
        new = (xy * inv[:, None]).sum(axis=0) / inv.sum()
        if np.hypot(*(new - point)) < tolerance_m:
            point = new
            break
        point = new
    back = gpd.GeoSeries(gpd.points_from_xy([point[0]], [point[1]]),
                         crs=geodata.METRIC_CRS).to_crs(geodata.STORAGE_CRS)
    return float(back.y.iloc[0]), float(back.x.iloc[0])


def display_table(ranking: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    """The ranking as shown on the page: rank, site, kind, mean distance, let flats and
    share within the radius, formatted in the user's language."""
    from tavolo import i18n

    t = lambda key: i18n.t(key, lang)  # noqa: E731
    shared = ranking["rank"].duplicated(keep=False)
    return pd.DataFrame({
        t("map_rank"): [f"{int(r)}=" if tie else str(int(r)) for r, tie in zip(ranking["rank"], shared)],
        t("map_site"): ranking["name"].to_numpy(),
        t("map_kind"): [t(f"map_kind_{k}") for k in ranking["kind"]],
        t("map_distance_col"): [i18n.fmt_int(v, lang) for v in ranking["mean_distance_m"]],
        t("map_gap_col"): [i18n.fmt_int(v, lang) for v in ranking["gap_m"]],
        t("map_within_col"): [i18n.fmt_int(v, lang) for v in ranking["within"]],
        t("map_share_col"): [i18n.fmt_pct(v, lang) for v in ranking["share_within"]],
    })


def verdict(ranking: pd.DataFrame, lang: str = "it") -> str:
    """The ranking in one sentence: the best site, or the sites that cannot be told apart
    within the positional uncertainty of the buildings, with that uncertainty stated."""
    from tavolo import i18n

    if ranking.empty:
        return ""
    best = ranking[ranking["equivalent_to_best"].astype(bool)]
    first = best.iloc[0]
    margin = i18n.fmt_int(first["uncertainty_m"], lang)
    if len(best) > 1:
        names = ", ".join(f"**{n}**" for n in best["name"])
        return i18n.t("map_equivalent_sites", lang).format(
            names=names, n=len(best), uncertainty=margin,
            distance=i18n.fmt_int(first["mean_distance_m"], lang),
            gap=i18n.fmt_int(best["gap_m"].max(), lang))
    return i18n.t("map_best_is", lang).format(
        name=first["name"], share=i18n.fmt_pct(first["share_within"], lang),
        distance=i18n.fmt_int(first["mean_distance_m"], lang), uncertainty=margin)
