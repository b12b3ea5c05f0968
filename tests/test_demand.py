"""Demand and supply aggregations (tavolo.demand) on hand-made frames and on the demo."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from tavolo import ambito, demand, demo, schema, summary
from tavolo.validation import typed_frame

AS_OF = dt.date(2026, 10, 31)


@pytest.fixture(autouse=True)
def default_settings(monkeypatch, tmp_path):
    monkeypatch.setenv("TAVOLO_SETTINGS_FILE", str(tmp_path / "none.json"))
    for name in ("ADEQUACY_TABLE", "TURNOVER_RATE_PCT", "ART10_WORKS_MAX_EUR"):
        monkeypatch.delenv("TAVOLO_" + name, raising=False)


@pytest.fixture(scope="session")
def frames():
    """Legnano's part of the demo ambito: the figures pinned below are Legnano's."""
    return ambito.comune_frames(demo.generate(1), ambito.LEAD_CODE)


def tiny(flats=(), history=(), calls=(), applications=(), programme_flats=(), programmes=(),
         milestones=()):
    """A minimal data set: one comune, two rioni, one building per owner and rione, a
    building "P1-alfa" (ALER, built 1937) for the flats of a renovation programme and a
    building "NEW-alfa" (Comune, built 2026 by programme P2: new build). ``flats``:
    (building, m2, status, works estimate[, service]); ``applications``: (call, size, ISEE
    band, categories, rione, outcome[, assigned flat]); ``programmes``: (id, flats planned,
    end planned), all planned to start in 2019; ``milestones``: (programme id, name,
    planned date, actual date)."""
    rows = {
        "comuni": [{"comune_code": "015118", "name": "Legnano", "province": "MI",
                    "ambito": "Ambito Altomilanese", "population": 60000, "population_year": 2023,
                    "area_km2": 17.7, "source": "test"}],
        "consulte": [{"consulta_id": 1, "name": "Uno", "comune_code": "015118", "source": "test"}],
        "rioni": [{"rione_id": r, "name": r.title(), "consulta_id": 1, "lat": 45.6, "lon": 8.9,
                   "position_precision": "approximate", "source": "test"} for r in ("alfa", "beta")],
        "buildings": [{"building_id": f"{o}-{r}", "name": "b", "address": "a", "rione_id": r,
                       "lat": 45.6, "lon": 8.9, "position_precision": "approximate",
                       "owner_id": o, "programme_id": None, "year_built": 1970, "source": "test"}
                      for o in ("ALER", "COMUNE") for r in ("alfa", "beta")]
        + [{"building_id": "P1-alfa", "name": "p", "address": "a", "rione_id": "alfa", "lat": 45.6,
            "lon": 8.9, "position_precision": "approximate", "owner_id": "ALER",
            "programme_id": "P1", "year_built": 1937, "source": "test"},
           {"building_id": "NEW-alfa", "name": "n", "address": "a", "rione_id": "alfa", "lat": 45.6,
            "lon": 8.9, "position_precision": "approximate", "owner_id": "COMUNE",
            "programme_id": "P2", "year_built": 2026, "source": "test"}],
        "flats": [{"flat_id": f"F{i}", "building_id": b, "staircase": "A", "floor": 1,
                   "surface_m2": s, "rooms": 3, "lift": True, "step_free": True,
                   "service": (rest or ("SAP",))[0], "status": st, "works_estimate_eur": w,
                   "status_since": dt.date(2024, 1, 1), "source": "test"}
                  for i, (b, s, st, w, *rest) in enumerate(flats)],
        "flat_status_history": [{"flat_id": f, "valid_from": d, "status": st, "note": None}
                                for f, d, st in history],
        "calls": [{"call_id": c, "comune_code": "015118", "title": c, "opened_on": d,
                   "closed_on": d, "flats_offered": n, "status": "ranked", "source": "test"}
                  for c, d, n in calls],
        "applications": [{"application_id": f"A{i}", "call_id": c, "household_size": size,
                          "isee_band": band, "poverty": band == "0-3000", "categories": cats,
                          "isbar_score": 50.0, "rione_id": r, "outcome": out,
                          "assigned_flat_id": (rest or (None,))[0]}
                         for i, (c, size, band, cats, r, out, *rest) in enumerate(applications)],
        "programme_flats": [{"programme_id": p, "flat_id": f, "phase": ph,
                             "phase_since": dt.date(2024, 1, 1)} for p, f, ph in programme_flats],
        "programmes": [{"programme_id": p, "name": f"Programma {p}", "kind": "renovation",
                        "rione_id": "alfa", "flats_planned": n, "start_planned": dt.date(2019, 1, 1),
                        "end_planned": end, "description": "", "source": "test"}
                       for p, n, end in programmes],
        "milestones": [{"milestone_id": f"M{i}", "programme_id": p, "name": name, "planned_date": plan,
                        "actual_date": actual, "source": "test"}
                       for i, (p, name, plan, actual) in enumerate(milestones)],
    }
    out = {name: typed_frame(schema.TABLES[name], rows.get(name, [])) for name in schema.TABLES}
    return out


# --- supply ------------------------------------------------------------------------------

def test_flats_carry_owner_comune_and_size_class(frames):
    flats = demand.flats(frames, "015118")
    assert len(flats) == len(frames["flats"]) == 1229
    # via delle Rose (59 new flats, under works) are not yet part of today's stock
    assert (~flats["in_stock"]).sum() == 59
    assert flats.loc[~flats["in_stock"], "building_id"].str.startswith("MZROSE").all()
    assert flats["owner_id"].value_counts().to_dict() == {"ALER": 850, "COMUNE": 379}
    assert flats["size_class"].notna().all() and flats["comune_code"].eq("015118").all()
    assert flats["in_programme"].sum() == len(frames["programme_flats"])
    mazzafame = demand.flats(frames, "015118", "mazzafame")
    assert 0 < len(mazzafame) < len(flats) and mazzafame["rione_id"].eq("mazzafame").all()
    assert demand.flats(frames, "999999").empty


@pytest.mark.parametrize("dimension", demand.STOCK_DIMENSIONS)
def test_stock_by_adds_up(frames, dimension):
    flats = demand.flats(frames)
    table = demand.stock_by(flats, dimension, frames, "it")
    assert table["Totale"].sum() == len(flats)
    assert table.iloc[:, 1:-1].sum(axis=1).tolist() == table["Totale"].tolist()
    assert "Locato" in table.columns


def test_stock_by_rione_uses_names_and_size_classes_follow_the_table(frames):
    table = demand.stock_by(demand.flats(frames), "rione", frames, "en")
    assert "Mazzafame" in set(table["Neighbourhood"])
    edges, labels = demand.size_bins()
    assert labels[0] == "< 28 m²" and labels[1] == "28–46 m²" and labels[-1] == "≥ 95 m²"
    assert len(edges) == len(labels) + 1


def test_vacant_works_split_at_the_art10_limit():
    data = tiny(flats=[("ALER-alfa", 50, "vacant_works", 8000.0),
                       ("ALER-alfa", 50, "vacant_works", 8000.5),
                       ("ALER-alfa", 50, "vacant_works", None),
                       ("ALER-alfa", 50, "vacant_works", 30000.0),
                       ("ALER-alfa", 50, "let", None)])
    out = demand.vacant_works(demand.flats(data)).set_index("group")
    assert out["flats"].to_dict() == {"art10": 1, "funding": 2, "no_estimate": 1}
    assert out.loc["funding", "cost_eur"] == 38000.5
    assert demand.vacant_works(demand.flats(data), 10000).set_index("group").loc["art10", "flats"] == 2


@pytest.mark.parametrize("history, expected_rate, measured", [
    # 10 let flats (ordinary); releases let -> vacant in 2023-2025 over 3 years
    ([("F0", "2010-01-01", "let"), ("F0", "2023-05-01", "vacant_assignable"),
      ("F1", "2010-01-01", "let"), ("F1", "2024-05-01", "vacant_works"),
      ("F2", "2010-01-01", "let"), ("F2", "2025-05-01", "occupied_no_title")], 2 / 3 / 10, True),
    # a release before the window does not count; one in the window does
    ([("F0", "2010-01-01", "let"), ("F0", "2015-05-01", "vacant_assignable"),
      ("F1", "2010-01-01", "let"), ("F1", "2025-02-01", "under_works")], 1 / 3 / 10, True),
    # the history starts inside the window: too short, the setting (3%) is used
    ([("F0", "2024-01-01", "let"), ("F0", "2024-05-01", "vacant_assignable")], 0.03, False),
    ([], 0.03, False),
])
def test_turnover_measured_on_the_history(history, expected_rate, measured):
    flats = [("ALER-alfa", 60, "let", None)] * 10 + [("ALER-alfa", 60, "vacant_assignable", None)] * 3
    data = tiny(flats=flats, history=[(f, pd.Timestamp(d), s) for f, d, s in history])
    result = demand.turnover(data, AS_OF)
    assert result.measured is measured
    assert result.rate == pytest.approx(expected_rate)
    assert result.years == (2023, 2024, 2025) and result.let_stock == 10


def test_turnover_is_measured_on_sap_flats_outside_programmes():
    """One set of flats: SAP, in today's stock, not in a programme. Its releases per year
    over its let flats today; SAS and programme flats are neither counted nor the base."""
    flats = ([("ALER-alfa", 60, "let", None)] * 10 + [("ALER-alfa", 60, "let", None, "SAS")] * 2
             + [("P1-alfa", 60, "let", None)] * 5)
    history = [("F0", "2010-01-01", "let"), ("F0", "2023-05-01", "vacant_assignable"),
               ("F10", "2010-01-01", "let"), ("F10", "2024-05-01", "vacant_assignable"),
               ("F12", "2010-01-01", "let"), ("F12", "2025-05-01", "vacant_assignable")]
    data = tiny(flats=flats, history=[(f, pd.Timestamp(d), s) for f, d, s in history],
                programme_flats=[("P1", f"F{k}", "handed_over") for k in range(12, 17)],
                programmes=[("P1", 5, pd.Timestamp("2024-01-01"))])
    result = demand.turnover(data, AS_OF)
    assert result.measured and result.let_stock == 10
    assert result.releases_by_year == {2023: 1, 2024: 0, 2025: 0}
    assert result.rate == pytest.approx(1 / 3 / 10)
    base = demand.turnover_base(demand.flats(data))
    assert base.tolist() == [True] * 10 + [False] * 7


def test_turnover_on_the_demo_is_measured(frames):
    result = demand.turnover(frames, demo.AS_OF)
    assert result.measured and 0.01 < result.rate < 0.1
    assert sum(result.releases_by_year.values()) > 0


# --- demand ------------------------------------------------------------------------------

def test_waiting_list_is_the_latest_calls_waiting(frames):
    waiting = demand.waiting(frames, "015118")
    assert summary.latest_call(frames) == summary.latest_call(frames, "015118") == "AVV-2025-09"
    assert summary.latest_call(frames, "999999") is None
    assert not hasattr(demand, "latest_call"), "one definition: summary.latest_call"
    assert waiting["outcome"].eq("waiting").all() and waiting["call_id"].eq("AVV-2025-09").all()
    overview = summary.summarise(frames, {}, True)
    assert len(waiting) == overview.applications_waiting
    in_rione = demand.waiting(frames, "015118", "mazzafame")
    assert in_rione["rione_id"].eq("mazzafame").all() and len(in_rione) < len(waiting)
    assert demand.waiting(tiny(), "015118").empty


def test_calls_series_in_date_order_with_outcomes(frames):
    series = demand.calls_series(frames, "015118")
    assert list(series["call_id"]) == ["AVV-2021-05", "AVV-2022-10", "AVV-2024-10", "AVV-2025-09"]
    counts = frames["applications"]["call_id"].value_counts()
    assert series.set_index("call_id")["total"].to_dict() == counts.to_dict()
    assert (series[list(schema.OUTCOME)].sum(axis=1) == series["total"]).all()
    assert series["waiting"].iloc[-1] > 0 and series["waiting"].iloc[:-1].eq(0).all()


@pytest.mark.parametrize("dimension", demand.DIMENSIONS)
def test_profile_counts_every_application(frames, dimension):
    apps = demand.applications(frames, "015118", call_id="AVV-2024-10")
    prof = demand.profile(apps, dimension, frames, "it")
    if dimension == "categories":
        assert prof["applications"].sum() >= len(apps)
        assert prof.set_index("key").loc["none", "applications"] == apps["categories"].isna().sum()
    else:
        assert prof["applications"].sum() == len(apps)
        assert prof["share"].sum() == pytest.approx(1.0)


def test_profile_groups_large_households_and_labels_values():
    apps = tiny(applications=[("C1", s, "0-3000", None, "alfa", "waiting") for s in (1, 1, 6, 7, 9)]
                + [("C1", 2, "6000-9000", "elderly|separated", None, "waiting")])["applications"]
    data = tiny()
    sizes = demand.profile(apps, "household_size", data)
    assert sizes.set_index("label")["applications"].to_dict() == {
        "1": 2, "2": 1, "3": 0, "4": 0, "5": 0, "6+": 3}
    poverty = demand.profile(apps, "poverty", data, "it").set_index("label")["applications"]
    assert poverty.to_dict() == {"Indigenti": 5, "Non indigenti": 1}
    cats = demand.profile(apps, "categories", data, "en").set_index("key")["applications"]
    assert (cats["elderly"], cats["separated"], cats["none"]) == (1, 1, 5)
    rioni = demand.profile(apps, "rione", data, "it").set_index("label")["applications"]
    assert rioni.to_dict() == {"Alfa": 5, "Beta": 0, "Rione non indicato": 1}
    with pytest.raises(ValueError):
        demand.profile(apps, "age", data)


@pytest.mark.parametrize("calls, assigned, expected_years, expected_pace", [
    ([("C1", "2021-05-01", 10), ("C2", "2023-10-01", 10)], {"C1": 6, "C2": 3}, [2021, 2022, 2023], 3.0),
    ([("C1", "2024-05-01", 10)], {"C1": 4}, [2024], 4.0),
    ([("C1", "2024-05-01", 10)], {}, [2024], 0.0),
])
def test_pace_counts_years_without_calls_as_zero(calls, assigned, expected_years, expected_pace):
    apps = [(c, 2, "0-3000", None, "alfa", "assigned") for c, n in assigned.items() for _ in range(n)]
    data = tiny(calls=[(c, pd.Timestamp(d), n) for c, d, n in calls], applications=apps)
    by_year = demand.assignments_by_year(data, "015118")
    assert by_year["year"].tolist() == expected_years
    assert demand.pace(data, "015118") == pytest.approx(expected_pace)


def test_pace_without_calls_is_none():
    assert demand.pace(tiny()) is None
    assert demand.admitted_per_year(tiny()) is None


def test_admitted_per_year(frames):
    # 955 applications to the calls of 2021, 2022, 2024 and 2025 (five years), 74 excluded
    assert demand.admitted_per_year(frames, "015118") == pytest.approx((955 - 74) / 5)


def test_admitted_per_year_leaves_out_excluded_applications():
    calls = [("C1", pd.Timestamp("2024-05-01"), 3), ("C2", pd.Timestamp("2025-05-01"), 3)]
    apps = ([("C1", 2, "0-3000", None, "alfa", "expired")] * 4
            + [("C1", 2, "0-3000", None, "alfa", "excluded")] * 2
            + [("C2", 2, "0-3000", None, "alfa", "waiting")] * 4)
    data = tiny(calls=calls, applications=apps)
    assert demand.admitted_per_year(data) == pytest.approx(8 / 2)


@pytest.mark.parametrize("waiting, pace, inflow, expected", [
    (100, 25.0, 5.0, 5.0),  # the list shrinks by 20 a year
    (100, 25.0, 0.0, 4.0),
    (100, 25.0, 25.0, None), (100, 20.0, 25.0, None),  # it never clears
    (0, 10.0, 50.0, 0.0),
])
def test_years_to_clear_with_new_applications(waiting, pace, inflow, expected):
    result = demand.years_to_clear(waiting, pace, inflow)
    assert result == (pytest.approx(expected) if expected is not None else None)


def test_inflow_is_a_setting_or_measured(monkeypatch):
    calls = [("C1", pd.Timestamp("2024-05-01"), 3), ("C2", pd.Timestamp("2025-05-01"), 3)]
    data = tiny(calls=calls, applications=[("C1", 2, "0-3000", None, "alfa", "waiting")] * 6)
    assert demand.inflow(data) == (3.0, True)
    monkeypatch.setenv("TAVOLO_NEW_APPLICATIONS_PER_YEAR", "40")
    assert demand.inflow(data) == (40.0, False)


# --- assignments by date -----------------------------------------------------------------

def assigned_world():
    """Call C0 opened on 1 March 2025; four households assigned: F0 let in June 2025, F1
    assigned (awaiting handover) in February 2026, F2 let in April 2026, F3's history shows
    no change after the call (its assignment has no date)."""
    flats = [("ALER-alfa", 60, "let", None)] * 3 + [("ALER-alfa", 60, "let", None)]
    history = [("F0", "2010-01-01", "let"), ("F0", "2024-12-01", "vacant_assignable"),
               ("F0", "2025-06-01", "let"), ("F1", "2025-01-10", "vacant_assignable"),
               ("F1", "2026-02-01", "assigned_awaiting"), ("F2", "2026-04-01", "let"),
               ("F3", "2010-01-01", "let")]
    apps = [("C0", 2, "0-3000", None, "alfa", "assigned", f"F{k}") for k in range(4)]
    return tiny(flats=flats, history=[(f, pd.Timestamp(d), s) for f, d, s in history],
                calls=[("C0", pd.Timestamp("2025-03-01"), 4)], applications=apps)


def test_assignments_are_counted_by_assignment_date_not_by_call():
    data = assigned_world()
    dated = demand.assignment_dates(data)
    assert dated.tolist() == [pd.Timestamp("2025-06-01"), pd.Timestamp("2026-02-01"),
                              pd.Timestamp("2026-04-01"), pd.NaT]
    assert demand.assigned_in_year(data, 2025) == (1, 1)  # (dated in 2025, undated)
    assert demand.assigned_in_year(data, 2026) == (2, 1)
    assert demand.assigned_in_year(data, 2024) == (0, 1)


# --- today's stock and the overview ----------------------------------------------------------

def delivery_world(phase="works"):
    """6 let, 2 vacant assignable, 1 vacant needing works, 1 under works (ordinary flats);
    3 vacant flats needing works in a renovation programme (P1, existing building); 3 flats
    of a new building (P2) in ``phase``."""
    flats = ([("ALER-alfa", 60, "let", None)] * 6 + [("ALER-alfa", 60, "vacant_assignable", None)] * 2
             + [("ALER-alfa", 60, "vacant_works", 9000.0), ("ALER-alfa", 60, "under_works", None)]
             + [("P1-alfa", 60, "vacant_works", 58000.0)] * 3
             + [("NEW-alfa", 60, "under_works", None)] * 3)
    pf = [("P1", f"F{k}", "design") for k in range(10, 13)] + [("P2", f"F{k}", phase) for k in range(13, 16)]
    return tiny(flats=flats, programme_flats=pf,
                programmes=[("P1", 3, pd.Timestamp("2028-12-31")), ("P2", 3, pd.Timestamp("2027-06-30"))])


@pytest.mark.parametrize("phase, in_stock", [
    ("design", False), ("tendered", False), ("works", False), ("completed", False),
    ("habitable", True), ("assigned", True), ("handed_over", True),
])
def test_new_flats_enter_the_stock_when_delivered(phase, in_stock):
    fl = demand.flats(delivery_world(phase))
    assert fl["in_stock"].tolist() == [True] * 13 + [in_stock] * 3  # renovated flats exist
    assert fl["service"].eq("SAP").all()


def test_vacancy_rate_counts_todays_stock_only():
    """Numerator: vacant flats (assignable or needing works) = 2 + 1 + 3; denominator: the
    flats of today's stock = 13 (the 3 new flats not yet delivered are left out)."""
    overview = summary.summarise(delivery_world(), {}, False, dt.date(2026, 10, 31))
    assert overview.flats_total == 13 and overview.flats_not_delivered == 3
    assert overview.vacant == 6 and overview.vacancy_rate == pytest.approx(6 / 13, abs=1e-4)
    assert overview.flats_by_status["under_works"] == 1
    assert overview.vacant_works_in_programmes == 3
    works = demand.vacant_works(demand.flats(delivery_world()))
    assert works["flats"].sum() == 1  # Domanda e offerta: outside programmes (labelled so)


