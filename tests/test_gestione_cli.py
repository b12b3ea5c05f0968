"""``python -m tavolo gestione``: the keys the issue asks for, demo and as-of date, and
occupation counts that leave suppressed."""

import json

from tavolo import cli


def run(capsys, monkeypatch, url, *args):
    monkeypatch.setenv("TAVOLO_DATABASE_URL", url)
    assert cli.main(["gestione", *args]) == 0
    return capsys.readouterr().out


def test_json_keys(demo_db_url, isolated_settings, capsys, monkeypatch):
    data = json.loads(run(capsys, monkeypatch, demo_db_url, "--json"))
    assert data["demo"] is True and data["as_of"] == "2026-10-31"
    first = data["maintenance_priorities"][0]
    assert {"building_id", "rank", "score", "cost_eur", "status"} <= set(first)
    assert [p["rank"] for p in data["maintenance_priorities"]] == list(range(1, len(data["maintenance_priorities"]) + 1))
    assert first["score"] == round(sum(first["parts"].values()), 2)
    assert {"open", "median_days_to_close", "p90_days_to_close", "within_target_share"} <= set(data["reports"])
    assert {"over_target", "median_days_vacant"} <= set(data["vacancies"])
    relet = data["vacancies"]["relet"]
    assert relet["cycles"] > 100 and relet["median_turnaround_days"] > 0 and relet["target_months"] == 3
    assert 0 < relet["turnover_rate"] < 0.1 and set(relet["releases_by_year"]) == {"2023", "2024", "2025"}
    who = data["inspections_by_participants"]
    assert set(who) == {"both", "comune", "aler", "unknown"} and sum(who.values()) == data["inspections"]
    assert len(data["inspection_list"]) == data["inspections"]
    assert {i["participants"] for i in data["inspection_list"]} <= {"both", "comune", "aler", None}
    assert {"open", "by_year"} <= set(data["occupations"])
    for value in [data["occupations"]["open"], data["occupations"]["total"], *data["occupations"]["by_year"].values()]:
        assert isinstance(value, str) or value == 0 or value >= 5, value


def test_text_output_in_english(demo_db_url, isolated_settings, capsys, monkeypatch):
    out = run(capsys, monkeypatch, demo_db_url, "--lang", "en")
    assert out.startswith("Operations · as of 31/10/2026")
    assert "Priority list:" in out and "Reports to the 24-hour line" in out


def test_check_names_file_row_and_column_of_bad_operations_input(tmp_path, capsys):
    """An inspection for an unknown building, a report closed before it was opened, an
    occupation resolved before it was detected, a participant outside the list: ``tavolo
    check`` refuses each, naming file, row (as in the file: header = row 1) and column."""
    import csv
    import shutil

    from tavolo import paths

    folder = tmp_path / "data"
    shutil.copytree(paths.ROOT / "data", folder)

    def edit(name, change):
        path = folder / f"{name}.csv"
        rows = list(csv.DictReader(path.open(encoding="utf-8")))
        change(rows)
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)

    edit("inspections", lambda rows: rows[2].update(building_id="NOWHERE"))
    edit("tenant_reports", lambda rows: next(r for r in rows if r["closed_on"]).update(closed_on="2020-01-01"))
    edit("occupations", lambda rows: next(r for r in rows if r["resolved_on"]).update(resolved_on="2010-01-01"))
    assert cli.main(["check", str(folder)]) == 1
    out = "".join(capsys.readouterr())
    assert "file inspections.csv, riga 4, colonna building_id, valore 'NOWHERE'" in out
    assert "file tenant_reports.csv, riga 2, colonna closed_on, valore '2020-01-01': Chiusa il (closed_on) " \
           "precede Data (date)" in out
    assert "file occupations.csv, riga" in out and "colonna resolved_on, valore '2010-01-01'" in out
    assert "Resolved on (resolved_on) is before Detected on (detected_on)" in out

    edit("inspections", lambda rows: rows[3].update(participants="tutti"))
    assert cli.main(["check", str(folder)]) == 1
    out = "".join(capsys.readouterr())
    assert "file inspections.csv, riga 5, colonna participants, valore 'tutti': valore non ammesso" in out
