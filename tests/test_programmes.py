"""Progetti: phase counts, board, delays, forecast, money and allocation rules (pure pandas)."""

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

from tavolo import charts, charts_programmes, i18n, plan, programmes as pr, schema
from tavolo.summary import programme_summaries

TODAY = dt.date(2026, 11, 26)
ROOT = Path(__file__).resolve().parents[1]
PROGRAMME_MODULES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tavolo" / "programmes").glob("*.py"))


@pytest.fixture(autouse=True)
def default_settings(tmp_path, monkeypatch):
    """The rules' defaults: no settings file, no TAVOLO_ override from the caller."""
    for key in [k for k in __import__("os").environ if k.startswith("TAVOLO_") and k != "TAVOLO_PG_BINDIR"]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("TAVOLO_SETTINGS_FILE", str(tmp_path / "settings.json"))


@pytest.fixture(scope="session")
def frames():
    from tavolo import demo

    return demo.generate(1)


def _typed(name, rows):
    from tavolo.validation import typed_frame

    return typed_frame(schema.TABLES[name], rows)


# --- progress -----------------------------------------------------------------------------

@pytest.mark.parametrize("pid, flats", [("carlo_porta", 111), ("mazzafame", 59)])
def test_phase_counts_add_up_to_the_programmes_flats(frames, pid, flats):
    counts = pr.phase_counts(frames, pid)
    assert list(counts["phase"]) == list(schema.PHASE)  # every phase, in order, zeros included
    assert counts["count"].sum() == flats == pr.flats_check(frames, pid)[0]
    assert counts["share"].sum() == pytest.approx(1.0)
    assert counts.set_index("phase")["count"].to_dict() == next(
        p for p in programme_summaries(frames) if p.programme_id == pid).flats_by_phase


def test_phase_counts_on_a_hand_made_programme():
    frames = {"programme_flats": _typed("programme_flats", [
        {"programme_id": "p", "flat_id": "a", "phase": "works", "phase_since": "2024-01-01"},
        {"programme_id": "p", "flat_id": "b", "phase": "works", "phase_since": "2024-01-01"},
        {"programme_id": "p", "flat_id": "c", "phase": "handed_over", "phase_since": "2024-05-01"},
        {"programme_id": "q", "flat_id": "d", "phase": "design", "phase_since": "2024-01-01"}])}
    counts = pr.phase_counts(frames, "p").set_index("phase")["count"]
    assert counts["works"] == 2 and counts["handed_over"] == 1 and counts["design"] == 0
    assert counts.sum() == 3
    assert pr.phase_counts(frames, "none")["count"].sum() == 0


def test_board_has_one_cell_per_flat_grouped_by_building_staircase_floor(frames):
    cells = pr.board_cells(frames, "carlo_porta")
    assert len(cells) == 111 and cells["flat_id"].is_unique
    assert set(cells["building_id"]) == {"CP114", "CP122"}
    assert not cells.duplicated(["building_id", "staircase", "floor", "slot"]).any()
    table = pr.board_table(cells)
    assert table["total"].sum() == 111
    fig = charts_programmes.board(cells, "it")
    texts = [t for trace in fig.data if trace.mode == "text" for t in trace.text]
    assert len(texts) == 111  # every cell is written: phase in words and the flat's number
    assert all("<b>" in t and "<br>" in t for t in texts)
    shorts = {i18n.t(f"prog_short_{p}", "it") for p in schema.PHASE}
    assert all(any(s in t for s in shorts) for t in texts)
    legend = [trace.name for trace in fig.data if trace.showlegend is not False]
    assert "Consegnato: 40" in legend and "Progettazione: 49" in legend


def test_phase_colours_match_the_overview_chart(frames):
    summary = next(p for p in programme_summaries(frames) if p.programme_id == "carlo_porta")
    overview = {trace.name: trace.marker.color for trace in charts.programme_phases(summary).data}
    bar = charts_programmes.phase_bar(pr.phase_counts(frames, "carlo_porta"), "CP")
    for trace in bar.data:
        assert overview[trace.name.split(":")[0]] == trace.marker.color
    assert sum(trace.x[0] for trace in bar.data) == 111


