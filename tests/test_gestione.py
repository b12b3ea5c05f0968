"""The Gestione figures of the 24-hour line, vacant flats and occupations, each definition
pinned on a small hand-computed frame (see the module docstring of tavolo.gestione)."""

import datetime as dt

import pandas as pd
import pytest

from tavolo import exports, gestione as g, schema
from tavolo.validation import typed_frame

AS_OF = dt.date(2026, 10, 31)
TARGETS = {"plumbing": 7, "security": 1}
REPAIR = {"intervento eseguito"}


def frame(name, rows):
    return typed_frame(schema.TABLES[name], rows)


@pytest.fixture
def mini():
    rioni = [{"rione_id": "r1", "name": "Uno", "consulta_id": 1, "lat": 45.6, "lon": 8.9,
              "position_precision": "surveyed", "source": "x"},
             {"rione_id": "r2", "name": "Due", "consulta_id": 1, "lat": 45.6, "lon": 8.9,
              "position_precision": "surveyed", "source": "x"}]
    buildings = [{"building_id": b, "name": f"Via {b}", "address": b, "rione_id": r, "lat": 45.6, "lon": 8.9,
                  "position_precision": "surveyed", "owner_id": o, "source": "x"}
                 for b, r, o in (("B1", "r1", "ALER"), ("B2", "r2", "COMUNE"))]

    def flat(fid, bid, status, works=None):
        return {"flat_id": fid, "building_id": bid, "staircase": "A", "floor": 1, "surface_m2": 60,
                "rooms": 3, "lift": True, "step_free": False, "service": "SAP", "status": status,
                "works_estimate_eur": works, "status_since": "2020-01-01", "source": "x"}

    flats = [flat("F1", "B1", "under_works", 30000.0), flat("F2", "B1", "vacant_assignable"),
             flat("F3", "B2", "vacant_assignable"), flat("F4", "B2", "occupied_no_title"),
             flat("F5", "B2", "let")]
    history = [("F1", "2020-01-01", "let"), ("F1", "2026-01-10", "vacant_works"),
               ("F1", "2026-05-01", "under_works"),
               ("F2", "2026-09-15", "vacant_assignable"),
               ("F3", "2019-01-01", "vacant_assignable"), ("F3", "2021-01-01", "let"),
               ("F3", "2026-02-01", "vacant_assignable"),
               ("F4", "2018-01-01", "let"), ("F4", "2024-06-01", "vacant_works"),
               ("F4", "2025-06-01", "occupied_no_title"),
               ("F5", "2010-01-01", "let"), ("F5", "2026-12-01", "vacant_assignable")]
    reports = [("R1", "2026-10-01", "plumbing", "closed", "2026-10-04", "Intervento eseguito"),
               ("R2", "2026-10-01", "plumbing", "closed", "2026-10-11", "Duplicato"),
               ("R3", "2026-09-01", "plumbing", "closed", "2026-09-21", None),
               ("R4", "2026-10-28", "plumbing", "open", None, None),
               ("R5", "2026-09-01", "plumbing", "in_progress", None, None),
               ("R6", "2026-10-30", "security", "closed", "2026-10-31", "  intervento ESEGUITO ")]
    occupations = [("O1", "F4", "2025-06-01", None, "open"), ("O2", "F5", "2023-03-01", "2023-04-10", "evicted")]
    return {
        "rioni": frame("rioni", rioni), "buildings": frame("buildings", buildings),
        "flats": frame("flats", flats),
        "flat_status_history": frame("flat_status_history", [
            {"flat_id": f, "valid_from": d, "status": s} for f, d, s in history]),
        "tenant_reports": frame("tenant_reports", [
            {"report_id": i, "date": d, "building_id": "B1" if i != "R6" else "B2", "category": c,
             "status": s, "closed_on": cl, "close_reason": r} for i, d, c, s, cl, r in reports]),
        "occupations": frame("occupations", [
            {"occupation_id": i, "flat_id": f, "detected_on": d, "resolved_on": r, "outcome": o}
            for i, f, d, r, o in occupations]),
    }


def reps(mini):
    return g.reports_frame(mini, REPAIR, TARGETS, AS_OF)


# --- the 24-hour line --------------------------------------------------------------------

