"""The demo generator: deterministic, calibrated on the public figures, honest about
itself, free of personal data, and the source of the shipped data/."""

import datetime as dt
import filecmp
import re

import pandas as pd
import pytest

from tavolo import ambito, demo, facts, paths, schema, summary
from tavolo.schema import DEMO_SOURCE
from tavolo.validation import check_dataset

TAX_CODE = re.compile(r"[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]")
PERSONAL_COLUMN = re.compile(
    r"(^|_)(nome|cognome|first_?name|last_?name|surname|full_?name|person|tenant_name|"
    r"codice_fiscale|fiscal|tax_?code|cf|birth|nascita|born|email|e_mail|phone|telefono|"
    r"cellulare|mobile|iban)(_|$)")


def flats_by_owner(frames):
    return summary.flats_with_owner(frames)


def legnano(frames):
    """Legnano's part of the ambito's data set: the figures calibrated on public sources."""
    return ambito.comune_frames(frames, ambito.LEAD_CODE)


def test_generation_is_deterministic(demo_frames):
    again = demo.generate(1)
    assert list(again) == list(demo_frames) == schema.LOAD_ORDER
    for name in schema.LOAD_ORDER:
        pd.testing.assert_frame_equal(again[name], demo_frames[name], check_exact=True, obj=name)


def test_demo_data_passes_every_check(demo_frames):
    assert check_dataset(demo_frames, {}) == []
    for name, frame in demo_frames.items():
        assert list(frame.columns) == schema.TABLES[name].column_names


def test_scale_1_flats_by_owner(demo_frames):
    flats = flats_by_owner(legnano(demo_frames))
    assert len(flats) == 1229
    assert flats["owner_id"].value_counts().to_dict() == {"ALER": 850, "COMUNE": 379}


@pytest.mark.parametrize(("owner", "low", "high"), [("ALER", 0.69, 0.71), ("COMUNE", 0.87, 0.90)])
def test_scale_1_let_share(demo_frames, owner, low, high):
    flats = flats_by_owner(legnano(demo_frames))
    mine = flats[flats["owner_id"] == owner]
    share = (mine["status"] == "let").mean()
    assert low <= share <= high, share


def test_every_status_occurs_and_vacant_flats_needing_works_have_an_estimate(demo_frames):
    flats = demo_frames["flats"]
    assert set(flats["status"]) == set(schema.FLAT_STATUS)
    works = flats[flats["status"] == "vacant_works"]
    assert works["works_estimate_eur"].notna().all() and (works["works_estimate_eur"] > 0).all()
    assert flats.loc[flats["status"] != "vacant_works", "works_estimate_eur"].isna().all()


@pytest.mark.parametrize(("programme", "flats"), [("carlo_porta", 111), ("mazzafame", 59)])
def test_scale_1_programme_flats(demo_frames, programme, flats):
    pf = demo_frames["programme_flats"]
    assert (pf["programme_id"] == programme).sum() == flats


def test_each_call_has_200_to_300_applications(demo_frames):
    mine = legnano(demo_frames)
    per_call = mine["applications"]["call_id"].value_counts()
    assert set(per_call.index) == set(mine["calls"]["call_id"])
    assert len(per_call) >= 4
    for call, n in per_call.items():
        assert 200 <= n <= 300, (call, n)
    # every call of the data set has its applications
    assert set(demo_frames["applications"]["call_id"]) == set(demo_frames["calls"]["call_id"])


def test_no_column_looks_like_personal_data(demo_frames):
    for name, table in schema.TABLES.items():
        for col in table.columns:
            assert not PERSONAL_COLUMN.search(col.name), f"{name}.{col.name}"
        assert list(demo_frames[name].columns) == table.column_names


@pytest.mark.parametrize(("text", "found"), [("RSSMRA80A01F205X", True), ("tax RSSMRA80A01F205X ok", True),
                                             ("P-8BJFLPAD", False), ("AVV-2021-05", False)])
def test_tax_code_pattern_itself(text, found):
    assert bool(TAX_CODE.search(text)) is found