@pytest.mark.parametrize("fill, text", [("#F0E442", "#000000"), ("#0072B2", "#FFFFFF"),
                                        ("#E69F00", "#000000"), ("#000000", "#FFFFFF")])
def test_cell_text_reads_on_its_colour(fill, text):
    assert charts_programmes.text_colour(fill) == text


def test_interventions_list_the_mazzafame_works(frames):
    table = pr.interventions(frames, "mazzafame").set_index("building_id")
    assert table.loc[["MZROSE-A", "MZROSE-C"], "followed"].tolist() == [37, 22]
    assert table.loc["MZSALICI", "followed"] == 0 and table.loc["MZSALICI", "flats"] > 0


# --- time ---------------------------------------------------------------------------------

@pytest.mark.parametrize("start, end, months", [
    ("2019-01-01", "2019-09-01", 7.98),
    ("2019-01-01", "2019-01-01", 0.0),
    ("2019-12-31", "2026-11-26", 82.9),
    ("2020-03-31", "2024-07-08", 51.3),
    ("2019-09-01", "2019-01-01", -7.98),
    (None, "2019-01-01", None),
])
def test_months_between(start, end, months):
    got = pr.months_between(start, end)
    assert got == (None if months is None else pytest.approx(months, abs=0.05))


def test_delays_on_hand_made_milestones():
    ms = _typed("milestones", [
        {"milestone_id": "late", "programme_id": "p", "name": "Avvio", "planned_date": "2019-01-01",
         "actual_date": "2019-09-01", "source": "x"},
        {"milestone_id": "early", "programme_id": "p", "name": "Gara", "planned_date": "2018-03-01",
         "actual_date": "2018-02-01", "source": "x"},
        {"milestone_id": "overdue", "programme_id": "p", "name": "Fine", "planned_date": "2025-11-26",
         "actual_date": None, "source": "x"},
        {"milestone_id": "future", "programme_id": "p", "name": "Collaudo", "planned_date": "2027-06-01",
         "actual_date": None, "source": "x"}])
    out = pr.delays(ms, TODAY).set_index("milestone_id")
    assert out.loc["late", "state"] == "late"
    assert out.loc["late", "delay_months"] == pytest.approx(7.98, abs=0.01)
    assert out.loc["early", "state"] == "on_time" and out.loc["early", "delay_months"] < 0
    assert out.loc["overdue", "state"] == "overdue"  # not reached: counted to today
    assert out.loc["overdue", "delay_months"] == pytest.approx(12.0, abs=0.05)
    assert out.loc["future", "state"] == "upcoming" and pd.isna(out.loc["future", "delay_months"])


def test_the_2019_planned_start_against_what_happened(frames):
    start = pr.start_vs_actual(frames, "carlo_porta", TODAY)
    assert start.planned == dt.date(2019, 1, 1)
    assert start.actual == dt.date(2019, 9, 1) and start.reached
    assert start.delay_months == pytest.approx(8.0, abs=0.05)
    assert pr.months_text(start.delay_months, "it") == "8 mesi"


def test_forecast_from_the_pace_achieved():
    # 33 flats in 330 days since the first handover: 10 days a flat; 10 remain: 100 days.
    dates = ["2024-01-01"] * 3 + ["2024-06-01"] * 30
    fc = pr.forecast_end(dates, 43, dt.date(2024, 11, 26), planned_end="2024-12-31")
    assert fc.status == "forecast" and fc.has_end
    assert fc.handed_over == 33 and fc.remaining == 10
    assert fc.first_handover == dt.date(2024, 1, 1)
    assert fc.end == dt.date(2025, 3, 6)
    assert fc.pace_per_month == pytest.approx(33 / (330 / pr.MONTH_DAYS))
    assert fc.months_left == pytest.approx(100 / pr.MONTH_DAYS)
    assert fc.delay_months == pytest.approx(pr.months_between("2024-12-31", "2025-03-06"))


