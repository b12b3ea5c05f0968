"""Meeting mode: the sequence setting, moving between screens (keys, ends, timed advance
wrapping), and the screens themselves through AppTest (?riunione=1)."""

import json
import shutil
from pathlib import Path

import pytest

from tavolo import meeting, settings
from tavolo.store import Store

ROOT = Path(__file__).resolve().parents[1]


def test_default_sequence_is_the_five_screens_of_the_issue(monkeypatch):
    monkeypatch.delenv("TAVOLO_MEETING_SEQUENCE", raising=False)
    monkeypatch.setenv("TAVOLO_SETTINGS_FILE", "/nonexistent/settings.json")
    assert meeting.sequence() == ["overview", "map", "demand", "board", "actions"]
    assert settings.SETTINGS["meeting_sequence"].default == meeting.DEFAULT_SEQUENCE


def test_sequence_from_the_environment(monkeypatch):
    monkeypatch.setenv("TAVOLO_MEETING_SEQUENCE", json.dumps(["actions", "overview", "calendar"]))
    assert meeting.sequence() == ["actions", "overview", "calendar"]


@pytest.mark.parametrize("value, rule", [
    ([], "lista"), (["overview", "slides"], "sconosciute"), (["map", "map"], "due volte"), (42, "lista"),
])
def test_bad_sequences_say_why_in_both_languages(value, rule):
    with pytest.raises(settings.SettingError) as err:
        meeting.validate(value)
    assert rule in err.value.message_it and "meeting_sequence" in err.value.message_en


def test_comma_separated_text_is_accepted():
    assert meeting.validate("overview, actions") == ["overview", "actions"]


@pytest.mark.parametrize("index, delta, count, wrap, expected", [
    (0, +1, 5, False, 1), (4, +1, 5, False, 4), (0, -1, 5, False, 0), (3, -1, 5, False, 2),
    (4, +1, 5, True, 0), (0, -1, 5, True, 4), (2, +1, 1, False, 0), (0, +1, 0, False, 0),
])
def test_step_stops_at_the_ends_or_wraps(index, delta, count, wrap, expected):
    assert meeting.step(index, delta, count, wrap) == expected


@pytest.mark.parametrize("param, expected", [(None, 0), ("1", 0), ("3", 2), ("99", 4), ("0", 0), ("x", 0)])
def test_position_from_the_url(param, expected):
    assert meeting.position(param, 5) == expected


@pytest.mark.parametrize("param, expected", [(None, 0), ("30", 30), ("17", 0), ("abc", 0)])
def test_timed_advance_only_takes_the_offered_values(param, expected):
    assert meeting.advance_seconds(param) == expected


def test_clicker_keys_move_both_ways():
    assert meeting.KEYS["PageDown"] == +1 and meeting.KEYS["PageUp"] == -1
    assert meeting.KEYS["Right"] == +1 and meeting.KEYS["Left"] == -1
    from streamlit.elements.lib.shortcut_utils import normalize_shortcut

    for key in [*meeting.KEYS, *meeting.JUMP_KEYS, meeting.EXIT_KEY]:
        normalize_shortcut(key)  # every key is one Streamlit accepts


def test_every_screen_has_a_renderer_and_titles():
    from ui import meeting as ui_meeting

    for name in meeting.SCREENS:
        assert callable(ui_meeting.renderer(name)), name
        assert meeting.title(name, "it") and meeting.title(name, "en")
        assert meeting.title(name, "it") != meeting.title(name, "en") or name == "reports"


def test_screens_are_registered_once():
    """Titles, renderers and the default sequence come from one registry: the setting's
    default and help, the validation and the drawing all read it."""
    from tavolo import meeting_screens as ms

    assert meeting.SCREENS is ms.BY_NAME and meeting.DEFAULT_SEQUENCE == ms.DEFAULT_SEQUENCE
    assert settings.SETTINGS["meeting_sequence"].default == ms.DEFAULT_SEQUENCE
    assert all(name in settings.SETTINGS["meeting_sequence"].help("en") for name in ms.NAMES)
    assert len(ms.NAMES) == len(set(ms.NAMES))
    assert meeting.validate(ms.NAMES) == ms.NAMES  # every registered screen may be shown
    for screen in ms.SCREENS:
        assert screen.renderer.startswith("ui.") and ":" in screen.renderer, screen


