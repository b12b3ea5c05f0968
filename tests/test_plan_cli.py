"""``python -m tavolo plan``: the annual plan's table on the shipped data, its JSON, the
``--available`` override with the rounding edges, broken rules, the XLSX export."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tavolo import cli, plan, schema

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def default_settings(monkeypatch, tmp_path):
    monkeypatch.setenv("TAVOLO_SETTINGS_FILE", str(tmp_path / "none.json"))
    for name in plan.SETTINGS_USED:
        monkeypatch.delenv("TAVOLO_" + name.upper(), raising=False)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """A SQLite store made from the shipped data (data/)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('plan') / 'tavolo.sqlite'}"
    assert cli.main(["init", "--database", url]) == 0
    return url


def run(capsys, db, *args):
    code = cli.main(["plan", "--database", db, *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_plan_text_on_the_shipped_data(capsys, db):
    code, out, _err = run(capsys, db)  # no --year: the next plan after the as-of date
    assert code == 0
    assert out.startswith("Piano annuale dell'offerta 2027 · Legnano (015118) · Ambito Altomilanese")
    assert "Dati dimostrativi" in out
    assert "Alloggi disponibili nell'anno: 74" in out
    lines = {line.split("  ")[0]: line for line in out.splitlines()}
    assert "Indigenti (art. 13)" in lines and "Graduatoria ordinaria" in lines
    assert "R.R. 4/2017 art. 13" in lines["Indigenti (art. 13)"]
    assert "ALER 20% × 38 → 8; COMUNE 20% × 36 → 8 = 16" in out
    assert "L.R. 16/2016 art. 23 c. 13" in lines["Servizi abitativi transitori"]
    assert "soglia unica con Categorie art. 14" in lines["Categoria locale aggiuntiva"]
    header = next(line for line in out.splitlines() if line.startswith("Quota "))
    assert "Dovuti" in header and "Consentiti (max)" in header and "Scelti" in header
    assert "Fuori dalla base delle quote (non SAP): Servizio abitativo transitorio: 1" in out
    assert "Alloggi SAP sfitti e assegnabili oggi (41): contati nel 2026" in out
    assert "59 alloggi nuovi ancora da consegnare" in out
    assert "Alloggi assegnati nell'anno precedente (2026): 5" in out
    assert "6 assegnazioni senza data" in out
    assert "Il piano rispetta tutte le regole." in out


def test_plan_2027_json_follows_the_rules(capsys, db):
    """The plan for 2027 on the shipped data: poverty 20% rounded up owner by owner, the
    caps at their chosen value (0) within one art. 14 threshold, SAP flats only, today's
    vacant flats counted in 2026 (not again in 2027), a full year of turnover."""
    code, out, _err = run(capsys, db, "--year", "2027", "--json")
    data = json.loads(out)
    assert code == 0 and data["year"] == 2027 and data["comune_code"] == "015118"
    assert data["base"] == "SAP" and data["outside_base"] == {"transitional": 1}
    assert [q["quota"] for q in data["quotas"]] == list(schema.QUOTA)
    assert data["available"] == sum(data["available_by_source"].values()) == 74
    assert data["available_by_owner"] == {"ALER": 38, "COMUNE": 36}
    quotas = {q["quota"]: q for q in data["quotas"]}
    assert quotas["poverty"]["required"] == quotas["poverty"]["chosen"] == 8 + 8  # 7.6 -> 8, 7.2 -> 8
    for cap in ("art14", "police", "transitional", "local_extra"):
        assert quotas[cap]["required"] == 0 and quotas[cap]["chosen"] == 0
    assert {q: quotas[q]["allowed"] for q in ("art14", "local_extra", "police", "transitional")} == {
        "art14": 14, "local_extra": 14, "police": 14, "transitional": 7}  # 20%, 20%, 10% of 74
    assert quotas["local_extra"]["shares_threshold_with"] == "art14"
    assert quotas["ordinary"]["chosen"] == 74 - 16
    assert data["available_by_source"]["vacant_now"] == 0 and data["notes"]["vacant_now"] == 41
    assert data["notes"]["turnover_share_of_year"] == 1.0
    assert data["available_by_source"]["programmes"] == data["notes"]["programme_flats"]["mazzafame"] == 38
    assert data["assigned_previous_year"] == 5
    assert data["breaches"] == [] and data["demo"] is True


def test_plan_of_the_as_of_year_counts_each_release_once(capsys, db):
    code, out, _err = run(capsys, db, "--year", "2026", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["available_by_source"]["vacant_now"] == 41  # SAP, vacant and assignable today
    assert data["notes"]["turnover_share_of_year"] == pytest.approx(61 / 365)  # after 31/10
    assert data["available_by_source"]["turnover"] == 6  # ~36 a year x 61/365, owner by owner


@pytest.mark.parametrize("available, poverty, caps, ordinary", [
    (0, 0, (0, 0, 0, 0), 0),
    (1, 1, (0, 0, 0, 0), 0),
    (5, 1, (0, 0, 0, 0), 4),
    (23, 5, (0, 0, 0, 0), 18),
    (111, 23, (0, 0, 0, 0), 88),
])
def test_available_override_and_rounding(capsys, db, available, poverty, caps, ordinary):
    code, out, _err = run(capsys, db, "--year", "2026", "--available", str(available), "--json")
    data = json.loads(out)
    flats = {q["quota"]: q["chosen"] for q in data["quotas"]}
    assert code == 0 and data["available"] == available and data["available_override"]
    assert flats["poverty"] == poverty
    assert (flats["art14"], flats["police"], flats["transitional"], flats["local_extra"]) == caps
    assert flats["ordinary"] == ordinary


def test_art14_and_local_extra_share_one_threshold(capsys, db):
    code, out, _err = run(capsys, db, "--year", "2026", "--available", "23", "--set", "art14=3",
                          "--set", "local_extra=2")
    assert code == 1
    assert ("Categorie art. 14 e Categoria locale aggiuntiva: 5 alloggi insieme, oltre la soglia "
            "unica di 4") in out
    code, _out, _err = run(capsys, db, "--year", "2026", "--available", "23", "--set", "art14=3",
                           "--set", "local_extra=1")
    assert code == 0


def test_broken_rule_is_reported_not_fixed(capsys, db):
    code, out, _err = run(capsys, db, "--year", "2026", "--available", "23", "--set", "police=9",
                          "--set", "poverty=4")
    assert code == 1
    assert "Regole violate:" in out
    assert "Forze dell'ordine e vigili del fuoco: 9 alloggi, oltre il tetto di 4" in out
    assert "R.R. 2/2025" in out
    assert "Indigenti (art. 13): 4 alloggi, meno dei 5 dovuti" in out
    table_row = next(line for line in out.splitlines() if line.startswith("Forze dell'ordine"))
    assert " 9 " in table_row  # the plan keeps the number given


def test_past_year_uses_the_old_police_cap(capsys, db):
    code, out, _err = run(capsys, db, "--year", "2022", "--json", "--lang", "en")
    data = json.loads(out)
    police = next(q for q in data["quotas"] if q["quota"] == "police")
    assert code == 0 and data["available_by_source"] == {"calls": 67}
    assert police["pct"] == 10.0 and police["allowed"] == 6 and "R.R. 2/2025" in police["rule"]


@pytest.mark.parametrize("args, message", [
    (["--comune", "000000"], "non trovato"),
    (["--set", "poor=3"], "QUOTA=N"),
    (["--set", "police=x"], "QUOTA=N"),
    (["--available", "-1"], ">= 0"),
])
def test_bad_arguments(capsys, db, args, message):
    code, _out, err = run(capsys, db, "--year", "2026", *args)
    assert code == 2 and message in err


def test_english_text(capsys, db):
    code, out, _err = run(capsys, db, "--year", "2026", "--lang", "en")
    assert code == 0 and out.startswith("Annual offer plan 2026")
    assert "Households in poverty (art. 13)" in out and "The plan follows every rule." in out
    assert "Required" in out and "Allowed (max)" in out and "Chosen" in out


def test_xlsx_laid_out_like_the_ambito_plan(capsys, db, tmp_path):
    path = tmp_path / "piano.xlsx"
    code, _out, err = run(capsys, db, "--year", "2026", "--available", "23", "--set", "police=9",
                          "--xlsx", str(path))
    assert code == 1 and "XLSX" in err
    wb = load_workbook(path)
    assert wb.sheetnames == ["Piano 2026", "Note"]
    ws = wb["Piano 2026"]
    cells = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    first = [row[0] for row in cells]
    assert first[0].startswith("Piano annuale dell'offerta abitativa · 2026")
    assert "Ambito Altomilanese · Legnano (015118)" == first[1]
    for section in ("1. Consistenza del patrimonio per proprietario",
                    "2. Unità abitative che si prevede di assegnare nell'anno",
                    "3. Quote e riserve", "4. Unità assegnate nell'anno precedente",
                    "5. Verifica delle regole"):
        assert section in first
    header = cells[first.index("Quota")]
    assert list(header[:6]) == ["Quota", "Tipo", "%", "Dovuti", "Consentiti (max)", "Scelti"]
    police = cells[first.index("Forze dell'ordine e vigili del fuoco")]
    assert police[2] == 0.2 and police[3] == 0 and police[4] == 4 and police[5] == 9
    row = first.index("Forze dell'ordine e vigili del fuoco") + 1
    assert ws.cell(row=row, column=1).fill.fgColor.rgb.endswith("F8D7C8")
    assert any(str(v).startswith("Patrimonio fuori dalla base delle quote (non SAP): "
                                 "Servizio abitativo sociale (SAS): 55") for v in first)
    assert any(str(v).startswith("Fuori dalla base delle quote (non SAP)") for v in first)
    checks = [row[1] for row in cells if row[0] and str(row[0]).startswith("⚠ ERRORE")]
    assert any("oltre il tetto di 4" in text for text in checks)
    notes = [row[0] for row in wb["Note"].iter_rows(values_only=True)]
    assert any(str(n).startswith("poverty_quota_pct") for n in notes)
    assert any("R.R. 4/2017 art. 9" in str(v) for row in wb["Note"].iter_rows(values_only=True)
               for v in row)


def test_module_entry_point_lists_plan():
    result = subprocess.run([sys.executable, "-m", "tavolo", "plan", "--help"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "--available" in result.stdout and "--year" in result.stdout