def test_days_to_close_due_within_target_and_without_repair(mini):
    rep = reps(mini).set_index("report_id")
    assert rep["days_to_close"].dropna().to_dict() == {"R1": 3, "R2": 10, "R3": 20, "R6": 1}
    # R4 is open and only 3 days old (target 7): not due yet; R5 is 60 days old: due, late
    assert rep["due"].to_dict() == {"R1": True, "R2": True, "R3": True, "R4": False, "R5": True, "R6": True}
    assert rep.index[rep["within_target"]].tolist() == ["R1", "R6"]
    # a reason outside the repair list, or none, is "closed without repair"; case and
    # spaces do not matter
    assert rep.index[rep["without_repair"]].tolist() == ["R2", "R3"]


def test_by_category_median_p90_within_target_and_without_repair(mini):
    cat = g.by_category(reps(mini), TARGETS).set_index("category")
    plumbing = cat.loc["plumbing"]
    assert plumbing["reports"] == 5 and plumbing["open"] == 2 and plumbing["closed"] == 3
    assert plumbing["median_days"] == 10          # of 3, 10, 20
    assert plumbing["p90_days"] == pytest.approx(18)  # linear: 10 + 0.8 * (20 - 10)
    assert plumbing["within_target_share"] == pytest.approx(1 / 4)  # R1 of R1, R2, R3, R5
    assert plumbing["without_repair"] == 2 and plumbing["without_repair_share"] == pytest.approx(2 / 3)
    assert cat.loc["security", "within_target_share"] == 1.0
    assert pd.isna(cat.loc["lift", "median_days"]) and cat.loc["lift", "reports"] == 0


def test_headline_figures(mini):
    fig = g.report_figures(reps(mini))
    assert (fig.open, fig.closed) == (2, 4)
    assert fig.median_days_to_close == 6.5          # of 1, 3, 10, 20
    assert fig.p90_days_to_close == pytest.approx(17)  # 10 + 0.7 * (20 - 10)
    assert fig.within_target_share == pytest.approx(2 / 5)
    assert fig.closed_without_repair == 2 and fig.closed_without_repair_share == 0.5


def test_monthly_counts_back_from_the_as_of_date_not_the_clock(mini):
    m = g.monthly(reps(mini), AS_OF, n=2)
    assert m["month"].tolist() == [pd.Timestamp("2026-09-01"), pd.Timestamp("2026-10-01")]
    assert m["opened"].tolist() == [2, 4]
    assert m["closed"].tolist() == [1, 3]
    assert m["backlog"].tolist() == [1, 2]  # end of Sep: R5; end of Oct: R4, R5
    assert len(g.monthly(reps(mini), AS_OF)) == 24
    assert g.months_back(dt.date(2020, 3, 5), 3).astype(str).tolist() == ["2020-01", "2020-02", "2020-03"]


def test_close_reasons_list_repairs_first(mini):
    reasons = g.close_reasons(reps(mini))
    assert reasons.to_dict("records") == [
        {"reason": "Intervento eseguito", "reports": 1, "repair": True},
        {"reason": "intervento ESEGUITO", "reports": 1, "repair": True},
        {"reason": "Duplicato", "reports": 1, "repair": False},
        {"reason": "", "reports": 1, "repair": False}]


def test_by_rione_and_oldest_open(mini):
    area = g.by_area(reps(mini), mini, "rione").set_index("rione_id")
    assert area.loc["r1", "reports"] == 5 and area.loc["r1", "open"] == 2
    assert area.loc["r1", "oldest_open_days"] == 60  # R5, opened 1 September
    assert pd.isna(area.loc["r2", "oldest_open_days"])
    assert g.oldest_open(reps(mini))["report_id"].tolist() == ["R5", "R4"]


def test_target_setting_is_checked():
    with pytest.raises(g.SettingError):
        g.targets({"plumbing": 0})
    with pytest.raises(g.SettingError):
        g.targets({"nonsense": 3})


# --- vacant flats ------------------------------------------------------------------------

