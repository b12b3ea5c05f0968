"""Progetti edits: phases, milestones and allocations through tavolo.edits, as the page
makes them (editor frames -> RowChange with the fingerprints read), the history with its
undo, refused invalid and conflicting edits, and the page itself through AppTest."""

import datetime as dt
import os
from pathlib import Path

import pandas as pd
import pytest

from tavolo import edits, programmes as pr
from tavolo.validation import ValidationFailed

TODAY = dt.date(2026, 11, 26)
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def default_settings(tmp_path, monkeypatch):
    for key in [k for k in os.environ if k.startswith("TAVOLO_") and k != "TAVOLO_PG_BINDIR"]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("TAVOLO_SETTINGS_FILE", str(tmp_path / "settings.json"))


@pytest.fixture
def store(demo_store):
    """A private copy of the demo store (tests/conftest.py)."""
    return demo_store


class Editor:
    """What the page does: read the rows and their fingerprints once, edit a copy, save."""

    def __init__(self, store, pid="carlo_porta"):
        self.store, self.pid = store, pid
        self.frames = store.read_all()
        pf = self.frames["programme_flats"]
        self.phases = pr.flats_of(self.frames, pid)[["programme_id", "flat_id", "phase", "phase_since"]]
        self.phase_fp = pr.fingerprints(pf[pf["programme_id"] == pid], "programme_flats")
        self.allocations = pr.allocation_editor_frame(self.frames, pid).drop(columns="meeting_date")
        alloc = self.frames["allocations"]
        self.alloc_fp = pr.fingerprints(alloc[alloc["programme_id"] == pid], "allocations")
        ms = self.frames["milestones"]
        self.milestones = ms[ms["programme_id"] == pid][["milestone_id", "name", "planned_date",
                                                         "actual_date"]].reset_index(drop=True)
        self.ms_fp = pr.fingerprints(ms[ms["programme_id"] == pid], "milestones")

    def save_phases(self, edited, reason="verbale", **kw):
        changes = pr.row_changes("programme_flats", self.phases, edited, ["phase", "phase_since"],
                                 self.phase_fp, TODAY)
        check = pr.not_in_future("programme_flats", "phase_since", TODAY)
        return edits.apply_changes(self.store, "programme_flats", changes, "ufficio", reason,
                                   extra_check=check, **kw)

    def save_allocations(self, edited, confirmed=False, reason="riunione"):
        changes = pr.row_changes("allocations", self.allocations, edited,
                                 ["flats_proposed", "flats_approved", "meeting_id"], self.alloc_fp, TODAY,
                                 new_row=pr.allocation_maker(self.frames, self.pid, TODAY))
        years = pr.availability(self.frames, self.pid, pr.as_of(self.store.meta(), self.frames))
        return edits.apply_changes(self.store, "allocations", changes, "ufficio", reason,
                                   extra_check=pr.allocation_rules_check(self.pid, years, confirmed))

    def save_milestones(self, edited, reason="cronoprogramma"):
        changes = pr.row_changes("milestones", self.milestones, edited,
                                 ["name", "planned_date", "actual_date"], self.ms_fp, TODAY,
                                 new_row=pr.milestone_maker(self.frames, self.pid, TODAY))
        return edits.apply_changes(self.store, "milestones", changes, "ufficio", reason,
                                   extra_check=pr.not_in_future("milestones", "actual_date", TODAY))


def _set(frame, row, **values):
    out = frame.copy()
    for col, value in values.items():
        out.loc[row, col] = value
    return out


def _phase_row(editor, phase):
    return editor.phases.index[editor.phases["phase"] == phase][0]


# --- an edit, then its undo ---------------------------------------------------------------