def test_headline_follows_the_rione_filter_or_says_city_wide():
    calls = [("C0", pd.Timestamp("2024-03-01"), 4), ("C1", pd.Timestamp("2025-03-01"), 9)]
    apps = ([("C0", 2, "0-3000", None, "alfa", "assigned")] * 4
            + [("C1", 2, "0-3000", None, "alfa", "waiting")] * 6
            + [("C1", 2, "0-3000", None, "beta", "waiting")] * 2)
    flats = [("ALER-alfa", 60, "vacant_assignable", None)] * 2 + [("ALER-beta", 60, "vacant_assignable", None)]
    data = tiny(flats=flats, calls=calls, applications=apps)
    city = demand.headline(data, "015118")
    assert (city.waiting, city.assignable, city.years_to_clear, city.city_wide) == (8, 3, 4.0, False)
    beta = demand.headline(data, "015118", "beta")
    assert (beta.waiting, beta.assignable, beta.per_flat) == (2, 1, 2.0)
    assert beta.years_to_clear == 4.0 and beta.city_wide  # the pace is the comune's: said so
    assert beta.inflow == 6.0  # 12 admitted applications over 2024-2025 (measured)


@pytest.mark.parametrize("waiting, per_year, expected", [
    (100, 25.0, 4.0), (195, 26.6, 195 / 26.6), (0, 10.0, 0.0), (0, None, 0.0), (10, 0.0, None),
    (10, None, None),
])
def test_years_to_clear(waiting, per_year, expected):
    result = demand.years_to_clear(waiting, per_year)
    assert result == (pytest.approx(expected) if expected is not None else None)


