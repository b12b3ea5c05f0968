"""The ambito's annual and three-year plan (tavolo.ambito_plan, ``plan --ambito`` and
``plan --triennale``): the rules applied comune by comune, the poverty reserve rounded up
per comune and per owner, the ambito's totals as the comuni's sums, the JSON, the XLSX."""

from __future__ import annotations

import io
import json
import math

import pandas as pd
import pytest
from openpyxl import load_workbook

from tavolo import ambito, ambito_plan, cli, demo, plan, projection

AS_OF = "2026-10-31"
META = {"as_of": AS_OF, "source": "Dati dimostrativi"}


@pytest.fixture(autouse=True)
def default_settings(monkeypatch, tmp_path):
    monkeypatch.setenv("TAVOLO_SETTINGS_FILE", str(tmp_path / "none.json"))
    for name in plan.SETTINGS_USED:
        monkeypatch.delenv("TAVOLO_" + name.upper(), raising=False)


# --- the rounding, on a small hand-computed frame ---------------------------------------

# Units expected in 2027 by comune, owner and source (SAP), computed by hand below.
SUPPLY = pd.DataFrame(
    [("000001", "ALER", "turnover", 5), ("000001", "ALER", "programmes", 2),
     ("000001", "COMUNE", "turnover", 3),
     ("000002", "ALER", "turnover", 1),
     ("000003", "ALER", "turnover", 5), ("000003", "COMUNE", "art10", 5)],
    columns=["comune_code", "owner_id", "source", "flats"])
# 000001: ALER 7 -> ceil(1.4) = 2, COMUNE 3 -> ceil(0.6) = 1: 3 (20 % of its 10 would be 2)
# 000002: ALER 1 -> ceil(0.2) = 1: 1
# 000003: ALER 5 -> 1, COMUNE 5 -> 1: 2
# ambito: 3 + 1 + 2 = 6 (not ceil(20 % x 21) = 5); ALER 2 + 1 + 1 = 4 (not ceil(2.6) = 3)
# caps of each comune, rounded down: art. 14 and police 20 %: 2, 0, 2 -> 4; transitional
# 10 %: 1, 0, 1 -> 2 (floor(2.1) = 2 on the total too)


def _hand_plan() -> ambito_plan.AmbitoPlan:
    plans, cells = {}, {}
    for code, mine in SUPPLY.groupby("comune_code"):
        by_source = mine.groupby("source")["flats"].sum().astype(int).to_dict()
        by_owner = mine.groupby("owner_id")["flats"].sum().astype(int).to_dict()
        stock = {o: {"let": 10 * n} for o, n in by_owner.items()}
        plans[code] = [plan.make_plan(comune_code=code, comune_name=f"Comune {code}", ambito="Ambito di prova",
                                      year=2027, as_of=AS_OF, available_by_source=by_source,
                                      available_by_owner=by_owner, stock_by_owner=stock,
                                      assigned_previous_year=0)]
        groups = mine.assign(group=mine["source"].map(plan.SOURCE_GROUPS))
        cells[(code, 2027)] = {o: g.groupby("group")["flats"].sum().astype(int).to_dict()
                               for o, g in groups.groupby("owner_id")}
    codes = sorted(plans)
    return ambito_plan.AmbitoPlan("Ambito di prova", (2027,), AS_OF, True, "prova", codes,
                                  {c: f"Comune {c}" for c in codes}, plans, cells)


def test_poverty_reserve_is_rounded_up_per_comune_and_per_owner():
    lines = ambito_plan.lines(_hand_plan()).set_index(["row", "comune_code", "owner"])
    poverty = lines["poverty"]
    assert poverty[("owner", "000001", "ALER")] == 2 and poverty[("owner", "000001", "COMUNE")] == 1
    assert poverty[("comune", "000001", "")] == 3
    assert poverty[("owner", "000002", "ALER")] == 1 and poverty[("comune", "000002", "")] == 1
    assert poverty[("comune", "000003", "")] == 2
    assert poverty[("ambito", "", "")] == 6 != math.ceil(0.2 * 21)
    assert poverty[("ambito_owner", "", "ALER")] == 4 and poverty[("ambito_owner", "", "COMUNE")] == 2
    available = lines["available"]
    assert available[("comune", "000001", "")] == 10 and available[("ambito", "", "")] == 21
    assert available[("ambito_owner", "", "ALER")] == 13
    # units by plan heading, per owner: programmes are "new or recovered", art. 10 "maintenance"
    assert lines.loc[("owner", "000001", "ALER"), ["turnover", "new_or_recovered"]].tolist() == [5, 2]
    assert lines.loc[("owner", "000003", "COMUNE"), "maintenance"] == 5
    # caps: each comune's, rounded down, then summed
    assert [lines["art14_max"][("comune", c, "")] for c in ("000001", "000002", "000003")] == [2, 0, 2]
    assert lines["art14_max"][("ambito", "", "")] == 4 and lines["police_max"][("ambito", "", "")] == 4
    assert lines["transitional_max"][("ambito", "", "")] == 2
    # no comune plan breaks a rule: the default allocation is what the law requires
    assert lines["errors"][("ambito", "", "")] == 0


