"""The ambito's view model (tavolo.ambito_view), its charts and the comuni areas, on the demo
(22 comuni) and on hand-computed numbers."""

import math

import pytest

from tavolo import ambito_view, charts_ambito as ch, geodata, plan, projection, summary

A, B = "015007", "015019"  # Arconate; Bernate Ticino (no flat assignable today)
META = {"as_of": "2026-10-31", "source": "demo"}


@pytest.fixture(autouse=True)
def _settings(isolated_settings):
    yield


@pytest.fixture(scope="module")
def frames(demo_frames):
    return demo_frames


@pytest.fixture(scope="module")
def ov(frames):
    return ambito_view.overview(frames, META, demo=True)


def test_the_chooser_offers_legnano_first_then_the_others_then_the_ambito(frames):
    choices = ambito_view.choices(frames)
    assert choices[:3] == [ambito_view.LEGNANO, A, B] and choices[-1] == ambito_view.AMBITO
    assert len(choices) == 23
    assert ambito_view.default_comune(frames) == ambito_view.LEGNANO
    assert ambito_view.label(frames, ambito_view.AMBITO) == "Ambito Altomilanese (22 comuni)"
    assert ambito_view.label(frames, A) == "Arconate"


@pytest.mark.parametrize("value, expected", [
    ("015007", "015007"), ("ambito", "ambito"), ("999999", "015118"), (None, "015118"),
    (" 015019 ", "015019"), ("<script>", "015118")])
def test_a_url_value_is_taken_only_when_it_is_a_choice(frames, value, expected):
    assert ambito_view.parse(value, ambito_view.choices(frames), ambito_view.LEGNANO) == expected


def test_one_comune_alone_has_no_ambito_choice(frames):
    alone = ambito_view.frames_for(frames, A) | {"comuni": frames["comuni"].iloc[[1]]}
    assert ambito_view.choices(alone) == [A]


def test_the_chooser_value_as_data(frames):
    part = ambito_view.frames_for(frames, A)
    assert part["buildings"]["comune_code"].eq(A).all() and len(part["buildings"])
    assert part["calls"]["comune_code"].eq(A).all()
    assert part["programmes"].empty
    assert ambito_view.frames_for(frames, ambito_view.AMBITO) is frames
    assert ambito_view.frames_for(frames, None) is frames


def test_the_summary_of_one_comune_counts_that_comune_only(frames):
    whole = summary.summarise(frames, META, True)
    parts = [summary.summarise(ambito_view.frames_for(frames, c), META, True)
             for c in ambito_view.choices(frames)[:-1]]
    assert sum(p.flats_total for p in parts) == whole.flats_total
    # the ambito's waiting list is every comune's latest call (not the latest call alone)
    assert sum(p.applications_waiting for p in parts) == whole.applications_waiting


def test_the_overview_counts_each_comune_like_the_rest_of_the_app(frames, ov):
    tb = ov.table.set_index("comune_code")
    for code in (ambito_view.LEGNANO, A, B, "015168"):
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
        annual = projection.annual_plan(part, ov.year, META, code)
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
    row = ov.table.set_index("comune_code").loc[B]
    assert row["assignable"] == 0
    assert math.isnan(row["per_assignable"])


@pytest.mark.parametrize("by_owner, expected", [
    # hand-computed: 20 % of each owner's flats in each comune, rounded up, then summed
    ({"ALER": 7, "COMUNE": 16}, 2 + 4),  # 1.4 -> 2, 3.2 -> 4 (not ceil(4.6) = 5)
    ({"ALER": 1}, 1), ({"ALER": 5, "COMUNE": 5}, 2), ({}, 0), ({"ALER": 0, "COMUNE": 3}, 1)])
def test_the_poverty_reserve_is_rounded_up_per_comune_and_owner(by_owner, expected):
    assert plan.poverty_quota_by_owner(by_owner, 20.0) == expected


def test_the_ambitos_reserve_is_the_sum_of_the_comunes_not_20_pct_of_the_total(ov):
    per_comune = [ov.plan.plan_of(c, ov.year).limits["poverty"] for c in ov.codes]
    assert ov.total["poverty_reserve"] == sum(per_comune)
    assert ov.total["poverty_reserve"] >= plan.poverty_quota(ov.total["available_next_year"], 20.0)


def test_the_display_tables_are_italian_and_english(frames, ov):
    it, en = ambito_view.display(ov, frames, "it"), ambito_view.display(ov, frames, "en")
    assert it.iloc[-1]["Comune"] == "Ambito Altomilanese" and len(it) == 23
    assert "Alloggi ogni 1.000 abitanti" in it.columns and "Flats per 1,000 inhabitants" in en.columns
    assert it.iloc[0]["Abitanti"] == "59.941" and en.iloc[0]["Inhabitants"] == "59,941"
    for metric in ambito_view.METRICS:
        table = ambito_view.metric_table(ov, metric, frames, "it")
        assert table["Comune"].tolist()[:3] == ["Legnano", "Arconate", "Bernate Ticino"]
        assert len(table) == 22


@pytest.mark.parametrize("metric", ambito_view.METRICS)
def test_every_chart_has_one_bar_per_comune_with_its_value_written(ov, metric):
    fig = ch.figure(ov, metric, "it", highlight=A)
    bars = [d for d in fig.data if d.type == "bar"]
    assert bars and all(list(b.y)[:3] == ["Legnano", "Arconate", "Bernate Ticino"] and len(b.y) == 22
                        for b in bars)
    assert all(b.text is not None for b in bars)
    assert "<b>▶ Arconate</b>" in fig.layout.yaxis.ticktext  # the chosen comune, written
    assert fig.layout.title.text


def test_the_comuni_areas_are_shaped_like_the_rioni_and_draw_offline(ov):
    areas = geodata.comuni_areas()
    assert str(areas.crs) == geodata.STORAGE_CRS
    assert {"area_id", "comune_code", "name", "schematic", "source", "geometry"} <= set(areas.columns)
    assert set(areas["comune_code"]) == set(ov.codes) and not areas["schematic"].any()
    assert areas["source"].str.contains("ISTAT").all() and areas.geometry.is_valid.all()
    assert geodata.comuni_areas([A])["name"].tolist() == ["Arconate"]
    fig = ch.map_figure(ov, areas, "vacancy", "it", highlight=ambito_view.LEGNANO)
    filled = [d for d in fig.data if d.fill == "toself"]
    assert len(filled) == len(areas)
    assert fig.layout.xaxis.visible is False  # no basemap, no tiles: nothing to download
    assert any("Legnano" in str(t) for d in fig.data if d.mode == "text" for t in d.text)


def test_the_legnano_only_pages_say_so_for_another_comune(frames):
    assert ambito_view.legnano_only_note("progetti", frames, ambito_view.LEGNANO) is None
    assert ambito_view.legnano_only_note("panoramica", frames, A) is None
    note = ambito_view.legnano_only_note("progetti", frames, A, "en")
    assert "Arconate" in note and "Legnano" in note
    assert "Ambito Altomilanese" in ambito_view.legnano_only_note("mappa", frames, ambito_view.AMBITO)


def test_latest_calls_per_comune(frames):
    last = ambito_view.latest_calls(frames)
    assert last[ambito_view.LEGNANO] == "AVV-2025-09" and len(last) == frames["calls"]["comune_code"].nunique()


def test_a_municipality_owner_is_each_comunes_not_legnanos(frames, ov):
    names = ambito_view.owner_names(frames, ov.owners, "it")
    assert names["COMUNE"] == "Proprietà del Comune" and names["ALER"] == "ALER Milano"
