"""Settings: environment > settings file > default, every value validated, every error
in Italian and English."""

import json

import pytest

from tavolo import paths, settings
from tavolo.settings import SettingError

SETTINGS = list(settings.SETTINGS.values())


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_has_help_in_both_languages_and_a_valid_default(setting):
    assert setting.help_it.strip() and setting.help_en.strip()
    assert setting.help("it") == setting.help_it and setting.help("en") == setting.help_en
    assert setting.type in ("str", "bool", "int", "float", "json")
    assert settings._coerce(setting, setting.default, "default") == setting.default


def test_defaults_without_file_or_environment(isolated_settings):
    assert not isolated_settings.exists()
    assert settings.get("poverty_quota_pct") == 20.0
    assert settings.get("offline") is False
    assert settings.all_values() == {s.name: s.default for s in SETTINGS}


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("poverty_quota_pct", "25", 25.0),
    ("poverty_quota_pct", "12,5", 12.5),
    ("meeting_cadence_days", " 7 ", 7),
    ("offline", "sì", True),
    ("offline", "0", False),
    ("language", "en", "en"),
    ("adequacy_table", "[[1, 2, 30, 45], [3, 99, 60, null]]", [[1, 2, 30, 45], [3, 99, 60, None]]),
])
def test_environment_overrides(isolated_settings, monkeypatch, name, text, expected):
    monkeypatch.setenv("TAVOLO_" + name.upper(), text)
    assert settings.get(name) == expected


def test_file_overrides_default_and_environment_overrides_file(isolated_settings, monkeypatch):
    isolated_settings.write_text(json.dumps({"poverty_quota_pct": 30, "offline": True}), encoding="utf-8")
    assert settings.get("poverty_quota_pct") == 30.0
    assert settings.get("offline") is True
    assert settings.get("art14_cap_pct") == settings.SETTINGS["art14_cap_pct"].default
    monkeypatch.setenv("TAVOLO_POVERTY_QUOTA_PCT", "35")
    assert settings.get("poverty_quota_pct") == 35.0


def test_save_validates_and_writes_atomically(isolated_settings):
    settings.save({"meeting_cadence_days": "21"})
    assert json.loads(isolated_settings.read_text(encoding="utf-8")) == {"meeting_cadence_days": 21}
    assert settings.get("meeting_cadence_days") == 21
    with pytest.raises(SettingError):
        settings.save({"meeting_cadence_days": 0})
    with pytest.raises(SettingError):
        settings.save({"nope": 1})
    assert settings.get("meeting_cadence_days") == 21
    assert [p.name for p in isolated_settings.parent.iterdir()] == ["settings.json"]


@pytest.mark.parametrize(("name", "text", "rule_it", "rule_en"), [
    ("poverty_quota_pct", "150", "massimo 100", "maximum 100"),
    ("poverty_quota_pct", "-1", "minimo 0", "minimum 0"),
    ("poverty_quota_pct", "venti", "atteso un valore di tipo float", "expected a float value"),
    ("poverty_quota_pct", "nan", "atteso un numero finito", "expected a finite number"),
    ("isee_poverty_eur", "inf", "atteso un numero finito", "expected a finite number"),
    ("meeting_cadence_days", "0", "minimo 1", "minimum 1"),
    ("meeting_cadence_days", "1,5", "atteso un valore di tipo int", "expected a int value"),
    ("offline", "forse", "atteso sì/no", "expected yes/no"),
    ("language", "de", "valori ammessi: it, en", "allowed values: it, en"),
    ("adequacy_table", "[[1, 2, 30", "atteso un valore di tipo json", "expected a json value"),
    ("adequacy_table", "{}", "attesa una lista di righe", "expected a list of rows"),
    ("adequacy_table", "[[1, 2, 30]]", "ogni riga", "each row"),
    ("adequacy_table", "[[3, 2, 30, 40]]", "1 <= min <= max", "1 <= min <= max"),
    ("adequacy_table", "[[1, 2, 50, 40]]", "m² max >= m² min", "max m2 >= min m2"),
    ("adequacy_table", '[[1, 2, "trenta", 40]]', "m² min >= 0", "min m2 >= 0"),
])
def test_invalid_values_raise_a_bilingual_setting_error(isolated_settings, monkeypatch, name, text,
                                                       rule_it, rule_en):
    monkeypatch.setenv("TAVOLO_" + name.upper(), text)
    with pytest.raises(SettingError) as error:
        settings.get(name)
    it, en = error.value.message_it, error.value.message_en
    assert it.startswith(f"Impostazione '{name}'") and en.startswith(f"Setting '{name}'")
    assert repr(text) in it and repr(text) in en
    assert f"TAVOLO_{name.upper()}" in it and f"TAVOLO_{name.upper()}" in en
    assert rule_it in it and rule_en in en
    assert str(error.value) == f"{it} / {en}"


def test_invalid_value_in_the_file_names_the_file(isolated_settings):
    isolated_settings.write_text(json.dumps({"police_cap_pct": 300}), encoding="utf-8")
    with pytest.raises(SettingError) as error:
        settings.get("police_cap_pct")
    assert str(isolated_settings) in error.value.message_it
    assert str(isolated_settings) in error.value.message_en


@pytest.mark.parametrize(("content", "fragment_en"), [
    ("{not json", "unreadable"),
    ('{"poverty_quota": 20}', "unknown settings ['poverty_quota']"),
])
def test_broken_settings_file(isolated_settings, content, fragment_en):
    isolated_settings.write_text(content, encoding="utf-8")
    with pytest.raises(SettingError) as error:
        settings.get("offline")
    assert fragment_en in error.value.message_en and error.value.message_it


def test_database_url(isolated_settings, monkeypatch):
    assert settings.database_url() == f"sqlite:///{paths.DEFAULT_SQLITE}"
    isolated_settings.write_text(json.dumps({"database_url": "sqlite:////tmp/file.sqlite"}),
                                 encoding="utf-8")
    assert settings.database_url() == "sqlite:////tmp/file.sqlite"
    monkeypatch.setenv("TAVOLO_DATABASE_URL", "postgresql+psycopg://u@h/db")
    assert settings.database_url() == "postgresql+psycopg://u@h/db"