def test_no_cell_holds_a_tax_code(demo_frames):
    for name, frame in demo_frames.items():
        for col in frame.columns:
            if frame[col].dtype == object:
                hits = frame[col].dropna().astype(str).str.contains(TAX_CODE)
                assert not hits.any(), f"{name}.{col}: {frame.loc[hits[hits].index[0], col]}"


def test_application_ids_are_pseudonymous(demo_frames):
    ids = demo_frames["applications"]["application_id"]
    assert ids.is_unique
    assert ids.str.fullmatch(r"P-[0-9A-Z]{8}").all()
    # Random, not a running number that could be matched to an office's register.
    assert not ids.is_monotonic_increasing
    assert ids.str[2:].str.fullmatch(r"\d+").sum() < len(ids) / 10
    # Action items name sectors or offices, never people.
    assert set(demo_frames["actions"]["owner"]) <= set(demo.ACTION_OWNERS)


def test_first_meeting_is_the_public_fact_with_its_source(demo_frames):
    meetings = demo_frames["meetings"].sort_values("date")
    first = meetings.iloc[0]
    assert first["date"] == pd.Timestamp("2017-10-17")
    assert first["meeting_id"] == "M2017-10-17"
    assert first["status"] == "held"
    assert first["source"] == facts.ARTICLE and "ottobre 2017" in first["source"]
    assert set(first["sectors"].split("|")) == set(schema.SECTORS)
    assert (meetings.iloc[1:]["source"] == DEMO_SOURCE).all()


def test_public_facts_keep_their_source(demo_frames):
    offices = demo_frames["offices"]
    assert offices["address"].str.contains("Bissolati 5").any()
    assert offices["address"].str.contains("Bissolati 9").any()
    assert (offices["source"].str.len() > 0).all() and not (offices["source"] == DEMO_SOURCE).any()
    programmes = demo_frames["programmes"].set_index("programme_id")
    assert programmes.loc["carlo_porta", "name"] == "Via Carlo Porta"  # the 111 flats are a figure, not a name
    assert programmes.loc["carlo_porta", "flats_planned"] == 111
    assert "renovation" == programmes.loc["carlo_porta", "kind"]
    for name in ("funding_acts", "milestones"):
        assert demo_frames[name]["source"].str.len().gt(0).all()


def test_illustrative_records_say_so(demo_frames):
    for name in ("flats", "meetings", "decisions"):
        frame = demo_frames[name]
        assert (frame["source"] == DEMO_SOURCE).any(), name
    flats = summary.flats_with_owner(demo_frames)
    ordinary = flats[flats["programme_id"].isna()]
    assert (ordinary["source"] == DEMO_SOURCE).all()


def test_shipped_data_is_the_scale_1_output(tmp_path, demo_frames, monkeypatch):
    """data/ is ``write_demo(scale=1)``: the generated frames (deterministic, see above)
    written out, file for file (the CLI test runs the command itself)."""
    monkeypatch.setattr(demo, "generate", lambda scale, random_state: demo_frames if scale == 1 else None)
    counts = demo.write_demo(tmp_path, scale=1)
    assert counts["flats"] == len(demo_frames["flats"]) and len(legnano(demo_frames)["flats"]) == 1229
    generated = sorted(p.name for p in tmp_path.iterdir())
    shipped = sorted(p.name for p in paths.DATA_DIR.iterdir() if p.name != "README.md")
    assert generated == shipped
    match, mismatch, errors = filecmp.cmpfiles(tmp_path, paths.DATA_DIR, generated, shallow=False)
    assert mismatch == [] and errors == [], (
        f"data/ differs from `python -m tavolo demo --scale 1`: {mismatch + errors}")