def test_a_new_screen_is_one_registry_entry(monkeypatch):
    """A screen added to the registry is valid in a sequence, titled and drawn."""
    from tavolo import meeting_screens as ms
    from ui import meeting as ui_meeting

    extra = ms.Screen("ambito", ("L'ambito", "The district"), "ui.meeting:screen_calendar")
    monkeypatch.setitem(ms.BY_NAME, "ambito", extra)
    assert meeting.validate(["overview", "ambito"]) == ["overview", "ambito"]
    assert meeting.title("ambito", "en") == "The district"
    assert ui_meeting.renderer("ambito") is ui_meeting.screen_calendar


# --- the app in meeting mode ------------------------------------------------------------

@pytest.fixture(scope="module")
def template_db(tmp_path_factory):
    from tavolo import demo

    path = tmp_path_factory.mktemp("meeting") / "template.sqlite"
    s = Store(f"sqlite:///{path}")
    s.replace(demo.generate(1), meta={"as_of": "2026-10-31"})
    s.dispose()
    return path


@pytest.fixture
def app(tmp_path, template_db, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    copy = tmp_path / "meeting.sqlite"
    shutil.copy(template_db, copy)
    monkeypatch.setenv("TAVOLO_DATABASE_URL", f"sqlite:///{copy}")
    monkeypatch.setenv("TAVOLO_SETTINGS_FILE", str(tmp_path / "settings.json"))
    monkeypatch.delenv("TAVOLO_MEETING_SEQUENCE", raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["riunione"] = "1"
    yield at
    st.cache_data.clear()
    st.cache_resource.clear()


def _text(at) -> str:
    return " ".join(m.value for m in at.markdown)


def test_meeting_mode_walks_the_sequence_and_leaves(app):
    at = app.run()
    assert not at.exception, [e.message for e in at.exception]
    assert "1 / 5" in _text(at) and "Il quadro in cifre" in _text(at)
    assert "DATI DIMOSTRATIVI" in _text(at)
    assert at.button(key="mtg_prev").disabled
    titles = ["Il quadro in cifre", "Dove sono gli alloggi", "Domanda e offerta", "111 alloggi",
              "Azioni aperte"]
    for n in range(2, 6):
        at.button(key="mtg_next").click().run()
        assert not at.exception, [e.message for e in at.exception]
        assert f"{n} / 5" in _text(at) and titles[n - 1] in _text(at)
        assert at.query_params["schermata"] in (str(n), [str(n)])
    assert at.button(key="mtg_next").disabled
    at.button(key="mtg_key_PageUp").click().run()
    assert "4 / 5" in _text(at)
    at.button(key="mtg_key_Home").click().run()
    assert "1 / 5" in _text(at)
    at.button(key="mtg_key_End").click().run()
    assert "5 / 5" in _text(at) and "azioni aperte" in _text(at)
    at.button(key="mtg_exit").click().run()
    assert not at.exception
    assert "riunione" not in at.query_params
    assert "5 / 5" not in _text(at)  # the page is back


def test_a_link_opens_on_the_screen_it_names(app):
    app.query_params["schermata"] = "5"
    at = app.run()
    assert not at.exception
    assert "5 / 5" in _text(at) and "scadute" in _text(at)


def test_sequence_setting_is_followed(app, monkeypatch):
    monkeypatch.setenv("TAVOLO_MEETING_SEQUENCE", '["actions", "calendar"]')
    at = app.run()
    assert "1 / 2" in _text(at) and "Azioni aperte" in _text(at)
    at.button(key="mtg_next").click().run()
    assert "2 / 2" in _text(at) and "Prossime riunioni" in _text(at)


def test_sidebar_toggle_switches_meeting_mode_on(app):
    del app.query_params["riunione"]
    at = app.run()
    assert "1 / 5" not in _text(at)
    at.toggle(key="meeting_mode").set_value(True).run()
    assert not at.exception
    assert "1 / 5" in _text(at)
