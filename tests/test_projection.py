"""Scenarios, supply by year and source, five-year coverage with and without the 111
flats, and the annual plan built from the data (tavolo.projection)."""

import datetime as dt

import pandas as pd
import pytest

from tavolo import ambito, demo, plan, projection

try:  # tests/ on sys.path (pytest default) or the repository root (tests as a package)
    from test_demand import tiny
except ImportError:  # pragma: no cover
    from tests.test_demand import tiny

AS_OF = dt.date(2026, 10, 31)
YEARS = [2026, 2027, 2028, 2029, 2030]


@pytest.fixture(autouse=True)
def default_settings(monkeypatch, tmp_path):
    monkeypatch.setenv("TAVOLO_SETTINGS_FILE", str(tmp_path / "none.json"))
    for name in plan.SETTINGS_USED:
        monkeypatch.delenv("TAVOLO_" + name.upper(), raising=False)


@pytest.fixture(scope="session")
def frames():
    """Legnano's part of the demo ambito: the figures pinned below are Legnano's."""
    return ambito.comune_frames(demo.generate(1), ambito.LEAD_CODE)


def small_world(milestones=(("P1", "Fine lavori", pd.Timestamp("2019-12-31"), None),)):
    """20 let ALER flats (5 of them handed over by programme P1), 10 let Comune flats,
    3 vacant assignable, 1 under works, 5 vacant needing works (one within art. 10),
    programme P1: 2 completed, 1 habitable, 4 under works, 3 in design, 2 assigned;
    40 households waiting."""
    flats = ([("ALER-alfa", 60, "let", None)] * 15 + [("COMUNE-beta", 60, "let", None)] * 10
             + [("ALER-alfa", 60, "vacant_assignable", None)] * 3
             + [("ALER-beta", 60, "under_works", None)]
             + [("ALER-beta", 60, "vacant_works", 5000.0)]
             + [("ALER-beta", 60, "vacant_works", 20000.0)] * 4)
    phases = (["handed_over"] * 5 + ["completed"] * 2 + ["habitable"] + ["works"] * 4
              + ["design"] * 3 + ["assigned"] * 2)
    status = {"handed_over": "let", "assigned": "assigned_awaiting", "design": "vacant_works"}
    first = len(flats)
    flats += [("P1-alfa", 60, status.get(ph, "under_works"), 58000.0 if ph == "design" else None)
              for ph in phases]
    programme_flats = [("P1", f"F{first + k}", ph) for k, ph in enumerate(phases)]
    apps = [("C1", 2, "3000-6000", None, "alfa", "waiting")] * 40 \
        + [("C0", 2, "3000-6000", None, "alfa", "assigned")] * 7
    calls = [("C0", pd.Timestamp("2025-03-01"), 7), ("C1", pd.Timestamp("2026-03-01"), 9)]
    return tiny(flats=flats, programme_flats=programme_flats, applications=apps, calls=calls,
                programmes=[("P1", 111, pd.Timestamp("2019-12-31"))], milestones=milestones)


SCENARIO = projection.Scenario(turnover_pct=10.0, works_end={"P1": 2028}, design_year={"P1": 2030},
                               new_build_flats=6, new_build_year=2029, works_recovery_pct=50.0,
                               demand_per_year=20.0)


def test_supply_by_year_and_source():
    data = small_world()
    wide = projection.supply_by_year(projection.supply(data, SCENARIO, AS_OF), YEARS).set_index("year")
    expected = pd.DataFrame({
        "vacant_now": [3, 0, 0, 0, 0],
        # ALER 10% of 15 let outside the programme = 1.5 -> 2, Comune 10% of 10 = 1; in 2026
        # only the 61 days after the as-of date: 0.25 -> 0 and 0.17 -> 0
        "turnover": [0, 3, 3, 3, 3],
        "programmes": [3, 0, 4, 0, 3],  # ready now; works end 2028; design in 2030
        "ordinary_works": [0, 1, 0, 0, 0],
        "art10": [1, 0, 0, 0, 0],
        "works_recovered": [0, 2, 2, 0, 0],  # 50% of 4 a year from the second year
        "new_build": [0, 0, 0, 6, 0],
    }, index=pd.Index(YEARS, name="year"))
    for column in expected:
        assert wide[column].tolist() == expected[column].tolist(), column
    assert wide["total"].tolist() == [7, 6, 9, 9, 6]