def test_the_screen_table_and_the_owner_rounding_are_plan_py_s():
    ap = _hand_plan()
    first = ap.plan_of("000001", 2027)
    assert first.poverty_by_owner() == {"ALER": 2, "COMUNE": 1}
    assert first.limits["poverty"] == 3 == plan.poverty_quota_by_owner({"ALER": 7, "COMUNE": 3})
    # counted on the total when the flats are overridden (--available): no owner split
    assert first.rechoose(None).poverty_by_owner() == {"ALER": 2, "COMUNE": 1}
    over = plan.make_plan(comune_code="x", comune_name="x", ambito="x", year=2027, as_of=AS_OF,
                          available_by_source={"turnover": 10}, available_by_owner={"ALER": 7, "COMUNE": 3},
                          stock_by_owner={}, assigned_previous_year=0, available=10)
    assert over.poverty_by_owner() == {} and over.limits["poverty"] == 2
    table = ambito_plan.table(ap, 2027, "it")
    assert list(table.columns[:2]) == ["Comune", "Proprietario"]
    last = table.iloc[-1]
    assert last["Comune"] == "Totale ambito" and last["Riserva indigenti (20%, per eccesso)"] == "6"
    assert table.iloc[0]["Art. 14 fino a"] == "–"  # a cap belongs to the comune's row
    english = ambito_plan.table(ap, 2027, "en")
    assert "Poverty reserve (20%, rounded up)" in english.columns and english.iloc[-1]["Comune"] == "Ambito total"


# --- on the demo ambito ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def frames():
    return demo.generate(1)


@pytest.fixture(scope="module")
def annual_2027(frames):
    return ambito_plan.annual(frames, 2027, META, True)


def test_every_comune_has_its_plan_and_legnano_s_is_its_own(frames, annual_2027):
    ap = annual_2027
    assert ap.codes[0] == ambito.LEAD_CODE and len(ap.codes) == 22
    mine = projection.annual_plan(frames, 2027, META, ambito.LEAD_CODE, demo=True)
    theirs = ap.plan_of(ambito.LEAD_CODE, 2027)
    assert theirs.to_json() == mine.to_json()
    lines = ambito_plan.lines(ap)
    legnano = lines[(lines["row"] == "comune") & (lines["comune_code"] == ambito.LEAD_CODE)].iloc[0]
    assert (legnano["available"], legnano["poverty"], legnano["art14_max"], legnano["transitional_max"]) \
        == (74, 16, 14, 7)
    comuni = lines[lines["row"] == "comune"]
    total = lines[lines["row"] == "ambito"].iloc[0]
    assert total["poverty"] == comuni["poverty"].sum() == sum(
        p[0].limits["poverty"] for p in ap.plans.values())
    assert total["poverty"] > math.ceil(0.2 * total["available"])  # rounding up comune by comune
    # ALER's flats counted per comune: an ALER row in every comune that has ALER's flats
    aler = lines[(lines["row"] == "owner") & (lines["owner"] == "ALER")]
    assert len(aler) == 21  # Nosate (645 inhabitants): the Comune's flats only
    assert lines.loc[lines["row"] == "ambito_owner", "available"].sum() == total["available"]


@pytest.fixture(scope="module")
def triennale_2027(frames):
    return ambito_plan.triennale(frames, 2027, META, True)


def test_triennale_projects_three_years_per_comune(frames, triennale_2027):
    ap = triennale_2027
    assert ap.years == (2027, 2028, 2029)
    tri = ambito_plan.triennale_lines(ap)
    assert len(tri) == 3 * 23  # 22 comuni and the ambito, three years each
    legnano = tri[tri["comune_code"] == ambito.LEAD_CODE].set_index("year")
    for year in ap.years:
        own = projection.annual_plan(frames, year, META, ambito.LEAD_CODE, demo=True)
        assert legnano.loc[year, "available"] == own.available
        assert legnano.loc[year, "poverty"] == own.limits["poverty"]
    totals = tri[tri["row"] == "ambito"].set_index("year")
    for year in ap.years:
        assert totals.loc[year, "available"] == tri[(tri["row"] == "comune") & (tri["year"] == year)]["available"].sum()
    table = ambito_plan.triennale_table(ap, "it")
    assert list(table.columns[:2]) == ["Comune", "Anno"] and table.iloc[0]["Anno"] == "2027"


def test_json_carries_demo_as_of_and_each_comune_s_plan(annual_2027):
    data = json.loads(json.dumps(ambito_plan.to_json(annual_2027)))
    assert data["demo"] is True and data["as_of"] == AS_OF and data["years"] == [2027]
    assert data["kind"] == "annuale" and data["base"] == "SAP"
    assert len(data["comuni"]) == 22 and data["comuni"][0]["comune"] == "Legnano"
    total = [r for r in data["rows"]["2027"] if r["row"] == "ambito"][0]
    assert total["poverty"] == sum(c["plans"][0]["quotas"][0]["required"] for c in data["comuni"])