@pytest.mark.parametrize("dates, total, status, end", [
    ([], 111, "no_handover", None),  # nothing handed over: no pace, no forecast
    ([None, None], 5, "no_handover", None),
    (["2024-11-20"], 10, "too_early", None),  # 6 days: too little to measure a pace
    (["2023-01-01", "2024-05-01"], 2, "complete", dt.date(2024, 5, 1)),
    (["2023-01-01", "2024-05-01", "2024-06-01"], 2, "complete", dt.date(2024, 6, 1)),
])
def test_forecast_edge_cases(dates, total, status, end):
    fc = pr.forecast_end(dates, total, dt.date(2024, 11, 26))
    assert fc.status == status and fc.end == end
    if status == "no_handover":
        assert fc.pace_per_month is None and fc.handed_over == 0


def test_programme_forecasts_on_the_shipped_data(frames):
    cp = pr.programme_forecast(frames, "carlo_porta", TODAY)
    assert cp.status == "forecast" and cp.handed_over == 40 and cp.remaining == 71
    assert cp.first_handover == dt.date(2024, 7, 8)
    assert cp.end > TODAY and cp.delay_months > 100
    mz = pr.programme_forecast(frames, "mazzafame", TODAY)
    assert mz.status == "no_handover" and mz.end is None


def test_gantt_shows_planned_actual_delay_and_forecast(frames):
    delays = pr.milestone_delays(frames, "carlo_porta", TODAY)
    fig = charts_programmes.gantt(delays, pr.start_vs_actual(frames, "carlo_porta", TODAY),
                                  pr.programme_forecast(frames, "carlo_porta", TODAY), "it", TODAY)
    written = " ".join([t for trace in fig.data if trace.text is not None for t in trace.text if t]
                       + [a.text for a in fig.layout.annotations])  # the labels after a date
    assert "+8 mesi" in written and "previsione" in written
    assert "+83 mesi" in written  # the promised end of 2019, still not reached: counted to today
    dotted = [t for t in fig.data if t.line is not None and t.line.dash == "dot" and t.name == "Ritardo"]
    assert len(dotted) == 1


# --- money --------------------------------------------------------------------------------

def test_money_on_hand_made_acts():
    frames = {
        "programmes": _typed("programmes", [{"programme_id": "p", "name": "P", "kind": "renovation",
                                             "rione_id": "r", "flats_planned": 59,
                                             "start_planned": "2016-01-01", "end_planned": "2018-12-31",
                                             "description": "", "source": "x"}]),
        "programme_flats": _typed("programme_flats", []),
        "buildings": _typed("buildings", []), "flats": _typed("flats", []),
        "funding_acts": _typed("funding_acts", [
            {"act_id": "b", "programme_id": "p", "act": "Delibera 2023", "date": "2023-11-13",
             "amount_eur": 3_728_000, "kind": "grant", "source": "x"},
            {"act_id": "a", "programme_id": "p", "act": "Accordo 2007", "date": "2007-01-01",
             "amount_eur": 13_800_000, "kind": "grant", "source": "x"},
            {"act_id": "c", "programme_id": "p", "act": "Appalto", "date": "2023-11-13",
             "amount_eur": 15_300_000, "kind": "committed", "source": "x"},
            {"act_id": "d", "programme_id": "p", "act": "SAL", "date": "2025-12-31",
             "amount_eur": 8_764_000, "kind": "spent", "source": "x"}])}
    cash = pr.money(frames, "p")
    assert cash.funding == pytest.approx(17_528_000)
    assert cash.committed == 15_300_000 and cash.spent == 8_764_000
    assert cash.cost_per_flat == pytest.approx(17_528_000 / 59)
    assert cash.spent_share == pytest.approx(0.5)
    steps = cash.funding_steps()
    assert steps["cumulative_eur"].tolist() == [13_800_000, 17_528_000]  # 13,8 raised to 17,5 M
    table = pr.money_display(cash, "it")
    assert "17.528.000 €" in table.iloc[0, 1]
    fig = charts_programmes.money_chart(cash, "it")
    assert any("17.528.000 €" in a.text for a in fig.layout.annotations)


def test_money_without_funding_has_no_cost_per_flat(frames):
    empty = dict(frames) | {"funding_acts": frames["funding_acts"].iloc[0:0]}
    cash = pr.money(empty, "carlo_porta")
    assert cash.funding == 0 and cash.cost_per_flat is None and cash.spent_share is None


