"""Text that is not for people never reaches the screen: each class of defect has a test
here (setting keys, None/nan, technical words, enumeration codes, plurals, sentences)."""

import re

from tavolo import i18n, settings

SETTING_KEYS = sorted((k for k in settings.SETTINGS if "_" in k), key=len, reverse=True)


def test_every_setting_has_a_label_in_both_languages():
    assert set(settings.LABELS) == set(settings.SETTINGS)
    for name, setting in settings.SETTINGS.items():
        it, en = setting.label("it"), setting.label("en")
        assert it and en and "_" not in it + en, name


def test_no_text_names_a_setting_by_its_key():
    found = [(key, name) for key, pair in i18n.TEXTS.items() for name in SETTING_KEYS
             if any(re.search(rf"\b{name}\b", text) for text in pair)]
    assert not found


def test_a_setting_named_in_a_text_is_named_by_its_label():
    labels_it = {s.label("it") for s in settings.SETTINGS.values()}
    labels_en = {s.label("en") for s in settings.SETTINGS.values()}
    for key, (it, en) in i18n.TEXTS.items():
        for name in re.findall(r"impostazione «([^»]+)»", it):
            assert name in labels_it, (key, name)
        for name in re.findall(r"setting “([^”]+)”", en):
            assert name in labels_en, (key, name)


# --- the change log told as sentences ----------------------------------------------------

def _entry(**kw):
    import json

    base = {"change_id": 7, "at": "2026-12-01 14:02:10", "author": "Mario Rossi", "table_name": "actions",
            "action": "update", "row_key": json.dumps({"action_id": "AZ0001"}),
            "before_json": json.dumps({"action_id": "AZ0001", "status": "open"}),
            "after_json": json.dumps({"action_id": "AZ0001", "status": "done"}),
            "reason": "chiusa in riunione", "undone_by": None}
    return base | kw


def test_a_change_reads_as_a_sentence_with_when_who_what_and_why():
    import pandas as pd

    from tavolo import auth_history

    log = pd.DataFrame([_entry(), _entry(change_id=6, action="insert", reason=None, undone_by=9.0)])
    it, en = auth_history.lines(log, "it"), auth_history.lines(log, "en")
    assert it[0] == "01/12/2026 14:02, Mario Rossi: Azioni AZ0001, Stato da «Aperta» a «Conclusa»; motivo: chiusa in riunione"
    assert it[1] == "01/12/2026 14:02, Mario Rossi: aggiunta: Azioni AZ0001 (annullata dalla modifica n. 9)"
    assert en[0].endswith("; reason: chiusa in riunione") and "Status from 'Open' to 'Done'" in en[0]
    for line in it + en:
        assert not re.search(r"\bNone\b|\bnan\b|\.0\b|_json|row_key", line), line


def test_a_load_counts_its_rows_with_the_right_plural():
    import json

    import pandas as pd

    from tavolo import auth_history

    log = pd.DataFrame([_entry(action="load", table_name="*", row_key="flats,calls",
                               after_json=json.dumps({"flats": 1, "calls": 1170}), reason="")])
    line = auth_history.lines(log, "it")[0]
    assert "(1 riga)" in line and "(1.170 righe)" in line and "motivo" not in line


# --- validation messages: labels, not codes; English units in English --------------------

def test_every_unit_word_has_its_english_word():
    from tavolo import schema

    units = {c.unit for t in schema.TABLES.values() for c in t.columns if c.unit}
    for unit in units:
        assert unit in schema.UNITS_EN or not unit.isalpha(), unit


def test_an_enumeration_error_shows_labels_and_either_code_or_label_is_accepted():
    import pytest

    from tavolo import schema, validation

    values = schema.TABLES["flats"].column("status").values
    assert validation.parse_enum("vacant_assignable", values) == "vacant_assignable"
    assert validation.parse_enum(values["vacant_assignable"][0], values) == "vacant_assignable"  # Italian label
    assert validation.parse_enum(values["vacant_assignable"][1], values) == "vacant_assignable"  # English label
    with pytest.raises(validation.CellError) as err:
        validation.parse_enum("boh", values)
    for code, (it, en) in values.items():
        assert f"«{it}»" in err.value.rule_it and f"“{en}”" in err.value.rule_en
        if "_" in code:
            assert code not in err.value.rule_it + err.value.rule_en


def test_a_limit_in_an_english_message_has_an_english_unit():
    from tavolo import schema, validation

    col = next(c for t in schema.TABLES.values() for c in t.columns if c.unit == "abitanti" and c.min is not None)
    err = validation.CellError("", "")
    try:
        validation.parse_value(col, str(col.min - 1))
    except validation.CellError as caught:
        err = caught
    assert "abitanti" in err.rule_it and "inhabitants" in err.rule_en and "abitanti" not in err.rule_en