def test_days_vacant_from_the_current_run_of_vacant_statuses(mini):
    vac = g.vacancies(mini, AS_OF, target_months=3, recent_months=24).set_index("flat_id")
    # F4 is occupied, F5 let as of the date (its vacancy starts after it): not vacant
    assert sorted(vac.index) == ["F1", "F2", "F3"]
    # F1: vacant_works then under_works is one vacancy from 10 January
    assert vac.loc["F1", "vacant_since"] == pd.Timestamp("2026-01-10") and vac.loc["F1", "days_vacant"] == 294
    assert vac.loc["F1", "reason"] == "under_works"
    # F3: the 2019 vacancy ended when it was let; the present one began 1 February
    assert vac.loc["F3", "days_vacant"] == 272
    assert vac.loc["F2", "days_vacant"] == 46
    assert vac["over_target"].to_dict() == {"F1": True, "F2": False, "F3": True}
    # an occupation in B2 (F4, June 2025) puts F3, long vacant in B2, at risk; F1's building has none
    assert vac["at_risk"].to_dict() == {"F1": False, "F2": False, "F3": True}
    fig = g.vacancy_figures(vac.reset_index(), target_months=3)
    assert (fig.vacant, fig.over_target, fig.at_risk) == (3, 2, 1)
    assert fig.median_days_vacant == 272 and fig.works_cost_over_target_eur == 30000


def test_at_risk_needs_a_recent_occupation(mini):
    vac = g.vacancies(mini, AS_OF, target_months=3, recent_months=3)  # June 2025 is too old
    assert not vac["at_risk"].any()


def test_vacancy_summary_by_owner(mini):
    vac = g.vacancies(mini, AS_OF, target_months=3, recent_months=24)
    s = g.vacancy_summary(vac, "owner_id").set_index("owner_id")
    assert s.loc["ALER"].to_dict() == {"vacant": 2, "over_target": 1, "median_days": 170.0, "works_eur": 30000.0}
    assert s.loc["COMUNE", "vacant"] == 1 and pd.isna(s.loc["COMUNE", "works_eur"])


# --- re-let cycles ------------------------------------------------------------------------

@pytest.fixture
def cycles_world(mini):
    """F1 a full cycle with works, F2 re-let on the last day of the target, F3 occupied in
    between (no cycle), F4 never let before (no cycle), F5 still vacant, F6 re-let after the
    as-of date, F7 a short cycle two years before the others."""
    history = [("F1", "2010-01-01", "let"), ("F1", "2024-01-01", "vacant_works"),
               ("F1", "2024-03-01", "under_works"), ("F1", "2024-06-01", "assigned_awaiting"),
               ("F1", "2024-07-01", "let"),
               ("F2", "2015-01-01", "let"), ("F2", "2025-01-10", "vacant_assignable"), ("F2", "2025-04-10", "let"),
               ("F3", "2015-01-01", "let"), ("F3", "2025-01-10", "vacant_assignable"),
               ("F3", "2025-03-01", "occupied_no_title"), ("F3", "2025-09-01", "let"),
               ("F4", "2019-01-01", "vacant_works"), ("F4", "2020-01-01", "let"),
               ("F5", "2010-01-01", "let"), ("F5", "2026-06-01", "vacant_works"),
               ("F6", "2010-01-01", "let"), ("F6", "2026-09-01", "vacant_assignable"), ("F6", "2026-12-01", "let"),
               ("F7", "2000-01-01", "let"), ("F7", "2022-01-01", "vacant_assignable"), ("F7", "2022-02-01", "let")]
    flats = mini["flats"]
    extra = flats.iloc[[0, 1]].assign(flat_id=["F6", "F7"], building_id=["B2", "B1"])
    return mini | {"flats": pd.concat([flats, extra], ignore_index=True),
                   "flat_status_history": frame("flat_status_history", [
                       {"flat_id": f, "valid_from": d, "status": s} for f, d, s in history])}