def test_money_on_the_shipped_data(frames):
    cp, mz = pr.money(frames, "carlo_porta"), pr.money(frames, "mazzafame")
    # n. 122's 49 flats are still in design, awaiting funds: 5 M over n. 114's 62 flats
    assert cp.funding == 5_000_000 and cp.funded_flats == 62 and cp.unfunded_flats == 49
    assert cp.cost_per_flat == pytest.approx(5_000_000 / 62)
    assert mz.funding == pytest.approx(17_528_000) and mz.funded_flats == 59
    assert mz.flats_in_buildings > mz.flats  # the funding pays the Salici/Sauro renovations too
    assert [name for name, _ in mz.also_pays] == ["Via dei Salici", "Via Sauro"]
    assert cp.also_pays == ()


def _money_frames():
    """Programme p: building A with 3 flats past design (funded), B with 2 in design (no
    works contract: awaiting funds), C with 4 flats renovated but not followed by phase."""
    def flat(fid, bid):
        return {"flat_id": fid, "building_id": bid, "owner_id": "ALER", "status": "let",
                "surface_m2": 60.0, "rooms": 3, "source": "x"}

    return {
        "programmes": _typed("programmes", [{"programme_id": "p", "name": "P", "kind": "renovation",
                                             "rione_id": "r", "flats_planned": 5,
                                             "start_planned": "2016-01-01", "end_planned": "2018-12-31",
                                             "description": "", "source": "x"}]),
        "programme_flats": _pf(("a1", "works", "2024-01-01"), ("a2", "handed_over", "2025-01-01"),
                               ("a3", "tendered", "2023-01-01"), ("b1", "design", "2023-01-01"),
                               ("b2", "design", "2023-01-01")),
        "buildings": _typed("buildings", [
            {"building_id": b, "name": f"Via {b}", "address": "x", "rione_id": "r", "lat": 45.6,
             "lon": 8.9, "position_precision": "approximate", "owner_id": "ALER",
             "programme_id": "p", "year_built": 1970, "source": "x"} for b in "ABC"]),
        "flats": _typed("flats", [flat(f"a{i}", "A") for i in (1, 2, 3)] + [flat(f"b{i}", "B") for i in (1, 2)]
                        + [flat(f"c{i}", "C") for i in (1, 2, 3, 4)]),
        "funding_acts": _typed("funding_acts", [
            {"act_id": "g", "programme_id": "p", "act": "Decreto", "date": "2017-01-01",
             "amount_eur": 600_000, "kind": "grant", "source": "x"}])}


def test_cost_per_flat_counts_only_funded_flats_and_names_what_else_it_pays():
    cash = pr.money(_money_frames(), "p")
    assert cash.flats == 5 and cash.funded_flats == 3 and cash.unfunded_flats == 2
    assert cash.cost_per_flat == pytest.approx(200_000)  # 600,000 / 3, not / 5
    assert cash.also_pays == (("Via C", 4),)  # renovations paid by the same money
    assert cash.flats_in_buildings == 9
    table = pr.money_display(cash, "it")
    text = " ".join(table.iloc[:, 0]) + " " + " ".join(table.iloc[:, 1])
    assert "200.000 €" in text and "3 alloggi finanziati" in text
    assert "2 in progettazione" in text and "Via C (4 alloggi)" in text
    assert "Via C (4 flats)" in " ".join(pr.money_display(cash, "en").iloc[:, 0])


# --- allocation ---------------------------------------------------------------------------

AS_OF = dt.date(2026, 10, 31)  # the shipped data's as-of date


