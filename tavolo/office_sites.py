"""Where should ALER's unified Legnano office stand?

The article of October 2017 says ALER plans to bring its Legnano offices (via Bissolati 5
and 9) closer to its large neighbourhoods. For each candidate site this module computes,
in the metric CRS (EPSG:32632), the mean distance from the tenants weighted by the let
flats of each building, and the share of let flats within a radius (1 km by default),
then ranks the sites: the lowest weighted mean distance first, ties broken by the larger
share within the radius.

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


def tenant_weights(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Buildings with at least one let flat: building_id, lat, lon, weight (let flats)."""
    flats = frames["flats"]
    let = flats[flats["status"] == "let"].groupby("building_id").size().rename("weight")
    buildings = frames["buildings"][["building_id", "lat", "lon"]].dropna(subset=["lat", "lon"])
    out = buildings.merge(let, left_on="building_id", right_index=True, how="inner")
    out["weight"] = out["weight"].astype("int64")
    return out.reset_index(drop=True)


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
    within the radius) and rank (1 = best), sorted by rank."""
    out = sites[SITE_COLUMNS].copy().reset_index(drop=True)
    if out.empty:
        return out.assign(mean_distance_m=[], share_within=[], within=[], rank=[])
    w = weights["weight"].to_numpy(dtype=float)
    total = w.sum()
    if total <= 0:
        out["mean_distance_m"] = np.nan
        out["share_within"] = np.nan
        out["within"] = 0
        out["rank"] = range(1, len(out) + 1)
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
    out["rank"] = range(1, len(out) + 1)
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
    return pd.DataFrame({
        t("map_rank"): ranking["rank"].astype(int).to_numpy(),
        t("map_site"): ranking["name"].to_numpy(),
        t("map_kind"): [t(f"map_kind_{k}") for k in ranking["kind"]],
        t("map_distance_col"): [i18n.fmt_int(v, lang) for v in ranking["mean_distance_m"]],
        t("map_within_col"): [i18n.fmt_int(v, lang) for v in ranking["within"]],
        t("map_share_col"): [i18n.fmt_pct(v, lang) for v in ranking["share_within"]],
    })