def test_scale_3_grows_the_ordinary_stock_not_the_programmes(demo_frames):
    big = demo.generate(3)
    pf = big["programme_flats"]
    assert (pf["programme_id"] == "carlo_porta").sum() == 111
    assert (pf["programme_id"] == "mazzafame").sum() == 59

    def ordinary(frames):
        frames = legnano(frames)
        return len(frames["flats"]) - len(frames["programme_flats"])

    assert ordinary(big) == pytest.approx(3 * ordinary(demo_frames), rel=0.02)
    # the other comuni of the ambito stay at scale 1 (the benchmark's sizes do not change)
    others = len(demo_frames["flats"]) - len(legnano(demo_frames)["flats"])
    assert len(big["flats"]) - len(legnano(big)["flats"]) == others
    per_call = legnano(big)["applications"]["call_id"].value_counts()
    assert (per_call >= 600).all() and (per_call <= 900).all()
    assert check_dataset(big, {}) == []


def test_scale_must_be_positive():
    with pytest.raises(ValueError):
        demo.generate(0)


def test_as_of_and_future_meetings(demo_frames):
    meetings = demo_frames["meetings"]
    as_of = pd.Timestamp(demo.AS_OF)
    held_late = meetings[(meetings["status"] == "held") & (meetings["date"] > as_of)]
    planned_early = meetings[(meetings["status"] == "planned") & (meetings["date"] <= as_of)]
    assert held_late.empty and planned_early.empty
    assert (meetings["status"] == "planned").any()
    assert demo.AS_OF == dt.date(2026, 10, 31)


def test_nothing_a_user_sees_names_a_file_outside_the_repository_or_the_generator_state():
    """Sources cite public documents, never the project's brief, its files or 'the seed'."""
    import re

    from tavolo import i18n

    banned = re.compile(r"DOMAIN\.md|\bseed|\bbrief\b|legnano_places|000_[0-9a-f]{6}", re.IGNORECASE)
    for path in sorted(paths.DATA_DIR.iterdir()):
        found = banned.findall(path.read_text(encoding="utf-8"))
        assert not found, f"{path.name}: {found}"
    for key, (it, en) in i18n.TEXTS.items():
        assert not banned.search(it) and not banned.search(en), key
    generated = demo.generate(1)
    for name, frame in generated.items():
        if "source" in frame:
            assert not frame["source"].dropna().str.contains(banned).any(), name


def test_every_public_source_names_document_publisher_and_date():
    from tavolo import facts

    for key, source in facts.SOURCES.items():
        assert source.document and source.publisher, key
        cited = source.cite()
        assert source.publisher in cited and source.document in cited
        assert (source.when() in cited) and (source.date or "data da verificare" in cited)
    assert facts.SOURCES["malpensa24_2021"].cite().endswith("3 settembre 2021")
    assert facts.SOURCES["article_2017"].when() == "ottobre 2017"
    assert facts.SOURCES["mz_decision_2023"].when() == "13 novembre 2023"
    # every public record cites one of them, and says which of its values are the demo's
    for row in facts.PROGRAMMES + facts.FUNDING_ACTS + facts.MILESTONES:
        assert any(s.cite() in row["source"] for s in facts.SOURCES.values()), row


def test_every_scale_keeps_the_status_history_keyed_by_flat_and_day():
    """The re-let cycles leave out a stage the draws gave no day of its own: at any scale
    (the benchmark's 100 included) a flat has one status per day, in order. Scale 100 once
    failed its own load on a duplicate (flat, day)."""
    from tavolo import demo_gestione

    rows = demo_gestione._history_rows("F1", [("let", dt.date(2020, 1, 1)), ("under_works", dt.date(2021, 5, 1)),
                                              ("assigned_awaiting", dt.date(2021, 5, 1)),
                                              ("let", dt.date(2021, 6, 1))])
    assert [(r["status"], r["valid_from"]) for r in rows] == [
        ("let", dt.date(2020, 1, 1)), ("under_works", dt.date(2021, 5, 1)), ("let", dt.date(2021, 6, 1))]
    for random_state in (1, 2, 3):
        hist = demo.generate(3, random_state=random_state)["flat_status_history"]
        assert not hist.duplicated(["flat_id", "valid_from"]).any(), random_state
        days = pd.to_datetime(hist["valid_from"])
        assert (days.groupby(hist["flat_id"]).diff().dropna() > pd.Timedelta(0)).all(), random_state