def test_availability_years_on_a_hand_made_programme():
    """One definition of the year a programme flat becomes available
    (``projection.flat_years``): the allocation check, the projection and the annual plan
    date each flat alike."""
    from tavolo import projection

    frames = {"programmes": _typed("programmes", [{"programme_id": "p", "name": "P", "kind": "renovation",
                                                   "rione_id": "r", "flats_planned": 8, "source": "x"}]),
              "programme_flats": _pf(("a", "handed_over", "2024-07-08"), ("b", "handed_over", "2024-12-01"),
                                     ("c", "assigned", "2025-03-01"), ("d", "habitable", "2025-05-01"),
                                     ("e", "completed", "2026-02-01"), ("f", "design", "2023-03-01"),
                                     ("g", "design", "2023-03-01"), ("h", "works", "2024-01-01"))}
    # assigned or handed over: the year recorded; ready (completed, habitable): the as-of
    # year; under works: the year works end (no planned end: the year after the as-of
    # date, 2027); in design: two years later (2029)
    years = pr.availability(frames, "p", AS_OF)
    assert [(y.year, y.flats) for y in years] == [(2024, 2), (2025, 1), (2026, 2), (2027, 1), (2029, 2)]
    assert [y.rules.year for y in years] == [2024, 2025, 2026, 2027, 2029]
    # the scenario of the projection moves the allocation check's years with it
    scenario = projection.Scenario(turnover_pct=0.0, works_end={"p": 2028}, design_year={"p": None})
    years = pr.availability(frames, "p", AS_OF, scenario)
    assert [(y.year, y.flats) for y in years] == [(2024, 2), (2025, 1), (2026, 2), (2028, 1), (None, 2)]
    assert years[-1].rules.year == 2027  # not dated: the rules of the year after the data's
    dated = projection.flat_years(frames, AS_OF, scenario).set_index("flat_id")["year"]
    assert {k: None if pd.isna(v) else int(v) for k, v in dated.items()} == \
        {"a": 2024, "b": 2024, "c": 2025, "d": 2026, "e": 2026, "f": None, "g": None, "h": 2028}


def _years(*pairs):
    return [pr.YearFlats(year, flats, plan.rules(year if year else 2027)) for year, flats in pairs]


CP_YEARS = ((2024, 27), (2025, 19), (2026, 16), (None, 49))  # the shipped via Carlo Porta


@pytest.mark.parametrize("flats, codes", [
    # poverty due year by year: ceil(5.4) + ceil(3.8) + ceil(3.2) + ceil(9.8) = 6+4+4+10 = 24,
    # not ceil(20% of 111) = 23 as if the 111 flats were one year's supply
    ({"poverty": 23, "art14": 20, "police": 10, "transitional": 8, "ordinary": 50},
     ["below_quota:poverty"]),
    ({"poverty": 24, "art14": 20, "police": 10, "transitional": 8, "ordinary": 49}, []),
    # police: 10% before R.R. 2/2025, 20% after: floor(2.7)+floor(3.8)+floor(3.2)+floor(9.8) = 17
    ({"poverty": 24, "art14": 20, "police": 17, "transitional": 8, "ordinary": 42}, []),
    ({"poverty": 24, "art14": 20, "police": 18, "transitional": 8, "ordinary": 41}, ["above_cap:police"]),
    # art. 14 up to 20%: 5+3+3+9 = 20 (22 if the 111 were one year)
    ({"poverty": 24, "art14": 21, "police": 10, "transitional": 8, "ordinary": 48}, ["above_cap:art14"]),
    ({"poverty": 24, "art14": 20, "police": 10, "transitional": 8, "ordinary": 60}, ["over_available"]),
])
def test_allocation_rules_apply_to_each_year_of_availability(flats, codes):
    result = pr.check_table(_allocation(**flats), "flats_proposed", _years(*CP_YEARS))
    assert [b.code + (f":{b.quota}" if b.quota else "") for b in result.errors] == codes
    assert result.available == 111
    limits = result.limits()
    assert limits["poverty"] == 24 and limits["police"] == 17 and limits["art14"] == 20
    assert limits["transitional"] == 2 + 1 + 1 + 4


@pytest.mark.parametrize("flats, year", [
    ({"poverty": 23, "art14": 20, "police": 10, "transitional": 8, "ordinary": 50}, 2024),
    ({"poverty": 22, "art14": 20, "police": 10, "transitional": 8, "ordinary": 51}, 2024),
    ({"poverty": 23, "art14": 23, "police": 10, "transitional": 8, "ordinary": 47}, 2024),
    ({"poverty": 23, "art14": 20, "police": 15, "transitional": 8, "ordinary": 45}, 2024),
    ({"poverty": 23, "art14": 20, "police": 15, "transitional": 8, "ordinary": 45}, 2025),
    ({"poverty": 30, "art14": 20, "police": 10, "transitional": 12, "ordinary": 39}, 2024),
    ({"poverty": 23, "art14": 20, "police": 10, "transitional": 8, "ordinary": 60}, 2024),
    ({"poverty": 23, "art14": 20, "police": 10, "transitional": 8, "ordinary": 40}, 2024),
])
def test_one_year_of_supply_is_exactly_the_annual_plan_check(flats, year):
    result = pr.check_table(_allocation(**flats), "flats_proposed", _years((year, 111)))
    expected = plan.check_allocation(111, flats, plan.rules(year))  # one implementation
    assert [(b.code, b.quota, b.severity, b.value, b.limit) for b in result.breaches] == \
        [(b.code, b.quota, b.severity, b.value, b.limit) for b in expected]