def test_relet_cycles_from_let_to_let_again(cycles_world):
    c = g.relet_cycles(cycles_world, AS_OF, target_months=3).set_index("flat_id")
    assert c.index.tolist() == ["F7", "F1", "F2"]  # in order of re-let
    assert c.loc["F1", "vacated_on"] == pd.Timestamp("2024-01-01")
    assert c.loc["F1", "relet_on"] == pd.Timestamp("2024-07-01")
    # 2024 is a leap year: 31 + 29 days awaiting works, 92 under works, 30 assigned awaiting
    assert c.loc["F1", ["days_vacant_works", "days_under_works", "days_vacant_assignable",
                        "days_assigned_awaiting"]].tolist() == [60, 92, 0, 30]
    assert c["turnaround_days"].to_dict() == {"F7": 31, "F1": 182, "F2": 90}
    # within target: re-let on or before vacated + 3 calendar months (F2: 10/01 -> 10/04)
    assert c["within_target"].to_dict() == {"F7": True, "F1": False, "F2": True}
    assert c["year"].to_dict() == {"F7": 2022, "F1": 2024, "F2": 2025}
    assert c.loc["F1", "owner_id"] == "ALER" and c.loc["F2", "rione_id"] == "r1"
    # with a 2-month target F2 is late too
    assert g.relet_cycles(cycles_world, AS_OF, target_months=2)["within_target"].sum() == 1


def test_relet_summary_lists_every_year(cycles_world):
    c = g.relet_cycles(cycles_world, AS_OF, target_months=3)
    s = g.relet_summary(c, "year").set_index("year")
    assert s.index.tolist() == [2022, 2023, 2024, 2025] and s["cycles"].tolist() == [1, 0, 1, 1]
    assert s.loc[2024, "median_days"] == 182 and pd.isna(s.loc[2023, "median_days"])
    by_owner = g.relet_summary(c, "owner_id").set_index("owner_id")
    assert by_owner.loc["ALER", "cycles"] == 3 and by_owner.loc["ALER", "median_days"] == 90
    assert by_owner.loc["ALER", "within_target_share"] == pytest.approx(2 / 3)
    shown = g.relet_year_display(s.reset_index(), "it")
    assert shown.iloc[1].tolist() == ["2023", 0, "–", "–", "–"]
    assert shown.iloc[0, 4] == "100,0%"


def test_relet_figures_and_the_plans_turnover_on_the_demo(demo_frames):
    from tavolo import demand, demo

    c = g.relet_cycles(demo_frames, demo.AS_OF, target_months=3)
    fig = g.relet_figures(c, demo_frames, demo.AS_OF, target_months=3)
    assert fig.cycles == len(c) > 100  # the demo has re-let cycles
    assert fig.median_turnaround_days == c["turnaround_days"].median()
    assert 0 < fig.within_target_share < 0.5
    turnover = demand.turnover(demo_frames, demo.AS_OF)  # one rule: the plan's
    assert fig.turnover_rate == turnover.rate and fig.releases_by_year == turnover.releases_by_year
    assert turnover.measured and 0.02 < turnover.rate < 0.06
    # every cycle of the demo runs forward in time and ends in a let flat
    assert (c["relet_on"] > c["vacated_on"]).all()
    status = demo_frames["flats"].set_index("flat_id")["status"]
    assert (c["flat_id"].map(status) == "let").all()


# --- occupations -------------------------------------------------------------------------

def test_occupations_year_resolution_and_vacancy_before(mini):
    occ = g.occupations_frame(mini, AS_OF, prior_months=6).set_index("occupation_id")
    assert occ["year"].to_dict() == {"O1": 2025, "O2": 2023}
    assert occ.loc["O2", "days_to_resolve"] == 40 and pd.isna(occ.loc["O1", "days_to_resolve"])
    # F4 was vacant from June 2024 (12 months) when occupied; F5 was let
    assert occ["vacant_before"].to_dict() == {"O1": True, "O2": False}
    assert not g.occupations_frame(mini, AS_OF, prior_months=13)["vacant_before"].any()
    fig = g.occupation_figures(occ.reset_index(), prior_months=6)
    assert (fig.total, fig.open, fig.vacant_before) == (2, 1, 1)
    assert fig.by_year == {2023: 1, 2025: 1} and fig.vacant_before_share == 0.5


def test_suppression_of_small_counts():
    assert [g.suppressed(v, 5) for v in (0, 1, 4, 5, 12)] == [0, "< 5", "< 5", 5, 12]
    assert g.suppressed(3, 10) == "< 10"


def test_secondary_suppression_hides_what_totals_would_reveal():
    table = pd.DataFrame([[1, 7, 0], [6, 8, 9]], index=[2024, 2025], columns=["a", "b", "c"])
    out = g.suppress_cross(table, 5)
    # row 2024 and column a each held one small cell: the smallest other cell is hidden too
    assert out.values.tolist() == [["< 5", "•", 0], ["•", 8, 9]]
    # two 1s beside a total of 7 and a visible 5 would give themselves away
    column = pd.DataFrame({"a": [1, 5, 1, 0]}, index=[2017, 2022, 2023, 2024])
    assert g.suppress_cross(column, 5)["a"].tolist() == ["< 5", "•", "< 5", 0]