def test_phase_edit_then_undo_leaves_the_data_as_before(store):
    before = store.read("programme_flats")
    editor = Editor(store)
    row = _phase_row(editor, "design")
    flat = editor.phases.loc[row, "flat_id"]
    [change_id] = editor.save_phases(_set(editor.phases, row, phase="tendered"))
    after = store.read("programme_flats").set_index("flat_id")
    assert after.loc[flat, "phase"] == "tendered"
    assert after.loc[flat, "phase_since"] == pd.Timestamp(TODAY)  # the phase began today
    counts = pr.phase_counts(store.read_all(), "carlo_porta").set_index("phase")["count"]
    assert counts["tendered"] == 1 and counts["design"] == 48 and counts.sum() == 111

    log = pr.programme_history(edits.history(store), "carlo_porta", "it")
    assert log.loc[0, "change_id"] == change_id and log.loc[0, "author"] == "ufficio"
    assert log.loc[0, "change"].startswith("Fase: Progettazione → Appaltato")
    assert log.loc[0, "can_undo"]
    assert pr.programme_history(edits.history(store), "mazzafame").empty

    edits.undo(store, change_id, "ufficio", "errore")
    pd.testing.assert_frame_equal(store.read("programme_flats"), before)
    log = pr.programme_history(edits.history(store), "carlo_porta", "it")
    assert not log.set_index("change_id").loc[change_id, "can_undo"]


def test_allocation_edit_then_undo_leaves_the_data_as_before(store):
    before = store.read("allocations")
    editor = Editor(store)
    row = editor.allocations.index[editor.allocations["quota"] == "transitional"][0]
    edited = _set(editor.allocations, row, flats_approved=8, meeting_id="M2024-03-12")
    with pytest.raises(ValidationFailed):  # the demo's 23 poverty flats: one short year by year
        editor.save_allocations(edited)
    ids = editor.save_allocations(edited, confirmed=True)  # the table's decision, recorded
    assert len(ids) == 1
    after = store.read("allocations").set_index("allocation_id")
    assert after.loc["cp_transitional", "flats_approved"] == 8
    edits.undo(store, ids[0], "ufficio", "annullata")
    pd.testing.assert_frame_equal(store.read("allocations"), before)


def _insert_mazzafame(store):
    editor = Editor(store, "mazzafame")
    alloc = editor.allocations.copy()
    for quota, n in {"poverty": 12, "art14": 11, "police": 5, "ordinary": 31}.items():
        alloc.loc[alloc["quota"] == quota, "flats_proposed"] = n
    ids = editor.save_allocations(alloc)
    milestones = pd.concat([editor.milestones, pd.DataFrame([{
        "milestone_id": None, "name": "Collaudo via delle Rose", "planned_date": dt.date(2027, 3, 31),
        "actual_date": None}])], ignore_index=True)
    return ids, editor.save_milestones(milestones)


def test_a_new_allocation_and_a_new_milestone_are_inserted(store):
    ids, [ms_id] = _insert_mazzafame(store)
    assert len(ids) == 4  # one row per quota given a value; the others stay unrecorded
    stored = pr.allocation_table(store.read_all(), "mazzafame")
    assert stored.set_index("quota")["flats_proposed"].sum() == 59
    assert "mazzafame_poverty" in set(stored["allocation_id"])
    assert "mazzafame_m01" in set(store.read("milestones")["milestone_id"])
    log = pr.programme_history(edits.history(store), "mazzafame", "it")
    assert set(log["change_id"]) == {*ids, ms_id}


def test_a_new_allocation_and_a_new_milestone_can_be_undone(store):
    before_alloc, before_ms = store.read("allocations"), store.read("milestones")
    ids, [ms_id] = _insert_mazzafame(store)
    for change_id in [ms_id, *ids]:
        edits.undo(store, change_id, "ufficio", "prova")
    pd.testing.assert_frame_equal(store.read("allocations"), before_alloc)
    pd.testing.assert_frame_equal(store.read("milestones"), before_ms)


def test_milestone_reached_is_recorded(store):
    editor = Editor(store)
    row = editor.milestones.index[editor.milestones["milestone_id"] == "cp_works_end"][0]
    editor.save_milestones(_set(editor.milestones, row, actual_date=pd.Timestamp("2026-11-02")))
    delays = pr.milestone_delays(store.read_all(), "carlo_porta", TODAY).set_index("milestone_id")
    assert delays.loc["cp_works_end", "state"] == "late"
    assert delays.loc["cp_works_end", "delay_months"] == pytest.approx(82.1, abs=0.1)


