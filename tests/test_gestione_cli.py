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