# --- matching ----------------------------------------------------------------------------

def test_matching_by_size_counts_adequate_assignable_flats():
    flats = [("ALER-alfa", 30, "vacant_assignable", None),   # 1-2 people
             ("ALER-alfa", 46, "vacant_assignable", None),   # 1, 2 and 3 people (both rows)
             ("ALER-alfa", 60, "vacant_assignable", None),   # 3-4
             ("ALER-beta", 100, "vacant_assignable", None),  # 6+
             ("ALER-beta", 55.5, "vacant_assignable", None),  # in a gap: nobody
             ("ALER-beta", 60, "let", None)]                 # not assignable
    apps = [("C1", s, "0-3000", None, "alfa", "waiting") for s in (1, 1, 1, 2, 3, 4, 4, 7)]
    data = tiny(flats=flats, calls=[("C1", pd.Timestamp("2025-09-15"), 5)], applications=apps)
    match = demand.matching_by_size(demand.waiting(data), demand.flats(data)).set_index("label")
    assert match["applicants"].to_dict() == {"1": 3, "2": 1, "3": 1, "4": 2, "5": 0, "6+": 1}
    assert match["flats"].to_dict() == {"1": 2, "2": 2, "3": 2, "4": 1, "5": 0, "6+": 1}
    assert match["balance"].to_dict() == {"1": -1, "2": 1, "3": 1, "4": -1, "5": 0, "6+": 0}
    assert match.loc["1", "per_flat"] == 1.5 and np.isnan(match.loc["5", "per_flat"])


