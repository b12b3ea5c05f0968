"""The ambito's view model (tavolo.ambito_view), its charts and the comuni areas, on the demo
with two more comuni (tests/ambito_kit.py) and on hand-computed numbers."""

import math

import pandas as pd
import pytest

from tavolo import ambito_view, charts_ambito as ch, demand, geodata, plan, projection, summary

try:
    from tests.ambito_kit import A, B, three_comuni
except ImportError:
    from ambito_kit import A, B, three_comuni

META = {"as_of": "2026-10-31", "source": "demo"}


@pytest.fixture(autouse=True)
def _settings(isolated_settings):
    yield


@pytest.fixture(scope="module")
def frames():
    return three_comuni()


@pytest.fixture(scope="module")
def ov(frames):
    return ambito_view.overview(frames, META, demo=True)


def test_the_chooser_offers_legnano_first_then_the_others_then_the_ambito(frames):
    assert ambito_view.choices(frames) == [ambito_view.LEGNANO, A, B, ambito_view.AMBITO]
    assert ambito_view.default_comune(frames) == ambito_view.LEGNANO
    assert ambito_view.label(frames, ambito_view.AMBITO) == "Ambito Altomilanese (3 comuni)"
    assert ambito_view.label(frames, A) == "Comune A"


@pytest.mark.parametrize("value, expected", [
    ("015900", "015900"), ("ambito", "ambito"), ("999999", "015118"), (None, "015118"),
    (" 015901 ", "015901"), ("<script>", "015118")])
def test_a_url_value_is_taken_only_when_it_is_a_choice(frames, value, expected):
    assert ambito_view.parse(value, ambito_view.choices(frames), ambito_view.LEGNANO) == expected


def test_one_comune_alone_has_no_ambito_choice(demo_frames):
    assert ambito_view.choices(demo_frames) == [ambito_view.LEGNANO]


def test_frames_for_keeps_one_comunes_rows_and_the_tables_of_the_table_whole(frames):
    part = ambito_view.frames_for(frames, A)
    assert part["comuni"]["comune_code"].tolist() == [A]
    assert set(part["rioni"]["rione_id"]) == {"canazza"}
    assert set(part["buildings"]["rione_id"]) == {"canazza"}
    assert part["flats"]["building_id"].isin(part["buildings"]["building_id"]).all()
    assert set(part["calls"]["call_id"]) == {"AVV-A-2025"}
    assert part["applications"]["call_id"].eq("AVV-A-2025").all()
    assert part["programmes"].empty and part["programme_flats"].empty
    assert len(part["meetings"]) == len(frames["meetings"])  # the table's own tables stay
    assert ambito_view.frames_for(frames, ambito_view.AMBITO) is frames
    # the comuni's shares add up to the whole
    total = sum(len(ambito_view.frames_for(frames, c)["flats"]) for c in (ambito_view.LEGNANO, A, B))
    assert total == len(frames["flats"])


def test_a_buildings_own_comune_code_wins_over_its_riones(frames):
    f = dict(frames)
    b = frames["buildings"].copy()
    b["comune_code"] = None
    b.loc[b.index[0], "comune_code"] = B
    f["buildings"] = b
    where = ambito_view.building_comune(f)
    assert where[b["building_id"].iloc[0]] == B
    assert where[b["building_id"].iloc[1]] == demand.rione_comune(f)[b["rione_id"].iloc[1]]


def test_the_summary_of_one_comune_counts_that_comune_only(frames):
    whole = summary.summarise(frames, META, True)
    parts = [summary.summarise(ambito_view.frames_for(frames, c), META, True) for c in (ambito_view.LEGNANO, A, B)]
    assert sum(p.flats_total for p in parts) == whole.flats_total
    # the ambito's waiting list is every comune's latest call (not the latest call alone)
    assert sum(p.applications_waiting for p in parts) == whole.applications_waiting
    assert parts[2].applications_waiting == 0 and parts[2].applications_call is None


def test_the_overview_counts_each_comune_like_the_rest_of_the_app(frames, ov):
    tb = ov.table.set_index("comune_code")
    for code in (ambito_view.LEGNANO, A, B):
        part = ambito_view.frames_for(frames, code)
        s = summary.summarise(part, META, True)
        row = tb.loc[code]
        assert row["flats"] == s.flats_total
        assert row["assignable"] == s.assignable
        assert row["waiting"] == s.applications_waiting
        assert row["vacancy_rate"] == pytest.approx(s.vacancy_rate, abs=1e-4)
        assert row["vacancy_assignable_rate"] + row["vacancy_works_rate"] == pytest.approx(row["vacancy_rate"])
        assert row["per_1000"] == pytest.approx(row["flats"] * 1000 / row["population"])
        assert sum(row[f"owner_{o}"] for o in ov.owners) == row["flats"]
        annual = projection.annual_plan(frames, ov.year, META, code)
        assert row["available_next_year"] == annual.available
        assert row["poverty_reserve"] == annual.limits["poverty"]


