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
    code, out, _err = run(capsys, db, "--year", "2026")
    assert code == 0
    assert out.startswith("Piano annuale dell'offerta 2026 · Legnano (015118) · Ambito Altomilanese")
    assert "Dati dimostrativi" in out
    assert "Alloggi disponibili nell'anno: 107" in out
    lines = {line.split("  ")[0]: line for line in out.splitlines()}
    assert "Indigenti (art. 13)" in lines and "Graduatoria ordinaria" in lines
    assert " 22 " in lines["Indigenti (art. 13)"] and "R.R. 4/2017 art. 13" in lines["Indigenti (art. 13)"]
    assert "ALER 20% × 83 → 17; COMUNE 20% × 24 → 5 = 22" in out
    assert "Alloggi assegnati nell'anno precedente (2025): 12" in out
    assert "Il piano rispetta tutte le regole." in out


def test_plan_json_matches_the_rules(capsys, db):
    code, out, _err = run(capsys, db, "--year", "2026", "--json")
    data = json.loads(out)
    assert code == 0 and data["year"] == 2026 and data["comune_code"] == "015118"
    assert [q["quota"] for q in data["quotas"]] == list(schema.QUOTA)
    assert sum(q["flats"] for q in data["quotas"]) == data["available"] == 107
    assert sum(data["available_by_source"].values()) == 107
    limits = {q["quota"]: q["limit"] for q in data["quotas"]}
    assert limits == {"poverty": 22, "art14": 21, "police": 21, "transitional": 10,
                      "local_extra": 10, "ordinary": None}
    assert data["breaches"] == [] and data["demo"] is True


@pytest.mark.parametrize("available, poverty, caps, ordinary", [
    (0, 0, (0, 0, 0, 0), 0),
    (1, 1, (0, 0, 0, 0), 0),
    (5, 1, (1, 1, 0, 0), 2),
    (23, 5, (4, 4, 2, 2), 6),
    (111, 23, (22, 22, 11, 11), 22),
])
def test_available_override_and_rounding(capsys, db, available, poverty, caps, ordinary):
    code, out, _err = run(capsys, db, "--year", "2026", "--available", str(available), "--json")
    data = json.loads(out)
    flats = {q["quota"]: q["flats"] for q in data["quotas"]}
    assert code == 0 and data["available"] == available and data["available_override"]
    assert flats["poverty"] == poverty
    assert (flats["art14"], flats["police"], flats["transitional"], flats["local_extra"]) == caps
    assert flats["ordinary"] == ordinary


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
    assert police["pct"] == 10.0 and police["limit"] == 6 and "R.R. 2/2025" in police["rule"]


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
    police = cells[first.index("Forze dell'ordine e vigili del fuoco")]
    assert police[2] == 0.2 and police[3] == 4 and police[4] == 9
    row = first.index("Forze dell'ordine e vigili del fuoco") + 1
    assert ws.cell(row=row, column=1).fill.fgColor.rgb.endswith("F8D7C8")
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