@pytest.mark.parametrize("changes, totals", [
    ({}, [7, 6, 9, 9, 6]),
    ({"turnover_pct": 0.0}, [7, 3, 6, 6, 3]),
    ({"design_year": {"P1": None}}, [7, 6, 9, 9, 3]),
    ({"works_end": {"P1": 2031}}, [7, 6, 5, 9, 6]),
    ({"new_build_flats": 0}, [7, 6, 9, 3, 6]),
    ({"new_build_year": 2035}, [7, 6, 9, 3, 6]),
    ({"works_recovery_pct": 0.0}, [7, 4, 7, 9, 6]),
    ({"works_recovery_pct": 10.0}, [7, 5, 8, 10, 7]),  # at least one flat a year until none left
])
def test_scenario_sliders_move_the_supply(changes, totals):
    long = projection.supply(small_world(), SCENARIO.with_(**changes), AS_OF)
    assert projection.supply_by_year(long, YEARS)["total"].tolist() == totals


def test_coverage_with_and_without_the_programme():
    proj = projection.project(small_world(), SCENARIO, AS_OF)
    table = proj.by_year.set_index("year")
    assert proj.waiting == 40 and proj.without_programme == "P1"
    assert table["cum_with"].tolist() == [7, 13, 22, 31, 37]
    assert table["cum_without"].tolist() == [4, 10, 15, 24, 27]
    # coverage: flats of the year over 20 new admitted applications a year
    assert table["coverage_with"].tolist() == pytest.approx([0.35, 0.3, 0.45, 0.45, 0.3])
    assert table["coverage_without"].tolist() == pytest.approx([0.2, 0.3, 0.25, 0.45, 0.15])
    assert table["demand"].tolist() == [20.0] * 5
    assert proj.clear_year("cum_with") is None and proj.clear_year("cum_without") is None
    assert projection.project(small_world(), SCENARIO.with_(turnover_pct=20.0), AS_OF) \
        .clear_year("cum_with") == 2030


def test_coverage_is_capped_and_survives_no_demand():
    data = small_world()
    data["applications"] = data["applications"].iloc[:5]
    proj = projection.project(data, SCENARIO.with_(demand_per_year=5.0), AS_OF)
    assert proj.by_year["coverage_with"].tolist() == [1.0] * 5 and proj.clear_year() == 2026
    data["applications"] = data["applications"].iloc[0:0]
    empty = projection.project(data, SCENARIO.with_(demand_per_year=0.0), AS_OF)
    assert empty.waiting == 0 and empty.by_year["coverage_with"].isna().all()
    assert empty.clear_year() == 2026


@pytest.mark.parametrize("milestones, end, design", [
    ((("P1", "Fine lavori", pd.Timestamp("2019-12-31"), None),), 2027, 2029),  # overdue: next year
    ((("P1", "Fine lavori", pd.Timestamp("2028-06-30"), None),), 2028, 2030),
    ((("P1", "Fine lavori", pd.Timestamp("2019-12-31"), pd.Timestamp("2020-01-10")),), 2027, 2029),
    ((), 2027, 2029),  # no milestone: the programme's planned end (2019), overdue
])
def test_default_scenario(milestones, end, design):
    scenario = projection.default_scenario(small_world(milestones), AS_OF)
    assert scenario.works_end == {"P1": end} and scenario.design_year == {"P1": design}
    assert scenario.turnover_pct == 3.0  # no history: the setting
    assert scenario.new_build_flats == 0 and scenario.works_recovery_pct == 0.0
    assert scenario.demand_per_year == 24.0  # 47 applications over 2025-2026


def test_pipeline_leaves_out_assigned_and_handed_over():
    pipe = projection.pipeline(small_world(), SCENARIO, AS_OF)
    assert pipe["flats"].sum() == 10
    by_phase = pipe.groupby("phase")["year"].first().to_dict()
    assert by_phase == {"completed": 2026, "habitable": 2026, "works": 2028, "design": 2030}
    beyond = projection.pipeline(small_world(), SCENARIO.with_(design_year={"P1": None}), AS_OF)
    assert beyond.loc[beyond["phase"] == "design", "year"].isna().all()