def test_the_ambitos_ratios_are_computed_on_the_sums(ov):
    tb, total = ov.table, ov.total
    assert total["flats"] == tb["flats"].sum()
    assert total["per_1000"] == pytest.approx(tb["flats"].sum() * 1000 / tb["population"].sum())
    assert total["per_assignable"] == pytest.approx(tb["waiting"].sum() / tb["assignable"].sum())
    assert total["poverty_reserve"] == tb["poverty_reserve"].sum()
    assert ov.year == 2027  # the next plan year after data as of 31/10/2026


def test_no_assignable_flat_gives_no_ratio_not_a_zero(ov):
    row = ov.table.set_index("comune_code").loc[A]
    assert row["assignable"] == 0 and row["waiting"] > 0
    assert math.isnan(row["per_assignable"])


@pytest.mark.parametrize("by_owner, expected", [
    # hand-computed: 20 % of each owner's flats in each comune, rounded up, then summed
    ({"ALER": 7, "COMUNE": 16}, 2 + 4),  # 1.4 -> 2, 3.2 -> 4 (not ceil(4.6) = 5)
    ({"ALER": 1}, 1), ({"ALER": 5, "COMUNE": 5}, 2), ({}, 0), ({"ALER": 0, "COMUNE": 3}, 1)])
def test_the_poverty_reserve_is_rounded_up_per_comune_and_owner(by_owner, expected):
    assert plan.poverty_quota_by_owner(by_owner, 20.0) == expected


def test_the_ambitos_reserve_is_the_sum_of_the_comunes_not_20_pct_of_the_total(ov):
    per_comune = [ov.plans[c].limits["poverty"] for c in ov.codes]
    assert ov.total["poverty_reserve"] == sum(per_comune)
    assert ov.total["poverty_reserve"] >= plan.poverty_quota(ov.total["available_next_year"], 20.0)


def test_the_display_tables_are_italian_and_english(frames, ov):
    it, en = ambito_view.display(ov, frames, "it"), ambito_view.display(ov, frames, "en")
    assert it.iloc[-1]["Comune"] == "Ambito Altomilanese" and len(it) == 4
    assert "Alloggi ogni 1.000 abitanti" in it.columns and "Flats per 1,000 inhabitants" in en.columns
    assert it.iloc[0]["Abitanti"] == "59.941" and en.iloc[0]["Inhabitants"] == "59,941"
    for metric in ambito_view.METRICS:
        table = ambito_view.metric_table(ov, metric, frames, "it")
        assert table["Comune"].tolist() == ["Legnano", "Comune A", "Comune B"]
    plan_rows = ambito_view.plan_rows(ov, frames, "it")
    totals = plan_rows[plan_rows["Proprietario"] == "Totale"]
    assert totals["Comune"].tolist() == ["Legnano", "Comune A", "Comune B", "Ambito Altomilanese"]
    assert totals.iloc[-1]["Riserva indigenti"] == str(ov.total["poverty_reserve"])


@pytest.mark.parametrize("metric", ambito_view.METRICS)
def test_every_chart_has_one_bar_per_comune_with_its_value_written(ov, metric):
    fig = ch.figure(ov, metric, "it", highlight=A)
    bars = [d for d in fig.data if d.type == "bar"]
    assert bars and all(list(b.y) == ["Legnano", "Comune A", "Comune B"] for b in bars)
    assert all(b.text is not None for b in bars)
    assert "<b>▶ Comune A</b>" in fig.layout.yaxis.ticktext  # the chosen comune, written
    assert fig.layout.title.text


def test_the_comuni_areas_are_shaped_like_the_rioni_and_draw_offline(ov):
    areas = geodata.comuni_areas()
    assert str(areas.crs) == geodata.STORAGE_CRS
    assert {"area_id", "comune_code", "name", "schematic", "source", "geometry"} <= set(areas.columns)
    assert ambito_view.LEGNANO in set(areas["comune_code"]) and not areas["schematic"].any()
    assert areas["source"].str.contains("ISTAT").all()
    assert geodata.comuni_areas([A]).empty
    fig = ch.map_figure(ov, areas, "vacancy", "it", highlight=ambito_view.LEGNANO)
    filled = [d for d in fig.data if d.fill == "toself"]
    assert len(filled) == len(areas)
    assert fig.layout.xaxis.visible is False  # no basemap, no tiles: nothing to download
    assert any("Legnano" in str(t) for d in fig.data if d.mode == "text" for t in d.text)


def test_the_legnano_only_pages_say_so_for_another_comune(frames):
    assert ambito_view.legnano_only_note("progetti", frames, ambito_view.LEGNANO) is None
    assert ambito_view.legnano_only_note("panoramica", frames, A) is None
    note = ambito_view.legnano_only_note("progetti", frames, A, "en")
    assert "Comune A" in note and "Legnano" in note
    assert "Ambito Altomilanese" in ambito_view.legnano_only_note("mappa", frames, ambito_view.AMBITO)


def test_latest_calls_per_comune(frames):
    last = ambito_view.latest_calls(frames)
    assert last[A] == "AVV-A-2025" and last[ambito_view.LEGNANO] == "AVV-2025-09" and B not in last
    assert isinstance(pd.Series(last), pd.Series)