def test_per_flat_by_rione_marks_rioni_without_flats():
    flats = [("ALER-alfa", 50, "vacant_assignable", None), ("COMUNE-alfa", 50, "vacant_assignable", None),
             ("ALER-beta", 50, "let", None)]
    apps = [("C1", 2, "0-3000", None, r, "waiting") for r in ("alfa",) * 3 + ("beta",) * 4]
    data = tiny(flats=flats, calls=[("C1", pd.Timestamp("2025-09-15"), 5)], applications=apps)
    out = demand.per_flat_by_rione(demand.waiting(data), demand.flats(data), data).set_index("rione_id")
    assert out.loc["alfa", ["applicants", "flats"]].tolist() == [3, 2]
    assert out.loc["alfa", "per_flat"] == 1.5
    assert out.loc["beta", "flats"] == 0 and np.isnan(out.loc["beta", "per_flat"])
    assert list(out.index) == ["beta", "alfa"]  # rioni without any flat first


def test_demo_matching_and_rioni(frames):
    flats, waiting = demand.flats(frames), demand.waiting(frames)
    match = demand.matching_by_size(waiting, flats)
    assert match["applicants"].sum() == len(waiting)
    sap_free = ((flats["status"] == "vacant_assignable") & (flats["service"] == "SAP")).sum()
    assert sap_free == 41  # of 42 vacant assignable, one is a SAS flat: not for the SAP list
    assert (match["flats"] <= sap_free).all()
    rioni = demand.per_flat_by_rione(waiting, flats, frames)
    assert len(rioni) == 10 and rioni["flats"].sum() == sap_free