def test_demo_projection(frames):
    scenario = projection.default_scenario(frames, demo.AS_OF)
    assert set(scenario.works_end) == {"carlo_porta", "mazzafame"}
    assert all(year > demo.AS_OF.year for year in scenario.works_end.values())
    proj = projection.project(frames, scenario, demo.AS_OF)
    table = proj.by_year
    assert proj.without_programme == projection.headline_programme(frames) == "carlo_porta"
    # admitted households waiting today; new admitted ones a year: (955 - 74 excluded) / 5
    assert proj.waiting == 195 and scenario.demand_per_year == 176.0
    # the carlo_porta SAP flats still to come: 4 completed + 6 habitable + 49 in design,
    # less 3 SAS and 1 transitional flat of n. 122 (not in the SAP projection)
    assert table["cum_with"].iloc[-1] - table["cum_without"].iloc[-1] == 55


def test_demo_annual_plan(frames):
    meta = {"as_of": demo.AS_OF.isoformat(), "source": "demo"}
    annual = projection.annual_plan(frames, 2026, meta, "015118", demo=True)
    # ALER 68 and Comune 14 SAP flats: 20% of each rounded up (13.6 -> 14, 2.8 -> 3)
    assert annual.available_by_owner == {"ALER": 68, "COMUNE": 14}
    assert annual.limits["poverty"] == 14 + 3
    # by assignment date (status history): 17 in 2025 (the re-let cycles date the calls' assignments); 6 have no date
    assert annual.assigned_previous_year == 17
    assert annual.notes["assigned_previous_year_undated"] == 6
    # SAP flats only: of 928 let flats, 46 are SAS and 23 transitional (shown apart)
    assert annual.stock_by_owner["ALER"]["let"] + annual.stock_by_owner["COMUNE"]["let"] == 859
    assert annual.stock_outside_base["SAS"]["let"] == 46
    assert annual.stock_outside_base["transitional"]["let"] == 23
    forced = projection.annual_plan(frames, 2026, meta, available=23)
    assert forced.allocation["poverty"] == 5 and forced.available_override


def test_carlo_porta_flats_enter_the_plans_of_the_years_they_become_available(frames):
    """Of the 111 flats, 40 are handed over and 12 assigned (not supply any more); the 10
    completed or habitable ones enter the 2026 plan, the 49 in design the year the scenario
    gives them (2029: works end in 2027, two years more), 45 of them SAP."""
    scenario = projection.default_scenario(frames, demo.AS_OF)
    by_year = projection.programme_flats_by_year(frames, "carlo_porta", scenario, demo.AS_OF)
    assert by_year == {2026: 10, 2029: 49}
    meta = {"as_of": demo.AS_OF.isoformat()}
    in_plans = {y: projection.annual_plan(frames, y, meta, scenario=scenario)
                .notes["programme_flats"].get("carlo_porta", 0) for y in range(2026, 2031)}
    assert in_plans == {2026: 10, 2027: 0, 2028: 0, 2029: 45, 2030: 0}
    limits = plan.limits_by_year({y: n for y, n in by_year.items() if y is not None})
    assert limits[2029]["poverty"]["required"] == 10 and limits[2029]["art14"]["allowed"] == 9


@pytest.mark.parametrize("year, available, poverty", [
    (2025, 23, 5), (2024, 14, 3), (2023, 0, 0), (2022, 67, 14), (2021, 40, 8),
])
def test_past_years_use_the_flats_offered_by_the_calls(frames, year, available, poverty):
    annual = projection.annual_plan(frames, year, {"as_of": "2026-10-31"})
    assert annual.available_by_source == {"calls": available}
    assert annual.available == available and annual.allocation["poverty"] == poverty


def test_police_cap_in_a_past_plan_is_the_old_one(frames):
    annual = projection.annual_plan(frames, 2022, {"as_of": "2026-10-31"})
    assert annual.rules["police"].pct == 10.0 and annual.limits["police"] == 6  # 10% of 67