# --- refused edits: nothing changes and the reason is given --------------------------------

@pytest.mark.parametrize("values, column", [
    ({"phase": "demolished"}, "phase"),  # unknown phase
    ({"phase": "works", "phase_since": "2027-01-10"}, "phase_since"),  # a phase cannot begin tomorrow
    ({"phase_since": "31/02/2026"}, "phase_since"),
])
def test_invalid_phase_edit_changes_nothing(store, values, column):
    before = store.read("programme_flats")
    editor = Editor(store)
    row = _phase_row(editor, "design")
    with pytest.raises(ValidationFailed) as failed:
        editor.save_phases(_set(editor.phases.astype({"phase_since": object}), row, **values))
    assert any(issue.column == column for issue in failed.value.issues)
    assert all(issue.rule_it and issue.rule_en for issue in failed.value.issues)
    pd.testing.assert_frame_equal(store.read("programme_flats"), before)


@pytest.mark.parametrize("quota, values, column", [
    ("ordinary", {"flats_proposed": -3}, "flats_proposed"),  # negative count
    ("ordinary", {"flats_approved": 50}, "meeting_id"),  # approved without the meeting
    ("police", {"flats_proposed": 30}, "flats_proposed"),  # above the police cap (17, year by year)
    ("poverty", {"flats_proposed": 10}, "flats_proposed"),  # below the poverty quota (24, year by year)
])
def test_invalid_allocation_edit_changes_nothing(store, quota, values, column):
    before = store.read("allocations")
    editor = Editor(store)
    row = editor.allocations.index[editor.allocations["quota"] == quota][0]
    with pytest.raises(ValidationFailed) as failed:
        editor.save_allocations(_set(editor.allocations, row, **values))
    assert any(issue.column == column for issue in failed.value.issues)
    pd.testing.assert_frame_equal(store.read("allocations"), before)


def test_rule_breaking_allocation_is_stored_only_when_confirmed(store):
    editor = Editor(store)
    row = editor.allocations.index[editor.allocations["quota"] == "police"][0]
    edited = _set(editor.allocations, row, flats_proposed=20)
    edited.loc[edited["quota"] == "ordinary", "flats_proposed"] = 40
    with pytest.raises(ValidationFailed) as failed:
        editor.save_allocations(edited)
    assert "R.R." in failed.value.issues[0].rule_it
    assert len(editor.save_allocations(edited, confirmed=True)) == 2
    assert store.read("allocations").set_index("quota").loc["police", "flats_proposed"] == 20
    checks = pr.allocation_breaches(store.read_all(), "carlo_porta", TODAY)
    assert [(b.code, b.quota) for b in checks["flats_proposed"].errors] == [
        ("below_quota", "poverty"), ("above_cap", "police")]  # still shown: 20 over 17


def test_more_flats_than_the_programme_has_is_refused_even_when_confirmed(store):
    before = store.read("allocations")
    editor = Editor(store)
    row = editor.allocations.index[editor.allocations["quota"] == "ordinary"][0]
    with pytest.raises(ValidationFailed):
        editor.save_allocations(_set(editor.allocations, row, flats_proposed=70), confirmed=True)
    pd.testing.assert_frame_equal(store.read("allocations"), before)


def test_reason_is_required(store):
    editor = Editor(store)
    row = _phase_row(editor, "design")
    with pytest.raises(ValidationFailed):
        editor.save_phases(_set(editor.phases, row, phase="works"), reason="  ")


# --- two people at once -------------------------------------------------------------------