def test_suppressed_json_hides_small_counts_and_what_rests_on_them(mini):
    occ = g.occupations_frame(mini, AS_OF, prior_months=6)
    out = g.occupation_figures(occ, prior_months=6).suppressed_json(5)
    assert out["total"] == "< 5" and out["by_year"] == {"2023": "< 5", "2025": "< 5"}
    assert out["median_days_to_resolve"] is None and out["vacant_before_share"] is None


def small_counts(table: pd.DataFrame, below: int) -> list:
    found = []
    for col in table.columns:
        for v in table[col]:
            if isinstance(v, (int, float)) and not isinstance(v, bool) and 0 < v < below \
                    and col not in (table.columns[0],):
                found.append((col, v))
    return found


@pytest.mark.parametrize("below", [5, 3])
def test_no_export_of_the_occupations_tab_holds_an_unsuppressed_small_count(mini, below):
    tables = g.occupation_tables(mini, AS_OF, "it", below=below, prior_months=6)
    assert set(tables) == {"by_year", "by_rione", "by_outcome", "by_year_rione"}
    for name, table in tables.items():
        assert small_counts(table, below) == [], name
        text = exports.csv_it(table).decode("utf-8-sig")
        for line in text.splitlines()[1:]:
            cells = line.split(";")[1:]  # the first cell is the year or the outcome
            for cell in cells:
                assert not (cell.isdigit() and 0 < int(cell) < below), (name, line)
        book = exports.xlsx({name: table}, [("x", "y")])
        from io import BytesIO

        sheet = pd.read_excel(BytesIO(book), sheet_name=1)
        assert small_counts(sheet, below) == [], name
    assert tables["by_year"].iloc[:, 1].tolist() == [f"< {below}", f"< {below}"]


def test_the_shipped_occupations_tab_is_suppressed_too():
    from tavolo import demo

    frames = demo.generate(1)
    tables = g.occupation_tables(frames, demo.AS_OF, "en", below=5)
    for name, table in tables.items():
        assert small_counts(table, 5) == [], name


def test_occupation_charts_carry_no_small_number(mini):
    from tavolo import gestione_charts as ch

    tables = g.occupation_tables(mini, AS_OF, "it", below=5, prior_months=6)
    for name in ("by_year", "by_rione", "by_outcome"):
        fig = ch.suppressed_bars(tables[name], name)
        bar = fig.data[0]
        assert all(v == 0 or v >= 5 for v in bar.y), (name, bar.y)
        assert "%{y}" not in bar.hovertemplate
    fig = ch.suppressed_bars(tables["by_year"], "x")
    assert list(fig.data[0].text) == ["< 5", "< 5"] and list(fig.data[0].y) == [0, 0]


def test_bad_operations_input_is_rejected_naming_file_row_and_column(demo_frames):
    from tavolo.validation import check_dataset

    frames = {k: v.copy() for k, v in demo_frames.items()}
    closed = frames["tenant_reports"].index[frames["tenant_reports"]["closed_on"].notna()][0]
    frames["tenant_reports"].loc[closed, "closed_on"] = frames["tenant_reports"].loc[closed, "date"] - pd.Timedelta(days=3)
    resolved = frames["occupations"].index[frames["occupations"]["resolved_on"].notna()][0]
    frames["occupations"].loc[resolved, "resolved_on"] = frames["occupations"].loc[resolved, "detected_on"] - pd.Timedelta(days=1)
    frames["inspections"].loc[0, "building_id"] = "NOWHERE"
    frames["maintenance_items"].loc[0, "building_id"] = "NOWHERE"
    issues = check_dataset(frames, {n: f"{n}.csv" for n in frames})
    found = {(i.file, i.column) for i in issues}
    assert {("tenant_reports.csv", "closed_on"), ("occupations.csv", "resolved_on"),
            ("inspections.csv", "building_id"), ("maintenance_items.csv", "building_id")} <= found
    assert all(i.row is not None for i in issues)