def test_unknown_comune(frames):
    with pytest.raises(KeyError):
        projection.annual_plan(frames, 2026, {"as_of": "2026-10-31"}, "000000")


def test_small_world_plan_for_a_later_year():
    annual = projection.annual_plan(small_world(), 2027, {"as_of": "2026-10-31"}, scenario=SCENARIO)
    assert annual.available == 6 and annual.available_by_owner == {"ALER": 5, "COMUNE": 1}
    assert annual.limits["poverty"] == 1 + 1  # counted per owner, each rounded up
    assert annual.assigned_previous_year == 0  # no call assigned flats in 2026


def test_chart_builders_label_every_bar(frames):
    import plotly.graph_objects as go

    from tavolo import charts_demand as ch, demand

    as_of = demo.AS_OF
    fl, waiting = demand.flats(frames), demand.waiting(frames)
    scenario = projection.default_scenario(frames, as_of)
    long = projection.supply(frames, scenario, as_of)
    annual = projection.annual_plan(frames, 2026, {"as_of": "2026-10-31"}, available=23,
                                    chosen={"police": 9})
    figures = [
        ch.calls_series(demand.calls_series(frames), "it"),
        ch.profile(demand.profile(waiting, "categories", frames, "it"), "t", "it"),
        ch.stock(demand.stock_by(fl, "rione", frames, "it"), "t", "it"),
        ch.supply_years(projection.supply_by_year(long, list(range(2026, 2031))), "it"),
        ch.pipeline(projection.pipeline(frames, scenario, as_of), "it"),
        ch.matching(demand.matching_by_size(waiting, fl), "it"),
        ch.per_flat_by_rione(demand.per_flat_by_rione(waiting, fl, frames), "it"),
        ch.coverage(projection.project(frames, scenario, as_of).by_year, "Via Carlo Porta", "it"),
        ch.plan_allocation(annual, "it"),
    ]
    for fig in figures:
        assert isinstance(fig, go.Figure) and fig.layout.separators == ",."
        assert fig.layout.title.text
        for trace in fig.data:
            if trace.type == "bar":
                assert trace.text is not None and len(trace.text) == len(trace.x if trace.orientation != "h"
                                                                         else trace.y)
    plan_fig = figures[-1]
    labels = list(plan_fig.data[0].text)
    assert any("oltre il limite" in label for label in labels)  # the breach is said in words
    assert "mancano" in " ".join(figures[5].data[0].x)


# --- the plan's definitions on small frames ---------------------------------------------------

NO_TURNOVER = projection.Scenario(turnover_pct=0.0)


def test_plan_base_is_sap_flats_and_other_services_are_shown_apart():
    flats = ([("ALER-alfa", 60, "vacant_assignable", None)] * 4
             + [("ALER-alfa", 60, "vacant_assignable", None, "SAS")] * 2
             + [("COMUNE-alfa", 60, "vacant_assignable", None, "transitional")]
             + [("ALER-alfa", 60, "let", None)] * 3 + [("ALER-alfa", 60, "let", None, "SAS")] * 5)
    annual = projection.annual_plan(tiny(flats=flats), 2026, {"as_of": "2026-10-31"},
                                    scenario=NO_TURNOVER)
    assert annual.available == 4 and annual.available_by_source["vacant_now"] == 4
    assert annual.outside_base == {"SAS": 2, "transitional": 1}
    assert annual.stock_by_owner == {"ALER": {"let": 3, "vacant_assignable": 4, "vacant_works": 0,
                                              "under_works": 0, "occupied_no_title": 0,
                                              "assigned_awaiting": 0}}
    assert annual.stock_outside_base["SAS"]["let"] == 5
    assert annual.stock_outside_base["transitional"]["vacant_assignable"] == 1
    assert annual.to_json()["base"] == "SAP"