def test_second_save_of_a_row_changed_meanwhile_is_refused(store):
    anna, marco = Editor(store), Editor(store)  # both read the same rows
    row = _phase_row(anna, "design")
    anna.save_phases(_set(anna.phases, row, phase="tendered"))
    after_anna = store.read("programme_flats")
    with pytest.raises(edits.EditConflict) as conflict:
        marco.save_phases(_set(marco.phases, row, phase="works"))
    assert "altro utente" in conflict.value.message("it")
    assert "another user" in conflict.value.message("en")
    pd.testing.assert_frame_equal(store.read("programme_flats"), after_anna)
    # another row, unchanged since Marco read it, still saves
    other = marco.phases.index[(marco.phases["phase"] == "design")][5]
    marco.save_phases(_set(marco.phases, other, phase="works"))
    # and once Marco reads again, his edit of Anna's row goes through
    again = Editor(store)
    again.save_phases(_set(again.phases, row, phase="works"))
    assert store.read("programme_flats").set_index("flat_id").loc[
        again.phases.loc[row, "flat_id"], "phase"] == "works"


def test_second_save_of_an_allocation_changed_meanwhile_is_refused(store):
    anna, marco = Editor(store), Editor(store)
    row = anna.allocations.index[anna.allocations["quota"] == "transitional"][0]
    anna.save_allocations(_set(anna.allocations, row, flats_approved=8, meeting_id="M2024-03-12"),
                          confirmed=True)
    with pytest.raises(edits.EditConflict):
        marco.save_allocations(_set(marco.allocations, row, flats_approved=6, meeting_id="M2024-03-12"),
                               confirmed=True)
    assert store.read("allocations").set_index("quota").loc["transitional", "flats_approved"] == 8


# --- the page -----------------------------------------------------------------------------

