"""Ranking of candidate sites for ALER's unified Legnano office (tavolo.office_sites),
on hand-made cases whose answer is known, and on the demo data."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest

from tavolo import ambito, geodata, office_sites

# A point in Legnano in EPSG:32632 (UTM 32N, metres).
X0, Y0 = 492_000.0, 5_049_000.0


def lat_lon(dx: float, dy: float = 0.0) -> tuple[float, float]:
    point = gpd.GeoSeries(gpd.points_from_xy([X0 + dx], [Y0 + dy]), crs=geodata.METRIC_CRS)
    point = point.to_crs(geodata.STORAGE_CRS)
    return float(point.y.iloc[0]), float(point.x.iloc[0])


def tenants(*rows: tuple[float, float, int]) -> pd.DataFrame:
    out = []
    for i, (dx, dy, weight) in enumerate(rows):
        lat, lon = lat_lon(dx, dy)
        out.append({"building_id": f"B{i}", "lat": lat, "lon": lon, "weight": weight})
    return pd.DataFrame(out)


def sites(*rows: tuple[str, float, float]) -> pd.DataFrame:
    out = []
    for site_id, dx, dy in rows:
        lat, lon = lat_lon(dx, dy)
        out.append({"site_id": site_id, "name": site_id, "lat": lat, "lon": lon, "kind": "user"})
    return pd.DataFrame(out, columns=office_sites.SITE_COLUMNS)


def test_known_ranking():
    # 3 let flats at A (0 m), 1 at B (2 km east)
    weights = tenants((0, 0, 3), (2000, 0, 1))
    ranking = office_sites.rank_sites(sites(("at_B", 2000, 0), ("near_A", 900, 0), ("at_A", 0, 0)),
                                      weights)
    assert list(ranking["site_id"]) == ["at_A", "near_A", "at_B"]
    assert list(ranking["rank"]) == [1, 2, 3]
    by_id = ranking.set_index("site_id")
    # at A: (3*0 + 1*2000) / 4 = 500 m; 3 of 4 let flats within 1 km
    assert by_id.loc["at_A", "mean_distance_m"] == pytest.approx(500, abs=0.05)
    assert by_id.loc["at_A", "share_within"] == pytest.approx(0.75)
    assert by_id.loc["at_A", "within"] == 3
    # 900 m east of A: (3*900 + 1*1100) / 4 = 950 m; A within 1 km, B (1100 m) not
    assert by_id.loc["near_A", "mean_distance_m"] == pytest.approx(950, abs=0.05)
    assert by_id.loc["near_A", "share_within"] == pytest.approx(0.75)
    # at B: 3*2000 / 4 = 1500 m; only B's flat within 1 km
    assert by_id.loc["at_B", "mean_distance_m"] == pytest.approx(1500, abs=0.05)
    assert by_id.loc["at_B", "share_within"] == pytest.approx(0.25)


def test_distances_are_metric_not_degrees():
    # 1 km north and 1 km east must both read as 1,000 m (degrees would differ by ~40%)
    weights = tenants((0, 0, 1))
    ranking = office_sites.rank_sites(sites(("north", 0, 1000), ("east", 1000, 0)), weights)
    assert ranking["mean_distance_m"].tolist() == pytest.approx([1000, 1000], abs=0.05)


def test_ties_are_broken_by_the_share_within_the_radius():
    # tenants at 0 m and 1,500 m; both sites have a mean distance of 750 m
    weights = tenants((0, 0, 1), (1500, 0, 1))
    ranking = office_sites.rank_sites(sites(("end", 0, 0), ("middle", 750, 0)), weights)
    assert ranking["mean_distance_m"].tolist() == pytest.approx([750, 750], abs=0.05)
    assert list(ranking["site_id"]) == ["middle", "end"]
    assert ranking["share_within"].tolist() == pytest.approx([1.0, 0.5])


def test_radius_is_a_parameter():
    weights = tenants((0, 0, 1), (1500, 0, 1))
    ranking = office_sites.rank_sites(sites(("end", 0, 0),), weights, radius_m=2000)
    assert ranking["share_within"].iloc[0] == pytest.approx(1.0)


def test_optimal_point_is_the_weighted_median():
    # two buildings: the heavier one is the optimum (weighted geometric median)
    weights = tenants((0, 0, 3), (2000, 0, 1))
    lat, lon = office_sites.optimal_point(weights)
    best = office_sites.rank_sites(sites(("at_A", 0, 0),), weights)
    check = office_sites.rank_sites(
        pd.DataFrame([{"site_id": "opt", "name": "opt", "lat": lat, "lon": lon, "kind": "optimum"}]),
        weights)
    assert check["mean_distance_m"].iloc[0] == pytest.approx(best["mean_distance_m"].iloc[0], abs=1.0)
    # three equal buildings on a triangle: the optimum beats every vertex
    weights = tenants((0, 0, 1), (2000, 0, 1), (1000, 1500, 1))
    lat, lon = office_sites.optimal_point(weights)
    candidates = office_sites.add_site(sites(("a", 0, 0), ("b", 2000, 0), ("c", 1000, 1500)),
                                       lat, lon, "opt", kind="optimum")
    ranking = office_sites.rank_sites(candidates, weights)
    assert ranking["site_id"].iloc[0] == "optimum"


def test_empty_and_zero_weight_cases():
    weights = tenants((0, 0, 1))
    empty = office_sites.rank_sites(sites(), weights)
    assert empty.empty
    zero = office_sites.rank_sites(sites(("a", 0, 0)), weights.assign(weight=0))
    assert zero["rank"].tolist() == [1]


def test_add_and_remove_sites():
    base = sites(("a", 0, 0))
    one = office_sites.add_site(base, 45.6, 8.9)
    two = office_sites.add_site(one, 45.61, 8.91)
    assert list(two["site_id"]) == ["a", "user_1", "user_2"]
    opt = office_sites.add_site(office_sites.add_site(two, 45.6, 8.9, kind="optimum"), 45.6, 8.9,
                                kind="optimum")
    assert (opt["site_id"] == "optimum").sum() == 1
    assert list(office_sites.remove_sites(two, ["user_1"])["site_id"]) == ["a", "user_2"]
    assert list(office_sites.add_site(office_sites.remove_sites(two, ["user_1"]), 45.6, 8.9)["site_id"]) \
        == ["a", "user_2", "user_1"]


def test_demo_data(demo_frames):
    demo_frames = ambito.comune_frames(demo_frames, ambito.LEAD_CODE)  # Legnano's tenants and offices
    weights = office_sites.tenant_weights(demo_frames)
    flats = demo_frames["flats"]
    aler = demo_frames["buildings"].loc[demo_frames["buildings"]["owner_id"] == "ALER", "building_id"]
    assert weights["weight"].sum() == ((flats["status"] == "let") & flats["building_id"].isin(aler)).sum()
    assert weights["weight"].sum() < (flats["status"] == "let").sum()  # the Comune's tenants left out
    candidates = office_sites.default_sites(demo_frames)
    assert set(candidates["site_id"]) == {"aler_bissolati_5", "aler_bissolati_9"}
    ranking = office_sites.rank_sites(candidates, weights)
    assert ranking["mean_distance_m"].between(200, 5000).all()
    assert ranking["share_within"].between(0, 1).all()
    lat, lon = office_sites.optimal_point(weights)
    with_opt = office_sites.rank_sites(office_sites.add_site(candidates, lat, lon, kind="optimum"),
                                       weights)
    assert with_opt["site_id"].iloc[0] == "optimum"
    table = office_sites.display_table(with_opt, "it")
    assert list(table.columns)[:2] == ["Posizione", "Sito"]
    assert table["Tipo"].tolist()[0] == "punto calcolato"


# --- whose tenants, and how sure the distances are ----------------------------------------

def _stock(*buildings):
    """buildings: (building_id, owner_id, precision, let flats, vacant flats)."""
    from tavolo import schema
    from tavolo.validation import typed_frame

    rows, flats = [], []
    for i, (bid, owner, precision, let, vacant) in enumerate(buildings):
        lat, lon = lat_lon(1000 * i)
        rows.append({"building_id": bid, "name": bid, "address": "x", "rione_id": "r", "lat": lat,
                     "lon": lon, "position_precision": precision, "owner_id": owner, "source": "x"})
        flats += [{"flat_id": f"{bid}-{k}", "building_id": bid, "status": "let" if k < let else "vacant_assignable"}
                  for k in range(let + vacant)]
    return {"buildings": typed_frame(schema.TABLES["buildings"], rows),
            "flats": typed_frame(schema.TABLES["flats"], flats)}


def test_weights_count_alers_tenants_only():
    # ALER's office serves ALER's tenants: the Comune's let flats do not pull the site
    frames = _stock(("A", "ALER", "surveyed", 3, 1), ("C", "COMUNE", "surveyed", 5, 0),
                    ("B", "ALER", "approximate", 2, 0))
    weights = office_sites.tenant_weights(frames)
    assert weights.set_index("building_id")["weight"].to_dict() == {"A": 3, "B": 2}
    assert list(weights["position_precision"]) == ["surveyed", "approximate"]


def test_uncertainty_is_the_weighted_positional_uncertainty_of_the_buildings():
    weights = tenants((0, 0, 3), (2000, 0, 1)).assign(position_precision=["approximate", "surveyed"])
    # (3 x 250 m + 1 x 25 m) / 4
    assert office_sites.uncertainty_m(weights) == pytest.approx((3 * 250 + 25) / 4)
    assert office_sites.uncertainty_m(tenants((0, 0, 1))) == 0.0  # no precision given: exact


def test_sites_closer_than_the_uncertainty_are_equivalent():
    # mean distances: at_A 500 m, near_A (100 m east) (3x100 + 1900) / 4 = 550 m, at_B 1,500 m;
    # uncertainty 193.75 m: at_A and near_A cannot be told apart, at_B is third
    weights = tenants((0, 0, 3), (2000, 0, 1)).assign(position_precision=["approximate", "surveyed"])
    ranking = office_sites.rank_sites(sites(("at_B", 2000, 0), ("near_A", 100, 0), ("at_A", 0, 0)),
                                      weights)
    assert list(ranking["site_id"]) == ["at_A", "near_A", "at_B"]
    assert list(ranking["rank"]) == [1, 1, 3]
    assert list(ranking["equivalent_to_best"]) == [True, True, False]
    assert ranking["uncertainty_m"].iloc[0] == pytest.approx(193.75)
    assert ranking["gap_m"].tolist() == pytest.approx([0, 50, 1000], abs=0.1)
    table = office_sites.display_table(ranking, "it")
    assert table["Posizione"].tolist() == ["1=", "1=", "3"]
    text = office_sites.verdict(ranking, "it")
    assert "at_A" in text and "near_A" in text and "±194 m" in text and "equivalenti" in text
    assert "±194 m" in office_sites.verdict(ranking, "en")


def test_a_clear_best_is_named_with_the_uncertainty():
    weights = tenants((0, 0, 3), (2000, 0, 1)).assign(position_precision=["surveyed", "surveyed"])
    ranking = office_sites.rank_sites(sites(("at_B", 2000, 0), ("near_A", 900, 0), ("at_A", 0, 0)),
                                      weights)
    assert list(ranking["rank"]) == [1, 2, 3]
    text = office_sites.verdict(ranking, "it")
    assert "**at_A**" in text and "±25 m" in text and "equivalenti" not in text


def test_mappa_page_states_the_equivalence_and_the_uncertainty(demo_db_url, isolated_settings, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from tavolo import paths

    monkeypatch.setenv("TAVOLO_DATABASE_URL", demo_db_url)
    monkeypatch.setenv("TAVOLO_OFFLINE", "1")
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(paths.ROOT / "app.py"), default_timeout=90)
    at.switch_page("pages/mappa.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    texts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    # via Bissolati 5 and 9 stand a few metres apart: equivalent within ±250 m
    assert any("Siti equivalenti" in x and "±250 m" in x and "Bissolati 5" in x for x in texts)
    assert any("inquilini di ALER" in x and "±250 m per uno approssimato" in x for x in texts)
    st.cache_data.clear()
    st.cache_resource.clear()