def test_display_formats_italian_numbers():
    frame = pd.DataFrame({"n": [1234, None], "r": [0.253, 1.5], "d": [pd.Timestamp("2017-10-17"), pd.NaT],
                          "e": [5_000_000.0, 0.0]})
    out = demand.display(frame, {"n": ("dem_col_flats", "int"), "r": ("dem_col_share", "pct"),
                                 "d": ("dem_col_opened", "date"), "e": ("dem_col_cost", "eur")}, "it")
    assert list(out.columns) == ["Alloggi", "Quota delle domande", "Apertura", "Stima lavori"]
    assert out.iloc[0].tolist() == ["1.234", "25%", "17/10/2017", "5.000.000 €"]
    assert out.iloc[1].tolist()[0] == "–" and out.iloc[1].tolist()[2] == "–"


def test_as_of_date_comes_from_the_data_never_the_clock():
    assert demand.as_of_date({"as_of": "2026-10-31"}) == dt.date(2026, 10, 31)
    data = tiny(flats=[("ALER-alfa", 60, "let", None)],
                history=[("F0", pd.Timestamp("2025-03-04"), "let")],
                calls=[("C1", pd.Timestamp("2025-09-15"), 3)])
    # no as-of date in the metadata: the latest date in the data (the call of 15/9/2025)
    assert demand.as_of_date({}, data) == dt.date(2025, 9, 15)
    assert demand.as_of_date({"as_of": ""}, data) == dt.date(2025, 9, 15)


def test_stock_by_owner_names_the_owners_not_their_codes(frames):
    table = demand.stock_by(demand.flats(frames), "owner_id", frames, "it")
    assert set(table.iloc[:, 0]) == {"ALER Milano", "Comune di Legnano"}