def test_breach_says_the_rule_counts_year_by_year():
    result = pr.check_table(_allocation(poverty=23, art14=20, police=10, transitional=8, ordinary=50),
                            "flats_proposed", _years(*CP_YEARS))
    text = pr.breach_message(result.errors[0], "it")
    assert "meno dei 24 dovuti" in text and "2024: 6 su 27" in text and "non ancora datati: 10 su 49" in text
    assert "R.R. 4/2017" in text
    assert "2024: 6 of 27" in pr.breach_message(result.errors[0], "en")


def test_shipped_allocation_checked_per_year(frames):
    checks = pr.allocation_breaches(frames, "carlo_porta", AS_OF)
    proposed = checks["flats_proposed"]
    # the 49 flats in design: the projection's default year for them (works end 2027, + 2)
    assert [(y.year, y.flats) for y in proposed.years] == [(2024, 27), (2025, 19), (2026, 16), (2029, 49)]
    assert sum(proposed.allocation.values()) == 111
    # the demo's 23 poverty flats were 20% of 111 in one go: one short of the yearly reserves
    assert [(b.code, b.quota, b.value, b.limit) for b in proposed.errors] == [("below_quota", "poverty", 23, 24)]
    approved = checks["flats_approved"]
    assert approved.decided == 3
    assert [b.code for b in approved.breaches] == ["below_quota", "unallocated"]
    assert pr.allocation_breaches(frames, "mazzafame", AS_OF) == {}


def _allocation(**flats):
    rows = [{"allocation_id": q, "programme_id": "p", "quota": q, "flats_proposed": n,
             "flats_approved": None, "meeting_id": None, "source": "x"} for q, n in flats.items()]
    return _typed("allocations", rows)


def test_rules_check_refuses_unless_confirmed_and_never_over_the_flats():
    years = _years(*CP_YEARS)
    breaking = _allocation(poverty=10, art14=20, police=10, transitional=8, ordinary=63)
    strict = pr.allocation_rules_check("p", years, confirmed=False)
    issues = strict(breaking)
    assert [i.column for i in issues] == ["flats_proposed"]
    assert "R.R. 4/2017" in issues[0].rule_it and issues[0].rule_en
    assert pr.allocation_rules_check("p", years, confirmed=True)(breaking) == []
    too_many = _allocation(poverty=24, art14=20, police=10, transitional=8, ordinary=60)
    assert pr.allocation_rules_check("p", years, confirmed=True)(too_many)


def test_allocation_verdict_says_what_is_checked(frames):
    check = pr.allocation_breaches(frames, "carlo_porta", AS_OF)["flats_proposed"]
    level, text = pr.allocation_verdict(check, 6, "it")
    assert level == "error" and "meno dei 24 dovuti" in text
    method = pr.allocation_method(check.years, "it")
    assert "anno per anno" in method and "2024 (27 alloggi)" in method and "2029 (49 alloggi)" in method
    assert "year by year" in pr.allocation_method(check.years, "en")
    table = pr.limits_display(check.years, "it")
    assert list(table["Anno"]) == ["2024", "2025", "2026", "2029", "Totale"]
    assert list(table["Indigenti (art. 13) (almeno)"]) == ["6", "4", "4", "10", "24"]


# --- texts and report ---------------------------------------------------------------------