def test_xlsx_has_the_provenance_numbers_as_numbers_and_no_formulas(annual_2027, triennale_2027):
    wb = load_workbook(io.BytesIO(ambito_plan.xlsx(annual_2027, META, "it")))
    assert wb.sheetnames == ["Note", "Piano 2027"]
    notes = {r[0]: r[1] for r in wb["Note"].iter_rows(min_row=2, values_only=True)}
    assert notes["Nota"].startswith("Dati dimostrativi") and "31/10/2026" in notes["Nota"]
    assert "Comune di Buscate" in notes["Comuni dell'ambito"]
    ws = wb["Piano 2027"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("Comune", "Proprietario", "Patrimonio SAP")
    legnano = [r for r in rows if r[0] == "Legnano" and r[1] == "Totale del comune"][0]
    assert all(isinstance(v, int) for v in legnano[2:9])
    assert all(not (isinstance(c.value, str) and c.value.startswith("=")) and c.data_type != "f"
               for row in ws.iter_rows() for c in row)
    tri = load_workbook(io.BytesIO(ambito_plan.xlsx(triennale_2027, META, "en")))
    assert tri.sheetnames == ["Note", "Plan 2027", "Plan 2028", "Plan 2029", "Three-year plan"]


# --- the command --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('ambito_plan') / 'tavolo.sqlite'}"
    assert cli.main(["init", "--database", url]) == 0
    return url


def run(capsys, db, *args):
    code = cli.main(["plan", "--database", db, *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_plan_ambito_text_and_json(capsys, db, tmp_path):
    code, out, _err = run(capsys, db, "--ambito", "--year", "2027")
    assert code == 0
    assert out.startswith("Piano annuale dell'offerta dell'ambito 2027 · Ambito Altomilanese · 22 comuni")
    assert "Dati dimostrativi · aggiornati al 31/10/2026" in out
    assert "arrotondata per eccesso per ogni proprietario del comune" in out
    legnano = [line for line in out.splitlines() if line.startswith("Legnano") and "Totale del comune" in line][0]
    # units, poverty reserve, art. 14, police and transitional caps, assigned in 2026
    assert legnano.split()[-6:] == ["74", "16", "14", "14", "7", "5"]
    assert "Ogni piano comunale rispetta le regole." in out
    code, out, _err = run(capsys, db, "--ambito", "--year", "2027", "--json", "--xlsx", str(tmp_path / "a.xlsx"))
    data = json.loads(out)
    assert code == 0 and data["demo"] is True and data["as_of"] == AS_OF and data["years"] == [2027]
    assert len(data["comuni"]) == 22
    assert load_workbook(tmp_path / "a.xlsx").sheetnames == ["Note", "Piano 2027"]


def test_plan_triennale_from_a_year(capsys, db):
    code, out, _err = run(capsys, db, "--triennale", "--from", "2027", "--lang", "en")
    assert code == 0
    assert out.startswith("Three-year plan of the ambito's offer 2027-2029 · Ambito Altomilanese · 22 comuni")
    code, out, _err = run(capsys, db, "--triennale", "--from", "2027", "--comune", "015168", "--json")
    data = json.loads(out)
    assert code == 0 and data["kind"] == "triennale" and data["years"] == [2027, 2028, 2029]
    assert [c["comune"] for c in data["comuni"]] == ["Parabiago"]


@pytest.mark.parametrize("args", [("--ambito", "--available", "5"), ("--ambito", "--set", "poverty=3"),
                                  ("--ambito", "--comune", "015118"), ("--triennale", "--comune", "099999")])
def test_plan_ambito_refuses_what_only_a_comune_plan_takes(capsys, db, args):
    code, _out, err = run(capsys, db, *args)
    assert code == 2 and err


def test_legnano_only_plan_is_unchanged(capsys, db):
    """``plan --year 2027`` (no --ambito) is still Legnano's plan, as before the ambito."""
    code, out, _err = run(capsys, db, "--year", "2027")
    assert code == 0
    assert out.startswith("Piano annuale dell'offerta 2027 · Legnano (015118) · Ambito Altomilanese")
    assert "Alloggi disponibili nell'anno: 74" in out
    assert "ALER 20% × 38 → 8; COMUNE 20% × 36 → 8 = 16" in out
    assert "Alloggi assegnati nell'anno precedente (2026): 5" in out


@pytest.mark.parametrize(("year", "units"), [(2022, 103), (2024, 61), (2025, 46)])
def test_a_past_year_counts_the_calls_units_the_public_figures(frames, year, units):
    """A past plan year counts the units the year's calls offered: in the ambito the public
    totals (October 2022: 103; October 2024: 61; September 2025: 46). Those units have no
    owner: the owner rows show only the stock, the reserve is the comune's, rounded up."""
    lines = ambito_plan.lines(ambito_plan.annual(frames, year, META, True))
    total = lines[lines["row"] == "ambito"].iloc[0]
    assert total["calls"] == total["available"] == units
    owners = lines[lines["row"] == "owner"]
    assert owners["available"].isna().all() and owners["poverty"].isna().all()
    comuni = lines[lines["row"] == "comune"]
    assert total["poverty"] == sum(math.ceil(0.2 * n) for n in comuni["available"])
