"""Text that is not for people never reaches the screen: each class of defect has a test
here (setting keys, None/nan, technical words, enumeration codes, plurals, sentences)."""

import datetime as dt
import json
import re

import pandas as pd
import pytest
import streamlit as st
from screen_text import screen_text
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from tavolo import auth_history, i18n, paths, schema, settings, validation
from ui.pages import PAGES

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
    base = {"change_id": 7, "at": "2026-12-01 14:02:10", "author": "Mario Rossi", "table_name": "actions",
            "action": "update", "row_key": json.dumps({"action_id": "AZ0001"}),
            "before_json": json.dumps({"action_id": "AZ0001", "status": "open"}),
            "after_json": json.dumps({"action_id": "AZ0001", "status": "done"}),
            "reason": "chiusa in riunione", "undone_by": None}
    return base | kw


def test_a_change_reads_as_a_sentence_with_when_who_what_and_why():
    log = pd.DataFrame([_entry(), _entry(change_id=6, action="insert", reason=None, undone_by=9.0)])
    it, en = auth_history.lines(log, "it"), auth_history.lines(log, "en")
    assert it[0] == "01/12/2026 14:02, Mario Rossi: Azioni AZ0001, Stato da «Aperta» a «Conclusa»; motivo: chiusa in riunione"
    assert it[1] == "01/12/2026 14:02, Mario Rossi: aggiunta: Azioni AZ0001 (annullata dalla modifica n. 9)"
    assert en[0].endswith("; reason: chiusa in riunione") and "Status from 'Open' to 'Done'" in en[0]
    for line in it + en:
        assert not re.search(r"\bNone\b|\bnan\b|\.0\b|_json|row_key", line), line


def test_a_load_counts_its_rows_with_the_right_plural():
    log = pd.DataFrame([_entry(action="load", table_name="*", row_key="flats,calls",
                               after_json=json.dumps({"flats": 1, "calls": 1170}), reason="")])
    line = auth_history.lines(log, "it")[0]
    assert "(1 riga)" in line and "(1.170 righe)" in line and "motivo" not in line


# --- validation messages: labels, not codes; English units in English --------------------

def test_every_unit_word_has_its_english_word():
    units = {c.unit for t in schema.TABLES.values() for c in t.columns if c.unit}
    for unit in units:
        assert unit in schema.UNITS_EN or not unit.isalpha(), unit


def test_an_enumeration_error_shows_labels_and_either_code_or_label_is_accepted():
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
    col = next(c for t in schema.TABLES.values() for c in t.columns if c.unit == "abitanti" and c.min is not None)
    err = validation.CellError("", "")
    try:
        validation.parse_value(col, str(col.min - 1))
    except validation.CellError as caught:
        err = caught
    assert "abitanti" in err.rule_it and "inhabitants" in err.rule_en and "abitanti" not in err.rule_en


def test_a_unit_agrees_with_a_limit_of_one():
    size = schema.TABLES["applications"].column("household_size")
    with pytest.raises(validation.CellError) as err:
        validation.parse_value(size, "0")
    assert "(1 persona)" in err.value.rule_it and "(1 person)" in err.value.rule_en
    failed = validation.ValidationFailed([validation.Issue("a.csv", 3, "x", "0", "r", "r")])
    assert failed.message("it").startswith("1 errore:") and failed.message("en").startswith("1 error:")
    assert str(failed).startswith("1 errore / error:")


# --- every page, both languages: an AppTest walk ------------------------------------------

APP = str(paths.ROOT / "app.py")
ENUM_CODES = sorted({code for table in schema.TABLES.values() for col in table.columns
                     for code in (col.values or {}) if "_" in code}, key=len, reverse=True)
NOT_FOR_PEOPLE = [
    (r"\bNone\b", "None"), (r"\bnan\b|\bNaN\b|<NA>|\bNaT\b", "a missing value"), (r"#\d+\.0\b", "a float id"),
    (r"(?i)sqlite", "the database engine"), (r"EPSG", "a CRS code"),
    (r"(?<![\d.,])1 (righe|modifiche|giorni|alloggi|mesi|anni|famiglie|domande|azioni|segnalazioni|persone|errori)\b",
     "a plural after 1"),
    (r"(?<![\d.,])1 (rows|changes|days|flats|months|years|households|applications|actions|reports|people|errors)\b",
     "a plural after 1"),
]
# a lower-case word with an underscore, outside an address (/mappa?x=y) and a file name (x.csv)
SNAKE = re.compile(r"(?<![/?=&.\w-])[a-z][a-z0-9]*_[a-z0-9_]+\b(?![.\w/]*\.(?:csv|xlsx))(?!\s*=)")
# a number with a decimal point, as English writes it (Italian pages write 3,2)
POINT_DECIMAL = re.compile(r"(?<![\d.,/])\d+\.\d{1,2}(?![\d.])")