def test_every_progetti_text_exists_in_both_languages():
    used = set()
    for path in ["pages/progetti.py", "ui/programme_edits.py", *PROGRAMME_MODULES,
                 "tavolo/charts_programmes.py"]:
        pattern = r"""(?:i18n\.|(?<![\w.]))t\(["'](prog_[a-z_0-9]+)["']"""
        used |= set(re.findall(pattern, (ROOT / path).read_text()))
    used |= {f"prog_short_{p}" for p in schema.PHASE} | {f"prog_alloc_{c}" for c in
                                                        ("flats_proposed", "flats_approved")}
    used |= {f"prog_state_{s}" for s in ("on_time", "late", "overdue", "upcoming")}
    used |= {f"prog_forecast_{s}" for s in ("no_handover", "too_early", "complete")}
    missing = sorted(k for k in used if k not in i18n.TEXTS)
    assert not missing
    assert all(i18n.TEXTS[k][0] and i18n.TEXTS[k][1] for k in used)
    assert "page_progetti" in i18n.TEXTS


def test_report_is_plain_json(frames):
    import json

    report = pr.report(frames, "carlo_porta", TODAY)
    json.dumps(report)
    assert sum(report["flats_by_phase"].values()) == 111
    assert report["start"]["delay_months"] == 8.0


def test_domain_modules_import_no_streamlit():
    for path in [*PROGRAMME_MODULES, "tavolo/charts_programmes.py", "tavolo/texts/progetti.py"]:
        assert "streamlit" not in (ROOT / path).read_text()


def test_a_programme_with_nothing_recorded_still_renders(frames):
    bare = dict(frames)
    new = frames["programmes"].iloc[[0]].assign(programme_id="nuovo", name="Nuovo", flats_planned=0)
    bare["programmes"] = pd.concat([frames["programmes"], new], ignore_index=True)
    report = pr.report(bare, "nuovo", TODAY)
    assert sum(report["flats_by_phase"].values()) == 0
    assert report["forecast"]["status"] == "no_handover" and report["money"]["cost_per_flat_eur"] is None
    cells = pr.board_cells(bare, "nuovo")
    assert cells.empty and pr.board_table(cells).empty
    charts_programmes.board(cells, "it")
    charts_programmes.phase_bar(pr.phase_counts(bare, "nuovo"), "Nuovo")
    delays = pr.milestone_delays(bare, "nuovo", TODAY)
    charts_programmes.gantt(delays, pr.start_vs_actual(bare, "nuovo", TODAY),
                            pr.programme_forecast(bare, "nuovo", TODAY), "it", TODAY)
    charts_programmes.money_chart(pr.money(bare, "nuovo"), "it")
    assert pr.interventions(bare, "nuovo").empty


def test_every_gantt_trace_in_the_legend_has_a_name(frames):
    fig = charts_programmes.gantt(pr.milestone_delays(frames, "carlo_porta", TODAY),
                                  pr.start_vs_actual(frames, "carlo_porta", TODAY),
                                  pr.programme_forecast(frames, "carlo_porta", TODAY), "it", TODAY)
    assert all(trace.name for trace in fig.data if trace.showlegend is not False)


def test_editor_result_applies_an_editors_state(frames):
    shown = pr.flats_of(frames, "carlo_porta")[["programme_id", "flat_id", "phase", "phase_since"]]
    out = pr.editor_result(shown, {"edited_rows": {"3": {"phase": "works", "phase_since": "2026-11-02"}},
                                   "added_rows": [], "deleted_rows": []})
    assert out.loc[3, "phase"] == "works" and out.loc[3, "phase_since"] == pd.Timestamp("2026-11-02")
    assert out.drop(index=3).equals(shown.drop(index=3))
    assert pr.editor_result(shown, None).equals(shown)
    ms = frames["milestones"][["milestone_id", "name", "planned_date", "actual_date"]].head(2)
    added = pr.editor_result(ms, {"added_rows": [{"name": "Collaudo", "planned_date": "2027-03-31"}]})
    assert len(added) == 3 and added.loc[2, "planned_date"] == pd.Timestamp("2027-03-31")
    assert pd.isna(added.loc[2, "milestone_id"])


# --- the data's as-of date, never the wall clock -----------------------------------------

def _clock_at(monkeypatch, day: dt.date):
    """``datetime.date.today()`` reads ``time.time()``: move the clock to ``day``."""
    import time

    stamp = dt.datetime.combine(day, dt.time(12)).timestamp()
    monkeypatch.setattr(time, "time", lambda: stamp)
    assert dt.date.today() == day