def test_turnover_is_applied_to_the_set_it_is_measured_on():
    """10 let SAP flats outside programmes, 5 let programme flats, 2 let SAS flats: at 10%
    a year the plan expects 1 release (10% of 10), not 2 (10% of 17)."""
    flats = ([("ALER-alfa", 60, "let", None)] * 10 + [("P1-alfa", 60, "let", None)] * 5
             + [("ALER-alfa", 60, "let", None, "SAS")] * 2)
    data = tiny(flats=flats, programme_flats=[("P1", f"F{k}", "handed_over") for k in range(10, 15)],
                programmes=[("P1", 5, pd.Timestamp("2024-01-01"))])
    long = projection.supply(data, projection.Scenario(turnover_pct=10.0), AS_OF)
    turnover = long[long["source"] == "turnover"].groupby("year")["flats"].sum()
    assert turnover.get(2027) == 1


def test_no_double_counting_inside_the_as_of_year():
    """As of 31 October 2026: the releases of 2026 so far are in the vacant flats (3), the
    turnover of 2026 counts only the 61 days left (4 a year x 61/365 -> 1); 2027: 4."""
    flats = [("ALER-alfa", 60, "let", None)] * 40 + [("ALER-alfa", 60, "vacant_assignable", None)] * 3
    data = tiny(flats=flats)
    scenario = projection.Scenario(turnover_pct=10.0)
    this_year = projection.annual_plan(data, 2026, {"as_of": "2026-10-31"}, scenario=scenario)
    assert this_year.available_by_source["vacant_now"] == 3
    assert this_year.available_by_source["turnover"] == 1
    assert this_year.notes["turnover_share_of_year"] == pytest.approx(61 / 365)
    next_year = projection.annual_plan(data, 2027, {"as_of": "2026-10-31"}, scenario=scenario)
    assert next_year.available_by_source["vacant_now"] == 0
    assert next_year.available_by_source["turnover"] == 4
    assert next_year.notes["turnover_share_of_year"] == 1.0


def test_default_plan_year_follows_the_as_of_date_not_the_clock():
    data = tiny(flats=[("ALER-alfa", 60, "let", None)])
    assert projection.annual_plan(data, None, {"as_of": "2026-10-31"}).year == 2027
    assert projection.annual_plan(data, None, {"as_of": "2031-02-01"}).year == 2032


def test_plan_counts_assigned_in_the_previous_year_by_date():
    try:
        from test_demand import assigned_world
    except ImportError:  # pragma: no cover
        from tests.test_demand import assigned_world
    data = assigned_world()
    plan_2027 = projection.annual_plan(data, 2027, {"as_of": "2026-10-31"}, scenario=NO_TURNOVER)
    assert plan_2027.assigned_previous_year == 2  # February and April 2026 (call of 2025)
    assert plan_2027.notes["assigned_previous_year_undated"] == 1
    plan_2026 = projection.annual_plan(data, 2026, {"as_of": "2026-10-31"}, scenario=NO_TURNOVER)
    assert plan_2026.assigned_previous_year == 1


def test_new_flats_enter_supply_when_delivered_not_the_stock_before():
    try:
        from test_demand import delivery_world
    except ImportError:  # pragma: no cover
        from tests.test_demand import delivery_world
    data = delivery_world("works")
    scenario = projection.Scenario(turnover_pct=0.0, works_end={"P1": 2029, "P2": 2027},
                                   design_year={"P1": 2029, "P2": None})
    plan_2027 = projection.annual_plan(data, 2027, {"as_of": "2026-10-31"}, scenario=scenario)
    assert plan_2027.available_by_source["programmes"] == 3  # the new building, when works end
    assert plan_2027.available_by_owner == {"ALER": 1, "COMUNE": 3}  # + 1 ordinary flat under works
    stock = plan_2027.stock_by_owner
    assert "COMUNE" not in stock and sum(stock["ALER"].values()) == 13
    assert plan_2027.notes["flats_not_delivered"] == 3


def test_programme_flats_by_year():
    by_year = projection.programme_flats_by_year(small_world(), "P1", SCENARIO, AS_OF)
    assert by_year == {2026: 3, 2028: 4, 2030: 3}
    beyond = projection.programme_flats_by_year(small_world(), "P1",
                                                SCENARIO.with_(design_year={"P1": None}), AS_OF)
    assert beyond == {2026: 3, 2028: 4, None: 3}