@pytest.fixture
def app_env(demo_db_url, demo_store, isolated_settings, monkeypatch):
    """The app on a private copy of the store, with a change log that holds an insert, an
    update, an undone update and a programme edit (the history must read as sentences)."""
    from tavolo import actions as act, edits

    monkeypatch.setenv("TAVOLO_DATABASE_URL", demo_db_url)
    today = dt.date(2026, 10, 31)
    current = demo_store.read("actions")
    meeting = demo_store.read("meetings")["meeting_id"].iloc[-1]
    change = act.insert_change(current, meeting, "Sopralluogo in via delle Rose", "ALER tecnico", dt.date(2026, 12, 31))
    edits.apply_changes(demo_store, "actions", [change], author="Mario Rossi", reason="decisa in riunione")
    current = demo_store.read("actions")
    row = current[current["action_id"] == change.key["action_id"]].iloc[0]
    [closed] = edits.apply_changes(demo_store, "actions", [act.close_change(row, today)], author="Mario Rossi",
                                   reason="fatta")
    edits.undo(demo_store, closed, author="Anna Bianchi", reason="chiusa per errore")
    pf = demo_store.read("programme_flats")
    flat = pf[(pf["programme_id"] == "carlo_porta") & (pf["phase"] == "design")].iloc[0]
    key = {"programme_id": "carlo_porta", "flat_id": flat["flat_id"]}
    [phase] = edits.apply_changes(demo_store, "programme_flats",
                                  [edits.RowChange("update", key, None, {"phase": "works"})],
                                  author="Mario Rossi", reason="verbale del cantiere")
    edits.undo(demo_store, phase, author="Mario Rossi", reason="inserita per errore")
    st.cache_data.clear()
    st.cache_resource.clear()
    yield demo_db_url
    st.cache_data.clear()
    st.cache_resource.clear()
    PagesManager.uses_pages_directory = None


def _walk(page, lang: str, state: dict | None = None, **query: str) -> str:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in (state or {}).items():  # parts drawn only when opened (tabs, expanders)
        at.session_state[key] = value
    at.session_state["lang"] = lang
    at.query_params["lang"] = lang
    if page.path != PAGES[0].path:
        at.switch_page(page.path)
    for name, value in query.items():  # e.g. scheda=azioni: a page of lazy tabs runs the open one
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    PagesManager.uses_pages_directory = None
    return screen_text(at)


def _defects(text: str, page: str, lang: str) -> list[str]:
    found = []
    for pattern, what in NOT_FOR_PEOPLE:
        found += [f"{what}: {m.group(0)!r}" for m in re.finditer(pattern, text)]
    found += [f"a setting key: {k}" for k in SETTING_KEYS if re.search(rf"\b{k}\b", text)]
    found += [f"an enumeration code: {c}" for c in ENUM_CODES if re.search(rf"(?<![/?=&.\w]){c}\b", text)]
    if page != "pages/dati.py":  # the Dati page names the files' columns, which people type
        found += [f"a code: {m.group(0)!r}" for m in SNAKE.finditer(text)]
    if lang == "it":
        found += [f"an English decimal point: {m.group(0)!r}" for m in POINT_DECIMAL.finditer(text)]
    return found


@pytest.mark.parametrize("lang", ["it", "en"])
@pytest.mark.parametrize("page", PAGES, ids=[p.url_path for p in PAGES])
def test_no_page_shows_text_that_is_not_for_people(app_env, page, lang):
    text = _walk(page, lang)
    assert len(text) > 500, text  # the page was drawn
    defects = _defects(text, page.path, lang)
    context = {d: next((line for line in text.splitlines() if d.split(": ", 1)[1].strip("'") in line), "")
               for d in defects}
    assert not defects, "\n".join(f"{d}  <- {context[d][:160]}" for d in defects)