def _pf(*rows):
    return _typed("programme_flats", [
        {"programme_id": "p", "flat_id": f, "phase": ph, "phase_since": d} for f, ph, d in rows])


def test_as_of_is_the_data_sets_date_whatever_the_clock(monkeypatch):
    frames = {"programme_flats": _pf(("a", "handed_over", "2026-06-01"), ("b", "works", "2025-01-01")),
              "milestones": _typed("milestones", [
                  {"milestone_id": "m", "programme_id": "p", "name": "Avvio", "planned_date": "2027-01-01",
                   "actual_date": "2025-03-01", "source": "x"}])}
    for day in (dt.date(2026, 11, 1), dt.date(2027, 3, 1)):
        _clock_at(monkeypatch, day)
        assert pr.as_of({"as_of": "2026-10-31"}, frames) == dt.date(2026, 10, 31)
    # an edit recorded a later event (a flat handed over on 20/11): the data are that recent
    later = dict(frames, programme_flats=_pf(("a", "handed_over", "2026-11-20")))
    assert pr.as_of({"as_of": "2026-10-31"}, later) == dt.date(2026, 11, 20)
    # no as-of recorded: the latest event recorded (a planned date is not an event)
    assert pr.as_of({}, frames) == dt.date(2026, 6, 1)


def test_the_forecast_does_not_move_when_only_the_clock_does(frames, monkeypatch):
    meta = {"as_of": "2026-10-31"}
    seen = []
    for day in (dt.date(2026, 11, 2), dt.date(2026, 12, 15), dt.date(2027, 6, 1)):
        _clock_at(monkeypatch, day)
        as_of = pr.as_of(meta, frames)
        seen.append((pr.programme_forecast(frames, "carlo_porta", as_of),
                     pr.report(frames, "carlo_porta", as_of),
                     [m.value for m in pr.headline(frames, "carlo_porta", as_of)]))
    assert seen[0] == seen[1] == seen[2]
    fc = seen[0][0]
    # 40 flats handed over from 8/7/2024 to 31/10/2026 (845 days): 71 remain, 1,500 days later
    assert fc.end == dt.date(2026, 10, 31) + dt.timedelta(days=round(71 * 845 / 40))


# --- public facts and demo values ---------------------------------------------------------

def test_public_facts_are_cited_and_set_apart_from_the_demo_values(frames):
    text = pr.provenance_text(frames, "carlo_porta", demo=True, lang="it")
    public, demo_part = text.split("**Valori dimostrativi**")
    assert "62 alloggi assegnati e primi 26 nuclei entrati secondo la stampa, 8 luglio 2024" in public
    assert "stampa locale, cronaca del primo ingresso in via Carlo Porta 114" in public
    assert "Comune di Legnano, nota sull'avvio del tavolo" in public  # the 111 flats
    # the demo's phase counts are demo values, not the press's 62
    assert "Consegnato: 40" in demo_part and "Progettazione: 49" in demo_part
    assert "62 alloggi al 114" in demo_part
    real = pr.provenance_text(frames, "carlo_porta", demo=False, lang="it")
    assert "Valori dimostrativi" not in real and "8 luglio 2024" in real
    english = pr.provenance_text(frames, "mazzafame", demo=True, lang="en")
    assert "**Public facts**" in english and "**Demo values**" in english
    assert "Regione Lombardia, deliberazione regionale" in english and "13 novembre 2023" in english
    assert pr.provenance_text(frames, "unknown", demo=False, lang="it") == ""


def test_milestones_table_shows_each_source(frames):
    table = pr.delays_display(pr.milestone_delays(frames, "carlo_porta", AS_OF), "it")
    sources = table.set_index("Tappa")["Fonte"]
    assert "8 luglio 2024" in sources["Primi 26 nuclei entrati"]
    assert "valore dimostrativo" in sources["Avvio lavori"]


def test_headline_labels_demo_phase_counts(frames):
    demo = pr.headline(frames, "carlo_porta", AS_OF, "it", demo=True)[0]
    assert demo.value == "40 / 111" and "valore dimostrativo" in demo.caption
    assert "valore dimostrativo" not in pr.headline(frames, "carlo_porta", AS_OF, "it")[0].caption