@pytest.fixture
def app(store, monkeypatch):
    """The app on a private copy of the store, caches cleared."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("TAVOLO_DATABASE_URL", store.url)
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    yield at
    st.cache_data.clear()
    st.cache_resource.clear()


def _open(at, programme=None):
    if programme:
        at.query_params["programma"] = programme
    at.switch_page("pages/progetti.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_page_shows_via_carlo_porta(app):
    at = _open(app)
    assert at.header[0].value == "Via Carlo Porta"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Alloggi consegnati"] == "40 / 111"
    assert metrics["Avvio lavori"] == "01/09/2019"
    assert any("previsione" in i.value.lower() for i in at.info)


def test_page_opens_the_programme_of_the_query(app):
    at = _open(app, "mazzafame")
    assert at.header[0].value == "Contratto di Quartiere Mazzafame"
    assert any("Nessuna previsione" in w.value for w in at.warning)


def test_undo_from_the_page_history(app, store):
    before = store.read("programme_flats")
    editor = Editor(store)
    row = _phase_row(editor, "design")
    [change_id] = editor.save_phases(_set(editor.phases, row, phase="works"))
    at = _open(app)
    undo = [b for b in at.button if b.key == f"prog_undo_carlo_porta_{change_id}"]
    assert undo
    undo[0].click().run()
    assert not at.exception
    pd.testing.assert_frame_equal(store.read("programme_flats"), before)
    assert any(f"#{change_id}" in s.value for s in at.success)


def _edit_phase_in_page(at, row: int, phase: str, reason: str):
    """Seed the phases editor with one cell edit, give the reason, press save."""
    at.session_state["prog_editor_phases_carlo_porta"] = {
        "edited_rows": {row: {"phase": phase}}, "added_rows": [], "deleted_rows": []}
    at.text_input(key="prog_reason_phases_carlo_porta").input(reason)
    at.button(key="prog_save_phases_carlo_porta").click()
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_phase_edit_through_the_page_and_the_refused_second_save(store, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("TAVOLO_DATABASE_URL", store.url)
    st.cache_data.clear()
    st.cache_resource.clear()
    anna = _open(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    marco = _open(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))  # both read the rows
    shown = pr.flats_of(store.read_all(), "carlo_porta")
    row = int(shown.index[shown["phase"] == "design"][0])
    flat = shown.loc[row, "flat_id"]

    _edit_phase_in_page(anna, row, "tendered", "verbale sopralluogo")
    assert any("Salvato" in s.value for s in anna.success)
    stored = store.read("programme_flats").set_index("flat_id")
    assert stored.loc[flat, "phase"] == "tendered"
    entry = edits.history(store, "programme_flats").iloc[0]
    assert entry["reason"] == "verbale sopralluogo" and entry["author"]

    _edit_phase_in_page(marco, row, "works", "altro verbale")
    assert any("altro utente" in e.value for e in marco.error)  # refused, said why
    assert store.read("programme_flats").set_index("flat_id").loc[flat, "phase"] == "tendered"
    st.cache_data.clear()
    st.cache_resource.clear()


def test_rule_breaking_allocation_in_the_page_needs_the_confirmation(app, store):
    at = _open(app)
    before = store.read("allocations")
    quotas = list(pr.allocation_editor_frame(store.read_all(), "carlo_porta")["quota"])
    police, ordinary = quotas.index("police"), quotas.index("ordinary")
    at.session_state["prog_editor_allocations_carlo_porta"] = {
        "edited_rows": {police: {"flats_proposed": 20}, ordinary: {"flats_proposed": 40}},
        "added_rows": [], "deleted_rows": []}
    at.text_input(key="prog_reason_allocations_carlo_porta").input("proposta Sicurezza")
    at.button(key="prog_save_allocations_carlo_porta").click()
    at.run()
    assert any("Non salvato" in w.value and "R.R." in w.value for w in at.warning)
    pd.testing.assert_frame_equal(store.read("allocations"), before)

    at.checkbox(key="prog_confirm_allocations_carlo_porta").check()
    at.button(key="prog_save_allocations_carlo_porta").click()
    at.run()
    assert not at.exception
    assert store.read("allocations").set_index("quota").loc["police", "flats_proposed"] == 20
    assert "confermata" in edits.history(store, "allocations").iloc[0]["reason"]
    at.session_state["prog_section_carlo_porta"] = "Destinazione degli alloggi"  # its section's tab
    at.run()
    assert any("Forze" in e.value for e in at.error)  # the breach stays flagged on the page


def test_a_milestone_added_in_the_page_is_undone_from_its_history(app, store):
    before = store.read("milestones")
    at = _open(app, "mazzafame")
    at.session_state["prog_editor_milestones_mazzafame"] = {
        "edited_rows": {}, "added_rows": [{"name": "Collaudo via delle Rose", "planned_date": "2027-03-31"}],
        "deleted_rows": []}
    at.text_input(key="prog_reason_milestones_mazzafame").input("cronoprogramma 2027")
    at.button(key="prog_save_milestones_mazzafame").click()
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    added = store.read("milestones").set_index("milestone_id").loc["mazzafame_m01"]
    assert added["name"] == "Collaudo via delle Rose" and added["planned_date"] == pd.Timestamp("2027-03-31")
    change_id = int(edits.history(store, "milestones").iloc[0]["change_id"])
    at.button(key=f"prog_undo_mazzafame_{change_id}").click()
    at.run()
    assert not at.exception
    pd.testing.assert_frame_equal(store.read("milestones"), before)


def test_opening_the_page_later_does_not_move_the_forecast(store, monkeypatch):
    """The same data opened 45 days later: the same figures (they count from the data's
    as-of date, not from the day the page is opened)."""
    import time

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("TAVOLO_DATABASE_URL", store.url)
    real = time.time
    shown = []
    for days_later in (0, 45):
        monkeypatch.setattr(time, "time", lambda d=days_later: real() + d * 86400)
        st.cache_data.clear()
        st.cache_resource.clear()
        at = _open(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
        shown.append(({m.label: (m.value, m.delta) for m in at.metric},
                      [i.value for i in at.info if "Previsione" in i.value]))
    st.cache_data.clear()
    st.cache_resource.clear()
    assert shown[0] == shown[1]
    assert shown[0][0]["Fine (previsione)"][0] and shown[0][1]