@pytest.mark.parametrize("lang", ["it", "en"])
def test_no_meeting_screen_shows_text_that_is_not_for_people(app_env, lang):
    from tavolo import meeting

    for number, screen in enumerate(meeting.DEFAULT_SEQUENCE, 1):
        at = AppTest.from_file(APP, default_timeout=90)
        at.session_state["lang"] = lang
        for name, value in (("lang", lang), ("riunione", "1"), ("schermata", str(number))):
            at.query_params[name] = value
        at.run()
        assert not at.exception, (screen, [e.value for e in at.exception])
        PagesManager.uses_pages_directory = None
        text = screen_text(at)
        assert meeting.title(screen, lang) in text, screen  # the meeting screen was drawn
        defects = _defects(text, "meeting", lang)
        assert "COMUNE" not in text, (screen, "an owner code")
        assert not defects, (screen, defects)


@pytest.mark.parametrize("lang", ["it", "en"])
@pytest.mark.parametrize("tab", ["azioni", "decisioni", "riunione"])
def test_no_tavolo_tab_shows_text_that_is_not_for_people(app_env, tab, lang):
    page = next(p for p in PAGES if p.url_path == "il_tavolo")
    text = _walk(page, lang, scheda=tab)
    defects = _defects(text, page.path, lang)
    assert not defects, (tab, defects)


def test_the_tavolo_history_reads_as_sentences(app_env):
    text = _walk(next(p for p in PAGES if p.url_path == "il_tavolo"), "it", scheda="azioni")
    assert "Mario Rossi: aggiunta: Azioni" in text
    assert "Anna Bianchi: Azioni" in text and "; motivo: chiusa per errore" in text
    assert "(annullata dalla modifica n. " in text


PROGETTI_OPENED = {"prog_edit_carlo_porta": True}  # the editing area runs only when opened
PROGETTI_TABS = ("prog_time", "prog_money", "prog_section_flats", "prog_allocation")


@pytest.mark.parametrize("lang", ["it", "en"])
@pytest.mark.parametrize("tab", PROGETTI_TABS)
def test_no_progetti_tab_shows_text_that_is_not_for_people(app_env, tab, lang):
    """Progetti draws a tab and its editing area only when opened: walk each one."""
    from tavolo import i18n

    page = next(p for p in PAGES if p.url_path == "progetti")
    text = _walk(page, lang, {**PROGETTI_OPENED, "prog_section_carlo_porta": i18n.t(tab, lang)})
    assert len(text) > 500, text
    defects = _defects(text, page.path, lang)
    assert defects == [], f"progetti / {tab} ({lang}): {defects}"


def test_the_progetti_history_reads_as_sentences(app_env):
    text = _walk(next(p for p in PAGES if p.url_path == "progetti"), "it", PROGETTI_OPENED)
    assert "Mario Rossi: " in text and "; motivo: verbale del cantiere (annullata dalla modifica n. " in text


def test_the_defect_patterns_catch_what_they_are_for():
    """The walk's own check: each class of defect is found in a sample line."""
    samples = {"Cadenza (impostazione meeting_cadence_days)": "a setting key",
               "ammessi: let, vacant_assignable": "an enumeration code", "Aggiornati al 31/10/2026 · sqlite": "database",
               "calcolata in EPSG:32632": "CRS", "annullata dalla #nan": "missing", "annullata dalla #3.0": "float id",
               "Responsabile: None": "None", "1 righe": "plural", "Rotazione 3.2 %": "decimal point",
               "colonna row_key": "a code"}
    for sample, what in samples.items():
        assert _defects(sample, "pages/x.py", "it"), (sample, what)
    for fine in ("/mappa?rione=mazzafame&indicator=vacancy_rate", "flat_status_history.csv", "1.170 alloggi",
                 "3,2 %", "R.R. 4/2017", "2 righe", "1 riga"):
        assert not _defects(fine, "pages/x.py", "it"), fine


def test_the_progetti_walk_opens_the_tab_it_names(app_env):
    """The tab walk is real: two tabs give two different screens."""
    from tavolo import i18n

    page = next(p for p in PAGES if p.url_path == "progetti")
    money = _walk(page, "it", {"prog_section_carlo_porta": i18n.t("prog_money", "it")})
    time = _walk(page, "it", {"prog_section_carlo_porta": i18n.t("prog_time", "it")})
    assert money != time
